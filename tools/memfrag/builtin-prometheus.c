// SPDX-License-Identifier: GPL-2.0
/*
 * memfrag prometheus: the options, the output and the -i loop, on
 * util/prom.h (the samples, the state across resets, the atomic write).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <memfrag/memfrag.h>
#include <memfrag/metrics.h>

#include "builtin.h"
#include "util/cli.h"
#include "util/prom.h"
#include "util/schema.h"

#define MF_PROM_FILE	"memfrag.prom"

const struct mf_opt mf_prometheus_opts[] = {
	{ 'f', "textfile", "DIR",
	  "write DIR/" MF_PROM_FILE " atomically, for node_exporter's textfile collector; -i: again every SECONDS" },
	{ 's', "state", "FILE",	/* an option, not a column name */
	  "keep the counters' totals across memfrag resets in FILE between runs" },
	{ 'p', "pagetypes", NULL,
	  "also export pagetypes (costly: walks the free lists, as /proc/pagetypeinfo)" },
	{ 0, NULL, NULL, NULL }
};

struct mf_prom_args {
	const char *textfile, *state;
	double interval;
	unsigned long count;
	int pagetypes;
};

static int mf_prom_usage_error(const char *what, const char *arg)
{
	fprintf(stderr, "%s prometheus: %s%s%s\nTry '%s prometheus --help'.\n",
		MF_PROG, what, arg ? " " : "", arg ? arg : "", MF_PROG);
	return MF_EXIT_USAGE;
}

static int mf_prom_parse(int argc, char **argv, const struct mf_globals *g,
			 struct mf_prom_args *a)
{
	struct mf_getopt go;
	const char *bad;
	int c;

	mf_getopt_init(&go, mf_prometheus_opts, mf_nopts(mf_prometheus_opts));
	while ((c = mf_getopt(&go, argc, argv, &bad)) != -1) {
		switch (c) {
		case 'f':
			if (!*optarg)
				return mf_prom_usage_error("--textfile: empty directory name", NULL);
			a->textfile = optarg;
			break;
		case 's':
			if (!*optarg)
				return mf_prom_usage_error("--state: empty file name", NULL);
			a->state = optarg;
			break;
		case 'p':
			a->pagetypes = 1;
			break;
		case ':':
			return mf_prom_usage_error("option needs an argument:", bad);
		default:
			return mf_prom_usage_error("unknown option", bad);
		}
	}
	if (optind < argc)
		return mf_prom_usage_error("unexpected argument", argv[optind]);
	/* Prometheus selects with labels: the tool exports everything. */
	if (g->json || g->node >= 0 || g->zone || g->trigger || g->wide)
		return mf_prom_usage_error("takes none of -j, -n, -z, -t, -w (select with PromQL labels)",
					   NULL);
	a->interval = g->interval;
	a->count = g->count;
	if (a->interval && !a->textfile)
		return mf_prom_usage_error("-i needs --textfile DIR", NULL);
	return 0;
}

#define MF_PROM_FILE_NAME(file)	file,
static const char *const mf_prom_skipped[] = {
	MEMFRAG_METRIC_SKIPPED_FILES(MF_PROM_FILE_NAME)
};
static const char *const mf_prom_optional[] = {
	MEMFRAG_METRIC_OPTIONAL_FILES(MF_PROM_FILE_NAME)
};

static int mf_prom_listed(const char *file, const char *const *list,
			  unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		if (!strcmp(list[i], file))
			return 1;
	return 0;
}

static int mf_prom_exported(const char *file, const struct mf_prom_args *a)
{
	return mf_filespec(file) &&
	       !mf_prom_listed(file, mf_prom_skipped,
			       MF_ARRAY_SIZE(mf_prom_skipped)) &&
	       (a->pagetypes ||
		!mf_prom_listed(file, mf_prom_optional,
				MF_ARRAY_SIZE(mf_prom_optional)));
}

/* The files of one scrape: every file the module prints as tables. */
static int mf_prom_load(const struct mf_prom_args *a,
			const struct mf_source *src, struct mf_file *files,
			unsigned int *n, struct mf_error *err)
{
	unsigned int i;
	int ret = 0;

	*n = 0;
	for (i = 0; i < mf_nfiles && !ret; i++) {
		if (!mf_prom_exported(mf_files[i].name, a))
			continue;
		ret = mf_load(src, mf_files[i].name, &files[*n], err);
		(*n)++;
	}
	return ret;
}

static void mf_prom_up(struct mf_prom *p, int up)
{
	unsigned int m = mf_prom_metric(p, MEMFRAG_METRIC_PREFIX
					MEMFRAG_METRIC_UP, "gauge",
					MEMFRAG_METRIC_UP_HELP);

	mf_prom_add(p, m, p->metrics[m].name)->text = up ? "1" : "0";
}

/* p's exposition text into *text, or NULL when out of memory. */
static void mf_prom_text(struct mf_prom *p, char **text, size_t *len)
{
	FILE *out = open_memstream(text, len);

	*text = NULL;
	if (!out)
		return;
	mf_prom_write(p, out);
	if (fclose(out)) {
		free(*text);
		*text = NULL;
	}
}

/*
 * The text of a failed write: memfrag_up 0 alone, so that nothing stale
 * is served as fresh.  Static: it must exist when memory does not.
 */
static const char mf_prom_down[] =
	"# HELP " MEMFRAG_METRIC_PREFIX MEMFRAG_METRIC_UP " "
	MEMFRAG_METRIC_UP_HELP "\n"
	"# TYPE " MEMFRAG_METRIC_PREFIX MEMFRAG_METRIC_UP " gauge\n"
	MEMFRAG_METRIC_PREFIX MEMFRAG_METRIC_UP " 0\n";

/*
 * One scrape into *text (NULL if it failed): the module's metrics with
 * the state applied to its counters, and memfrag_up 1.
 */
static int mf_prom_scrape(const struct mf_prom_args *a,
			  const struct mf_source *src,
			  struct mf_prom_state *state, char **text,
			  size_t *len, struct mf_error *err)
{
	struct mf_file files[MEMFRAG_NR_FILES];
	unsigned int i, n;
	struct mf_prom p;
	int ret;

	*text = NULL;
	mf_prom_init(&p);
	memset(files, 0, sizeof(files));
	ret = mf_prom_load(a, src, files, &n, err);
	if (!ret)
		ret = mf_prom_collect(&p, files, n, err);
	for (i = 0; i < n; i++) {
		if (!ret && !strcmp(files[i].name, MEMFRAG_FILE_STATUS))
			mf_module_id_of(&p.module, &files[i]);
		mf_file_free(&files[i]);
	}
	if (!ret) {
		mf_prom_state_apply(state, &p);
		mf_prom_up(&p, 1);
		mf_prom_text(&p, text, len);
		if (!*text)
			ret = mf_fail(err, MF_EXIT_ERROR, "out of memory");
	}
	mf_prom_free(&p);
	return ret;
}

static void mf_prom_sleep(double secs)
{
	struct timespec ts;

	ts.tv_sec = (time_t)secs;
	ts.tv_nsec = (long)((secs - (double)ts.tv_sec) * 1e9);
	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

static void mf_prom_print_error(struct mf_error *err)
{
	fprintf(stderr, "%s prometheus: %s\n", MF_PROG, err->msg);
	memset(err, 0, sizeof(*err));
}

/*
 * After a failed write DIR/memfrag.prom must not keep the last good
 * scrape: memfrag_up 0 in its place, or no file (node_exporter then
 * serves no memfrag metrics, which the textfile age alert sees), or at
 * worst an empty file, when the directory itself cannot be changed.
 */
static void mf_prom_withdraw(const char *dir)
{
	struct mf_error ignored = { 0 };
	char path[4352];
	int fd;

	snprintf(path, sizeof(path), "%s/%s", dir, MF_PROM_FILE);
	/* first make room: a full file system fails the rewrite too */
	if (unlink(path) && errno != ENOENT) {
		fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC | O_NOFOLLOW);
		if (fd >= 0)
			close(fd);
		return;
	}
	mf_prom_write_atomic(dir, MF_PROM_FILE, mf_prom_down,
			     sizeof(mf_prom_down) - 1, &ignored);
}

/* text (or memfrag_up 0 when NULL) to stdout or the textfile. */
static int mf_prom_output(const struct mf_prom_args *a, const char *text,
			  size_t len, struct mf_error *err)
{
	int ret;

	if (!text) {
		text = mf_prom_down;
		len = sizeof(mf_prom_down) - 1;
	}
	if (!a->textfile) {
		if (fwrite(text, 1, len, stdout) != len || fflush(stdout))
			return mf_fail(err, MF_EXIT_ERROR,
				       "writing the output failed: %s",
				       strerror(errno));
		return 0;
	}
	ret = mf_prom_write_atomic(a->textfile, MF_PROM_FILE, text, len, err);
	if (ret)
		mf_prom_withdraw(a->textfile);
	return ret;
}

/*
 * One write: the scrape, its state saved, then the scrape to stdout or
 * the textfile; memfrag_up 0 instead when any of it failed.  The state is
 * saved first: exported counters the state does not know of would go
 * backwards at the next write.
 */
static int mf_prom_once(const struct mf_prom_args *a,
			const struct mf_source *src,
			struct mf_prom_state *state, struct mf_error *err)
{
	struct mf_error werr = { 0 };
	char *text = NULL;
	size_t len = 0;
	int ret, wret;

	ret = mf_prom_scrape(a, src, state, &text, &len, err);
	if (!ret && a->state) {
		ret = mf_prom_state_save(state, a->state, err);
		if (ret) {
			free(text);
			text = NULL;
		}
	}
	wret = mf_prom_output(a, text, len, &werr);
	free(text);
	if (wret && !ret) {
		*err = werr;
		ret = wret;
	}
	return ret;
}

int mf_prometheus_main(int argc, char **argv, const struct mf_globals *g,
		       struct mf_source *src, struct mf_error *err)
{
	struct mf_prom_args a = { 0 };
	struct mf_prom_state state = { 0 };
	unsigned long k;
	int ret;

	ret = mf_prom_parse(argc, argv, g, &a);
	if (ret)
		return ret;
	if (a.state) {
		ret = mf_prom_state_load(&state, a.state, err);
		if (ret) {
			/* its own error is the one to report */
			mf_prom_output(&a, NULL, 0, &(struct mf_error){ 0 });
			mf_prom_state_free(&state);
			return ret;
		}
	}
	for (k = 1; ; k++) {
		ret = mf_prom_once(&a, src, &state, err);
		if (!a.interval || (a.count && k == a.count))
			break;
		/* in a loop an error is reported and the next write tried */
		if (ret)
			mf_prom_print_error(err);
		mf_prom_sleep(a.interval);
		mf_source_next(src);
	}
	mf_prom_state_free(&state);
	return ret;
}

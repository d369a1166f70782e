// SPDX-License-Identifier: GPL-2.0
/*
 * memfrag prometheus: options, the exposition text, the atomic textfile
 * write and the -i loop.
 *
 * node_exporter's textfile collector reads every *.prom file of its
 * directory at each scrape; the file is written to a temporary name in
 * the same directory (not ending in .prom, so never read half-written)
 * and renamed over memfrag.prom, which is atomic within a file system.
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

#include "cli.h"
#include "prometheus.h"
#include "schema.h"

#define MF_PROM_FILE	"memfrag.prom"

const struct mf_opt mf_prometheus_opts[] = {
	{ 'f', "textfile", "DIR",
	  "write DIR/" MF_PROM_FILE " atomically, for node_exporter's textfile collector; -i: again every SECONDS" },
	{ 's', "state", "FILE",	/* an option, not a column name */
	  "keep the counters' totals across memfrag resets in FILE between runs" },
	{ 0, NULL, NULL, NULL }
};

struct mf_prom_args {
	const char *textfile, *state;
	double interval;
	unsigned long count;
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

void mf_prom_decimal(char *buf, size_t size, uint64_t v,
		     unsigned long divisor)
{
	int digits = 0, n;
	unsigned long d;

	for (d = divisor; d > 1; d /= 10)
		digits++;
	if (!digits) {
		snprintf(buf, size, "%llu", (unsigned long long)v);
		return;
	}
	n = snprintf(buf, size, "%llu.%0*llu",
		     (unsigned long long)(v / divisor), digits,
		     (unsigned long long)(v % divisor));
	/* "0.000256", "1", not "0.000256000" or "1.000000" */
	while (n > 0 && (size_t)n < size && buf[n - 1] == '0')
		buf[--n] = '\0';
	if (n > 0 && (size_t)n < size && buf[n - 1] == '.')
		buf[--n] = '\0';
}

static int mf_prom_sample_cmp(const void *a, const void *b)
{
	const struct mf_prom_sample *x = a, *y = b;

	if (x->metric != y->metric)
		return x->metric < y->metric ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static void mf_prom_help(FILE *out, const char *help)
{
	for (; *help; help++) {
		if (*help == '\\')
			fputs("\\\\", out);
		else if (*help == '\n')
			fputs("\\n", out);
		else
			fputc(*help, out);
	}
}

void mf_prom_write(struct mf_prom *p, FILE *out)
{
	const struct mf_prom_sample *s;
	unsigned int last = ~0u;
	char v[48];

	qsort(p->samples, p->nsamples, sizeof(*p->samples), mf_prom_sample_cmp);
	for (s = p->samples; s < p->samples + p->nsamples; s++) {
		if (s->metric != last) {
			last = s->metric;
			fprintf(out, "# HELP %s ", p->metrics[last].name);
			mf_prom_help(out, p->metrics[last].help);
			fprintf(out, "\n# TYPE %s %s\n", p->metrics[last].name,
				p->metrics[last].type);
		}
		if (s->counter)
			mf_prom_decimal(v, sizeof(v), s->raw + s->offset,
					s->divisor);
		fprintf(out, "%s %s\n", s->series, s->counter ? v : s->text);
	}
}

int mf_prom_write_atomic(const char *dir, const char *name, const char *data,
			 size_t len, struct mf_error *err)
{
	char tmp[4352], path[4352];
	size_t done = 0;
	ssize_t w;
	int fd;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	/* a name node_exporter does not read: it ends in random letters */
	snprintf(tmp, sizeof(tmp), "%s/.%s.XXXXXX", dir, name);
	fd = mkstemp(tmp);
	if (fd < 0)
		return mf_fail(err, errno == ENOENT || errno == ENOTDIR ?
			       MF_EXIT_NO_FILE : MF_EXIT_ERROR,
			       "cannot create a file in %s: %s", dir,
			       strerror(errno));
	while (done < len) {
		w = write(fd, data + done, len - done);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			break;
		done += (size_t)w;
	}
	if (done < len || fchmod(fd, 0644) || fsync(fd)) {
		mf_fail(err, MF_EXIT_ERROR, "writing %s failed: %s", tmp,
			strerror(errno ? errno : EIO));
		close(fd);
		unlink(tmp);
		return err->status;
	}
	if (close(fd) || rename(tmp, path)) {
		mf_fail(err, MF_EXIT_ERROR, "cannot write %s: %s", path,
			strerror(errno));
		unlink(tmp);
		return err->status;
	}
	return 0;
}

#define MF_PROM_SKIPPED(file)	file,
static const char *const mf_prom_skipped[] = {
	MEMFRAG_METRIC_SKIPPED_FILES(MF_PROM_SKIPPED)
};

static int mf_prom_exported(const char *file)
{
	unsigned int i;

	if (!mf_filespec(file))
		return 0;
	for (i = 0; i < MF_ARRAY_SIZE(mf_prom_skipped); i++)
		if (!strcmp(mf_prom_skipped[i], file))
			return 0;
	return 1;
}

/* The files of one scrape: every file the module prints as tables. */
static int mf_prom_load(const struct mf_source *src, struct mf_file *files,
			unsigned int *n, struct mf_error *err)
{
	unsigned int i;
	int ret = 0;

	*n = 0;
	for (i = 0; i < mf_nfiles && !ret; i++) {
		if (!mf_prom_exported(mf_files[i].name))
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

/*
 * One scrape into *text: the module's metrics, or memfrag_up 0 alone when
 * its files could not be read (the returned status says why).
 */
static int mf_prom_scrape(const struct mf_source *src,
			  struct mf_prom_state *state, char **text,
			  size_t *len, struct mf_error *err)
{
	struct mf_file files[MEMFRAG_NR_FILES];
	unsigned int i, n;
	struct mf_prom p;
	FILE *out;
	int ret;

	mf_prom_init(&p);
	memset(files, 0, sizeof(files));
	ret = mf_prom_load(src, files, &n, err);
	if (!ret)
		ret = mf_prom_collect(&p, files, n, err);
	for (i = 0; i < n; i++)
		mf_file_free(&files[i]);
	if (ret) {
		mf_prom_free(&p);
		mf_prom_init(&p);
	} else {
		mf_prom_state_apply(state, &p);
	}
	mf_prom_up(&p, !ret);
	out = open_memstream(text, len);
	if (!out) {
		mf_prom_free(&p);
		return mf_fail(err, MF_EXIT_ERROR, "out of memory");
	}
	mf_prom_write(&p, out);
	fclose(out);
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

/* One write: the scrape to stdout or the textfile, the state saved. */
static int mf_prom_once(const struct mf_prom_args *a,
			const struct mf_source *src,
			struct mf_prom_state *state, struct mf_error *err)
{
	struct mf_error werr = { 0 };
	char *text = NULL;
	size_t len = 0;
	int ret, wret = 0;

	ret = mf_prom_scrape(src, state, &text, &len, err);
	if (!text)
		return ret;
	if (a->textfile) {
		/* a failed read still writes memfrag_up 0 for alerts */
		wret = mf_prom_write_atomic(a->textfile, MF_PROM_FILE, text,
					    len, &werr);
	} else if (fwrite(text, 1, len, stdout) != len || fflush(stdout)) {
		wret = mf_fail(&werr, MF_EXIT_ERROR,
			       "writing the output failed: %s",
			       strerror(errno));
	}
	free(text);
	if (!ret && !wret && a->state)
		wret = mf_prom_state_save(state, a->state, &werr);
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
		if (ret)
			return ret;
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

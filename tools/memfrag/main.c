// SPDX-License-Identifier: GPL-2.0
/*
 * memfrag - show what the memfrag kernel module saw of memory compaction
 * and external fragmentation.
 *
 * main.c: options (one table drives the parser and --help), subcommand
 * dispatch and the -i loop.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <memfrag/memfrag.h>

#include "delta.h"
#include "json.h"
#include "snoop.h"
#include "source.h"
#include "views.h"

static const struct mf_opt mf_opts[] = {
	{ 'j', "json", NULL,
	  "print JSON (with -i: one object per line and interval)" },
	{ 'i', "interval", "SECONDS",
	  "repeat every SECONDS, showing what changed in each interval" },
	{ 'c', "count", "COUNT", "with -i: stop after COUNT intervals" },
	{ 'd', "dir", "DIR",
	  "read DIR, not /sys/kernel/debug/memfrag; repeated: one per -i sample" },
	{ 'h', "help", NULL, "show this help and exit" },
	{ 'V', "version", NULL, "show the version and exit" },
};

#define MF_NOPTS	MF_ARRAY_SIZE(mf_opts)
_Static_assert(MF_NOPTS <= MF_MAX_OPTS, "more options than MF_MAX_OPTS");

struct mf_args {
	int json;
	double interval;	/* 0: once */
	unsigned long count;	/* 0: until interrupted */
	const struct mf_view *view;
	int reset;
};

static void mf_usage(FILE *out)
{
	unsigned int i;

	fprintf(out, "Usage: %s [OPTION]... [SUBCOMMAND]\n", MF_PROG);
	fputs("Show what the memfrag kernel module saw of memory compaction and external\n"
	      "fragmentation (/sys/kernel/debug/memfrag).\n\nSubcommands:\n",
	      out);
	for (i = 0; i < mf_nviews; i++)
		fprintf(out, "  %-11s %s\n",
			mf_views[i].name ? mf_views[i].name : "(none)",
			mf_views[i].help);
	fprintf(out, "  %-11s %s\n", "reset",
		"clear every counter (writes 1 to the reset file)");
	fprintf(out, "  %-11s %s\n", "snoop",
		"one line per compaction run, like compactsnoop (see snoop --help)");
	fputs("\nOptions:\n", out);
	mf_print_options(out, mf_opts, MF_NOPTS, 24);
	fputs("\nEnvironment: MEMFRAG_DIR=DIR[:DIR]... as -d; MEMFRAG_DEBUGFS=PATH where\n"
	      "debugfs is mounted (default /sys/kernel/debug).\n"
	      "Exit status: 0 ok, 1 error, 2 usage, 3 debugfs not mounted, 4 module not\n"
	      "loaded, 5 permission denied, 6 unknown format version, 7 malformed file,\n"
	      "8 no such directory or file.  See memfrag(8).\n", out);
}

static int mf_usage_error(const char *fmt, ...) MF_PRINTF(1, 2);

static int mf_usage_error(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", MF_PROG);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry '%s --help'.\n", MF_PROG);
	return MF_EXIT_USAGE;
}

static int mf_unknown_subcommand(const char *name)
{
	char list[256];
	size_t len = 0;
	unsigned int i;

	list[0] = '\0';
	for (i = 0; i < mf_nviews && len < sizeof(list); i++)
		if (mf_views[i].name)
			len += snprintf(list + len, sizeof(list) - len, "%s ",
					mf_views[i].name);
	return mf_usage_error("unknown subcommand '%s' (subcommands: %sreset snoop)",
			      name, list);
}

static int mf_parse_args(int argc, char **argv, struct mf_args *a,
			 struct mf_source *src)
{
	struct mf_getopt g;
	const char *bad;
	char *end;
	int c, ndirs = 0;

	mf_getopt_init(&g, mf_opts, MF_NOPTS);
	while ((c = mf_getopt(&g, argc, argv, &bad)) != -1) {
		switch (c) {
		case 'j':
			a->json = 1;
			break;
		case 'i':
			if (mf_parse_seconds(optarg, 86400, &a->interval))
				return mf_usage_error("-i: '%s' is not a number of seconds (0 < SECONDS <= 86400)",
						      optarg);
			break;
		case 'c':
			errno = 0;
			a->count = strtoul(optarg, &end, 10);
			if (errno || end == optarg || *end || !a->count ||
			    *optarg == '-')
				return mf_usage_error("-c: '%s' is not a positive count",
						      optarg);
			break;
		case 'd':
			if (!*optarg)
				return mf_usage_error("%s", "-d: empty directory name");
			mf_source_add_dir(src, optarg);
			ndirs++;
			break;
		case 'h':
			mf_usage(stdout);
			exit(fflush(stdout) ? MF_EXIT_ERROR : MF_EXIT_OK);
		case 'V':
			printf("%s %s (reads formats %d to %d)\n", MF_PROG,
			       MEMFRAG_VERSION, MEMFRAG_FORMAT_OLDEST,
			       MEMFRAG_FORMAT_VERSION);
			exit(fflush(stdout) ? MF_EXIT_ERROR : MF_EXIT_OK);
		case ':':
			return mf_usage_error("option '%s' needs an argument",
					      bad);
		default:
			return mf_usage_error("unknown option '%s'", bad);
		}
	}
	if (a->count && !a->interval)
		return mf_usage_error("%s", "-c needs -i SECONDS");
	if (optind < argc) {
		if (!strcmp(argv[optind], "reset")) {
			a->reset = 1;
		} else {
			a->view = mf_view_find(argv[optind]);
			if (!a->view)
				return mf_unknown_subcommand(argv[optind]);
		}
		if (optind + 1 < argc)
			return mf_usage_error("unexpected argument '%s'",
					      argv[optind + 1]);
	}
	if (a->reset && a->interval)
		return mf_usage_error("%s", "reset does not take -i");
	if (!a->view)
		a->view = &mf_views[0];
	/* MEMFRAG_DIR=DIR[:DIR]... unless -d was given */
	if (!ndirs && getenv("MEMFRAG_DIR") && *getenv("MEMFRAG_DIR")) {
		char *dirs = strdup(getenv("MEMFRAG_DIR")), *save, *d;

		if (!dirs)
			return MF_EXIT_ERROR;
		for (d = strtok_r(dirs, ":", &save); d;
		     d = strtok_r(NULL, ":", &save))
			mf_source_add_dir(src, d);
		free(dirs);
	}
	return 0;
}

/* Prints an error; every line of a multi-line message gets the prefix. */
static void mf_print_error(const struct mf_error *err)
{
	const char *p = err->msg;
	size_t n;

	do {
		n = strcspn(p, "\n");
		fprintf(stderr, "%s: %.*s\n", MF_PROG, (int)n, p);
		p += n;
	} while (*p++);
}

static unsigned int mf_view_nfiles(const struct mf_view *v)
{
	unsigned int n = 0;

	while (n < MF_VIEW_FILES && v->files[n])
		n++;
	return n;
}

static void mf_free_files(struct mf_file *f, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		mf_file_free(&f[i]);
}

static int mf_load_view(const struct mf_view *v, const struct mf_source *src,
			struct mf_file *f, struct mf_error *err)
{
	unsigned int i, n = mf_view_nfiles(v);
	int ret = 0;

	memset(f, 0, n * sizeof(*f));
	for (i = 0; i < n && !ret; i++)
		ret = mf_load(src, v->files[i], &f[i], err);
	if (ret)
		mf_free_files(f, n);
	return ret;
}

static void mf_render(const struct mf_args *a, struct mf_file *files,
		      unsigned long interval)
{
	struct mf_file *f[MF_VIEW_FILES];
	const struct mf_view *v = a->view;
	struct mf_json j;
	unsigned int i;
	int reset = 0;

	for (i = 0; i < mf_view_nfiles(v); i++)
		f[i] = &files[i];
	for (i = 0; i < mf_view_nfiles(v); i++)
		reset |= f[i]->reset;
	if (interval && v->line) {
		mf_json_init(&j, stdout, 0);
		v->line(stdout, a->json ? &j : NULL, f, interval, a->interval);
		return;
	}
	if (!a->json) {
		if (interval)
			printf("%s--- interval %lu (%g s): what changed%s ---\n",
			       interval > 1 ? "\n" : "", interval, a->interval,
			       reset ? " (the counters were reset)" : "");
		v->text(stdout, f);
		return;
	}
	mf_json_init(&j, stdout, !interval);
	mf_json_begin(&j, NULL, '{');
	mf_json_str(&j, "view", v->name ? v->name : "summary");
	mf_json_str(&j, "version", f[0]->version);
	mf_json_int(&j, "format", f[0]->format);
	if (interval) {
		mf_json_u64(&j, "interval", interval);
		mf_json_double(&j, "seconds", a->interval);
		mf_json_bool(&j, "reset", reset);
	}
	v->json(&j, f);
	mf_json_end(&j, '}');
	mf_json_done(&j);
}

static void mf_sleep(double secs)
{
	struct timespec ts;

	ts.tv_sec = (time_t)secs;
	ts.tv_nsec = (long)((secs - (double)ts.tv_sec) * 1e9);
	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

static int mf_watch(const struct mf_args *a, struct mf_source *src,
		    struct mf_error *err)
{
	struct mf_file old[MF_VIEW_FILES], new[MF_VIEW_FILES];
	struct mf_file delta[MF_VIEW_FILES];
	unsigned int i, n = mf_view_nfiles(a->view);
	unsigned long k;
	int ret;

	ret = mf_load_view(a->view, src, old, err);
	if (ret)
		return ret;
	for (k = 1; ; k++) {
		mf_sleep(a->interval);
		mf_source_next(src);
		ret = mf_load_view(a->view, src, new, err);
		if (ret)
			break;
		for (i = 0; i < n; i++)
			mf_delta(&old[i], &new[i], &delta[i]);
		mf_render(a, delta, k);
		mf_free_files(delta, n);
		mf_free_files(old, n);
		memcpy(old, new, sizeof(new));
		if (fflush(stdout)) {
			ret = mf_fail(err, MF_EXIT_ERROR,
				      "writing the output failed: %s",
				      strerror(errno));
			break;
		}
		if (a->count && k == a->count)
			break;
	}
	mf_free_files(old, n);
	return ret;
}

int main(int argc, char **argv)
{
	struct mf_args a = { 0 };
	struct mf_file files[MF_VIEW_FILES];
	struct mf_source src;
	struct mf_error err = { 0 };
	int ret;

	mf_source_init(&src, getenv("MEMFRAG_DEBUGFS"));
	/* snoop has compactsnoop's options, so it parses its own. */
	if (argc > 1 && !strcmp(argv[1], "snoop")) {
		ret = mf_snoop_main(argc - 1, argv + 1, &src, &err);
		mf_source_free(&src);
		if (ret && err.msg[0])
			mf_print_error(&err);
		return ret;
	}
	ret = mf_parse_args(argc, argv, &a, &src);
	if (ret) {
		mf_source_free(&src);
		return ret;
	}
	if (a.reset) {
		ret = mf_reset(&src, &err);
		if (!ret && a.json)
			printf("{\"view\": \"reset\", \"reset\": true}\n");
	} else if (a.interval) {
		ret = mf_watch(&a, &src, &err);
	} else {
		ret = mf_load_view(a.view, &src, files, &err);
		if (!ret) {
			mf_render(&a, files, 0);
			mf_free_files(files, mf_view_nfiles(a.view));
		}
	}
	mf_source_free(&src);
	if (ret) {
		fflush(stdout);
		mf_print_error(&err);
		return ret;
	}
	if (fflush(stdout) || ferror(stdout)) {
		fprintf(stderr, "%s: writing the output failed: %s\n", MF_PROG,
			strerror(errno));
		return MF_EXIT_ERROR;
	}
	return MF_EXIT_OK;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * Running a view (view_run.h): one read, or -i intervals of deltas.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <memfrag/memfrag.h>

#include "delta.h"
#include "json.h"
#include "view_run.h"

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

static void mf_render(const struct mf_view *v, const struct mf_globals *a, struct mf_file *files,
		      unsigned long interval)
{
	struct mf_file *f[MF_VIEW_FILES];
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

static int mf_watch(const struct mf_view *v, const struct mf_globals *a, struct mf_source *src,
		    struct mf_error *err)
{
	struct mf_file old[MF_VIEW_FILES], new[MF_VIEW_FILES];
	struct mf_file delta[MF_VIEW_FILES];
	unsigned int i, n = mf_view_nfiles(v);
	unsigned long k;
	int ret;

	ret = mf_load_view(v, src, old, err);
	if (ret)
		return ret;
	for (k = 1; ; k++) {
		mf_sleep(a->interval);
		mf_source_next(src);
		ret = mf_load_view(v, src, new, err);
		if (ret)
			break;
		for (i = 0; i < n; i++)
			mf_delta(&old[i], &new[i], &delta[i]);
		mf_render(v, a, delta, k);
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


int mf_view_main(const struct mf_view *v, const struct mf_globals *g,
		 struct mf_source *src, struct mf_error *err)
{
	struct mf_file files[MF_VIEW_FILES];
	int ret;

	if (g->count && !g->interval)
		return mf_usage_error("%s", "-c needs -i SECONDS");
	if (g->interval)
		return mf_watch(v, g, src, err);
	ret = mf_load_view(v, src, files, err);
	if (ret)
		return ret;
	mf_render(v, g, files, 0);
	mf_free_files(files, mf_view_nfiles(v));
	return 0;
}

int mf_reset_main(int argc, char **argv, const struct mf_globals *g,
		  struct mf_source *src, struct mf_error *err)
{
	int ret;

	if (argc > 1)
		return mf_usage_error("unexpected argument '%s'", argv[1]);
	if (g->interval)
		return mf_usage_error("%s", "reset does not take -i");
	ret = mf_reset(src, err);
	if (!ret && g->json)
		printf("{\"view\": \"reset\", \"version\": \"%s\", \"format\": %d, \"reset\": true}\n",
		       MEMFRAG_VERSION, MEMFRAG_FORMAT_VERSION);
	return ret;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * Running a view (view_run.h): one read, or -i intervals of deltas.
 *
 * Every sample has a wall-clock and a monotonic time: the clocks' when
 * the files are live, a recording's "timestamps" file when it has one
 * (record-guest.sh writes it), else unknown (null).  Replaying recordings
 * (-d) does not sleep: the samples are already there.  Two samples are
 * compared only if they come from the same module version, file format,
 * kernel and set of zones.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <memfrag/memfrag.h>

#include "delta.h"
#include "filter.h"
#include "json.h"
#include "table.h"
#include "view_run.h"

/* A recording's copy of the time of its sample (record-guest.sh). */
#define MF_TIMESTAMPS_COPY	"timestamps"
/* Under an interval's heading when a counter went down in it. */
#define MF_RESET_NOTE \
	"counters reset: a counter went down, its delta is its value now\n"

struct mf_sample {
	struct mf_file files[MF_VIEW_FILES];
	double wall, monotonic;	/* seconds; < 0: unknown */
	char id[1024];		/* version, format, kernel, zones */
	struct mf_module_id module;	/* which load and reset counted it */
	char dir[256];		/* for messages: where it was read */
};

/* What one interval's output says about itself. */
struct mf_when {
	unsigned long interval;	/* 0: a single read */
	double seconds;		/* between the samples; < 0: unknown */
	double wall, monotonic;	/* of the newer sample; < 0: unknown */
};

unsigned int mf_view_nfiles(const struct mf_view *v)
{
	unsigned int n = 0;

	while (n < MF_VIEW_FILES && v->files[n])
		n++;
	return n;
}

void mf_free_files(struct mf_file *f, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		mf_file_free(&f[i]);
}

static double mf_clock(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void mf_sample_time(const struct mf_source *src, struct mf_sample *s)
{
	char path[4352], line[128];
	FILE *in;

	s->wall = s->monotonic = -1;
	if (!src->ndirs) {
		s->wall = mf_clock(CLOCK_REALTIME);
		s->monotonic = mf_clock(CLOCK_MONOTONIC);
		return;
	}
	snprintf(path, sizeof(path), "%s/%s", mf_source_dir(src),
		 MF_TIMESTAMPS_COPY);
	in = fopen(path, "r");
	if (!in)
		return;
	while (fgets(line, sizeof(line), in)) {
		if (!strncmp(line, "wall: ", 6))
			s->wall = strtod(line + 6, NULL);
		else if (!strncmp(line, "monotonic: ", 11))
			s->monotonic = strtod(line + 11, NULL);
	}
	fclose(in);
}

void mf_view_sample_time(const struct mf_source *src, double *wall,
			 double *monotonic)
{
	struct mf_sample s;

	mf_sample_time(src, &s);
	*wall = s.wall;
	*monotonic = s.monotonic;
}

/*
 * What two samples must share to be compared: the module's version and
 * format (from every file read), the kernel and the zones.
 */
static int mf_sample_id(const struct mf_source *src, struct mf_sample *s,
			unsigned int n, struct mf_error *err)
{
	struct mf_file st, zf;
	const struct mf_section *zones;
	size_t len;
	unsigned int i;
	int ret;

	len = (size_t)snprintf(s->id, sizeof(s->id), "module %s, format %lld",
			       s->files[0].version, s->files[0].format);
	for (i = 1; i < n; i++)
		if (strcmp(s->files[i].version, s->files[0].version) ||
		    s->files[i].format != s->files[0].format)
			return mf_fail(err, MF_EXIT_MALFORMED,
				       "%s and %s: files of different module versions or formats",
				       s->files[0].path, s->files[i].path);
	ret = mf_load(src, MEMFRAG_FILE_STATUS, &st, err);
	mf_module_id_of(&s->module, ret ? NULL : &st);
	if (!ret)
		len += snprintf(s->id + len, sizeof(s->id) - len,
				", kernel %s", mf_kv(&st, "kernel"));
	mf_file_free(&st);
	if (ret)
		return ret;
	ret = mf_load(src, MEMFRAG_FILE_ZONES, &zf, err);
	zones = ret ? NULL : mf_section(&zf, MF_SEC(zones));
	if (zones)
		len += snprintf(s->id + len, sizeof(s->id) - len, ", zones");
	for (i = 0; zones && i < zones->nrow && len < sizeof(s->id); i++)
		len += snprintf(s->id + len, sizeof(s->id) - len, " %s:%s",
				mf_str(zones, &zones->rows[i], MF_COL(node)),
				mf_str(zones, &zones->rows[i], MF_COL(zone)));
	mf_file_free(&zf);
	return ret;
}

static int mf_load_sample(const struct mf_view *v, const struct mf_globals *g,
			  const struct mf_source *src, struct mf_sample *s,
			  struct mf_error *err)
{
	unsigned int i, n = mf_view_nfiles(v);
	int ret = 0;

	memset(s->files, 0, sizeof(s->files));
	snprintf(s->dir, sizeof(s->dir), "%s", mf_source_dir(src));
	mf_sample_time(src, s);
	for (i = 0; i < n && !ret; i++)
		ret = mf_load(src, v->files[i], &s->files[i], err);
	if (!ret && g->interval)
		ret = mf_sample_id(src, s, n, err);
	if (ret) {
		mf_free_files(s->files, n);
		return ret;
	}
	for (i = 0; i < n; i++)
		mf_filter_file(&s->files[i], g);
	return 0;
}

int mf_view_load(const struct mf_view *v, const struct mf_globals *g,
		 const struct mf_source *src, struct mf_file *files,
		 struct mf_error *err)
{
	struct mf_sample *s = mf_xmalloc(sizeof(*s));
	struct mf_globals once = *g;
	int ret;

	once.interval = 0;	/* no sample identity needed */
	ret = mf_load_sample(v, &once, src, s, err);
	if (!ret)
		memcpy(files, s->files, sizeof(s->files));
	free(s);
	return ret;
}

/* "2026-11-28T12:00:00Z", or "-" when unknown. */
static const char *mf_fmt_wall(char *buf, size_t size, double wall)
{
	time_t t = (time_t)wall;
	struct tm tm;

	if (wall < 0 || !gmtime_r(&t, &tm) ||
	    !strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm))
		snprintf(buf, size, "-");
	return buf;
}

static void mf_json_time(struct mf_json *j, const char *key, double v)
{
	if (v < 0)
		mf_json_null(j, key);
	else
		mf_json_double(j, key, v);
}

static void mf_render(const struct mf_view *v, const struct mf_globals *g,
		      struct mf_file *files, const struct mf_when *w)
{
	struct mf_file *f[MF_VIEW_FILES];
	struct mf_json j;
	unsigned int i;
	char wall[64];
	int reset = 0;

	for (i = 0; i < mf_view_nfiles(v); i++) {
		f[i] = &files[i];
		reset |= f[i]->reset;
	}
	if (!g->json && w->interval && v->line) {
		mf_line_wall = w->wall;
		v->line(stdout, NULL, f, w->interval, w->seconds);
		return;
	}
	if (!g->json) {
		if (w->interval && w->monotonic >= 0 && w->seconds < 0)
			mf_note(stdout, "%s--- interval %lu: out of order, to %s (monotonic %.3f) ---\n%s",
				w->interval > 1 ? "\n" : "", w->interval,
				mf_fmt_wall(wall, sizeof(wall), w->wall),
				w->monotonic, reset ? MF_RESET_NOTE : "");
		else if (w->interval && w->monotonic >= 0)
			mf_note(stdout, "%s--- interval %lu: %.3f s to %s (monotonic %.3f) ---\n%s",
				w->interval > 1 ? "\n" : "", w->interval,
				w->seconds,
				mf_fmt_wall(wall, sizeof(wall), w->wall),
				w->monotonic, reset ? MF_RESET_NOTE : "");
		else if (w->interval)
			mf_note(stdout, "%s--- interval %lu: time of the samples unknown ---\n%s",
				w->interval > 1 ? "\n" : "", w->interval,
				reset ? MF_RESET_NOTE : "");
		v->text(stdout, f);
		return;
	}
	mf_json_init(&j, stdout, !w->interval);
	mf_json_begin(&j, NULL, '{');
	mf_json_str(&j, "view", v->name ? v->name : "summary");
	mf_json_str(&j, "version", f[0]->version);
	mf_json_int(&j, "format", f[0]->format);
	mf_json_u64(&j, "interval", w->interval);
	mf_json_seconds(&j, "seconds", w->seconds);
	mf_json_bool(&j, "reset", reset);
	mf_json_time(&j, "wall", w->wall);
	mf_json_time(&j, "monotonic", w->monotonic);
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

static int mf_watch(const struct mf_view *v, const struct mf_globals *g,
		    struct mf_source *src, struct mf_error *err)
{
	struct mf_sample *old, *new;
	struct mf_file delta[MF_VIEW_FILES];
	unsigned int i, n = mf_view_nfiles(v);
	struct mf_when w = { 0 };
	int ret;

	old = mf_xmalloc(sizeof(*old));
	new = mf_xmalloc(sizeof(*new));
	ret = mf_load_sample(v, g, src, old, err);
	if (ret)
		goto out;
	for (w.interval = 1; ; w.interval++) {
		if (!src->ndirs)
			mf_sleep(g->interval);
		mf_source_next(src);
		ret = mf_load_sample(v, g, src, new, err);
		if (ret) {
			mf_free_files(old->files, n);
			break;
		}
		if (strcmp(old->id, new->id)) {
			ret = mf_fail(err, MF_EXIT_ERROR,
				      "cannot compare %s with %s: the samples differ\n"
				      "  %s\n  %s",
				      old->dir, new->dir, old->id, new->id);
			mf_free_files(new->files, n);
			mf_free_files(old->files, n);
			break;
		}
		/*
		 * Unknown without both times, or with samples out of order (a
		 * replay): never the nominal -i, which is not what elapsed.
		 */
		w.seconds = old->monotonic >= 0 &&
			    new->monotonic > old->monotonic ?
			    new->monotonic - old->monotonic : -1;
		w.wall = new->wall;
		w.monotonic = new->monotonic;
		for (i = 0; i < n; i++)
			mf_delta_ids(&old->files[i], &new->files[i],
				     &delta[i], &old->module, &new->module);
		mf_render(v, g, delta, &w);
		mf_free_files(delta, n);
		mf_free_files(old->files, n);
		memcpy(old, new, sizeof(*new));
		if (fflush(stdout)) {
			ret = mf_fail(err, MF_EXIT_ERROR,
				      "writing the output failed: %s",
				      strerror(errno));
			mf_free_files(old->files, n);
			break;
		}
		if (g->count && w.interval == g->count) {
			mf_free_files(old->files, n);
			break;
		}
	}
out:
	free(old);
	free(new);
	return ret;
}

int mf_view_main(const struct mf_view *v, const struct mf_globals *g,
		 struct mf_source *src, struct mf_error *err)
{
	struct mf_sample *s;
	struct mf_when w = { 0 };
	int ret;

	if (g->count && !g->interval)
		return mf_usage_error("%s", "-c needs -i SECONDS");
	if (g->interval)
		return mf_watch(v, g, src, err);
	s = mf_xmalloc(sizeof(*s));
	ret = mf_load_sample(v, g, src, s, err);
	if (!ret) {
		w.wall = s->wall;
		w.monotonic = s->monotonic;
		mf_render(v, g, s->files, &w);
		mf_free_files(s->files, mf_view_nfiles(v));
	}
	free(s);
	return ret;
}

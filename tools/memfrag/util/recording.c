// SPDX-License-Identifier: GPL-2.0
/*
 * Reading a recording back: each line is parsed on its own (its tree is
 * freed before the next), and what the pictures need is kept per
 * snapshot.  Anything unexpected is an error naming the line.
 */
#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "jsonread.h"
#include "recording.h"
#include "schema.h"
#include "names.h"

struct mf_rec_ctx {
	struct mf_recording *rec;
	struct mf_error *err;
	unsigned int line;
	int seen_end;
	const struct mf_rec_opts *opts;
	double last_t;		/* the latest of snapshot and events lines */
};

/* Whether a row passes the filter of the options (all do without one). */
static int mf_rec_keep(const struct mf_rec_ctx *c, const struct mf_jv *row)
{
	const struct mf_rec_opts *o = c->opts;

	return !o || !o->match ||
	       o->match(o->arg, (long long)mf_jv_num(row, MF_COL(node), -1),
			mf_jv_str(row, MF_COL(zone), NULL),
			mf_jv_str(row, MF_COL(trigger), NULL));
}

static int mf_rec_bad(struct mf_rec_ctx *c, const char *fmt, ...)
	MF_PRINTF(2, 3);

static int mf_rec_bad(struct mf_rec_ctx *c, const char *fmt, ...)
{
	char msg[300];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return mf_fail(c->err, MF_EXIT_MALFORMED, "%s:%u: %s", c->rec->path,
		       c->line, msg);
}

double mf_rec_grew(double old, double new, int reset)
{
	return reset || new < old ? new : new - old;
}

unsigned int mf_rec_nmt(void)
{
	unsigned int n = 0;

	while (mf_migratetype_names[n] && n < MF_REC_NMT)
		n++;
	return n;
}

static int mf_rec_index(const char *const *names, unsigned int max,
			const char *name)
{
	unsigned int i;

	for (i = 0; name && i < max && names[i]; i++)
		if (!strcmp(names[i], name))
			return (int)i;
	return -1;
}

static int mf_rec_zone(const struct mf_recording *rec, const struct mf_jv *row)
{
	const char *zone = mf_jv_str(row, MF_COL(zone), NULL);
	double node = mf_jv_num(row, MF_COL(node), -1);
	unsigned int i;

	for (i = 0; zone && i < rec->nzones; i++)
		if (rec->zones[i].node == node &&
		    !strcmp(rec->zones[i].name, zone))
			return (int)i;
	return -1;
}

static int mf_rec_header(struct mf_rec_ctx *c, const struct mf_jv *v)
{
	struct mf_recording *rec = c->rec;
	const struct mf_jv *zones = mf_jv_get(v, MF_SEC(zones));
	unsigned int i;

	if (!mf_jv_get(v, MF_REC_MAGIC))
		return mf_rec_bad(c, "%s", "not a memfrag recording (its first line is not a header)");
	if (mf_jv_num(v, MF_REC_MAGIC, -1) != MF_REC_FORMAT)
		return mf_fail(c->err, MF_EXIT_VERSION,
			       "%s:1: recording format %g: this tool reads format %d",
			       rec->path, mf_jv_num(v, MF_REC_MAGIC, -1),
			       MF_REC_FORMAT);
	rec->version = mf_strdup(&rec->arena, mf_jv_str(v, "version", "?"));
	rec->tool_version = mf_strdup(&rec->arena,
				      mf_jv_str(v, "tool_version", "?"));
	rec->kernel = mf_strdup(&rec->arena, mf_jv_str(v, "kernel", "?"));
	rec->host = mf_strdup(&rec->arena, mf_jv_str(v, "host", "?"));
	rec->started = mf_strdup(&rec->arena, mf_jv_str(v, "started", "?"));
	rec->format = (long long)mf_jv_num(v, "format", -1);
	rec->interval = mf_jv_num(v, "interval", 0);
	rec->duration = mf_jv_num(v, "duration", 0);
	rec->has_events = mf_jv_get(v, "events") &&
			  mf_jv_get(v, "events")->type == MF_JBOOL &&
			  mf_jv_get(v, "events")->num > 0;
	if (!zones || zones->type != MF_JARR || !zones->n)
		return mf_rec_bad(c, "%s", "the header lists no zones");
	if (zones->n > MF_REC_MAX_ZONES)
		return mf_rec_bad(c, "%s", "the header lists too many zones");
	if (rec->interval <= 0)
		return mf_rec_bad(c, "%s", "the header has no interval");
	for (i = 0; i < zones->n; i++) {
		const struct mf_jv *z = zones->items[i];
		const char *name = mf_jv_str(z, MF_COL(zone), NULL);

		if (!name || mf_jv_num(z, MF_COL(node), -1) < 0 ||
		    strlen(name) >= sizeof(rec->zones[i].name))
			return mf_rec_bad(c, "%s", "a zone of the header has no node or name");
		rec->zones[i].node = (int)mf_jv_num(z, MF_COL(node), 0);
		snprintf(rec->zones[i].name, sizeof(rec->zones[i].name), "%s",
			 name);
		rec->zones[i].managed =
			(unsigned long long)mf_jv_num(z, MF_COL(managed), 0);
		rec->zones[i].present =
			(unsigned long long)mf_jv_num(z, MF_COL(present), 0);
		rec->zone_out[i] = !mf_rec_keep(c, z);
	}
	rec->filtered = c->opts && c->opts->match;
	rec->nzones = zones->n;
	return 0;
}

/* The rows of section sec of file f, an array (or an error). */
static const struct mf_jv *mf_rec_rows(struct mf_rec_ctx *c,
				       const struct mf_jv *files,
				       const char *f, const char *sec)
{
	const struct mf_jv *s = mf_jv_get(mf_jv_get(files, f), sec);
	char what[80];

	if (s && s->type == MF_JARR)
		return s;
	snprintf(what, sizeof(what), "%s [%s]", f, sec);
	mf_rec_bad(c, "a snapshot without %s", what);
	return NULL;
}

static int mf_rec_trigger(struct mf_rec_ctx *c, const struct mf_jv *row)
{
	int t = mf_rec_index(mf_trigger_names, MF_REC_NTRIG,
			     mf_jv_str(row, MF_COL(trigger), NULL));

	if (t < 0)
		mf_rec_bad(c, "unknown trigger '%s'",
			   mf_jv_str(row, MF_COL(trigger), "(none)"));
	return t;
}

static int mf_rec_compaction(struct mf_rec_ctx *c, const struct mf_jv *files,
			     struct mf_rec_snap *s)
{
	const struct mf_jv *rows = mf_rec_rows(c, files,
					       MEMFRAG_FILE_COMPACTION,
					       MF_SEC(runs));
	unsigned int i;

	for (i = 0; rows && i < rows->n; i++) {
		const struct mf_jv *r = rows->items[i];
		int t = mf_rec_trigger(c, r);
		int res = mf_rec_index(mf_result_names, MF_REC_NRES,
				       mf_jv_str(r, MF_COL(result), NULL));

		if (t < 0)
			return -1;
		if (res < 0)
			return mf_rec_bad(c, "unknown result '%s'",
					  mf_jv_str(r, MF_COL(result), "(none)"));
		if (mf_rec_keep(c, r))
			s->runs[t][res] += mf_jv_num(r, MF_COL(runs), 0);
	}
	return rows ? 0 : -1;
}

static int mf_rec_latency(struct mf_rec_ctx *c, const struct mf_jv *files,
			  struct mf_rec_snap *s)
{
	const struct mf_jv *rows = mf_rec_rows(c, files, MEMFRAG_FILE_LATENCY,
					       MF_SEC(latency));
	unsigned int i;
	int t;

	for (i = 0; rows && i < rows->n; i++) {
		const struct mf_jv *r = rows->items[i];
		double from = mf_jv_num(r, MF_COL(usecs_from), -1);

		t = mf_rec_trigger(c, r);
		if (t < 0)
			return -1;
		if (from < 0 || from > 1.8e19)
			return mf_rec_bad(c, "%s", "a latency row without usecs_from");
		if (mf_rec_keep(c, r))
			s->lat[t][mf_log2_bucket((uint64_t)from)] +=
			mf_jv_num(r, MF_COL(count), 0);
	}
	if (!rows)
		return -1;
	rows = mf_rec_rows(c, files, MEMFRAG_FILE_LATENCY, MF_SEC(timed));
	for (i = 0; rows && i < rows->n; i++) {
		t = mf_rec_trigger(c, rows->items[i]);
		if (t < 0)
			return -1;
		if (!mf_rec_keep(c, rows->items[i]))
			continue;
		s->total_us[t] += mf_jv_num(rows->items[i], MF_COL(total_us), 0);
		s->timed[t] += mf_jv_num(rows->items[i], MF_COL(runs), 0);
	}
	return rows ? 0 : -1;
}

/* A row's migratetype pair, or -1 (with the error set). */
static int mf_rec_pair(struct mf_rec_ctx *c, const struct mf_jv *r,
		       int *a, int *f)
{
	unsigned int n = mf_rec_nmt();

	*a = mf_rec_index(mf_migratetype_names, n,
			  mf_jv_str(r, MF_COL(alloc_type), NULL));
	*f = mf_rec_index(mf_migratetype_names, n,
			  mf_jv_str(r, MF_COL(fallback_type), NULL));
	if (*a < 0 || *f < 0)
		return mf_rec_bad(c, "unknown migratetype in '%s'",
				  mf_jv_str(r, *a < 0 ? MF_COL(alloc_type) :
						 MF_COL(fallback_type), "(none)"));
	return 0;
}

/*
 * Fallbacks by migratetype pair, and whether each claimed the pageblock
 * or stole pages from it: the claimed and stolen columns of [claims]
 * (format 3 on; an older recording has no such split).
 */
static int mf_rec_extfrag(struct mf_rec_ctx *c, const struct mf_jv *files,
			  struct mf_rec_snap *s)
{
	const struct mf_jv *ext = mf_jv_get(files, MEMFRAG_FILE_EXTFRAG);
	const struct mf_jv *rows = mf_rec_rows(c, files, MEMFRAG_FILE_EXTFRAG,
					       MF_SEC(migratetype));
	const struct mf_jv *claims;
	unsigned int i;
	int a, f;

	if (!rows)
		return -1;
	c->rec->pageblock_order = (int)mf_jv_num(ext, "pageblock_order", 9);
	for (i = 0; i < rows->n; i++) {
		const struct mf_jv *r = rows->items[i];
		double n = mf_jv_num(r, MF_COL(count), 0);

		if (mf_rec_pair(c, r, &a, &f))
			return -1;
		if (!mf_rec_keep(c, r))
			continue;
		s->fallbacks[a][f] += n;
		if (mf_jv_num(r, MF_COL(fragmenting), 0) > 0)
			s->fragmenting[a][f] += n;
	}
	claims = mf_jv_get(ext, MF_SEC(claims));
	if (!claims)
		return 0;
	if (claims->type != MF_JARR)
		return mf_rec_bad(c, "%s [%s] is not a list of rows",
				  MEMFRAG_FILE_EXTFRAG, MF_SEC(claims));
	c->rec->has_claim = 1;
	for (i = 0; i < claims->n; i++) {
		const struct mf_jv *r = claims->items[i];

		if (mf_rec_pair(c, r, &a, &f))
			return -1;
		if (!mf_rec_keep(c, r))
			continue;
		s->claimed[a][f] += mf_jv_num(r, MF_COL(claimed), 0);
		s->stolen[a][f] += mf_jv_num(r, MF_COL(stolen), 0);
	}
	return 0;
}

/* Per-zone orders of section sec into out[zone][order]. */
static int mf_rec_orders(struct mf_rec_ctx *c, const struct mf_jv *files,
			 const char *sec, double out[][MF_REC_MAX_ORDERS])
{
	const struct mf_jv *rows = mf_rec_rows(c, files, MEMFRAG_FILE_ZONES, sec);
	unsigned int i, o;

	for (i = 0; rows && i < rows->n; i++) {
		const struct mf_jv *orders = mf_jv_get(rows->items[i], "orders");
		int z = mf_rec_zone(c->rec, rows->items[i]);

		if (z < 0)
			return mf_rec_bad(c, "a zone the header does not list, in [%s]", sec);
		if (!orders || orders->type != MF_JARR || !orders->n ||
		    orders->n > MF_REC_MAX_ORDERS)
			return mf_rec_bad(c, "[%s] without its orders", sec);
		if (c->rec->norders && orders->n != c->rec->norders)
			return mf_rec_bad(c, "[%s]: the number of orders changed", sec);
		c->rec->norders = orders->n;
		for (o = 0; o < orders->n; o++)
			out[z][o] = orders->items[o]->type == MF_JNUM ?
				    orders->items[o]->num : 0;
	}
	return rows ? 0 : -1;
}

/*
 * The page size, from zones' page_size or status's (null in a recording of
 * a module whose format predates it): the same in every snapshot.
 */
static int mf_rec_page_size(struct mf_rec_ctx *c, const struct mf_jv *files)
{
	const struct mf_jv *v = mf_jv_get(mf_jv_get(files, MEMFRAG_FILE_ZONES),
					  MF_KEY_PAGE_SIZE);
	struct mf_recording *rec = c->rec;

	if (!v || v->type == MF_JNULL)
		v = mf_jv_get(mf_jv_get(files, "status"), MF_KEY_PAGE_SIZE);
	if (!v || v->type == MF_JNULL)
		return 0;
	if (v->type != MF_JNUM || v->num < MF_PAGE_SIZE_MIN ||
	    v->num > MF_PAGE_SIZE_MAX ||
	    !mf_page_size_ok((uint64_t)v->num) || v->num != (uint64_t)v->num)
		return mf_rec_bad(c, "bad %s (a power of two from %u to %u bytes)",
				  MF_KEY_PAGE_SIZE, MF_PAGE_SIZE_MIN,
				  MF_PAGE_SIZE_MAX);
	if (rec->page_size_known && rec->page_size != (uint64_t)v->num)
		return mf_rec_bad(c, "%s changed from %llu to %.0f bytes",
				  MF_KEY_PAGE_SIZE, rec->page_size, v->num);
	rec->page_size = (uint64_t)v->num;
	rec->page_size_known = 1;
	return 0;
}

static int mf_rec_zones(struct mf_rec_ctx *c, const struct mf_jv *files,
			struct mf_rec_snap *s)
{
	const struct mf_jv *zf = mf_jv_get(files, MEMFRAG_FILE_ZONES);
	const struct mf_jv *rows = mf_rec_rows(c, files, MEMFRAG_FILE_ZONES,
					       MF_SEC(zones));
	unsigned int i;

	for (i = 0; rows && i < rows->n; i++) {
		int z = mf_rec_zone(c->rec, rows->items[i]);

		if (z < 0)
			return mf_rec_bad(c, "%s", "a zone the header does not list, in [zones]");
		s->score[z] = mf_jv_num(rows->items[i], MF_COL(score), 0);
	}
	if (!rows)
		return -1;
	s->score_low = mf_jv_num(zf, "score_low", -1);
	s->score_high = mf_jv_num(zf, "score_high", -1);
	s->proactiveness = mf_jv_num(zf, "compaction_proactiveness", -1);
	c->rec->score_order = (int)mf_jv_num(zf, "score_order", -1);
	if (mf_rec_orders(c, files, MF_SEC(free_blocks), s->free_blocks) ||
	    mf_rec_orders(c, files, MF_SEC(unusable_index), s->unusable))
		return -1;
	return 0;
}

/* Snapshot o and n, for mf_rec_went_down(). */
struct mf_rec_pair {
	const struct mf_rec_snap *o, *n;
};

/* Whether one of the n counters at b is below its value at a. */
static int mf_rec_below(const double *a, const double *b, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (b[i] < a[i])
			return 1;
	return 0;
}

#define MF_REC_BELOW(p, field)						\
	mf_rec_below((const double *)(p)->o->field,			\
		     (const double *)(p)->n->field,			\
		     sizeof((p)->o->field) / sizeof(double))

/* A counter went down: the module restarted since the last snapshot. */
static enum mf_restart mf_rec_went_down(void *ctx)
{
	const struct mf_rec_pair *p = ctx;

	return MF_REC_BELOW(p, runs) || MF_REC_BELOW(p, lat) ||
	       MF_REC_BELOW(p, total_us) || MF_REC_BELOW(p, timed) ||
	       MF_REC_BELOW(p, fallbacks) || MF_REC_BELOW(p, fragmenting) ||
	       MF_REC_BELOW(p, claimed) || MF_REC_BELOW(p, stolen) ?
	       MF_RESTART_RESET : MF_RESTART_NONE;
}

/* status's load_id and reset_generation, where the snapshot has them. */
static void mf_rec_module_id(const struct mf_jv *files,
			     struct mf_module_id *id)
{
	const struct mf_jv *st = mf_jv_get(files, MEMFRAG_FILE_STATUS);
	const struct mf_jv *g = mf_jv_get(st, MF_KEY_RESET_GENERATION);
	char gen[32];

	/* a double holds every integer up to 2^53 exactly */
	if (g && g->type == MF_JNUM && g->num >= 0 && g->num < 0x1p53 &&
	    g->num == (double)(uint64_t)g->num)
		snprintf(gen, sizeof(gen), "%llu",
			 (unsigned long long)g->num);
	else
		gen[0] = '\0';
	mf_module_id_set(id, mf_jv_str(st, MF_KEY_LOAD_ID, NULL),
			 gen[0] ? gen : NULL);
}

static int mf_rec_snapshot(struct mf_rec_ctx *c, const struct mf_jv *v)
{
	struct mf_recording *rec = c->rec;
	const struct mf_jv *files = mf_jv_get(v, "files");
	struct mf_rec_snap *s;

	if (rec->nsnap == MF_REC_MAX_SNAPSHOTS)
		return mf_rec_bad(c, "%s", "more snapshots than this tool reads (1000000)");
	if (rec->nsnap == rec->capsnap) {
		rec->capsnap = rec->capsnap ? 2 * rec->capsnap : 64;
		rec->snap = mf_xrealloc(rec->snap, rec->capsnap * sizeof(*s));
	}
	s = &rec->snap[rec->nsnap];
	memset(s, 0, sizeof(*s));
	s->t = mf_jv_num(v, "t", -1);
	s->unix_time = mf_jv_num(v, "unix", 0);
	if (!files || s->t < 0 || s->t > 1e9)
		return mf_rec_bad(c, "%s", "a snapshot without its time or files");
	if (rec->nsnap && s->t < rec->snap[rec->nsnap - 1].t)
		return mf_rec_bad(c, "%s", "a snapshot older than the one before it");
	if (mf_rec_compaction(c, files, s) || mf_rec_latency(c, files, s) ||
	    mf_rec_extfrag(c, files, s) || mf_rec_zones(c, files, s) ||
	    mf_rec_page_size(c, files))
		return -1;
	mf_rec_module_id(files, &s->module);
	if (rec->nsnap) {
		struct mf_rec_pair p = { &rec->snap[rec->nsnap - 1], s };

		s->reset = mf_restart(&p.o->module, &s->module,
				      mf_rec_went_down, &p) != MF_RESTART_NONE;
	}
	rec->nsnap++;
	/* the latest time read: an events line may be later than this */
	if (s->t > c->last_t)
		c->last_t = s->t;
	return 0;
}

/* The index of zone name on node, or -1. */
static int mf_rec_zone_named(const struct mf_recording *rec, int node,
			     const char *name)
{
	unsigned int i;

	for (i = 0; i < rec->nzones; i++)
		if (rec->zones[i].node == node && !strcmp(rec->zones[i].name, name))
			return (int)i;
	return -1;
}

/*
 * One record of the events file: "ts_ns pid comm node zone order trigger
 * mode latency_ns result fragindex min low high boost free".  A record
 * that does not parse is counted in ev_other, not dropped unsaid.
 */
static void mf_rec_event(struct mf_rec_ctx *c, const char *line, double t)
{
	struct mf_recording *rec = c->rec;
	char comm[32], zone[32], trig[32], mode[16], lat[32], res[32], fi[16];
	struct mf_rec_event e = { .t = t };
	int node, tr, r;
	long long pid;

	tr = -1;
	e.zone = -1;
	if (sscanf(line, "%llu %lld %31s %d %31s %d %31s %15s %31s %31s %15s",
		   &e.ts_ns, &pid, comm, &node, zone, &e.order, trig, mode,
		   lat, res, fi) == 11) {
		tr = mf_rec_index(mf_trigger_names, MF_REC_NTRIG, trig);
		e.zone = mf_rec_zone_named(rec, node, zone);
	}
	if (tr < 0 || e.zone < 0) {
		rec->ev_other++;
		return;
	}
	r = mf_rec_index(mf_result_names, MF_REC_NRES, res);
	if (c->opts && c->opts->match &&
	    !c->opts->match(c->opts->arg, node, zone, trig))
		return;
	e.trigger = (unsigned int)tr;
	e.result = r < 0 ? MEMFRAG_RESULT_OTHER : (unsigned int)r;
	e.pid = (long)pid;
	e.sync = !strcmp(mode, "sync") ? 1 : !strcmp(mode, "async") ? 0 : -1;
	e.lat_ns = lat[0] == '-' ? -1 : strtod(lat, NULL);
	e.fragindex = fi[0] == '-' && !fi[1] ? -2 : strtod(fi, NULL);
	snprintf(e.comm, sizeof(e.comm), "%s", comm);
	if (rec->nev == rec->capev) {
		rec->capev = rec->capev ? 2 * rec->capev : 256;
		rec->ev = mf_xrealloc(rec->ev, rec->capev * sizeof(e));
	}
	rec->ev[rec->nev++] = e;
}

static void mf_rec_events(struct mf_rec_ctx *c, const struct mf_jv *v)
{
	const struct mf_jv *lines = mf_jv_get(v, "lines");
	double t = mf_jv_num(v, "t", 0);
	unsigned int i;

	c->rec->events += mf_jv_len(v, "lines");
	c->rec->dropped += (unsigned long long)mf_jv_num(v, "dropped", 0);
	for (i = 0; lines && lines->type == MF_JARR && i < lines->n; i++) {
		const struct mf_jv *l = lines->items[i];

		if (l->type != MF_JSTR || l->str[0] == ' ' || l->str[0] == '#')
			c->rec->ev_other++;
		else if (c->opts)
			mf_rec_event(c, l->str, t);
	}
	if (t > c->last_t)
		c->last_t = t;
}

/*
 * Places the events in time.  A record's ts_ns is the kernel's clock, the
 * line's t the recording's: each run ended at or before the line that read
 * it, so the start on the kernel's clock is at least ts_ns - t of every
 * record; the largest such bound places them all, each at most one gap
 * between reads late.
 */
static void mf_rec_place_events(struct mf_recording *rec)
{
	double start = -1e300, gap = rec->interval, d;
	unsigned int i;

	for (i = 0; i < rec->nev; i++) {
		d = (double)rec->ev[i].ts_ns / 1e9 - rec->ev[i].t;
		start = d > start ? d : start;
	}
	for (i = 0; i < rec->nev; i++)
		rec->ev[i].t = (double)rec->ev[i].ts_ns / 1e9 - start;
	for (i = 1; i < rec->nsnap; i++) {
		d = rec->snap[i].t - rec->snap[i - 1].t;
		gap = d > gap ? d : gap;
	}
	rec->ev_t_bound = gap;
}

static int mf_rec_line(struct mf_rec_ctx *c, const char *text, size_t len)
{
	struct mf_arena a = { 0 };
	struct mf_jv *v;
	const char *type;
	char why[128];
	int ret = 0;

	if (mf_jv_parse(&a, text, len, &v, why, sizeof(why))) {
		ret = mf_rec_bad(c, "not JSON: %s", why);
		goto out;
	}
	type = mf_jv_str(v, "type", "");
	if (c->line == 1) {
		ret = strcmp(type, "header") ?
		      mf_rec_bad(c, "%s", "not a memfrag recording (its first line is not a header)") :
		      mf_rec_header(c, v);
	} else if (c->seen_end) {
		ret = mf_rec_bad(c, "%s", "a line after the end line");
	} else if (!strcmp(type, "snapshot")) {
		ret = mf_rec_snapshot(c, v);
	} else if (!strcmp(type, "events")) {
		mf_rec_events(c, v);
	} else if (!strcmp(type, "end")) {
		c->seen_end = 1;
		c->rec->reason = mf_strdup(&c->rec->arena,
					   mf_jv_str(v, "reason", "?"));
		c->rec->end_t = mf_jv_num(v, "t", 0);
		c->rec->cpu_seconds = mf_jv_num(v, "cpu_seconds", 0);
	} else {
		ret = mf_rec_bad(c, "unknown line type '%s'", type);
	}
out:
	mf_arena_free(&a);
	return ret ? -1 : 0;
}

/* A recording cut short: what there is, said where it was cut. */
static int mf_rec_cut(struct mf_rec_ctx *c, const char *why)
{
	struct mf_recording *rec = c->rec;

	if (!c->opts || !c->opts->allow_cut || !rec->nsnap)
		return mf_fail(c->err, MF_EXIT_MALFORMED, "%s:%u: truncated: %s",
			       rec->path, c->line, why);
	rec->cut = 1;
	rec->cut_t = c->last_t;
	rec->cut_why = why;
	rec->reason = "cut short";
	rec->end_t = c->last_t;
	return 0;
}

static int mf_rec_parse_opts(struct mf_recording *rec, const char *path,
			     const char *data, size_t len,
			     const struct mf_rec_opts *opts,
			     struct mf_error *err)
{
	struct mf_rec_ctx c = { rec, err, 0, 0, opts, 0 };
	size_t pos = 0;

	memset(rec, 0, sizeof(*rec));
	rec->path = path;
	rec->score_order = -1;
	rec->page_size = MF_PAGE_SIZE_OLD;
	if (!len)
		return mf_fail(err, MF_EXIT_MALFORMED,
			       "%s: empty: not a memfrag recording", path);
	while (pos < len) {
		const char *nl = memchr(data + pos, '\n', len - pos);

		c.line++;
		if (!nl) {
			if (mf_rec_cut(&c, "the last line is incomplete (the recording was cut short)"))
				return err->status;
			break;
		}
		if ((size_t)(nl - data - pos) > MF_REC_MAX_LINE)
			return mf_rec_bad(&c, "%s", "line too long");
		if (mf_rec_line(&c, data + pos, nl - data - pos))
			return err->status;
		pos = nl - data + 1;
	}
	if (!c.seen_end && !rec->cut) {
		char why[120];

		snprintf(why, sizeof(why), "no end line after line %u (memfrag record did not finish)",
			 c.line);
		if (mf_rec_cut(&c, mf_strdup(&rec->arena, why)))
			return err->status;
	}
	if (!rec->nsnap)
		return mf_fail(err, MF_EXIT_MALFORMED, "%s: no snapshots",
			       path);
	mf_rec_place_events(rec);
	return 0;
}

int mf_rec_parse(struct mf_recording *rec, const char *path,
		 const char *data, size_t len, struct mf_error *err)
{
	return mf_rec_parse_opts(rec, path, data, len, NULL, err);
}

/* All of fd into *data (malloc'd, one byte spare); -1 with errno. */
static int mf_rec_slurp(int fd, char **data, size_t *len)
{
	size_t cap = 1 << 16, got = 0;
	char *buf = mf_xmalloc(cap + 1);
	ssize_t n;

	for (;;) {
		if (got == cap) {
			if (cap >= (1ull << 32)) {
				free(buf);
				errno = EFBIG;
				return -1;
			}
			cap *= 2;
			buf = mf_xrealloc(buf, cap + 1);
		}
		n = read(fd, buf + got, cap - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			free(buf);
			return -1;
		}
		if (!n)
			break;
		got += (size_t)n;
	}
	*data = buf;
	*len = got;
	return 0;
}

/*
 * gzip'd data (magic 1f 8b) through gzip -dc (gzip is essential on
 * Debian; the static guests' build links no zlib): the data goes to it
 * through a temporary file, its output comes back through a pipe.
 */
static int mf_rec_gunzip(const char *path, char **data, size_t *len,
			 struct mf_error *err)
{
	FILE *tmp = tmpfile();
	int pipefd[2], status, ret;
	pid_t pid;
	char *out;
	size_t n;

	if (!tmp || fwrite(*data, 1, *len, tmp) != *len || fflush(tmp) ||
	    lseek(fileno(tmp), 0, SEEK_SET) || pipe(pipefd)) {
		if (tmp)
			fclose(tmp);
		return mf_fail(err, MF_EXIT_ERROR, "%s: cannot uncompress: %s",
			       path, strerror(errno));
	}
	pid = fork();
	if (pid == 0) {
		/* its complaint is ours to say, once */
		int null = open("/dev/null", O_WRONLY);

		dup2(fileno(tmp), 0);
		dup2(pipefd[1], 1);
		if (null >= 0)
			dup2(null, 2);
		close(pipefd[0]);
		close(pipefd[1]);
		execlp("gzip", "gzip", "-dc", (char *)NULL);
		_exit(127);
	}
	close(pipefd[1]);
	fclose(tmp);
	ret = pid < 0 ? -1 : mf_rec_slurp(pipefd[0], &out, &n);
	close(pipefd[0]);
	if (pid < 0 || waitpid(pid, &status, 0) < 0) {
		if (!ret)
			free(out);
		return mf_fail(err, MF_EXIT_ERROR, "%s: cannot run gzip -dc: %s",
			       path, strerror(errno));
	}
	if (ret || !WIFEXITED(status) || WEXITSTATUS(status)) {
		if (!ret)
			free(out);
		return mf_fail(err, MF_EXIT_MALFORMED,
			       "%s: gzip -dc failed (%s): corrupt or cut compressed data",
			       path, WIFEXITED(status) && WEXITSTATUS(status) == 127 ?
			       "gzip is not installed" : "exit status not 0");
	}
	free(*data);
	*data = out;
	*len = n;
	return 0;
}

int mf_rec_read_opts(struct mf_recording *rec, const char *path,
		     const struct mf_rec_opts *opts, struct mf_error *err)
{
	int in = !strcmp(path, "-");
	const char *name = in ? "(stdin)" : path;
	struct stat st;
	char *data;
	size_t got;
	int fd, ret;

	memset(rec, 0, sizeof(*rec));
	fd = in ? 0 : open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return mf_fail(err, errno == ENOENT ? MF_EXIT_NO_FILE :
			       MF_EXIT_ERROR, "cannot open %s: %s", path,
			       strerror(errno));
	if (!in && (fstat(fd, &st) || !S_ISREG(st.st_mode) ||
		    (unsigned long long)st.st_size > (1ull << 32))) {
		close(fd);
		return mf_fail(err, MF_EXIT_ERROR,
			       "%s: not a regular file of at most 4 GiB", path);
	}
	ret = mf_rec_slurp(fd, &data, &got);
	if (!in)
		close(fd);
	if (ret)
		return mf_fail(err, MF_EXIT_ERROR, "cannot read %s: %s", name,
			       strerror(errno));
	if (got >= 2 && (unsigned char)data[0] == 0x1f &&
	    (unsigned char)data[1] == 0x8b &&
	    mf_rec_gunzip(name, &data, &got, err)) {
		free(data);
		return err->status;
	}
	ret = mf_rec_parse_opts(rec, name, data, got, opts, err);
	free(data);
	return ret;
}

int mf_rec_read(struct mf_recording *rec, const char *path,
		struct mf_error *err)
{
	struct stat st;
	char *data;
	ssize_t n;
	size_t got = 0;
	int fd, ret;

	memset(rec, 0, sizeof(*rec));
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return mf_fail(err, errno == ENOENT ? MF_EXIT_NO_FILE :
			       MF_EXIT_ERROR, "cannot open %s: %s", path,
			       strerror(errno));
	if (fstat(fd, &st) || !S_ISREG(st.st_mode) ||
	    (unsigned long long)st.st_size > (1ull << 32)) {
		close(fd);
		return mf_fail(err, MF_EXIT_ERROR,
			       "%s: not a regular file of at most 4 GiB", path);
	}
	data = mf_xmalloc((size_t)st.st_size + 1);
	while (got < (size_t)st.st_size &&
	       (n = read(fd, data + got, st.st_size - got)) > 0)
		got += n;
	close(fd);
	ret = mf_rec_parse(rec, path, data, got, err);
	free(data);
	return ret;
}

void mf_rec_release(struct mf_recording *rec)
{
	free(rec->snap);
	rec->snap = NULL;
	free(rec->ev);
	rec->ev = NULL;
	mf_arena_free(&rec->arena);
}

double mf_rec_span(const struct mf_recording *rec)
{
	return rec->nsnap > 1 ? rec->snap[rec->nsnap - 1].t - rec->snap[0].t : 0;
}

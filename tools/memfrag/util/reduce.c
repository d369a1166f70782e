// SPDX-License-Identifier: GPL-2.0
/*
 * The one reduction of a sample of the files (reduce.h): the rows of the
 * parsed sections, whatever they were read from, summed over the zones
 * the filter keeps.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "names.h"
#include "reduce.h"
#include "schema.h"

/* Each row r of section s (which may have none, and no array). */
#define mf_red_rows(r, s)						\
	for ((r) = (s)->rows; (s)->nrow && (r) < (s)->rows + (s)->nrow; (r)++)

static int mf_red_bad(struct mf_reduce *red, const char *fmt, ...)
	MF_PRINTF(2, 3);

static int mf_red_bad(struct mf_reduce *red, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(red->why, sizeof(red->why), fmt, ap);
	va_end(ap);
	return -1;
}

/* A column of row r, or NULL where the section has no such column. */
static const char *mf_red_col(const struct mf_section *s,
			      const struct mf_row *r, const char *col)
{
	return mf_col(s, col) < 0 ? NULL : mf_str(s, r, col);
}

/* Whether row r passes the filter (every row does without one). */
static int mf_red_keep(const struct mf_reduce *red,
		       const struct mf_section *s, const struct mf_row *r)
{
	const struct mf_rec_opts *o = red->opts;

	return !o || !o->match ||
	       o->match(o->arg, mf_col(s, MF_COL(node)) < 0 ? -1 :
				mf_int(s, r, MF_COL(node)),
			mf_red_col(s, r, MF_COL(zone)),
			mf_red_col(s, r, MF_COL(trigger)));
}

/* The index of row r's zone in red->zones, or -1. */
static int mf_red_zone(const struct mf_reduce *red,
		       const struct mf_section *s, const struct mf_row *r)
{
	const char *zone = mf_red_col(s, r, MF_COL(zone));
	long long node = mf_int(s, r, MF_COL(node));
	unsigned int i;

	for (i = 0; zone && i < red->nzones; i++)
		if (red->zones[i].node == node &&
		    !strcmp(red->zones[i].name, zone))
			return (int)i;
	return -1;
}

/* Section sec of file f (or an error). */
static const struct mf_section *mf_red_sec(struct mf_reduce *red,
					   const struct mf_file *f,
					   const char *sec)
{
	const struct mf_section *s = f ? mf_section(f, sec) : NULL;

	if (!s)
		mf_red_bad(red, "a snapshot without %s [%s]",
			   f ? f->name : "a file", sec);
	return s;
}

/*
 * Row r's trigger: its index, or -1 for one this tool does not know, with
 * *other pointing at its sums (or the reason set when there are too many).
 */
static int mf_red_trigger(struct mf_reduce *red, const struct mf_section *s,
			  const struct mf_row *r, struct mf_reduce_other **other)
{
	const char *name = mf_str(s, r, MF_COL(trigger));
	int t = mf_name_index(mf_trigger_names, MF_REC_NTRIG, name);
	unsigned int i;

	*other = NULL;
	if (t >= 0)
		return t;
	for (i = 0; i < red->nothers; i++)
		if (!strcmp(red->others[i].name, name))
			break;
	if (i == MF_REDUCE_OTHERS) {
		mf_red_bad(red, "more than %u unknown triggers ('%s')",
			   MF_REDUCE_OTHERS, name);
		return -1;
	}
	if (i == red->nothers) {
		memset(&red->others[i], 0, sizeof(red->others[i]));
		snprintf(red->others[i].name, sizeof(red->others[i].name),
			 "%s", name);
		red->nothers++;
	}
	*other = &red->others[i];
	return -1;
}

static int mf_red_runs(struct mf_reduce *red, const struct mf_file *f,
		       struct mf_rec_snap *s)
{
	const struct mf_section *sec = mf_red_sec(red, f, MF_SEC(runs));
	struct mf_reduce_other *other;
	const struct mf_row *r;
	const char *result;
	uint64_t n;
	int t, res;

	if (!sec)
		return -1;
	mf_red_rows(r, sec) {
		if (!mf_red_keep(red, sec, r))
			continue;
		t = mf_red_trigger(red, sec, r, &other);
		result = mf_str(sec, r, MF_COL(result));
		res = mf_name_index(mf_result_names, MF_REC_NRES, result);
		n = mf_u64z(sec, r, MF_COL(runs));
		if (t < 0 && !other)
			return -1;
		if (other) {
			other->runs += n;
			other->success += res == MF_COMPACT_SUCCESS ? n : 0;
		} else if (res >= 0) {
			s->runs[t][res] += n;
		} else {
			red->runs_unknown_result[t] += n;
			if (!red->unknown_result[0])
				snprintf(red->unknown_result,
					 sizeof(red->unknown_result), "%s",
					 result);
		}
	}
	return 0;
}

static int mf_red_latency(struct mf_reduce *red, const struct mf_file *f,
			  struct mf_rec_snap *s)
{
	const struct mf_section *lat = mf_red_sec(red, f, MF_SEC(latency));
	const struct mf_section *timed = lat ?
		mf_red_sec(red, f, MF_SEC(timed)) : NULL;
	struct mf_reduce_other *other;
	const struct mf_row *r;
	uint64_t from, n;
	unsigned int b;
	int t;

	if (!timed)
		return -1;
	mf_red_rows(r, lat) {
		if (mf_u64(lat, r, MF_COL(usecs_from), &from))
			return mf_red_bad(red, "%s", "a latency row without usecs_from");
		if (!mf_red_keep(red, lat, r))
			continue;
		t = mf_red_trigger(red, lat, r, &other);
		if (t < 0 && !other)
			return -1;
		b = mf_log2_bucket(from);
		n = mf_u64z(lat, r, MF_COL(count));
		if (other) {
			other->lat[b] += n;
			continue;
		}
		s->lat[t][b] += n;
		if (!strcmp(mf_str(lat, r, MF_COL(usecs_to)), "inf"))
			red->lat_open[t] = (int)b;
	}
	mf_red_rows(r, timed) {
		if (!mf_red_keep(red, timed, r))
			continue;
		t = mf_red_trigger(red, timed, r, &other);
		if (t < 0 && !other)
			return -1;
		if (other) {
			other->total_us += mf_u64z(timed, r, MF_COL(total_us));
			other->timed += mf_u64z(timed, r, MF_COL(runs));
			continue;
		}
		s->total_us[t] += mf_u64z(timed, r, MF_COL(total_us));
		s->timed[t] += mf_u64z(timed, r, MF_COL(runs));
	}
	return 0;
}

/* The count column of section sec of direct, summed over the rows kept. */
static int mf_red_count(struct mf_reduce *red, const struct mf_file *f,
			const char *sec, double *sum)
{
	const struct mf_section *s = mf_red_sec(red, f, sec);
	const struct mf_row *r;

	if (!s)
		return -1;
	mf_red_rows(r, s)
		if (mf_red_keep(red, s, r))
			*sum += mf_u64z(s, r, MF_COL(count));
	return 0;
}

/* A row's migratetype pair, or -1 (with the reason set). */
static int mf_red_pair(struct mf_reduce *red, const struct mf_section *sec,
		       const struct mf_row *r, int *a, int *f)
{
	unsigned int n = mf_rec_nmt();
	const char *alloc = mf_str(sec, r, MF_COL(alloc_type));
	const char *fallback = mf_str(sec, r, MF_COL(fallback_type));

	*a = mf_name_index(mf_migratetype_names, n, alloc);
	*f = mf_name_index(mf_migratetype_names, n, fallback);
	if (*a < 0 || *f < 0)
		return mf_red_bad(red, "unknown migratetype in '%s'",
				  *a < 0 ? alloc : fallback);
	return 0;
}

/*
 * Fallbacks by migratetype pair, and whether each claimed the pageblock
 * or stole pages from it: the claimed and stolen columns of [claims]
 * (format 3 on; an older file has no such split).
 */
static int mf_red_extfrag(struct mf_reduce *red, const struct mf_file *f,
			  struct mf_rec_snap *s)
{
	const struct mf_section *mt = mf_red_sec(red, f, MF_SEC(migratetype));
	const struct mf_section *claims;
	const struct mf_row *r;
	long long pb;
	int a, to;

	if (!mt)
		return -1;
	pb = mf_kv_int(f, MF_KEY_PAGEBLOCK_ORDER);
	red->pageblock_order = pb >= 0 && pb < 64 ? (int)pb : 9;
	mf_red_rows(r, mt) {
		uint64_t n = mf_u64z(mt, r, MF_COL(count));

		if (mf_red_pair(red, mt, r, &a, &to))
			return -1;
		if (!mf_red_keep(red, mt, r))
			continue;
		s->fallbacks[a][to] += n;
		if (mf_int(mt, r, MF_COL(fragmenting)) > 0)
			s->fragmenting[a][to] += n;
	}
	claims = mf_section(f, MF_SEC(claims));
	if (!claims)
		return 0;
	red->has_claim = 1;
	mf_red_rows(r, claims) {
		if (mf_red_pair(red, claims, r, &a, &to))
			return -1;
		if (!mf_red_keep(red, claims, r))
			continue;
		s->claimed[a][to] += mf_u64z(claims, r, MF_COL(claimed));
		s->stolen[a][to] += mf_u64z(claims, r, MF_COL(stolen));
	}
	return 0;
}

/* An order column: a count, or an index in thousandths; "-" is 0. */
static double mf_red_order(const struct mf_section *s, const struct mf_row *r,
			   unsigned int o)
{
	const char *tok = mf_order_tok(s, r, o);
	long long milli;
	uint64_t u;

	if (!mf_parse_u64(tok, &u))
		return (double)u;
	if (!mf_parse_milli(tok, &milli))
		return milli / 1000.0;
	return 0;
}

/* Per-zone orders of section sec into out[zone][order]. */
static int mf_red_orders(struct mf_reduce *red, const struct mf_file *f,
			 const char *sec, double out[][MF_REC_MAX_ORDERS])
{
	const struct mf_section *s = mf_red_sec(red, f, sec);
	const struct mf_row *r;
	unsigned int o, n;
	int z;

	if (!s)
		return -1;
	n = mf_norders(s);
	mf_red_rows(r, s) {
		z = mf_red_zone(red, s, r);
		if (z < 0)
			return mf_red_bad(red, "a zone the header does not list, in [%s]", sec);
		if (!n || n > MF_REC_MAX_ORDERS)
			return mf_red_bad(red, "[%s] without its orders", sec);
		if (red->norders && n != red->norders)
			return mf_red_bad(red, "[%s]: the number of orders changed", sec);
		red->norders = n;
		for (o = 0; o < n; o++)
			out[z][o] = mf_red_order(s, r, o);
	}
	return 0;
}

/*
 * The page size, from zones' page_size or status's (absent in a file of
 * a format that predates it): the same in every sample.
 */
static int mf_red_page_size(struct mf_reduce *red, struct mf_file *const *f)
{
	uint64_t size = mf_page_size(f[MF_REC_ZONES]);
	const char *v = mf_kv(f[MF_REC_ZONES], MF_KEY_PAGE_SIZE);

	if (!v && f[MF_REC_STATUS]) {
		v = mf_kv(f[MF_REC_STATUS], MF_KEY_PAGE_SIZE);
		size = mf_page_size(f[MF_REC_STATUS]);
	}
	if (!v)
		return 0;
	if (red->page_size_known && red->page_size != size)
		return mf_red_bad(red, "%s changed from %llu to %llu bytes",
				  MF_KEY_PAGE_SIZE, red->page_size,
				  (unsigned long long)size);
	red->page_size = size;
	red->page_size_known = 1;
	return 0;
}

/* A tool key of zones: the number, or -1 where it is unknown. */
static double mf_red_threshold(const struct mf_file *zf, const char *key)
{
	long long v = mf_kv_int(zf, key);

	return mf_kv(zf, key) && v >= 0 ? (double)v : -1;
}

static int mf_red_zones(struct mf_reduce *red, struct mf_file *const *f,
			struct mf_rec_snap *s)
{
	const struct mf_file *zf = f[MF_REC_ZONES];
	const struct mf_section *zones = mf_red_sec(red, zf, MF_SEC(zones));
	const struct mf_row *r;
	int z;

	if (!zones)
		return -1;
	mf_red_rows(r, zones) {
		z = mf_red_zone(red, zones, r);
		if (z < 0)
			return mf_red_bad(red, "%s", "a zone the header does not list, in [zones]");
		s->score[z] = (double)mf_u64z(zones, r, MF_COL(score));
	}
	s->score_low = mf_red_threshold(zf, MF_KEY_SCORE_LOW);
	s->score_high = mf_red_threshold(zf, MF_KEY_SCORE_HIGH);
	s->proactiveness = mf_red_threshold(zf, MF_KEY_PROACTIVENESS);
	red->score_order = (int)mf_red_threshold(zf, MF_KEY_SCORE_ORDER);
	return mf_red_orders(red, zf, MF_SEC(free_blocks), s->free_blocks) ||
	       mf_red_orders(red, zf, MF_SEC(unusable_index), s->unusable) ||
	       mf_red_page_size(red, f);
}

int mf_reduce(struct mf_reduce *red, struct mf_file *const *f,
	      struct mf_rec_snap *s)
{
	unsigned int t;

	red->why[0] = '\0';
	red->unknown_result[0] = '\0';
	red->nothers = 0;
	for (t = 0; t < MF_REC_NTRIG; t++) {
		red->lat_open[t] = -1;
		red->runs_unknown_result[t] = 0;
	}
	if (mf_red_runs(red, f[MF_REC_COMPACTION], s) ||
	    mf_red_latency(red, f[MF_REC_LATENCY], s) ||
	    mf_red_count(red, f[MF_REC_DIRECT], MF_SEC(try_to_compact_pages),
			 &s->requests) ||
	    mf_red_count(red, f[MF_REC_DIRECT], MF_SEC(deferred),
			 &s->deferred) ||
	    mf_red_extfrag(red, f[MF_REC_EXTFRAG], s) ||
	    mf_red_zones(red, f, s))
		return -1;
	mf_module_id_of(&s->module, f[MF_REC_STATUS]);
	return 0;
}

unsigned int mf_reduce_zones(const struct mf_file *zones,
			     struct mf_rec_zone *out, unsigned int max)
{
	const struct mf_section *s = zones ? mf_section(zones, MF_SEC(zones)) :
					     NULL;
	unsigned int i, n = 0;

	for (i = 0; s && i < s->nrow && n < max; i++) {
		const struct mf_row *r = &s->rows[i];

		memset(&out[n], 0, sizeof(out[n]));
		out[n].node = (int)mf_int(s, r, MF_COL(node));
		snprintf(out[n].name, sizeof(out[n].name), "%s",
			 mf_str(s, r, MF_COL(zone)));
		out[n].managed = mf_u64z(s, r, MF_COL(managed));
		out[n].present = mf_u64z(s, r, MF_COL(present));
		n++;
	}
	return n;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * Each recording of memfrag compare reduced: its counters' growth (the
 * recording's own reduction, mf_rec_sum), the time it was active, and
 * the time-weighted means of its gauges over the zones compared; then
 * the rows of one value per recording.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <memfrag/memfrag.h>

#include "compare.h"
#include "names.h"

/* The kernel's compaction results by their values: MF_CMP_COMPACT_SUCCESS */
#define MF_CMP_RESULT_(id, value, name)	MF_CMP_##id = value,
enum { MEMFRAG_RESULTS(MF_CMP_RESULT_) };

/* Whether a run ended or a fallback was counted in interval d. */
static int mf_cmp_moved(const struct mf_rec_snap *d)
{
	unsigned int t, r, a, f, nmt = mf_rec_nmt();

	for (t = 0; t < MF_REC_NTRIG; t++)
		for (r = 0; r < MF_REC_NRES; r++)
			if (d->runs[t][r] > 0)
				return 1;
	for (a = 0; a < nmt; a++)
		for (f = 0; f < nmt; f++)
			if (d->fallbacks[a][f] > 0)
				return 1;
	return 0;
}

/*
 * The kernel's extfrag_for_order() of one zone's free blocks: the
 * percentage of free pages in blocks smaller than the order, in integers.
 */
static unsigned long long mf_cmp_extfrag(const double *f, unsigned int norders,
					 unsigned int order)
{
	unsigned long long free = 0, suitable = 0, n;
	unsigned int o;

	for (o = 0; o < norders; o++) {
		n = f[o] > 0 ? (unsigned long long)f[o] : 0;
		free += n << o;
		if (o >= order)
			suitable += n << (o - order);
	}
	return free ? (free - (suitable << order)) * 100 / free : 0;
}

double mf_cmp_unusable(const double *f, unsigned int norders,
		       unsigned int order)
{
	double free = 0, suitable = 0;
	unsigned int o;

	for (o = 0; o < norders; o++) {
		free += ldexp(f[o], (int)o);
		if (o >= order)
			suitable += ldexp(f[o], (int)o);
	}
	/* no free memory: the kernel counts all of it unusable */
	return free > 0 ? (free - suitable) / free : 1;
}

/* A zone's present pages (managed when the header lacks them). */
static unsigned long long mf_cmp_present(const struct mf_rec_zone *z)
{
	return z->present ? z->present : z->managed;
}

/*
 * fragmentation_score_node(): each zone's extfrag_for_order() at the
 * huge-page order, weighted by its share of the node's present pages.
 */
double mf_cmp_node_score(const struct mf_cmp_rec *r, unsigned int i, int node)
{
	const struct mf_recording *rec = &r->rec;
	unsigned long long node_present = 0, score = 0;
	unsigned int z;

	for (z = 0; z < rec->nzones; z++)
		if (rec->zones[z].node == node)
			node_present += mf_cmp_present(&rec->zones[z]);
	for (z = 0; z < rec->nzones; z++) {
		if (rec->zones[z].node != node || !r->zone_on[z] ||
		    !mf_cmp_present(&rec->zones[z]))
			continue;
		score += mf_cmp_present(&rec->zones[z]) *
			 mf_cmp_extfrag(rec->snap[i].free_blocks[z],
					rec->norders, (unsigned int)r->hp_order) /
			 (node_present + 1);
	}
	return (double)score;
}

/* The huge-page order: the module's score order, else a PMD's. */
static int mf_cmp_hp_order(const struct mf_recording *rec)
{
	int o = 0;

	if (rec->score_order >= 0)
		return rec->score_order;
	/* a PMD maps a page of page_size / 8 entries */
	while ((1ull << o) < rec->page_size / 8)
		o++;
	return o;
}

static void mf_cmp_nodes(struct mf_cmp_rec *r)
{
	const struct mf_recording *rec = &r->rec;
	unsigned int z, k;

	r->nnodes = 0;
	for (z = 0; z < rec->nzones; z++) {
		if (!r->zone_on[z])
			continue;
		for (k = 0; k < r->nnodes && r->nodes[k] != rec->zones[z].node; k++)
			;
		if (k == r->nnodes)
			r->nodes[r->nnodes++] = rec->zones[z].node;
	}
}

void mf_cmp_reduce(struct mf_cmp_rec *r)
{
	const struct mf_recording *rec = &r->rec;
	struct mf_rec_snap d;
	double f[MF_REC_MAX_ORDERS], dt;
	unsigned int i, z, o, k, moved = 0;

	r->span = mf_rec_span(rec);
	r->hp_order = mf_cmp_hp_order(rec);
	mf_cmp_nodes(r);
	mf_rec_sum(rec, 0, rec->nsnap - 1, &r->sum);
	r->first = r->last = 0;
	for (i = 1; i < rec->nsnap; i++) {
		mf_rec_sum(rec, i - 1, i, &d);
		if (mf_cmp_moved(&d)) {
			if (!moved++)
				r->first = i - 1;
			r->last = i;
		}
		dt = rec->snap[i].t - rec->snap[i - 1].t;
		memset(f, 0, sizeof(f));
		for (z = 0; z < rec->nzones; z++)
			for (o = 0; o < rec->norders && r->zone_on[z]; o++)
				f[o] += rec->snap[i].free_blocks[z][o];
		for (o = 0; o < rec->norders; o++)
			r->free_blocks[o] += f[o] * dt;
		r->unusable_hp += dt * mf_cmp_unusable(f, rec->norders,
						       (unsigned int)r->hp_order);
		for (k = 0; k < r->nnodes; k++)
			r->score_mean[k] += dt * mf_cmp_node_score(r, i, r->nodes[k]);
	}
	r->active = rec->snap[r->last].t - rec->snap[r->first].t;
	for (o = 0; o < rec->norders && r->span > 0; o++)
		r->free_blocks[o] /= r->span;
	if (r->span > 0)
		r->unusable_hp /= r->span;
	for (k = 0; k < r->nnodes; k++) {
		if (r->span > 0)
			r->score_mean[k] /= r->span;
		r->score_end[k] = mf_cmp_node_score(r, rec->nsnap - 1,
						    r->nodes[k]);
	}
}

double mf_cmp_rate(const struct mf_cmp_rec *r, double total)
{
	return r->active > 0 ? total / r->active : NAN;
}

double mf_cmp_percentile(const struct mf_cmp_rec *r, double q)
{
	const double *lat = r->sum.lat[MEMFRAG_TRIGGER_DIRECT];
	double total = 0, run = 0;
	unsigned int b;

	for (b = 0; b < MF_REC_NBUCKETS; b++)
		total += lat[b];
	if (total <= 0)
		return NAN;
	for (b = 0; b < MF_REC_NBUCKETS; b++) {
		run += lat[b];
		if (run >= q * total)
			return b ? ldexp(1, (int)b) - 1 : 0;
	}
	return NAN;
}

static struct mf_cmp_row *mf_cmp_row(struct mf_cmp *c, const char *metric,
				     const char *key, const char *unit)
{
	struct mf_cmp_row *row;
	unsigned int i;

	if (c->nrows == MF_CMP_MAX_ROWS)
		return NULL;
	row = &c->rows[c->nrows++];
	snprintf(row->metric, sizeof(row->metric), "%s", metric);
	snprintf(row->key, sizeof(row->key), "%s", key);
	row->unit = unit;
	for (i = 0; i < MF_CMP_MAX_RECS; i++)
		row->v[i] = NAN;
	return row;
}

/*
 * A counter: its total (metric.key) and its rate over each recording's
 * active time (metric_rate.key); total() gives recording i's.
 */
static void mf_cmp_counted(struct mf_cmp *c, const char *metric,
			   const char *key, const char *unit,
			   const char *rate_unit, double scale,
			   double (*total)(const struct mf_cmp_rec *, const void *),
			   const void *arg)
{
	struct mf_cmp_row *tot = mf_cmp_row(c, metric, key, unit), *rate;
	char name[48];
	unsigned int i;

	snprintf(name, sizeof(name), "%s_rate", metric);
	rate = mf_cmp_row(c, name, key, rate_unit);
	for (i = 0; i < c->nrec && tot && rate; i++) {
		tot->v[i] = total(&c->r[i], arg) / scale;
		rate->v[i] = mf_cmp_rate(&c->r[i], tot->v[i]);
	}
}

static double mf_cmp_runs(const struct mf_cmp_rec *r, const void *arg)
{
	unsigned int t = *(const unsigned int *)arg, res;
	double n = 0;

	for (res = 0; res < MF_REC_NRES; res++)
		n += r->sum.runs[t][res];
	return n;
}

static double mf_cmp_stall(const struct mf_cmp_rec *r, const void *arg)
{
	(void)arg;
	return r->sum.total_us[MEMFRAG_TRIGGER_DIRECT];
}

static double mf_cmp_pair(const struct mf_cmp_rec *r, const void *arg)
{
	const unsigned int *p = arg;

	return r->sum.fallbacks[p[0]][p[1]];
}

/* Fallbacks summed over pairs: of which member (0: all of them). */
static double mf_cmp_fb_sum(const struct mf_cmp_rec *r, const void *arg)
{
	const char *which = arg;
	unsigned int a, f, nmt = mf_rec_nmt();
	double n = 0;

	for (a = 0; a < nmt; a++)
		for (f = 0; f < nmt; f++)
			n += !strcmp(which, MF_COL(fragmenting)) ? r->sum.fragmenting[a][f] :
			     !strcmp(which, MF_COL(claimed)) ? r->sum.claimed[a][f] :
			     !strcmp(which, MF_COL(stolen)) ? r->sum.stolen[a][f] :
			     r->sum.fallbacks[a][f];
	return n;
}

static void mf_cmp_run_rows(struct mf_cmp *c)
{
	static const double qs[] = { 0.5, 0.9, 0.99 };
	static const char *const qn[] = { "p50", "p90", "p99" };
	const char *direct = mf_trigger_names[MEMFRAG_TRIGGER_DIRECT];
	unsigned int t, i, q, d = MEMFRAG_TRIGGER_DIRECT;
	struct mf_cmp_row *row;
	double runs;

	for (t = 0; t < MF_REC_NTRIG; t++)
		mf_cmp_counted(c, MF_COL(runs), mf_trigger_names[t], MF_COL(runs),
			       "runs/s", 1, mf_cmp_runs, &t);
	row = mf_cmp_row(c, "success", direct, "%");
	for (i = 0; i < c->nrec && row; i++) {
		runs = mf_cmp_runs(&c->r[i], &d);
		if (runs > 0)
			row->v[i] = 100 * c->r[i].sum.runs[d][MF_CMP_COMPACT_SUCCESS] / runs;
	}
	mf_cmp_counted(c, "stall", direct, "ms", "ms/s", 1e3, mf_cmp_stall, NULL);
	row = mf_cmp_row(c, "stall_mean", direct, "ms");
	for (i = 0; i < c->nrec && row; i++)
		if (c->r[i].sum.timed[d] > 0)
			row->v[i] = c->r[i].sum.total_us[d] /
				    c->r[i].sum.timed[d] / 1e3;
	for (q = 0; q < 3; q++) {
		row = mf_cmp_row(c, "stall_le", qn[q], "us");
		for (i = 0; i < c->nrec && row; i++)
			row->v[i] = mf_cmp_percentile(&c->r[i], qs[q]);
	}
}

static void mf_cmp_fallback_rows(struct mf_cmp *c)
{
	unsigned int p[2], i, nmt = mf_rec_nmt(), claims = 1;
	char key[64];
	double n;

	for (p[0] = 0; p[0] < nmt; p[0]++)
		for (p[1] = 0; p[1] < nmt; p[1]++) {
			for (i = 0, n = 0; i < c->nrec; i++)
				n += c->r[i].sum.fallbacks[p[0]][p[1]];
			if (n <= 0)
				continue;
			/* ASCII in the table's keys, an arrow in the pictures */
			snprintf(key, sizeof(key), "%s->%s",
				 mf_migratetype_names[p[0]],
				 mf_migratetype_names[p[1]]);
			mf_cmp_counted(c, MF_COL(fallbacks), key, MF_COL(fallbacks),
				       "1/s", 1, mf_cmp_pair, p);
		}
	mf_cmp_counted(c, "fallbacks_all", "all", MF_COL(fallbacks), "1/s", 1,
		       mf_cmp_fb_sum, "all");
	mf_cmp_counted(c, "fallbacks_all", MF_COL(fragmenting), MF_COL(fallbacks),
		       "1/s", 1, mf_cmp_fb_sum, MF_COL(fragmenting));
	/* claimed and stolen only where every recording's module says */
	for (i = 0; i < c->nrec; i++)
		claims &= c->r[i].rec.has_claim;
	if (!claims)
		return;
	mf_cmp_counted(c, "fallbacks_all", MF_COL(claimed), MF_COL(fallbacks), "1/s",
		       1, mf_cmp_fb_sum, MF_COL(claimed));
	mf_cmp_counted(c, "fallbacks_all", MF_COL(stolen), MF_COL(fallbacks), "1/s",
		       1, mf_cmp_fb_sum, MF_COL(stolen));
}

/* Where node is in r's nodes, or -1. */
static int mf_cmp_node_index(const struct mf_cmp_rec *r, int node)
{
	unsigned int k;

	for (k = 0; k < r->nnodes; k++)
		if (r->nodes[k] == node)
			return (int)k;
	return -1;
}

static void mf_cmp_gauge_rows(struct mf_cmp *c)
{
	struct mf_cmp_row *row, *end;
	int x;
	unsigned int i, o, k;
	char key[64];
	int node;

	for (o = 0; o < c->norders; o++) {
		snprintf(key, sizeof(key), "order_%u", o);
		row = mf_cmp_row(c, "free_blocks_mean", key, "blocks");
		for (i = 0; i < c->nrec && row; i++)
			row->v[i] = c->r[i].free_blocks[o];
	}
	row = mf_cmp_row(c, "unusable_mean", "huge_page", "index");
	for (i = 0; i < c->nrec && row; i++)
		row->v[i] = c->r[i].unusable_hp;
	/* the nodes of the first recording (the zones compared are shared) */
	for (k = 0; k < c->r[0].nnodes; k++) {
		node = c->r[0].nodes[k];
		snprintf(key, sizeof(key), "node_%d", node);
		row = mf_cmp_row(c, "score_mean", key, MF_COL(score));
		end = mf_cmp_row(c, "score_end", key, MF_COL(score));
		for (i = 0; i < c->nrec && row && end; i++) {
			x = mf_cmp_node_index(&c->r[i], node);
			if (x < 0)
				continue;
			row->v[i] = c->r[i].score_mean[x];
			end->v[i] = c->r[i].score_end[x];
		}
	}
}

void mf_cmp_rows(struct mf_cmp *c)
{
	struct mf_cmp_row *rec, *act;
	unsigned int i;

	c->nrows = 0;
	rec = mf_cmp_row(c, "seconds", "recorded", "s");
	act = mf_cmp_row(c, "seconds", "active", "s");
	for (i = 0; i < c->nrec; i++) {
		rec->v[i] = c->r[i].span;
		act->v[i] = c->r[i].active;
	}
	mf_cmp_run_rows(c);
	mf_cmp_fallback_rows(c);
	mf_cmp_gauge_rows(c);
}

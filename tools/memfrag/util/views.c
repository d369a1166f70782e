// SPDX-License-Identifier: GPL-2.0
/*
 * The subcommands' text views, and the table of views.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <memfrag/memfrag.h>

#include "names.h"
#include "pivot.h"
#include "schema.h"
#include "table.h"
#include "views.h"

/* The tracepoints the views' titles name. */
#define MF_TP_NAME_(id, system, name, what)				\
	[MEMFRAG_TP_##id] = #name,
static const char *const mf_tp_names[MEMFRAG_NR_TP] = {
	MEMFRAG_TRACEPOINTS(MF_TP_NAME_)
};

#define TP(id)	mf_tp_names[MEMFRAG_TP_##id]

/*
 * Tracepoint id's name without what it shares with tracepoint first's,
 * up to an '_': DEFER_RESET's is "_defer_reset" after DEFERRED's.
 */
static const char *mf_tp_tail(enum memfrag_tp_id id, enum memfrag_tp_id first)
{
	const char *a = mf_tp_names[first], *b = mf_tp_names[id];
	size_t i, cut = 0;

	for (i = 0; a[i] && a[i] == b[i]; i++)
		if (a[i] == '_')
			cut = i;
	return b + cut;
}

#define SEC(f, name)	mf_section((f), MF_SEC(name))

static void mf_none(FILE *out)
{
	fputs("  none\n", out);
}

/* Whether any row of s has order -1 (the whole zone). */
static int mf_has_whole_zone(const struct mf_section *s, const char *col)
{
	unsigned int i;

	for (i = 0; s && i < s->nrow; i++)
		if (mf_int(s, &s->rows[i], col) == -1)
			return 1;
	return 0;
}

static void mf_whole_zone_note(FILE *out)
{
	fputs("  order -1: the whole zone (compact_memory, proactive compaction)\n",
	      out);
}

/* The columns of s's spec that hold values, not keys; returns how many. */
static unsigned int mf_value_cols(const struct mf_file *f,
				  const struct mf_section *s,
				  const char *cols[MF_MAX_COLS])
{
	const struct mf_secspec *ss = mf_secspec(f, s);
	const struct mf_colspec *c;
	unsigned int n = 0;

	for (c = ss ? ss->cols : NULL; c && c->name; c++)
		if (!mf_is_key_type(c->type))
			cols[n++] = c->name;
	return n;
}

/* A table of zones: "zone", then n columns headed cols. */
static void mf_zone_table(struct mf_table *t, const char *const *cols,
			  unsigned int n)
{
	unsigned int c;

	mf_table_init(t, n + 1);
	mf_table_head(t, 0, "node:zone", MF_LEFT);
	for (c = 0; c < n; c++)
		mf_table_head(t, c + 1, cols[c], MF_RIGHT);
}

void mf_table_zone(struct mf_table *t, const struct mf_section *s,
		   const struct mf_row *r)
{
	mf_table_row(t);
	mf_table_cell(t, "%s:%s", mf_str(s, r, MF_COL(node)),
		      mf_str(s, r, MF_COL(zone)));
}

/* runs ---------------------------------------------------------------- */

static void mf_view_runs(FILE *out, struct mf_file *const *f)
{
	const struct mf_section *runs = SEC(f[0], runs);
	const struct mf_section *begins = SEC(f[0], begins);
	static const struct mf_head heads[] = {
		{ "node:zone", MF_LEFT }, { MF_COL(begins), MF_RIGHT },
		{ "ended", MF_RIGHT },
	};
	struct mf_pivot p = {
		.s = runs,
		.rowkeys = { MF_KEY_ZONE, MF_KEY(trigger), MF_KEY(mode) },
		.colkey = MF_COL(result),
		.value = MF_COL(runs),
		.names = mf_result_names,
		.totals = 1,
	};
	struct mf_table t;
	unsigned int i, k;

	fprintf(out, "Compaction runs by result (%s)\n", TP(END));
	if (!mf_pivot_print(&p, out, 2))
		mf_none(out);

	fprintf(out, "\nCompaction runs started (%s) and ended\n", TP(BEGIN));
	if (!begins->nrow) {
		mf_none(out);
		return;
	}
	mf_table_init_heads(&t, heads, MF_ARRAY_SIZE(heads));
	for (i = 0; i < begins->nrow; i++) {
		const struct mf_row *b = &begins->rows[i];
		unsigned long long ended = 0;

		for (k = 0; k < runs->nrow; k++)
			if (mf_same_zone(runs, &runs->rows[k], begins, b))
				ended += mf_u64z(runs, &runs->rows[k],
						 MF_COL(runs));
		mf_table_zone(&t, begins, b);
		mf_table_u64(&t, mf_u64z(begins, b, MF_COL(begins)));
		mf_table_u64(&t, ended);
	}
	mf_table_print(&t, out, 2);
	mf_table_free(&t);
}

/* latency ------------------------------------------------------------- */

#define MF_HIST_WIDTH	40
#define MF_MAX_BUCKETS	65

/* Whether rows a of sa and b of sb are of one histogram. */
static int mf_same_hist(const struct mf_section *sa, const struct mf_row *a,
			const struct mf_section *sb, const struct mf_row *b)
{
	return mf_same_zone(sa, a, sb, b) &&
	       !strcmp(mf_str(sa, a, MF_COL(trigger)),
		       mf_str(sb, b, MF_COL(trigger)));
}

/* Rows a and b of s in one histogram: of one zone, or merged over zones. */
static int mf_hist_match(const struct mf_section *s, const struct mf_row *a,
			 const struct mf_row *b, int merged)
{
	return merged ? !strcmp(mf_str(s, a, MF_COL(trigger)),
				mf_str(s, b, MF_COL(trigger))) :
			mf_same_hist(s, a, s, b);
}

/* The percentiles under each histogram, in percent. */
static const unsigned int mf_hist_pct[] = { 50, 90, 99 };

/*
 * Under a histogram: the upper bound of the bucket that holds the run at
 * each percentile (the first whose running count reaches pct% of all).
 */
static void mf_hist_percentiles(FILE *out, const unsigned long long *count,
				const int *open_end, unsigned int top)
{
	unsigned long long all = 0, sum, want;
	unsigned int b, p;
	char line[256];
	size_t len = 0;

	for (b = 0; b <= top; b++)
		all += count[b];
	if (!all)
		return;
	for (p = 0; p < MF_ARRAY_SIZE(mf_hist_pct) && len < sizeof(line);
	     p++) {
		want = (all * mf_hist_pct[p] + 99) / 100;
		for (b = 0, sum = 0; b < top && sum + count[b] < want; b++)
			sum += count[b];
		if (open_end[b])
			len += snprintf(line + len, sizeof(line) - len,
					"p%u inf, ", mf_hist_pct[p]);
		else
			len += snprintf(line + len, sizeof(line) - len,
					"p%u <= %llu us, ", mf_hist_pct[p],
					mf_log2_to(b));
	}
	if (len >= 2 && len < sizeof(line))
		line[len - 2] = '\0';	/* the last ", " */
	mf_note(out, "  %s (bucket upper bounds)\n", line);
}

/* bcc's print_log2_hist(): "|****    |" bars scaled to the largest count. */
static void mf_print_hist(FILE *out, const struct mf_section *s,
			  const struct mf_row *first, int merged)
{
	unsigned long long count[MF_MAX_BUCKETS] = { 0 }, max = 0;
	int open_end[MF_MAX_BUCKETS] = { 0 };
	unsigned int i, b, top = 0;
	char stars[MF_HIST_WIDTH + 1], hi[24];
	static const struct mf_head heads[] = {
		{ "usecs", MF_RIGHT }, { MF_COL(count), MF_RIGHT },
		{ "distribution", MF_LEFT },
	};
	struct mf_table t;

	for (i = 0; i < s->nrow; i++) {
		const struct mf_row *r = &s->rows[i];

		if (!mf_hist_match(s, r, first, merged))
			continue;
		b = mf_log2_bucket(mf_u64z(s, r, MF_COL(usecs_from)));
		if (b >= MF_MAX_BUCKETS)
			continue;
		count[b] += mf_u64z(s, r, MF_COL(count));
		open_end[b] = !strcmp(mf_str(s, r, MF_COL(usecs_to)), "inf");
		top = b > top ? b : top;
	}
	for (b = 0; b <= top; b++)
		max = count[b] > max ? count[b] : max;
	/* one token a cell: the bucket as lo-hi, the bar open on the right */
	mf_table_init_heads(&t, heads, MF_ARRAY_SIZE(heads));
	for (b = 0; b <= top; b++) {
		unsigned long long lo = mf_log2_from(b);
		unsigned int n = max ? (unsigned int)
			((long double)count[b] * MF_HIST_WIDTH / max) : 0;

		if (open_end[b])
			snprintf(hi, sizeof(hi), "inf");
		else
			snprintf(hi, sizeof(hi), "%llu", mf_log2_to(b));
		memset(stars, '*', n);
		stars[n] = '\0';
		mf_table_row(&t);
		mf_table_cell(&t, "%llu-%s", lo, hi);
		mf_table_u64(&t, count[b]);
		mf_table_cell(&t, "|%s", stars);
	}
	mf_table_print(&t, out, 2);
	mf_table_free(&t);
	mf_hist_percentiles(out, count, open_end, top);
}

/* Runs and their total time of the histogram of lat's row r, from timed. */
static void mf_hist_runs(const struct mf_section *lat, const struct mf_row *r,
			 const struct mf_section *timed, int merged,
			 unsigned long long *runs, unsigned long long *total)
{
	unsigned int k;

	*runs = 0;
	*total = 0;
	for (k = 0; k < timed->nrow; k++) {
		const struct mf_row *t = &timed->rows[k];

		if (merged ? !strcmp(mf_str(timed, t, MF_COL(trigger)),
				     mf_str(lat, r, MF_COL(trigger))) :
			     mf_same_hist(timed, t, lat, r)) {
			*runs += mf_u64z(timed, t, MF_COL(runs));
			*total += mf_u64z(timed, t, MF_COL(total_us));
		}
	}
}

/*
 * Each trigger's histograms merged over nodes and zones, where it has more
 * than one (one zone's is shown already).
 */
static void mf_latency_merged(FILE *out, const struct mf_section *lat,
			      const struct mf_section *timed)
{
	unsigned long long runs, total;
	unsigned int i, k, zones;

	for (i = 0; i < lat->nrow; i++) {
		const struct mf_row *r = &lat->rows[i];

		for (k = 0; k < i; k++)
			if (mf_hist_match(lat, &lat->rows[k], r, 1))
				break;
		if (k < i)
			continue;	/* this trigger is done */
		for (k = i, zones = 0; k < lat->nrow; k++)
			if (mf_hist_match(lat, &lat->rows[k], r, 1) &&
			    !mf_same_zone(lat, &lat->rows[k], lat, r))
				zones++;
		if (!zones)
			continue;
		mf_hist_runs(lat, r, timed, 1, &runs, &total);
		fprintf(out, "\nall nodes and zones, trigger %s: %llu runs, mean %llu us, total %llu us\n",
			mf_str(lat, r, MF_COL(trigger)), runs,
			runs ? total / runs : 0, total);
		mf_print_hist(out, lat, r, 1);
	}
}

static void mf_view_latency(FILE *out, struct mf_file *const *f)
{
	const struct mf_section *lat = SEC(f[0], latency);
	const struct mf_section *timed = SEC(f[0], timed);
	unsigned int i, k, shown = 0;

	fprintf(out, "Compaction run latency (%s to %s)\n", TP(BEGIN),
		TP(END));
	for (i = 0; i < lat->nrow; i++) {
		const struct mf_row *r = &lat->rows[i];
		unsigned long long runs, total;

		for (k = 0; k < i; k++)
			if (mf_same_hist(lat, &lat->rows[k], lat, r))
				break;
		if (k < i)
			continue;	/* already shown */
		mf_hist_runs(lat, r, timed, 0, &runs, &total);
		fprintf(out, "\nnode %s zone %s, trigger %s: %llu runs, mean %llu us, total %llu us\n",
			mf_str(lat, r, MF_COL(node)),
			mf_str(lat, r, MF_COL(zone)),
			mf_str(lat, r, MF_COL(trigger)), runs,
			runs ? total / runs : 0, total);
		mf_print_hist(out, lat, r, 0);
		shown++;
	}
	if (!shown)
		mf_none(out);
	else
		mf_latency_merged(out, lat, timed);
}

/* direct -------------------------------------------------------------- */

static void mf_view_direct(FILE *out, struct mf_file *const *f)
{
	static const struct {
		const char *section, *title;
		enum memfrag_tp_id tp;
	} results[] = {
		{ MF_SEC(suitable), "compaction_suitable() results",
		  MEMFRAG_TP_SUITABLE },
		{ MF_SEC(finished),
		  "__compact_finished() results, one per iteration",
		  MEMFRAG_TP_FINISHED },
	};
	/* the deferral sections, headed by their names */
	static const char *const defers[] = {
		MF_SEC(deferred), MF_SEC(defer_compaction), MF_SEC(defer_reset)
	};
	static const struct mf_key keys[] = {
		MF_KEY_ZONE, MF_KEY(order), { 0 }
	};
	const struct mf_section *defer[MF_ARRAY_SIZE(defers)];
	struct mf_pivot p = {
		.s = SEC(f[0], try_to_compact_pages),
		.rowkeys = { MF_KEY(order) },
		.colkey = MF_COL(prio),
		.value = MF_COL(count),
		.names = mf_prio_names,
		.totals = 1,
	};
	struct mf_pivot q = {
		.rowkeys = { MF_KEY_ZONE, MF_KEY(order) },
		.colkey = MF_COL(result),
		.value = MF_COL(count),
		.names = mf_result_names,
		.totals = 1,
	};
	unsigned int i;
	int whole = 0;

	fprintf(out, "Direct compaction requests by order and priority\n(%s)\n",
		TP(TRY_TO_COMPACT_PAGES));
	if (!mf_pivot_print(&p, out, 2))
		mf_none(out);
	whole |= mf_has_whole_zone(p.s, MF_COL(order));

	for (i = 0; i < MF_ARRAY_SIZE(results); i++) {
		q.s = mf_section(f[0], results[i].section);
		fprintf(out, "\n%s (%s)\n", results[i].title,
			mf_tp_names[results[i].tp]);
		if (!mf_pivot_print(&q, out, 2))
			mf_none(out);
		whole |= mf_has_whole_zone(q.s, MF_COL(order));
	}

	fprintf(out, "\nDeferred compaction (%s, %s, %s)\n", TP(DEFERRED),
		mf_tp_tail(MEMFRAG_TP_DEFER_COMPACTION, MEMFRAG_TP_DEFERRED),
		mf_tp_tail(MEMFRAG_TP_DEFER_RESET, MEMFRAG_TP_DEFERRED));
	for (i = 0; i < MF_ARRAY_SIZE(defers); i++)
		defer[i] = mf_section(f[0], defers[i]);
	if (!mf_join_print(defer, defers, MF_ARRAY_SIZE(defers), keys,
			   MF_COL(count), out, 2))
		mf_none(out);
	for (i = 0; i < MF_ARRAY_SIZE(defers); i++)
		whole |= mf_has_whole_zone(defer[i], MF_COL(order));
	if (whole) {
		fputc('\n', out);
		mf_whole_zone_note(out);
	}
}

/* kcompactd ----------------------------------------------------------- */

/*
 * By node and order only: a request names the highest zone the
 * allocation may use, kcompactd's wake-up the highest it compacts, which
 * differ for the same request.  Text and JSON show the same rows.
 */
static const char *const mf_wake_secs[] = {
	MF_SEC(wakeup_kcompactd), MF_SEC(kcompactd_wake)
};
static const char *const mf_wake_heads[] = { "requested", "taken" };
static const struct mf_key mf_wake_keys[] = {
	MF_KEY_NODE, MF_KEY(order), { 0 }
};
static const char *const mf_sleep_head[] = { "sleeps" };
static const struct mf_key mf_sleep_keys[] = { MF_KEY_NODE, { 0 } };

static void mf_kcompactd_secs(struct mf_file *const *f,
			      const struct mf_section **wake,
			      const struct mf_section **sleep)
{
	unsigned int i;

	for (i = 0; i < MF_ARRAY_SIZE(mf_wake_secs); i++)
		wake[i] = mf_section(f[0], mf_wake_secs[i]);
	*sleep = SEC(f[0], kcompactd_sleep);
}

static void mf_view_kcompactd(FILE *out, struct mf_file *const *f)
{
	const struct mf_section *wake[MF_ARRAY_SIZE(mf_wake_secs)], *sleep;

	mf_kcompactd_secs(f, wake, &sleep);
	fprintf(out, "kcompactd wake-ups requested (%s)\nand taken (%s), by node and order\n",
		TP(WAKEUP_KCOMPACTD), TP(KCOMPACTD_WAKE));
	if (!mf_join_print(wake, mf_wake_heads, MF_ARRAY_SIZE(wake),
			   mf_wake_keys, MF_COL(count), out, 2))
		mf_none(out);
	if (mf_has_whole_zone(wake[0], MF_COL(order)) ||
	    mf_has_whole_zone(wake[1], MF_COL(order)))
		mf_whole_zone_note(out);
	fprintf(out, "\nkcompactd sleeps (%s)\n", TP(KCOMPACTD_SLEEP));
	if (!mf_join_print(&sleep, mf_sleep_head, 1, mf_sleep_keys,
			   MF_COL(count), out, 2))
		mf_none(out);
}

/* The text's rows: wakeups [{node, order, requested, taken}], sleeps. */
static void mf_json_kcompactd(struct mf_json *j, struct mf_file *const *f)
{
	const struct mf_section *wake[MF_ARRAY_SIZE(mf_wake_secs)], *sleep;

	mf_kcompactd_secs(f, wake, &sleep);
	mf_join_json(wake, mf_wake_heads, MF_ARRAY_SIZE(wake), mf_wake_keys,
		     MF_COL(count), j, "wakeups");
	mf_join_json(&sleep, mf_sleep_head, 1, mf_sleep_keys, MF_COL(count), j,
		     "sleeps");
}

/* migration ----------------------------------------------------------- */

static void mf_view_migration(FILE *out, struct mf_file *const *f)
{
	const struct mf_section *s = SEC(f[0], migration);
	const char *unreported = mf_kv(f[0], "unreported");
	unsigned long long total[MF_MAX_COLS] = { 0 };
	int missing[MF_MAX_COLS] = { 0 };
	const char *cols[MF_MAX_COLS];
	const unsigned int n = mf_value_cols(f[0], s, cols);
	struct mf_table t;
	unsigned int i, c;
	uint64_t v;

	fputs("Compaction scanners and page migration, in pages\n", out);
	if (!s->nrow) {
		mf_none(out);
		return;
	}
	mf_zone_table(&t, cols, n);
	for (i = 0; i < s->nrow; i++) {
		const struct mf_row *r = &s->rows[i];

		if (!strcmp(mf_str(s, r, MF_COL(node)), "-")) {
			mf_table_row(&t);
			mf_table_cell(&t, "%s (no compaction run)",
				      mf_str(s, r, MF_COL(zone)));
		} else {
			mf_table_zone(&t, s, r);
		}
		for (c = 0; c < n; c++) {
			if (mf_u64(s, r, cols[c], &v)) {
				missing[c] = 1;
				mf_table_cell(&t, "%s", "-");
				continue;
			}
			total[c] += v;
			mf_table_u64(&t, v);
		}
	}
	if (s->nrow > 1) {
		mf_table_row(&t);
		mf_table_cell(&t, "%s", "total");
		for (c = 0; c < n; c++) {
			if (missing[c])
				mf_table_cell(&t, "%s", "-");
			else
				mf_table_u64(&t, total[c]);
		}
	}
	mf_table_print(&t, out, 2);
	mf_table_free(&t);
	if (unreported && strcmp(unreported, "none"))
		fprintf(out, "  -: not reported by this kernel (%s)\n",
			unreported);
}

/* extfrag ------------------------------------------------------------- */

struct mf_zone_filter {
	const struct mf_section *s;	/* the zone: that of row r of s */
	const struct mf_row *r;
	int fragmenting;	/* -1: any */
	long long pageblock_order;	/* -1: unknown */
};

static int mf_zone_match(const struct mf_section *s, const struct mf_row *r,
			 const void *arg)
{
	const struct mf_zone_filter *zf = arg;

	return mf_same_zone(s, r, zf->s, zf->r) &&
	       (zf->fragmenting < 0 ||
		mf_int(s, r, MF_COL(fragmenting)) == zf->fragmenting);
}

static int mf_below_pageblock(long long order, const void *arg)
{
	const struct mf_zone_filter *zf = arg;

	return order < zf->pageblock_order;
}

/* Whether secs[k]'s row i is in a zone an earlier row of secs[0..k] has. */
static int mf_zone_seen(const struct mf_section *const *secs, unsigned int k,
			unsigned int i)
{
	const struct mf_row *r = &secs[k]->rows[i];
	unsigned int j, l, n;

	for (j = 0; j <= k; j++) {
		n = j < k ? secs[j]->nrow : i;
		for (l = 0; l < n; l++)
			if (mf_same_zone(secs[j], &secs[j]->rows[l], secs[k], r))
				return 1;
	}
	return 0;
}

/* The fallbacks of zf's zone in s: the alloc column by the fallback one. */
static struct mf_pivot mf_fallback_pivot(const struct mf_section *s,
					 const char *alloc,
					 const char *fallback,
					 const struct mf_zone_filter *zf)
{
	struct mf_pivot p = {
		.s = s,
		.rowkeys = { { alloc, { alloc }, 0 } },
		.colkey = fallback,
		.value = MF_COL(count),
		.filter = mf_zone_match,
		.arg = zf,
		.totals = 1,
	};

	return p;
}

/* The fallbacks in the zone of row zr of zs. */
/*
 * Format 3: each fallback claimed the whole pageblock for the allocation's
 * migratetype, or stole pages from a block that keeps its type (worse: the
 * block is mixed from then on).
 */
static void mf_extfrag_claims(FILE *out, const struct mf_section *s,
			      const struct mf_zone_filter *zf)
{
	static const struct mf_head heads[] = {
		{ "alloc_type>fallback_type", MF_LEFT },
		{ MF_COL(fragmenting), MF_RIGHT },
		{ MF_COL(claimed), MF_RIGHT }, { MF_COL(stolen), MF_RIGHT },
		{ "severity", MF_LEFT },
	};
	struct mf_table t;
	unsigned int i, n = 0;

	if (!s)
		return;
	fputs("  claimed (the pageblock changed type) or stolen (pages taken, the block\n"
	      "  keeps its type and is mixed)\n", out);
	mf_table_init_heads(&t, heads, MF_ARRAY_SIZE(heads));
	for (i = 0; i < s->nrow; i++) {
		const struct mf_row *r = &s->rows[i];

		if (!mf_zone_match(s, r, zf))
			continue;
		mf_table_row(&t);
		mf_table_cell(&t, "%s>%s", mf_str(s, r, MF_COL(alloc_type)),
			      mf_str(s, r, MF_COL(fallback_type)));
		mf_table_cell(&t, "%s", mf_str(s, r, MF_COL(fragmenting)));
		mf_table_cell(&t, "%s", mf_str(s, r, MF_COL(claimed)));
		mf_table_cell(&t, "%s", mf_str(s, r, MF_COL(stolen)));
		/* A fragmenting row's every fallback mixed its block. */
		mf_table_cell(&t, "%s", mf_fallback_severity(
			mf_str(s, r, MF_COL(alloc_type)),
			mf_str(s, r, MF_COL(fallback_type)),
			(double)mf_u64z(s, r, MF_COL(fragmenting))));
		n++;
	}
	if (n)
		mf_table_print(&t, out, 2);
	else
		mf_none(out);
	mf_table_free(&t);
}

static void mf_extfrag_zone(FILE *out, const struct mf_file *f,
			    const struct mf_section *zs,
			    const struct mf_row *zr)
{
	const struct mf_section *ord = SEC(f, order);
	const struct mf_section *mt = SEC(f, migratetype);
	long long pb = mf_kv_int(f, "pageblock_order");
	struct mf_zone_filter zf = { zs, zr, -1, pb };
	struct mf_zone_filter frag = { zs, zr, 1, pb };
	unsigned long long total = 0, fragmenting = 0;
	struct mf_pivot p = mf_fallback_pivot(ord, MF_COL(alloc_order),
					      MF_COL(fallback_order), &zf);
	struct mf_pivot q = mf_fallback_pivot(mt, MF_COL(alloc_type),
					      MF_COL(fallback_type), &zf);
	unsigned int i;

	p.fill_rows = 1;
	p.fill_cols = 1;
	p.mark = mf_below_pageblock;
	q.names = mf_migratetype_names;
	q.row_names = mf_migratetype_names;

	for (i = 0; i < ord->nrow; i++)
		if (mf_zone_match(ord, &ord->rows[i], &zf)) {
			total += mf_u64z(ord, &ord->rows[i], MF_COL(count));
			if (mf_int(ord, &ord->rows[i],
				   MF_COL(fragmenting)) == 1)
				fragmenting += mf_u64z(ord, &ord->rows[i],
						       MF_COL(count));
		}
	fprintf(out, "\nnode %s zone %s: %llu fallbacks, %llu fragmenting\n",
		mf_str(zs, zr, MF_COL(node)), mf_str(zs, zr, MF_COL(zone)),
		total, fragmenting);
	fputs("  by order: alloc_order (rows) by fallback_order (columns)", out);
	if (pb >= 0)
		fprintf(out, ",\n  *: fragmenting (below pageblock_order %lld)",
			pb);
	fputc('\n', out);
	if (!mf_pivot_print(&p, out, 2))
		mf_none(out);
	fputs("  by migratetype: alloc_type (rows) by fallback_type (columns)\n",
	      out);
	if (!mf_pivot_print(&q, out, 2))
		mf_none(out);
	q.arg = &frag;
	for (i = 0; i < mt->nrow; i++)
		if (mf_zone_match(mt, &mt->rows[i], &frag))
			break;
	if (i < mt->nrow) {
		fputs("  fragmenting fallbacks by migratetype\n", out);
		mf_pivot_print(&q, out, 2);
	}
	mf_extfrag_claims(out, SEC(f, claims), &zf);
}

static void mf_view_extfrag(FILE *out, struct mf_file *const *f)
{
	const struct mf_section *secs[2] = {
		SEC(f[0], order), SEC(f[0], migratetype)
	};
	const struct mf_section *own = SEC(f[0], ownership);
	unsigned int i, k, shown = 0;

	fprintf(out, "Allocations that fell back to another migratetype (%s),\npageblock_order %s\n",
		TP(PAGE_ALLOC_EXTFRAG), mf_kv(f[0], "pageblock_order"));
	/* each zone once, in the order zones first appear */
	for (k = 0; k < MF_ARRAY_SIZE(secs); k++)
		for (i = 0; i < secs[k]->nrow; i++) {
			if (mf_zone_seen(secs, k, i))
				continue;
			mf_extfrag_zone(out, f[0], secs[k], &secs[k]->rows[i]);
			shown++;
		}
	if (!shown)
		mf_none(out);
	if (own && *own->header)
		mf_note(out, "\nownership: %s\n", own->header);
}

/* zones --------------------------------------------------------------- */

static void mf_orders_table(FILE *out, const struct mf_section *s,
			    const char *title)
{
	unsigned int n = mf_norders(s), i, o;
	int by_type = mf_col(s, MF_COL(migratetype)) >= 0;
	struct mf_table t;

	fprintf(out, "\n%s\n", title);
	if (!s->nrow) {
		mf_none(out);
		return;
	}
	/* the order columns, "0" to "n - 1" (mf_validate() checked) */
	mf_zone_table(&t, (const char *const *)&s->col[s->ncol - n], n);
	if (by_type)
		mf_table_head(&t, 0, "node:zone:type", MF_LEFT);
	for (i = 0; i < s->nrow; i++) {
		if (by_type) {
			mf_table_row(&t);
			mf_table_cell(&t, "%s:%s:%s",
				      mf_str(s, &s->rows[i], MF_COL(node)),
				      mf_str(s, &s->rows[i], MF_COL(zone)),
				      mf_str(s, &s->rows[i],
					     MF_COL(migratetype)));
		} else {
			mf_table_zone(&t, s, &s->rows[i]);
		}
		for (o = 0; o < n; o++)
			mf_table_cell(&t, "%s",
				      mf_order_tok(s, &s->rows[i], o));
	}
	mf_table_print(&t, out, 2);
	mf_table_free(&t);
}

/* Format 3: free blocks and pageblocks by migratetype (/proc/pagetypeinfo). */
static void mf_zones_by_type(FILE *out, const struct mf_file *f)
{
	const struct mf_section *fb = SEC(f, free_blocks_by_type);
	struct mf_pivot p = {
		.s = SEC(f, pageblocks),
		.rowkeys = { MF_KEY_ZONE },
		.colkey = MF_COL(migratetype),
		.value = MF_COL(pageblocks),
		.names = mf_migratetype_names,
		.totals = 1,
	};

	if (!fb || !p.s) {
		fputs("\nFree blocks and pageblocks by migratetype: not in this format (3 on)\n",
		      out);
		return;
	}
	mf_orders_table(out, fb,
			"Free blocks by migratetype and order (/proc/pagetypeinfo; 100000: at least)");
	fputs("\nPageblocks by migratetype (/proc/pagetypeinfo)\n", out);
	if (!mf_pivot_print(&p, out, 2))
		mf_none(out);
}

static void mf_view_zones(FILE *out, struct mf_file *const *f)
{
	const struct mf_section *zones = SEC(f[0], zones);
	const struct mf_section *nodes = SEC(f[0], nodes);
	const char *pro = mf_kv(f[0], "compaction_proactiveness");
	const char *cols[MF_MAX_COLS];
	const unsigned int n = mf_value_cols(f[0], zones, cols);
	struct mf_table t;
	unsigned int i, c;
	char page[64];

	if (!pro || !strcmp(pro, "unknown"))
		mf_note(out, "compaction_proactiveness unknown (no /proc/sys/vm/compaction_proactiveness, or no copy of it in the -d directory): kcompactd's thresholds unknown (score order %s)\n",
			mf_kv(f[0], "score_order"));
	else if (!strcmp(pro, "0"))
		mf_note(out, "compaction_proactiveness 0: proactive compaction is off (score order %s)\n",
			mf_kv(f[0], "score_order"));
	else
		mf_note(out, "compaction_proactiveness %s: kcompactd compacts a node whose score exceeds %s, down to %s (score order %s)\n",
			pro, mf_kv(f[0], "score_high"),
			mf_kv(f[0], "score_low"), mf_kv(f[0], "score_order"));

	mf_note(out, "\nZones, in pages of %s; score: its share of its node's fragmentation score\n",
		mf_page_size_text(f[0], page, sizeof(page)));
	mf_zone_table(&t, cols, n);
	for (i = 0; i < zones->nrow; i++) {
		const struct mf_row *r = &zones->rows[i];

		mf_table_zone(&t, zones, r);
		for (c = 0; c < n; c++)
			mf_table_cell(&t, "%s", mf_str(zones, r, cols[c]));
	}
	mf_table_print(&t, out, 2);
	mf_table_free(&t);

	fputs("\nNodes: fragmentation score (0..100) proactive compaction acts on\n",
	      out);
	mf_table_init(&t, 2);
	mf_table_head(&t, 0, MF_COL(node), MF_LEFT);
	mf_table_head(&t, 1, MF_COL(score), MF_RIGHT);
	for (i = 0; i < nodes->nrow; i++) {
		mf_table_row(&t);
		mf_table_cell(&t, "%s", mf_str(nodes, &nodes->rows[i],
						    MF_COL(node)));
		mf_table_cell(&t, "%s", mf_str(nodes, &nodes->rows[i],
					       MF_COL(score)));
	}
	mf_table_print(&t, out, 2);
	mf_table_free(&t);

	mf_orders_table(out, SEC(f[0], free_blocks),
			"Free blocks by order (/proc/buddyinfo)");
	mf_orders_table(out, SEC(f[0], unusable_index),
			"Unusable free space index by order: 0 all free memory is usable, 1 none");
	mf_orders_table(out, SEC(f[0], fragmentation_index),
			"Fragmentation index by order: -1 a free block exists; towards 0 low\nmemory, towards 1 fragmentation");
	if (f[0]->format < MEMFRAG_FORMAT_PAGETYPES)
		mf_zones_by_type(out, f[0]);
	else
		fputs("\nBy migratetype: memfrag pagetypes (it walks every free list, as\n/proc/pagetypeinfo does)\n",
		      out);
}

/* pagetypes ------------------------------------------------------------ */

static void mf_view_pagetypes(FILE *out, struct mf_file *const *f)
{
	char page[64];

	mf_note(out, "Blocks in pages of %s\n",
		mf_page_size_text(f[0], page, sizeof(page)));
	mf_zones_by_type(out, f[0]);
}

/* status -------------------------------------------------------------- */

static void mf_view_status(FILE *out, struct mf_file *const *f)
{
	const struct mf_section *tp = mf_section(f[0], "");
	static const struct mf_head heads[] = {
		{ MF_COL(tracepoint), MF_LEFT }, { MF_COL(state), MF_LEFT },
		{ MF_COL(hits), MF_RIGHT },
	};
	struct mf_table t;
	unsigned int i, c;
	char page[64];

	mf_note(out, "memfrag module %s (format %lld), kernel %s, tool %s\n",
		f[0]->version, f[0]->format, mf_kv(f[0], "kernel"),
		MEMFRAG_VERSION);
	if (mf_kv(f[0], MF_KEY_LOAD_ID))
		mf_note(out, "load id: %s, resets since load: %s\n",
			mf_kv(f[0], MF_KEY_LOAD_ID),
			mf_kv(f[0], MF_KEY_RESET_GENERATION));
	fprintf(out, "memory: %s bytes\n", mf_kv(f[0], "memory_bytes"));
	mf_note(out, "page size: %s\n",
		mf_page_size_text(f[0], page, sizeof(page)));
	mf_note(out, "drops: %s\n", mf_kv(f[0], "drops"));
	mf_print_events(out, f[0]);
	mf_note(out, "tracepoints: %s\n\n", mf_kv(f[0], "tracepoints"));
	/* one more column: what a row has after the columns (error=-22) */
	mf_table_init(&t, MF_ARRAY_SIZE(heads) + 1);
	for (c = 0; c < MF_ARRAY_SIZE(heads); c++)
		mf_table_head(&t, c, heads[c].name, heads[c].align);
	mf_table_head(&t, c, "detail", MF_LEFT);
	for (i = 0; i < tp->nrow; i++) {
		const struct mf_row *r = &tp->rows[i];

		mf_table_row(&t);
		for (c = 0; c < MF_ARRAY_SIZE(heads); c++)
			mf_table_cell(&t, "%s", mf_str(tp, r, heads[c].name));
		if (r->ntok > tp->ncol)
			mf_table_cell(&t, "%s", r->tok[tp->ncol]);
	}
	mf_table_print(&t, out, 0);
	mf_table_free(&t);
}

/* the table ----------------------------------------------------------- */

/* tasks --------------------------------------------------------------- */

/* A section as the module printed it, columns by their names. */
static void mf_plain_section(FILE *out, const struct mf_section *s)
{
	struct mf_table t;
	unsigned int c, i;

	if (!s || !s->nrow) {
		mf_none(out);
		return;
	}
	mf_table_init(&t, s->ncol);
	for (c = 0; c < s->ncol; c++)
		mf_table_head(&t, c, s->col[c], MF_LEFT);
	for (i = 0; i < s->nrow; i++) {
		mf_table_row(&t);
		for (c = 0; c < s->ncol && c < s->rows[i].ntok; c++)
			mf_table_cell(&t, "%s", s->rows[i].tok[c]);
	}
	mf_table_autoalign(&t);
	mf_table_print(&t, out, 2);
	mf_table_free(&t);
}

static void mf_view_tasks(FILE *out, struct mf_file *const *f)
{
	fputs("Tasks by time in direct compaction, heaviest first (<irq>: interrupts)\n",
	      out);
	mf_plain_section(out, mf_section(f[0], MF_SEC(direct)));
	fputs("\nTasks by allocations that fell back to another migratetype\n",
	      out);
	mf_plain_section(out, mf_section(f[0], MF_SEC(extfrag)));
	fputs("  error: the most by which a row can overstate its task (0 unless the\n"
	      "  module's per-CPU table overflowed)\n", out);
}

static void mf_json_files(struct mf_json *j, struct mf_file *const *f)
{
	mf_json_file(j, f[0]);
}

#define MF_SUMMARY_FILE_(id)	MEMFRAG_FILE_##id,
/* A view of one file, shown by mf_view_<name>(), as JSON the whole file. */
#define MF_VIEW(name, id, help)						\
	{ #name, help, { MEMFRAG_FILE_##id }, mf_view_##name, mf_json_files, NULL }

/* The same, its JSON by mf_json_<name>(). */
#define MF_VIEW_JSON(name, id, help)					\
	{ #name, help, { MEMFRAG_FILE_##id }, mf_view_##name, mf_json_##name, \
	  NULL }

const struct mf_view mf_views[] = {
	{ "summary", "compaction, stalls, fallbacks and zones (the default)",
	  { MF_SUMMARY_FILES(MF_SUMMARY_FILE_) },
	  mf_summary_text, mf_summary_json, mf_summary_line },
	MF_VIEW(runs, COMPACTION,
		"compaction runs by zone, trigger, mode and result"),
	MF_VIEW(latency, LATENCY, "compaction run latency histograms"),
	MF_VIEW(direct, DIRECT,
		"direct compaction requests, results and deferrals"),
	MF_VIEW_JSON(kcompactd, KCOMPACTD, "kcompactd wake-ups and sleeps"),
	MF_VIEW(migration, MIGRATION, "pages scanned, isolated and migrated"),
	MF_VIEW(extfrag, EXTFRAG,
		"migratetype fallbacks as order and type matrices"),
	MF_VIEW(zones, ZONES,
		"zones now: pages, watermarks, free blocks, indexes, scores"),
	MF_VIEW(pagetypes, PAGETYPES,
		"free blocks and pageblocks by migratetype (walks every free list)"),
	MF_VIEW(status, STATUS,
		"module version, tracepoints and their hits, drops"),
	MF_VIEW(tasks, TASKS,
		"tasks by direct compaction time and by fallbacks"),
};

const unsigned int mf_nviews = MF_ARRAY_SIZE(mf_views);

const struct mf_view *mf_view_find(const char *name)
{
	unsigned int i;

	for (i = 0; i < mf_nviews; i++)
		if (mf_views[i].name && !strcmp(mf_views[i].name, name))
			return &mf_views[i];
	return NULL;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * The subcommands' text views, and the table of views.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <memfrag/memfrag.h>

#include "pivot.h"
#include "schema.h"
#include "table.h"
#include "views.h"

const char *const mf_trigger_names[] = {
	"direct", "kcompactd", "proactive", "manual", NULL
};

const char *const mf_result_names[] = {
	"not_suitable_zone", "skipped", "deferred", "no_suitable_page",
	"continue", "complete", "partial_skipped", "contended", "success",
	"other", NULL
};

const char *const mf_prio_names[] = {
	"sync_full", "sync_light", "async", NULL
};

const char *const mf_migratetype_names[] = {
	"Unmovable", "Movable", "Reclaimable", "HighAtomic", "CMA", "Isolate",
	NULL
};

#define SEC(f, name)	mf_section((f), (name))

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

/* runs ---------------------------------------------------------------- */

static void mf_view_runs(FILE *out, struct mf_file *const *f)
{
	const struct mf_section *runs = SEC(f[0], "runs");
	const struct mf_section *begins = SEC(f[0], "begins");
	struct mf_pivot p = {
		.s = runs,
		.rowkeys = { "zone", "trigger", "mode" },
		.colkey = "result",
		.value = "runs",
		.names = mf_result_names,
		.totals = 1,
	};
	struct mf_table t;
	unsigned int i, k;

	fputs("Compaction runs by result (mm_compaction_end)\n", out);
	if (!mf_pivot_print(&p, out, 2))
		mf_none(out);

	fputs("\nCompaction runs started (mm_compaction_begin) and ended\n",
	      out);
	if (!begins->nrow) {
		mf_none(out);
		return;
	}
	mf_table_init(&t, 3);
	mf_table_head(&t, 0, "zone", MF_LEFT);
	mf_table_head(&t, 1, "begins", MF_RIGHT);
	mf_table_head(&t, 2, "ended", MF_RIGHT);
	for (i = 0; i < begins->nrow; i++) {
		const struct mf_row *b = &begins->rows[i];
		unsigned long long ended = 0;

		for (k = 0; k < runs->nrow; k++)
			if (!strcmp(mf_str(runs, &runs->rows[k], "node"),
				    mf_str(begins, b, "node")) &&
			    !strcmp(mf_str(runs, &runs->rows[k], "zone"),
				    mf_str(begins, b, "zone")))
				ended += mf_u64z(runs, &runs->rows[k], "runs");
		mf_table_row(&t);
		mf_table_cell(&t, "node %s zone %s", mf_str(begins, b, "node"),
			      mf_str(begins, b, "zone"));
		mf_table_u64(&t, mf_u64z(begins, b, "begins"));
		mf_table_u64(&t, ended);
	}
	mf_table_print(&t, out, 2);
	mf_table_free(&t);
}

/* latency ------------------------------------------------------------- */

#define MF_HIST_WIDTH	40
#define MF_MAX_BUCKETS	65

static int mf_same_hist(const struct mf_section *s, const struct mf_row *a,
			const struct mf_row *b)
{
	return !strcmp(mf_str(s, a, "node"), mf_str(s, b, "node")) &&
	       !strcmp(mf_str(s, a, "zone"), mf_str(s, b, "zone")) &&
	       !strcmp(mf_str(s, a, "trigger"), mf_str(s, b, "trigger"));
}

/* bcc's print_log2_hist(): "|****    |" bars scaled to the largest count. */
static void mf_print_hist(FILE *out, const struct mf_section *s,
			  const struct mf_row *first)
{
	unsigned long long count[MF_MAX_BUCKETS] = { 0 }, max = 0;
	int open_end[MF_MAX_BUCKETS] = { 0 };
	unsigned int i, b, top = 0;
	char stars[MF_HIST_WIDTH + 1], hi[24];

	for (i = 0; i < s->nrow; i++) {
		const struct mf_row *r = &s->rows[i];

		if (!mf_same_hist(s, r, first))
			continue;
		b = mf_log2_bucket(mf_u64z(s, r, "usecs_from"));
		if (b >= MF_MAX_BUCKETS)
			continue;
		count[b] += mf_u64z(s, r, "count");
		open_end[b] = !strcmp(mf_str(s, r, "usecs_to"), "inf");
		top = b > top ? b : top;
	}
	for (b = 0; b <= top; b++)
		max = count[b] > max ? count[b] : max;
	fprintf(out, "     %-19s : count     distribution\n", "usecs");
	for (b = 0; b <= top; b++) {
		unsigned long long lo = b ? 1ULL << (b - 1) : 0;
		unsigned int n = max ? (unsigned int)
			((long double)count[b] * MF_HIST_WIDTH / max) : 0;

		if (open_end[b])
			snprintf(hi, sizeof(hi), "inf");
		else
			snprintf(hi, sizeof(hi), "%llu",
				 b ? (b >= 64 ? ~0ULL : (1ULL << b) - 1) : 0);
		memset(stars, '*', n);
		stars[n] = '\0';
		fprintf(out, "%10llu -> %-10s : %-8llu |%-*s|\n", lo, hi,
			count[b], MF_HIST_WIDTH, stars);
	}
}

static void mf_view_latency(FILE *out, struct mf_file *const *f)
{
	const struct mf_section *lat = SEC(f[0], "latency");
	const struct mf_section *timed = SEC(f[0], "timed");
	unsigned int i, k, shown = 0;

	fputs("Compaction run latency (mm_compaction_begin to mm_compaction_end)\n",
	      out);
	for (i = 0; i < lat->nrow; i++) {
		const struct mf_row *r = &lat->rows[i];
		unsigned long long runs = 0, total = 0;

		for (k = 0; k < i; k++)
			if (mf_same_hist(lat, &lat->rows[k], r))
				break;
		if (k < i)
			continue;	/* already shown */
		for (k = 0; k < timed->nrow; k++) {
			const struct mf_row *t = &timed->rows[k];

			if (!strcmp(mf_str(timed, t, "node"),
				    mf_str(lat, r, "node")) &&
			    !strcmp(mf_str(timed, t, "zone"),
				    mf_str(lat, r, "zone")) &&
			    !strcmp(mf_str(timed, t, "trigger"),
				    mf_str(lat, r, "trigger"))) {
				runs += mf_u64z(timed, t, "runs");
				total += mf_u64z(timed, t, "total_us");
			}
		}
		fprintf(out, "\nnode %s zone %s, trigger %s: %llu runs, mean %llu us, total %llu us\n",
			mf_str(lat, r, "node"), mf_str(lat, r, "zone"),
			mf_str(lat, r, "trigger"), runs,
			runs ? total / runs : 0, total);
		mf_print_hist(out, lat, r);
		shown++;
	}
	if (!shown)
		mf_none(out);
}

/* direct -------------------------------------------------------------- */

static void mf_view_direct(FILE *out, struct mf_file *const *f)
{
	static const char *const titles[] = {
		"compaction_suitable() results (mm_compaction_suitable)",
		"__compact_finished() results, one per iteration (mm_compaction_finished)",
	};
	static const char *const sections[] = { "suitable", "finished" };
	const struct mf_section *defer[3] = {
		SEC(f[0], "deferred"), SEC(f[0], "defer_compaction"),
		SEC(f[0], "defer_reset"),
	};
	static const char *const heads[] = {
		"deferred", "defer_compaction", "defer_reset"
	};
	static const char *const keys[] = { "zone", "order", NULL };
	struct mf_pivot p = {
		.s = SEC(f[0], "try_to_compact_pages"),
		.rowkeys = { "order" },
		.colkey = "prio",
		.value = "count",
		.names = mf_prio_names,
		.row_names = NULL,
		.totals = 1,
	};
	unsigned int i;
	int whole = 0;

	fputs("Direct compaction requests by order and priority (mm_compaction_try_to_compact_pages)\n",
	      out);
	if (!mf_pivot_print(&p, out, 2))
		mf_none(out);
	whole |= mf_has_whole_zone(p.s, "order");

	for (i = 0; i < MF_ARRAY_SIZE(sections); i++) {
		struct mf_pivot q = {
			.s = SEC(f[0], sections[i]),
			.rowkeys = { "zone", "order" },
			.colkey = "result",
			.value = "count",
			.names = mf_result_names,
			.totals = 1,
		};

		fprintf(out, "\n%s\n", titles[i]);
		if (!mf_pivot_print(&q, out, 2))
			mf_none(out);
		whole |= mf_has_whole_zone(q.s, "order");
	}

	fputs("\nDeferred compaction (mm_compaction_deferred, _defer_compaction, _defer_reset)\n",
	      out);
	if (!mf_join_print(defer, heads, 3, keys, "count", out, 2))
		mf_none(out);
	for (i = 0; i < 3; i++)
		whole |= mf_has_whole_zone(defer[i], "order");
	if (whole) {
		fputc('\n', out);
		mf_whole_zone_note(out);
	}
}

/* kcompactd ----------------------------------------------------------- */

static void mf_view_kcompactd(FILE *out, struct mf_file *const *f)
{
	const struct mf_section *wake[2] = {
		SEC(f[0], "wakeup_kcompactd"), SEC(f[0], "kcompactd_wake"),
	};
	const struct mf_section *sleep[1] = { SEC(f[0], "kcompactd_sleep") };
	static const char *const heads[] = { "requested", "acted_on" };
	static const char *const keys[] = {
		"node", "order", "highest_zone", NULL
	};
	static const char *const sleep_head[] = { "sleeps" };
	static const char *const sleep_keys[] = { "node", NULL };

	fputs("kcompactd wake-ups requested (mm_compaction_wakeup_kcompactd) and acted on (mm_compaction_kcompactd_wake)\n",
	      out);
	if (!mf_join_print(wake, heads, 2, keys, "count", out, 2))
		mf_none(out);
	if (mf_has_whole_zone(wake[0], "order") ||
	    mf_has_whole_zone(wake[1], "order"))
		mf_whole_zone_note(out);
	fputs("\nkcompactd sleeps (mm_compaction_kcompactd_sleep)\n", out);
	if (!mf_join_print(sleep, sleep_head, 1, sleep_keys, "count", out, 2))
		mf_none(out);
}

/* migration ----------------------------------------------------------- */

static const char *const mf_migration_cols[] = {
	"migrate_scanned", "migrate_isolated", "free_scanned",
	"free_isolated", "fast_free_scanned", "fast_free_isolated",
	"migrated", "failed",
};

static void mf_view_migration(FILE *out, struct mf_file *const *f)
{
	const struct mf_section *s = SEC(f[0], "migration");
	const char *unreported = mf_kv(f[0], "unreported");
	unsigned long long total[MF_ARRAY_SIZE(mf_migration_cols)] = { 0 };
	int missing[MF_ARRAY_SIZE(mf_migration_cols)] = { 0 };
	const unsigned int n = MF_ARRAY_SIZE(mf_migration_cols);
	struct mf_table t;
	unsigned int i, c;
	uint64_t v;

	fputs("Compaction scanners and page migration, in pages\n", out);
	if (!s->nrow) {
		mf_none(out);
		return;
	}
	mf_table_init(&t, n + 1);
	mf_table_head(&t, 0, "zone", MF_LEFT);
	for (c = 0; c < n; c++)
		mf_table_head(&t, c + 1, mf_migration_cols[c], MF_RIGHT);
	for (i = 0; i < s->nrow; i++) {
		const struct mf_row *r = &s->rows[i];

		mf_table_row(&t);
		if (!strcmp(mf_str(s, r, "node"), "-"))
			mf_table_cell(&t, "%s (no compaction run)",
				      mf_str(s, r, "zone"));
		else
			mf_table_cell(&t, "node %s zone %s",
				      mf_str(s, r, "node"),
				      mf_str(s, r, "zone"));
		for (c = 0; c < n; c++) {
			if (mf_u64(s, r, mf_migration_cols[c], &v)) {
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
	const char *node, *zone;
	int fragmenting;	/* -1: any */
	long long pageblock_order;	/* -1: unknown */
};

static int mf_zone_match(const struct mf_section *s, const struct mf_row *r,
			 const void *arg)
{
	const struct mf_zone_filter *zf = arg;

	return !strcmp(mf_str(s, r, "node"), zf->node) &&
	       !strcmp(mf_str(s, r, "zone"), zf->zone) &&
	       (zf->fragmenting < 0 ||
		mf_int(s, r, "fragmenting") == zf->fragmenting);
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
			if (!strcmp(mf_str(secs[j], &secs[j]->rows[l], "node"),
				    mf_str(secs[k], r, "node")) &&
			    !strcmp(mf_str(secs[j], &secs[j]->rows[l], "zone"),
				    mf_str(secs[k], r, "zone")))
				return 1;
	}
	return 0;
}

static void mf_extfrag_zone(FILE *out, const struct mf_file *f,
			    const char *node, const char *zone)
{
	const struct mf_section *ord = SEC(f, "order");
	const struct mf_section *mt = SEC(f, "migratetype");
	long long pb = mf_kv_int(f, "pageblock_order");
	struct mf_zone_filter zf = { node, zone, -1, pb };
	struct mf_zone_filter frag = { node, zone, 1, pb };
	unsigned long long total = 0, fragmenting = 0;
	struct mf_pivot p = {
		.s = ord,
		.rowkeys = { "alloc_order" },
		.colkey = "fallback_order",
		.value = "count",
		.filter = mf_zone_match,
		.arg = &zf,
		.corner = "alloc_order",
		.fill_rows = 1,
		.fill_cols = 1,
		.totals = 1,
		.mark = mf_below_pageblock,
	};
	struct mf_pivot q = {
		.s = mt,
		.rowkeys = { "alloc_type" },
		.colkey = "fallback_type",
		.value = "count",
		.names = mf_migratetype_names,
		.row_names = mf_migratetype_names,
		.filter = mf_zone_match,
		.arg = &zf,
		.corner = "alloc_type",
		.totals = 1,
	};
	unsigned int i;

	for (i = 0; i < ord->nrow; i++)
		if (mf_zone_match(ord, &ord->rows[i], &zf)) {
			total += mf_u64z(ord, &ord->rows[i], "count");
			if (mf_int(ord, &ord->rows[i], "fragmenting") == 1)
				fragmenting += mf_u64z(ord, &ord->rows[i],
						       "count");
		}
	fprintf(out, "\nnode %s zone %s: %llu fallbacks, %llu fragmenting\n",
		node, zone, total, fragmenting);
	fputs("  by order: alloc_order (rows) by fallback_order (columns)", out);
	if (pb >= 0)
		fprintf(out, ", *: fragmenting (below pageblock_order %lld)",
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
}

static void mf_view_extfrag(FILE *out, struct mf_file *const *f)
{
	const struct mf_section *secs[2] = {
		SEC(f[0], "order"), SEC(f[0], "migratetype")
	};
	const struct mf_section *own = SEC(f[0], "ownership");
	unsigned int i, k, shown = 0;

	fprintf(out, "Allocations that fell back to another migratetype (mm_page_alloc_extfrag), pageblock_order %s\n",
		mf_kv(f[0], "pageblock_order"));
	/* each zone once, in the order zones first appear */
	for (k = 0; k < 2; k++)
		for (i = 0; i < secs[k]->nrow; i++) {
			if (mf_zone_seen(secs, k, i))
				continue;
			mf_extfrag_zone(out, f[0],
					mf_str(secs[k], &secs[k]->rows[i], "node"),
					mf_str(secs[k], &secs[k]->rows[i], "zone"));
			shown++;
		}
	if (!shown)
		mf_none(out);
	if (own && *own->header)
		fprintf(out, "\nownership: %s\n", own->header);
}

/* zones --------------------------------------------------------------- */

static void mf_orders_table(FILE *out, const struct mf_section *s,
			    const char *title)
{
	unsigned int n = mf_norders(s), i, o;
	struct mf_table t;
	char buf[16];

	fprintf(out, "\n%s\n", title);
	if (!s->nrow) {
		mf_none(out);
		return;
	}
	mf_table_init(&t, n + 1);
	mf_table_head(&t, 0, "zone", MF_LEFT);
	for (o = 0; o < n; o++) {
		snprintf(buf, sizeof(buf), "%u", o);
		mf_table_head(&t, o + 1, buf, MF_RIGHT);
	}
	for (i = 0; i < s->nrow; i++) {
		mf_table_row(&t);
		mf_table_cell(&t, "node %s zone %s",
			      mf_str(s, &s->rows[i], "node"),
			      mf_str(s, &s->rows[i], "zone"));
		for (o = 0; o < n; o++)
			mf_table_cell(&t, "%s",
				      mf_order_tok(s, &s->rows[i], o));
	}
	mf_table_print(&t, out, 2);
	mf_table_free(&t);
}

static const char *const mf_zone_cols[] = {
	"present", "managed", "free", "min", "low", "high", "boost", "score",
};

static void mf_view_zones(FILE *out, struct mf_file *const *f)
{
	const struct mf_section *zones = SEC(f[0], "zones");
	const struct mf_section *nodes = SEC(f[0], "nodes");
	const char *pro = mf_kv(f[0], "compaction_proactiveness");
	struct mf_table t;
	unsigned int i, c;

	if (!strcmp(pro, "0"))
		fprintf(out, "compaction_proactiveness 0: proactive compaction is off (score order %s)\n",
			mf_kv(f[0], "score_order"));
	else
		fprintf(out, "compaction_proactiveness %s: kcompactd compacts a node whose score exceeds %s, down to %s (score order %s)\n",
			pro, mf_kv(f[0], "score_high"),
			mf_kv(f[0], "score_low"), mf_kv(f[0], "score_order"));

	fputs("\nZones, in pages; score: the zone's share of its node's fragmentation score\n",
	      out);
	mf_table_init(&t, MF_ARRAY_SIZE(mf_zone_cols) + 1);
	mf_table_head(&t, 0, "zone", MF_LEFT);
	for (c = 0; c < MF_ARRAY_SIZE(mf_zone_cols); c++)
		mf_table_head(&t, c + 1, mf_zone_cols[c], MF_RIGHT);
	for (i = 0; i < zones->nrow; i++) {
		const struct mf_row *r = &zones->rows[i];

		mf_table_row(&t);
		mf_table_cell(&t, "node %s zone %s", mf_str(zones, r, "node"),
			      mf_str(zones, r, "zone"));
		for (c = 0; c < MF_ARRAY_SIZE(mf_zone_cols); c++)
			mf_table_cell(&t, "%s",
				      mf_str(zones, r, mf_zone_cols[c]));
	}
	mf_table_print(&t, out, 2);
	mf_table_free(&t);

	fputs("\nNodes: fragmentation score (0..100) proactive compaction acts on\n",
	      out);
	mf_table_init(&t, 2);
	mf_table_head(&t, 0, "node", MF_LEFT);
	mf_table_head(&t, 1, "score", MF_RIGHT);
	for (i = 0; i < nodes->nrow; i++) {
		mf_table_row(&t);
		mf_table_cell(&t, "node %s", mf_str(nodes, &nodes->rows[i],
						    "node"));
		mf_table_cell(&t, "%s", mf_str(nodes, &nodes->rows[i],
					       "score"));
	}
	mf_table_print(&t, out, 2);
	mf_table_free(&t);

	mf_orders_table(out, SEC(f[0], "free_blocks"),
			"Free blocks by order (/proc/buddyinfo)");
	mf_orders_table(out, SEC(f[0], "unusable_index"),
			"Unusable free space index by order: 0 all free memory is usable, 1 none");
	mf_orders_table(out, SEC(f[0], "fragmentation_index"),
			"Fragmentation index by order: -1 a free block exists; towards 0 low memory, towards 1 fragmentation");
}

/* status -------------------------------------------------------------- */

static void mf_view_status(FILE *out, struct mf_file *const *f)
{
	const struct mf_section *tp = SEC(f[0], "");
	const char *drops = mf_kv(f[0], "drops");
	struct mf_table t;
	unsigned int i;

	fprintf(out, "memfrag module %s (format %lld), kernel %s, tool %s\n",
		f[0]->version, f[0]->format, mf_kv(f[0], "kernel"),
		MEMFRAG_VERSION);
	fprintf(out, "memory: %s bytes\n", mf_kv(f[0], "memory_bytes"));
	fprintf(out, "drops: %s\n", drops);
	fprintf(out, "tracepoints: %s\n\n", mf_kv(f[0], "tracepoints"));
	mf_table_init(&t, 4);
	mf_table_head(&t, 0, "tracepoint", MF_LEFT);
	mf_table_head(&t, 1, "state", MF_LEFT);
	mf_table_head(&t, 2, "hits", MF_RIGHT);
	for (i = 0; i < tp->nrow; i++) {
		const struct mf_row *r = &tp->rows[i];

		mf_table_row(&t);
		mf_table_cell(&t, "%s", mf_str(tp, r, "tracepoint"));
		mf_table_cell(&t, "%s", mf_str(tp, r, "state"));
		mf_table_cell(&t, "%s", mf_str(tp, r, "hits"));
		if (r->ntok > tp->ncol)
			mf_table_cell(&t, "%s", r->tok[tp->ncol]);
	}
	mf_table_print(&t, out, 0);
	mf_table_free(&t);
}

/* the table ----------------------------------------------------------- */

static void mf_json_files(struct mf_json *j, struct mf_file *const *f)
{
	mf_json_file(j, f[0]);
}

const struct mf_view mf_views[] = {
	{ NULL, "summary of compaction, stalls, fallbacks and zones",
	  { MEMFRAG_FILE_STATUS, MEMFRAG_FILE_COMPACTION,
	    MEMFRAG_FILE_LATENCY, MEMFRAG_FILE_DIRECT, MEMFRAG_FILE_EXTFRAG,
	    MEMFRAG_FILE_ZONES },
	  mf_summary_text, mf_summary_json, mf_summary_line },
	{ "runs", "compaction runs by zone, trigger, mode and result",
	  { MEMFRAG_FILE_COMPACTION }, mf_view_runs, mf_json_files, NULL },
	{ "latency", "compaction run latency histograms",
	  { MEMFRAG_FILE_LATENCY }, mf_view_latency, mf_json_files, NULL },
	{ "direct", "direct compaction requests, results and deferrals",
	  { MEMFRAG_FILE_DIRECT }, mf_view_direct, mf_json_files, NULL },
	{ "kcompactd", "kcompactd wake-ups and sleeps",
	  { MEMFRAG_FILE_KCOMPACTD }, mf_view_kcompactd, mf_json_files, NULL },
	{ "migration", "pages scanned, isolated and migrated",
	  { MEMFRAG_FILE_MIGRATION }, mf_view_migration, mf_json_files, NULL },
	{ "extfrag", "migratetype fallbacks as order and type matrices",
	  { MEMFRAG_FILE_EXTFRAG }, mf_view_extfrag, mf_json_files, NULL },
	{ "zones", "zones now: pages, watermarks, free blocks, indexes, scores",
	  { MEMFRAG_FILE_ZONES }, mf_view_zones, mf_json_files, NULL },
	{ "status", "module version, tracepoints and their hits, drops",
	  { MEMFRAG_FILE_STATUS }, mf_view_status, mf_json_files, NULL },
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

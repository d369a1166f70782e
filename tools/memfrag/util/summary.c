// SPDX-License-Identifier: GPL-2.0
/*
 * The summary memfrag shows without a subcommand: compaction runs and
 * stalls, fallbacks, and the fragmentation of every zone; and its one line
 * per interval with -i.
 */
#include <string.h>
#include <time.h>

#include <memfrag/memfrag.h>

#include "pivot.h"
#include "reduce.h"
#include "schema.h"
#include "table.h"
#include "views.h"

/* f[F_<id>] holds MEMFRAG_FILE_<id> (views.h). */
#define MF_SUMMARY_FILE_(id)	F_##id,
enum { MF_SUMMARY_FILES(MF_SUMMARY_FILE_) F_NR };

/* The known triggers, then any other a file names. */
#define MF_MAX_TRIGGERS	16
_Static_assert(MEMFRAG_NR_TRIGGERS <= MF_MAX_TRIGGERS,
	       "more triggers than MF_MAX_TRIGGERS");
#define MF_WORST	3

/* log2 buckets of usecs: 0, 1, 2-3, ... (mf_log2_bucket()) */
#define MF_BUCKETS	65

struct mf_trigger_sum {
	const char *name;
	unsigned long long runs, success;
	unsigned long long timed, total_us;
	int max_bucket;		/* -1: no bucket */
	unsigned long long max_from;
	const char *max_to;
	/* the latency histograms of every zone, merged */
	unsigned long long hist[MF_BUCKETS];
	/* each bucket's upper bound, "inf" for the open one */
	char hist_to[MF_BUCKETS][24];
};

/* The percentiles the summary shows, in percent. */
static const unsigned int mf_percentiles[] = { 50, 90, 99 };
#define MF_NPCT	MF_ARRAY_SIZE(mf_percentiles)

struct mf_sum {
	unsigned int ntrig;
	struct mf_trigger_sum trig[MF_MAX_TRIGGERS];
	unsigned long long runs, requests, deferred, fallbacks, fragmenting;
	unsigned long long max_node_score;
	/* the reduction every command shares, and what it reduced to */
	struct mf_reduce red;
	struct mf_rec_snap snap;
	struct mf_rec_zone zones[MF_REC_MAX_ZONES];
};

/*
 * Pages of zones file zf in MiB.  They are pages of the kernel that wrote
 * the file, which says their size: not those of the machine reading it (a
 * recording of a 16 KiB-page arm64 kernel read on x86-64).
 */
static double mf_pages_mib(const struct mf_file *zf, unsigned long long pages)
{
	return (double)pages * (double)mf_page_size(zf) / (1024.0 * 1024.0);
}

/* One trigger's sums, from the reduction's runs and latency histogram. */
static void mf_trigger(struct mf_sum *s, const char *name, double runs,
		       double success, double timed, double total_us,
		       const double *lat, int open)
{
	struct mf_trigger_sum *t;
	unsigned int b;

	if (s->ntrig == MF_MAX_TRIGGERS)
		return;
	t = &s->trig[s->ntrig++];
	t->name = name;
	t->runs = (unsigned long long)runs;
	t->success = (unsigned long long)success;
	t->timed = (unsigned long long)timed;
	t->total_us = (unsigned long long)total_us;
	t->max_bucket = -1;
	for (b = 0; b < MF_BUCKETS; b++) {
		t->hist[b] = (unsigned long long)lat[b];
		if (!t->hist[b])
			continue;
		if ((int)b == open)
			snprintf(t->hist_to[b], sizeof(t->hist_to[b]), "inf");
		else
			snprintf(t->hist_to[b], sizeof(t->hist_to[b]), "%llu",
				 mf_log2_to(b));
		t->max_bucket = (int)b;
		t->max_from = mf_log2_from(b);
		t->max_to = t->hist_to[b];
	}
}

/*
 * Runs and latency by trigger, through the reduction every command
 * shares: the known triggers first (trig[MEMFRAG_TRIGGER_*]), then any
 * other a newer module's files name.
 */
static void mf_sum_runs(struct mf_sum *sum, struct mf_file *const *f)
{
	struct mf_file *fp[MF_REC_NR_FILES] = {
		[MF_REC_STATUS] = f[F_STATUS],
		[MF_REC_COMPACTION] = f[F_COMPACTION],
		[MF_REC_LATENCY] = f[F_LATENCY],
		[MF_REC_DIRECT] = f[F_DIRECT],
		[MF_REC_EXTFRAG] = f[F_EXTFRAG],
		[MF_REC_ZONES] = f[F_ZONES],
	};
	const struct mf_rec_snap *s = &sum->snap;
	const struct mf_reduce_other *o;
	struct mf_reduce *red = &sum->red;
	unsigned int t, r;
	double runs;

	red->zones = sum->zones;
	red->nzones = mf_reduce_zones(f[F_ZONES], sum->zones,
				      MF_REC_MAX_ZONES);
	/* validated files: only a machine past the bounds leaves sums out */
	if (mf_reduce(red, fp, &sum->snap))
		fprintf(stderr, "memfrag: summary: %s\n", red->why);
	for (t = 0; t < MF_REC_NTRIG; t++) {
		runs = red->runs_unknown_result[t];
		for (r = 0; r < MF_REC_NRES; r++)
			runs += s->runs[t][r];
		mf_trigger(sum, mf_trigger_names[t], runs,
			   s->runs[t][MF_COMPACT_SUCCESS], s->timed[t],
			   s->total_us[t], s->lat[t], red->lat_open[t]);
		sum->runs += (unsigned long long)runs;
	}
	for (o = red->others; o < red->others + red->nothers; o++) {
		mf_trigger(sum, o->name, o->runs, o->success, o->timed,
			   o->total_us, o->lat, -1);
		sum->runs += (unsigned long long)o->runs;
	}
}

static void mf_summarize(struct mf_sum *sum, struct mf_file *const *f)
{
	const struct mf_section *nodes = mf_section(f[F_ZONES], MF_SEC(nodes));
	const struct mf_rec_snap *s = &sum->snap;
	unsigned int i, a, t;
	unsigned long long v;

	memset(sum, 0, sizeof(*sum));
	mf_sum_runs(sum, f);
	sum->requests = (unsigned long long)s->requests;
	sum->deferred = (unsigned long long)s->deferred;
	for (a = 0; a < MF_REC_NMT; a++)
		for (t = 0; t < MF_REC_NMT; t++) {
			sum->fallbacks += (unsigned long long)s->fallbacks[a][t];
			sum->fragmenting +=
				(unsigned long long)s->fragmenting[a][t];
		}
	for (i = 0; i < nodes->nrow; i++) {
		v = mf_u64z(nodes, &nodes->rows[i], MF_COL(score));
		sum->max_node_score = v > sum->max_node_score ?
				      v : sum->max_node_score;
	}
}

/* The worst orders of row r by an index: the highest values above 0. */
static unsigned int mf_worst(const struct mf_section *s, const struct mf_row *r,
			     unsigned int *order, long long *val)
{
	unsigned int n = mf_norders(s), o, i, k = 0;
	long long v;

	for (o = 0; o < n; o++) {
		if (mf_parse_milli(mf_order_tok(s, r, o), &v) || v <= 0)
			continue;
		/*
		 * insert, highest first; on a tie the higher order first:
		 * it is the one huge pages and THP allocations need
		 */
		for (i = k; i > 0 && val[i - 1] <= v; i--) {
			if (i < MF_WORST) {
				val[i] = val[i - 1];
				order[i] = order[i - 1];
			}
		}
		if (i < MF_WORST) {
			val[i] = v;
			order[i] = o;
			if (k < MF_WORST)
				k++;
		}
	}
	return k;
}

/* "9:0.950 10:0.930", or "-". */
static void mf_worst_str(const struct mf_section *s, const struct mf_row *r,
			 char *buf, size_t size)
{
	unsigned int order[MF_WORST], n, i;
	long long val[MF_WORST];
	size_t len = 0;
	char m[32];

	n = mf_worst(s, r, order, val);
	snprintf(buf, size, "-");
	for (i = 0; i < n && len < size; i++)
		len += snprintf(buf + len, size - len, "%s%u:%s", i ? "," : "",
				order[i], mf_fmt_milli(m, sizeof(m), val[i]));
}

/* The row of s for the zone of row r of zones, or NULL. */
static const struct mf_row *mf_zone_row(const struct mf_section *s,
					const struct mf_section *zones,
					const struct mf_row *r)
{
	unsigned int i;

	for (i = 0; i < s->nrow; i++)
		if (mf_same_zone(s, &s->rows[i], zones, r))
			return &s->rows[i];
	return NULL;
}

enum mf_zone_sort mf_zone_sort_key = MF_SORT_NAME;
double mf_line_wall = -1;

#define MF_MAX_SORTED	256

/* The zone row's sort value: higher first (the worst zones on top). */
static long long mf_zone_sort_val(const struct mf_section *z,
				  const struct mf_row *r)
{
	switch (mf_zone_sort_key) {
	case MF_SORT_SCORE:
		return (long long)mf_u64z(z, r, MF_COL(score));
	case MF_SORT_FREE:	/* the least free memory first */
		return -(long long)mf_u64z(z, r, MF_COL(free));
	default:
		return 0;
	}
}

/* order[] = the rows of zones by mf_zone_sort_key (stable). */
static void mf_sort_zones(const struct mf_section *z, unsigned int *order)
{
	unsigned int i, k, n = z->nrow < MF_MAX_SORTED ? z->nrow :
							 MF_MAX_SORTED;

	for (i = 0; i < n; i++) {
		for (k = i; k > 0 &&
		     mf_zone_sort_val(z, &z->rows[order[k - 1]]) <
		     mf_zone_sort_val(z, &z->rows[i]); k--)
			order[k] = order[k - 1];
		order[k] = i;
	}
}

static void mf_summary_zones(FILE *out, const struct mf_file *zf)
{
	const struct mf_section *zones = mf_section(zf, MF_SEC(zones));
	const struct mf_section *nodes = mf_section(zf, MF_SEC(nodes));
	const struct mf_section *fi =
		mf_section(zf, MF_SEC(fragmentation_index));
	const struct mf_section *ui = mf_section(zf, MF_SEC(unusable_index));
	const char *pro = mf_kv(zf, "compaction_proactiveness");
	static const struct mf_head heads[] = {
		{ "node:zone", MF_LEFT }, { "free_pages", MF_RIGHT },
		{ "free_mib", MF_RIGHT },
		{ MF_COL(score), MF_RIGHT }, { "worst_fragindex", MF_LEFT },
		{ "worst_unusable", MF_LEFT },
	};
	const struct mf_row *r;
	struct mf_table t;
	char buf[128];
	unsigned int i, order[MF_MAX_SORTED];

	if (!pro || !strcmp(pro, "unknown"))
		fputs("\nZones (compaction_proactiveness unknown: kcompactd's thresholds unknown)\n",
		      out);
	else if (!strcmp(pro, "0"))
		fputs("\nZones (compaction_proactiveness 0: no proactive compaction)\n",
		      out);
	else
		fprintf(out, "\nZones (compaction_proactiveness %s: kcompactd compacts a node above\nscore %s, down to %s)\n",
			pro, mf_kv(zf, "score_high"), mf_kv(zf, "score_low"));
	mf_table_init_heads(&t, heads, MF_ARRAY_SIZE(heads));
	mf_sort_zones(zones, order);
	for (i = 0; i < zones->nrow && i < MF_MAX_SORTED; i++) {
		r = &zones->rows[order[i]];
		mf_table_zone(&t, zones, r);
		mf_table_cell(&t, "%s", mf_str(zones, r, MF_COL(free)));
		mf_table_cell(&t, "%.1f",
			      mf_pages_mib(zf, mf_u64z(zones, r,
						       MF_COL(free))));
		mf_table_cell(&t, "%s", mf_str(zones, r, MF_COL(score)));
		buf[0] = '\0';
		if (mf_zone_row(fi, zones, r))
			mf_worst_str(fi, mf_zone_row(fi, zones, r), buf,
				     sizeof(buf));
		mf_table_cell(&t, "%s", *buf ? buf : "-");
		buf[0] = '\0';
		if (mf_zone_row(ui, zones, r))
			mf_worst_str(ui, mf_zone_row(ui, zones, r), buf,
				     sizeof(buf));
		mf_table_cell(&t, "%s", *buf ? buf : "-");
	}
	for (i = 0; i < nodes->nrow; i++) {
		mf_table_row(&t);
		mf_table_cell(&t, "%s:all",
			      mf_str(nodes, &nodes->rows[i], MF_COL(node)));
		mf_table_cell(&t, "%s", "");
		mf_table_cell(&t, "%s", "");
		mf_table_cell(&t, "%s", mf_str(nodes, &nodes->rows[i],
					       MF_COL(score)));
	}
	mf_table_print(&t, out, 2);
	mf_table_free(&t);
	mf_note(out, "  free_mib: free_pages in MiB, pages of %s\n",
		mf_page_size_text(zf, buf, sizeof(buf)));
	fputs("  worst orders first as order:index, on a tie the highest order first;\n"
	      "  - none above 0\n", out);
}

/*
 * The upper bound of the log2 bucket that holds the pct-th percentile of
 * t's runs ("inf" for the last), or NULL without runs: the histograms
 * keep buckets, not runs, so that bound is all they tell.
 */
static const char *mf_percentile(const struct mf_trigger_sum *t,
				 unsigned int pct)
{
	unsigned long long total = 0, seen = 0, want;
	unsigned int b;

	for (b = 0; b < MF_BUCKETS; b++)
		total += t->hist[b];
	if (!total)
		return NULL;
	want = (total * pct + 99) / 100;
	for (b = 0; b < MF_BUCKETS; b++) {
		seen += t->hist[b];
		if (t->hist[b] && seen >= want)
			return t->hist_to[b];
	}
	return NULL;
}

static void mf_latency_row(struct mf_table *t, const struct mf_trigger_sum *tr)
{
	const char *p;
	unsigned int i;

	mf_table_row(t);
	mf_table_cell(t, "%s", tr->name);
	mf_table_u64(t, tr->runs);
	mf_table_u64(t, tr->timed);
	if (tr->timed)
		mf_table_u64(t, tr->total_us / tr->timed);
	else
		mf_table_cell(t, "%s", "-");
	for (i = 0; i < MF_NPCT; i++) {
		p = mf_percentile(tr, mf_percentiles[i]);
		mf_table_cell(t, "%s", p ? p : "-");
	}
	mf_table_cell(t, "%s", tr->max_bucket >= 0 ? tr->max_to : "-");
}

/*
 * Stalls are direct compaction runs, which a task waited for; the other
 * triggers run in kcompactd or for a sysctl, and are listed apart.
 */
static void mf_latency_table(FILE *out, const struct mf_sum *sum, int direct)
{
	static const struct mf_head heads[] = {
		{ MF_COL(trigger), MF_LEFT }, { MF_COL(runs), MF_RIGHT },
		{ MF_SEC(timed), MF_RIGHT }, { MF_COL(mean_us), MF_RIGHT },
		{ "p50_us", MF_RIGHT }, { "p90_us", MF_RIGHT },
		{ "p99_us", MF_RIGHT }, { MF_COL(max_us), MF_RIGHT },
	};
	struct mf_table t;
	unsigned int i;

	mf_table_init_heads(&t, heads, MF_ARRAY_SIZE(heads));
	for (i = 0; i < sum->ntrig; i++)
		if ((i == MEMFRAG_TRIGGER_DIRECT) == direct)
			mf_latency_row(&t, &sum->trig[i]);
	mf_table_print(&t, out, 2);
	mf_table_free(&t);
}

/*
 * Stalls are direct compaction runs, which a task waited for; the other
 * triggers run in kcompactd or for a sysctl, and are listed apart.
 */
static void mf_summary_latency(FILE *out, const struct mf_sum *sum,
			       int stalls)
{
	if (stalls) {
		fputs("\nStalls: direct compaction, which an allocating task waited for\n",
		      out);
		mf_latency_table(out, sum, 1);
	} else {
		fputc('\n', out);
	}
	fputs("Other compaction, which no task waited for\n", out);
	mf_latency_table(out, sum, 0);
	fputs("  pNN_us, max_us: the upper bound of the log2 latency bucket (0, 1, 2-3,\n"
	      "  4-7, ... us) that holds that run; timed: runs whose begin was seen\n",
	      out);
}

/* Only the drops that happened: "drops: none" when there were none. */
static void mf_print_drops(FILE *out, const char *drops)
{
	const char *d = drops, *eq;
	size_t n;
	int any = 0;

	fputs("drops:", out);
	while (*d) {
		n = strcspn(d, " ");
		eq = memchr(d, '=', n);
		if (eq && !(eq[1] == '0' && eq + 2 == d + n)) {
			fprintf(out, " %.*s", (int)n, d);
			any = 1;
		}
		d += n;
		d += strspn(d, " ");
	}
	fputs(any ? "\n" : " none\n", out);
}

/* status's "events: capacity=256 per CPU, dropped=7" (format 2 on). */
static int mf_events_line(const struct mf_file *st, unsigned long long *cap,
			  unsigned long long *dropped)
{
	const char *v = mf_kv(st, MF_KEY_EVENTS);

	return v && sscanf(v, MEMFRAG_EVENTS_VALUE("%llu", "%llu"), cap,
			   dropped) == 2 ? 0 : -1;
}

void mf_print_events(FILE *out, const struct mf_file *st)
{
	unsigned long long cap, dropped;

	if (mf_events_line(st, &cap, &dropped))
		fputs("event records dropped: unknown (format 1 does not say)\n",
		      out);
	else
		fprintf(out, "event records dropped: %llu%s (buffer: %llu per CPU)\n",
			dropped, dropped ? ", the buffer was full" : "", cap);
}

/* The tracepoints of status's table in a state other than attached. */
static void mf_print_tracepoints(FILE *out, const struct mf_file *st)
{
	const struct mf_section *s = mf_section(st, "");
	unsigned int i;
	int any = 0;

	fprintf(out, "tracepoints: %s\n", mf_kv(st, "tracepoints"));
	for (i = 0; s && i < s->nrow; i++) {
		const char *state = mf_str(s, &s->rows[i], MF_COL(state));

		if (!strcmp(state, "attached"))
			continue;
		fprintf(out, "%s%s=%s", any ? " " : "  not attached: ",
			mf_str(s, &s->rows[i], MF_COL(tracepoint)), state);
		any = 1;
	}
	if (any)
		fputs("\n  (what they count is missing from the tables)\n", out);
}

void mf_summary_stalls_line(FILE *out, struct mf_file *const *f)
{
	struct mf_sum sum;

	mf_summarize(&sum, f);
	fputs("Stalls since the module was loaded or reset (direct compaction)\n",
	      out);
	mf_latency_table(out, &sum, 1);
}

/* The totals, with the stalls' table unless top shows it apart. */
static void mf_totals(FILE *out, struct mf_file *const *f, int stalls)
{
	struct mf_pivot p = {
		.s = mf_section(f[F_COMPACTION], MF_SEC(runs)),
		.rowkeys = { MF_KEY(trigger) },
		.colkey = MF_COL(result),
		.value = MF_COL(runs),
		.names = mf_result_names,
		.row_names = mf_trigger_names,
		.totals = 1,
	};
	const struct mf_trigger_sum *direct;
	struct mf_sum sum;

	mf_summarize(&sum, f);
	fprintf(out, "memfrag %s (format %lld), kernel %s\n",
		f[F_STATUS]->version, f[F_STATUS]->format,
		mf_kv(f[F_STATUS], "kernel"));
	mf_print_drops(out, mf_kv(f[F_STATUS], "drops"));
	mf_print_events(out, f[F_STATUS]);
	mf_print_tracepoints(out, f[F_STATUS]);

	fputs("\nCompaction runs by trigger and result\n", out);
	if (!mf_pivot_print(&p, out, 2))
		fputs("  none\n", out);
	mf_summary_latency(out, &sum, stalls);

	direct = &sum.trig[MEMFRAG_TRIGGER_DIRECT];
	fprintf(out, "\nDirect compaction: %llu requests, %llu runs",
		sum.requests, direct->runs);
	if (direct->timed)
		fprintf(out, ", mean %llu us", direct->total_us / direct->timed);
	if (direct->max_bucket >= 0)
		fprintf(out, ",\n  slowest %llu-%s us", direct->max_from,
			direct->max_to);
	fprintf(out, ", %llu deferred\n", sum.deferred);

	fprintf(out, "Fallbacks to another migratetype: %llu, %llu fragmenting",
		sum.fallbacks, sum.fragmenting);
	if (sum.fallbacks) {
		unsigned long long pm = sum.fragmenting * 1000 / sum.fallbacks;

		fprintf(out, " (%llu.%llu%%)", pm / 10, pm % 10);
	}
	fputc('\n', out);
}

void mf_summary_totals(FILE *out, struct mf_file *const *f)
{
	mf_totals(out, f, 1);
}

void mf_summary_totals_but_stalls(FILE *out, struct mf_file *const *f)
{
	mf_totals(out, f, 0);
}

void mf_summary_zones_text(FILE *out, struct mf_file *const *f)
{
	mf_summary_zones(out, f[F_ZONES]);
}

void mf_summary_text(FILE *out, struct mf_file *const *f)
{
	mf_summary_totals(out, f);
	mf_summary_zones_text(out, f);
}

static void mf_json_worst(struct mf_json *j, const char *key,
			  const struct mf_section *s, const struct mf_row *r)
{
	unsigned int order[MF_WORST], n = 0, i;
	long long val[MF_WORST];

	if (r)
		n = mf_worst(s, r, order, val);
	mf_json_begin(j, key, '[');
	for (i = 0; i < n; i++) {
		mf_json_begin(j, NULL, '{');
		mf_json_u64(j, MF_COL(order), order[i]);
		mf_json_milli(j, "index", val[i]);
		mf_json_end(j, '}');
	}
	mf_json_end(j, ']');
}

static void mf_json_zones(struct mf_json *j, const struct mf_file *zf)
{
	const struct mf_section *zones = mf_section(zf, MF_SEC(zones));
	const struct mf_section *nodes = mf_section(zf, MF_SEC(nodes));
	const struct mf_section *fi =
		mf_section(zf, MF_SEC(fragmentation_index));
	const struct mf_section *ui = mf_section(zf, MF_SEC(unusable_index));
	static const char *const keys[] = {
		"compaction_proactiveness", "score_low", "score_high"
	};
	unsigned int i;

	for (i = 0; i < MF_ARRAY_SIZE(keys); i++)
		mf_json_file_kv(j, zf, keys[i]);
	mf_json_begin(j, MF_SEC(nodes), '[');
	for (i = 0; i < nodes->nrow; i++) {
		mf_json_begin(j, NULL, '{');
		mf_json_col(j, zf, nodes, &nodes->rows[i], MF_COL(node));
		mf_json_col(j, zf, nodes, &nodes->rows[i], MF_COL(score));
		mf_json_end(j, '}');
	}
	mf_json_end(j, ']');
	mf_json_begin(j, MF_SEC(zones), '[');
	for (i = 0; i < zones->nrow; i++) {
		const struct mf_row *r = &zones->rows[i];

		mf_json_begin(j, NULL, '{');
		mf_json_col(j, zf, zones, r, MF_COL(node));
		mf_json_col(j, zf, zones, r, MF_COL(zone));
		mf_json_col(j, zf, zones, r, MF_COL(free));
		mf_json_double(j, "free_mib",
			       mf_pages_mib(zf,
					    mf_u64z(zones, r, MF_COL(free))));
		mf_json_col(j, zf, zones, r, MF_COL(score));
		mf_json_worst(j, "worst_fragmentation_index", fi,
			      mf_zone_row(fi, zones, r));
		mf_json_worst(j, "worst_unusable_index", ui,
			      mf_zone_row(ui, zones, r));
		mf_json_end(j, '}');
	}
	mf_json_end(j, ']');
}

static void mf_json_latency(struct mf_json *j, const char *key,
			    const struct mf_trigger_sum *t)
{
	char name[16];
	unsigned int i;

	mf_json_begin(j, key, '{');
	mf_json_u64(j, MF_COL(runs), t->runs);
	mf_json_u64(j, "timed_runs", t->timed);
	mf_json_u64(j, MF_COL(total_us), t->total_us);
	if (t->timed)
		mf_json_u64(j, MF_COL(mean_us), t->total_us / t->timed);
	else
		mf_json_null(j, MF_COL(mean_us));
	for (i = 0; i < MF_NPCT; i++) {
		snprintf(name, sizeof(name), "p%u_us", mf_percentiles[i]);
		mf_json_tok(j, name, MF_T_UPPER,
			    mf_percentile(t, mf_percentiles[i]) ?: "-");
	}
	mf_json_tok(j, MF_COL(max_us), MF_T_UPPER, t->max_bucket >= 0 ?
		    t->max_to : "-");
	mf_json_end(j, '}');
}

static void mf_json_status(struct mf_json *j, const struct mf_file *st)
{
	const struct mf_section *s = mf_section(st, "");
	unsigned long long cap, dropped;
	unsigned int i;

	mf_json_str(j, "kernel", mf_kv(st, "kernel"));
	/* free_mib's unit; null before format 4 (4096 assumed) */
	mf_json_file_kv(j, st, MF_KEY_PAGE_SIZE);
	mf_json_file_kv(j, st, "drops");
	mf_json_begin(j, "events", '{');
	if (mf_events_line(st, &cap, &dropped)) {
		mf_json_null(j, "capacity_per_cpu");
		mf_json_null(j, "dropped");
	} else {
		mf_json_u64(j, "capacity_per_cpu", cap);
		mf_json_u64(j, "dropped", dropped);
	}
	mf_json_end(j, '}');
	mf_json_file_kv(j, st, "tracepoints");
	mf_json_begin(j, "tracepoints_not_attached", '[');
	for (i = 0; s && i < s->nrow; i++) {
		if (!strcmp(mf_str(s, &s->rows[i], MF_COL(state)), "attached"))
			continue;
		mf_json_begin(j, NULL, '{');
		mf_json_str(j, MF_COL(tracepoint), mf_str(s, &s->rows[i],
						    MF_COL(tracepoint)));
		mf_json_str(j, MF_COL(state),
			    mf_str(s, &s->rows[i], MF_COL(state)));
		mf_json_end(j, '}');
	}
	mf_json_end(j, ']');
}

static int mf_known_result(const char *res)
{
	unsigned int i;

	for (i = 0; mf_result_names[i]; i++)
		if (!strcmp(mf_result_names[i], res))
			return 1;
	return 0;
}

/* The runs of trigger in runs' rows from k on whose result is res. */
static unsigned long long mf_runs_of(const struct mf_section *runs,
				     unsigned int k, const char *trigger,
				     const char *res)
{
	unsigned long long n = 0;

	for (; k < runs->nrow; k++)
		if (!strcmp(mf_str(runs, &runs->rows[k], MF_COL(trigger)),
			    trigger) &&
		    !strcmp(mf_str(runs, &runs->rows[k], MF_COL(result)), res))
			n += mf_u64z(runs, &runs->rows[k], MF_COL(runs));
	return n;
}

/*
 * Runs of one trigger by result: every known result (0 too), then any
 * other a newer kernel reports, once each, so that nothing is left out.
 */
static void mf_json_by_result(struct mf_json *j, const struct mf_section *runs,
			      const char *trigger)
{
	unsigned int i, k;
	const char *res;

	mf_json_begin(j, "by_result", '{');
	for (i = 0; mf_result_names[i]; i++)
		mf_json_u64(j, mf_result_names[i],
			    mf_runs_of(runs, 0, trigger, mf_result_names[i]));
	for (k = 0; k < runs->nrow; k++) {
		res = mf_str(runs, &runs->rows[k], MF_COL(result));
		if (mf_known_result(res) ||
		    strcmp(mf_str(runs, &runs->rows[k], MF_COL(trigger)),
			   trigger))
			continue;
		for (i = 0; i < k; i++)
			if (!strcmp(mf_str(runs, &runs->rows[i],
					   MF_COL(result)), res) &&
			    !strcmp(mf_str(runs, &runs->rows[i],
					   MF_COL(trigger)), trigger))
				break;
		if (i == k)
			mf_json_u64(j, res, mf_runs_of(runs, k, trigger, res));
	}
	mf_json_end(j, '}');
}

void mf_summary_json(struct mf_json *j, struct mf_file *const *f)
{
	const struct mf_section *runs =
		mf_section(f[F_COMPACTION], MF_SEC(runs));
	struct mf_sum sum;
	unsigned int i;

	mf_summarize(&sum, f);
	mf_json_status(j, f[F_STATUS]);

	mf_json_begin(j, "compaction", '{');
	mf_json_u64(j, MF_COL(runs), sum.runs);
	mf_json_begin(j, "by_trigger", '{');
	for (i = 0; i < sum.ntrig; i++) {
		mf_json_begin(j, sum.trig[i].name, '{');
		mf_json_u64(j, MF_COL(runs), sum.trig[i].runs);
		mf_json_by_result(j, runs, sum.trig[i].name);
		mf_json_end(j, '}');
	}
	mf_json_end(j, '}');
	mf_json_end(j, '}');

	/* stalls: direct compaction only; the others apart */
	mf_json_begin(j, "stalls", '{');
	mf_json_u64(j, "requests", sum.requests);
	mf_json_u64(j, MF_SEC(deferred), sum.deferred);
	mf_json_latency(j, MF_SEC(latency), &sum.trig[MEMFRAG_TRIGGER_DIRECT]);
	mf_json_end(j, '}');
	mf_json_begin(j, "background", '{');
	for (i = 0; i < sum.ntrig; i++)
		if (i != MEMFRAG_TRIGGER_DIRECT)
			mf_json_latency(j, sum.trig[i].name, &sum.trig[i]);
	mf_json_end(j, '}');

	mf_json_begin(j, MEMFRAG_FILE_EXTFRAG, '{');
	mf_json_file_kv(j, f[F_EXTFRAG], "pageblock_order");
	mf_json_u64(j, MF_COL(fallbacks), sum.fallbacks);
	mf_json_u64(j, MF_COL(fragmenting), sum.fragmenting);
	mf_json_end(j, '}');

	mf_json_zones(j, f[F_ZONES]);
}

/*
 * -i: one line per interval, like vmstat.  Its columns: MF_LINE_<id>
 * is the slot of the column named name.
 */
#define MF_LINE_TRIGGER_(id, name, what)				\
	MF_LINE_COL(TRIGGER_##id, name, NULL, 5)
#define MF_LINE_COLS							\
	MF_LINE_COL(RUNS, runs, MF_COL(runs), 6)			\
	MEMFRAG_TRIGGERS(MF_LINE_TRIGGER_)				\
	MF_LINE_COL(SUCCESS, success, "succ", 6)			\
	MF_LINE_COL(DIRECT_MEAN_US, direct_mean_us, "dir_us", 6)	\
	MF_LINE_COL(FALLBACKS, fallbacks, "fallb", 6)			\
	MF_LINE_COL(FRAGMENTING, fragmenting, "frag", 6)		\
	MF_LINE_COL(MAX_SCORE, max_score, MF_COL(score), 5)		\
	MF_LINE_COL(RESET, reset, "reset", 5)

#define MF_LINE_COL(id, name, head, width)	MF_LINE_##id,
enum { MF_LINE_COLS MF_NR_LINE };
#undef MF_LINE_COL
/* The JSON keys, and the --wide headings. */
#define MF_LINE_COL(id, name, head, width)	#name,
static const char *const mf_line_cols[] = { MF_LINE_COLS };
#undef MF_LINE_COL
/*
 * Without --wide, short headings and widths that fit 80 columns, like
 * vmstat's; NULL: a trigger's, from mf_line_trigger_head.
 */
#define MF_LINE_COL(id, name, head, width)	head,
static const char *const mf_line_heads[] = { MF_LINE_COLS };
#undef MF_LINE_COL
#define MF_LINE_COL(id, name, head, width)	width,
static const int mf_line_widths[] = { MF_LINE_COLS };
#undef MF_LINE_COL
static const char *const mf_line_trigger_head[MEMFRAG_NR_TRIGGERS] = {
	[MEMFRAG_TRIGGER_DIRECT] = "dir",
	[MEMFRAG_TRIGGER_KCOMPACTD] = "kcd",
	[MEMFRAG_TRIGGER_PROACTIVE] = "pro",
	[MEMFRAG_TRIGGER_MANUAL] = "man",
};

/* The slot of each trigger's runs. */
#define MF_LINE_TRIGGER_SLOT_(id, name, what)				\
	[MEMFRAG_TRIGGER_##id] = MF_LINE_TRIGGER_##id,
static const unsigned int mf_line_trigger[MEMFRAG_NR_TRIGGERS] = {
	MEMFRAG_TRIGGERS(MF_LINE_TRIGGER_SLOT_)
};

#define MF_LINE_HEADER_EVERY	20

/* Column k's heading and width: the short ones unless --wide. */
static const char *mf_line_head(unsigned int k, int *width)
{
	const char *head = mf_line_heads[k];
	unsigned int t;

	for (t = 0; !head && t < MEMFRAG_NR_TRIGGERS; t++)
		if (mf_line_trigger[t] == k)
			head = mf_line_trigger_head[t];
	if (!mf_table_width || !head)
		head = mf_line_cols[k];
	*width = mf_table_width ? mf_line_widths[k] : 0;
	if (*width < (int)strlen(head))
		*width = (int)strlen(head);
	return head;
}

void mf_summary_line(FILE *out, struct mf_json *j, struct mf_file *const *f,
		     unsigned long n, double secs)
{
	unsigned long long v[MF_NR_LINE];
	unsigned int i, k;
	struct mf_sum sum;
	const struct mf_trigger_sum *direct;
	int w, reset = 0, none;

	mf_summarize(&sum, f);
	direct = &sum.trig[MEMFRAG_TRIGGER_DIRECT];
	v[MF_LINE_RUNS] = sum.runs;
	for (i = 0; i < MEMFRAG_NR_TRIGGERS; i++)
		v[mf_line_trigger[i]] = sum.trig[i].runs;
	v[MF_LINE_SUCCESS] = 0;
	for (i = 0; i < sum.ntrig; i++)
		v[MF_LINE_SUCCESS] += sum.trig[i].success;
	v[MF_LINE_DIRECT_MEAN_US] = direct->timed ?
				    direct->total_us / direct->timed : 0;
	v[MF_LINE_FALLBACKS] = sum.fallbacks;
	v[MF_LINE_FRAGMENTING] = sum.fragmenting;
	v[MF_LINE_MAX_SCORE] = sum.max_node_score;
	for (i = 0; i < F_NR; i++)
		reset |= f[i]->reset;
	v[MF_LINE_RESET] = (unsigned long long)reset;

	if (j) {
		mf_json_begin(j, NULL, '{');
		mf_json_u64(j, "interval", n);
		mf_json_seconds(j, "seconds", secs);
		mf_json_bool(j, "reset", reset);
	} else if (n % MF_LINE_HEADER_EVERY == 1) {
		fprintf(out, "%-8s", "time_utc");
		for (k = 0; k < MF_NR_LINE; k++) {
			const char *head = mf_line_head(k, &w);

			fprintf(out, " %*s", w, head);
		}
		fputc('\n', out);
	}
	if (!j) {
		/* the sample's wall-clock time, like vmstat -t */
		time_t t = (time_t)mf_line_wall;
		struct tm tm;
		char when[16] = "-";

		if (mf_line_wall >= 0 && gmtime_r(&t, &tm))
			strftime(when, sizeof(when), "%H:%M:%S", &tm);
		fprintf(out, "%-8s", when);
	}
	for (k = 0; k < MF_NR_LINE; k++) {
		/* no mean without a timed run: "-", null */
		none = k == MF_LINE_DIRECT_MEAN_US && !direct->timed;
		mf_line_head(k, &w);
		if (j && none)
			mf_json_null(j, mf_line_cols[k]);
		else if (j)
			mf_json_u64(j, mf_line_cols[k], v[k]);
		else if (none)
			fprintf(out, " %*s", w, "-");
		else
			fprintf(out, " %*llu", w, v[k]);
	}
	if (j) {
		mf_json_end(j, '}');
		mf_json_done(j);
	} else {
		fputc('\n', out);
	}
}

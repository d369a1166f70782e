// SPDX-License-Identifier: GPL-2.0
/*
 * memfrag compare: each recording is reduced to rates over its whole span
 * (counters: what grew from the first snapshot to the last, per second;
 * free blocks: their time-weighted mean), then A and B are set side by
 * side with B - A and B / A.  Percentiles come from the log2 latency
 * histograms: a percentile is reported as the upper bound of the bucket
 * it falls in (so "p50 <= 2047 us").
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <memfrag/memfrag.h>

#include "builtin.h"
#include "util/chart.h"
#include "util/json.h"
#include "util/names.h"
#include "util/plot.h"
#include "util/recording.h"

const struct mf_opt mf_compare_opts[] = {
	{ 'o', "output", "DIR",
	  "also draw A and B side by side as SVG into DIR, with an index.html" },
	{ 0, NULL, NULL, NULL }
};

#define MF_MAX_ROWS	256
#define MF_COLOUR_A	"#0072B2"
#define MF_COLOUR_B	"#E69F00"

/* One recording, reduced. */
struct mf_side {
	const struct mf_recording *rec;
	double span;
	double runs[MF_REC_NTRIG], stall_us, direct_runs;
	double lat[MF_REC_NBUCKETS];	/* direct runs per bucket */
	double fallbacks[MF_REC_NMT][MF_REC_NMT], fragmenting;
	double claimed, stolen;
	double free_blocks[MF_REC_MAX_ORDERS];	/* all zones, time-weighted */
};

struct mf_row_cmp {
	char metric[40], key[64];
	const char *unit;
	double a, b;
};

struct mf_cmp {
	struct mf_side a, b;
	unsigned int nrows;
	struct mf_row_cmp rows[MF_MAX_ROWS];
};

static void mf_reduce(const struct mf_recording *rec, struct mf_side *s)
{
	unsigned int i, t, r, b, a, f, z, o, nmt = mf_rec_nmt();
	double dt;

	memset(s, 0, sizeof(*s));
	s->rec = rec;
	s->span = mf_rec_span(rec);
	for (i = 1; i < rec->nsnap; i++) {
		for (t = 0; t < MF_REC_NTRIG; t++)
			for (r = 0; r < MF_REC_NRES; r++)
				s->runs[t] += MF_REC_GREW(rec, i, runs[t][r]);
		s->stall_us += MF_REC_GREW(rec, i, total_us[MEMFRAG_TRIGGER_DIRECT]);
		s->direct_runs += MF_REC_GREW(rec, i, timed[MEMFRAG_TRIGGER_DIRECT]);
		for (b = 0; b < MF_REC_NBUCKETS; b++)
			s->lat[b] += MF_REC_GREW(rec, i, lat[MEMFRAG_TRIGGER_DIRECT][b]);
		for (a = 0; a < nmt; a++)
			for (f = 0; f < nmt; f++) {
				s->fallbacks[a][f] += MF_REC_GREW(rec, i, fallbacks[a][f]);
				s->fragmenting += MF_REC_GREW(rec, i, fragmenting[a][f]);
				s->claimed += MF_REC_GREW(rec, i, claimed[a][f]);
				s->stolen += MF_REC_GREW(rec, i, stolen[a][f]);
			}
		dt = rec->snap[i].t - rec->snap[i - 1].t;
		for (z = 0; z < rec->nzones; z++)
			for (o = 0; o < rec->norders; o++)
				s->free_blocks[o] += rec->snap[i].free_blocks[z][o] * dt;
	}
	for (o = 0; o < rec->norders && s->span > 0; o++)
		s->free_blocks[o] /= s->span;
}

/* The upper bound (us) of the bucket holding percentile q, or NAN. */
static double mf_percentile(const struct mf_side *s, double q)
{
	double total = 0, run = 0;
	unsigned int b;

	for (b = 0; b < MF_REC_NBUCKETS; b++)
		total += s->lat[b];
	if (total <= 0)
		return NAN;
	for (b = 0; b < MF_REC_NBUCKETS; b++) {
		run += s->lat[b];
		if (run >= q * total)
			return b ? ldexp(1, (int)b) - 1 : 0;
	}
	return -1;
}

static void mf_row(struct mf_cmp *c, const char *metric, const char *key,
		   const char *unit, double a, double b)
{
	struct mf_row_cmp *r;

	if (c->nrows == MF_MAX_ROWS)
		return;
	r = &c->rows[c->nrows++];
	snprintf(r->metric, sizeof(r->metric), "%s", metric);
	snprintf(r->key, sizeof(r->key), "%s", key);
	r->unit = unit;
	r->a = a;
	r->b = b;
}

static double mf_per_s(const struct mf_side *s, double v)
{
	return s->span > 0 ? v / s->span : 0;
}

static void mf_rows(struct mf_cmp *c)
{
	const struct mf_side *a = &c->a, *b = &c->b;
	static const double qs[] = { 0.5, 0.9, 0.99 };
	static const char *const qn[] = { "p50", "p90", "p99" };
	unsigned int t, i, x, y, o, nmt = mf_rec_nmt();
	char key[64];

	for (t = 0; t < MF_REC_NTRIG; t++)
		mf_row(c, MF_COL(runs), mf_trigger_names[t], "runs/s",
		       mf_per_s(a, a->runs[t]), mf_per_s(b, b->runs[t]));
	mf_row(c, "stall", mf_trigger_names[MEMFRAG_TRIGGER_DIRECT], "ms/s",
	       mf_per_s(a, a->stall_us) / 1e3, mf_per_s(b, b->stall_us) / 1e3);
	mf_row(c, "stall_mean", mf_trigger_names[MEMFRAG_TRIGGER_DIRECT], "ms",
	       a->direct_runs ? a->stall_us / a->direct_runs / 1e3 : 0,
	       b->direct_runs ? b->stall_us / b->direct_runs / 1e3 : 0);
	for (i = 0; i < 3; i++)
		mf_row(c, "stall_le", qn[i], "us",
		       mf_percentile(a, qs[i]), mf_percentile(b, qs[i]));
	for (x = 0; x < nmt; x++)
		for (y = 0; y < nmt; y++) {
			if (a->fallbacks[x][y] <= 0 && b->fallbacks[x][y] <= 0)
				continue;
			/* ASCII in the table's keys, an arrow in the pictures */
			snprintf(key, sizeof(key), "%s->%s",
				 mf_migratetype_names[x], mf_migratetype_names[y]);
			mf_row(c, MF_COL(fallbacks), key,
			       "1/s", mf_per_s(a, a->fallbacks[x][y]),
			       mf_per_s(b, b->fallbacks[x][y]));
		}
	mf_row(c, MF_COL(fallbacks), MF_COL(fragmenting), "1/s",
	       mf_per_s(a, a->fragmenting), mf_per_s(b, b->fragmenting));
	if (a->rec->has_claim || b->rec->has_claim) {
		mf_row(c, MF_COL(fallbacks), MF_COL(claimed), "1/s",
		       mf_per_s(a, a->claimed), mf_per_s(b, b->claimed));
		mf_row(c, MF_COL(fallbacks), MF_COL(stolen), "1/s",
		       mf_per_s(a, a->stolen), mf_per_s(b, b->stolen));
	}
	for (o = 0; o < a->rec->norders; o++) {
		snprintf(key, sizeof(key), "order_%u", o);
		mf_row(c, "free_blocks_mean", key, "blocks",
		       a->free_blocks[o], b->free_blocks[o]);
	}
}

/*
 * Whether A and B can be compared: the same zones, page size, orders and
 * formats.
 */
static int mf_comparable(const struct mf_recording *a,
			 const struct mf_recording *b, struct mf_error *err)
{
	char za[512] = "", zb[512] = "";
	unsigned int i;
	int same = a->nzones == b->nzones;

	for (i = 0; same && i < a->nzones; i++)
		same = a->zones[i].node == b->zones[i].node &&
		       !strcmp(a->zones[i].name, b->zones[i].name);
	if (!same) {
		for (i = 0; i < a->nzones; i++)
			snprintf(za + strlen(za), sizeof(za) - strlen(za), " %d/%s",
				 a->zones[i].node, a->zones[i].name);
		for (i = 0; i < b->nzones; i++)
			snprintf(zb + strlen(zb), sizeof(zb) - strlen(zb), " %d/%s",
				 b->zones[i].node, b->zones[i].name);
		return mf_fail(err, MF_EXIT_ERROR,
			       "cannot compare %s and %s: their zones differ (node/zone:%s against%s)",
			       a->path, b->path, za, zb);
	}
	if (a->page_size != b->page_size)
		return mf_fail(err, MF_EXIT_ERROR,
			       "cannot compare %s and %s: pages of %llu bytes against %llu (the same order is blocks of another size)",
			       a->path, b->path, a->page_size, b->page_size);
	if (a->norders != b->norders)
		return mf_fail(err, MF_EXIT_ERROR,
			       "cannot compare %s and %s: %u orders against %u",
			       a->path, b->path, a->norders, b->norders);
	if (a->format != b->format)
		return mf_fail(err, MF_EXIT_VERSION,
			       "cannot compare %s and %s: the module wrote file format %lld in one and %lld in the other",
			       a->path, b->path, a->format, b->format);
	if (mf_rec_span(a) <= 0 || mf_rec_span(b) <= 0)
		return mf_fail(err, MF_EXIT_ERROR,
			       "cannot compare %s and %s: a recording needs two snapshots at least",
			       a->path, b->path);
	return 0;
}

static void mf_print_text(const struct mf_cmp *c)
{
	const struct mf_row_cmp *r;
	char name[80];
	unsigned int i;

	printf("A: %s  (%s, %.1f s)\nB: %s  (%s, %.1f s)\n"
	       "Rates are per second of recording; free blocks are summed over zones.\n\n",
	       c->a.rec->path, c->a.rec->kernel, c->a.span, c->b.rec->path,
	       c->b.rec->kernel, c->b.span);
	printf("%-34s %-7s %10s %10s %10s %7s\n", "metric", "unit", "A", "B",
	       "B-A", "B/A");
	for (i = 0; i < c->nrows; i++) {
		r = &c->rows[i];
		snprintf(name, sizeof(name), "%s.%s", r->metric, r->key);
		printf("%-34s %-7s ", name, r->unit);
		/* an unknown value (a percentile of no runs) is "-" */
		if (isnan(r->a) || isnan(r->b)) {
			printf("%10s %10s %10s %7s\n", isnan(r->a) ? "-" : "",
			       isnan(r->b) ? "-" : "", "-", "-");
			continue;
		}
		printf("%10.6g %10.6g %10.6g ", r->a, r->b, r->b - r->a);
		if (r->a > 0)
			printf("%7.3g\n", r->b / r->a);
		else
			printf("%7s\n", "-");
	}
}

static void mf_json_side(struct mf_json *j, const char *key,
			 const struct mf_side *s)
{
	mf_json_begin(j, key, '{');
	mf_json_str(j, "path", s->rec->path);
	mf_json_str(j, "kernel", s->rec->kernel);
	mf_json_str(j, "started", s->rec->started);
	mf_json_double(j, "seconds", s->span);
	mf_json_u64(j, "snapshots", s->rec->nsnap);
	mf_json_end(j, '}');
}

static void mf_print_json(const struct mf_cmp *c)
{
	const struct mf_row_cmp *r;
	struct mf_json j;
	unsigned int i;

	mf_json_init(&j, stdout, 1);
	mf_json_begin(&j, NULL, '{');
	mf_json_str(&j, "view", "compare");
	mf_json_str(&j, "version", MEMFRAG_VERSION);
	mf_json_int(&j, "format", c->a.rec->format);
	mf_json_side(&j, "a", &c->a);
	mf_json_side(&j, "b", &c->b);
	mf_json_begin(&j, "rows", '[');
	for (i = 0; i < c->nrows; i++) {
		r = &c->rows[i];
		mf_json_begin(&j, NULL, '{');
		mf_json_str(&j, "metric", r->metric);
		mf_json_str(&j, "key", r->key);
		mf_json_str(&j, "unit", r->unit);
		if (isnan(r->a) || isnan(r->b)) {
			if (isnan(r->a))
				mf_json_null(&j, "a");
			else
				mf_json_double(&j, "a", r->a);
			if (isnan(r->b))
				mf_json_null(&j, "b");
			else
				mf_json_double(&j, "b", r->b);
			mf_json_null(&j, "diff");
			mf_json_null(&j, "ratio");
			mf_json_end(&j, '}');
			continue;
		}
		mf_json_double(&j, "a", r->a);
		mf_json_double(&j, "b", r->b);
		mf_json_double(&j, "diff", r->b - r->a);
		if (r->a > 0)
			mf_json_double(&j, "ratio", r->b / r->a);
		else
			mf_json_null(&j, "ratio");
		mf_json_end(&j, '}');
	}
	mf_json_end(&j, ']');
	mf_json_end(&j, '}');
	mf_json_done(&j);
}

/* --- figures: A and B side by side ---------------------------------------- */

/*
 * Grouped bars: for each of n categories, A's bar then B's, with classes
 * "bar-a" and "bar-b" (zero values draw no bar).  logy: a log10(1 + v)
 * axis, for counts that span orders of magnitude.  A category's name may
 * have a second line after a '\n', drawn smaller below the first.
 */
static int mf_grouped(const struct mf_cmp *c, const char *dir,
		      const char *name, const char *title, const char *ylabel,
		      const char *xlabel, unsigned int n,
		      const char *const *cats, const double *a, const double *b,
		      int logy, struct mf_error *err)
{
	const char *legend[2], *colours[2] = { MF_COLOUR_A, MF_COLOUR_B };
	char la[300], lb[300], tip[200], buf[32];
	double max = 0, y, gw, bw, v, x, top;
	FILE *f = mf_plot_open(dir, name, err);
	struct mf_panel pn;
	struct mf_svg s;
	unsigned int i, k;

	if (!f)
		return err->status;
	for (i = 0; i < n; i++) {
		max = a[i] > max ? a[i] : max;
		max = b[i] > max ? b[i] : max;
	}
	top = logy ? ceil(log10(1 + max)) : max * 1.1;
	mf_svg_begin(&s, f, MF_CHART_W, 560, title);
	y = mf_chart_title(&s, title, NULL);
	snprintf(la, sizeof(la), "A: %s (%s, %.0f s)", c->a.rec->path,
		 c->a.rec->kernel, c->a.span);
	snprintf(lb, sizeof(lb), "B: %s (%s, %.0f s)", c->b.rec->path,
		 c->b.rec->kernel, c->b.span);
	legend[0] = la;
	legend[1] = lb;
	y += mf_legend(&s, MF_CHART_LEFT, y + 10, 1000, 2, legend, colours, NULL) + 40;
	mf_panel_init(&pn, &s, MF_CHART_LEFT, y, MF_CHART_W - MF_CHART_LEFT - MF_CHART_RIGHT,
		      560 - y - 80, 0, n ? n : 1, 0, top > 0 ? top : 1);
	/* categories, not numbers, along x: the panel draws no x ticks */
	pn.x1 = n ? n : 1;
	mf_svg_line(&s, pn.x, pn.y + pn.h, pn.x + pn.w, pn.y + pn.h, "#222222", 1.5, NULL);
	mf_svg_line(&s, pn.x, pn.y, pn.x, pn.y + pn.h, "#222222", 1.5, NULL);
	mf_svg_text(&s, pn.x - 115, pn.y + pn.h / 2, MF_MIDDLE, MF_CHART_FONT, 0, -90,
		    "#222222", "%s", ylabel);
	mf_svg_text(&s, pn.x + pn.w / 2, pn.y + pn.h + 62, MF_MIDDLE, MF_CHART_FONT,
		    0, 0, "#222222", "%s", xlabel);
	for (k = 0; k <= (unsigned int)top && logy; k++) {
		double py = mf_panel_y(&pn, k);

		mf_svg_line(&s, pn.x, py, pn.x + pn.w, py, "#dddddd", 1, NULL);
		mf_svg_text(&s, pn.x - 8, py + 5, MF_END, MF_CHART_FONT, 0, 0,
			    "#222222", "%s", mf_svg_num(pow(10, k) - (k ? 0 : 1), buf, sizeof(buf)));
	}
	if (!logy) {
		double step = mf_svg_step(top, 5);

		for (v = 0; v <= top + 1e-9; v += step) {
			double py = mf_panel_y(&pn, v);

			mf_svg_line(&s, pn.x, py, pn.x + pn.w, py, "#dddddd", 1, NULL);
			mf_svg_text(&s, pn.x - 8, py + 5, MF_END, MF_CHART_FONT, 0, 0,
				    "#222222", "%s", mf_svg_num(v, buf, sizeof(buf)));
		}
	}
	gw = pn.w / (n ? n : 1);
	bw = gw * 0.38;
	for (i = 0; i < n; i++) {
		const char *nl = strchr(cats[i], '\n');

		x = pn.x + i * gw + gw * 0.12;
		mf_svg_text(&s, pn.x + (i + 0.5) * gw, pn.y + pn.h + 22, MF_MIDDLE,
			    n > 12 ? 12 : 14, 0, 0, "#222222", "%.*s",
			    nl ? (int)(nl - cats[i]) : (int)strlen(cats[i]), cats[i]);
		if (nl)
			mf_svg_text(&s, pn.x + (i + 0.5) * gw, pn.y + pn.h + 40,
				    MF_MIDDLE, n > 12 ? 11 : 13, 0, 0, "#222222",
				    "%s", nl + 1);
		for (k = 0; k < 2; k++) {
			double val = k ? b[i] : a[i];

			if (val <= 0)
				continue;
			v = logy ? log10(1 + val) : val;
			snprintf(tip, sizeof(tip), "%s %.*s: %.4g", k ? "B" : "A",
				 nl ? (int)(nl - cats[i]) : (int)strlen(cats[i]),
				 cats[i], val);
			mf_svg_rect(&s, x + k * bw, mf_panel_y(&pn, v), bw - 2,
				    mf_panel_y(&pn, 0) - mf_panel_y(&pn, v),
				    colours[k], k ? "bar-b" : "bar-a", tip);
		}
	}
	if (!n || max <= 0)
		mf_panel_note(&pn, "nothing to compare: zero in both recordings");
	mf_svg_end(&s);
	return mf_plot_close(f, dir, name, err);
}

static int mf_compare_figures(const struct mf_cmp *c, const char *dir,
			      struct mf_error *err)
{
	const char *cats[MF_MAX_ROWS];
	double a[MF_MAX_ROWS], b[MF_MAX_ROWS];
	char labels[MF_MAX_ROWS][48];
	unsigned int i, n = 0, b0 = MF_REC_NBUCKETS, b1 = 0;
	double ta = 0, tb = 0;
	FILE *f;
	int ret;

	ret = mf_plot_mkdir(dir, err);
	for (i = 0; i < MF_REC_NTRIG; i++) {
		cats[i] = mf_trigger_names[i];
		a[i] = mf_per_s(&c->a, c->a.runs[i]);
		b[i] = mf_per_s(&c->b, c->b.runs[i]);
	}
	if (!ret)
		ret = mf_grouped(c, dir, "compare-runs.svg",
				 "Compaction runs per second, by trigger: A against B",
				 "runs per second (runs/s)", MF_COL(trigger),
				 MF_REC_NTRIG, cats, a, b, 0, err);
	/* direct latency: each bucket's share of the runs */
	for (i = 0; i < MF_REC_NBUCKETS; i++) {
		ta += c->a.lat[i];
		tb += c->b.lat[i];
		if (c->a.lat[i] > 0 || c->b.lat[i] > 0) {
			b0 = i < b0 ? i : b0;
			b1 = i > b1 ? i : b1;
		}
	}
	for (i = b0, n = 0; i <= b1 && b0 < MF_REC_NBUCKETS; i++, n++) {
		mf_svg_usecs(i ? ldexp(1, (int)i - 1) : 0, labels[n], sizeof(labels[n]));
		cats[n] = labels[n];
		a[n] = ta > 0 ? 100 * c->a.lat[i] / ta : 0;
		b[n] = tb > 0 ? 100 * c->b.lat[i] / tb : 0;
	}
	if (!ret)
		ret = mf_grouped(c, dir, "compare-latency.svg",
				 "Direct compaction latency: share of runs per log2 bucket, A against B",
				 "share of direct runs (%)",
				 "latency bucket (from its lower bound, µs, log2)", n, cats,
				 a, b, 0, err);
	for (i = 0, n = 0; i < c->nrows; i++) {
		if (strcmp(c->rows[i].metric, MF_COL(fallbacks)))
			continue;
		cats[n] = c->rows[i].key;
		a[n] = c->rows[i].a;
		b[n++] = c->rows[i].b;
	}
	if (!ret)
		ret = mf_grouped(c, dir, "compare-fallbacks.svg",
				 "Migratetype fallbacks per second, by pair: A against B",
				 "fallbacks per second (1/s)", "allocated type→type taken",
				 n, cats, a, b, 0, err);
	/* order, and below it the size of its blocks (the same in A and B) */
	for (i = 0; i < c->a.rec->norders; i++) {
		char size[32];

		snprintf(labels[i], sizeof(labels[i]), "%u\n%s", i,
			 mf_fmt_bytes(size, sizeof(size),
				      ldexp((double)c->a.rec->page_size, (int)i)));
		cats[i] = labels[i];
		a[i] = c->a.free_blocks[i];
		b[i] = c->b.free_blocks[i];
	}
	if (!ret)
		ret = mf_grouped(c, dir, "compare-free-blocks.svg",
				 "Free blocks per order (time-weighted mean, all zones): A against B",
				 "free blocks (log scale)", "order · block size",
				 c->a.rec->norders, cats, a, b, 1, err);
	if (ret)
		return ret;
	f = mf_plot_open(dir, "index.html", err);
	if (!f)
		return err->status;
	fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
	      "<title>memfrag compare</title>\n<style>body { font-family: sans-serif; max-width: 1240px; margin: 1em auto; }\n"
	      "img { width: 100%; max-width: 1200px; border: 1px solid #ccc; }\n"
	      "td, th { padding: 0 0.6em; text-align: right; } td:first-child, th:first-child { text-align: left; }\n"
	      "</style></head><body>\n<h1>memfrag compare</h1>\n<p>A: ", f);
	mf_html_escape(f, c->a.rec->path);
	fprintf(f, " (%s, %.1f s)<br>B: ", c->a.rec->kernel, c->a.span);
	mf_html_escape(f, c->b.rec->path);
	fprintf(f, " (%s, %.1f s)</p>\n<table>\n<tr><th>metric</th><th>unit</th><th>A</th><th>B</th><th>B-A</th><th>B/A</th></tr>\n",
		c->b.rec->kernel, c->b.span);
	for (i = 0; i < c->nrows; i++) {
		const struct mf_row_cmp *r = &c->rows[i];

		fprintf(f, "<tr><td>%s.", r->metric);
		mf_html_escape(f, r->key);
		fprintf(f, "</td><td>%s</td><td>%.4g</td><td>%.4g</td><td>%.4g</td><td>",
			r->unit, r->a, r->b, r->b - r->a);
		if (r->a > 0 && !isnan(r->b))
			fprintf(f, "%.3g</td></tr>\n", r->b / r->a);
		else
			fputs("-</td></tr>\n", f);
	}
	fputs("</table>\n", f);
	mf_html_image_check(f);
	fputs("<img src=\"compare-runs.svg\" alt=\"runs\">\n"
	      "<img src=\"compare-latency.svg\" alt=\"direct latency\">\n"
	      "<img src=\"compare-fallbacks.svg\" alt=\"fallbacks\">\n"
	      "<img src=\"compare-free-blocks.svg\" alt=\"free blocks\">\n"
	      "</body></html>\n", f);
	return mf_plot_close(f, dir, "index.html", err);
}

int mf_compare_main(int argc, char **argv, const struct mf_globals *g,
		    struct mf_source *src, struct mf_error *err)
{
	struct mf_recording ra, rb;
	struct mf_cmp *c;
	struct mf_getopt go;
	const char *bad, *dir = NULL;
	int ch, ret;

	(void)src;
	mf_getopt_init(&go, mf_compare_opts, mf_nopts(mf_compare_opts));
	while ((ch = mf_getopt(&go, argc, argv, &bad)) != -1) {
		if (ch == 'o')
			dir = optarg;
		else
			return mf_usage_error("compare: %s '%s'",
					      ch == ':' ? "option needs an argument:" :
					      "unknown option", bad);
	}
	if (argc - optind != 2)
		return mf_usage_error("%s", "compare needs two recordings: memfrag compare A B");
	memset(&rb, 0, sizeof(rb));
	ret = mf_rec_read(&ra, argv[optind], err);
	if (!ret)
		ret = mf_rec_read(&rb, argv[optind + 1], err);
	if (!ret)
		ret = mf_comparable(&ra, &rb, err);
	if (!ret) {
		c = mf_xmalloc(sizeof(*c));
		memset(c, 0, sizeof(*c));
		mf_reduce(&ra, &c->a);
		mf_reduce(&rb, &c->b);
		mf_rows(c);
		if (g->json)
			mf_print_json(c);
		else
			mf_print_text(c);
		if (dir)
			ret = mf_compare_figures(c, dir, err);
		free(c);
	}
	mf_rec_release(&ra);
	mf_rec_release(&rb);
	return ret;
}

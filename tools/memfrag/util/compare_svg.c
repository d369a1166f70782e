// SPDX-License-Identifier: GPL-2.0
/*
 * memfrag compare's pictures: grouped bars, one bar per recording in
 * each category, coloured and named in the legend; and index.html with
 * the overview table.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <memfrag/memfrag.h>

#include "chart.h"
#include "compare.h"
#include "names.h"
#include "plot.h"
#include "svg.h"

#define MF_CMP_H	560
#define MF_CMP_MAX_CATS	MF_CMP_MAX_ROWS

/* One picture's bars: n categories, v[cat][recording]. */
struct mf_bars {
	const char *name, *title, *ylabel, *xlabel;
	unsigned int n;
	const char *cats[MF_CMP_MAX_CATS];
	double v[MF_CMP_MAX_CATS][MF_CMP_MAX_RECS];
	int logy;	/* log10(1 + v): counts over orders of magnitude */
	/* a subtitle (empty: none): why a recording has no bars */
	char note[300];
};

static void mf_bars_axis(struct mf_svg *s, const struct mf_panel *pn,
			 double top, int logy)
{
	double v, step, py;
	char buf[32];
	unsigned int k;

	mf_svg_line(s, pn->x, pn->y + pn->h, pn->x + pn->w, pn->y + pn->h,
		    "#222222", 1.5, NULL);
	mf_svg_line(s, pn->x, pn->y, pn->x, pn->y + pn->h, "#222222", 1.5, NULL);
	for (k = 0; logy && k <= (unsigned int)top; k++) {
		py = mf_panel_y(pn, k);
		mf_svg_line(s, pn->x, py, pn->x + pn->w, py, "#dddddd", 1, NULL);
		mf_svg_text(s, pn->x - 8, py + 5, MF_END, MF_CHART_FONT, 0, 0,
			    "#222222", "%s",
			    mf_svg_num(pow(10, k) - (k ? 0 : 1), buf, sizeof(buf)));
	}
	if (logy)
		return;
	step = mf_svg_step(top, 5);
	for (v = 0; v <= top + 1e-9; v += step) {
		py = mf_panel_y(pn, v);
		mf_svg_line(s, pn->x, py, pn->x + pn->w, py, "#dddddd", 1, NULL);
		mf_svg_text(s, pn->x - 8, py + 5, MF_END, MF_CHART_FONT, 0, 0,
			    "#222222", "%s", mf_svg_num(v, buf, sizeof(buf)));
	}
}

/*
 * Grouped bars, class "bar-N" for recording N (zero values draw no bar).
 * A category's name may have a second line after a '\n'.
 */
static int mf_bars_draw(const struct mf_cmp *c, const char *dir,
			struct mf_bars *b, const char *const text[4], int logy,
			struct mf_error *err)
{
	const char *names[MF_CMP_MAX_RECS], *colours[MF_CMP_MAX_RECS];
	char legend[MF_CMP_MAX_RECS][200], tip[200], cls[16];
	double max = 0, y, gw, bw, v, top;
	unsigned int i, k, n = b->n ? b->n : 1;
	struct mf_panel pn;
	struct mf_svg s;
	FILE *f;

	b->name = text[0];
	b->title = text[1];
	b->ylabel = text[2];
	b->xlabel = text[3];
	b->logy = logy;
	f = mf_plot_open(dir, b->name, err);
	if (!f)
		return err->status;
	for (i = 0; i < b->n; i++)
		for (k = 0; k < c->nrec; k++)
			if (b->v[i][k] > max)
				max = b->v[i][k];
	top = b->logy ? ceil(log10(1 + max)) : max * 1.1;
	for (k = 0; k < c->nrec; k++) {
		snprintf(legend[k], sizeof(legend[k]), "%s (%s, %.0f s, %.0f s active)",
			 c->r[k].name, c->r[k].rec.kernel, c->r[k].span,
			 c->r[k].active);
		names[k] = legend[k];
		colours[k] = mf_svg_cat(k);
	}
	mf_svg_begin(&s, f, MF_CHART_W, MF_CMP_H, b->title);
	y = mf_chart_title(&s, b->title, b->note[0] ? b->note : NULL);
	y += mf_legend(&s, MF_CHART_LEFT, y + 10, MF_CHART_W - MF_CHART_LEFT -
		       MF_CHART_RIGHT, c->nrec, names, colours, NULL) + 40;
	mf_panel_init(&pn, &s, MF_CHART_LEFT, y,
		      MF_CHART_W - MF_CHART_LEFT - MF_CHART_RIGHT,
		      MF_CMP_H - y - 80, 0, n, 0, top > 0 ? top : 1);
	/* categories, not numbers, along x: the panel draws no x ticks */
	pn.x1 = n;
	mf_bars_axis(&s, &pn, top > 0 ? top : 1, b->logy);
	mf_svg_text(&s, pn.x - 115, pn.y + pn.h / 2, MF_MIDDLE, MF_CHART_FONT,
		    0, -90, "#222222", "%s", b->ylabel);
	mf_svg_text(&s, pn.x + pn.w / 2, pn.y + pn.h + 62, MF_MIDDLE,
		    MF_CHART_FONT, 0, 0, "#222222", "%s", b->xlabel);
	gw = pn.w / n;
	bw = gw * 0.76 / c->nrec;
	for (i = 0; i < b->n; i++) {
		const char *nl = strchr(b->cats[i], '\n');
		int len = nl ? (int)(nl - b->cats[i]) : (int)strlen(b->cats[i]);

		mf_svg_text(&s, pn.x + (i + 0.5) * gw, pn.y + pn.h + 22,
			    MF_MIDDLE, b->n > 12 ? 12 : 14, 0, 0, "#222222",
			    "%.*s", len, b->cats[i]);
		if (nl)
			mf_svg_text(&s, pn.x + (i + 0.5) * gw, pn.y + pn.h + 40,
				    MF_MIDDLE, b->n > 12 ? 11 : 13, 0, 0,
				    "#222222", "%s", nl + 1);
		for (k = 0; k < c->nrec; k++) {
			double val = b->v[i][k];

			if (!(val > 0))
				continue;
			v = b->logy ? log10(1 + val) : val;
			snprintf(tip, sizeof(tip), "%s %.*s: %.4g",
				 c->r[k].name, len, b->cats[i], val);
			snprintf(cls, sizeof(cls), "bar-%u", k);
			mf_svg_rect(&s, pn.x + i * gw + gw * 0.12 + k * bw,
				    mf_panel_y(&pn, v), bw - 2,
				    mf_panel_y(&pn, 0) - mf_panel_y(&pn, v),
				    colours[k], cls, tip);
		}
	}
	if (!b->n || max <= 0)
		mf_panel_note(&pn, "nothing to compare: zero in every recording");
	mf_svg_end(&s);
	return mf_plot_close(f, dir, b->name, err);
}

/* Bars of the rows of metric (keys as categories). */
static void mf_bars_rows(const struct mf_cmp *c, struct mf_bars *b,
			 const char *metric)
{
	unsigned int i, k;

	b->n = 0;
	for (i = 0; i < c->nrows && b->n < MF_CMP_MAX_CATS; i++) {
		if (strcmp(c->rows[i].metric, metric))
			continue;
		b->cats[b->n] = c->rows[i].key;
		for (k = 0; k < c->nrec; k++)
			b->v[b->n][k] = c->rows[i].v[k];
		b->n++;
	}
}

/* Each picture's file, title, y and x labels. */
static const char *const mf_fig_lat[4] = {
	"compare-latency.svg",
	"Direct compaction latency: share of runs per log2 bucket",
	"share of direct runs (%)",
	"latency bucket (from its lower bound, µs, log2)",
};
static const char *const mf_fig_free[4] = {
	"compare-free-blocks.svg",
	"Free blocks per order (time-weighted mean, zones compared)",
	"free blocks (log scale)", "order · block size",
};

static int mf_fig_latency(const struct mf_cmp *c, const char *dir,
			  struct mf_bars *b, struct mf_error *err)
{
	static char labels[MF_REC_NBUCKETS][32];
	unsigned int i, k, b0 = MF_REC_NBUCKETS, b1 = 0;
	double tot[MF_CMP_MAX_RECS] = { 0 }, x;

	for (k = 0; k < c->nrec; k++)
		for (i = 0; i < MF_REC_NBUCKETS; i++) {
			x = c->r[k].sum.lat[MEMFRAG_TRIGGER_DIRECT][i];
			tot[k] += x;
			if (x > 0) {
				b0 = i < b0 ? i : b0;
				b1 = i > b1 ? i : b1;
			}
		}
	/* shares of no runs are no bars: say whose */
	b->note[0] = '\0';
	for (k = 0; k < c->nrec; k++)
		if (!(tot[k] > 0))
			snprintf(b->note + strlen(b->note),
				 sizeof(b->note) - strlen(b->note), "%s%s",
				 b->note[0] ? ", " : "No direct runs in ",
				 c->r[k].name);
	b->n = 0;
	for (i = b0; i <= b1 && b0 < MF_REC_NBUCKETS; i++, b->n++) {
		mf_svg_usecs(i ? ldexp(1, (int)i - 1) : 0, labels[b->n],
			     sizeof(labels[b->n]));
		b->cats[b->n] = labels[b->n];
		for (k = 0; k < c->nrec; k++)
			b->v[b->n][k] = tot[k] > 0 ? 100 *
				c->r[k].sum.lat[MEMFRAG_TRIGGER_DIRECT][i] / tot[k] : 0;
	}
	return mf_bars_draw(c, dir, b, mf_fig_lat, 0, err);
}

static int mf_fig_free_blocks(const struct mf_cmp *c, const char *dir,
			      struct mf_bars *b, struct mf_error *err)
{
	static char labels[MF_REC_MAX_ORDERS][48];
	unsigned int i, k;
	char size[32];

	for (i = 0; i < c->norders; i++) {
		snprintf(labels[i], sizeof(labels[i]), "%u\n%s", i,
			 mf_fmt_bytes(size, sizeof(size),
				      ldexp((double)c->r[0].rec.page_size, (int)i)));
		b->cats[i] = labels[i];
		for (k = 0; k < c->nrec; k++)
			b->v[i][k] = c->r[k].free_blocks[i];
	}
	b->n = c->norders;
	b->note[0] = '\0';
	return mf_bars_draw(c, dir, b, mf_fig_free, 1, err);
}

static const char *const mf_cmp_svgs[] = {
	"compare-runs.svg", "compare-latency.svg", "compare-fallbacks.svg",
	"compare-fallback-totals.svg", "compare-free-blocks.svg",
};

static int mf_cmp_index(const struct mf_cmp *c, const char *dir,
			struct mf_error *err)
{
	FILE *f = mf_plot_open(dir, "index.html", err);
	unsigned int i, k;

	if (!f)
		return err->status;
	fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
	      "<title>memfrag compare</title>\n<style>body { font-family: sans-serif; max-width: 1240px; margin: 1em auto; }\n"
	      "figure svg { width: 100%; max-width: 1200px; height: auto; border: 1px solid #ccc; }\n"
	      "td, th { padding: 0 0.6em; text-align: right; } td:first-child, th:first-child { text-align: left; }\n"
	      "</style></head><body>\n<h1>memfrag compare</h1>\n<ul>\n", f);
	for (k = 0; k < c->nrec; k++) {
		fputs("<li>", f);
		mf_html_escape(f, c->r[k].name);
		fputs(": ", f);
		mf_html_escape(f, c->r[k].rec.path);
		fprintf(f, " (%s, %.1f s recorded, %.1f s active)</li>\n",
			c->r[k].rec.kernel, c->r[k].span, c->r[k].active);
	}
	fputs("</ul>\n", f);
	if (c->only_some[0]) {
		fputs("<p>Not compared: ", f);
		mf_html_escape(f, c->only_some);
		fputs(".</p>\n", f);
	}
	fputs("<table>\n<tr><th>metric</th><th>unit</th>", f);
	for (k = 0; k < c->nrec; k++) {
		fputs("<th>", f);
		mf_html_escape(f, c->r[k].name);
		fputs("</th>", f);
	}
	fputs("</tr>\n", f);
	for (i = 0; i < c->nrows; i++) {
		const struct mf_cmp_row *r = &c->rows[i];

		fprintf(f, "<tr><td>%s.", r->metric);
		mf_html_escape(f, r->key);
		fprintf(f, "</td><td>%s</td>", r->unit);
		for (k = 0; k < c->nrec; k++)
			if (isnan(r->v[k]))
				fputs("<td>-</td>", f);
			else
				fprintf(f, "<td>%.4g</td>", r->v[k]);
		fputs("</tr>\n", f);
	}
	fputs("</table>\n", f);
	for (i = 0; i < MF_ARRAY_SIZE(mf_cmp_svgs); i++) {
		fputs("<figure>\n", f);
		if (mf_html_inline(f, dir, mf_cmp_svgs[i], err)) {
			fclose(f);
			return err->status;
		}
		fprintf(f, "<figcaption><a href=\"%s\">%s</a></figcaption></figure>\n",
			mf_cmp_svgs[i], mf_cmp_svgs[i]);
	}
	fputs("</body></html>\n", f);
	return mf_plot_close(f, dir, "index.html", err);
}

/* A picture of the rows of metric, their keys along x. */
static int mf_fig_rows(const struct mf_cmp *c, const char *dir,
		       struct mf_bars *b, const char *metric,
		       const char *const text[4], struct mf_error *err)
{
	mf_bars_rows(c, b, metric);
	b->note[0] = '\0';
	return mf_bars_draw(c, dir, b, text, 0, err);
}

static const char *const mf_fig_runs[4] = {
	"compare-runs.svg",
	"Compaction runs per second of activity, by trigger",
	"runs per active second (runs/s)", MF_COL(trigger),
};
/* per pair and all pairs apart: totals would flatten the pairs' bars */
static const char *const mf_fig_pairs[4] = {
	"compare-fallbacks.svg",
	"Migratetype fallbacks per second of activity, by pair",
	"fallbacks per active second (1/s)", "allocated type→type taken",
};
static const char *const mf_fig_totals[4] = {
	"compare-fallback-totals.svg",
	"Migratetype fallbacks per second of activity, all pairs",
	"fallbacks per active second (1/s)",
	"fallbacks: all, fragmenting, claimed, stolen",
};

int mf_cmp_figures(const struct mf_cmp *c, const char *dir,
		   struct mf_error *err)
{
	struct mf_bars *b = mf_xmalloc(sizeof(*b));
	int ret = mf_plot_mkdir(dir, err);

	memset(b, 0, sizeof(*b));
	if (!ret)
		ret = mf_fig_rows(c, dir, b, "runs_rate", mf_fig_runs, err);
	if (!ret)
		ret = mf_fig_latency(c, dir, b, err);
	if (!ret)
		ret = mf_fig_rows(c, dir, b, "fallbacks_rate", mf_fig_pairs, err);
	if (!ret)
		ret = mf_fig_rows(c, dir, b, "fallbacks_all_rate",
				  mf_fig_totals, err);
	if (!ret)
		ret = mf_fig_free_blocks(c, dir, b, err);
	free(b);
	return ret ? ret : mf_cmp_index(c, dir, err);
}

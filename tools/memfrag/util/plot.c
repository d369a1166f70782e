// SPDX-License-Identifier: GPL-2.0
/*
 * memfrag plot: one SVG per question a reader asks of a recording, and an
 * index.html with them all.  Counters are drawn as rates over each
 * interval (what grew from one snapshot to the next, per second); gauges
 * (free blocks, indexes, scores) as read at the end of each interval.
 * Every data mark has a class ("bar", "cell", "line") and a tooltip, so a
 * test can count marks against the recording.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "names.h"
#include "parse.h"
#include "plot_int.h"

/* --- helpers shared with builtin-compare.c ---------------------------- */

int mf_plot_mkdir(const char *dir, struct mf_error *err)
{
	struct stat st;

	if (!mkdir(dir, 0755) || (errno == EEXIST && !stat(dir, &st) &&
				  S_ISDIR(st.st_mode)))
		return 0;
	return mf_fail(err, MF_EXIT_ERROR, "cannot create the directory %s: %s",
		       dir, strerror(errno));
}

FILE *mf_plot_open(const char *dir, const char *name, struct mf_error *err)
{
	char path[4200];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	if (!f)
		mf_fail(err, MF_EXIT_ERROR, "cannot create %s: %s", path,
			strerror(errno));
	return f;
}

int mf_plot_close(FILE *f, const char *dir, const char *name,
		  struct mf_error *err)
{
	int bad = ferror(f);

	if (fclose(f) || bad)
		return mf_fail(err, MF_EXIT_ERROR, "writing %s/%s failed", dir,
			       name);
	return 0;
}

const char *mf_plot_pair(unsigned int a, unsigned int f, char *buf,
			 size_t size)
{
	snprintf(buf, size, "%s→%s", mf_migratetype_names[a],
		 mf_migratetype_names[f]);
	return buf;
}

void mf_html_escape(FILE *out, const char *s)
{
	for (; *s; s++) {
		if (*s == '<')
			fputs("&lt;", out);
		else if (*s == '>')
			fputs("&gt;", out);
		else if (*s == '&')
			fputs("&amp;", out);
		else if (*s == '"')
			fputs("&quot;", out);
		else
			fputc(*s, out);
	}
}

/* --- the figures' frame ------------------------------------------------ */

void mf_time_panel(const struct mf_plot *p, struct mf_panel *pn,
		   struct mf_svg *s, double y, double right, double y0,
		   double y1)
{
	mf_panel_init(pn, s, MF_CHART_LEFT, y,
		      MF_CHART_W - MF_CHART_LEFT - right, MF_PANEL_H, 0,
		      p->span > 0 ? p->span : 1, y0, y1);
}

FILE *mf_fig_begin(struct mf_plot *p, struct mf_svg *s, const char *name,
		   double h, const char *title)
{
	FILE *f = mf_plot_open(p->dir, name, p->err);

	if (f)
		mf_svg_begin(s, f, MF_CHART_W, h, title);
	return f;
}

int mf_fig_end(struct mf_plot *p, struct mf_svg *s, const char *name)
{
	mf_svg_end(s);
	return mf_plot_close(s->out, p->dir, name, p->err);
}

/* --- compaction runs by trigger and result ------------------------------- */

static int mf_plot_runs(struct mf_plot *p)
{
	const struct mf_recording *rec = p->rec;
	int trig_on[MF_REC_NTRIG] = { 0 }, res_on[MF_REC_NRES] = { 0 };
	const char *names[MF_REC_NRES], *colours[MF_REC_NRES];
	unsigned int i, t, r, ntrig = 0, nres = 0, k;
	double y, ylegend, max, sum, v, x0, x1;
	struct mf_panel pn;
	struct mf_svg s;
	char tip[160];
	FILE *f;

	for (i = 1; i < rec->nsnap; i++)
		for (t = 0; t < MF_REC_NTRIG; t++)
			for (r = 0; r < MF_REC_NRES; r++)
				if (MF_REC_GREW(rec, i, runs[t][r]) > 0)
					trig_on[t] = res_on[r] = 1;
	for (t = 0; t < MF_REC_NTRIG; t++)
		ntrig += trig_on[t];
	for (r = 0; r < MF_REC_NRES; r++)
		if (res_on[r]) {
			names[nres] = mf_result_names[r];
			colours[nres++] = mf_svg_result(r);
		}
	f = mf_fig_begin(p, &s, "runs.svg",
			 130 + (ntrig ? ntrig : 1) * (MF_PANEL_H + MF_PANEL_GAP),
			 "memfrag: compaction runs over time, by trigger and result");
	if (!f)
		return p->err->status;
	y = mf_chart_title(&s, "Compaction runs over time, by trigger and result",
			   p->subtitle);
	ylegend = mf_legend(&s, MF_CHART_LEFT, y + 10, 1000, nres, names,
			    colours, NULL);
	y += ylegend + 45;
	for (t = 0, k = 0; t < MF_REC_NTRIG; t++) {
		if (!trig_on[t])
			continue;
		max = 0;
		for (i = 1; i < rec->nsnap; i++) {
			sum = 0;
			for (r = 0; r < MF_REC_NRES; r++)
				sum += MF_REC_GREW(rec, i, runs[t][r]);
			if (mf_dt(p, i) > 0 && sum / mf_dt(p, i) > max)
				max = sum / mf_dt(p, i);
		}
		mf_time_panel(p, &pn, &s, y, MF_CHART_RIGHT, 0, max * 1.1);
		snprintf(tip, sizeof(tip), "%s: %s", mf_trigger_names[t],
			 t == MEMFRAG_TRIGGER_DIRECT ? "allocating tasks stall in the allocator" :
			 t == MEMFRAG_TRIGGER_KCOMPACTD ? "kcompactd, woken by a request" :
			 t == MEMFRAG_TRIGGER_PROACTIVE ? "kcompactd, proactive compaction" :
			 "the compact_memory sysctl or a node's compact file");
		mf_panel_axes(&pn, tip, MF_XLABEL, "runs per second (runs/s)", 1);
		for (i = 1; i < rec->nsnap; i++) {
			double dt = mf_dt(p, i), base = 0;

			if (dt <= 0)
				continue;
			x0 = mf_panel_x(&pn, mf_t(p, i - 1));
			x1 = mf_panel_x(&pn, mf_t(p, i));
			for (r = 0; r < MF_REC_NRES; r++) {
				v = MF_REC_GREW(rec, i, runs[t][r]) / dt;
				if (v <= 0)
					continue;
				snprintf(tip, sizeof(tip), "%.1f-%.1f s: %g %s runs, %s",
					 mf_t(p, i - 1), mf_t(p, i), v * dt,
					 mf_trigger_names[t], mf_result_names[r]);
				mf_svg_rect(&s, x0 + 0.5, mf_panel_y(&pn, base + v),
					    x1 - x0 - 1 > 1 ? x1 - x0 - 1 : 1,
					    mf_panel_y(&pn, base) - mf_panel_y(&pn, base + v),
					    mf_svg_result(r), "bar", tip);
				base += v;
			}
		}
		y += MF_PANEL_H + MF_PANEL_GAP;
		k++;
	}
	if (!k) {
		mf_time_panel(p, &pn, &s, y, MF_CHART_RIGHT, 0, 1);
		mf_panel_axes(&pn, "every trigger", MF_XLABEL,
			      "runs per second (runs/s)", 1);
		mf_panel_note(&pn, "no compaction ran while this was recorded");
	}
	return mf_fig_end(p, &s, "runs.svg");
}

/* --- stall time of direct compaction --------------------------------------- */

static int mf_plot_stall(struct mf_plot *p)
{
	const struct mf_recording *rec = p->rec;
	const unsigned int d = MEMFRAG_TRIGGER_DIRECT;
	double max = 0, maxmean = 0, v, n, y, x0, x1;
	const char *colour = mf_svg_cat(5);
	struct mf_panel pn;
	struct mf_svg s;
	unsigned int i;
	char tip[160];
	FILE *f;

	for (i = 1; i < rec->nsnap; i++) {
		if (mf_dt(p, i) <= 0)
			continue;
		v = MF_REC_GREW(rec, i, total_us[d]) / 1e3 / mf_dt(p, i);
		n = MF_REC_GREW(rec, i, timed[d]);
		if (v > max)
			max = v;
		if (n > 0 && MF_REC_GREW(rec, i, total_us[d]) / 1e3 / n > maxmean)
			maxmean = MF_REC_GREW(rec, i, total_us[d]) / 1e3 / n;
	}
	f = mf_fig_begin(p, &s, "stall.svg", 110 + 2 * (MF_PANEL_H + MF_PANEL_GAP),
			 "memfrag: stall time of direct compaction over time");
	if (!f)
		return p->err->status;
	y = mf_chart_title(&s, "Stall time of direct compaction over time",
			   p->subtitle) + 40;
	mf_time_panel(p, &pn, &s, y, MF_CHART_RIGHT, 0, max * 1.1);
	mf_panel_axes(&pn, "time allocating tasks spent in direct compaction, per second",
		      MF_XLABEL, "stall (ms per s)", 1);
	for (i = 1; i < rec->nsnap; i++) {
		if (mf_dt(p, i) <= 0)
			continue;
		v = MF_REC_GREW(rec, i, total_us[d]) / 1e3 / mf_dt(p, i);
		if (v <= 0)
			continue;
		x0 = mf_panel_x(&pn, mf_t(p, i - 1));
		x1 = mf_panel_x(&pn, mf_t(p, i));
		snprintf(tip, sizeof(tip), "%.1f-%.1f s: %.3f ms of direct compaction in %g runs",
			 mf_t(p, i - 1), mf_t(p, i),
			 MF_REC_GREW(rec, i, total_us[d]) / 1e3,
			 MF_REC_GREW(rec, i, timed[d]));
		mf_svg_rect(&s, x0 + 0.5, mf_panel_y(&pn, v),
			    x1 - x0 - 1 > 1 ? x1 - x0 - 1 : 1,
			    mf_panel_y(&pn, 0) - mf_panel_y(&pn, v), colour,
			    "bar", tip);
	}
	if (max <= 0)
		mf_panel_note(&pn, "no direct compaction while this was recorded");
	y += MF_PANEL_H + MF_PANEL_GAP;
	mf_time_panel(p, &pn, &s, y, MF_CHART_RIGHT, 0, maxmean * 1.1);
	mf_panel_axes(&pn, "mean stall of one direct compaction run, per interval",
		      MF_XLABEL, "stall per run (ms)", 1);
	for (i = 1; i < rec->nsnap; i++) {
		n = MF_REC_GREW(rec, i, timed[d]);
		if (n <= 0)
			continue;
		v = MF_REC_GREW(rec, i, total_us[d]) / 1e3 / n;
		snprintf(tip, sizeof(tip), "%.1f-%.1f s: %g runs, mean %.3f ms",
			 mf_t(p, i - 1), mf_t(p, i), n, v);
		mf_svg_circle(&s, mf_panel_x(&pn, (mf_t(p, i - 1) + mf_t(p, i)) / 2),
			      mf_panel_y(&pn, v), 5, mf_svg_cat(0), "point", tip);
	}
	if (maxmean <= 0)
		mf_panel_note(&pn, "no direct compaction while this was recorded");
	return mf_fig_end(p, &s, "stall.svg");
}

/* --- latency heatmap per trigger ---------------------------------------- */

/* The label of log2 bucket b: its lower bound. */
static const char *mf_bucket_label(unsigned int b, char *buf, size_t size)
{
	return mf_svg_usecs(b ? ldexp(1, (int)b - 1) : 0, buf, size);
}

static int mf_plot_latency(struct mf_plot *p)
{
	const struct mf_recording *rec = p->rec;
	int trig_on[MF_REC_NTRIG] = { 0 };
	unsigned int i, t, b, bmin = MF_REC_NBUCKETS, bmax = 0, ntrig = 0;
	double vmax = 0, v, y, top, x0, x1;
	char col[8], tip[200], lab[32];
	struct mf_panel pn;
	struct mf_svg s;
	FILE *f;

	for (i = 1; i < rec->nsnap; i++)
		for (t = 0; t < MF_REC_NTRIG; t++)
			for (b = 0; b < MF_REC_NBUCKETS; b++) {
				v = MF_REC_GREW(rec, i, lat[t][b]);
				if (v <= 0)
					continue;
				trig_on[t] = 1;
				bmin = b < bmin ? b : bmin;
				bmax = b > bmax ? b : bmax;
				vmax = v > vmax ? v : vmax;
			}
	for (t = 0; t < MF_REC_NTRIG; t++)
		ntrig += trig_on[t];
	if (!ntrig)
		bmin = bmax = 1;
	f = mf_fig_begin(p, &s, "latency.svg",
			 110 + (ntrig ? ntrig : 1) * (MF_PANEL_H + MF_PANEL_GAP),
			 "memfrag: compaction latency over time, per trigger");
	if (!f)
		return p->err->status;
	top = y = mf_chart_title(&s, "Compaction latency over time (log2 buckets), per trigger",
				 p->subtitle) + 40;
	for (t = 0; t < MF_REC_NTRIG || (!ntrig && t == 0); t++) {
		if (ntrig && !trig_on[t])
			continue;
		mf_time_panel(p, &pn, &s, y, MF_HEAT_RIGHT, bmin - 0.5, bmax + 0.5);
		snprintf(tip, sizeof(tip), "%s runs", ntrig ? mf_trigger_names[t] : "every trigger's");
		/* the ticks carry their own units (µs, ms, s) */
		mf_panel_axes(&pn, tip, MF_XLABEL, "run latency (log2 buckets)", 0);
		for (b = bmin; b <= bmax; b++)
			if (bmax - bmin < 14 || (b - bmin) % 2 == 0)
				mf_panel_ylabel(&pn, b, mf_bucket_label(b, lab, sizeof(lab)));
		for (i = 1; ntrig && i < rec->nsnap; i++) {
			x0 = mf_panel_x(&pn, mf_t(p, i - 1));
			x1 = mf_panel_x(&pn, mf_t(p, i));
			for (b = bmin; b <= bmax; b++) {
				v = MF_REC_GREW(rec, i, lat[t][b]);
				if (v <= 0)
					continue;
				snprintf(tip, sizeof(tip), "%.1f-%.1f s: %g %s runs of %s to %s",
					 mf_t(p, i - 1), mf_t(p, i), v,
					 mf_trigger_names[t],
					 mf_bucket_label(b, lab, sizeof(lab)),
					 mf_svg_usecs(b ? ldexp(1, (int)b) : 1, lab + 16, 16));
				mf_svg_rect(&s, x0, mf_panel_y(&pn, b + 0.5), x1 - x0,
					    mf_panel_y(&pn, b - 0.5) - mf_panel_y(&pn, b + 0.5),
					    mf_svg_seq(mf_count_frac(v, vmax), col),
					    "cell", tip);
			}
		}
		if (!ntrig)
			mf_panel_note(&pn, "no compaction ran while this was recorded");
		y += MF_PANEL_H + MF_PANEL_GAP;
	}
	mf_count_bar(&s, MF_CHART_W - MF_HEAT_RIGHT + 20, top, MF_PANEL_H,
		     vmax, "runs per interval and bucket (log)");
	return mf_fig_end(p, &s, "latency.svg");
}

/* --- fallbacks over time -------------------------------------------------- */

#define MF_MAX_PAIRS	(MF_REC_NMT * MF_REC_NMT)
#define MF_SHOWN_PAIRS	7	/* the rest are "other pairs" */

struct mf_pairs {
	unsigned int n, a[MF_MAX_PAIRS], f[MF_MAX_PAIRS];
	double total[MF_MAX_PAIRS];
};

/* The pairs that fell back at all, most fallbacks first. */
static void mf_pairs(const struct mf_recording *rec, struct mf_pairs *pp)
{
	unsigned int a, f, i, j, nmt = mf_rec_nmt();
	double tot;

	pp->n = 0;
	for (a = 0; a < nmt; a++)
		for (f = 0; f < nmt; f++) {
			tot = 0;
			for (i = 1; i < rec->nsnap; i++)
				tot += MF_REC_GREW(rec, i, fallbacks[a][f]);
			if (tot <= 0)
				continue;
			for (j = pp->n++; j > 0 && pp->total[j - 1] < tot; j--) {
				pp->a[j] = pp->a[j - 1];
				pp->f[j] = pp->f[j - 1];
				pp->total[j] = pp->total[j - 1];
			}
			pp->a[j] = a;
			pp->f[j] = f;
			pp->total[j] = tot;
		}
}

static int mf_plot_fallbacks(struct mf_plot *p)
{
	const struct mf_recording *rec = p->rec;
	const char *names[MF_SHOWN_PAIRS + 1], *colours[MF_SHOWN_PAIRS + 1];
	char namebuf[MF_SHOWN_PAIRS + 1][64], tip[200];
	unsigned int i, k, nshown, nleg;
	double max = 0, y, dt, base, v, x0, x1, other;
	struct mf_pairs pp;
	struct mf_panel pn;
	struct mf_svg s;
	FILE *f;

	mf_pairs(rec, &pp);
	nshown = pp.n > MF_SHOWN_PAIRS + 1 ? MF_SHOWN_PAIRS : pp.n;
	for (k = 0; k < nshown; k++) {
		names[k] = mf_plot_pair(pp.a[k], pp.f[k], namebuf[k], 64);
		colours[k] = mf_svg_cat(k);
	}
	nleg = nshown;
	if (pp.n > nshown) {
		names[nleg] = "other pairs";
		colours[nleg++] = "#999999";
	}
	for (i = 1; i < rec->nsnap; i++) {
		dt = mf_dt(p, i);
		base = 0;
		for (k = 0; k < pp.n && dt > 0; k++)
			base += MF_REC_GREW(rec, i, fallbacks[pp.a[k]][pp.f[k]]) / dt;
		max = base > max ? base : max;
	}
	f = mf_fig_begin(p, &s, "fallbacks.svg", 170 + MF_PANEL_H + MF_PANEL_GAP,
			 "memfrag: migratetype fallbacks over time");
	if (!f)
		return p->err->status;
	y = mf_chart_title(&s, "Migratetype fallbacks over time (allocated type→type taken)",
			   p->subtitle);
	y += mf_legend(&s, MF_CHART_LEFT, y + 10, 1000, nleg, names, colours,
		       NULL) + 45;
	mf_time_panel(p, &pn, &s, y, MF_CHART_RIGHT, 0, max * 1.1);
	mf_panel_axes(&pn, "allocations that took a free block of another migratetype",
		      MF_XLABEL, "fallbacks per second (1/s)", 1);
	for (i = 1; i < rec->nsnap; i++) {
		dt = mf_dt(p, i);
		if (dt <= 0)
			continue;
		x0 = mf_panel_x(&pn, mf_t(p, i - 1));
		x1 = mf_panel_x(&pn, mf_t(p, i));
		base = other = 0;
		for (k = 0; k <= pp.n; k++) {
			if (k < pp.n) {
				v = MF_REC_GREW(rec, i, fallbacks[pp.a[k]][pp.f[k]]) / dt;
				if (k >= nshown) {
					other += v;
					continue;
				}
			} else {
				v = other;
			}
			if (v <= 0)
				continue;
			snprintf(tip, sizeof(tip), "%.1f-%.1f s: %g fallbacks %s",
				 mf_t(p, i - 1), mf_t(p, i), v * dt,
				 k < pp.n ? names[k] : "of other pairs");
			mf_svg_rect(&s, x0 + 0.5, mf_panel_y(&pn, base + v),
				    x1 - x0 - 1 > 1 ? x1 - x0 - 1 : 1,
				    mf_panel_y(&pn, base) - mf_panel_y(&pn, base + v),
				    k < pp.n ? colours[k] : "#999999", "bar", tip);
			base += v;
		}
	}
	if (!pp.n)
		mf_panel_note(&pn, "no fallbacks while this was recorded");
	return mf_fig_end(p, &s, "fallbacks.svg");
}

/* --- the fallback matrix ---------------------------------------------------- */

static int mf_plot_matrix(struct mf_plot *p)
{
	const struct mf_recording *rec = p->rec;
	unsigned int a, fb, i, nmt = mf_rec_nmt(), shown[MF_REC_NMT], n = 0;
	double tot[MF_REC_NMT][MF_REC_NMT] = { { 0 } };
	double frag[MF_REC_NMT][MF_REC_NMT] = { { 0 } };
	double claim[MF_REC_NMT][MF_REC_NMT] = { { 0 } };
	double steal[MF_REC_NMT][MF_REC_NMT] = { { 0 } };
	double vmax = 0, cw, ch, x0 = 260, y0, x, y;
	char col[8], tip[240], pair[64];
	const char *sev;
	int high;
	struct mf_svg s;
	FILE *f;

	for (a = 0; a < nmt; a++)
		for (fb = 0; fb < nmt; fb++)
			for (i = 1; i < rec->nsnap; i++) {
				tot[a][fb] += MF_REC_GREW(rec, i, fallbacks[a][fb]);
				frag[a][fb] += MF_REC_GREW(rec, i, fragmenting[a][fb]);
				claim[a][fb] += MF_REC_GREW(rec, i, claimed[a][fb]);
				steal[a][fb] += MF_REC_GREW(rec, i, stolen[a][fb]);
			}
	/* the types that always exist, and any other that fell back */
	for (a = 0; a < nmt; a++) {
		int any = a < 3;

		for (fb = 0; fb < nmt; fb++)
			any |= tot[a][fb] > 0 || tot[fb][a] > 0;
		if (any)
			shown[n++] = a;
		for (fb = 0; fb < nmt; fb++)
			vmax = tot[a][fb] > vmax ? tot[a][fb] : vmax;
	}
	cw = (MF_CHART_W - x0 - 200) / n;
	ch = 110;
	f = mf_fig_begin(p, &s, "fallback-matrix.svg", 260 + n * ch,
			 "memfrag: migratetype fallback matrix");
	if (!f)
		return p->err->status;
	y0 = mf_chart_title(&s, "Migratetype fallbacks over the whole recording",
			    p->subtitle) + 75;
	mf_svg_text(&s, x0 + cw * n / 2, y0 - 40, MF_MIDDLE, 16, 1, 0, MF_INK,
		    "migratetype of the free block taken (fallback type)");
	mf_svg_text(&s, 40, y0 + ch * n / 2, MF_MIDDLE, 16, 1, -90, MF_INK,
		    "migratetype allocated");
	for (i = 0; i < n; i++) {
		mf_svg_text(&s, x0 + cw * (i + 0.5), y0 - 10, MF_MIDDLE, 15, 0, 0,
			    MF_INK, "%s", mf_migratetype_names[shown[i]]);
		mf_svg_text(&s, x0 - 10, y0 + ch * (i + 0.5) + 5, MF_END, 15, 0, 0,
			    MF_INK, "%s", mf_migratetype_names[shown[i]]);
	}
	for (a = 0; a < n; a++)
		for (fb = 0; fb < n; fb++) {
			unsigned int ta = shown[a], tf = shown[fb];
			double v = tot[ta][tf], fr;

			x = x0 + fb * cw;
			y = y0 + a * ch;
			if (v <= 0) {
				/* no fallback: white, as the colour bar's 0 */
				mf_svg_frame(&s, x + 1, y + 1, cw - 2, ch - 2,
					     "#dddddd", 1, NULL);
				mf_svg_text(&s, x + cw / 2, y + ch / 2 + 5, MF_MIDDLE,
					    13, 0, 0, "#888888", "%s",
					    ta == tf ? "(same type)" : "none");
				continue;
			}
			fr = mf_count_frac(v, vmax);
			sev = mf_fallback_severity(mf_migratetype_names[ta],
						   mf_migratetype_names[tf],
						   frag[ta][tf]);
			snprintf(tip, sizeof(tip), "%s: %g fallbacks, %g fragmenting; severity %s",
				 mf_plot_pair(ta, tf, pair, sizeof(pair)), v,
				 frag[ta][tf], sev);
			mf_svg_rect(&s, x + 1, y + 1, cw - 2, ch - 2,
				    mf_svg_seq(fr, col), "cell", tip);
			/* severity is drawn as a frame, not a colour alone */
			high = !strcmp(sev, MF_SEVERITY_HIGH);
			if (strcmp(sev, MF_SEVERITY_LOW))
				mf_svg_frame(&s, x + 4, y + 4, cw - 8, ch - 8,
					     "#D55E00", high ? 6 : 3,
					     high ? NULL : "8 5");
			mf_svg_text(&s, x + cw / 2, y + 30, MF_MIDDLE, 20, 1, 0,
				    mf_svg_seq_ink(fr), "%g", v);
			mf_svg_text(&s, x + cw / 2, y + 52, MF_MIDDLE, 13, 0, 0,
				    mf_svg_seq_ink(fr), "%g fragmenting", frag[ta][tf]);
			mf_svg_text(&s, x + cw / 2, y + 72, MF_MIDDLE, 13, 1, 0,
				    mf_svg_seq_ink(fr), "severity: %s", sev);
			if (rec->has_claim)
				mf_svg_text(&s, x + cw / 2, y + 92, MF_MIDDLE, 13, 0, 0,
					    mf_svg_seq_ink(fr), "claimed %g · stolen %g",
					    claim[ta][tf], steal[ta][tf]);
		}
	mf_count_bar(&s, MF_CHART_W - 130, y0, ch * n, vmax,
		     "fallbacks (count, log scale)");
	y = y0 + n * ch + 30;
	mf_svg_frame(&s, x0, y - 14, 30, 18, "#D55E00", 6, NULL);
	mf_svg_text(&s, x0 + 40, y, MF_START, 14, 0, 0, MF_INK,
		    "high: unmovable or reclaimable pages left in movable pageblocks (fragmenting)");
	mf_svg_frame(&s, x0, y + 12, 30, 18, "#D55E00", 3, "8 5");
	mf_svg_text(&s, x0 + 40, y + 26, MF_START, 14, 0, 0, MF_INK,
		    "medium: unmovable and reclaimable mixed;  no frame: low (whole blocks claimed, or movable pages)");
	mf_svg_text(&s, x0, y + 54, MF_START, 14, 0, 0, MF_INK, "%s",
		    rec->has_claim ?
		    "claimed: the allocation took over the pageblock; stolen: it took pages and left the block's type" :
		    "claimed/stolen: not in this recording (the module's extfrag file had no claim/steal data)");
	return mf_fig_end(p, &s, "fallback-matrix.svg");
}

/* --- per-zone heatmaps over orders (free blocks, unusable index) --------- */

/* "9 · 8 MiB": order o and the size of its blocks, 2^o pages. */
static const char *mf_order_label(const struct mf_recording *rec,
				  unsigned int o, char *buf, size_t size)
{
	char bytes[32];

	snprintf(buf, size, "%u · %s", o,
		 mf_fmt_bytes(bytes, sizeof(bytes),
			      ldexp((double)rec->page_size, (int)o)));
	return buf;
}

/* The largest count of free blocks zone z had, over the snapshots drawn. */
static double mf_zone_max_free(const struct mf_recording *rec, unsigned int z)
{
	unsigned int i, o;
	double vmax = 0;

	for (i = 1; i < rec->nsnap; i++)
		for (o = 0; o < rec->norders; o++)
			if (rec->snap[i].free_blocks[z][o] > vmax)
				vmax = rec->snap[i].free_blocks[z][o];
	return vmax;
}

/*
 * Free blocks (a count, from 0 to millions, with zones of very different
 * sizes) on a log scale of each zone's own, 1 at its bottom and the
 * zone's largest count at its top; no block is no cell.  The unusable
 * index (0 to 1) on one linear scale.
 */
static int mf_plot_orders(struct mf_plot *p, int unusable)
{
	const struct mf_recording *rec = p->rec;
	const char *name = unusable ? "unusable.svg" : "free-blocks.svg";
	unsigned int z, i, o, nz = 0, no = rec->norders ? rec->norders : 1;
	double vmax = 1, v, y, top, x0, x1;
	char col[8], tip[200], lab[40];
	struct mf_panel pn;
	struct mf_svg s;
	FILE *f;

	for (z = 0; z < rec->nzones; z++)
		nz += mf_zone_on(rec, z);
	f = mf_fig_begin(p, &s, name, 110 + (nz ? nz : 1) * (MF_PANEL_H + MF_PANEL_GAP),
			 unusable ? "memfrag: unusable free space index over time, per zone" :
			 "memfrag: free blocks per order over time, per zone");
	if (!f)
		return p->err->status;
	top = y = mf_chart_title(&s, unusable ?
			"Unusable free space index over time, per zone and order" :
			"Free blocks per order over time, per zone (each zone its own log scale)",
			p->subtitle) + 40;
	for (z = 0; z < rec->nzones; z++) {
		if (!mf_zone_on(rec, z))
			continue;
		if (!unusable)
			vmax = mf_zone_max_free(rec, z);
		mf_time_panel(p, &pn, &s, y, MF_HEAT_RIGHT, -0.5, no - 0.5);
		snprintf(tip, sizeof(tip), "node %d, zone %s (%llu pages managed)%s",
			 rec->zones[z].node, rec->zones[z].name,
			 rec->zones[z].managed, unusable ?
			 ": the share of free memory in blocks too small for each order" : "");
		mf_panel_axes(&pn, tip, MF_XLABEL, "order · block size", 0);
		for (o = 0; o < no; o++)
			mf_panel_ylabel(&pn, o, mf_order_label(rec, o, lab, sizeof(lab)));
		for (i = 1; i < rec->nsnap; i++) {
			x0 = mf_panel_x(&pn, mf_t(p, i - 1));
			x1 = mf_panel_x(&pn, mf_t(p, i));
			for (o = 0; o < rec->norders; o++) {
				v = unusable ? rec->snap[i].unusable[z][o] :
				    rec->snap[i].free_blocks[z][o];
				if (!unusable && v <= 0)
					continue;
				snprintf(tip, sizeof(tip), unusable ?
					 "%.1f s: node %d %s order %u: unusable index %.3f" :
					 "%.1f s: node %d %s order %u: %.0f free blocks",
					 mf_t(p, i), rec->zones[z].node,
					 rec->zones[z].name, o, v);
				mf_svg_rect(&s, x0, mf_panel_y(&pn, o + 0.5), x1 - x0,
					    mf_panel_y(&pn, o - 0.5) - mf_panel_y(&pn, o + 0.5),
					    mf_svg_seq(unusable ? mf_scale_frac(v, vmax, 0) :
						       mf_count_frac(v, vmax), col),
					    "cell", tip);
			}
		}
		if (!unusable)
			mf_count_bar(&s, MF_CHART_W - MF_HEAT_RIGHT + 20, y,
				     MF_PANEL_H, vmax, "free blocks (log scale)");
		y += MF_PANEL_H + MF_PANEL_GAP;
	}
	if (unusable)
		mf_colourbar(&s, MF_CHART_W - MF_HEAT_RIGHT + 40, top, MF_PANEL_H,
			     1, 0, "unusable index (0 to 1)");
	if (!nz) {
		mf_time_panel(p, &pn, &s, y, MF_HEAT_RIGHT, -0.5, no - 0.5);
		mf_panel_axes(&pn, "no zone", MF_XLABEL, "order · block size", 0);
		mf_panel_note(&pn, "no zone with pages passes the filters");
	}
	return mf_fig_end(p, &s, name);
}

/* --- index.html -------------------------------------------------------------- */

static const char *const mf_figures[][2] = {
	{ "runs.svg", "Compaction runs per second, by trigger (panels) and result (colours)." },
	{ "stall.svg", "Time allocating tasks spent stalled in direct compaction, and the mean stall per run." },
	{ "latency.svg", "How long compaction runs took: log2 latency buckets against time, one panel per trigger." },
	{ "fallbacks.svg", "Allocations that fell back to another migratetype's free blocks, by pair." },
	{ "fallback-matrix.svg", "All fallbacks of the recording by migratetype pair, with their severity." },
	{ "free-blocks.svg", "Free blocks of each order over time, per zone." },
	{ "unusable.svg", "The unusable free space index per order over time, per zone." },
	{ "score.svg", "Each node's fragmentation score (its zones' weighted scores stacked) against the thresholds of proactive compaction." },
	{ "events.svg", "Every recorded compaction run: its time, order and result, per trigger; hover a mark for its task, fragmentation index and latency." },
};

const unsigned int mf_plot_nfigures = MF_ARRAY_SIZE(mf_figures);

static void mf_html_row(FILE *out, const char *key, const char *val)
{
	fputs("<tr><th>", out);
	mf_html_escape(out, key);
	fputs("</th><td>", out);
	mf_html_escape(out, val);
	fputs("</td></tr>\n", out);
}

/*
 * The figure dir/name, inline: an <img> shows no tooltips (<title>), an
 * inline <svg> does.  The file's XML declaration is left out.
 */
int mf_html_inline(FILE *out, const char *dir, const char *name,
		   struct mf_error *err)
{
	char path[4200], line[4096];
	int first = 1;
	FILE *in;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	in = fopen(path, "r");
	if (!in)
		return mf_fail(err, MF_EXIT_ERROR, "cannot read %s back: %s",
			       path, strerror(errno));
	while (fgets(line, sizeof(line), in)) {
		if (!(first && !strncmp(line, "<?xml", 5)))
			fputs(line, out);
		first = 0;
	}
	fclose(in);
	return 0;
}

static int mf_plot_index(struct mf_plot *p)
{
	const struct mf_recording *rec = p->rec;
	FILE *f = mf_plot_open(p->dir, "index.html", p->err);
	char buf[256], size[80];
	unsigned int i;

	if (!f)
		return p->err->status;
	fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
	      "<title>memfrag recording</title>\n<style>\n"
	      "body { font-family: sans-serif; max-width: 1240px; margin: 1em auto; }\n"
	      "figure svg { width: 100%; max-width: 1200px; height: auto; border: 1px solid #ccc; }\n"
	      ".cut { color: #D55E00; font-weight: bold; }\n"
	      "th { text-align: left; padding-right: 1em; }\n"
	      "figure { margin: 2em 0; }\n</style></head><body>\n"
	      "<h1>memfrag recording</h1>\n<table>\n", f);
	mf_html_row(f, "file", rec->path);
	mf_html_row(f, "kernel", rec->kernel);
	mf_html_row(f, "host", rec->host);
	mf_html_row(f, "started (UTC)", rec->started);
	snprintf(buf, sizeof(buf), "every %g s, %u snapshots over %.1f s",
		 rec->interval, rec->nsnap, p->span);
	mf_html_row(f, "snapshots", buf);
	snprintf(buf, sizeof(buf), "%llu recorded, %llu dropped by the module%s",
		 rec->events, rec->dropped,
		 rec->has_events ? "" : " (not read: no events file)");
	mf_html_row(f, "events", buf);
	if (rec->cut)
		snprintf(buf, sizeof(buf), "cut short at %.3f s: %s; what it holds up to then is drawn",
			 rec->cut_t, rec->cut_why);
	else
		snprintf(buf, sizeof(buf), "%s (after %.1f s; memfrag record used %.3f s of CPU)",
			 rec->reason, rec->end_t, rec->cpu_seconds);
	mf_html_row(f, "stopped", buf);
	if (p->filters[0])
		mf_html_row(f, "filters", p->filters);
	snprintf(buf, sizeof(buf), "module %s, file format %lld; recorded by memfrag %s",
		 rec->version, rec->format, rec->tool_version);
	mf_html_row(f, "versions", buf);
	mf_fmt_bytes(size, sizeof(size), (double)rec->page_size);
	if (!rec->page_size_known)
		snprintf(size + strlen(size), sizeof(size) - strlen(size),
			 " (assumed: files before format 4 do not say)");
	mf_html_row(f, "page size", size);
	for (i = 0; i < rec->nzones; i++) {
		snprintf(buf, sizeof(buf), "node %d zone %s: %llu pages managed, %s",
			 rec->zones[i].node, rec->zones[i].name,
			 rec->zones[i].managed,
			 mf_fmt_bytes(size, sizeof(size), (double)rec->zones[i].managed *
				      (double)rec->page_size));
		mf_html_row(f, i ? "" : MF_SEC(zones), buf);
	}
	fputs("</table>\n", f);
	if (rec->cut)
		fprintf(f, "<p class=\"cut\">This recording was cut short at %.3f s: memfrag record did not finish it.</p>\n",
			rec->cut_t);
	for (i = 0; i < MF_ARRAY_SIZE(mf_figures); i++) {
		fputs("<figure>\n", f);
		if (mf_html_inline(f, p->dir, mf_figures[i][0], p->err)) {
			fclose(f);
			return p->err->status;
		}
		fprintf(f, "<figcaption>%s (<a href=\"%s\">%s</a>)</figcaption></figure>\n",
			mf_figures[i][1], mf_figures[i][0], mf_figures[i][0]);
	}
	fputs("</body></html>\n", f);
	return mf_plot_close(f, p->dir, "index.html", p->err);
}

int mf_plot_recording(const struct mf_recording *rec, const char *dir,
		      struct mf_error *err)
{
	return mf_plot_recording_filtered(rec, dir, NULL, err);
}

int mf_plot_recording_filtered(const struct mf_recording *rec,
			       const char *dir, const char *filters,
			       struct mf_error *err)
{
	struct mf_plot p = { .rec = rec, .dir = dir, .err = err };
	char page[32];
	size_t n;
	int ret;

	snprintf(p.filters, sizeof(p.filters), "%s", filters ? filters : "");
	p.span = mf_rec_span(rec);
	mf_fmt_bytes(page, sizeof(page), (double)rec->page_size);
	snprintf(p.subtitle, sizeof(p.subtitle), "%s · %s pages%s · %s · started %s UTC · every %g s · %u snapshots",
		 rec->kernel, page, rec->page_size_known ? "" : " (assumed)",
		 rec->host, rec->started, rec->interval, rec->nsnap);
	n = strlen(p.subtitle);
	if (rec->cut)
		snprintf(p.subtitle + n, sizeof(p.subtitle) - n,
			 " · CUT SHORT at %.1f s", rec->cut_t);
	n = strlen(p.subtitle);
	if (p.filters[0])
		snprintf(p.subtitle + n, sizeof(p.subtitle) - n, " · only %s",
			 p.filters);
	ret = mf_plot_mkdir(p.dir, err);
	if (!ret)
		ret = mf_plot_runs(&p);
	if (!ret)
		ret = mf_plot_stall(&p);
	if (!ret)
		ret = mf_plot_latency(&p);
	if (!ret)
		ret = mf_plot_fallbacks(&p);
	if (!ret)
		ret = mf_plot_matrix(&p);
	if (!ret)
		ret = mf_plot_orders(&p, 0);
	if (!ret)
		ret = mf_plot_orders(&p, 1);
	if (!ret)
		ret = mf_plot_score(&p);
	if (!ret)
		ret = mf_plot_events(&p);
	if (!ret)
		ret = mf_plot_index(&p);
	return ret;
}

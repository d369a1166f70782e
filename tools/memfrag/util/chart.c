// SPDX-License-Identifier: GPL-2.0
/*
 * Panels, axes, legends and colour bars (chart.h).
 */
#include <math.h>
#include <string.h>

#include "chart.h"

#define MF_INK		"#222222"
#define MF_GRID		"#dddddd"

void mf_panel_init(struct mf_panel *p, struct mf_svg *s, double x, double y,
		   double w, double h, double x0, double x1, double y0,
		   double y1)
{
	p->s = s;
	p->x = x;
	p->y = y;
	p->w = w;
	p->h = h;
	p->x0 = x0;
	p->x1 = x1 > x0 ? x1 : x0 + 1;
	p->y0 = y0;
	p->y1 = y1 > y0 ? y1 : y0 + 1;
}

double mf_panel_x(const struct mf_panel *p, double v)
{
	return p->x + (v - p->x0) / (p->x1 - p->x0) * p->w;
}

double mf_panel_y(const struct mf_panel *p, double v)
{
	return p->y + p->h - (v - p->y0) / (p->y1 - p->y0) * p->h;
}

void mf_panel_axes(const struct mf_panel *p, const char *title,
		   const char *xlabel, const char *ylabel, int ylabels)
{
	struct mf_svg *s = p->s;
	double step, v, px;
	char buf[32];

	step = mf_svg_step(p->x1 - p->x0, 10);
	for (v = ceil(p->x0 / step) * step; v <= p->x1 + step * 1e-9; v += step) {
		px = mf_panel_x(p, v);
		mf_svg_line(s, px, p->y, px, p->y + p->h, MF_GRID, 1, NULL);
		mf_svg_line(s, px, p->y + p->h, px, p->y + p->h + 5, MF_INK, 1, NULL);
		mf_svg_text(s, px, p->y + p->h + 20, MF_MIDDLE, MF_CHART_FONT,
			    0, 0, MF_INK, "%s", mf_svg_num(v, buf, sizeof(buf)));
	}
	if (ylabels) {
		step = mf_svg_step(p->y1 - p->y0, 5);
		for (v = ceil(p->y0 / step) * step; v <= p->y1 + step * 1e-9;
		     v += step) {
			px = mf_panel_y(p, v);
			mf_svg_line(s, p->x, px, p->x + p->w, px, MF_GRID, 1, NULL);
			mf_svg_line(s, p->x - 5, px, p->x, px, MF_INK, 1, NULL);
			mf_svg_text(s, p->x - 8, px + 5, MF_END, MF_CHART_FONT,
				    0, 0, MF_INK, "%s",
				    mf_svg_num(v, buf, sizeof(buf)));
		}
	}
	mf_svg_line(s, p->x, p->y + p->h, p->x + p->w, p->y + p->h, MF_INK, 1.5, NULL);
	mf_svg_line(s, p->x, p->y, p->x, p->y + p->h, MF_INK, 1.5, NULL);
	if (title)
		mf_svg_text(s, p->x, p->y - 10, MF_START, 17, 1, 0, MF_INK,
			    "%s", title);
	if (xlabel)
		mf_svg_text(s, p->x + p->w / 2, p->y + p->h + 42, MF_MIDDLE,
			    MF_CHART_FONT, 0, 0, MF_INK, "%s", xlabel);
	if (ylabel)
		mf_svg_text(s, p->x - 115, p->y + p->h / 2, MF_MIDDLE,
			    MF_CHART_FONT, 0, -90, MF_INK, "%s", ylabel);
}

void mf_panel_ylabel(const struct mf_panel *p, double v, const char *text)
{
	mf_svg_text(p->s, p->x - 8, mf_panel_y(p, v) + 5, MF_END,
		    MF_CHART_FONT - 2, 0, 0, MF_INK, "%s", text);
}

void mf_panel_note(const struct mf_panel *p, const char *text)
{
	mf_svg_text(p->s, p->x + p->w / 2, p->y + p->h / 2, MF_MIDDLE, 16, 0,
		    0, "#555555", "%s", text);
}

double mf_legend(struct mf_svg *s, double x, double y, double width,
		 unsigned int n, const char *const *names,
		 const char *const *colours, const char *const *dashes)
{
	double cx = x, cy = y, item;
	unsigned int i;

	for (i = 0; i < n; i++) {
		/* about 8.5 pixels per character at 15 px */
		item = 30 + 8.5 * strlen(names[i]) + 24;
		if (cx > x && cx + item > x + width) {
			cx = x;
			cy += 24;
		}
		if (dashes && dashes[i] && !*dashes[i])
			mf_svg_rect(s, cx, cy - 12, 24, 14, colours[i], NULL, NULL);
		else if (dashes)
			mf_svg_line(s, cx, cy - 5, cx + 24, cy - 5, colours[i], 3,
				    dashes[i]);
		else
			mf_svg_rect(s, cx, cy - 14, 18, 18, colours[i], NULL, NULL);
		mf_svg_text(s, cx + 30, cy, MF_START, MF_CHART_FONT, 0, 0,
			    MF_INK, "%s", names[i]);
		cx += item;
	}
	return n ? cy - y + 24 : 0;
}

double mf_scale_frac(double v, double vmax, int logscale)
{
	if (!(vmax > 0) || !(v > 0))
		return 0;
	if (logscale)
		return log1p(v) / log1p(vmax);
	return v / vmax;
}

/* viridis from bottom to top, labelled bottom and top at its ends */
static void mf_ramp(struct mf_svg *s, double x, double y, double h,
		    const char *bottom, double top)
{
	char col[8], buf[32];
	int i;

	for (i = 0; i < 50; i++)
		mf_svg_rect(s, x, y + h - (i + 1) * h / 50, 18, h / 50 + 0.5,
			    mf_svg_seq(i / 49.0, col), NULL, NULL);
	mf_svg_frame(s, x, y, 18, h, MF_INK, 1, NULL);
	mf_svg_text(s, x + 24, y + h + 5, MF_START, 13, 0, 0, MF_INK, "%s",
		    bottom);
	mf_svg_text(s, x + 24, y + 5, MF_START, 13, 0, 0, MF_INK, "%s",
		    mf_svg_num(top, buf, sizeof(buf)));
}

void mf_colourbar(struct mf_svg *s, double x, double y, double h,
		  double vmax, int logscale, const char *label)
{
	char buf[32];
	double v, f;

	/* ticks: 0, vmax, and powers of ten between on a log scale */
	mf_ramp(s, x, y, h, "0", vmax);
	for (v = 1; logscale && v < vmax / 3; v *= 10) {
		f = mf_scale_frac(v, vmax, 1);
		if (f < 0.08)
			continue;
		mf_svg_text(s, x + 24, y + h - f * h + 5, MF_START, 13, 0, 0,
			    MF_INK, "%s", mf_svg_num(v, buf, sizeof(buf)));
	}
	mf_svg_text(s, x - 6, y + h / 2, MF_MIDDLE, 13, 0, -90, MF_INK, "%s",
		    label);
}

double mf_count_frac(double v, double vmax)
{
	if (!(v >= 1))
		return 0;
	return vmax > 1 ? log(v) / log(vmax) : 1;
}

void mf_count_bar(struct mf_svg *s, double x, double y, double h,
		  double vmax, const char *label)
{
	char buf[32];
	double v, f;

	h -= 30;	/* the swatch of 0 below */
	mf_ramp(s, x, y, h, "1", vmax > 1 ? vmax : 1);
	for (v = 10; v < vmax / 3; v *= 10) {
		f = mf_count_frac(v, vmax);
		if (f < 0.1)
			continue;
		mf_svg_text(s, x + 24, y + h - f * h + 5, MF_START, 13, 0, 0,
			    MF_INK, "%s", mf_svg_num(v, buf, sizeof(buf)));
	}
	mf_svg_rect(s, x, y + h + 12, 18, 18, "#ffffff", NULL, NULL);
	mf_svg_frame(s, x, y + h + 12, 18, 18, MF_INK, 1, NULL);
	mf_svg_text(s, x + 24, y + h + 26, MF_START, 13, 0, 0, MF_INK,
		    "0: none");
	mf_svg_text(s, x - 6, y + h / 2, MF_MIDDLE, 13, 0, -90, MF_INK, "%s",
		    label);
}

double mf_chart_title(struct mf_svg *s, const char *title,
		      const char *subtitle)
{
	mf_svg_text(s, 20, 32, MF_START, 22, 1, 0, MF_INK, "%s", title);
	if (subtitle)
		mf_svg_text(s, 20, 56, MF_START, 14, 0, 0, "#444444", "%s",
			    subtitle);
	return subtitle ? 72 : 50;
}

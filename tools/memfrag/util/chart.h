/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Charts on top of svg.h: a panel maps data to pixels and draws its axes
 * (ticks, grid, labels with units); legends and colour bars explain the
 * marks.  plot.c and builtin-compare.c draw every figure with these.
 */
#ifndef MEMFRAG_TOOL_CHART_H
#define MEMFRAG_TOOL_CHART_H

#include "svg.h"

#define MF_CHART_W	1200	/* every figure's width, pixels */
#define MF_CHART_LEFT	140	/* room for the y axis' labels */
#define MF_CHART_RIGHT	40
#define MF_CHART_FONT	15	/* tick labels; titles are larger */

struct mf_panel {
	struct mf_svg *s;
	double x, y, w, h;	/* the plot area, pixels */
	double x0, x1, y0, y1;	/* the data it shows */
};

void mf_panel_init(struct mf_panel *p, struct mf_svg *s, double x, double y,
		   double w, double h, double x0, double x1, double y0,
		   double y1);
double mf_panel_x(const struct mf_panel *p, double v);
double mf_panel_y(const struct mf_panel *p, double v);
/*
 * Title above the panel, ticks and grid on both axes (ylabels 0: the
 * caller labels the y axis, as the heatmaps do by row), axis labels.
 */
void mf_panel_axes(const struct mf_panel *p, const char *title,
		   const char *xlabel, const char *ylabel, int ylabels);
/* A label at the left of the panel, centred on data row v. */
void mf_panel_ylabel(const struct mf_panel *p, double v, const char *text);
/* A note in the middle of an empty panel. */
void mf_panel_note(const struct mf_panel *p, const char *text);

/*
 * A legend row from (x, y), wrapping at width: swatches (lines when
 * dashes is non-NULL: dashes[i] NULL for solid, "" for a filled swatch)
 * and names.  Returns the
 * height it took.
 */
double mf_legend(struct mf_svg *s, double x, double y, double width,
		 unsigned int n, const char *const *names,
		 const char *const *colours, const char *const *dashes);
/* The colour of v on a scale to vmax: logarithmic (log(1 + v)) or not. */
double mf_scale_frac(double v, double vmax, int logscale);
/* A vertical colour bar at (x, y) for 0 .. vmax, with its label. */
void mf_colourbar(struct mf_svg *s, double x, double y, double h,
		  double vmax, int logscale, const char *label);
/*
 * A count's colour on a log scale from 1 (0, the bottom) to vmax (1): 0
 * has none (the figure draws no cell, the background shows).
 */
double mf_count_frac(double v, double vmax);
/*
 * Its colour bar: 1 .. vmax, powers of ten between, and beneath it a
 * white swatch saying 0 is no cell.
 */
void mf_count_bar(struct mf_svg *s, double x, double y, double h,
		  double vmax, const char *label);
/* The figure's title and subtitle; returns the y below them. */
double mf_chart_title(struct mf_svg *s, const char *title,
		      const char *subtitle);

#endif /* MEMFRAG_TOOL_CHART_H */

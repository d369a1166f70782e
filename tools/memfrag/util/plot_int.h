/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the files of memfrag plot's figures share: the recording being
 * drawn, its time axis and a figure's frame (plot.c).  plot.h is the
 * interface; this is the inside.
 */
#ifndef MEMFRAG_TOOL_PLOT_INT_H
#define MEMFRAG_TOOL_PLOT_INT_H

#include <stdio.h>

#include "chart.h"
#include "plot.h"

#define MF_PANEL_H	210
#define MF_PANEL_GAP	95
#define MF_HEAT_RIGHT	110	/* the colour bar's room */
#define MF_INK		"#222222"
#define MF_XLABEL	"time since the recording started (s)"

struct mf_plot {
	const struct mf_recording *rec;
	const char *dir;
	char subtitle[400];
	char filters[120];	/* "-z DMA32 -t direct", or empty */
	double span;
	struct mf_error *err;
};

/* Snapshot i's time, seconds since the first. */
static inline double mf_t(const struct mf_plot *p, unsigned int i)
{
	return p->rec->snap[i].t - p->rec->snap[0].t;
}

/* Interval i (1 ..) spans mf_t(i - 1) .. mf_t(i); its length in s. */
static inline double mf_dt(const struct mf_plot *p, unsigned int i)
{
	return mf_t(p, i) - mf_t(p, i - 1);
}

/* Whether zone z has pages and passed the filters. */
static inline int mf_zone_on(const struct mf_recording *rec, unsigned int z)
{
	return rec->zones[z].managed > 0 && !rec->zone_out[z];
}

/* A panel over the recording's time, MF_PANEL_H high at y. */
void mf_time_panel(const struct mf_plot *p, struct mf_panel *pn,
		   struct mf_svg *s, double y, double right, double y0,
		   double y1);
/* Opens DIR/name and starts its picture; NULL with p->err set. */
FILE *mf_fig_begin(struct mf_plot *p, struct mf_svg *s, const char *name,
		   double h, const char *title);
int mf_fig_end(struct mf_plot *p, struct mf_svg *s, const char *name);

/* The figures drawn in files of their own. */
int mf_plot_score(struct mf_plot *p);
int mf_plot_events(struct mf_plot *p);

#endif /* MEMFRAG_TOOL_PLOT_INT_H */

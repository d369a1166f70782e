// SPDX-License-Identifier: GPL-2.0
/*
 * score.svg: each node's fragmentation score against the thresholds of
 * proactive compaction, one panel per node.  kcompactd compares the
 * node's score (mm/compaction.c fragmentation_score_node(): the sum of
 * its zones' weighted scores, fragmentation_score_zone_weighted()) with
 * the thresholds, never a zone's alone; a zone's weighted score is its
 * share of that sum, drawn stacked beneath the node's line.
 */
#include <stdlib.h>

#include "plot_int.h"

/*
 * The zones' colours, in the order of the node's zones: light, so that
 * the node's line (blue) and the thresholds (black) read over them.
 */
static const char *mf_zone_colour(unsigned int k)
{
	static const unsigned int cat[] = { 4, 6, 2, 3 };

	return mf_svg_cat(cat[k % MF_ARRAY_SIZE(cat)]);
}

/* The node's score at snapshot i: the sum the kernel takes. */
static double mf_node_score(const struct mf_recording *rec, unsigned int i,
			    int node)
{
	double sum = 0;
	unsigned int z;

	for (z = 0; z < rec->nzones; z++)
		if (rec->zones[z].node == node)
			sum += rec->snap[i].score[z];
	return sum;
}

/* The thresholds as they were at each snapshot (they follow the sysctl). */
static unsigned int mf_thresholds(const struct mf_plot *p,
				  const struct mf_panel *pn, double *xs,
				  double *ys)
{
	const struct mf_recording *rec = p->rec;
	unsigned int i, k, n = 0;

	for (k = 0; k < 2; k++) {
		n = 0;
		for (i = 0; i < rec->nsnap; i++) {
			double th = k ? rec->snap[i].score_low :
				   rec->snap[i].score_high;

			if (th < 0)
				continue;
			/* a step: the value holds until the next snapshot */
			if (n) {
				xs[n] = mf_panel_x(pn, mf_t(p, i));
				ys[n] = ys[n - 1];
				n++;
			}
			xs[n] = mf_panel_x(pn, mf_t(p, i));
			ys[n++] = mf_panel_y(pn, th);
		}
		mf_svg_polyline(pn->s, xs, ys, n, MF_INK, 2, k ? "3 4" : "10 5",
				"threshold");
	}
	return n;
}

static void mf_score_panel(const struct mf_plot *p, struct mf_panel *pn,
			   int node, double *xs, double *ys)
{
	const struct mf_recording *rec = p->rec;
	unsigned int z, i, k;
	double base, v, x0, x1;
	char tip[200];

	snprintf(tip, sizeof(tip), "node %d (its zones' weighted scores stacked)",
		 node);
	mf_panel_axes(pn, tip, MF_XLABEL, "score (0 to 100)", 1);
	/*
	 * A gauge read at each snapshot holds until the next: each zone's
	 * weighted share stacked, and the node's score over them, as steps.
	 */
	for (i = 0; i + 1 < rec->nsnap; i++) {
		x0 = mf_panel_x(pn, mf_t(p, i));
		x1 = mf_panel_x(pn, mf_t(p, i + 1));
		base = 0;
		for (z = 0, k = 0; z < rec->nzones; z++) {
			if (rec->zones[z].node != node)
				continue;
			v = rec->snap[i].score[z];
			if (v > 0 && mf_zone_on(rec, z)) {
				snprintf(tip, sizeof(tip), "%.1f s: zone %s adds %g to node %d's score",
					 mf_t(p, i), rec->zones[z].name, v, node);
				mf_svg_rect(pn->s, x0, mf_panel_y(pn, base + v), x1 - x0,
					    mf_panel_y(pn, base) - mf_panel_y(pn, base + v),
					    mf_zone_colour(k), "share", tip);
			}
			base += v;
			k++;
		}
	}
	for (i = 0, k = 0; i < rec->nsnap; i++) {
		if (i) {
			xs[k] = mf_panel_x(pn, mf_t(p, i));
			ys[k] = ys[k - 1];
			k++;
		}
		xs[k] = mf_panel_x(pn, mf_t(p, i));
		ys[k++] = mf_panel_y(pn, mf_node_score(rec, i, node));
	}
	mf_svg_polyline(pn->s, xs, ys, k, mf_svg_cat(0), 3, NULL, "line");
	for (i = 0; i < rec->nsnap; i++) {
		snprintf(tip, sizeof(tip), "%.3f s: node %d score %g (thresholds %g to %g)",
			 mf_t(p, i), node, mf_node_score(rec, i, node),
			 rec->snap[i].score_low, rec->snap[i].score_high);
		mf_svg_circle(pn->s, mf_panel_x(pn, mf_t(p, i)),
			      mf_panel_y(pn, mf_node_score(rec, i, node)), 3,
			      mf_svg_cat(0), "node-score", tip);
	}
	if (!mf_thresholds(p, pn, xs, ys))
		mf_panel_note(pn, "thresholds unknown: the recording has no vm.compaction_proactiveness");
	else if (rec->snap[rec->nsnap - 1].proactiveness >= 0)
		mf_svg_text(pn->s, pn->x + pn->w, pn->y - 10, MF_END, 14, 0, 0,
			    MF_INK, "vm.compaction_proactiveness = %g at the end",
			    rec->snap[rec->nsnap - 1].proactiveness);
}

int mf_plot_score(struct mf_plot *p)
{
	const struct mf_recording *rec = p->rec;
	const char *names[MF_REC_MAX_ZONES + 3], *colours[MF_REC_MAX_ZONES + 3];
	char namebuf[MF_REC_MAX_ZONES][48];
	int nodes[MF_REC_MAX_ZONES], node;
	double *xs = mf_xmalloc(2 * rec->nsnap * sizeof(double));
	double *ys = mf_xmalloc(2 * rec->nsnap * sizeof(double));
	unsigned int z, i, nn = 0, nl = 0, k;
	const char *dashes[MF_REC_MAX_ZONES + 3];
	struct mf_panel pn;
	struct mf_svg s;
	double y;
	FILE *f;
	int ret;

	/* the nodes with a zone drawn, and a legend entry per zone name */
	names[nl] = "the node's score (kcompactd compares it)";
	colours[nl] = mf_svg_cat(0);
	dashes[nl++] = NULL;
	for (z = 0; z < rec->nzones; z++) {
		if (!mf_zone_on(rec, z))
			continue;
		for (i = 0; i < nn && nodes[i] != rec->zones[z].node; i++)
			;
		if (i == nn)
			nodes[nn++] = rec->zones[z].node;
	}
	for (z = 0, k = 0; z < rec->nzones && nn; z++) {
		if (rec->zones[z].node != nodes[0])
			continue;
		if (mf_zone_on(rec, z)) {
			snprintf(namebuf[nl], sizeof(namebuf[nl]), "zone %s's share",
				 rec->zones[z].name);
			names[nl] = namebuf[nl];
			colours[nl] = mf_zone_colour(k);
			dashes[nl++] = "";
		}
		k++;
	}
	names[nl] = "score_high: proactive compaction starts above it";
	colours[nl] = MF_INK;
	dashes[nl++] = "10 5";
	names[nl] = "score_low: it stops below it";
	colours[nl] = MF_INK;
	dashes[nl++] = "3 4";
	f = mf_fig_begin(p, &s, "score.svg",
			 170 + (nn ? nn : 1) * (MF_PANEL_H + MF_PANEL_GAP),
			 "memfrag: each node's fragmentation score against the proactive thresholds");
	if (!f) {
		free(xs);
		free(ys);
		return p->err->status;
	}
	y = mf_chart_title(&s, "Fragmentation score of each node against the thresholds of proactive compaction",
			   p->subtitle);
	/* zone shares are swatches: an empty dash is drawn as a thick bar */
	y += mf_legend(&s, MF_CHART_LEFT, y + 10, 1000, nl, names, colours,
		       dashes) + 45;
	for (k = 0; k < nn; k++) {
		node = nodes[k];
		mf_time_panel(p, &pn, &s, y, MF_CHART_RIGHT, 0, 100);
		mf_score_panel(p, &pn, node, xs, ys);
		y += MF_PANEL_H + MF_PANEL_GAP;
	}
	if (!nn) {
		mf_time_panel(p, &pn, &s, y, MF_CHART_RIGHT, 0, 100);
		mf_panel_axes(&pn, "no node", MF_XLABEL, "score (0 to 100)", 1);
		mf_panel_note(&pn, "no zone with pages passes the filters");
	}
	ret = mf_fig_end(p, &s, "score.svg");
	free(xs);
	free(ys);
	return ret;
}

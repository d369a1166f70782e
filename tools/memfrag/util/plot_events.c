// SPDX-License-Identifier: GPL-2.0
/*
 * events.svg: every compaction run the recording's events lines hold, as
 * a mark at the time it ended and the order it compacted for, one panel
 * per trigger.  Success, a whole zone gone through (complete) and a run
 * that stopped short differ in shape and hue; the tooltip names the task,
 * the fragmentation index and the latency.
 */
#include <string.h>

#include "names.h"
#include "plot_int.h"

/* More marks than this and every k-th is drawn, as the picture says. */
#define MF_EV_MAX_MARKS	6000

/* The kernel's values of enum compact_result (include/memfrag/compaction.h). */
#define MF_EV_RESULT_(c, v, n)	MF_EV_##c = v,
enum { MEMFRAG_RESULTS(MF_EV_RESULT_) };

enum { MF_EV_SUCCESS, MF_EV_COMPLETE, MF_EV_STOPPED, MF_EV_NKIND };

static const char *const mf_ev_kind_names[MF_EV_NKIND] = {
	"success: the requested free block exists",
	"complete: went through the whole zone",
	"stopped short (skipped, deferred, partial_skipped, contended ...)",
};
static const enum mf_shape mf_ev_shape[MF_EV_NKIND] = {
	MF_CIRCLE, MF_SQUARE, MF_TRIANGLE,
};

static unsigned int mf_ev_kind(const struct mf_rec_event *e)
{
	if (e->result == MF_EV_COMPACT_SUCCESS)
		return MF_EV_SUCCESS;
	return e->result == MF_EV_COMPACT_COMPLETE ? MF_EV_COMPLETE :
	       MF_EV_STOPPED;
}

/* The kinds' colours: the results' own (svg.c), success blue. */
static const char *mf_ev_colour(unsigned int kind)
{
	return mf_svg_result(kind == MF_EV_SUCCESS ? MF_EV_COMPACT_SUCCESS :
			     kind == MF_EV_COMPLETE ? MF_EV_COMPACT_COMPLETE :
			     MF_EV_COMPACT_PARTIAL_SKIPPED);
}

/*
 * Whether to draw event e, thinning by step within each trigger and kind
 * of result, so that a rare trigger or result keeps its first run.
 */
static int mf_ev_keep(unsigned int seen[MF_REC_NTRIG][MF_EV_NKIND],
		      const struct mf_rec_event *e, unsigned int step)
{
	return seen[e->trigger][mf_ev_kind(e)]++ % step == 0;
}

static void mf_ev_tip(const struct mf_recording *rec,
		      const struct mf_rec_event *e, char *tip, size_t size)
{
	char lat[32], fi[48];

	if (e->lat_ns < 0)
		snprintf(lat, sizeof(lat), "unknown");
	else
		mf_svg_usecs(e->lat_ns / 1e3, lat, sizeof(lat));
	if (e->fragindex <= -2)
		snprintf(fi, sizeof(fi), "unknown");
	else if (e->fragindex < 0)
		snprintf(fi, sizeof(fi), "-1 (a free block of the order existed)");
	else
		snprintf(fi, sizeof(fi), "%.3f", e->fragindex);
	snprintf(tip, size, "%.3f s: pid %ld %s, node %d %s, order %d, %s %s: %s; fragindex %s; latency %s",
		 e->t, e->pid, e->comm, rec->zones[e->zone].node,
		 rec->zones[e->zone].name, e->order, mf_trigger_names[e->trigger],
		 e->sync > 0 ? "sync" : e->sync == 0 ? "async" : "-",
		 mf_result_names[e->result], fi, lat);
}

int mf_plot_events(struct mf_plot *p)
{
	const struct mf_recording *rec = p->rec;
	unsigned int seen[MF_REC_NTRIG][MF_EV_NKIND] = { { 0 } };
	unsigned int i, t, o, ntrig = 0, step, nk, ndraw = 0;
	int trig_on[MF_REC_NTRIG] = { 0 }, omax = 0;
	const char *colours[MF_EV_NKIND];
	double y, x, yy, jit;
	struct mf_panel pn;
	struct mf_svg s;
	char tip[400], lab[32];
	FILE *f;

	for (i = 0; i < rec->nev; i++) {
		trig_on[rec->ev[i].trigger] = 1;
		omax = rec->ev[i].order > omax ? rec->ev[i].order : omax;
	}
	for (t = 0; t < MF_REC_NTRIG; t++)
		ntrig += trig_on[t];
	step = (rec->nev + MF_EV_MAX_MARKS - 1) / MF_EV_MAX_MARKS;
	step = step ? step : 1;
	for (i = 0; i < rec->nev; i++)
		ndraw += mf_ev_keep(seen, &rec->ev[i], step);
	memset(seen, 0, sizeof(seen));
	f = mf_fig_begin(p, &s, "events.svg",
			 230 + (ntrig ? ntrig : 1) * (MF_PANEL_H + MF_PANEL_GAP),
			 "memfrag: every recorded compaction run, by time, order and result");
	if (!f)
		return p->err->status;
	y = mf_chart_title(&s, "Compaction runs one by one: time, order and result, per trigger",
			   p->subtitle);
	for (nk = 0; nk < MF_EV_NKIND; nk++) {
		colours[nk] = mf_ev_colour(nk);
		mf_svg_mark(&s, mf_ev_shape[nk], MF_CHART_LEFT + 9,
			    y + 14 + 22 * nk, 7, colours[nk], NULL, NULL);
		mf_svg_text(&s, MF_CHART_LEFT + 26, y + 19 + 22 * nk, MF_START,
			    MF_CHART_FONT, 0, 0, MF_INK, "%s",
			    mf_ev_kind_names[nk]);
	}
	y += 22 * MF_EV_NKIND + 10;
	/* every line of the events accounted for: runs, or not runs */
	mf_svg_text(&s, MF_CHART_LEFT, y + 10, MF_START, 14, 0, 0, MF_INK,
		    "%u runs of %llu lines read: %llu left out by the filters, %llu stack frames, notes or unreadable%s",
		    rec->nev, rec->events,
		    rec->events - rec->ev_other - rec->nev, rec->ev_other,
		    rec->dropped ? "; the module dropped more (see the index)" : "");
	mf_svg_text(&s, MF_CHART_LEFT, y + 30, MF_START, 14, 0, 0, MF_INK,
		    "each run is drawn up to %.3g s after it ended (the lines are read once per interval)",
		    rec->ev_t_bound);
	if (step > 1)
		mf_svg_text(&s, MF_CHART_LEFT, y + 50, MF_START, 14, 1, 0,
			    "#D55E00", "%u of %u runs drawn: one in %u of each trigger and result (more than %u marks do not read)",
			    ndraw, rec->nev, step, MF_EV_MAX_MARKS);
	y += 95;
	for (t = 0; t < MF_REC_NTRIG; t++) {
		if (!trig_on[t])
			continue;
		mf_time_panel(p, &pn, &s, y, MF_CHART_RIGHT, -2.75, omax + 0.75);
		snprintf(tip, sizeof(tip), "%s runs", mf_trigger_names[t]);
		mf_panel_axes(&pn, tip, MF_XLABEL, "order compacted for", 0);
		for (o = 0; o <= (unsigned int)omax + 2; o++) {
			int ord = (int)o - 2;

			if (omax > 12 && ord > 0 && ord % 2)
				continue;
			snprintf(lab, sizeof(lab), "%s", ord == -2 ? "unknown" :
				 ord == -1 ? "whole zone" : "");
			if (ord >= 0)
				snprintf(lab, sizeof(lab), "%d", ord);
			mf_panel_ylabel(&pn, ord, lab);
		}
		for (i = 0; i < rec->nev; i++) {
			const struct mf_rec_event *e = &rec->ev[i];

			if (e->trigger != t || !mf_ev_keep(seen, e, step))
				continue;
			nk = mf_ev_kind(e);
			/* the kinds side by side within an order's row */
			jit = ((double)nk - 1) * 0.25;
			x = mf_panel_x(&pn, e->t < 0 ? 0 : e->t);
			yy = mf_panel_y(&pn, (e->order < -2 ? -2 : e->order) + jit);
			mf_ev_tip(rec, e, tip, sizeof(tip));
			mf_svg_mark(&s, mf_ev_shape[nk], x, yy, 5, colours[nk],
				    "run", tip);
		}
		y += MF_PANEL_H + MF_PANEL_GAP;
	}
	if (!ntrig) {
		mf_time_panel(p, &pn, &s, y, MF_CHART_RIGHT, -2.5, 0.5);
		mf_panel_axes(&pn, "every trigger", MF_XLABEL,
			      "order compacted for", 0);
		mf_panel_note(&pn, rec->has_events ?
			      "no compaction run recorded (or none passes the filters)" :
			      "not recorded: the recording did not read the events file");
	}
	return mf_fig_end(p, &s, "events.svg");
}

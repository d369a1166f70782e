/* SPDX-License-Identifier: GPL-2.0 */
/*
 * memfrag compare: named recordings, each reduced to totals, rates over
 * the time it was active, and the means of its gauges, then set side by
 * side as rows of one value per recording.
 */
#ifndef MEMFRAG_TOOL_COMPARE_H
#define MEMFRAG_TOOL_COMPARE_H

#include "cli.h"
#include "recording.h"

#define MF_CMP_MAX_RECS		16
#define MF_CMP_MAX_ROWS		512

/* One recording, reduced over the zones every recording has. */
struct mf_cmp_rec {
	const char *name;
	char namebuf[64];	/* a name taken from the file's */
	struct mf_recording rec;
	unsigned char zone_on[MF_REC_MAX_ZONES];	/* zones compared */
	/*
	 * Active: from the start of the first snapshot interval in which a
	 * run ended or a fallback was counted to the end of the last; no
	 * such interval leaves active 0 and the rates unknown.
	 */
	double span, active;
	unsigned int first, last;	/* the snapshots that bound it */
	struct mf_rec_snap sum;		/* counters grown over the span */
	double free_blocks[MF_REC_MAX_ORDERS];	/* time-weighted, summed */
	int hp_order;			/* the huge-page (pageblock) order */
	double unusable_hp;	/* time-weighted unusable free index */
	/* the kernel's fragmentation score per node (nodes[] of them) */
	unsigned int nnodes;
	int nodes[MF_REC_MAX_ZONES];
	double score_mean[MF_REC_MAX_ZONES], score_end[MF_REC_MAX_ZONES];
};

struct mf_cmp_row {
	char metric[40], key[64];
	const char *unit;
	double v[MF_CMP_MAX_RECS];	/* NAN: unknown */
};

struct mf_cmp {
	unsigned int nrec;
	struct mf_cmp_rec r[MF_CMP_MAX_RECS];
	unsigned int norders;		/* the orders every recording has */
	int hp_order;			/* -1: the recordings disagree */
	/* what only some recordings have, for a line of the output */
	char only_some[512];
	unsigned int nrows;
	struct mf_cmp_row rows[MF_CMP_MAX_ROWS];
};

/* Reduces c->r[i] (read, zone_on set) over its span: compare_reduce.c. */
void mf_cmp_reduce(struct mf_cmp_rec *r);
/* The fragmentation score of node over the zones compared, at snapshot i. */
double mf_cmp_node_score(const struct mf_cmp_rec *r, unsigned int i,
			 int node);
/* The unusable free space index (0 to 1) at order of free blocks f[]. */
double mf_cmp_unusable(const double *f, unsigned int norders,
		       unsigned int order);
/* The rows of c, from its reduced recordings. */
void mf_cmp_rows(struct mf_cmp *c);
/* The upper bound (us) of the bucket holding percentile q, or NAN. */
double mf_cmp_percentile(const struct mf_cmp_rec *r, double q);
/* A counter's rate over r's active time, or NAN when it was never active. */
double mf_cmp_rate(const struct mf_cmp_rec *r, double total);

/* The pictures and index.html into dir: compare_svg.c. */
int mf_cmp_figures(const struct mf_cmp *c, const char *dir,
		   struct mf_error *err);

#endif /* MEMFRAG_TOOL_COMPARE_H */

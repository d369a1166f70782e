// SPDX-License-Identifier: GPL-2.0
/*
 * What a recording's counters grew by over a range of snapshots: the one
 * reduction of a recording's counters (recording.h), summed interval by
 * interval so that a reset within the range loses nothing counted after
 * it.
 */
#include <string.h>

#include "recording.h"

/* The counters of a snapshot: the members from runs up to the gauges. */
#define MF_REC_NCOUNTERS						\
	((offsetof(struct mf_rec_snap, free_blocks) -			\
	  offsetof(struct mf_rec_snap, runs)) / sizeof(double))

void mf_rec_sum(const struct mf_recording *rec, unsigned int from,
		unsigned int to, struct mf_rec_snap *sum)
{
	double *out = &sum->runs[0][0];
	unsigned int i;
	size_t k;

	memset(sum, 0, sizeof(*sum));
	if (to >= rec->nsnap)
		to = rec->nsnap ? rec->nsnap - 1 : 0;
	for (i = from + 1; i <= to; i++) {
		const double *o = &rec->snap[i - 1].runs[0][0];
		const double *n = &rec->snap[i].runs[0][0];

		for (k = 0; k < MF_REC_NCOUNTERS; k++)
			out[k] += mf_rec_grew(o[k], n[k], rec->snap[i].reset);
	}
	if (from < rec->nsnap && to < rec->nsnap) {
		sum->t = rec->snap[to].t - rec->snap[from].t;
		sum->unix_time = rec->snap[to].unix_time;
	}
}

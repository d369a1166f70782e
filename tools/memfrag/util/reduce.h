/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The one reduction of a sample of the module's files (the live module,
 * a -d directory, or a recording's snapshot read back by jsonfile.c) into
 * the totals every command shows: runs by trigger and result, latency by
 * trigger, requests and deferrals, fallbacks by migratetype pair, and
 * per zone free blocks, unusable index and score.
 */
#ifndef MEMFRAG_TOOL_REDUCE_H
#define MEMFRAG_TOOL_REDUCE_H

#include <stddef.h>

#include "parse.h"
#include "recording.h"

/* Triggers a newer module names that this tool does not know, at most. */
#define MF_REDUCE_OTHERS	8

/* What a sample holds of a trigger this tool does not know. */
struct mf_reduce_other {
	char name[32];
	double runs, success, timed, total_us;
	double lat[MF_REC_NBUCKETS];
};

/*
 * What a sample is reduced against: the zones per-zone values are kept
 * for (their index is the zone's in zones), the filter of the rows
 * counted (opts, NULL: all), and what the sample says about its shape:
 * filled in by the first sample, checked against by the next.
 */
struct mf_reduce {
	const struct mf_rec_zone *zones;
	unsigned int nzones;
	const struct mf_rec_opts *opts;
	/* the shape */
	unsigned int norders;
	int score_order, pageblock_order;
	int has_claim;
	unsigned long long page_size;
	int page_size_known;
	/*
	 * What the last sample held beyond the snapshot's counters: its
	 * open latency bucket per trigger (the row "to inf", -1: none),
	 * runs of a result this tool does not know (the first one's name
	 * in unknown_result) and triggers it does not know.  A recording's
	 * reader refuses these; a view shows them.
	 */
	int lat_open[MF_REC_NTRIG];
	double runs_unknown_result[MF_REC_NTRIG];
	char unknown_result[32];
	unsigned int nothers;
	struct mf_reduce_other others[MF_REDUCE_OTHERS];
	/* why the last mf_reduce() failed */
	char why[200];
};

/*
 * Reduces f[MF_REC_<id>] (recording.h's MF_REC_FILES, each parsed and
 * validated) into *s, whose counters and gauges it sets (not its times).
 * Returns 0, or -1 with red->why saying what does not fit.
 */
int mf_reduce(struct mf_reduce *red, struct mf_file *const *f,
	      struct mf_rec_snap *s);

/* The zones of a zones file's [zones] section, in its order. */
unsigned int mf_reduce_zones(const struct mf_file *zones,
			     struct mf_rec_zone *out, unsigned int max);

#endif /* MEMFRAG_TOOL_REDUCE_H */

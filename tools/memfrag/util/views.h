/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The views: one per subcommand, plus the summary shown without one.  A
 * view names the files it reads and renders them as text or JSON; in
 * interval mode it is given the files' deltas instead.
 */
#ifndef MEMFRAG_TOOL_VIEWS_H
#define MEMFRAG_TOOL_VIEWS_H

#include <stdio.h>

#include <memfrag/memfrag.h>

#include "json.h"
#include "names.h"
#include "parse.h"

#define MF_VIEW_FILES	8

/* The summary's files, in the order it is given them: f[F_<id>]. */
#define MF_SUMMARY_FILES(X)						\
	X(STATUS) X(COMPACTION) X(LATENCY) X(DIRECT) X(EXTFRAG) X(ZONES)

struct mf_view {
	const char *name;	/* "summary" for the default view */
	const char *help;
	const char *files[MF_VIEW_FILES];	/* NULL-terminated */
	/* f[i] holds files[i] */
	void (*text)(FILE *out, struct mf_file *const *f);
	/* the members of the view's JSON object, after "view", "version" */
	void (*json)(struct mf_json *j, struct mf_file *const *f);
	/* interval mode, if not the view itself on the deltas */
	void (*line)(FILE *out, struct mf_json *j, struct mf_file *const *f,
		     unsigned long n, double secs);
};

extern const struct mf_view mf_views[];
extern const unsigned int mf_nviews;
const struct mf_view *mf_view_find(const char *name);

/* A row of a table of zones, starting with "node 0 zone DMA32". */
struct mf_table;
void mf_table_zone(struct mf_table *t, const struct mf_section *s,
		   const struct mf_row *r);

/* The order of the summary's zones (memfrag top's keys change it). */
enum mf_zone_sort { MF_SORT_NAME, MF_SORT_SCORE, MF_SORT_FREE };
extern enum mf_zone_sort mf_zone_sort_key;

/* The wall-clock time of the sample the -i line shows (< 0: unknown). */
extern double mf_line_wall;

/* The summary (summary.c). */
void mf_summary_text(FILE *out, struct mf_file *const *f);
/* The summary's two parts, for top: the counters, and the zones table. */
void mf_summary_totals(FILE *out, struct mf_file *const *f);
void mf_summary_zones_text(FILE *out, struct mf_file *const *f);
/* The counters without the stalls, which top shows above the zones. */
void mf_summary_totals_but_stalls(FILE *out, struct mf_file *const *f);
/*
 * Direct compaction's stalls, the summary's table of them (runs, timed,
 * mean, p50, p90, p99, max) alone: for top's first rows.
 */
void mf_summary_stalls_line(FILE *out, struct mf_file *const *f);
/* "event records dropped: N" from status's events line, or unknown. */
void mf_print_events(FILE *out, const struct mf_file *st);
void mf_summary_json(struct mf_json *j, struct mf_file *const *f);
void mf_summary_line(FILE *out, struct mf_json *j, struct mf_file *const *f,
		     unsigned long n, double secs);

#endif /* MEMFRAG_TOOL_VIEWS_H */

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The views: one per subcommand, plus the summary shown without one.  A
 * view names the files it reads and renders them as text or JSON; in
 * interval mode it is given the files' deltas instead.
 */
#ifndef MEMFRAG_TOOL_VIEWS_H
#define MEMFRAG_TOOL_VIEWS_H

#include <stdio.h>

#include "json.h"
#include "parse.h"

#define MF_VIEW_FILES	8

struct mf_view {
	const char *name;	/* NULL for the summary */
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

/* Canonical orders of the names the module prints. */
extern const char *const mf_trigger_names[];
extern const char *const mf_result_names[];
extern const char *const mf_prio_names[];
extern const char *const mf_migratetype_names[];

/* The summary (summary.c). */
void mf_summary_text(FILE *out, struct mf_file *const *f);
void mf_summary_json(struct mf_json *j, struct mf_file *const *f);
void mf_summary_line(FILE *out, struct mf_json *j, struct mf_file *const *f,
		     unsigned long n, double secs);

#endif /* MEMFRAG_TOOL_VIEWS_H */

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Running a view: one read of its files, or (-i) what changed in each
 * interval; and the reset command.
 */
#ifndef MEMFRAG_TOOL_VIEW_RUN_H
#define MEMFRAG_TOOL_VIEW_RUN_H

#include "cli.h"
#include "source.h"
#include "views.h"

int mf_view_main(const struct mf_view *v, const struct mf_globals *g,
		 struct mf_source *src, struct mf_error *err);
/* The files of v, files[i] holding v->files[i] (live views: top). */
unsigned int mf_view_nfiles(const struct mf_view *v);
int mf_view_load(const struct mf_view *v, const struct mf_globals *g,
		 const struct mf_source *src, struct mf_file *files,
		 struct mf_error *err);
void mf_free_files(struct mf_file *f, unsigned int n);
/*
 * When src's current sample was taken, in seconds: the clocks for the
 * live files, a -d directory's copy of them (its timestamps file), or
 * -1 each when the directory does not say.
 */
void mf_view_sample_time(const struct mf_source *src, double *wall,
			 double *monotonic);


#endif /* MEMFRAG_TOOL_VIEW_RUN_H */

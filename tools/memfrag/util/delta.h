/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What changed between two reads of a file (-i): counters become the
 * amount they grew by, everything else keeps its newest value.
 */
#ifndef MEMFRAG_TOOL_DELTA_H
#define MEMFRAG_TOOL_DELTA_H

#include "parse.h"
#include "restart.h"

/*
 * Builds out (initialised here) from old and new, two validated reads of
 * the same file.  Rows whose counters did not change are left out, as the
 * module leaves out zero rows, except in sections that list every row
 * (MEMFRAG_SEC_ALLROWS).
 *
 * Counters only grow, except that a reset or a reload clears all of them
 * at once (mf_restart() tells): the deltas are then the new values, and
 * out->reset is set.  status counts since load (tracepoint hits, drops):
 * only a reload restarts it.  mf_delta() knows no module ids and leaves it
 * to the counters: any that went down, or a row with counters that
 * disappeared; mf_delta_ids() is given the ids of the status files read
 * with old and new (NULL: unknown).
 */
void mf_delta(const struct mf_file *old, const struct mf_file *new,
	      struct mf_file *out);
void mf_delta_ids(const struct mf_file *old, const struct mf_file *new,
		  struct mf_file *out, const struct mf_module_id *old_id,
		  const struct mf_module_id *new_id);

#endif /* MEMFRAG_TOOL_DELTA_H */

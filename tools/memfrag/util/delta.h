/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What changed between two reads of a file (-i): counters become the
 * amount they grew by, everything else keeps its newest value.
 */
#ifndef MEMFRAG_TOOL_DELTA_H
#define MEMFRAG_TOOL_DELTA_H

#include "parse.h"

/*
 * Builds out (initialised here) from old and new, two validated reads of
 * the same file.  Rows whose counters did not change are left out, as the
 * module leaves out zero rows, except in sections that list every row
 * (MEMFRAG_SEC_ALLROWS).
 *
 * Counters only grow, except that a reset clears all of them at once; so
 * if any counter of a file went down, or a row with counters disappeared,
 * the file was reset in between: the deltas are then the new values, and
 * out->reset is set.  (The drops of status are checked on their own: the
 * tracepoint hits are never reset.)
 */
void mf_delta(const struct mf_file *old, const struct mf_file *new,
	      struct mf_file *out);

#endif /* MEMFRAG_TOOL_DELTA_H */

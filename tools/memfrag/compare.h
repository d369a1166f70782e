/* SPDX-License-Identifier: GPL-2.0 */
/*
 * memfrag compare A B [-o DIR]: what changed between two recordings, per
 * second of recording, as a table (text, or JSON with -j) and as SVG
 * figures setting A and B side by side.
 */
#ifndef MEMFRAG_TOOL_COMPARE_H
#define MEMFRAG_TOOL_COMPARE_H

#include "cli.h"

extern const struct mf_opt mf_compare_opts[];
int mf_compare_main(int argc, char **argv, const struct mf_globals *g,
		    struct mf_source *src, struct mf_error *err);

#endif /* MEMFRAG_TOOL_COMPARE_H */

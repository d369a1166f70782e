/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The -n NODE, -z ZONE and -t TRIGGER filters, applied to a file as it is
 * loaded so that every view (and its totals) sees only those rows.
 */
#ifndef MEMFRAG_TOOL_FILTER_H
#define MEMFRAG_TOOL_FILTER_H

#include "cli.h"
#include "parse.h"

/* Leaves out the rows of f's sections that a filter of g excludes. */
void mf_filter_file(struct mf_file *f, const struct mf_globals *g);
/* Whether a row of node, zone and trigger (NULL: none) passes g. */
int mf_filter_match(const struct mf_globals *g, long long node,
		    const char *zone, const char *trigger);

#endif /* MEMFRAG_TOOL_FILTER_H */

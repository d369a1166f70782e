/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The -n NODE, -z ZONE and -t TRIGGER filters, applied to a file as it is
 * loaded so that every view (and its totals) sees only those rows.
 */
#ifndef MEMFRAG_TOOL_FILTER_H
#define MEMFRAG_TOOL_FILTER_H

#include "cli.h"
#include "parse.h"

/*
 * The zone names a kernel can have, as its zone_names[] spells them
 * (NULL-terminated), and the same as one string for messages.
 */
extern const char *const mf_zone_names[];
#define MF_ZONE_NAMES	"DMA, DMA32, Normal, HighMem, Movable, Device"

/*
 * Checks a -z, -t or -n value before anything is read or written: the
 * kernel's spelling of a zone name (any case) or trigger name, or a node
 * number from 0 to MF_MAX_NODE.  Returns 0 with *canonical (zone, trigger)
 * or *node set, or -1 with err saying what is wrong and what the valid
 * values are.  Every command takes its filters through these.
 */
#define MF_MAX_NODE	1023
int mf_filter_zone(const char *arg, const char **canonical,
		   struct mf_error *err);
int mf_filter_trigger(const char *arg, const char **canonical,
		      struct mf_error *err);
int mf_filter_node(const char *arg, long long *node, struct mf_error *err);

/* Leaves out the rows of f's sections that a filter of g excludes. */
void mf_filter_file(struct mf_file *f, const struct mf_globals *g);
/* Whether a row of node, zone and trigger (NULL: none) passes g. */
int mf_filter_match(const struct mf_globals *g, long long node,
		    const char *zone, const char *trigger);

#endif /* MEMFRAG_TOOL_FILTER_H */

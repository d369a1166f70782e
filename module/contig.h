/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Contiguous free block maths: one helper gathers a zone's free blocks for
 * an order, and the kernel's indexes are computed from what it gathered,
 * for the zones snapshot and for the fragmentation index a run records at
 * its start alike (as mm/vmstat.c shares fill_contig_page_info()).
 */
#ifndef MEMFRAG_CONTIG_H
#define MEMFRAG_CONTIG_H

#include <linux/types.h>

#include "compat.h"

struct zone;

/*
 * What mm/vmstat.c's fill_contig_page_info() gathers for one order: the free
 * blocks of every size, the free base pages they hold, and how many blocks
 * of 1 << suitable_order pages could be carved from the blocks at least
 * that large.
 */
struct memfrag_contig_info {
	unsigned long free_pages;
	unsigned long free_blocks_total;
	unsigned long free_blocks_suitable;
};

/* nr_free[order]: the zone's free blocks of each order. */
void memfrag_contig_info(const unsigned long *nr_free,
			 unsigned int suitable_order,
			 struct memfrag_contig_info *info);
unsigned int memfrag_unusable_index(unsigned int order,
				    const struct memfrag_contig_info *info);
int memfrag_fragmentation_index(unsigned int order,
				const struct memfrag_contig_info *info);
unsigned int memfrag_extfrag_for_order(const unsigned long *nr_free,
				       unsigned int order);
/* Fragmentation index x1000 of zone for order, without zone->lock. */
int memfrag_zone_fragindex_unlocked(struct zone *zone, unsigned int order);

#endif /* MEMFRAG_CONTIG_H */

// SPDX-License-Identifier: GPL-2.0
/*
 * Contiguous free block maths, recomputed from a zone's free block counts
 * because a module cannot call mm/vmstat.c's static helpers.  The formulas
 * are the same on 6.1 and 6.12.
 */
#include <linux/math64.h>
#include <linux/mmzone.h>

#include "contig.h"

void memfrag_contig_info(const unsigned long *nr_free,
			 unsigned int suitable_order,
			 struct memfrag_contig_info *info)
{
	unsigned int order;

	info->free_pages = 0;
	info->free_blocks_total = 0;
	info->free_blocks_suitable = 0;
	for (order = 0; order < MEMFRAG_NR_ORDERS; order++) {
		unsigned long blocks = nr_free[order];

		info->free_blocks_total += blocks;
		info->free_pages += blocks << order;
		if (order >= suitable_order)
			info->free_blocks_suitable +=
				blocks << (order - suitable_order);
	}
}

/*
 * Free pages that sit in blocks smaller than 1 << order, per mille of all
 * free pages: mm/vmstat.c's unusable_free_index().  No free memory at all
 * counts as all of it unusable (1000).
 */
unsigned int memfrag_unusable_index(unsigned int order,
				    const struct memfrag_contig_info *info)
{
	unsigned long unusable;

	if (!info->free_pages)
		return 1000;
	unusable = info->free_pages - (info->free_blocks_suitable << order);
	return div64_ul(unusable * 1000UL, info->free_pages);
}

/*
 * mm/vmstat.c's __fragmentation_index(): why an allocation of 1 << order
 * pages would fail, in thousandths.  Towards 0 the zone lacks memory,
 * towards 1000 its free memory is fragmented.  It is only meaningful when
 * the allocation would fail, so a zone that has a suitable free block gets
 * -1000; a zone with no free block at all gets 0.
 */
int memfrag_fragmentation_index(unsigned int order,
				const struct memfrag_contig_info *info)
{
	unsigned long requested = 1UL << order;

	if (!info->free_blocks_total)
		return 0;
	if (info->free_blocks_suitable)
		return -1000;
	return 1000 - (int)div64_ul(1000 + div64_ul(info->free_pages * 1000UL,
						    requested),
				    info->free_blocks_total);
}

/*
 * The percentage of free pages that sit in blocks smaller than 1 << order:
 * mm/vmstat.c's extfrag_for_order(), in [0, 100]; 0 when nothing is free.
 */
unsigned int memfrag_extfrag_for_order(const unsigned long *nr_free,
				       unsigned int order)
{
	struct memfrag_contig_info info;

	memfrag_contig_info(nr_free, order, &info);
	if (!info.free_pages)
		return 0;
	return div64_ul((info.free_pages -
			 (info.free_blocks_suitable << order)) * 100UL,
			info.free_pages);
}

/*
 * The fragmentation index of zone for order, from an unlocked read of its
 * free block counts: for the event stream, whose probes may not take
 * zone->lock.  The counts can be a moment apart from each other, as in
 * compactsnoop, which reads them the same way.
 */
int memfrag_zone_fragindex_unlocked(struct zone *zone, unsigned int order)
{
	unsigned long nr_free[MEMFRAG_NR_ORDERS];
	struct memfrag_contig_info info;
	unsigned int o;

	for (o = 0; o < MEMFRAG_NR_ORDERS; o++)
		nr_free[o] = READ_ONCE(zone->free_area[o].nr_free);
	memfrag_contig_info(nr_free, order, &info);
	return memfrag_fragmentation_index(order, &info);
}

// SPDX-License-Identifier: GPL-2.0
/*
 * /sys/kernel/debug/memfrag/pagetypes: /proc/pagetypeinfo's counts, the
 * free blocks and the pageblocks of each zone by migratetype, counted when
 * the file is read.
 *
 * They are a file of their own because they cost what /proc/pagetypeinfo
 * costs: a free list has no length, so each is walked entry by entry
 * under zone->lock with interrupts off, for a time that grows with the
 * list.  zones, which the tool polls, stays as cheap as /proc/buddyinfo.
 * Both counts are taken zone by zone, so they are not one atomic copy.
 */
#include <linux/kernel.h>
#include <linux/memory_hotplug.h>
#include <linux/mm.h>
#include <linux/mmzone.h>
#include <linux/sched.h>
#include <linux/seq_file.h>
#include <linux/spinlock.h>

#include "compat.h"
#include "names.h"
#include "pageblock.h"
#include "sections.h"
#include "snapshot.h"

/* The cells a zone's row by migratetype begins with. */
static void memfrag_zone_type_cells(struct memfrag_row *row,
				    struct zone *zone, unsigned int mt)
{
	memfrag_cell_int(row, zone_to_nid(zone));
	memfrag_cell_str(row, zone->name);
	memfrag_cell_str(row, memfrag_migratetype_name(mt));
}

/*
 * The length of one free list, counted the way /proc/pagetypeinfo counts
 * it (mm/vmstat.c's pagetypeinfo_showfree_print(), the same from 6.1 to
 * 7.3): under zone->lock, at most MEMFRAG_FREE_LIST_CAP entries.  The lock
 * is taken for this one list, so interrupts are off for at most one list's
 * walk, never for a zone's.
 */
static unsigned long memfrag_free_list_length(struct zone *zone,
					      unsigned int order,
					      unsigned int mt)
{
	struct list_head *pos;
	unsigned long n = 0;

	spin_lock_irq(&zone->lock);
	list_for_each(pos, &zone->free_area[order].free_list[mt])
		if (++n >= MEMFRAG_FREE_LIST_CAP)
			break;
	spin_unlock_irq(&zone->lock);
	return n;
}

static void memfrag_show_free_by_type(struct seq_file *m)
{
	unsigned int mt, order;
	struct zone *zone;
	unsigned long n;

	/*
	 * One row per populated zone and migratetype, one column per order:
	 * the free blocks of 1 << order pages on the zone's free list of
	 * that migratetype, /proc/pagetypeinfo's "Free pages count per
	 * migrate type at order".  A count of MEMFRAG_FREE_LIST_CAP means at
	 * least that many (/proc/pagetypeinfo prints ">100000").  The lists
	 * change while they are counted: they may not add up to zones'
	 * [free_blocks], which is one copy.
	 */
	MEMFRAG_SHOW_SECTION(m, free_blocks_by_type);
	memfrag_for_each_populated_zone(zone)
		for (mt = 0; mt < MIGRATE_TYPES; mt++) {
			struct memfrag_row row =
				MEMFRAG_ROW(m, free_blocks_by_type);

			memfrag_zone_type_cells(&row, zone, mt);
			for (order = 0; order < MEMFRAG_NR_ORDERS; order++) {
				n = memfrag_free_list_length(zone, order, mt);
				memfrag_cell_u64(&row, n);
				cond_resched();
			}
			memfrag_row_end(&row);
		}
}

/*
 * Pageblocks counted between chances to reschedule: a 1 TiB zone has half
 * a million of them.
 */
#define MEMFRAG_PAGEBLOCKS_PER_RESCHED	1024

/*
 * The pageblocks of each migratetype, as /proc/pagetypeinfo counts them
 * (pagetypeinfo_showblockcount_print()): every pageblock_nr_pages from
 * the zone's start, online and of this zone, by the migratetype in its
 * flags (pageblock.h).  Without zone->lock, which the kernel's count
 * takes: a pageblock's flags are one word, read whole, and the lock would
 * keep interrupts off for a time that grows with the zone.  A block whose
 * migratetype changes during the walk is counted as one or the other.
 */
static void memfrag_count_pageblocks(struct zone *zone,
				     unsigned long blocks[MIGRATE_TYPES])
{
	unsigned long pfn, end = zone_end_pfn(zone), n = 0;
	struct page *page;
	int mt;

	for (pfn = zone->zone_start_pfn; pfn < end; pfn += pageblock_nr_pages) {
		if (++n % MEMFRAG_PAGEBLOCKS_PER_RESCHED == 0)
			cond_resched();
		page = pfn_to_online_page(pfn);
		if (!page || page_zone(page) != zone)
			continue;
		mt = memfrag_pageblock_migratetype(pfn);
		if (mt >= 0 && mt < MIGRATE_TYPES)
			blocks[mt]++;
	}
}

static void memfrag_show_pageblocks(struct seq_file *m)
{
	unsigned long blocks[MIGRATE_TYPES];
	struct zone *zone;
	unsigned int mt;

	/*
	 * One row per populated zone and migratetype: the zone's pageblocks
	 * (1 << pageblock_order pages each) of that migratetype,
	 * /proc/pagetypeinfo's "Number of blocks type".  "-" where the
	 * pageblock flags cannot be read (extfrag's [ownership] says why).
	 */
	MEMFRAG_SHOW_SECTION(m, pageblocks);
	memfrag_for_each_populated_zone(zone) {
		memset(blocks, 0, sizeof(blocks));
		if (MEMFRAG_HAVE_PAGEBLOCK_MT)
			memfrag_count_pageblocks(zone, blocks);
		for (mt = 0; mt < MIGRATE_TYPES; mt++) {
			struct memfrag_row row = MEMFRAG_ROW(m, pageblocks);

			memfrag_zone_type_cells(&row, zone, mt);
			if (MEMFRAG_HAVE_PAGEBLOCK_MT)
				memfrag_cell_u64(&row, blocks[mt]);
			else
				memfrag_cell_str(&row, "-");
			memfrag_row_end(&row);
		}
	}
}

void memfrag_pagetypes_show(struct seq_file *m)
{
	/* page_size: the size of the pages every count below is in. */
	memfrag_show_page_size(m);
	seq_putc(m, '\n');
	memfrag_show_free_by_type(m);
	memfrag_show_pageblocks(m);
}

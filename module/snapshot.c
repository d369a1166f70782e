// SPDX-License-Identifier: GPL-2.0
/*
 * /sys/kernel/debug/memfrag/zones: a snapshot of every populated zone,
 * computed when the file is read.
 *
 * Nothing is added to any hot path: each read walks the online nodes, copies
 * every populated zone's free block counts out under zone->lock (the way
 * /proc/buddyinfo and /sys/kernel/debug/extfrag/ read them), and derives
 * everything else from that copy after the lock is dropped.  All sections of
 * one read come from the same copy, so they agree with each other, and the
 * file's buffer is sized so that one read takes one copy.  No step holds
 * the lock (and interrupts off) longer than /proc/buddyinfo or
 * /proc/pagetypeinfo do: the pageblock count takes no lock at all.
 *
 * The metrics are the kernel's own, recomputed here from public state
 * because a module cannot call the static helpers in mm/vmstat.c and
 * mm/compaction.c:
 *  - the unusable free space index and the fragmentation index of
 *    /sys/kernel/debug/extfrag/ (mm/vmstat.c), per order;
 *  - the fragmentation score that proactive compaction (kcompactd) compares
 *    with its thresholds (mm/compaction.c), per zone and per node.
 * The formulas are the same on 6.1 and 6.12 (see memfrag_node_score()).
 *
 * The thresholds themselves are not printed: they follow
 * vm.compaction_proactiveness, which is not exported to modules (static in
 * 6.12's mm/compaction.c), and reading its sysctl file from here would be
 * a path lookup in the reader's mount namespace, with the reader's
 * credentials (wrong in a chroot or container, and open to a bind mount).
 * The memfrag tool reads the sysctl and computes them.
 */
#include <linux/kernel.h>
#include <linux/math64.h>
#include <linux/memory_hotplug.h>
#include <linux/mm.h>
#include <linux/mmzone.h>
#include <linux/nodemask.h>
#include <linux/sched.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/vmstat.h>

#include "compat.h"
#include "contig.h"
#include "names.h"
#include "pageblock.h"
#include "sections.h"
#include "snapshot.h"

/*
 * The order proactive compaction computes its fragmentation score for:
 * COMPACTION_HPAGE_ORDER, which mm/compaction.c defines privately with this
 * same logic on 6.1 and 6.12 (a PMD-sized huge page; 9 on x86-64).
 */
#if defined(CONFIG_TRANSPARENT_HUGEPAGE)
#define MEMFRAG_SCORE_ORDER	HPAGE_PMD_ORDER
#elif defined(CONFIG_HUGETLBFS)
#define MEMFRAG_SCORE_ORDER	HUGETLB_PAGE_ORDER
#else
#define MEMFRAG_SCORE_ORDER	(PMD_SHIFT - PAGE_SHIFT)
#endif

/* One populated zone, as copied out at read time. */
struct memfrag_zone_snap {
	int nid;
	const char *name;
	unsigned long present;
	unsigned long managed;
	unsigned long free;
	unsigned long wmark_min;
	unsigned long wmark_low;
	unsigned long wmark_high;
	unsigned long boost;
	/* pgdat->node_present_pages of the zone's node */
	unsigned long node_present;
	/* zone->free_area[order].nr_free, copied under zone->lock */
	unsigned long nr_free[MEMFRAG_NR_ORDERS];
	/* free lists' lengths, capped (memfrag_count_free_lists()) */
	unsigned long nr_free_type[MIGRATE_TYPES][MEMFRAG_NR_ORDERS];
	/* pageblocks of each migratetype (memfrag_count_pageblocks()) */
	unsigned long pageblocks[MIGRATE_TYPES];
};

/*
 * mm/compaction.c's fragmentation_score_zone_weighted(): the zone's
 * extfrag_for_order() at MEMFRAG_SCORE_ORDER, scaled by the zone's share of
 * its node's present pages, so that small zones (DMA, DMA32 next to a large
 * Normal) barely move the node's score.  In [0, 100].
 */
static unsigned int memfrag_zone_score(const struct memfrag_zone_snap *s)
{
	unsigned long score;

	score = s->present * memfrag_extfrag_for_order(s->nr_free, MEMFRAG_SCORE_ORDER);
	return div64_ul(score, s->node_present + 1);
}

/*
 * mm/compaction.c's fragmentation_score_node(): the sum of the weighted
 * scores of the node's zones, in [0, 100].  6.1 sums over every zone of the
 * node and 6.12 over the populated ones only; an unpopulated zone has no
 * present pages and so a weighted score of 0, which makes the two equal.
 * snap[first .. first + n) are the populated zones of one node.
 */
static unsigned int memfrag_node_score(const struct memfrag_zone_snap *snap,
				       unsigned int first, unsigned int n)
{
	unsigned int i, score = 0;

	for (i = first; i < first + n; i++)
		score += memfrag_zone_score(&snap[i]);
	return score;
}

static unsigned int memfrag_count_populated_zones(void)
{
	unsigned int n = 0;
	int nid, z;

	for_each_online_node(nid)
		for (z = 0; z < MAX_NR_ZONES; z++)
			n += populated_zone(&NODE_DATA(nid)->node_zones[z]);
	return n;
}

/*
 * The free blocks of each migratetype and order: the length of each free
 * list, counted the way /proc/pagetypeinfo counts it (mm/vmstat.c's
 * pagetypeinfo_showfree_print(), the same on 6.1 and 6.12): under
 * zone->lock, one list at a time, at most MEMFRAG_FREE_LIST_CAP entries
 * per list, and the lock is dropped between lists (with a chance to
 * reschedule) so that a long list never holds interrupts off for long.
 * The lists are therefore not one atomic copy: they may not add up to
 * nr_free, which is.  The cost is /proc/pagetypeinfo's.
 */
static void memfrag_count_free_lists(struct zone *zone,
				     struct memfrag_zone_snap *s)
{
	unsigned int mt, order;
	struct list_head *pos;
	unsigned long n;

	for (mt = 0; mt < MIGRATE_TYPES; mt++) {
		for (order = 0; order < MEMFRAG_NR_ORDERS; order++) {
			n = 0;
			spin_lock_irq(&zone->lock);
			list_for_each(pos, &zone->free_area[order].free_list[mt])
				if (++n >= MEMFRAG_FREE_LIST_CAP)
					break;
			spin_unlock_irq(&zone->lock);
			s->nr_free_type[mt][order] = n;
			cond_resched();
		}
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
				     struct memfrag_zone_snap *s)
{
	unsigned long pfn, end = zone_end_pfn(zone), n = 0;
	struct page *page;
	int mt;

	if (!MEMFRAG_HAVE_PAGEBLOCK_MT)
		return;
	for (pfn = zone->zone_start_pfn; pfn < end; pfn += pageblock_nr_pages) {
		if (++n % MEMFRAG_PAGEBLOCKS_PER_RESCHED == 0)
			cond_resched();
		page = pfn_to_online_page(pfn);
		if (!page || page_zone(page) != zone)
			continue;
		mt = memfrag_pageblock_migratetype(pfn);
		if (mt >= 0 && mt < MIGRATE_TYPES)
			s->pageblocks[mt]++;
	}
}

/*
 * Fills at most max entries, in the order /proc/buddyinfo lists zones (by
 * node, then by zone index); returns how many.  Memory hotplug may have
 * changed the number of populated zones since they were counted.
 */
static unsigned int memfrag_take_snapshot(struct memfrag_zone_snap *snap,
					  unsigned int max)
{
	unsigned int n = 0, order;
	unsigned long flags;
	int nid, z;

	for_each_online_node(nid) {
		pg_data_t *pgdat = NODE_DATA(nid);

		for (z = 0; z < MAX_NR_ZONES && n < max; z++) {
			struct zone *zone = &pgdat->node_zones[z];
			struct memfrag_zone_snap *s = &snap[n];

			if (!populated_zone(zone))
				continue;

			spin_lock_irqsave(&zone->lock, flags);
			for (order = 0; order < MEMFRAG_NR_ORDERS; order++)
				s->nr_free[order] = zone->free_area[order].nr_free;
			spin_unlock_irqrestore(&zone->lock, flags);
			memfrag_count_free_lists(zone, s);
			memfrag_count_pageblocks(zone, s);

			s->nid = nid;
			s->name = zone->name;
			s->present = zone->present_pages;
			s->managed = zone_managed_pages(zone);
			s->free = zone_page_state(zone, NR_FREE_PAGES);
			s->wmark_min = min_wmark_pages(zone);
			s->wmark_low = low_wmark_pages(zone);
			s->wmark_high = high_wmark_pages(zone);
			s->boost = zone->watermark_boost;
			s->node_present = pgdat->node_present_pages;
			n++;
		}
	}
	return n;
}

static void memfrag_show_keys(struct seq_file *m)
{
	/* page_size: the size of the pages every count below is in. */
	memfrag_show_page_size(m);
	/*
	 * score_order: the order the zone and node scores below are computed
	 *	for (mm/compaction.c's COMPACTION_HPAGE_ORDER), fixed at build
	 *	time.  The thresholds kcompactd compares a node's score with
	 *	depend on vm.compaction_proactiveness and are the tool's to
	 *	compute (see the top of this file).
	 */
	seq_printf(m, "score_order: %u\n", MEMFRAG_SCORE_ORDER);
}

static void memfrag_show_zones(struct seq_file *m,
			       const struct memfrag_zone_snap *snap,
			       unsigned int n)
{
	unsigned int i;

	/*
	 * One row per populated zone; every count is in pages.
	 *
	 * node:    the NUMA node id.
	 * zone:    zone->name (DMA, DMA32, Normal, Movable, ...).
	 * present: zone->present_pages, physical pages in the zone's span
	 *          that exist (holes excluded).
	 * managed: zone_managed_pages(), the present pages the buddy
	 *          allocator manages (present minus boot-time reservations).
	 * free:    NR_FREE_PAGES, the zone's free page counter (per-CPU
	 *          deltas not yet folded in are not included, as in
	 *          /proc/zoneinfo).
	 * min, low, high: min_wmark_pages(), low_wmark_pages(),
	 *          high_wmark_pages().  On 6.1 (macros) and 6.12 (inline
	 *          functions) alike each is zone->_watermark[WMARK_*] plus
	 *          zone->watermark_boost, i.e. they include the boost; they
	 *          are the values /proc/zoneinfo prints.
	 * boost:   zone->watermark_boost, raised temporarily after an
	 *          allocation fell back to another migratetype, to make kswapd
	 *          reclaim (and then compact) more; decays back to 0.
	 * score:   the zone's weighted fragmentation score (see
	 *          memfrag_zone_score()), in [0, 100].
	 */
	MEMFRAG_SHOW_SECTION(m, zones);
	for (i = 0; i < n; i++) {
		const struct memfrag_zone_snap *s = &snap[i];
		struct memfrag_row row = MEMFRAG_ROW(m, zones);

		memfrag_cell_int(&row, s->nid);
		memfrag_cell_str(&row, s->name);
		memfrag_cell_u64(&row, s->present);
		memfrag_cell_u64(&row, s->managed);
		memfrag_cell_u64(&row, s->free);
		memfrag_cell_u64(&row, s->wmark_min);
		memfrag_cell_u64(&row, s->wmark_low);
		memfrag_cell_u64(&row, s->wmark_high);
		memfrag_cell_u64(&row, s->boost);
		memfrag_cell_u64(&row, memfrag_zone_score(s));
		memfrag_row_end(&row);
	}
}

static void memfrag_show_nodes(struct seq_file *m,
			       const struct memfrag_zone_snap *snap,
			       unsigned int n)
{
	unsigned int i, first;

	/*
	 * One row per node with at least one populated zone.
	 *
	 * node:  the NUMA node id.
	 * score: the node's fragmentation score (see memfrag_node_score()),
	 *        in [0, 100]; kcompactd compacts the node proactively when it
	 *        exceeds a threshold that vm.compaction_proactiveness sets.
	 */
	MEMFRAG_SHOW_SECTION(m, nodes);
	for (first = 0; first < n; first = i) {
		struct memfrag_row row = MEMFRAG_ROW(m, nodes);

		for (i = first; i < n && snap[i].nid == snap[first].nid; i++)
			;
		memfrag_cell_int(&row, snap[first].nid);
		memfrag_cell_u64(&row, memfrag_node_score(snap, first, i - first));
		memfrag_row_end(&row);
	}
}

static void memfrag_show_free_blocks(struct seq_file *m,
				     const struct memfrag_zone_snap *snap,
				     unsigned int n)
{
	unsigned int i, order;

	/*
	 * One row per populated zone, one column per order: the number of
	 * free blocks of 1 << order pages in the zone's buddy free lists
	 * (zone->free_area[order].nr_free), as /proc/buddyinfo shows them.
	 */
	MEMFRAG_SHOW_SECTION(m, free_blocks);
	for (i = 0; i < n; i++) {
		struct memfrag_row row = MEMFRAG_ROW(m, free_blocks);

		memfrag_cell_int(&row, snap[i].nid);
		memfrag_cell_str(&row, snap[i].name);
		for (order = 0; order < MEMFRAG_NR_ORDERS; order++)
			memfrag_cell_u64(&row, snap[i].nr_free[order]);
		memfrag_row_end(&row);
	}
}

static void memfrag_show_unusable(struct seq_file *m,
				  const struct memfrag_zone_snap *snap,
				  unsigned int n)
{
	struct memfrag_contig_info info;
	unsigned int i, order, index;

	/*
	 * One row per populated zone, one column per order: the unusable free
	 * space index, the fraction of the zone's free memory that cannot
	 * serve an allocation of 1 << order pages because it sits in smaller
	 * blocks.  0.000 means no fragmentation with respect to that order,
	 * 1.000 means none of the free memory is usable for it (or nothing is
	 * free).  Same value and notation as
	 * /sys/kernel/debug/extfrag/unusable_index.
	 */
	MEMFRAG_SHOW_SECTION(m, unusable_index);
	for (i = 0; i < n; i++) {
		struct memfrag_row row = MEMFRAG_ROW(m, unusable_index);

		memfrag_cell_int(&row, snap[i].nid);
		memfrag_cell_str(&row, snap[i].name);
		for (order = 0; order < MEMFRAG_NR_ORDERS; order++) {
			memfrag_contig_info(snap[i].nr_free, order, &info);
			index = memfrag_unusable_index(order, &info);
			memfrag_cell_milli(&row, index);
		}
		memfrag_row_end(&row);
	}
}

static void memfrag_show_fragmentation(struct seq_file *m,
				       const struct memfrag_zone_snap *snap,
				       unsigned int n)
{
	struct memfrag_contig_info info;
	unsigned int i, order;
	int index;

	/*
	 * One row per populated zone, one column per order: the
	 * fragmentation index for an allocation of 1 << order pages.
	 * -1.000 means a free block of that size exists, so the allocation
	 * would succeed and the index does not apply.  Otherwise a value
	 * towards 0.000 means it would fail for lack of memory (reclaim
	 * helps), towards 1.000 that it would fail because free memory is
	 * fragmented (compaction helps); 0.000 also when nothing is free.
	 * Same value and notation as /sys/kernel/debug/extfrag/extfrag_index.
	 */
	MEMFRAG_SHOW_SECTION(m, fragmentation_index);
	for (i = 0; i < n; i++) {
		struct memfrag_row row = MEMFRAG_ROW(m, fragmentation_index);

		memfrag_cell_int(&row, snap[i].nid);
		memfrag_cell_str(&row, snap[i].name);
		for (order = 0; order < MEMFRAG_NR_ORDERS; order++) {
			memfrag_contig_info(snap[i].nr_free, order, &info);
			index = memfrag_fragmentation_index(order, &info);
			memfrag_cell_milli(&row, index);
		}
		memfrag_row_end(&row);
	}
}

/* The cells a zone's row by migratetype begins with. */
static void memfrag_zone_type_cells(struct memfrag_row *row,
				    const struct memfrag_zone_snap *snap,
				    unsigned int mt)
{
	memfrag_cell_int(row, snap->nid);
	memfrag_cell_str(row, snap->name);
	memfrag_cell_str(row, memfrag_migratetype_name(mt));
}

static void memfrag_show_free_by_type(struct seq_file *m,
				      const struct memfrag_zone_snap *snap,
				      unsigned int n)
{
	unsigned int i, mt, order;

	/*
	 * One row per populated zone and migratetype, one column per order:
	 * the free blocks of 1 << order pages on the zone's free list of
	 * that migratetype, /proc/pagetypeinfo's "Free pages count per
	 * migrate type at order".  A count of MEMFRAG_FREE_LIST_CAP means at
	 * least that many (memfrag_count_free_lists()).
	 */
	MEMFRAG_SHOW_SECTION(m, free_blocks_by_type);
	for (i = 0; i < n; i++)
		for (mt = 0; mt < MIGRATE_TYPES; mt++) {
			struct memfrag_row row =
				MEMFRAG_ROW(m, free_blocks_by_type);

			memfrag_zone_type_cells(&row, &snap[i], mt);
			for (order = 0; order < MEMFRAG_NR_ORDERS; order++)
				memfrag_cell_u64(&row,
						 snap[i].nr_free_type[mt][order]);
			memfrag_row_end(&row);
		}
}

static void memfrag_show_pageblocks(struct seq_file *m,
				    const struct memfrag_zone_snap *snap,
				    unsigned int n)
{
	unsigned int i, mt;

	/*
	 * One row per populated zone and migratetype: the zone's pageblocks
	 * (1 << pageblock_order pages each) of that migratetype,
	 * /proc/pagetypeinfo's "Number of blocks type".  "-" where the
	 * pageblock flags cannot be read (extfrag's [ownership] says why).
	 */
	MEMFRAG_SHOW_SECTION(m, pageblocks);
	for (i = 0; i < n; i++)
		for (mt = 0; mt < MIGRATE_TYPES; mt++) {
			struct memfrag_row row = MEMFRAG_ROW(m, pageblocks);

			memfrag_zone_type_cells(&row, &snap[i], mt);
			if (MEMFRAG_HAVE_PAGEBLOCK_MT)
				memfrag_cell_u64(&row, snap[i].pageblocks[mt]);
			else
				memfrag_cell_str(&row, "-");
			memfrag_row_end(&row);
		}
}

/*
 * Room for one read of the file: seq_file computes a file again with a
 * buffer twice the size each time its text does not fit, so a snapshot
 * taken for a buffer too small would be taken again.  A zone's rows take
 * about 1.4 KiB; MEMFRAG_SNAPSHOT_ZONE_BYTES leaves room for wider
 * numbers, and a page holds the keys and the sections' headers.
 */
#define MEMFRAG_SNAPSHOT_ZONE_BYTES	2048

size_t memfrag_snapshot_size(void)
{
	return PAGE_SIZE + memfrag_count_populated_zones() *
			   MEMFRAG_SNAPSHOT_ZONE_BYTES;
}

void memfrag_snapshot_show(struct seq_file *m)
{
	struct memfrag_zone_snap *snap;
	unsigned int max, n;

	memfrag_show_keys(m);
	seq_putc(m, '\n');

	max = memfrag_count_populated_zones();
	snap = kcalloc(max, sizeof(*snap), GFP_KERNEL);
	if (!snap) {
		seq_puts(m, "error: out of memory\n");
		return;
	}
	n = memfrag_take_snapshot(snap, max);

	memfrag_show_zones(m, snap, n);
	memfrag_show_nodes(m, snap, n);
	memfrag_show_free_blocks(m, snap, n);
	memfrag_show_unusable(m, snap, n);
	memfrag_show_fragmentation(m, snap, n);
	memfrag_show_free_by_type(m, snap, n);
	memfrag_show_pageblocks(m, snap, n);
	kfree(snap);
}

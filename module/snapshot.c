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
 * file's buffer is sized so that one read takes one copy.  The lock is held
 * as long as /proc/buddyinfo holds it, for eleven words a zone, whatever
 * the zone's size: the costly counts by migratetype are pagetypes.c's.
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
#include <linux/mm.h>
#include <linux/mmzone.h>
#include <linux/nodemask.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/vmstat.h>

#include "compat.h"
#include "contig.h"
#include "names.h"
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

/* The populated zone after zone (the first one after NULL), or NULL. */
struct zone *memfrag_next_populated_zone(struct zone *zone)
{
	int nid = zone ? zone_to_nid(zone) : first_online_node;
	int z = zone ? zone_idx(zone) + 1 : 0;

	for (; nid < MAX_NUMNODES; nid = next_online_node(nid), z = 0)
		for (; z < MAX_NR_ZONES; z++)
			if (populated_zone(&NODE_DATA(nid)->node_zones[z]))
				return &NODE_DATA(nid)->node_zones[z];
	return NULL;
}

unsigned int memfrag_count_populated_zones(void)
{
	struct zone *zone;
	unsigned int n = 0;

	memfrag_for_each_populated_zone(zone)
		n++;
	return n;
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
	struct zone *zone;
	unsigned long flags;

	memfrag_for_each_populated_zone(zone) {
		struct memfrag_zone_snap *s = &snap[n];

		if (n == max)
			break;
		spin_lock_irqsave(&zone->lock, flags);
		for (order = 0; order < MEMFRAG_NR_ORDERS; order++)
			s->nr_free[order] = zone->free_area[order].nr_free;
		spin_unlock_irqrestore(&zone->lock, flags);

		s->nid = zone_to_nid(zone);
		s->name = zone->name;
		s->present = zone->present_pages;
		s->managed = zone_managed_pages(zone);
		s->free = zone_page_state(zone, NR_FREE_PAGES);
		s->wmark_min = min_wmark_pages(zone);
		s->wmark_low = low_wmark_pages(zone);
		s->wmark_high = high_wmark_pages(zone);
		s->boost = zone->watermark_boost;
		s->node_present = zone->zone_pgdat->node_present_pages;
		n++;
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

size_t memfrag_snapshot_buffer_size(size_t zone_bytes)
{
	return PAGE_SIZE + memfrag_count_populated_zones() * zone_bytes;
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
	kfree(snap);
}

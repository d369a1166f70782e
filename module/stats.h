/* SPDX-License-Identifier: GPL-2.0 */
/*
 * memfrag's counters, allocated at load and read as flat arrays of u64.
 *
 * Two kinds, so that memory does not grow with zones times possible CPUs
 * (Documentation/memfrag.rst, "Memory"):
 *  - per CPU, summed at read time, for what is hit everywhere and all the
 *    time: tracepoint hits, drops, direct requests and scanner counts
 *    outside runs; probes add with this_cpu_inc()/this_cpu_add();
 *  - shared, one copy per zone or node, for the big per-zone and per-node
 *    breakdowns; probes add to them through their CPU's batch (batch.h),
 *    which moves a sum to the shared counter only when its entry is
 *    needed for another counter, so no probe writes a line other CPUs
 *    write in the common case; the scanner counts of a run, the hottest
 *    of all, are kept in the run's own slot (runs.h) and added to its
 *    zone's at its end.
 * No locks, no allocation.
 *
 * Reset never writes to a counter a probe may be updating: it records the
 * current sums as a baseline, and readers report "sum - baseline".  A reset
 * racing with events therefore cannot tear or lose a counter.
 */
#ifndef MEMFRAG_STATS_H
#define MEMFRAG_STATS_H

#include <linux/atomic.h>
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/compaction.h>
#include <linux/percpu.h>
#include <linux/pageblock-flags.h>
#include <linux/types.h>

#include "batch.h"
#include "compat.h"

/*
 * Triggers (enum memfrag_trigger), results (by enum compact_result value,
 * plus MEMFRAG_RESULT_OTHER for any value a newer kernel adds), priorities
 * and drops (enum memfrag_drop) are listed in include/memfrag/.
 */

/*
 * Orders in event breakdowns are stored at [order + 1]: order -1 means
 * "the whole zone" (compaction through /proc/sys/vm/compact_memory).
 */
#define MEMFRAG_NR_EVENT_ORDERS	(MEMFRAG_NR_ORDERS + 1)

/*
 * "Fragmenting": a fallback that splits a free block smaller than a
 * pageblock, so the pageblock now mixes migratetypes.
 */
static __always_inline bool memfrag_fallback_fragmenting(int fallback_order)
{
	return fallback_order < pageblock_order;
}

struct memfrag_zone_stats {
	u64 begins;
	u64 runs[MEMFRAG_NR_TRIGGERS][MEMFRAG_NR_MODES][MEMFRAG_NR_RESULTS];
	u64 latency[MEMFRAG_NR_TRIGGERS][MEMFRAG_LATENCY_BUCKETS];
	u64 latency_us[MEMFRAG_NR_TRIGGERS];	/* total, for the mean */
	u64 suitable[MEMFRAG_NR_EVENT_ORDERS][MEMFRAG_NR_RESULTS];
	u64 finished[MEMFRAG_NR_EVENT_ORDERS][MEMFRAG_NR_RESULTS];
	u64 deferred[MEMFRAG_NR_EVENT_ORDERS];
	u64 defer_compaction[MEMFRAG_NR_EVENT_ORDERS];
	u64 defer_reset[MEMFRAG_NR_EVENT_ORDERS];
	u64 extfrag_order[MEMFRAG_NR_ORDERS][MEMFRAG_NR_ORDERS];
	u64 extfrag_mt[2][MIGRATE_TYPES][MIGRATE_TYPES];	/* [fragmenting] */
	/* [fragmenting][claimed][alloc][fallback]: see memfrag_claimed() */
	u64 extfrag_own[2][2][MIGRATE_TYPES][MIGRATE_TYPES];
};

/* Migration and scanner counts: per zone inside a run, and outside runs. */
struct memfrag_migration_stats {
	u64 migrate_scanned;
	u64 migrate_isolated;
	u64 free_scanned;
	u64 free_isolated;
	u64 fast_free_scanned;
	u64 fast_free_isolated;
	u64 migrated;
	u64 failed;
};

struct memfrag_node_stats {
	u64 wakeup_kcompactd[MEMFRAG_NR_EVENT_ORDERS][MAX_NR_ZONES];
	u64 kcompactd_wake[MEMFRAG_NR_EVENT_ORDERS][MAX_NR_ZONES];
	u64 kcompactd_sleep;
};

struct memfrag_global_stats {
	u64 try_to_compact[MEMFRAG_NR_EVENT_ORDERS][MEMFRAG_NR_PRIOS];
	u64 drops[MEMFRAG_NR_DROPS];
};

/*
 * Index zones as nid * MAX_NR_ZONES + zone_idx.  zone, zone_migration and
 * node are shared (one block each, on its node); global and
 * outside_migration are per CPU.
 */
struct memfrag_stats {
	struct memfrag_zone_stats **zone;
	struct memfrag_migration_stats **zone_migration;
	struct memfrag_node_stats **node;
	struct memfrag_global_stats __percpu *global;
	struct memfrag_migration_stats __percpu *outside_migration;
	unsigned int nr_nodes;
	size_t bytes;			/* all of the above, all CPUs */
};

extern struct memfrag_stats memfrag_stats;

int memfrag_stats_init(void);
void memfrag_stats_exit(void);

/*
 * Frees what an init function allocated (kmalloc'd or vmalloc'd) and
 * forgets it: an init that fails part way calls its exit, and the module's
 * unload calls it again.
 */
#define memfrag_free_table(p)						\
	do {								\
		kvfree(p);						\
		(p) = NULL;						\
	} while (0)

/* One shared counter: a single copy, for all CPUs, added to by batch. */
static __always_inline void memfrag_shared_add(u64 *counter, u64 v)
{
	memfrag_batch_add(counter, v);
}

#define memfrag_shared_inc(counter)	memfrag_shared_add(&(counter), 1)

/* unsigned long: a probe indexes with it, without widening it first. */
static inline unsigned long memfrag_zone_slot(struct zone *zone)
{
	return (unsigned long)zone_to_nid(zone) * MAX_NR_ZONES + zone_idx(zone);
}

static __always_inline void memfrag_drop(enum memfrag_drop why)
{
	this_cpu_inc(memfrag_stats.global->drops[why]);
}

/*
 * Read side.  memfrag_read_lock() serialises readers and reset; the sums
 * are "since load or the last reset".
 */
void memfrag_read_lock(void);
void memfrag_read_unlock(void);
void memfrag_read_zone(unsigned int slot, struct memfrag_zone_stats *out);
void memfrag_read_zone_migration(unsigned int slot,
				 struct memfrag_migration_stats *out);
void memfrag_read_outside_migration(struct memfrag_migration_stats *out);
void memfrag_read_node(unsigned int nid, struct memfrag_node_stats *out);
void memfrag_read_global(struct memfrag_global_stats *out);
/* Records the current sums as the new baseline.  Caller holds the lock. */
void memfrag_stats_reset(void);

#endif /* MEMFRAG_STATS_H */

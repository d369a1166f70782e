/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Compaction runs in flight: what a run's begin tracepoint saw, kept until
 * the same task's end tracepoint, so that the run can be timed and the
 * events in between attributed to its zone.
 */
#ifndef MEMFRAG_RUNS_H
#define MEMFRAG_RUNS_H

#include <linux/hash.h>
#include <linux/log2.h>
#include <linux/mmzone.h>
#include <linux/nodemask.h>
#include <linux/sched.h>
#include <linux/types.h>

#include "compat.h"
#include "stackmap.h"
#include "stats.h"

/*
 * The table of runs in flight has MEMFRAG_RUNS_PER_CPU slots per possible
 * CPU, rounded up to a power of two, within [MEMFRAG_RUN_SLOTS_MIN,
 * MEMFRAG_RUN_SLOTS_MAX]: each CPU runs one compaction at a time, and
 * tasks preempted mid-run hold theirs.  A task may use only the
 * MEMFRAG_RUN_PROBES slots after its hash; a begin that finds those taken
 * is counted as a drop (run_table_full), once for the run: its end is not
 * also counted as end_without_begin.
 */
#define MEMFRAG_RUNS_PER_CPU	4
#define MEMFRAG_RUN_SLOTS_MIN	256
#define MEMFRAG_RUN_SLOTS_MAX	16384
#define MEMFRAG_RUN_PROBES	8

/* Kernel stack frames the events file shows with a direct compaction run. */
#define MEMFRAG_RUN_FRAMES	12

/*
 * What the zone looked like when the run began, for compactsnoop's -e
 * columns: the fragmentation index for the run's order (x1000; S16_MIN
 * when the order is -1 or unknown), the watermarks (which include the
 * boost), the boost itself and the free pages.
 */
struct memfrag_run_start_info {
	s16 fragindex;
	unsigned long min, low, high, boost, free;
};

/*
 * A slot held longer than stale_run_ms (a module parameter, within these
 * bounds) is stale: its end was never seen, or its run is one of the
 * rare ones that outlast it, and a new run may take it back.  A minute
 * by default: compaction runs of less than a few TiB take less.
 */
#define MEMFRAG_RUN_STALE_MS_DEFAULT	60000U
#define MEMFRAG_RUN_STALE_MS_MIN	100U
#define MEMFRAG_RUN_STALE_MS_MAX	(24U * 3600 * 1000)

/*
 * An owner ending its run holds its slot as this, not as itself, while it
 * publishes the run's counts: the slot is neither free nor stale, so no
 * begin claims it, and no lookup finds it.
 */
#define MEMFRAG_RUN_CLOSING	((struct task_struct *)1)

/*
 * Cache-line aligned: a slot's owner writes its counts at scan rate, and
 * no other slot's owner shares the line.
 */
struct memfrag_run {
	/* owner; NULL when free; MEMFRAG_RUN_CLOSING while it ends */
	struct task_struct *task;
	/*
	 * The owner's start_time: a task_struct freed and reused for a new
	 * task has the same address but not the same start time, so a new
	 * task never inherits a stale slot.
	 */
	u64 task_start;
	/*
	 * The run last taken back from this slot (memfrag_run_claim()),
	 * until its task's end or next begin: its task and start time, only
	 * compared, and its zone, where its scanner counts go from then on.
	 */
	struct task_struct *taken_task;
	u64 taken_start;
	u64 start_ns;
	struct zone *zone;
	unsigned int zone_slot;
	unsigned int taken_zone_slot;
	enum memfrag_trigger trigger;
	int order;			/* -1 whole zone, -2 unknown */
	u16 stack_id;			/* direct compaction only: stackmap.h */
	struct memfrag_run_start_info start;
	/*
	 * The scanner counts of this run so far: written by the owner only,
	 * with plain adds between memfrag_run_write_begin() and _end(), and
	 * added to its zone's shared counters when it ends or is taken back
	 * (memfrag_run_publish()).
	 */
	struct memfrag_migration_stats migration;
} ____cacheline_aligned_in_smp;

int memfrag_runs_init(unsigned int stale_ms);
void memfrag_runs_exit(void);

/* The table of runs in flight (runs.c), sized at load. */
extern struct memfrag_run *memfrag_runs;
extern unsigned int memfrag_run_bits;
/* 64 - memfrag_run_bits, for memfrag_run_hash(). */
extern unsigned int memfrag_run_shift;

/*
 * hash_64() of the task's address to memfrag_run_bits bits, with the
 * shift worked out at load and masked: the compiler then knows it is
 * below 64 and adds no check of it to every probe that hashes current.
 */
static inline unsigned int memfrag_run_hash(const struct task_struct *task)
{
	return ((u64)(unsigned long)task * GOLDEN_RATIO_64) >>
	       (memfrag_run_shift & 63);
}

static inline struct memfrag_run *memfrag_run_slot(unsigned int h,
						   unsigned int i)
{
	return &memfrag_runs[(h + i) & ((1U << memfrag_run_bits) - 1)];
}

/*
 * A task's slot is one of the MEMFRAG_RUN_PROBES after its hash, so that a
 * lookup that finds nothing (every begin, and scanner events outside a
 * run) reads a few slots, not the whole table.
 */
static inline bool memfrag_run_is_mine(const struct memfrag_run *run)
{
	return READ_ONCE(run->task) == current &&
	       READ_ONCE(run->task_start) == current->start_time;
}

/*
 * current's run in flight, or NULL.  Inline: every scanner event, the
 * most frequent of all, looks up its run.
 */
static __always_inline struct memfrag_run *memfrag_run_current(void)
{
	unsigned int h = memfrag_run_hash(current), i;

	for (i = 0; i < MEMFRAG_RUN_PROBES; i++) {
		struct memfrag_run *run = memfrag_run_slot(h, i);

		if (memfrag_run_is_mine(run))
			return run;
	}
	return NULL;
}

/*
 * The slot this CPU's probe is adding a scanner event's counts to, or
 * NULL: a begin that takes the slot back waits until no CPU is there.
 */
DECLARE_PER_CPU(struct memfrag_run *, memfrag_run_writer);

/*
 * Whether current may add to run's counts, which memfrag_run_current()
 * just found: true until memfrag_run_write_end().  Scanner events come
 * from task context only, so one mark per CPU is enough.
 */
static __always_inline bool memfrag_run_write_begin(struct memfrag_run *run)
{
	memfrag_assert_pinned();
	this_cpu_write(memfrag_run_writer, run);
	/*
	 * The mark before the owner is checked, and a taker's owner before
	 * it reads the marks (memfrag_run_claim()): either this sees the
	 * slot taken, or the taker sees the mark and waits for its end.
	 */
	smp_mb();
	if (likely(memfrag_run_is_mine(run)))
		return true;
	this_cpu_write(memfrag_run_writer, NULL);
	return false;
}

static __always_inline void memfrag_run_write_end(void)
{
	/* The counts before the mark goes: the taker publishes them. */
	smp_store_release(this_cpu_ptr(&memfrag_run_writer), NULL);
}

/*
 * Claims a slot for current; NULL if the table is full, and then current's
 * end finds memfrag_run_lost() true.
 */
struct memfrag_run *memfrag_run_start(void);
/* Did current's last begin find no slot?  Forgets it once asked. */
bool memfrag_run_lost(void);
/*
 * Records what a run knows at its begin tracepoint: its zone, trigger and
 * order, the zone's state, the stack (direct compaction only: unwound at
 * the first begin of the request) and the start time.
 */
void memfrag_run_begin(struct memfrag_run *run, struct zone *zone);
/*
 * current's end takes run, which memfrag_run_current() found, from every
 * other begin; false if a begin took it back first, and then nothing of
 * run is current's any more.  After true, the slot's fields are current's
 * run's until memfrag_run_release() publishes its counts and frees it.
 */
bool memfrag_run_close(struct memfrag_run *run);
void memfrag_run_release(struct memfrag_run *run);
/*
 * Was current's run taken back (and its begin counted as stale_run)?
 * Forgets it: for current's end.
 */
bool memfrag_run_taken(void);
/* The counts of the zone of current's run taken back, or NULL. */
struct memfrag_migration_stats *memfrag_run_taken_zone(void);

/*
 * begin and end give the zone as its pfn span.  Spans of different zones
 * can overlap on NUMA machines, so both ends must match.
 */
static inline bool memfrag_zone_has_span(struct zone *zone,
					 unsigned long start_pfn,
					 unsigned long end_pfn)
{
	return zone && zone->zone_start_pfn == start_pfn &&
	       zone_end_pfn(zone) == end_pfn && populated_zone(zone);
}

/* The zone whose span is exactly [start_pfn, end_pfn), or NULL. */
struct zone *memfrag_zone_by_span(unsigned long start_pfn,
				  unsigned long end_pfn);

enum memfrag_trigger memfrag_run_trigger(int nid);
/* Per node, written by that node's kcompactd only: runs.c. */
extern bool *memfrag_kcompactd_is_woken;
extern int *memfrag_kcompactd_order;

/* kcompactd of nid woke for a request of order (or went to sleep). */
static __always_inline void memfrag_kcompactd_woken(int nid, bool woken,
						    int order)
{
	if (nid < 0 || nid >= nr_node_ids)
		return;
	WRITE_ONCE(memfrag_kcompactd_is_woken[nid], woken);
	if (woken)
		WRITE_ONCE(memfrag_kcompactd_order[nid], order);
}
/*
 * Per task, hashed like the runs, one cache line each (tasks on different
 * CPUs write them):
 *  - direct: the order of its latest direct compaction request and the
 *    request's stack, packed with its pid into one u64 ((pid << 32) |
 *    (stack id << 8) | (u8)order) so that a reader never sees one task's
 *    pid with another's order or stack.  try_to_compact_pages writes it
 *    with MEMFRAG_STACK_NOT_TAKEN; the request's first direct begin
 *    takes the stack and writes the note again with its id, which the
 *    request's later runs reuse.  A collision overwrites; the reader then
 *    finds another pid and reports "unknown" (and no stack);
 *  - lost: the task whose begin found no slot, so that its end is not
 *    counted as a second drop.
 * Only current writes its own note, with one store, from any CPU: no pin
 * is needed to write it.
 */
struct memfrag_task_note {
	u64 direct;
	struct task_struct *lost;
} ____cacheline_aligned_in_smp;

/* As many notes as run slots (runs.c), sized at load. */
extern struct memfrag_task_note *memfrag_task_notes;

/* current's note of its direct request: order and stack id. */
static __always_inline void memfrag_note_write(int order, u16 stack_id)
{
	WRITE_ONCE(memfrag_task_notes[memfrag_run_hash(current)].direct,
		   ((u64)current->pid << 32) | ((u64)stack_id << 8) | (u8)order);
}

/*
 * current asked for direct compaction of order (try_to_compact_pages);
 * its runs take the order, and its first run's begin takes the stack.
 * Inline: the probe on every direct request writes it.
 */
static __always_inline void memfrag_note_direct(int order)
{
	memfrag_note_write(order, MEMFRAG_STACK_NOT_TAKEN);
}
/* The order a run of trigger on node nid compacts for; -2 if unknown. */
int memfrag_run_order(enum memfrag_trigger trigger, int nid);

#endif /* MEMFRAG_RUNS_H */

// SPDX-License-Identifier: GPL-2.0
/*
 * Pairing the begin and end tracepoints of a compaction run, per task.
 *
 * A run starts and ends in the same task (compact_zone() emits both), but
 * the task may be preempted and migrate between CPUs in between, so the
 * state lives in a global table, not per CPU.  Slots are claimed with
 * cmpxchg on the owner pointer; after that only the owner touches its slot,
 * so no lock is needed.  The table is allocated at load, sized by the
 * possible CPUs (runs.h): nothing is allocated on the hot path.
 *
 * A slot held past stale_run_ms may be taken back by another task's begin
 * while its owner still runs.  The owner word decides who has the slot,
 * and every writer of the slot's counts checks it:
 *  - a scanner probe marks the slot as being written on its CPU, then
 *    checks the owner (memfrag_run_write_begin()); a taker changes the
 *    owner, then waits until no CPU marks the slot, and only then
 *    publishes the old run's counts and clears them for its own run;
 *  - an end takes the slot from the owner word with cmpxchg before it
 *    reads or publishes anything (memfrag_run_close()), so it never
 *    writes over a taker's run, nor times itself from the taker's start;
 *  - the taker leaves a record of the run it took back in the slot: that
 *    run's later scanner events go to its zone, and its end is not
 *    counted again as end_without_begin.
 */
#include <linux/hash.h>
#include <linux/memory_hotplug.h>
#include <linux/mm.h>
#include <linux/nodemask.h>
#include <linux/percpu.h>
#include <linux/processor.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/timekeeping.h>

#include "contig.h"
#include "runs.h"
#include "stackmap.h"

struct memfrag_run *memfrag_runs;
unsigned int memfrag_run_bits;
DEFINE_PER_CPU(struct memfrag_run *, memfrag_run_writer);
/* stale_run_ms, in the clock's unit; set once, at load. */
static u64 memfrag_run_stale_ns __read_mostly;
unsigned int memfrag_run_shift;
/*
 * Documentation/memfrag.rst's memory formula counts 192 bytes a slot:
 * 184 of state, padded to three 64-byte cache lines.
 */
static_assert(!IS_ENABLED(CONFIG_64BIT) || SMP_CACHE_BYTES != 64 ||
	      sizeof(struct memfrag_run) == 192);

/*
 * Per node: has that node's kcompactd been woken for a request since it
 * last went to sleep?  Written and read only by that kcompactd thread.
 */
bool *memfrag_kcompactd_is_woken;
/* Per node: the order kcompactd was last woken for.  Same writer. */
int *memfrag_kcompactd_order;

struct memfrag_task_note *memfrag_task_notes;

int memfrag_runs_init(unsigned int stale_ms)
{
	unsigned int slots, i;

	memfrag_run_stale_ns = (u64)stale_ms * NSEC_PER_MSEC;

	slots = clamp_t(unsigned int,
			roundup_pow_of_two(MEMFRAG_RUNS_PER_CPU *
					   num_possible_cpus()),
			MEMFRAG_RUN_SLOTS_MIN, MEMFRAG_RUN_SLOTS_MAX);
	memfrag_run_bits = ilog2(slots);
	memfrag_run_shift = 64 - memfrag_run_bits;
	memfrag_runs = kvcalloc(slots, sizeof(*memfrag_runs), GFP_KERNEL);
	memfrag_task_notes = kvcalloc(slots, sizeof(*memfrag_task_notes),
				      GFP_KERNEL);
	memfrag_kcompactd_is_woken = kcalloc(nr_node_ids, sizeof(bool),
					     GFP_KERNEL);
	memfrag_kcompactd_order = kcalloc(nr_node_ids, sizeof(int), GFP_KERNEL);
	if (!memfrag_runs || !memfrag_task_notes ||
	    !memfrag_kcompactd_is_woken || !memfrag_kcompactd_order) {
		memfrag_runs_exit();
		return -ENOMEM;
	}
	for (i = 0; i < slots; i++)
		memfrag_runs[i].start_ns = U64_MAX;
	memfrag_stats.bytes += slots * (sizeof(*memfrag_runs) +
					sizeof(*memfrag_task_notes)) +
			       nr_node_ids * (sizeof(bool) + sizeof(int));
	return 0;
}

void memfrag_runs_exit(void)
{
	memfrag_free_table(memfrag_runs);
	memfrag_free_table(memfrag_task_notes);
	memfrag_free_table(memfrag_kcompactd_is_woken);
	memfrag_free_table(memfrag_kcompactd_order);
}

bool memfrag_run_lost(void)
{
	struct memfrag_task_note *note =
		&memfrag_task_notes[memfrag_run_hash(current)];

	if (READ_ONCE(note->lost) != current)
		return false;
	WRITE_ONCE(note->lost, NULL);
	return true;
}

/* Adds run's scanner counts to its zone's and clears them. */
static void memfrag_run_publish(struct memfrag_run *run,
				unsigned int zone_slot)
{
	u64 *from = (u64 *)&run->migration;
	u64 *to = (u64 *)memfrag_stats.zone_migration[zone_slot];
	size_t i;

	for (i = 0; i < sizeof(run->migration) / sizeof(u64); i++) {
		if (from[i])
			memfrag_shared_add(&to[i], from[i]);
		from[i] = 0;
	}
}

/* Waits until no CPU adds to run's counts (memfrag_run_write_begin()). */
static void memfrag_run_wait_writers(const struct memfrag_run *run)
{
	int cpu;

	/* Reads the marks after the owner changed: cmpxchg is a full barrier. */
	for_each_possible_cpu(cpu) {
		/* The mark's end after its counts: pairs with _write_end(). */
		while (smp_load_acquire(per_cpu_ptr(&memfrag_run_writer, cpu)) ==
		       run)
			cpu_relax();
	}
}

/*
 * Takes run for current if its owner is NULL, or old and stale.  A free
 * slot's start_ns is U64_MAX (set at load and by memfrag_run_release()),
 * so nobody takes it back while its new owner's begin runs, and the clock
 * is read only to judge another owner's slot.
 */
static bool memfrag_run_claim(struct memfrag_run *run)
{
	struct task_struct *owner = READ_ONCE(run->task);
	u64 now = 0;

	if (owner == MEMFRAG_RUN_CLOSING)
		return false;
	if (owner) {
		/*
		 * A slot of current's address but not current's start time,
		 * or held past stale_run_ms, lost its end: take it back.
		 */
		u64 since = READ_ONCE(run->start_ns);

		now = ktime_get_ns();
		if (owner != current &&
		    (since > now || now - since < memfrag_run_stale_ns))
			return false;
		/*
		 * The record of the run taken back, before its owner can
		 * find the slot lost.  If the cmpxchg fails, it names a run
		 * that was not taken back, until that task's next begin
		 * forgets it: meanwhile only that task's scanner events
		 * outside runs go to the zone of its run, not outside.
		 */
		WRITE_ONCE(run->taken_task, owner);
		WRITE_ONCE(run->taken_start, READ_ONCE(run->task_start));
		WRITE_ONCE(run->taken_zone_slot, READ_ONCE(run->zone_slot));
	}
	if (cmpxchg(&run->task, owner, current) != owner)
		return false;
	WRITE_ONCE(run->task_start, current->start_time);
	if (owner) {
		WRITE_ONCE(run->start_ns, now);
		memfrag_drop(MEMFRAG_DROP_STALE_RUN);
		/* What the lost run counted goes to its zone first. */
		memfrag_run_wait_writers(run);
		memfrag_run_publish(run, run->taken_zone_slot);
	}
	return true;
}

/* If run records current's run as taken back, forget it; was it? */
static bool memfrag_run_forget_taken(struct memfrag_run *run)
{
	return READ_ONCE(run->taken_task) == current &&
	       READ_ONCE(run->taken_start) == current->start_time &&
	       cmpxchg(&run->taken_task, current, NULL) == current;
}

/*
 * One pass over current's slots ends current's own run (a begin without
 * an end, as when the module is loaded mid-run: its counts are published
 * and the slot freed), forgets a run of current's taken back, and finds
 * the first free slot; a second pass takes back a stale slot only when
 * none is free.
 */
struct memfrag_run *memfrag_run_start(void)
{
	unsigned int h = memfrag_run_hash(current), i;
	struct memfrag_run *run, *free = NULL;

	for (i = 0; i < MEMFRAG_RUN_PROBES; i++) {
		run = memfrag_run_slot(h, i);
		if (memfrag_run_is_mine(run) && memfrag_run_close(run))
			memfrag_run_release(run);
		memfrag_run_forget_taken(run);
		if (!free && !READ_ONCE(run->task))
			free = run;
	}
	if (free && memfrag_run_claim(free))
		return free;
	for (i = 0; i < MEMFRAG_RUN_PROBES; i++) {
		run = memfrag_run_slot(h, i);
		if (memfrag_run_claim(run))
			return run;
	}
	WRITE_ONCE(memfrag_task_notes[h].lost, current);
	return NULL;
}

bool memfrag_run_close(struct memfrag_run *run)
{
	/* A taker's writes to the slot come after its cmpxchg: none seen. */
	return cmpxchg(&run->task, current, MEMFRAG_RUN_CLOSING) == current;
}

void memfrag_run_release(struct memfrag_run *run)
{
	memfrag_run_publish(run, run->zone_slot);
	/* Not stale while free, nor while a new owner sets its start. */
	WRITE_ONCE(run->start_ns, U64_MAX);
	/* Everything the owner wrote happens before the slot is reusable. */
	smp_store_release(&run->task, NULL);
}

bool memfrag_run_taken(void)
{
	unsigned int h = memfrag_run_hash(current), i;

	for (i = 0; i < MEMFRAG_RUN_PROBES; i++)
		if (memfrag_run_forget_taken(memfrag_run_slot(h, i)))
			return true;
	return false;
}

struct memfrag_migration_stats *memfrag_run_taken_zone(void)
{
	unsigned int h = memfrag_run_hash(current), i;

	for (i = 0; i < MEMFRAG_RUN_PROBES; i++) {
		struct memfrag_run *run = memfrag_run_slot(h, i);

		if (READ_ONCE(run->taken_task) == current &&
		    READ_ONCE(run->taken_start) == current->start_time)
			return memfrag_stats.zone_migration[
				READ_ONCE(run->taken_zone_slot)];
	}
	return NULL;
}

/*
 * The zone this CPU's last lookup found: a compaction run's begin and the
 * runs after it on this CPU are mostly of the same zone, so the common
 * lookup is one comparison, not a walk of every node's zones.
 */
static DEFINE_PER_CPU(struct zone *, memfrag_zone_hint);

/* The zone of the span's first or last page, if either is online. */
static struct zone *memfrag_zone_of_span_pages(unsigned long start_pfn,
					       unsigned long end_pfn)
{
	struct page *page = pfn_to_online_page(start_pfn);

	if (!page && end_pfn > start_pfn)
		page = pfn_to_online_page(end_pfn - 1);
	return page ? page_zone(page) : NULL;
}

struct zone *memfrag_zone_by_span(unsigned long start_pfn,
				  unsigned long end_pfn)
{
	struct zone *zone = this_cpu_read(memfrag_zone_hint);
	int nid, z;

	if (memfrag_zone_has_span(zone, start_pfn, end_pfn))
		return zone;
	/* A miss looks at the span's own pages before walking every zone. */
	zone = memfrag_zone_of_span_pages(start_pfn, end_pfn);
	if (memfrag_zone_has_span(zone, start_pfn, end_pfn)) {
		this_cpu_write(memfrag_zone_hint, zone);
		return zone;
	}
	for_each_online_node(nid) {
		pg_data_t *pgdat = NODE_DATA(nid);

		for (z = 0; z < MAX_NR_ZONES; z++) {
			zone = &pgdat->node_zones[z];
			if (memfrag_zone_has_span(zone, start_pfn, end_pfn)) {
				this_cpu_write(memfrag_zone_hint, zone);
				return zone;
			}
		}
	}
	return NULL;
}

/* current's latest direct request, packed; 0 if another task's. */
static u64 memfrag_direct_request(void)
{
	u64 packed =
		READ_ONCE(memfrag_task_notes[memfrag_run_hash(current)].direct);

	return (packed >> 32) == (u64)current->pid ? packed : 0;
}

/* The order of a packed request; -2 (unknown) without one. */
static int memfrag_direct_order(u64 packed)
{
	return packed ? (s8)(packed & 0xff) : -2;
}

/*
 * The stack of current's direct request, packed: taken now if this is
 * the first begin of the request (one unwind per request that compacts),
 * and noted for the request's later runs; 0 without a request (or when
 * the stack map was full).
 */
static u16 memfrag_direct_stack(u64 packed)
{
	u16 id = (u16)(packed >> 8);

	if (!packed)
		return 0;
	if (id != MEMFRAG_STACK_NOT_TAKEN)
		return id;
	id = memfrag_stack_capture();
	memfrag_note_write(memfrag_direct_order(packed), id);
	return id;
}

int memfrag_run_order(enum memfrag_trigger trigger, int nid)
{
	switch (trigger) {
	case MEMFRAG_TRIGGER_DIRECT:
		return memfrag_direct_order(memfrag_direct_request());
	case MEMFRAG_TRIGGER_KCOMPACTD:
		if (nid < 0 || nid >= nr_node_ids)
			return -2;
		return READ_ONCE(memfrag_kcompactd_order[nid]);
	default:
		/* compact_memory and proactive compaction compact whole zones. */
		return -1;
	}
}

/*
 * Who is compacting, from the context of a run's begin and end:
 *  - the node's kcompactd thread: woken for a request if kcompactd_wake
 *    fired since its last kcompactd_sleep, otherwise proactive
 *    compaction;
 *  - a task inside the page allocator's direct compaction, which runs
 *    try_to_compact_pages() under memalloc_noreclaim_save(), so PF_MEMALLOC
 *    is set;
 *  - anything else: a write to /proc/sys/vm/compact_memory or to a node's
 *    sysfs compact file.
 */
enum memfrag_trigger memfrag_run_trigger(int nid)
{
	if (nid >= 0 && nid < nr_node_ids &&
	    current == READ_ONCE(NODE_DATA(nid)->kcompactd))
		return READ_ONCE(memfrag_kcompactd_is_woken[nid]) ?
			MEMFRAG_TRIGGER_KCOMPACTD : MEMFRAG_TRIGGER_PROACTIVE;
	if (current->flags & PF_MEMALLOC)
		return MEMFRAG_TRIGGER_DIRECT;
	return MEMFRAG_TRIGGER_MANUAL;
}

/* The zone as the run finds it: compactsnoop's -e columns. */
static void memfrag_run_start_info(struct zone *zone, int order,
				   struct memfrag_run_start_info *info)
{
	info->fragindex = order >= 0 && order < MEMFRAG_NR_ORDERS ?
		memfrag_zone_fragindex_unlocked(zone, order) : S16_MIN;
	info->min = min_wmark_pages(zone);
	info->low = low_wmark_pages(zone);
	info->high = high_wmark_pages(zone);
	info->boost = READ_ONCE(zone->watermark_boost);
	info->free = zone_page_state(zone, NR_FREE_PAGES);
}

void memfrag_run_begin(struct memfrag_run *run, struct zone *zone)
{
	int nid = zone_to_nid(zone);

	run->zone = zone;
	run->zone_slot = memfrag_zone_slot(zone);
	run->trigger = memfrag_run_trigger(nid);
	if (run->trigger == MEMFRAG_TRIGGER_DIRECT) {
		/*
		 * Direct compaction: the request's stack, taken at its first
		 * begin and shared by every zone's run of the request.
		 */
		u64 packed = memfrag_direct_request();

		run->order = memfrag_direct_order(packed);
		run->stack_id = memfrag_direct_stack(packed);
	} else {
		run->order = memfrag_run_order(run->trigger, nid);
		run->stack_id = 0;
	}
	memfrag_run_start_info(zone, run->order, &run->start);
	run->start_ns = ktime_get_ns();
}

// SPDX-License-Identifier: GPL-2.0
/*
 * Probe bodies, one per tracepoint.
 *
 * Probes run in any context the tracepoint fires in (mm_page_alloc_extfrag
 * fires under zone->lock with interrupts off), preemptible on kernels that
 * call probes under SRCU-fast: each one that uses per-CPU state in more
 * than one step first pins itself to its CPU (memfrag_probe_pin_cpu(),
 * compat.h), so that a per-CPU sequence (a batch, the events ring, the
 * top tables) never moves CPU halfway; one that only makes single
 * this_cpu_inc() additions and writes its own task's note needs no pin.  They must not
 * sleep, allocate or take locks: each one counts the hit and adds to its
 * counters (per CPU, shared or its run's: stats.h), after checking every
 * index it uses.
 *
 * Every probe is followed by MEMFRAG_CHECK, so a prototype that drifts
 * from the kernel's <trace/events/...> declaration fails the build.
 */
#include <linux/mm_types.h>
#include <linux/mmzone.h>
#include <linux/pageblock-flags.h>
#include <linux/timekeeping.h>

#include "compat.h"
#include "events.h"
#include "pageblock.h"
#include "runs.h"
#include "stats.h"
#include "top.h"
#include "tracepoints.h"

/* Fails the build unless memfrag_probe_<tp> fits tracepoint tp. */
#define MEMFRAG_CHECK(tp)	MEMFRAG_CHECK_PROBE(tp, memfrag_probe_##tp)

#define memfrag_zone_stat(slot)		(memfrag_stats.zone[slot])
/* The shared counters of the zone a probe was given. */
#define memfrag_zone_of(zone)	memfrag_zone_stat(memfrag_zone_slot(zone))

/* Index of an event order (-1 .. NR_ORDERS-1), or -1 if out of range. */
static __always_inline int memfrag_event_order(int order)
{
	if (unlikely(order < -1 || order >= MEMFRAG_NR_ORDERS)) {
		memfrag_drop(MEMFRAG_DROP_OUT_OF_RANGE);
		return -1;
	}
	return order + 1;
}

static __always_inline unsigned int memfrag_result(int ret)
{
	return ret >= 0 && ret <= COMPACT_SUCCESS ? ret : MEMFRAG_RESULT_OTHER;
}

/*
 * Scanner events carry no zone: inside a run they are the run's, kept in
 * its slot until its end adds them to its zone's; once its slot is taken
 * back they go to its zone's directly; outside one (alloc_contig_range(),
 * CMA) they are this CPU's, counted apart.
 */
#define memfrag_count_scan(field_a, a, field_b, b) do {			\
	struct memfrag_run *run_ = memfrag_run_current();		\
	struct memfrag_migration_stats *zone_;				\
									\
	if (run_ && memfrag_run_write_begin(run_)) {			\
		run_->migration.field_a += (a);				\
		run_->migration.field_b += (b);				\
		memfrag_run_write_end();				\
		break;							\
	}								\
	zone_ = memfrag_run_taken_zone();				\
	if (zone_) {							\
		memfrag_shared_add(&zone_->field_a, (a));		\
		memfrag_shared_add(&zone_->field_b, (b));		\
	} else {							\
		this_cpu_add(memfrag_stats.outside_migration->field_a, (a)); \
		this_cpu_add(memfrag_stats.outside_migration->field_b, (b)); \
	}								\
} while (0)

static void memfrag_probe_mm_compaction_isolate_migratepages(void *data,
		unsigned long start_pfn, unsigned long end_pfn,
		unsigned long nr_scanned, unsigned long nr_taken)
{
	memfrag_probe_pin_cpu();
	memfrag_count_hit(MEMFRAG_TP_ISOLATE_MIGRATEPAGES);
	memfrag_count_scan(migrate_scanned, nr_scanned,
			   migrate_isolated, nr_taken);
}
MEMFRAG_CHECK(mm_compaction_isolate_migratepages);

static void memfrag_probe_mm_compaction_isolate_freepages(void *data,
		unsigned long start_pfn, unsigned long end_pfn,
		unsigned long nr_scanned, unsigned long nr_taken)
{
	memfrag_probe_pin_cpu();
	memfrag_count_hit(MEMFRAG_TP_ISOLATE_FREEPAGES);
	memfrag_count_scan(free_scanned, nr_scanned, free_isolated, nr_taken);
}
MEMFRAG_CHECK(mm_compaction_isolate_freepages);

#if MEMFRAG_HAVE_FAST_ISOLATE_FREEPAGES
static void memfrag_probe_mm_compaction_fast_isolate_freepages(void *data,
		unsigned long start_pfn, unsigned long end_pfn,
		unsigned long nr_scanned, unsigned long nr_taken)
{
	memfrag_probe_pin_cpu();
	memfrag_count_hit(MEMFRAG_TP_FAST_ISOLATE_FREEPAGES);
	memfrag_count_scan(fast_free_scanned, nr_scanned,
			   fast_free_isolated, nr_taken);
}
MEMFRAG_CHECK(mm_compaction_fast_isolate_freepages);
#endif

static void memfrag_probe_mm_compaction_migratepages(void *data,
		MEMFRAG_MIGRATEPAGES_ARGS)
{
	unsigned int attempted = memfrag_migratepages_attempted();

	memfrag_probe_pin_cpu();
	memfrag_count_hit(MEMFRAG_TP_MIGRATEPAGES);
	memfrag_count_scan(migrated, nr_succeeded, failed,
			   attempted != MEMFRAG_MIGRATE_UNKNOWN ?
			   attempted - nr_succeeded : 0);
}
MEMFRAG_CHECK(mm_compaction_migratepages);

static void memfrag_probe_mm_compaction_begin(void *data,
		struct compact_control *cc,
		unsigned long zone_start, unsigned long zone_end, bool sync)
{
	struct zone *zone = memfrag_zone_by_span(zone_start, zone_end);
	struct memfrag_run *run;

	memfrag_probe_pin_cpu();
	memfrag_count_hit(MEMFRAG_TP_BEGIN);
	if (unlikely(!zone)) {
		memfrag_drop(MEMFRAG_DROP_NO_ZONE);
		return;
	}
	memfrag_shared_inc(memfrag_zone_of(zone)->begins);
	run = memfrag_run_start();
	if (unlikely(!run)) {
		memfrag_drop(MEMFRAG_DROP_RUN_TABLE_FULL);
		return;
	}
	memfrag_run_begin(run, zone);
}
MEMFRAG_CHECK(mm_compaction_begin);

static void memfrag_probe_mm_compaction_end(void *data,
		struct compact_control *cc,
		unsigned long zone_start, unsigned long zone_end, bool sync,
		int status)
{
	struct memfrag_run *run;
	struct zone *zone;
	struct memfrag_zone_stats *zs;
	struct memfrag_event ev;
	u64 now, us;

	memfrag_probe_pin_cpu();
	memfrag_count_hit(MEMFRAG_TP_END);
	now = ktime_get_ns();
	run = memfrag_run_current();
	/* A run taken back meanwhile is not current's: its end is untimed. */
	if (run && !memfrag_run_close(run))
		run = NULL;
	/* The run's zone, from its begin, unless the span says otherwise. */
	zone = run && memfrag_zone_has_span(run->zone, zone_start, zone_end) ?
		run->zone : memfrag_zone_by_span(zone_start, zone_end);
	if (unlikely(!zone)) {
		memfrag_drop(MEMFRAG_DROP_NO_ZONE);
		if (run)
			memfrag_run_release(run);
		return;
	}
	zs = memfrag_zone_stat(memfrag_zone_slot(zone));
	ev.ts_ns = now;
	ev.pid = current->pid;
	memcpy(ev.comm, current->comm, TASK_COMM_LEN);
	ev.nid = zone_to_nid(zone);
	ev.zone_idx = zone_idx(zone);
	ev.sync = !!sync;
	ev.result = memfrag_result(status);
	ev.timed = run;
	if (run) {
		ev.trigger = run->trigger;
		ev.order = run->order;
		/* now is after the start this run's begin wrote. */
		ev.latency_ns = now - run->start_ns;
		ev.start = run->start;
		ev.stack_id = run->stack_id;
		memfrag_run_release(run);
	} else {
		ev.trigger = memfrag_run_trigger(ev.nid);
		ev.order = memfrag_run_order(ev.trigger, ev.nid);
		ev.latency_ns = 0;
		ev.stack_id = 0;
		/*
		 * A begin that found no slot was counted as run_table_full,
		 * a run taken back as stale_run.
		 */
		if (!memfrag_run_lost() && !memfrag_run_taken())
			memfrag_drop(MEMFRAG_DROP_END_WITHOUT_BEGIN);
	}
	memfrag_shared_inc(zs->runs[ev.trigger][ev.sync][ev.result]);
	memfrag_events_record(&ev);
	if (!ev.timed)
		return;
	if (ev.trigger == MEMFRAG_TRIGGER_DIRECT)
		memfrag_top_direct_run(ev.latency_ns);
	us = div_u64(ev.latency_ns, NSEC_PER_USEC);
	memfrag_shared_inc(zs->latency[ev.trigger]
				  [min_t(unsigned int, fls64(us),
					 MEMFRAG_LATENCY_BUCKETS - 1)]);
	memfrag_shared_add(&zs->latency_us[ev.trigger], us);
}
MEMFRAG_CHECK(mm_compaction_end);

static void memfrag_probe_mm_compaction_try_to_compact_pages(void *data,
		int order,
		gfp_t gfp_mask, int prio)
{
	/* Unsigned, so that one compare checks each index at both ends. */
	unsigned int o = (unsigned int)order + 1, p = prio;

	/*
	 * Not pinned to its CPU: each per-CPU addition here is a single
	 * this_cpu_inc(), whole on whichever CPU it runs, and the note is
	 * current's own.  The request's order; its stack is unwound only if
	 * a zone's run begins (memfrag_run_begin()): most requests under
	 * deferral compact nothing.
	 */
	memfrag_count_hit(MEMFRAG_TP_TRY_TO_COMPACT_PAGES);
	memfrag_note_direct(order);
	if (unlikely(o >= MEMFRAG_NR_EVENT_ORDERS || p >= MEMFRAG_NR_PRIOS)) {
		memfrag_drop(MEMFRAG_DROP_OUT_OF_RANGE);
		return;
	}
	/* Both are checked: pointer arithmetic, not a second (UBSAN) check. */
	this_cpu_inc(*(*(memfrag_stats.global->try_to_compact + o) + p));
}
MEMFRAG_CHECK(mm_compaction_try_to_compact_pages);

static void memfrag_probe_mm_compaction_finished(void *data,
		struct zone *zone, int order,
		int ret)
{
	int o = memfrag_event_order(order);

	memfrag_probe_pin_cpu();
	memfrag_count_hit(MEMFRAG_TP_FINISHED);
	if (o >= 0)
		memfrag_shared_inc(memfrag_zone_of(zone)->finished[o]
					[memfrag_result(ret)]);
}
MEMFRAG_CHECK(mm_compaction_finished);

static void memfrag_probe_mm_compaction_suitable(void *data,
		struct zone *zone, int order,
		int ret)
{
	int o = memfrag_event_order(order);

	memfrag_probe_pin_cpu();
	memfrag_count_hit(MEMFRAG_TP_SUITABLE);
	if (o >= 0)
		memfrag_shared_inc(memfrag_zone_of(zone)->suitable[o]
					[memfrag_result(ret)]);
}
MEMFRAG_CHECK(mm_compaction_suitable);

static void memfrag_probe_mm_compaction_deferred(void *data,
		struct zone *zone, int order)
{
	/* As memfrag_event_order(), in one compare: a direct request's zones. */
	unsigned long o = (unsigned int)order + 1;

	memfrag_probe_pin_cpu();
	memfrag_count_hit(MEMFRAG_TP_DEFERRED);
	if (unlikely(o >= MEMFRAG_NR_EVENT_ORDERS)) {
		memfrag_drop(MEMFRAG_DROP_OUT_OF_RANGE);
		return;
	}
	/* o is checked: pointer arithmetic, not a second (UBSAN) check. */
	memfrag_shared_add(memfrag_zone_of(zone)->deferred + o, 1);
}
MEMFRAG_CHECK(mm_compaction_deferred);

static void memfrag_probe_mm_compaction_defer_compaction(void *data,
		struct zone *zone,
		int order)
{
	int o = memfrag_event_order(order);

	memfrag_probe_pin_cpu();
	memfrag_count_hit(MEMFRAG_TP_DEFER_COMPACTION);
	if (o >= 0)
		memfrag_shared_inc(memfrag_zone_of(zone)->defer_compaction[o]);
}
MEMFRAG_CHECK(mm_compaction_defer_compaction);

static void memfrag_probe_mm_compaction_defer_reset(void *data,
		struct zone *zone,
		int order)
{
	int o = memfrag_event_order(order);

	memfrag_probe_pin_cpu();
	memfrag_count_hit(MEMFRAG_TP_DEFER_RESET);
	if (o >= 0)
		memfrag_shared_inc(memfrag_zone_of(zone)->defer_reset[o]);
}
MEMFRAG_CHECK(mm_compaction_defer_reset);

static void memfrag_probe_mm_compaction_kcompactd_sleep(void *data, int nid)
{
	memfrag_probe_pin_cpu();
	memfrag_count_hit(MEMFRAG_TP_KCOMPACTD_SLEEP);
	if (nid < 0 || nid >= memfrag_stats.nr_nodes) {
		memfrag_drop(MEMFRAG_DROP_OUT_OF_RANGE);
		return;
	}
	memfrag_kcompactd_woken(nid, false, 0);
	memfrag_shared_inc(memfrag_stats.node[nid]->kcompactd_sleep);
}
MEMFRAG_CHECK(mm_compaction_kcompactd_sleep);

/*
 * wakeup_kcompactd (requested) and kcompactd_wake (acted on) share their
 * arguments; requested picks which breakdown is counted.
 */
static __always_inline void memfrag_count_kcompactd(int nid, int order,
		enum zone_type highest_zoneidx, bool requested)
{
	struct memfrag_node_stats *ns;
	int o = memfrag_event_order(order);

	if (o < 0)
		return;
	if (nid < 0 || nid >= memfrag_stats.nr_nodes ||
	    highest_zoneidx >= MAX_NR_ZONES) {
		memfrag_drop(MEMFRAG_DROP_OUT_OF_RANGE);
		return;
	}
	ns = memfrag_stats.node[nid];
	if (requested)
		memfrag_shared_inc(ns->wakeup_kcompactd[o][highest_zoneidx]);
	else
		memfrag_shared_inc(ns->kcompactd_wake[o][highest_zoneidx]);
}

static void memfrag_probe_mm_compaction_wakeup_kcompactd(void *data,
		int nid, int order,
		enum zone_type highest_zoneidx)
{
	memfrag_probe_pin_cpu();
	memfrag_count_hit(MEMFRAG_TP_WAKEUP_KCOMPACTD);
	memfrag_count_kcompactd(nid, order, highest_zoneidx, true);
}
MEMFRAG_CHECK(mm_compaction_wakeup_kcompactd);

static void memfrag_probe_mm_compaction_kcompactd_wake(void *data,
		int nid, int order,
		enum zone_type highest_zoneidx)
{
	memfrag_probe_pin_cpu();
	memfrag_count_hit(MEMFRAG_TP_KCOMPACTD_WAKE);
	/* Runs until kcompactd next sleeps were asked for: not proactive. */
	memfrag_kcompactd_woken(nid, true, order);
	memfrag_count_kcompactd(nid, order, highest_zoneidx, false);
}
MEMFRAG_CHECK(mm_compaction_kcompactd_wake);

static void memfrag_probe_mm_page_alloc_extfrag(void *data, struct page *page,
		int alloc_order, int fallback_order,
		int alloc_migratetype, int fallback_migratetype)
{
	struct memfrag_zone_stats *zs = memfrag_zone_of(page_zone(page));
	int fragmenting, block_mt;

	memfrag_probe_pin_cpu();
	memfrag_count_hit(MEMFRAG_TP_PAGE_ALLOC_EXTFRAG);
	memfrag_top_extfrag();
	if (alloc_order < 0 || alloc_order >= MEMFRAG_NR_ORDERS ||
	    fallback_order < 0 || fallback_order >= MEMFRAG_NR_ORDERS ||
	    alloc_migratetype < 0 || alloc_migratetype >= MIGRATE_TYPES ||
	    fallback_migratetype < 0 || fallback_migratetype >= MIGRATE_TYPES) {
		memfrag_drop(MEMFRAG_DROP_OUT_OF_RANGE);
		return;
	}
	fragmenting = memfrag_fallback_fragmenting(fallback_order);
	memfrag_shared_inc(zs->extfrag_order[alloc_order][fallback_order]);
	memfrag_shared_inc(zs->extfrag_mt[fragmenting][alloc_migratetype]
					 [fallback_migratetype]);
	if (!MEMFRAG_HAVE_PAGEBLOCK_MT)
		return;
	/*
	 * change_ownership, as the event's fast-assign computes it
	 * (include/trace/events/kmem.h, 6.1 and 6.12): the tracepoint fires
	 * after the fallback, under zone->lock, so the migratetype of the
	 * page's block read now is the one the fallback left.  It is the
	 * allocation's when the whole block was claimed; otherwise pages
	 * were only stolen from a block that keeps its type.
	 */
	block_mt = memfrag_pageblock_migratetype(page_to_pfn(page));
	if (unlikely(block_mt < 0)) {
		memfrag_drop(MEMFRAG_DROP_NO_PAGEBLOCK);
		return;
	}
	memfrag_shared_inc(zs->extfrag_own[fragmenting]
					  [block_mt == alloc_migratetype]
					  [alloc_migratetype][fallback_migratetype]);
}
MEMFRAG_CHECK(mm_page_alloc_extfrag);

/* The probe of each tracepoint is memfrag_probe_<its name>. */
#define MEMFRAG_DESC(id, sys, tp, what)					\
	[MEMFRAG_TP_##id] = { .system = #sys, .name = #tp,		\
			      .probe = memfrag_probe_##tp },

const struct memfrag_probe_desc memfrag_probe_descs[MEMFRAG_NR_TP] = {
	MEMFRAG_TRACEPOINTS(MEMFRAG_DESC)
};

// SPDX-License-Identifier: GPL-2.0
/*
 * Probe bodies, one per tracepoint.
 *
 * Probes run with preemption disabled, in any context the tracepoint fires
 * in (including under zone->lock for mm_page_alloc_extfrag).  They must not
 * sleep, allocate or take locks: each one only touches this CPU's counters.
 *
 * Every probe is followed by MEMFRAG_CHECK_PROBE, so a prototype that drifts
 * from the kernel's <trace/events/...> declaration fails the build.
 */
#include <linux/mm_types.h>
#include <linux/mmzone.h>

#include "compat.h"
#include "tracepoints.h"

static void memfrag_probe_isolate_migratepages(void *data,
		unsigned long start_pfn, unsigned long end_pfn,
		unsigned long nr_scanned, unsigned long nr_taken)
{
	memfrag_count_hit(MEMFRAG_TP_ISOLATE_MIGRATEPAGES);
}
MEMFRAG_CHECK_PROBE(mm_compaction_isolate_migratepages,
		    memfrag_probe_isolate_migratepages);

static void memfrag_probe_isolate_freepages(void *data,
		unsigned long start_pfn, unsigned long end_pfn,
		unsigned long nr_scanned, unsigned long nr_taken)
{
	memfrag_count_hit(MEMFRAG_TP_ISOLATE_FREEPAGES);
}
MEMFRAG_CHECK_PROBE(mm_compaction_isolate_freepages,
		    memfrag_probe_isolate_freepages);

#if MEMFRAG_HAVE_FAST_ISOLATE_FREEPAGES
static void memfrag_probe_fast_isolate_freepages(void *data,
		unsigned long start_pfn, unsigned long end_pfn,
		unsigned long nr_scanned, unsigned long nr_taken)
{
	memfrag_count_hit(MEMFRAG_TP_FAST_ISOLATE_FREEPAGES);
}
MEMFRAG_CHECK_PROBE(mm_compaction_fast_isolate_freepages,
		    memfrag_probe_fast_isolate_freepages);
#define MEMFRAG_FAST_ISOLATE_PROBE	memfrag_probe_fast_isolate_freepages
#else
#define MEMFRAG_FAST_ISOLATE_PROBE	NULL
#endif

static void memfrag_probe_migratepages(void *data, MEMFRAG_MIGRATEPAGES_ARGS)
{
	memfrag_count_hit(MEMFRAG_TP_MIGRATEPAGES);
}
MEMFRAG_CHECK_PROBE(mm_compaction_migratepages, memfrag_probe_migratepages);

static void memfrag_probe_begin(void *data, struct compact_control *cc,
		unsigned long zone_start, unsigned long zone_end, bool sync)
{
	memfrag_count_hit(MEMFRAG_TP_BEGIN);
}
MEMFRAG_CHECK_PROBE(mm_compaction_begin, memfrag_probe_begin);

static void memfrag_probe_end(void *data, struct compact_control *cc,
		unsigned long zone_start, unsigned long zone_end, bool sync,
		int status)
{
	memfrag_count_hit(MEMFRAG_TP_END);
}
MEMFRAG_CHECK_PROBE(mm_compaction_end, memfrag_probe_end);

static void memfrag_probe_try_to_compact_pages(void *data, int order,
		gfp_t gfp_mask, int prio)
{
	memfrag_count_hit(MEMFRAG_TP_TRY_TO_COMPACT_PAGES);
}
MEMFRAG_CHECK_PROBE(mm_compaction_try_to_compact_pages,
		    memfrag_probe_try_to_compact_pages);

static void memfrag_probe_finished(void *data, struct zone *zone, int order,
		int ret)
{
	memfrag_count_hit(MEMFRAG_TP_FINISHED);
}
MEMFRAG_CHECK_PROBE(mm_compaction_finished, memfrag_probe_finished);

static void memfrag_probe_suitable(void *data, struct zone *zone, int order,
		int ret)
{
	memfrag_count_hit(MEMFRAG_TP_SUITABLE);
}
MEMFRAG_CHECK_PROBE(mm_compaction_suitable, memfrag_probe_suitable);

static void memfrag_probe_deferred(void *data, struct zone *zone, int order)
{
	memfrag_count_hit(MEMFRAG_TP_DEFERRED);
}
MEMFRAG_CHECK_PROBE(mm_compaction_deferred, memfrag_probe_deferred);

static void memfrag_probe_defer_compaction(void *data, struct zone *zone,
		int order)
{
	memfrag_count_hit(MEMFRAG_TP_DEFER_COMPACTION);
}
MEMFRAG_CHECK_PROBE(mm_compaction_defer_compaction,
		    memfrag_probe_defer_compaction);

static void memfrag_probe_defer_reset(void *data, struct zone *zone,
		int order)
{
	memfrag_count_hit(MEMFRAG_TP_DEFER_RESET);
}
MEMFRAG_CHECK_PROBE(mm_compaction_defer_reset, memfrag_probe_defer_reset);

static void memfrag_probe_kcompactd_sleep(void *data, int nid)
{
	memfrag_count_hit(MEMFRAG_TP_KCOMPACTD_SLEEP);
}
MEMFRAG_CHECK_PROBE(mm_compaction_kcompactd_sleep,
		    memfrag_probe_kcompactd_sleep);

static void memfrag_probe_wakeup_kcompactd(void *data, int nid, int order,
		enum zone_type highest_zoneidx)
{
	memfrag_count_hit(MEMFRAG_TP_WAKEUP_KCOMPACTD);
}
MEMFRAG_CHECK_PROBE(mm_compaction_wakeup_kcompactd,
		    memfrag_probe_wakeup_kcompactd);

static void memfrag_probe_kcompactd_wake(void *data, int nid, int order,
		enum zone_type highest_zoneidx)
{
	memfrag_count_hit(MEMFRAG_TP_KCOMPACTD_WAKE);
}
MEMFRAG_CHECK_PROBE(mm_compaction_kcompactd_wake,
		    memfrag_probe_kcompactd_wake);

static void memfrag_probe_page_alloc_extfrag(void *data, struct page *page,
		int alloc_order, int fallback_order,
		int alloc_migratetype, int fallback_migratetype)
{
	memfrag_count_hit(MEMFRAG_TP_PAGE_ALLOC_EXTFRAG);
}
MEMFRAG_CHECK_PROBE(mm_page_alloc_extfrag, memfrag_probe_page_alloc_extfrag);

#define MEMFRAG_DESC(id, sys, tp, fn) \
	[id] = { .system = sys, .name = #tp, .probe = fn }

const struct memfrag_probe_desc memfrag_probe_descs[MEMFRAG_NR_TP] = {
	MEMFRAG_DESC(MEMFRAG_TP_ISOLATE_MIGRATEPAGES, "compaction",
		     mm_compaction_isolate_migratepages,
		     memfrag_probe_isolate_migratepages),
	MEMFRAG_DESC(MEMFRAG_TP_ISOLATE_FREEPAGES, "compaction",
		     mm_compaction_isolate_freepages,
		     memfrag_probe_isolate_freepages),
	MEMFRAG_DESC(MEMFRAG_TP_FAST_ISOLATE_FREEPAGES, "compaction",
		     mm_compaction_fast_isolate_freepages,
		     MEMFRAG_FAST_ISOLATE_PROBE),
	MEMFRAG_DESC(MEMFRAG_TP_MIGRATEPAGES, "compaction",
		     mm_compaction_migratepages, memfrag_probe_migratepages),
	MEMFRAG_DESC(MEMFRAG_TP_BEGIN, "compaction",
		     mm_compaction_begin, memfrag_probe_begin),
	MEMFRAG_DESC(MEMFRAG_TP_END, "compaction",
		     mm_compaction_end, memfrag_probe_end),
	MEMFRAG_DESC(MEMFRAG_TP_TRY_TO_COMPACT_PAGES, "compaction",
		     mm_compaction_try_to_compact_pages,
		     memfrag_probe_try_to_compact_pages),
	MEMFRAG_DESC(MEMFRAG_TP_FINISHED, "compaction",
		     mm_compaction_finished, memfrag_probe_finished),
	MEMFRAG_DESC(MEMFRAG_TP_SUITABLE, "compaction",
		     mm_compaction_suitable, memfrag_probe_suitable),
	MEMFRAG_DESC(MEMFRAG_TP_DEFERRED, "compaction",
		     mm_compaction_deferred, memfrag_probe_deferred),
	MEMFRAG_DESC(MEMFRAG_TP_DEFER_COMPACTION, "compaction",
		     mm_compaction_defer_compaction,
		     memfrag_probe_defer_compaction),
	MEMFRAG_DESC(MEMFRAG_TP_DEFER_RESET, "compaction",
		     mm_compaction_defer_reset, memfrag_probe_defer_reset),
	MEMFRAG_DESC(MEMFRAG_TP_KCOMPACTD_SLEEP, "compaction",
		     mm_compaction_kcompactd_sleep,
		     memfrag_probe_kcompactd_sleep),
	MEMFRAG_DESC(MEMFRAG_TP_WAKEUP_KCOMPACTD, "compaction",
		     mm_compaction_wakeup_kcompactd,
		     memfrag_probe_wakeup_kcompactd),
	MEMFRAG_DESC(MEMFRAG_TP_KCOMPACTD_WAKE, "compaction",
		     mm_compaction_kcompactd_wake, memfrag_probe_kcompactd_wake),
	MEMFRAG_DESC(MEMFRAG_TP_PAGE_ALLOC_EXTFRAG, "kmem",
		     mm_page_alloc_extfrag, memfrag_probe_page_alloc_extfrag),
};

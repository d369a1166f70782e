/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Every tracepoint memfrag attaches to, defined once.  The module derives
 * its ids, hit counters, descriptor table and probe names from this list;
 * the tool and the selftests derive their tracepoint tables from it.
 *
 * X(id, system, name, what): id names MEMFRAG_TP_<id>; system:name is the
 * tracepoint as tracefs spells it; what says what its hits count.  The
 * probe for name is memfrag_probe_<name> (module/probes.c).  A tracepoint
 * that some supported kernels lack stays in the list: module/compat.h
 * says where it is missing, and the status file shows it as "missing".
 *
 * Adding a tracepoint: Documentation/memfrag.rst, "Adding a tracepoint".
 */
#ifndef MEMFRAG_TRACEPOINTS_LIST_H
#define MEMFRAG_TRACEPOINTS_LIST_H

#define MEMFRAG_TRACEPOINTS(X)						\
	X(ISOLATE_MIGRATEPAGES, compaction,				\
	  mm_compaction_isolate_migratepages,				\
	  "pages the migration scanner scanned and isolated")		\
	X(ISOLATE_FREEPAGES, compaction,				\
	  mm_compaction_isolate_freepages,				\
	  "pages the free scanner scanned and isolated")		\
	X(FAST_ISOLATE_FREEPAGES, compaction,				\
	  mm_compaction_fast_isolate_freepages,				\
	  "pages the fast free scanner scanned and isolated")		\
	X(MIGRATEPAGES, compaction, mm_compaction_migratepages,	\
	  "pages migrated, and failed where the kernel says")		\
	X(BEGIN, compaction, mm_compaction_begin,			\
	  "compaction runs started in a zone")				\
	X(END, compaction, mm_compaction_end,				\
	  "compaction runs ended, with their result")			\
	X(TRY_TO_COMPACT_PAGES, compaction,				\
	  mm_compaction_try_to_compact_pages,				\
	  "direct compaction requests, by order and priority")		\
	X(FINISHED, compaction, mm_compaction_finished,		\
	  "__compact_finished() results, one per scan iteration")	\
	X(SUITABLE, compaction, mm_compaction_suitable,		\
	  "compaction_suitable() results for direct compaction")	\
	X(DEFERRED, compaction, mm_compaction_deferred,		\
	  "direct compactions skipped because the zone defers them")	\
	X(DEFER_COMPACTION, compaction,					\
	  mm_compaction_defer_compaction,				\
	  "zones that began deferring after a failed compaction")	\
	X(DEFER_RESET, compaction, mm_compaction_defer_reset,		\
	  "zones whose deferral ended after a success")		\
	X(KCOMPACTD_SLEEP, compaction, mm_compaction_kcompactd_sleep,	\
	  "times kcompactd went to sleep")				\
	X(WAKEUP_KCOMPACTD, compaction,					\
	  mm_compaction_wakeup_kcompactd,				\
	  "kcompactd wake-ups requested")				\
	X(KCOMPACTD_WAKE, compaction, mm_compaction_kcompactd_wake,	\
	  "kcompactd wake-ups acted on")				\
	X(PAGE_ALLOC_EXTFRAG, kmem, mm_page_alloc_extfrag,		\
	  "allocations that fell back to another migratetype")

#define MEMFRAG_TP_ENUM_(id, system, name, what)	MEMFRAG_TP_##id,
enum memfrag_tp_id {
	MEMFRAG_TRACEPOINTS(MEMFRAG_TP_ENUM_)
	MEMFRAG_NR_TP
};
#undef MEMFRAG_TP_ENUM_

/* "system:name", as tracefs and the status file spell it. */
#define MEMFRAG_TP_FULL_NAME(system, name)	#system ":" #name

#endif /* MEMFRAG_TRACEPOINTS_LIST_H */

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The Prometheus metrics `memfrag prometheus` exports, defined once: which
 * column of which file each comes from, its name and its help text.
 *
 * MEMFRAG_METRICS(M): M(file, section, column, name, divisor, help).
 *  - file is MEMFRAG_FILE_<id>, section a section of that file ("" for
 *    status's tracepoint table) or MEMFRAG_METRIC_KEY for a "key: value"
 *    line, column a column or key ("" for the order columns of a
 *    MEMFRAG_SEC_ORDERS section, which become the label "order").
 *  - name follows Prometheus's conventions after the "memfrag_" prefix:
 *    base units (seconds, bytes), and a counter (a COUNT column, a PAIRS
 *    key) gets "_total" appended by the tool.  A size in pages (a zone's
 *    memory, its watermarks) is exported in bytes; a count of pages
 *    handled (the scanners', migration's) stays a count, named _pages:
 *    MEMFRAG_METRIC_PAGE_SIZE gives their size.
 *  - divisor turns the module's unit into the base unit (1000000 for
 *    microseconds into seconds), or is MEMFRAG_METRIC_PAGES: pages into
 *    bytes, times the file's page_size.
 * The other identifying columns of a row become labels, named as the
 * column is, or as MEMFRAG_METRIC_LABELS renames them.  A column of a
 * file that has no entry here is still exported, named
 * memfrag_<file>_<section>_<column>: nothing the module counts is left out.
 *
 * Not exported: the tasks file's top tables, whose pid and comm labels
 * would make a new series for every process (`memfrag tasks` shows
 * them), and the events and stacks streams.  Exported only when asked
 * for (`memfrag prometheus --pagetypes`): the pagetypes file, whose every
 * read walks each free list with interrupts off, as /proc/pagetypeinfo.
 *
 * The latency histograms are one metric, MEMFRAG_METRIC_LATENCY: buckets
 * from the latency section, _sum from timed's total_us, _count from
 * timed's runs.
 */
#ifndef MEMFRAG_METRICS_H
#define MEMFRAG_METRICS_H

#define MEMFRAG_METRIC_PREFIX	"memfrag_"
/*
 * Counters that memfrag reset does not clear (they count since load): a
 * reset must not give them an offset, a reload does (their _total name).
 */
#define MEMFRAG_METRIC_SINCE_LOAD(X)					\
	X("tracepoint_hits") X("event_records_dropped")
/* Files with tables that are not exported (see above). */
#define MEMFRAG_METRIC_SKIPPED_FILES(X)	X(MEMFRAG_FILE_TASKS)
/* Files exported only when asked for (see above). */
#define MEMFRAG_METRIC_OPTIONAL_FILES(X)	X(MEMFRAG_FILE_PAGETYPES)
/* The section name of "key: value" lines (no section is named so). */
#define MEMFRAG_METRIC_KEY	":key"

#define MEMFRAG_METRIC_LATENCY	"compaction_latency_seconds"
#define MEMFRAG_METRIC_LATENCY_HELP					\
	"Compaction run latency, begin to end of the same task (log2 buckets of whole microseconds)"
/* Exported by the tool itself. */
#define MEMFRAG_METRIC_UP	"up"
#define MEMFRAG_METRIC_UP_HELP						\
	"1 if memfrag's files were read and exported, 0 if not (the tool's error is in its log)"
#define MEMFRAG_METRIC_RESETS	"resets"
#define MEMFRAG_METRIC_RESETS_HELP					\
	"Resets (memfrag reset, module reload) the exporter saw; its counters continue across them"
/* status's "events: capacity=N per CPU, dropped=N" (format 2 on) */
#define MEMFRAG_METRIC_EVENT_DROPS	"event_records_dropped"
#define MEMFRAG_METRIC_EVENT_DROPS_HELP					\
	"Records of the events file lost because its buffer was full"
#define MEMFRAG_METRIC_EVENT_CAPACITY	"event_buffer_records"
#define MEMFRAG_METRIC_EVENT_CAPACITY_HELP				\
	"Records the events file's buffer holds, per CPU"
/*
 * status's (and zones') page_size: exported once, with the value the
 * tool converted pages to bytes with (4096 for a module whose format
 * predates the key, which ran on 4 KiB-page kernels only).
 */
#define MEMFRAG_METRIC_PAGE_SIZE	"page_size_bytes"
#define MEMFRAG_METRIC_PAGE_SIZE_HELP					\
	"The kernel's page size: the size of the pages the _pages metrics count, and of order 0 (an order's block is 2^order pages)"
/*
 * A divisor (above) that is not one: pages, exported as bytes.  Gauges
 * only (a counter's offsets across resets are kept in its own unit).
 */
#define MEMFRAG_METRIC_PAGES	0
#define MEMFRAG_METRIC_INFO	"info"
#define MEMFRAG_METRIC_INFO_HELP					\
	"Always 1: the module's version, file format and kernel as labels"

/*
 * The module prints no zero rows; the exporter prints zeros for every
 * combination a zone can count, so that a ratio (failed over all direct
 * runs) has both its series on a machine where one never happened, and
 * rate() sees the first event.  Only the combinations the kernel can
 * produce, to keep the series few; any other row the module prints is
 * exported all the same.
 *  - runs: kcompactd, proactive and manual compaction are always sync
 *    (MIGRATE_SYNC_LIGHT, MIGRATE_SYNC); a run ends (mm_compaction_end)
 *    complete, partial_skipped, success or contended: compact_finished()
 *    turns every other answer into continue.
 *  - deferrals: by order 1 up to the zones file's highest order (direct
 *    compaction is never asked for order 0).
 *  - claims: the pairs of the kernel's fallbacks[] table, fragmenting
 *    or not.
 */
#define MEMFRAG_METRIC_ZERO_RUNS(X)					\
	X(direct, async) X(direct, sync) X(kcompactd, sync)		\
	X(proactive, sync) X(manual, sync)
#define MEMFRAG_METRIC_ZERO_RESULTS(X)					\
	X(complete) X(partial_skipped) X(success) X(contended)
#define MEMFRAG_METRIC_ZERO_FALLBACKS(X)				\
	X(Unmovable, Reclaimable) X(Unmovable, Movable)			\
	X(Movable, Reclaimable) X(Movable, Unmovable)			\
	X(Reclaimable, Unmovable) X(Reclaimable, Movable)

#define MEMFRAG_METRIC_LABELS(L)					\
	L("prio", "priority")						\
	L("alloc_type", "alloc_migratetype")				\
	L("fallback_type", "fallback_migratetype")

#define MEMFRAG_METRICS(M)						\
	M(MEMFRAG_FILE_STATUS, "", "hits", "tracepoint_hits", 1,		\
	  "Hits of each tracepoint since memfrag was loaded (reset does not clear them)") \
	M(MEMFRAG_FILE_STATUS, MEMFRAG_METRIC_KEY, "memory_bytes",	\
	  "memory_bytes", 1, "Memory memfrag allocated at load")	\
	M(MEMFRAG_FILE_STATUS, MEMFRAG_METRIC_KEY, "drops", "drops", 1,	\
	  "Events memfrag could not count, by reason (Documentation/memfrag.rst)") \
	M(MEMFRAG_FILE_COMPACTION, "runs", "runs", "compaction_runs", 1,	\
	  "Compaction runs that ended, by trigger, mode and result")	\
	M(MEMFRAG_FILE_COMPACTION, "begins", "begins", "compaction_begins", 1, \
	  "Compaction runs that began")					\
	M(MEMFRAG_FILE_DIRECT, "try_to_compact_pages", "count",		\
	  "direct_compaction_calls", 1,					\
	  "Direct compaction calls (try_to_compact_pages) by order and priority") \
	M(MEMFRAG_FILE_DIRECT, "suitable", "count", "compaction_suitable_checks", 1, \
	  "compaction_suitable() answers by order and result")		\
	M(MEMFRAG_FILE_DIRECT, "finished", "count", "compaction_finished_checks", 1, \
	  "compact_finished() answers by order and result")		\
	M(MEMFRAG_FILE_DIRECT, "deferred", "count", "compaction_deferred", 1, \
	  "Compaction skipped because it is deferred, by order")	\
	M(MEMFRAG_FILE_DIRECT, "defer_compaction", "count",		\
	  "compaction_defers", 1, "Compaction deferred after a failure, by order") \
	M(MEMFRAG_FILE_DIRECT, "defer_reset", "count", "compaction_defer_resets", 1, \
	  "Deferral cleared after a success, by order")			\
	M(MEMFRAG_FILE_KCOMPACTD, "wakeup_kcompactd", "count",		\
	  "kcompactd_wakeups_requested", 1,				\
	  "kcompactd wake-ups requested, by order and highest zone")	\
	M(MEMFRAG_FILE_KCOMPACTD, "kcompactd_wake", "count",		\
	  "kcompactd_wakeups", 1,					\
	  "kcompactd wake-ups taken, by order and highest zone")	\
	M(MEMFRAG_FILE_KCOMPACTD, "kcompactd_sleep", "count",		\
	  "kcompactd_sleeps", 1, "kcompactd going to sleep")		\
	M(MEMFRAG_FILE_MIGRATION, "migration", "migrate_scanned",	\
	  "migration_migrate_scanned_pages", 1,				\
	  "Pages the migration scanner looked at")			\
	M(MEMFRAG_FILE_MIGRATION, "migration", "migrate_isolated",	\
	  "migration_migrate_isolated_pages", 1,			\
	  "Pages the migration scanner isolated")			\
	M(MEMFRAG_FILE_MIGRATION, "migration", "free_scanned",		\
	  "migration_free_scanned_pages", 1,				\
	  "Pages the free scanner looked at")				\
	M(MEMFRAG_FILE_MIGRATION, "migration", "free_isolated",		\
	  "migration_free_isolated_pages", 1,				\
	  "Free pages the free scanner isolated")			\
	M(MEMFRAG_FILE_MIGRATION, "migration", "fast_free_scanned",	\
	  "migration_fast_free_scanned_pages", 1,			\
	  "Pages the fast free scanner looked at")			\
	M(MEMFRAG_FILE_MIGRATION, "migration", "fast_free_isolated",	\
	  "migration_fast_free_isolated_pages", 1,			\
	  "Free pages the fast free scanner isolated")			\
	M(MEMFRAG_FILE_MIGRATION, "migration", "migrated",		\
	  "migration_migrated_pages", 1, "Pages migrated")		\
	M(MEMFRAG_FILE_MIGRATION, "migration", "failed",			\
	  "migration_failed_pages", 1, "Pages that failed to migrate")	\
	M(MEMFRAG_FILE_EXTFRAG, MEMFRAG_METRIC_KEY, "pageblock_order",	\
	  "pageblock_order", 1, "The order of a pageblock")		\
	M(MEMFRAG_FILE_EXTFRAG, "order", "count",			\
	  "extfrag_fallbacks_by_order", 1,				\
	  "Allocations that fell back to another migratetype, by allocation and fallback order") \
	M(MEMFRAG_FILE_EXTFRAG, "migratetype", "count",			\
	  "extfrag_fallbacks_by_migratetype", 1,			\
	  "Allocations that fell back to another migratetype, by the two migratetypes") \
	M(MEMFRAG_FILE_EXTFRAG, "claims", "claimed",			\
	  "extfrag_claimed_fallbacks", 1,				\
	  "Fallbacks that claimed the whole pageblock for the allocation's migratetype") \
	M(MEMFRAG_FILE_EXTFRAG, "claims", "stolen",			\
	  "extfrag_stolen_fallbacks", 1,				\
	  "Fallbacks that stole pages and left the pageblock's migratetype (a mixed block)") \
	M(MEMFRAG_FILE_ZONES, MEMFRAG_METRIC_KEY, "compaction_proactiveness", \
	  "compaction_proactiveness", 1, "vm.compaction_proactiveness")	\
	M(MEMFRAG_FILE_ZONES, MEMFRAG_METRIC_KEY, "score_order",		\
	  "fragmentation_score_order", 1,				\
	  "The order the fragmentation score is computed for")		\
	M(MEMFRAG_FILE_ZONES, MEMFRAG_METRIC_KEY, "score_low",		\
	  "fragmentation_score_low", 1,					\
	  "Proactive compaction stops once a node's score is at most this") \
	M(MEMFRAG_FILE_ZONES, MEMFRAG_METRIC_KEY, "score_high",		\
	  "fragmentation_score_high", 1,				\
	  "Proactive compaction starts when a node's score exceeds this") \
	M(MEMFRAG_FILE_ZONES, "zones", "present", "zone_present_bytes",	\
	  MEMFRAG_METRIC_PAGES, "Memory the zone spans, holes excluded") \
	M(MEMFRAG_FILE_ZONES, "zones", "managed", "zone_managed_bytes",	\
	  MEMFRAG_METRIC_PAGES,						\
	  "Memory the buddy allocator manages in the zone")		\
	M(MEMFRAG_FILE_ZONES, "zones", "free", "zone_free_bytes",	\
	  MEMFRAG_METRIC_PAGES, "Free memory in the zone")		\
	M(MEMFRAG_FILE_ZONES, "zones", "min", "zone_watermark_min_bytes", \
	  MEMFRAG_METRIC_PAGES, "The zone's min watermark")		\
	M(MEMFRAG_FILE_ZONES, "zones", "low", "zone_watermark_low_bytes", \
	  MEMFRAG_METRIC_PAGES, "The zone's low watermark")		\
	M(MEMFRAG_FILE_ZONES, "zones", "high", "zone_watermark_high_bytes", \
	  MEMFRAG_METRIC_PAGES, "The zone's high watermark")		\
	M(MEMFRAG_FILE_ZONES, "zones", "boost", "zone_watermark_boost_bytes", \
	  MEMFRAG_METRIC_PAGES, "The zone's watermark boost")		\
	M(MEMFRAG_FILE_ZONES, "zones", "score", "zone_fragmentation_score", 1, \
	  "The zone's fragmentation score (0-100), as proactive compaction sees it") \
	M(MEMFRAG_FILE_ZONES, "nodes", "score", "node_fragmentation_score", 1, \
	  "The node's fragmentation score (0-100), which proactive compaction acts on") \
	M(MEMFRAG_FILE_ZONES, "free_blocks", "", "zone_free_blocks", 1,	\
	  "Free blocks of each order, 2^order pages each (/proc/buddyinfo)") \
	M(MEMFRAG_FILE_ZONES, "unusable_index", "", "zone_unusable_index", 1, \
	  "Share of free memory unusable for an allocation of the order (0-1)") \
	M(MEMFRAG_FILE_ZONES, "fragmentation_index", "",		\
	  "zone_fragmentation_index", 1,				\
	  "Fragmentation index of the order (-1: the allocation would succeed; towards 0 lack of memory, towards 1 fragmentation)") \
	M(MEMFRAG_FILE_PAGETYPES, "free_blocks_by_type", "",		\
	  "zone_free_blocks_by_migratetype", 1,				\
	  "Free blocks of each order and migratetype (/proc/pagetypeinfo)") \
	M(MEMFRAG_FILE_PAGETYPES, "pageblocks", "pageblocks", "zone_pageblocks", 1, \
	  "Pageblocks of each migratetype, 2^pageblock_order pages each (/proc/pagetypeinfo)")

#endif /* MEMFRAG_METRICS_H */

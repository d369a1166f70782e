/* SPDX-License-Identifier: GPL-2.0 */
/*
 * memfrag's files and the layout of each, defined once: the module prints
 * every section name and column header from these lists, the tool builds
 * its schema (validation, JSON types, interval deltas) from them, and the
 * selftests find columns by the names given here.
 *
 * Every file starts with "memfrag <version>" and "format: <n>"; then come
 * "key: value" lines and sections.  A section is "[name]", a line naming
 * its columns, and one row per non-zero counter.
 *
 * MEMFRAG_FILES(F): F(id, mode, keys, sections).  The file's name is
 * MEMFRAG_FILE_<id>; keys(K) lists K(key, type); sections(S) lists
 * S(name, flags, order_type, columns); columns(C) lists
 * C(name, type, width), width being the printf field width the module
 * pads the column to (negative: left-aligned).  Section and column names
 * are identifiers: sections.h makes MEMFRAG_SECTION_<name> and
 * MEMFRAG_COL_<name> of them, and every column name must be in
 * MEMFRAG_COLUMNS.  Types (MEMFRAG_T_*):
 *   STR     a name; identifies the row
 *   INT     a signed integer (node, order); identifies the row
 *   NUM     an unsigned integer that identifies the row
 *   UPPER   an unsigned integer or "inf"; identifies the row
 *   COUNT   a counter since load or reset
 *   GAUGE   a value now (pages, a score)
 *   MEAN    total / runs of the same row
 *   MILLI   an index in thousandths: "0.123", "-1.000"
 *   and, for "key: value" lines only:
 *   PAIRS   "a=1 b=2", counters
 *   TPCOUNT "16 known, 16 attached, ..."
 *   WORDS   "a b c", or "none"
 *   INT_OR_UNKNOWN  a number, or "unknown"
 * A section with MEMFRAG_SEC_ORDERS has one more column per buddy order
 * after those listed, named 0, 1, ..., of type order_type.
 */
#ifndef MEMFRAG_FILES_H
#define MEMFRAG_FILES_H

#define MEMFRAG_DEBUGFS_DIR	"memfrag"

#define MEMFRAG_FILE_STATUS	"status"
#define MEMFRAG_FILE_ZONES	"zones"
#define MEMFRAG_FILE_PAGETYPES	"pagetypes"
#define MEMFRAG_FILE_COMPACTION	"compaction"
#define MEMFRAG_FILE_LATENCY	"latency"
#define MEMFRAG_FILE_DIRECT	"direct"
#define MEMFRAG_FILE_KCOMPACTD	"kcompactd"
#define MEMFRAG_FILE_MIGRATION	"migration"
#define MEMFRAG_FILE_EXTFRAG	"extfrag"
#define MEMFRAG_FILE_RESET	"reset"
#define MEMFRAG_FILE_EVENTS	"events"
#define MEMFRAG_FILE_TASKS	"tasks"
#define MEMFRAG_FILE_STACKS	"stacks"

/* Section flags. */
#define MEMFRAG_SEC_ORDERS	0x1	/* order columns follow the listed ones */
#define MEMFRAG_SEC_NOTE	0x2	/* no table: the line after [name] is a note */
#define MEMFRAG_SEC_ALLROWS	0x4	/* a snapshot: every row, zero or not */
#define MEMFRAG_SEC_FORMAT3	0x8	/* first in format 3: older files lack it */
#define MEMFRAG_SEC_UNNAMED	0x10	/* no [name] line: the file's only table */

/* The pseudo-zone of migration counted outside any compaction run. */
#define MEMFRAG_ZONE_OUTSIDE	"outside"

/* Columns shared by many sections. */
#define MEMFRAG_COLS_NODE_ZONE(C)	C(node, INT, 4) C(zone, STR, -8)

/*
 * page_size: the kernel's PAGE_SIZE in bytes, the size of the pages every
 * page count of the files is in (4096 on x86-64, 4096, 16384 or 65536 on
 * arm64).  status and zones both print it, so that zones' page counts can
 * be read without status.
 */
#define MEMFRAG_KEY_PAGE_SIZE(K)	K(page_size, GAUGE)
/*
 * Keys first printed in format 4 (memfrag.h): a file of an older format
 * lacks them.
 */
#define MEMFRAG_KEYS_FORMAT4(K)		MEMFRAG_KEY_PAGE_SIZE(K)

/*
 * events: the events file's buffer, "capacity=256 per CPU, dropped=7":
 * records each CPU holds and records lost because it was full.
 * MEMFRAG_EVENTS_VALUE(cap, dropped) is that value with the conversions
 * cap and dropped, for printf and scanf alike.
 */
#define MEMFRAG_KEY_EVENTS(K)		K(events, STR)
#define MEMFRAG_EVENTS_VALUE(cap, dropped)				\
	"capacity=" cap " per CPU, dropped=" dropped
/*
 * Keys a file of any format may lack: events came within format 1, so
 * the module of a format-1 file may or may not have printed it.
 */
#define MEMFRAG_KEYS_OPTIONAL(K)	MEMFRAG_KEY_EVENTS(K)

/*
 * load_id: 16 hex digits drawn when the module is loaded, another at each
 * load.  reset_generation: the writes to reset accepted since.  Counters
 * restart from zero exactly when one of them changed, so readers compare
 * these instead of guessing a reset from counters that went down.
 */
#define MEMFRAG_KEY_LOAD_ID(K)		K(load_id, STR)
#define MEMFRAG_KEY_RESET_GENERATION(K)	K(reset_generation, NUM)
#define MEMFRAG_KEYS_RESTART(K)						\
	MEMFRAG_KEY_LOAD_ID(K) MEMFRAG_KEY_RESET_GENERATION(K)
/* Keys first printed in format 6 (memfrag.h). */
#define MEMFRAG_KEYS_FORMAT6(K)		MEMFRAG_KEYS_RESTART(K)

/* status */
#define MEMFRAG_KEYS_STATUS(K)						\
	K(kernel, STR) MEMFRAG_KEYS_RESTART(K) MEMFRAG_KEY_PAGE_SIZE(K)	\
	K(memory_bytes, GAUGE)						\
	MEMFRAG_KEY_EVENTS(K) K(drops, PAIRS) K(tracepoints, TPCOUNT)
#define MEMFRAG_COLS_PROBES(C)						\
	C(tracepoint, STR, -48) C(state, STR, -8) C(hits, COUNT, 20)
#define MEMFRAG_SECTIONS_STATUS(S)					\
	S(probes, MEMFRAG_SEC_ALLROWS | MEMFRAG_SEC_UNNAMED, NONE,	\
	  MEMFRAG_COLS_PROBES)

/* compaction */
#define MEMFRAG_COLS_RUNS(C)						\
	MEMFRAG_COLS_NODE_ZONE(C) C(trigger, STR, -10) C(mode, STR, -5)	\
	C(result, STR, -17) C(runs, COUNT, 12)
#define MEMFRAG_COLS_BEGINS(C)	MEMFRAG_COLS_NODE_ZONE(C) C(begins, COUNT, 12)
#define MEMFRAG_SECTIONS_COMPACTION(S)					\
	S(runs, 0, NONE, MEMFRAG_COLS_RUNS)				\
	S(begins, 0, NONE, MEMFRAG_COLS_BEGINS)

/*
 * latency: a log2 histogram of run latency in whole microseconds.  Row
 * 0..0 is bucket 0, 2^(b-1)..2^b - 1 bucket b, and the last bucket is
 * open: 2^(MEMFRAG_LATENCY_BUCKETS - 2)..inf.  36 buckets end the finite
 * ones at 2^34 us, 4.8 hours: a run is timed by the wall clock, preemption
 * included, so one on a starved CPU, or a manual compaction of a large
 * machine, can last far longer than its work; hours still get a bound.
 * Each bucket costs a u64 per trigger and zone (Documentation/memfrag.rst,
 * "Memory").
 */
#define MEMFRAG_LATENCY_BUCKETS	36
#define MEMFRAG_COLS_LATENCY(C)						\
	MEMFRAG_COLS_NODE_ZONE(C) C(trigger, STR, -10)			\
	C(usecs_from, NUM, 12) C(usecs_to, UPPER, 12) C(count, COUNT, 12)
#define MEMFRAG_COLS_TIMED(C)						\
	MEMFRAG_COLS_NODE_ZONE(C) C(trigger, STR, -10) C(runs, COUNT, 12) \
	C(total_us, COUNT, 14) C(mean_us, MEAN, 12)
#define MEMFRAG_SECTIONS_LATENCY(S)					\
	S(latency, 0, NONE, MEMFRAG_COLS_LATENCY)			\
	S(timed, 0, NONE, MEMFRAG_COLS_TIMED)

/* direct */
#define MEMFRAG_COLS_TRY_TO_COMPACT(C)					\
	C(order, INT, 5) C(prio, STR, -10) C(count, COUNT, 12)
#define MEMFRAG_COLS_ORDER_RESULT(C)					\
	MEMFRAG_COLS_NODE_ZONE(C) C(order, INT, 5) C(result, STR, -17)	\
	C(count, COUNT, 12)
#define MEMFRAG_COLS_ORDER(C)						\
	MEMFRAG_COLS_NODE_ZONE(C) C(order, INT, 5) C(count, COUNT, 12)
#define MEMFRAG_SECTIONS_DIRECT(S)					\
	S(try_to_compact_pages, 0, NONE,				\
	  MEMFRAG_COLS_TRY_TO_COMPACT)					\
	S(suitable, 0, NONE, MEMFRAG_COLS_ORDER_RESULT)			\
	S(finished, 0, NONE, MEMFRAG_COLS_ORDER_RESULT)			\
	S(deferred, 0, NONE, MEMFRAG_COLS_ORDER)			\
	S(defer_compaction, 0, NONE,					\
	  MEMFRAG_COLS_ORDER)						\
	S(defer_reset, 0, NONE, MEMFRAG_COLS_ORDER)

/* kcompactd */
#define MEMFRAG_COLS_WAKE(C)						\
	C(node, INT, 4) C(order, INT, 5) C(highest_zone, STR, -12)	\
	C(count, COUNT, 12)
#define MEMFRAG_COLS_SLEEP(C)	C(node, INT, 4) C(count, COUNT, 12)
#define MEMFRAG_SECTIONS_KCOMPACTD(S)					\
	S(wakeup_kcompactd, 0, NONE,					\
	  MEMFRAG_COLS_WAKE)						\
	S(kcompactd_wake, 0, NONE, MEMFRAG_COLS_WAKE)			\
	S(kcompactd_sleep, 0, NONE, MEMFRAG_COLS_SLEEP)

/* migration */
#define MEMFRAG_KEYS_MIGRATION(K)	K(unreported, WORDS)
#define MEMFRAG_COLS_MIGRATION(C)					\
	MEMFRAG_COLS_NODE_ZONE(C) C(migrate_scanned, COUNT, 15)		\
	C(migrate_isolated, COUNT, 16) C(free_scanned, COUNT, 12)	\
	C(free_isolated, COUNT, 13) C(fast_free_scanned, COUNT, 17)	\
	C(fast_free_isolated, COUNT, 18) C(migrated, COUNT, 10)		\
	C(failed, COUNT, 10)
#define MEMFRAG_SECTIONS_MIGRATION(S)					\
	S(migration, 0, NONE, MEMFRAG_COLS_MIGRATION)

/* extfrag */
#define MEMFRAG_KEYS_EXTFRAG(K)	K(pageblock_order, INT)
#define MEMFRAG_COLS_EXTFRAG_ORDER(C)					\
	MEMFRAG_COLS_NODE_ZONE(C) C(alloc_order, INT, 11)		\
	C(fallback_order, INT, 14) C(fragmenting, INT, 11)		\
	C(count, COUNT, 12)
#define MEMFRAG_COLS_EXTFRAG_MT(C)					\
	MEMFRAG_COLS_NODE_ZONE(C) C(alloc_type, STR, -12)		\
	C(fallback_type, STR, -13) C(fragmenting, INT, 11)		\
	C(count, COUNT, 12)
/*
 * claims: the fallbacks of [migratetype] split by the event's
 * change_ownership: claimed (the whole pageblock became the allocation's
 * migratetype) or stolen (pages taken, the block keeps its type).
 */
#define MEMFRAG_COLS_EXTFRAG_CLAIMS(C)					\
	MEMFRAG_COLS_NODE_ZONE(C) C(alloc_type, STR, -12)		\
	C(fallback_type, STR, -13) C(fragmenting, INT, 11)		\
	C(claimed, COUNT, 12) C(stolen, COUNT, 12)
#define MEMFRAG_COLS_NONE(C)
#define MEMFRAG_SECTIONS_EXTFRAG(S)					\
	S(order, 0, NONE, MEMFRAG_COLS_EXTFRAG_ORDER)			\
	S(migratetype, 0, NONE, MEMFRAG_COLS_EXTFRAG_MT)		\
	S(ownership, MEMFRAG_SEC_NOTE, NONE, MEMFRAG_COLS_NONE)		\
	S(claims, MEMFRAG_SEC_FORMAT3, NONE,				\
	  MEMFRAG_COLS_EXTFRAG_CLAIMS)

/*
 * zones: a snapshot taken at read time.  The thresholds of proactive
 * compaction follow vm.compaction_proactiveness, which modules cannot read
 * without a path lookup: the tool computes them (format 1 printed them).
 */
#define MEMFRAG_KEYS_ZONES(K)	MEMFRAG_KEY_PAGE_SIZE(K) K(score_order, INT)
#define MEMFRAG_COLS_ZONES(C)						\
	MEMFRAG_COLS_NODE_ZONE(C) C(present, GAUGE, 10)			\
	C(managed, GAUGE, 10) C(free, GAUGE, 10) C(min, GAUGE, 10)	\
	C(low, GAUGE, 10) C(high, GAUGE, 10) C(boost, GAUGE, 10)	\
	C(score, GAUGE, 6)
#define MEMFRAG_COLS_NODES(C)	C(node, INT, 4) C(score, GAUGE, 6)
/* A zone's rows by migratetype, as /proc/pagetypeinfo prints them. */
#define MEMFRAG_COLS_ZONE_TYPE(C)					\
	MEMFRAG_COLS_NODE_ZONE(C) C(migratetype, STR, -12)
#define MEMFRAG_COLS_PAGEBLOCKS(C)					\
	MEMFRAG_COLS_ZONE_TYPE(C) C(pageblocks, GAUGE, 10)
/*
 * A free list is counted up to this many blocks, as /proc/pagetypeinfo
 * does (mm/vmstat.c, 6.1 and 6.12): a count that reaches it means "at
 * least", where /proc/pagetypeinfo prints ">100000".
 */
#define MEMFRAG_FREE_LIST_CAP	100000
/* Width of each order column in the zones file. */
#define MEMFRAG_ORDER_COL_WIDTH	6
#define MEMFRAG_SECTIONS_ZONES(S)					\
	S(zones, MEMFRAG_SEC_ALLROWS, NONE, MEMFRAG_COLS_ZONES)		\
	S(nodes, MEMFRAG_SEC_ALLROWS, NONE, MEMFRAG_COLS_NODES)		\
	S(free_blocks,							\
	  MEMFRAG_SEC_ORDERS | MEMFRAG_SEC_ALLROWS, GAUGE,		\
	  MEMFRAG_COLS_NODE_ZONE)					\
	S(unusable_index,						\
	  MEMFRAG_SEC_ORDERS | MEMFRAG_SEC_ALLROWS, MILLI,		\
	  MEMFRAG_COLS_NODE_ZONE)					\
	S(fragmentation_index,						\
	  MEMFRAG_SEC_ORDERS | MEMFRAG_SEC_ALLROWS, MILLI,		\
	  MEMFRAG_COLS_NODE_ZONE)

/*
 * pagetypes: /proc/pagetypeinfo's counts.  Apart from zones because they
 * cost what /proc/pagetypeinfo costs: every free list is walked under
 * zone->lock, so the time interrupts are off grows with the longest list.
 * The tool's record and prometheus do not poll it unless asked to.
 */
#define MEMFRAG_KEYS_PAGETYPES(K)	MEMFRAG_KEY_PAGE_SIZE(K)
#define MEMFRAG_SECTIONS_PAGETYPES(S)					\
	S(free_blocks_by_type,						\
	  MEMFRAG_SEC_ORDERS | MEMFRAG_SEC_ALLROWS, GAUGE,		\
	  MEMFRAG_COLS_ZONE_TYPE)					\
	S(pageblocks, MEMFRAG_SEC_ALLROWS, NONE, MEMFRAG_COLS_PAGEBLOCKS)

/*
 * tasks: the top tables.  Events in interrupt context have no task of
 * their own: they are charged to one row, with this pid and comm.
 */
#define MEMFRAG_TASKS_IRQ_PID	(-1)
#define MEMFRAG_TASKS_IRQ_COMM	"<irq>"
#define MEMFRAG_COLS_TASKS_DIRECT(C)					\
	C(pid, INT, 7) C(comm, STR, -16) C(runs, COUNT, 8)		\
	C(total_us, COUNT, 12) C(max_us, GAUGE, 12) C(error_us, GAUGE, 12)
#define MEMFRAG_COLS_TASKS_EXTFRAG(C)					\
	C(pid, INT, 7) C(comm, STR, -16) C(fallbacks, COUNT, 12)	\
	C(error, GAUGE, 12)
/*
 * The two top tables of tasks.  MEMFRAG_FILES leaves them out: they are
 * not counters of the module's schema, and the tool reads them apart.
 */
#define MEMFRAG_SECTIONS_TASKS(S)					\
	S(direct, 0, NONE, MEMFRAG_COLS_TASKS_DIRECT)			\
	S(extfrag, 0, NONE, MEMFRAG_COLS_TASKS_EXTFRAG)

#define MEMFRAG_KEYS_NONE(K)
#define MEMFRAG_SECTIONS_NONE(S)

/*
 * Every file, in the order the tool lists them.  Files whose body is not
 * a table of sections (reset, events, stacks) have no sections here;
 * Documentation/memfrag.rst describes them.
 */
#define MEMFRAG_FILES(F)						\
	F(STATUS, 0400, MEMFRAG_KEYS_STATUS, MEMFRAG_SECTIONS_STATUS)	\
	F(COMPACTION, 0400, MEMFRAG_KEYS_NONE, MEMFRAG_SECTIONS_COMPACTION) \
	F(LATENCY, 0400, MEMFRAG_KEYS_NONE, MEMFRAG_SECTIONS_LATENCY)	\
	F(DIRECT, 0400, MEMFRAG_KEYS_NONE, MEMFRAG_SECTIONS_DIRECT)	\
	F(KCOMPACTD, 0400, MEMFRAG_KEYS_NONE, MEMFRAG_SECTIONS_KCOMPACTD) \
	F(MIGRATION, 0400, MEMFRAG_KEYS_MIGRATION,			\
	  MEMFRAG_SECTIONS_MIGRATION)					\
	F(EXTFRAG, 0400, MEMFRAG_KEYS_EXTFRAG, MEMFRAG_SECTIONS_EXTFRAG)	\
	F(ZONES, 0400, MEMFRAG_KEYS_ZONES, MEMFRAG_SECTIONS_ZONES)	\
	F(PAGETYPES, 0400, MEMFRAG_KEYS_PAGETYPES,			\
	  MEMFRAG_SECTIONS_PAGETYPES)					\
	F(RESET, 0200, MEMFRAG_KEYS_NONE, MEMFRAG_SECTIONS_NONE)		\
	F(EVENTS, 0400, MEMFRAG_KEYS_NONE, MEMFRAG_SECTIONS_NONE)	\
	F(TASKS, 0400, MEMFRAG_KEYS_NONE, MEMFRAG_SECTIONS_NONE)		\
	F(STACKS, 0400, MEMFRAG_KEYS_NONE, MEMFRAG_SECTIONS_NONE)

/*
 * Every column name of the lists above, once each (columns of the same
 * name in several sections mean the same thing).  MEMFRAG_COL_<name>
 * comes from here, so a column named in a list but missing here does not
 * compile.
 */
#define MEMFRAG_COLUMNS(N)						\
	N(node) N(zone) N(tracepoint) N(state) N(hits) N(trigger)	\
	N(mode) N(result) N(runs) N(begins) N(usecs_from) N(usecs_to)	\
	N(count) N(total_us) N(mean_us) N(order) N(prio) N(highest_zone) \
	N(migrate_scanned) N(migrate_isolated) N(free_scanned)		\
	N(free_isolated) N(fast_free_scanned) N(fast_free_isolated)	\
	N(migrated) N(failed) N(alloc_order) N(fallback_order)		\
	N(fragmenting) N(alloc_type) N(fallback_type) N(claimed)	\
	N(stolen) N(present) N(managed) N(free) N(min) N(low) N(high)	\
	N(boost) N(score) N(migratetype) N(pageblocks) N(pid) N(comm)	\
	N(max_us) N(error_us) N(fallbacks) N(error)

#define MEMFRAG_FILE_ENUM_(id, mode, keys, sections)	MEMFRAG_FILE_ID_##id,
enum memfrag_file_id {
	MEMFRAG_FILES(MEMFRAG_FILE_ENUM_)
	MEMFRAG_NR_FILES
};
#undef MEMFRAG_FILE_ENUM_

#endif /* MEMFRAG_FILES_H */

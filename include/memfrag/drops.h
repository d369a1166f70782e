/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What memfrag could not count, and why: the status file's "drops:" line
 * shows each as name=count.  X(id, name, what).
 */
#ifndef MEMFRAG_DROPS_H
#define MEMFRAG_DROPS_H

#define MEMFRAG_DROPS(X)						\
	X(NO_ZONE, no_zone, "a run's pfn span matched no zone")	\
	X(RUN_TABLE_FULL, run_table_full,				\
	  "no slot to time a run: no latency")				\
	X(END_WITHOUT_BEGIN, end_without_begin,			\
	  "a run ended whose begin was not seen: no latency")		\
	X(OUT_OF_RANGE, out_of_range,					\
	  "an order, type or index beyond memfrag's tables")		\
	X(STALE_RUN, stale_run,						\
	  "a run slot held past stale_run_ms, taken back: no latency")	\
	X(NO_PAGEBLOCK, no_pageblock,					\
	  "a fallback's pageblock had no flags: neither claimed nor stolen") \
	X(STACK_MAP_FULL, stack_map_full,				\
	  "a direct compaction's stack found no slot in the stack map")

#define MEMFRAG_DROP_ENUM_(id, name, what)	MEMFRAG_DROP_##id,
enum memfrag_drop {
	MEMFRAG_DROPS(MEMFRAG_DROP_ENUM_)
	MEMFRAG_NR_DROPS
};
#undef MEMFRAG_DROP_ENUM_

#endif /* MEMFRAG_DROPS_H */

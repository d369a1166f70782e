/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel's compaction results and priorities, as memfrag names them.
 *
 * Keyed by the kernel's own enum values, not by position: X(constant,
 * value, name) pairs <linux/compaction.h>'s constant with the value it has
 * in every kernel memfrag supports, and the module checks each pair at
 * build time (module/compat.h), so a kernel that renumbers them fails to
 * build instead of mislabelling rows.  Userspace, which has no kernel
 * headers, uses the values.
 */
#ifndef MEMFRAG_COMPACTION_NAMES_H
#define MEMFRAG_COMPACTION_NAMES_H

/* enum compact_result, unchanged from 6.1 to 6.12. */
#define MEMFRAG_RESULTS(X)						\
	X(COMPACT_NOT_SUITABLE_ZONE, 0, not_suitable_zone)		\
	X(COMPACT_SKIPPED, 1, skipped)					\
	X(COMPACT_DEFERRED, 2, deferred)				\
	X(COMPACT_NO_SUITABLE_PAGE, 3, no_suitable_page)		\
	X(COMPACT_CONTINUE, 4, continue)				\
	X(COMPACT_COMPLETE, 5, complete)				\
	X(COMPACT_PARTIAL_SKIPPED, 6, partial_skipped)			\
	X(COMPACT_CONTENDED, 7, contended)				\
	X(COMPACT_SUCCESS, 8, success)

/*
 * One slot after the last known result holds any value a newer kernel
 * adds: it is counted as "other", never dropped.
 */
#define MEMFRAG_RESULT_OTHER		9
#define MEMFRAG_RESULT_OTHER_NAME	"other"
#define MEMFRAG_NR_RESULTS		(MEMFRAG_RESULT_OTHER + 1)

/* enum compact_priority, unchanged from 6.1 to 6.12. */
#define MEMFRAG_PRIORITIES(X)						\
	X(COMPACT_PRIO_SYNC_FULL, 0, sync_full)			\
	X(COMPACT_PRIO_SYNC_LIGHT, 1, sync_light)			\
	X(COMPACT_PRIO_ASYNC, 2, async)
#define MEMFRAG_NR_PRIOS		3

#endif /* MEMFRAG_COMPACTION_NAMES_H */

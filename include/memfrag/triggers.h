/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What started a compaction run, defined once for the module (which
 * decides it, module/runs.c), the tool and the selftests.
 *
 * X(id, name, what): MEMFRAG_TRIGGER_<id>, spelled "name" in every file.
 * The order is the order of every table that lists triggers.
 */
#ifndef MEMFRAG_TRIGGERS_H
#define MEMFRAG_TRIGGERS_H

#define MEMFRAG_TRIGGERS(X)						\
	X(DIRECT, direct, "an allocating task, in the allocator")	\
	X(KCOMPACTD, kcompactd, "kcompactd, woken by a request")	\
	X(PROACTIVE, proactive, "kcompactd, proactive compaction")	\
	X(MANUAL, manual, "the compact_memory sysctl or a node's compact file")

/* "direct, kcompactd, proactive, manual", for usage texts. */
#define MEMFRAG_TRIGGER_SEP_(id, name, what)	", " #name
#define MEMFRAG_TRIGGER_NAMES	(&(MEMFRAG_TRIGGERS(MEMFRAG_TRIGGER_SEP_))[2])

#define MEMFRAG_TRIGGER_ENUM_(id, name, what)	MEMFRAG_TRIGGER_##id,
enum memfrag_trigger {
	MEMFRAG_TRIGGERS(MEMFRAG_TRIGGER_ENUM_)
	MEMFRAG_NR_TRIGGERS
};
#undef MEMFRAG_TRIGGER_ENUM_

/* Compaction mode, as a run's end passes it: index 1 is sync. */
#define MEMFRAG_MODES(X)	X(0, async) X(1, sync)
#define MEMFRAG_NR_MODES	2

#endif /* MEMFRAG_TRIGGERS_H */

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The names memfrag prints, all built from the lists in include/memfrag/.
 */
#ifndef MEMFRAG_NAMES_H
#define MEMFRAG_NAMES_H

#include <memfrag/memfrag.h>

enum memfrag_name_kind {
	MEMFRAG_NAMES_TRIGGER,
	MEMFRAG_NAMES_MODE,
	MEMFRAG_NAMES_RESULT,
	MEMFRAG_NAMES_PRIO,
	MEMFRAG_NAMES_MIGRATETYPE,
	MEMFRAG_NAMES_DROP,
};

/* The name of value i of a kind; "?" for a value outside its list. */
const char *memfrag_name(enum memfrag_name_kind kind, unsigned int i);

#define memfrag_trigger_name(t)		memfrag_name(MEMFRAG_NAMES_TRIGGER, t)
#define memfrag_mode_name(sync)		memfrag_name(MEMFRAG_NAMES_MODE, sync)
#define memfrag_result_name(r)		memfrag_name(MEMFRAG_NAMES_RESULT, r)
#define memfrag_prio_name(p)		memfrag_name(MEMFRAG_NAMES_PRIO, p)
#define memfrag_migratetype_name(mt)	memfrag_name(MEMFRAG_NAMES_MIGRATETYPE, mt)
#define memfrag_drop_name(d)		memfrag_name(MEMFRAG_NAMES_DROP, d)

#endif /* MEMFRAG_NAMES_H */

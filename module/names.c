// SPDX-License-Identifier: GPL-2.0
/*
 * Name tables, generated from include/memfrag/.  Results and priorities are
 * indexed by the kernel's own enum constants (compat.h checks that they
 * still have the values the shared list gives them), migratetypes by the
 * kernel's MIGRATE_* constants, which depend on its configuration.
 */
#include <linux/mm.h>
#include <linux/compaction.h>

#include "compat.h"
#include "names.h"

#define MEMFRAG_NAME_BY_ID_(id, name, what)	#name,
#define MEMFRAG_NAME_BY_CONST_(constant, value, name)		\
	[constant] = #name,
#define MEMFRAG_NAME_BY_MT_(constant, name)			\
	[MIGRATE_##constant] = #name,
#define MEMFRAG_NAME_BY_INDEX_(index, name)			\
	[index] = #name,

static const char * const memfrag_trigger_names[MEMFRAG_NR_TRIGGERS] = {
	MEMFRAG_TRIGGERS(MEMFRAG_NAME_BY_ID_)
};

static const char * const memfrag_mode_names[MEMFRAG_NR_MODES] = {
	MEMFRAG_MODES(MEMFRAG_NAME_BY_INDEX_)
};

static const char * const memfrag_result_names[MEMFRAG_NR_RESULTS] = {
	MEMFRAG_RESULTS(MEMFRAG_NAME_BY_CONST_)
	[MEMFRAG_RESULT_OTHER] = MEMFRAG_RESULT_OTHER_NAME,
};

static const char * const memfrag_prio_names[MEMFRAG_NR_PRIOS] = {
	MEMFRAG_PRIORITIES(MEMFRAG_NAME_BY_CONST_)
};

static const char * const memfrag_migratetype_names[MIGRATE_TYPES] = {
	MEMFRAG_MIGRATETYPES_ALWAYS(MEMFRAG_NAME_BY_MT_)
#ifdef CONFIG_CMA
	MEMFRAG_MIGRATETYPES_CMA(MEMFRAG_NAME_BY_MT_)
#endif
#ifdef CONFIG_MEMORY_ISOLATION
	MEMFRAG_MIGRATETYPES_ISOLATE(MEMFRAG_NAME_BY_MT_)
#endif
};

static const char * const memfrag_drop_names[MEMFRAG_NR_DROPS] = {
	MEMFRAG_DROPS(MEMFRAG_NAME_BY_ID_)
};

static const struct {
	const char * const *names;
	unsigned int nr;
} memfrag_name_tables[] = {
	[MEMFRAG_NAMES_TRIGGER] = { memfrag_trigger_names,
				    ARRAY_SIZE(memfrag_trigger_names) },
	[MEMFRAG_NAMES_MODE] = { memfrag_mode_names,
				 ARRAY_SIZE(memfrag_mode_names) },
	[MEMFRAG_NAMES_RESULT] = { memfrag_result_names,
				   ARRAY_SIZE(memfrag_result_names) },
	[MEMFRAG_NAMES_PRIO] = { memfrag_prio_names,
				 ARRAY_SIZE(memfrag_prio_names) },
	[MEMFRAG_NAMES_MIGRATETYPE] = { memfrag_migratetype_names,
					ARRAY_SIZE(memfrag_migratetype_names) },
	[MEMFRAG_NAMES_DROP] = { memfrag_drop_names,
				 ARRAY_SIZE(memfrag_drop_names) },
};

const char *memfrag_name(enum memfrag_name_kind kind, unsigned int i)
{
	const char * const *names = memfrag_name_tables[kind].names;

	/* "?" outside the table, or for a hole in it (a migratetype). */
	return i < memfrag_name_tables[kind].nr && names[i] ? names[i] : "?";
}

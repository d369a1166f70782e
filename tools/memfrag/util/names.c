// SPDX-License-Identifier: GPL-2.0
/*
 * The name tables of include/memfrag/'s lists, and a fallback's severity.
 */
#include <string.h>

#include <memfrag/memfrag.h>

#include "names.h"
#include "util.h"

#define MF_TRIGGER_NAME_(id, name, what)	#name,
const char *const mf_trigger_names[] = {
	MEMFRAG_TRIGGERS(MF_TRIGGER_NAME_)
	NULL
};

/*
 * Results and priorities are placed by the kernel's values.  The checks
 * below and -Woverride-init (no two at one value) leave no gap before the
 * NULL.
 */
#define MF_VALUE_NAME_(constant, value, name)				\
	[value] = #name,
const char *const mf_result_names[MEMFRAG_NR_RESULTS + 1] = {
	MEMFRAG_RESULTS(MF_VALUE_NAME_)
	[MEMFRAG_RESULT_OTHER] = MEMFRAG_RESULT_OTHER_NAME,
};

const char *const mf_prio_names[MEMFRAG_NR_PRIOS + 1] = {
	MEMFRAG_PRIORITIES(MF_VALUE_NAME_)
};

#define MF_RESULT_FITS_(constant, value, name)				\
	(value) < MEMFRAG_RESULT_OTHER &&
#define MF_PRIO_FITS_(constant, value, name)				\
	(value) < MEMFRAG_NR_PRIOS &&
_Static_assert(MEMFRAG_RESULTS(MF_RESULT_FITS_)
	       0 MEMFRAG_RESULTS(MF_PLUS_ONE) == MEMFRAG_RESULT_OTHER,
	       "results: one name for each value below MEMFRAG_RESULT_OTHER");
_Static_assert(MEMFRAG_PRIORITIES(MF_PRIO_FITS_)
	       0 MEMFRAG_PRIORITIES(MF_PLUS_ONE) == MEMFRAG_NR_PRIOS,
	       "priorities: one name for each value below MEMFRAG_NR_PRIOS");

#define MF_MIGRATETYPE_NAME_(constant, name)	#name,
const char *const mf_migratetype_names[] = {
	MEMFRAG_MIGRATETYPES(MF_MIGRATETYPE_NAME_)
	NULL
};

/*
 * The bad case is unmovable or reclaimable pages left in a movable
 * pageblock: compaction cannot move them out, so that block never again
 * gives a free huge page ("high").  Unmovable and reclaimable mixing with
 * each other pins no movable block ("medium").  A fallback that claimed
 * the whole block mixes nothing, and movable pages in another type's
 * block can be migrated out again ("low", benign).
 */
const char *mf_fallback_severity(const char *alloc_type,
				 const char *fallback_type, double fragmenting)
{
	if (fragmenting <= 0 || !strcmp(alloc_type, "Movable"))
		return MF_SEVERITY_LOW;
	return !strcmp(fallback_type, "Movable") ? MF_SEVERITY_HIGH :
						   MF_SEVERITY_MEDIUM;
}

int mf_name_index(const char *const *names, unsigned int max,
		  const char *name)
{
	unsigned int i;

	for (i = 0; name && i < max && names[i]; i++)
		if (!strcmp(names[i], name))
			return (int)i;
	return -1;
}

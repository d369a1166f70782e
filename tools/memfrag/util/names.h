/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The names the module prints, from include/memfrag/, as the tool's
 * tables, and the tool's own words for a fallback's severity.  The bottom
 * of the tool: it includes only include/memfrag/ and util.h.
 */
#ifndef MEMFRAG_TOOL_NAMES_H
#define MEMFRAG_TOOL_NAMES_H

#include <memfrag/memfrag.h>

/*
 * Each list in its order in include/memfrag/ (NULL-terminated): triggers
 * by MEMFRAG_TRIGGER_*, results and priorities by the kernel's values,
 * migratetypes as the kernel orders them.
 */
extern const char *const mf_trigger_names[];
extern const char *const mf_result_names[];
extern const char *const mf_prio_names[];
extern const char *const mf_migratetype_names[];

/* The kernel's compaction results, by their constants' names. */
#define MF_RESULT_ENUM_(constant, value, name)	MF_##constant = value,
enum mf_result {
	MEMFRAG_RESULTS(MF_RESULT_ENUM_)
};
#undef MF_RESULT_ENUM_

/* The index of name in names (at most max of them), or -1. */
int mf_name_index(const char *const *names, unsigned int max,
		  const char *name);

/* A fallback's severity: words of the tool's own output. */
#define MF_SEVERITY_LOW		"low"		/* not a column name */
#define MF_SEVERITY_MEDIUM	"medium"
#define MF_SEVERITY_HIGH	"high"		/* not a column name */

/*
 * How bad fallbacks from alloc_type into fallback_type blocks are, given
 * how many were fragmenting (a block smaller than a pageblock taken, the
 * block keeping its type): MF_SEVERITY_*.
 */
const char *mf_fallback_severity(const char *alloc_type,
				 const char *fallback_type, double fragmenting);

#endif /* MEMFRAG_TOOL_NAMES_H */

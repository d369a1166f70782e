/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The sections and columns of files.h as identifiers, made from the same
 * lists: MEMFRAG_SECTION_<name> and MEMFRAG_COL_<name>.  The module, the
 * tool and the selftests name a section or a column by these, never by a
 * string, so a misspelt name does not compile.
 */
#ifndef MEMFRAG_SECTIONS_H
#define MEMFRAG_SECTIONS_H

#include "files.h"

/* Every section of every file, then the tables of tasks. */
#define MEMFRAG_SECTION_ID_(name, flags, order_type, columns)		\
	MEMFRAG_SECTION_##name,
#define MEMFRAG_SECTION_IDS_(id, mode, keys, sections)			\
	sections(MEMFRAG_SECTION_ID_)
enum memfrag_section {
	MEMFRAG_FILES(MEMFRAG_SECTION_IDS_)
	MEMFRAG_SECTIONS_TASKS(MEMFRAG_SECTION_ID_)
	MEMFRAG_NR_SECTIONS
};
#undef MEMFRAG_SECTION_IDS_
#undef MEMFRAG_SECTION_ID_

#define MEMFRAG_COL_ID_(name)	MEMFRAG_COL_##name,
enum memfrag_column {
	MEMFRAG_COLUMNS(MEMFRAG_COL_ID_)
	MEMFRAG_NR_COLUMNS
};
#undef MEMFRAG_COL_ID_

/*
 * The name of a section or column as the files spell it, a constant (it
 * may initialise a static table); naming the enum constant is what makes
 * a misspelt name fail to compile.
 */
#define MEMFRAG_SEC_NAME(name)	(&#name[0 * MEMFRAG_SECTION_##name])
#define MEMFRAG_COL_NAME(name)	(&#name[0 * MEMFRAG_COL_##name])

/* What "[name]" says: nothing for the section of a file with only one. */
#define MEMFRAG_SEC_HEADER(name, flags)					\
	((flags) & MEMFRAG_SEC_UNNAMED ? "" : #name)

/* The name of section id; a section without a [name] line has one too. */
static inline const char *memfrag_section_name(enum memfrag_section id)
{
#define MEMFRAG_SECTION_NAME_(name, flags, order_type, columns)	#name,
#define MEMFRAG_SECTION_NAMES_(id, mode, keys, sections)		\
	sections(MEMFRAG_SECTION_NAME_)
	static const char * const names[MEMFRAG_NR_SECTIONS] = {
		MEMFRAG_FILES(MEMFRAG_SECTION_NAMES_)
		MEMFRAG_SECTIONS_TASKS(MEMFRAG_SECTION_NAME_)
	};
#undef MEMFRAG_SECTION_NAMES_
#undef MEMFRAG_SECTION_NAME_

	return (unsigned int)id < MEMFRAG_NR_SECTIONS ? names[id] : "?";
}

static inline const char *memfrag_column_name(enum memfrag_column id)
{
#define MEMFRAG_COL_STR_(name)	#name,
	static const char * const names[MEMFRAG_NR_COLUMNS] = {
		MEMFRAG_COLUMNS(MEMFRAG_COL_STR_)
	};
#undef MEMFRAG_COL_STR_

	return (unsigned int)id < MEMFRAG_NR_COLUMNS ? names[id] : "?";
}

#endif /* MEMFRAG_SECTIONS_H */

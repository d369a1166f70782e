/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Pivot tables: the rows of a section summed into a matrix, one table row
 * per distinct value of some columns (the row keys), one table column per
 * distinct value of another (the column key).
 */
#ifndef MEMFRAG_TOOL_PIVOT_H
#define MEMFRAG_TOOL_PIVOT_H

#include <stdio.h>

#include "parse.h"

/* Keep a row of s or not. */
typedef int (*mf_pivot_filter)(const struct mf_section *s,
			       const struct mf_row *r, const void *arg);

/*
 * A row key: the columns whose values identify a table row, shown in one
 * cell under head, joined by ':' ("0:DMA32" under "node:zone").
 */
struct mf_key {
	const char *head;
	const char *cols[2];
	int labelled;
};

#define MF_KEY(col)	{ MF_COL(col), { MF_COL(col) }, 0 }
#define MF_KEY_NODE	{ MF_COL(node), { MF_COL(node) }, 1 }
#define MF_KEY_ZONE	{ "node:zone", { MF_COL(node), MF_COL(zone) }, 1 }

struct mf_pivot {
	const struct mf_section *s;
	struct mf_key rowkeys[4];	/* up to the first without a head */
	const char *colkey;
	const char *value;		/* the counter summed into cells */
	const char *const *names;	/* column key order; NULL: numeric */
	const char *const *row_names;	/* sort rows (one row key) by it */
	mf_pivot_filter filter;
	const void *arg;
	/* numeric keys: show every value from the lowest to the highest */
	int fill_rows, fill_cols;
	int totals;		/* a "total" column and row */
	/* column headings get this suffix when mark(value) is true */
	int (*mark)(long long value, const void *arg);
};

/* Prints the table indented by indent; returns the number of rows. */
unsigned int mf_pivot_print(const struct mf_pivot *p, FILE *out,
			    unsigned int indent);

/*
 * The rows of several sections side by side: one table row per distinct
 * value of keys (found in any of them; up to the first without a head),
 * column i the sum of value in secs[i] (headed heads[i]).
 */
unsigned int mf_join_print(const struct mf_section *const *secs,
			   const char *const *heads, unsigned int n,
			   const struct mf_key *keys, const char *value,
			   FILE *out, unsigned int indent);

/*
 * The same rows as JSON: an array name of objects, the key columns (cols
 * of keys, each its own member) then heads[i]: the sum in secs[i].
 */
struct mf_json;
void mf_join_json(const struct mf_section *const *secs,
		  const char *const *heads, unsigned int n,
		  const struct mf_key *keys, const char *value,
		  struct mf_json *j, const char *name);

/* Position of name in a NULL-terminated list; unknown names sort last. */
unsigned int mf_name_rank(const char *const *names, const char *name);

#endif /* MEMFRAG_TOOL_PIVOT_H */

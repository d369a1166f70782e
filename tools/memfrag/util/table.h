/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Aligned text tables: cells are added row by row, widths are computed
 * when the table is printed.
 */
#ifndef MEMFRAG_TOOL_TABLE_H
#define MEMFRAG_TOOL_TABLE_H

#include <stdio.h>

#include "util.h"

#define MF_LEFT		0
#define MF_RIGHT	1

struct mf_table {
	unsigned int ncol;
	unsigned int nrow, cap;
	char **cells;		/* nrow * ncol, NULL for empty */
	unsigned char *align;
	unsigned int cur;	/* next cell in the last row */
};

void mf_table_init(struct mf_table *t, unsigned int ncol);

/* A column's heading and alignment. */
struct mf_head {
	const char *name;
	int align;
};

/* A table of n columns with these headings. */
void mf_table_init_heads(struct mf_table *t, const struct mf_head *heads,
			 unsigned int n);
/* Column c's heading and alignment (row 0). */
void mf_table_head(struct mf_table *t, unsigned int c, const char *name,
		   int align);
void mf_table_row(struct mf_table *t);
/* The next cell of the current row. */
void mf_table_cell(struct mf_table *t, const char *fmt, ...) MF_PRINTF(2, 3);
void mf_table_u64(struct mf_table *t, unsigned long long v);
/* Right-aligns every column whose cells are all integers. */
void mf_table_autoalign(struct mf_table *t);
/* The widest a table is printed (0: any width; --wide). */
#define MF_TABLE_WIDTH	80
extern unsigned int mf_table_width;
/*
 * MEMFRAG_TABLE_MARKS set: each printed table between lines of its own,
 * so that tests find the tables in the text without guessing.
 */
#define MF_TABLE_MARKS_ENV	"MEMFRAG_TABLE_MARKS"
#define MF_TABLE_MARK_BEGIN	"<table>"
#define MF_TABLE_MARK_END	"</table>"
extern int mf_table_marks;

void mf_table_print(const struct mf_table *t, FILE *out, unsigned int indent);
/*
 * A note: each of its lines wrapped at spaces to mf_table_width, the
 * continuation lines indented by two; a word is never cut.
 */
void mf_note(FILE *out, const char *fmt, ...) MF_PRINTF(2, 3);
void mf_table_free(struct mf_table *t);

#endif /* MEMFRAG_TOOL_TABLE_H */

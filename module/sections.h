/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The sections of every file, printed from one table built from
 * include/memfrag/files.h: a section's name, its columns and their widths
 * are written down there only.
 */
#ifndef MEMFRAG_MODULE_SECTIONS_H
#define MEMFRAG_MODULE_SECTIONS_H

#include <linux/seq_file.h>

#include <memfrag/memfrag.h>

/*
 * Prints "[name]" (unless the section has no name line) and the line
 * naming its columns, each padded to its width, then, for a section with
 * order columns, one per buddy order (0, 1, ...).
 */
void memfrag_show_section(struct seq_file *m, enum memfrag_section sec);

/* MEMFRAG_SHOW_SECTION(m, runs) */
#define MEMFRAG_SHOW_SECTION(m, sec)					\
	memfrag_show_section(m, MEMFRAG_SECTION_##sec)

/*
 * The printf field width files.h gives column col of section sec
 * (negative: left-aligned), so that rows line up with the header.
 */
int memfrag_col_width(enum memfrag_section sec, enum memfrag_column col);

/* MEMFRAG_COL_WIDTH(runs, zone) */
#define MEMFRAG_COL_WIDTH(sec, col)					\
	memfrag_col_width(MEMFRAG_SECTION_##sec, MEMFRAG_COL_##col)

#endif /* MEMFRAG_MODULE_SECTIONS_H */

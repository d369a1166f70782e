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
 * A row of a section, printed cell by cell in the order files.h lists its
 * columns, each cell padded to its column's width (then, for a section with
 * order columns, one cell per buddy order): the header and the rows take
 * their widths from the same list.
 */
struct memfrag_row {
	struct seq_file *m;
	enum memfrag_section sec;
	unsigned int col;	/* the next cell's column */
};

/* struct memfrag_row row = MEMFRAG_ROW(m, runs); */
#define MEMFRAG_ROW(m, sec)	{ (m), MEMFRAG_SECTION_##sec, 0 }

void memfrag_cell_str(struct memfrag_row *r, const char *s);
void memfrag_cell_int(struct memfrag_row *r, long long v);
void memfrag_cell_u64(struct memfrag_row *r, u64 v);
/* v thousandths as "0.123", "-1.000" (MEMFRAG_T_MILLI) */
void memfrag_cell_milli(struct memfrag_row *r, int v);
/* Ends the line; every column must have had its cell. */
void memfrag_row_end(struct memfrag_row *r);

/*
 * "page_size: <PAGE_SIZE>", in status and zones: the files count pages, and
 * a page is 4 KiB on x86-64 but 4, 16 or 64 KiB on arm64, so a reader
 * (on another machine, or of a recording) is told which.
 */
void memfrag_show_page_size(struct seq_file *m);

#endif /* MEMFRAG_MODULE_SECTIONS_H */

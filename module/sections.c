// SPDX-License-Identifier: GPL-2.0
/*
 * The table of sections, generated from include/memfrag/files.h, and the
 * header lines and rows printed from it.
 */
#include <linux/kernel.h>
#include <linux/mmzone.h>

#include "compat.h"
#include "sections.h"

struct memfrag_col {
	enum memfrag_column id;
	int width;
};

struct memfrag_section_desc {
	const char *header;
	unsigned int flags;
	const struct memfrag_col *cols;
	unsigned int nr_cols;
};

/*
 * The columns of every section, one after the other: section name's start
 * at MEMFRAG_COLS_AT_<name>, the next section's one past its last.
 */
#define MEMFRAG_COL_ONE_(name, type, width)	+ 1
#define MEMFRAG_SECTION_AT_(name, flags, order_type, columns)		\
	MEMFRAG_COLS_AT_##name,						\
	MEMFRAG_COLS_LAST_##name =					\
		MEMFRAG_COLS_AT_##name + (0 columns(MEMFRAG_COL_ONE_)) - 1,
#define MEMFRAG_FILE_AT_(id, mode, keys, sections)			\
	sections(MEMFRAG_SECTION_AT_)
enum {
	MEMFRAG_FILES(MEMFRAG_FILE_AT_)
	MEMFRAG_SECTIONS_TASKS(MEMFRAG_SECTION_AT_)
};

#define MEMFRAG_COL_(name, type, width)	{ MEMFRAG_COL_##name, width },
#define MEMFRAG_SECTION_COLS_(name, flags, order_type, columns)	\
	columns(MEMFRAG_COL_)
#define MEMFRAG_FILE_COLS_(id, mode, keys, sections)			\
	sections(MEMFRAG_SECTION_COLS_)
static const struct memfrag_col memfrag_cols[] = {
	MEMFRAG_FILES(MEMFRAG_FILE_COLS_)
	MEMFRAG_SECTIONS_TASKS(MEMFRAG_SECTION_COLS_)
};

#define MEMFRAG_SECTION_(name, flags, order_type, columns)		\
	[MEMFRAG_SECTION_##name] = {					\
		MEMFRAG_SEC_HEADER(name, flags), flags,			\
		&memfrag_cols[MEMFRAG_COLS_AT_##name],			\
		MEMFRAG_COLS_LAST_##name + 1 - MEMFRAG_COLS_AT_##name	\
	},
#define MEMFRAG_FILE_SECTIONS_(id, mode, keys, sections)		\
	sections(MEMFRAG_SECTION_)
static const struct memfrag_section_desc memfrag_sections[] = {
	MEMFRAG_FILES(MEMFRAG_FILE_SECTIONS_)
	MEMFRAG_SECTIONS_TASKS(MEMFRAG_SECTION_)
};

void memfrag_show_section(struct seq_file *m, enum memfrag_section sec)
{
	const struct memfrag_section_desc *s = &memfrag_sections[sec];
	unsigned int i;

	if (*s->header)
		seq_printf(m, "[%s]\n", s->header);
	for (i = 0; i < s->nr_cols; i++)
		seq_printf(m, "%s%*s", i ? " " : "", s->cols[i].width,
			   memfrag_column_name(s->cols[i].id));
	if (s->flags & MEMFRAG_SEC_ORDERS)
		for (i = 0; i < MEMFRAG_NR_ORDERS; i++)
			seq_printf(m, " %*u", MEMFRAG_ORDER_COL_WIDTH, i);
	seq_putc(m, '\n');
}

static unsigned int memfrag_row_cells(const struct memfrag_section_desc *s)
{
	return s->nr_cols +
	       (s->flags & MEMFRAG_SEC_ORDERS ? MEMFRAG_NR_ORDERS : 0);
}

/* Separates the next cell from the previous one and returns its width. */
static int memfrag_next_cell(struct memfrag_row *r)
{
	const struct memfrag_section_desc *s = &memfrag_sections[r->sec];
	unsigned int col = r->col++;

	if (col)
		seq_putc(r->m, ' ');
	if (col < s->nr_cols)
		return s->cols[col].width;
	WARN_ONCE(col >= memfrag_row_cells(s), "memfrag: [%s] has %u cells\n",
		  memfrag_section_name(r->sec), memfrag_row_cells(s));
	return MEMFRAG_ORDER_COL_WIDTH;
}

void memfrag_cell_str(struct memfrag_row *r, const char *s)
{
	int width = memfrag_next_cell(r);

	seq_printf(r->m, "%*s", width, s);
}

void memfrag_cell_int(struct memfrag_row *r, long long v)
{
	int width = memfrag_next_cell(r);

	seq_printf(r->m, "%*lld", width, v);
}

void memfrag_cell_u64(struct memfrag_row *r, u64 v)
{
	int width = memfrag_next_cell(r);

	seq_printf(r->m, "%*llu", width, v);
}

void memfrag_cell_milli(struct memfrag_row *r, int v)
{
	char buf[16];

	snprintf(buf, sizeof(buf), "%d.%03d", v / 1000, v % 1000);
	memfrag_cell_str(r, buf);
}

void memfrag_row_end(struct memfrag_row *r)
{
	const struct memfrag_section_desc *s = &memfrag_sections[r->sec];

	WARN_ONCE(r->col != memfrag_row_cells(s),
		  "memfrag: a row of [%s] has %u of its %u cells\n",
		  memfrag_section_name(r->sec), r->col, memfrag_row_cells(s));
	seq_putc(r->m, '\n');
}

void memfrag_show_page_size(struct seq_file *m)
{
	seq_printf(m, "page_size: %lu\n", PAGE_SIZE);
}

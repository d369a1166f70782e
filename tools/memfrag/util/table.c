// SPDX-License-Identifier: GPL-2.0
/*
 * Aligned text tables.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "table.h"

void mf_table_init(struct mf_table *t, unsigned int ncol)
{
	memset(t, 0, sizeof(*t));
	t->ncol = ncol ? ncol : 1;
	t->align = mf_xmalloc(t->ncol);
	memset(t->align, MF_LEFT, t->ncol);
	mf_table_row(t);	/* the heading */
}

void mf_table_init_heads(struct mf_table *t, const struct mf_head *heads,
			 unsigned int n)
{
	unsigned int c;

	mf_table_init(t, n);
	for (c = 0; c < n; c++)
		mf_table_head(t, c, heads[c].name, heads[c].align);
}

void mf_table_row(struct mf_table *t)
{
	if (t->nrow == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 16;
		t->cells = mf_xrealloc(t->cells,
				       (size_t)t->cap * t->ncol * sizeof(char *));
	}
	memset(&t->cells[(size_t)t->nrow * t->ncol], 0,
	       t->ncol * sizeof(char *));
	t->nrow++;
	t->cur = 0;
}

static char *mf_table_dup(const char *s)
{
	size_t len = strlen(s);
	char *p = mf_xmalloc(len + 1);

	memcpy(p, s, len + 1);
	return p;
}

void mf_table_head(struct mf_table *t, unsigned int c, const char *name,
		   int align)
{
	if (c >= t->ncol)
		return;
	free(t->cells[c]);
	t->cells[c] = mf_table_dup(name);
	t->align[c] = align;
}

void mf_table_cell(struct mf_table *t, const char *fmt, ...)
{
	char buf[256];
	va_list ap;
	size_t i;

	if (t->cur >= t->ncol)
		return;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	i = (size_t)(t->nrow - 1) * t->ncol + t->cur++;
	free(t->cells[i]);
	t->cells[i] = mf_table_dup(buf);
}

void mf_table_u64(struct mf_table *t, unsigned long long v)
{
	mf_table_cell(t, "%llu", v);
}

void mf_table_autoalign(struct mf_table *t)
{
	unsigned int r, c, nums;
	long long v;

	for (c = 0; c < t->ncol; c++) {
		nums = 0;
		for (r = 1; r < t->nrow; r++) {
			const char *s = t->cells[(size_t)r * t->ncol + c];

			if (!s || !*s || !strcmp(s, "total"))
				continue;
			if (mf_parse_int(s, &v))
				break;
			nums++;
		}
		if (r == t->nrow && nums)
			t->align[c] = MF_RIGHT;
	}
}

unsigned int mf_table_width = MF_TABLE_WIDTH;
int mf_table_marks;

/* Columns from..to-1 of every row, the key column first when from > 0. */
static void mf_table_block(const struct mf_table *t, FILE *out,
			   unsigned int indent, const size_t *width,
			   unsigned int from, unsigned int to)
{
	unsigned int r, c, last = to, k;

	if (mf_table_marks)
		fputs(MF_TABLE_MARK_BEGIN "\n", out);
	for (r = 0; r < t->nrow; r++) {
		const char **row = (const char **)&t->cells[(size_t)r * t->ncol];

		fprintf(out, "%*s", (int)indent, "");
		for (k = 0, c = from ? 0 : from; c < last; k++) {
			/* an empty cell is "-": every row has every field */
			const char *s = row[c] && *row[c] ? row[c] : "-";
			int w = (int)width[c];

			if (k)
				fputs("  ", out);
			if (t->align[c] == MF_RIGHT)
				fprintf(out, "%*s", w, s);
			else if (c + 1 < last)
				fprintf(out, "%-*s", w, s);
			else
				fputs(s, out);
			c = c == 0 && from ? from : c + 1;
		}
		fputc('\n', out);
	}
	if (mf_table_marks)
		fputs(MF_TABLE_MARK_END "\n", out);
}

/*
 * A table wider than mf_table_width is printed in blocks of columns, one
 * under the other, each starting with the first (key) column.
 */
void mf_table_print(const struct mf_table *t, FILE *out, unsigned int indent)
{
	size_t *width = mf_xmalloc(t->ncol * sizeof(*width));
	unsigned int r, c, from;
	size_t used;

	memset(width, 0, t->ncol * sizeof(*width));
	for (r = 0; r < t->nrow; r++)
		for (c = 0; c < t->ncol; c++) {
			const char *s = t->cells[(size_t)r * t->ncol + c];

			if (s && strlen(s) > width[c])
				width[c] = strlen(s);
		}
	for (from = 0; from < t->ncol; from = c) {
		used = indent + (t->ncol ? width[0] : 0);
		c = from ? from : 1;
		/* at least one column per block */
		do {
			used += 2 + width[c];
			c++;
		} while (c < t->ncol &&
			 (!mf_table_width || used + 2 + width[c] <= mf_table_width));
		if (from)
			fputc('\n', out);
		mf_table_block(t, out, indent, width, from, c);
		if (t->ncol == 1)
			break;
	}
	free(width);
}

/* One line of a note, cut at the last space that keeps it in the width. */
static void mf_note_line(FILE *out, const char *s, size_t len)
{
	size_t max = mf_table_width, cut;

	while (max && len > max) {
		for (cut = max; cut && s[cut] != ' '; cut--)
			;
		if (!cut)	/* one word wider than the line */
			for (cut = max; cut < len && s[cut] != ' '; cut++)
				;
		if (cut >= len)
			break;
		fprintf(out, "%.*s\n", (int)cut, s);
		s += cut + 1;
		len -= cut + 1;
		fputs("  ", out);
		max = mf_table_width - 2;
	}
	fprintf(out, "%.*s\n", (int)len, s);
}

void mf_note(FILE *out, const char *fmt, ...)
{
	char buf[4096];
	const char *s, *nl;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	for (s = buf; *s; s = nl + 1) {
		nl = strchr(s, '\n');
		if (!nl) {
			mf_note_line(out, s, strlen(s));
			break;
		}
		mf_note_line(out, s, (size_t)(nl - s));
	}
}

void mf_table_free(struct mf_table *t)
{
	size_t i;

	for (i = 0; i < (size_t)t->nrow * t->ncol; i++)
		free(t->cells[i]);
	free(t->cells);
	free(t->align);
	memset(t, 0, sizeof(*t));
}

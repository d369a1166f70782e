// SPDX-License-Identifier: GPL-2.0
/*
 * Pivot tables.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "pivot.h"
#include "schema.h"
#include "table.h"

/* At most this many values are filled in between two numeric keys. */
#define MF_FILL_MAX	64

unsigned int mf_name_rank(const char *const *names, const char *name)
{
	unsigned int i;

	for (i = 0; names && names[i]; i++)
		if (!strcmp(names[i], name))
			return i;
	return i;
}

/* A list of distinct strings, kept in the order they were added. */
struct mf_keys {
	char **v;
	unsigned int n;
};

static unsigned int mf_keys_add(struct mf_keys *k, const char *s)
{
	unsigned int i;
	size_t len;

	for (i = 0; i < k->n; i++)
		if (!strcmp(k->v[i], s))
			return i;
	len = strlen(s);
	k->v = mf_xrealloc(k->v, (k->n + 1) * sizeof(char *));
	k->v[k->n] = mf_xmalloc(len + 1);
	memcpy(k->v[k->n], s, len + 1);
	return k->n++;
}

static int mf_keys_find(const struct mf_keys *k, const char *s)
{
	unsigned int i;

	for (i = 0; i < k->n; i++)
		if (!strcmp(k->v[i], s))
			return (int)i;
	return -1;
}

static void mf_keys_free(struct mf_keys *k)
{
	unsigned int i;

	for (i = 0; i < k->n; i++)
		free(k->v[i]);
	free(k->v);
}

/* Adds every number between the lowest and the highest key. */
static void mf_keys_fill(struct mf_keys *k)
{
	long long lo = LLONG_MAX, hi = LLONG_MIN, v;
	unsigned int i;
	char buf[24];

	for (i = 0; i < k->n; i++) {
		if (mf_parse_int(k->v[i], &v))
			return;
		lo = v < lo ? v : lo;
		hi = v > hi ? v : hi;
	}
	if (!k->n || hi - lo >= MF_FILL_MAX)
		return;
	for (v = lo; v <= hi; v++) {
		snprintf(buf, sizeof(buf), "%lld", v);
		mf_keys_add(k, buf);
	}
}

static const char *const *mf_sort_names;

static int mf_cmp_keys(const void *a, const void *b)
{
	const char *x = *(char *const *)a, *y = *(char *const *)b;
	long long u, v;
	unsigned int ru, rv;

	if (!mf_sort_names) {
		if (mf_parse_int(x, &u) || mf_parse_int(y, &v))
			return strcmp(x, y);
		return u < v ? -1 : u > v;
	}
	ru = mf_name_rank(mf_sort_names, x);
	rv = mf_name_rank(mf_sort_names, y);
	if (ru != rv)
		return ru < rv ? -1 : 1;
	return strcmp(x, y);
}

static void mf_keys_sort(struct mf_keys *k, const char *const *names)
{
	mf_sort_names = names;
	if (k->n)
		qsort(k->v, k->n, sizeof(char *), mf_cmp_keys);
}

/* The row key of r: the cells of its row keys joined by '\t'. */
static void mf_key_of(const struct mf_section *s, const struct mf_key *keys,
		      unsigned int nkeys, const struct mf_row *r, char *buf,
		      size_t size)
{
	const struct mf_key *k;
	size_t len = 0;
	unsigned int i, c;

	buf[0] = '\0';
	for (i = 0, k = keys; i < nkeys; i++, k++)
		for (c = 0; c < MF_ARRAY_SIZE(k->cols) && k->cols[c]; c++) {
			/* "0:DMA32": no spaces inside a column's value */
			len += snprintf(buf + len, size - len, "%s%s",
					c ? ":" : i ? "\t" : "",
					mf_str(s, r, k->cols[c]));
			if (len >= size)
				return;
		}
}

static unsigned int mf_nkeys(const struct mf_key *keys, unsigned int max)
{
	unsigned int n = 0;

	while (n < max && keys[n].head)
		n++;
	return n;
}

/* One table row's key cells, from a '\t'-joined key. */
static void mf_key_cells(struct mf_table *t, const char *key,
			 unsigned int nkeys)
{
	char buf[512], *save, *tok;
	unsigned int i;

	snprintf(buf, sizeof(buf), "%s", key);
	for (tok = strtok_r(buf, "\t", &save), i = 0; tok && i < nkeys;
	     tok = strtok_r(NULL, "\t", &save), i++)
		mf_table_cell(t, "%s", tok);
	for (; i < nkeys; i++)
		mf_table_cell(t, "%s", "");
}

static void mf_pivot_heading(const struct mf_pivot *p, struct mf_table *t,
			     const struct mf_keys *cols, unsigned int nkeys)
{
	unsigned int i;
	long long v;
	char buf[160];

	for (i = 0; i < nkeys; i++)
		mf_table_head(t, i, p->rowkeys[i].head, MF_LEFT);
	for (i = 0; i < cols->n; i++) {
		int marked = p->mark && !mf_parse_int(cols->v[i], &v) &&
			     p->mark(v, p->arg);

		snprintf(buf, sizeof(buf), "%s%s", cols->v[i],
			 marked ? "*" : "");
		mf_table_head(t, nkeys + i, buf, MF_RIGHT);
	}
	if (p->totals)
		mf_table_head(t, nkeys + cols->n, "total", MF_RIGHT);
}

unsigned int mf_pivot_print(const struct mf_pivot *p, FILE *out,
			    unsigned int indent)
{
	struct mf_keys rows = { 0 }, cols = { 0 };
	unsigned long long *cell, *coltot, sum, all = 0;
	unsigned int i, nrows;
	unsigned int nkeys = mf_nkeys(p->rowkeys, MF_ARRAY_SIZE(p->rowkeys));
	struct mf_table t;
	char key[512];
	int ri, ci;

	for (i = 0; i < p->s->nrow; i++) {
		const struct mf_row *r = &p->s->rows[i];

		if (p->filter && !p->filter(p->s, r, p->arg))
			continue;
		mf_key_of(p->s, p->rowkeys, nkeys, r, key, sizeof(key));
		mf_keys_add(&rows, key);
		mf_keys_add(&cols, mf_str(p->s, r, p->colkey));
	}
	nrows = rows.n;
	if (!nrows)
		goto out;
	if (p->fill_rows) {
		mf_keys_fill(&rows);
		mf_keys_sort(&rows, NULL);
	} else if (p->row_names) {
		mf_keys_sort(&rows, p->row_names);
	}
	if (p->fill_cols)
		mf_keys_fill(&cols);
	mf_keys_sort(&cols, p->names);

	cell = mf_xmalloc((size_t)rows.n * cols.n * sizeof(*cell));
	memset(cell, 0, (size_t)rows.n * cols.n * sizeof(*cell));
	coltot = mf_xmalloc(cols.n * sizeof(*coltot));
	memset(coltot, 0, cols.n * sizeof(*coltot));
	for (i = 0; i < p->s->nrow; i++) {
		const struct mf_row *r = &p->s->rows[i];
		unsigned long long v = mf_u64z(p->s, r, p->value);

		if (p->filter && !p->filter(p->s, r, p->arg))
			continue;
		mf_key_of(p->s, p->rowkeys, nkeys, r, key, sizeof(key));
		ri = mf_keys_find(&rows, key);
		ci = mf_keys_find(&cols, mf_str(p->s, r, p->colkey));
		if (ri < 0 || ci < 0)
			continue;
		cell[(size_t)ri * cols.n + ci] += v;
		coltot[ci] += v;
		all += v;
	}

	mf_table_init(&t, nkeys + cols.n + !!p->totals);
	mf_pivot_heading(p, &t, &cols, nkeys);
	for (ri = 0; ri < (int)rows.n; ri++) {
		mf_table_row(&t);
		mf_key_cells(&t, rows.v[ri], nkeys);
		sum = 0;
		for (ci = 0; ci < (int)cols.n; ci++) {
			sum += cell[(size_t)ri * cols.n + ci];
			mf_table_u64(&t, cell[(size_t)ri * cols.n + ci]);
		}
		if (p->totals)
			mf_table_u64(&t, sum);
	}
	if (p->totals && rows.n > 1) {
		mf_table_row(&t);
		mf_table_cell(&t, "%s", "total");
		for (i = 1; i < nkeys; i++)
			mf_table_cell(&t, "%s", "");
		for (ci = 0; ci < (int)cols.n; ci++)
			mf_table_u64(&t, coltot[ci]);
		mf_table_u64(&t, all);
	}
	mf_table_autoalign(&t);
	mf_table_print(&t, out, indent);
	mf_table_free(&t);
	free(cell);
	free(coltot);
out:
	mf_keys_free(&rows);
	mf_keys_free(&cols);
	return nrows;
}

/* The sums of a join: cell[row * n + k], the rows' keys in rows. */
struct mf_join {
	struct mf_keys rows;
	unsigned long long *cell;
	unsigned int nkeys;
};

static void mf_join(const struct mf_section *const *secs, unsigned int n,
		    const struct mf_key *keys, const char *value,
		    struct mf_join *jn)
{
	unsigned int i, k;
	char key[512];
	int ri;

	memset(jn, 0, sizeof(*jn));
	jn->nkeys = mf_nkeys(keys, UINT_MAX);
	for (k = 0; k < n; k++)
		for (i = 0; secs[k] && i < secs[k]->nrow; i++) {
			mf_key_of(secs[k], keys, jn->nkeys, &secs[k]->rows[i],
				  key, sizeof(key));
			mf_keys_add(&jn->rows, key);
		}
	jn->cell = mf_xmalloc(((size_t)jn->rows.n * n + 1) *
			      sizeof(*jn->cell));
	memset(jn->cell, 0, ((size_t)jn->rows.n * n + 1) * sizeof(*jn->cell));
	for (k = 0; k < n; k++)
		for (i = 0; secs[k] && i < secs[k]->nrow; i++) {
			const struct mf_row *r = &secs[k]->rows[i];

			mf_key_of(secs[k], keys, jn->nkeys, r, key,
				  sizeof(key));
			ri = mf_keys_find(&jn->rows, key);
			if (ri >= 0)
				jn->cell[(size_t)ri * n + k] +=
					mf_u64z(secs[k], r, value);
		}
}

static void mf_join_free(struct mf_join *jn)
{
	mf_keys_free(&jn->rows);
	free(jn->cell);
}

unsigned int mf_join_print(const struct mf_section *const *secs,
			   const char *const *heads, unsigned int n,
			   const struct mf_key *keys, const char *value,
			   FILE *out, unsigned int indent)
{
	struct mf_join jn;
	unsigned int i, k, nrows;
	struct mf_table t;

	mf_join(secs, n, keys, value, &jn);
	nrows = jn.rows.n;
	if (!nrows)
		goto out;
	mf_table_init(&t, jn.nkeys + n);
	for (i = 0; i < jn.nkeys; i++)
		mf_table_head(&t, i, keys[i].head, MF_LEFT);
	for (k = 0; k < n; k++)
		mf_table_head(&t, jn.nkeys + k, heads[k], MF_RIGHT);
	for (i = 0; i < nrows; i++) {
		mf_table_row(&t);
		mf_key_cells(&t, jn.rows.v[i], jn.nkeys);
		for (k = 0; k < n; k++)
			mf_table_u64(&t, jn.cell[(size_t)i * n + k]);
	}
	mf_table_autoalign(&t);
	mf_table_print(&t, out, indent);
	mf_table_free(&t);
out:
	mf_join_free(&jn);
	return nrows;
}

void mf_join_json(const struct mf_section *const *secs,
		  const char *const *heads, unsigned int n,
		  const struct mf_key *keys, const char *value,
		  struct mf_json *j, const char *name)
{
	struct mf_join jn;
	unsigned int i, k, c;
	char buf[512], *save, *tok;

	mf_join(secs, n, keys, value, &jn);
	mf_json_begin(j, name, '[');
	for (i = 0; i < jn.rows.n; i++) {
		mf_json_begin(j, NULL, '{');
		snprintf(buf, sizeof(buf), "%s", jn.rows.v[i]);
		/* one key a column: "0:DMA32" is node 0, zone DMA32 */
		tok = strtok_r(buf, "\t:", &save);
		for (k = 0; k < jn.nkeys; k++)
			for (c = 0; c < MF_ARRAY_SIZE(keys[k].cols) &&
			     keys[k].cols[c]; c++) {
				long long v;

				if (tok && !mf_parse_int(tok, &v))
					mf_json_int(j, keys[k].cols[c], v);
				else if (tok)
					mf_json_str(j, keys[k].cols[c], tok);
				else
					mf_json_null(j, keys[k].cols[c]);
				tok = strtok_r(NULL, "\t:", &save);
			}
		for (k = 0; k < n; k++)
			mf_json_u64(j, heads[k], jn.cell[(size_t)i * n + k]);
		mf_json_end(j, '}');
	}
	mf_json_end(j, ']');
	mf_join_free(&jn);
}

// SPDX-License-Identifier: GPL-2.0
/*
 * A file as a recording's snapshot holds it (the views' JSON, json.c)
 * back into the file the module wrote: its text, which mf_parse() and
 * mf_validate() then read as they read the live module's.  So a recording
 * is read through the same parser and the same schema checks as debugfs
 * and a -d directory, and every command reduces the same structures.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonfile.h"
#include "schema.h"

struct mf_text {
	char *buf;
	size_t len, cap;
};

static void mf_text_add(struct mf_text *t, const char *fmt, ...)
	MF_PRINTF(2, 3);

static void mf_text_add(struct mf_text *t, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (!t->buf) {
		t->cap = 4096;
		t->buf = mf_xmalloc(t->cap);
	}
	for (;;) {
		va_start(ap, fmt);
		n = vsnprintf(t->buf + t->len, t->cap - t->len, fmt, ap);
		va_end(ap);
		if (n >= 0 && (size_t)n < t->cap - t->len)
			break;
		t->cap = 2 * t->cap + (n > 0 ? (size_t)n : 0) + 256;
		t->buf = mf_xrealloc(t->buf, t->cap);
	}
	t->len += (size_t)n;
}

/* A number as the module prints it: an integer, or thousandths. */
static int mf_text_num(struct mf_text *t, enum mf_type type, double v)
{
	char buf[32];

	if (!isfinite(v))
		return -1;
	if (type == MF_T_MILLI) {
		mf_text_add(t, "%s", mf_fmt_milli(buf, sizeof(buf),
						  llround(v * 1000)));
		return 0;
	}
	/* counters are whole: a fraction or 2^64 is no file's */
	if (v != floor(v) || v >= 0x1p64 || v < -0x1p63)
		return -1;
	if (v < 0)
		mf_text_add(t, "%lld", (long long)v);
	else
		mf_text_add(t, "%llu", (unsigned long long)v);
	return 0;
}

/* One field: null is "inf" for an upper bound, "unknown" or "-" else. */
static int mf_text_tok(struct mf_text *t, enum mf_type type,
		       const struct mf_jv *v)
{
	if (!v)
		return -1;
	switch (v->type) {
	case MF_JNULL:
		mf_text_add(t, "%s", type == MF_T_UPPER ? "inf" :
				     type == MF_T_INT_OR_UNKNOWN ? "unknown" :
				     "-");
		return 0;
	case MF_JNUM:
		return mf_text_num(t, type, v->num);
	case MF_JSTR:
		/* a string key or a note may have spaces, a field not */
		if (!*v->str || strchr(v->str, '\n') ||
		    (type != MF_T_WORDS && strchr(v->str, ' ')))
			return -1;
		mf_text_add(t, "%s", v->str);
		return 0;
	default:
		return -1;
	}
}

/* "a=1 b=2", "16 known, 16 attached", "a b" (or "none"). */
static int mf_text_kv(struct mf_text *t, enum mf_type type,
		      const struct mf_jv *v)
{
	unsigned int i;

	if (type == MF_T_PAIRS || type == MF_T_TPCOUNT) {
		if (v->type != MF_JOBJ)
			return -1;
		for (i = 0; i < v->n; i++) {
			if (type == MF_T_PAIRS)
				mf_text_add(t, "%s%s=", i ? " " : "",
					    v->keys[i]);
			else if (i)
				mf_text_add(t, ", ");
			if (v->items[i]->type != MF_JNUM ||
			    mf_text_num(t, MF_T_COUNT, v->items[i]->num))
				return -1;
			if (type == MF_T_TPCOUNT)
				mf_text_add(t, " %s", v->keys[i]);
		}
		return 0;
	}
	if (type == MF_T_WORDS) {
		if (v->type != MF_JARR)
			return -1;
		for (i = 0; i < v->n; i++) {
			if (i)
				mf_text_add(t, " ");
			if (v->items[i]->type != MF_JSTR ||
			    mf_text_tok(t, MF_T_STR, v->items[i]))
				return -1;
		}
		if (!v->n)
			mf_text_add(t, "none");
		return 0;
	}
	/* a string key ("kernel: ...", "events: ...") is the rest of its line */
	return mf_text_tok(t, type == MF_T_STR ? MF_T_WORDS : type, v);
}

/* The spec of the section whose JSON key is key, in f's format. */
static const struct mf_secspec *mf_text_secspec(const struct mf_file *f,
						const char *key)
{
	const struct mf_filespec *fs = mf_filespec(f->name);
	const struct mf_secspec *ss;
	int held = 0;

	for (ss = fs ? fs->secs : NULL; ss && ss->name; ss++)
		if (!strcmp(ss->json, key))
			return ss;
	fs = mf_moved_spec(f, &held);
	for (ss = fs && held ? fs->secs : NULL; ss && ss->name; ss++)
		if (!strcmp(ss->json, key))
			return ss;
	return NULL;
}

static int mf_text_is_col(const struct mf_secspec *ss, const char *key)
{
	const struct mf_colspec *c;

	for (c = ss->cols; c->name; c++)
		if (!strcmp(c->name, key))
			return 1;
	return (ss->flags & MEMFRAG_SEC_ORDERS) && !strcmp(key, "orders");
}

/* One row: its columns, its orders, then any name=number field. */
static int mf_text_row(struct mf_text *t, const struct mf_secspec *ss,
		       const struct mf_jv *row, unsigned int norders)
{
	const struct mf_jv *orders = mf_jv_get(row, "orders");
	const struct mf_colspec *c;
	unsigned int i;

	if (row->type != MF_JOBJ)
		return -1;
	for (c = ss->cols; c->name; c++) {
		if (c != ss->cols)
			mf_text_add(t, " ");
		if (mf_text_tok(t, c->type, mf_jv_get(row, c->name)))
			return -1;
	}
	if (ss->flags & MEMFRAG_SEC_ORDERS) {
		if (!orders || orders->type != MF_JARR ||
		    orders->n != norders)
			return -1;
		for (i = 0; i < norders; i++) {
			mf_text_add(t, " ");
			if (mf_text_tok(t, ss->order_type, orders->items[i]))
				return -1;
		}
	}
	/* a failed probe's error=-22, after the columns */
	for (i = 0; i < row->n; i++) {
		if (mf_text_is_col(ss, row->keys[i]))
			continue;
		mf_text_add(t, " %s=", row->keys[i]);
		if (mf_text_tok(t, MF_T_INT, row->items[i]))
			return -1;
	}
	mf_text_add(t, "\n");
	return 0;
}

static int mf_text_section(struct mf_text *t, const struct mf_secspec *ss,
			   const struct mf_jv *v)
{
	const struct mf_colspec *c;
	unsigned int i, o, norders = 0;

	if (v->type == MF_JNULL)
		return 0;	/* the file's format has no such section */
	if (ss->flags & MEMFRAG_SEC_NOTE) {
		if (v->type != MF_JSTR)
			return -1;
		mf_text_add(t, "[%s]\n", ss->name);
		if (mf_text_tok(t, MF_T_WORDS, v))
			return -1;
		mf_text_add(t, "\n");
		return 0;
	}
	if (v->type != MF_JARR)
		return -1;
	if (ss->flags & MEMFRAG_SEC_ORDERS)
		norders = v->n ? mf_jv_len(v->items[0], "orders") : 1;
	if (*ss->name)
		mf_text_add(t, "[%s]\n", ss->name);
	for (c = ss->cols; c->name; c++)
		mf_text_add(t, "%s%s", c == ss->cols ? "" : " ", c->name);
	for (o = 0; o < norders; o++)
		mf_text_add(t, " %u", o);
	mf_text_add(t, "\n");
	for (i = 0; i < v->n; i++)
		if (mf_text_row(t, ss, v->items[i], norders))
			return -1;
	return 0;
}

/* The file's text: header, keys, the unnamed table, then the sections. */
static int mf_text_file(struct mf_text *t, const struct mf_file *f,
			const struct mf_jv *v, const char **bad)
{
	const struct mf_secspec *ss;
	const struct mf_colspec *c;
	unsigned int i, pass;

	mf_text_add(t, "memfrag %s\nformat: %lld\n", f->version, f->format);
	for (pass = 0; pass < 3; pass++) {
		for (i = 0; i < v->n; i++) {
			const char *key = v->keys[i];

			*bad = key;
			if (!strcmp(key, "version") || !strcmp(key, "format"))
				continue;
			ss = mf_text_secspec(f, key);
			if (pass == 0 && !ss) {
				c = mf_kvspec(f, key);
				/* null: a key the module's format lacks */
				if (v->items[i]->type == MF_JNULL &&
				    (!c || c->type != MF_T_INT_OR_UNKNOWN))
					continue;
				/*
				 * a table the schema does not know: as an
				 * unknown section of the text, it counts
				 * nothing
				 */
				if (!c && (v->items[i]->type == MF_JARR ||
					   v->items[i]->type == MF_JOBJ))
					continue;
				mf_text_add(t, "%s: ", key);
				if (mf_text_kv(t, c ? c->type : MF_T_STR,
					       v->items[i]))
					return -1;
				mf_text_add(t, "\n");
			} else if (ss && pass == 1 + !!*ss->name &&
				   mf_text_section(t, ss, v->items[i])) {
				return -1;
			}
		}
	}
	return 0;
}

int mf_file_from_json(struct mf_file *f, const char *name, const char *path,
		      const struct mf_jv *v, struct mf_error *err)
{
	struct mf_text t = { 0 };
	const char *bad = "(none)";
	double format = mf_jv_num(v, "format", -1);
	const char *version = mf_jv_str(v, "version", NULL);
	struct mf_file spec;
	int ret;

	if (!v || v->type != MF_JOBJ || !mf_filespec(name)) {
		mf_file_init(f, name, path);
		return mf_fail(err, MF_EXIT_MALFORMED, "%s: no %s file",
			       path, name);
	}
	if (!version || !*version || strpbrk(version, "\n\t ") ||
	    format != floor(format) || format < 0 || format > 1e6) {
		mf_file_init(f, name, path);
		return mf_fail(err, MF_EXIT_MALFORMED,
			       "%s: %s: no version or format", path, name);
	}
	/* the spec follows the file's format */
	mf_file_init(&spec, name, path);
	spec.version = version;
	spec.format = (long long)format;
	ret = mf_text_file(&t, &spec, v, &bad);
	mf_file_free(&spec);
	if (ret) {
		mf_file_init(f, name, path);
		ret = mf_fail(err, MF_EXIT_MALFORMED,
			      "%s: \"%s\" does not fit the %s file's schema",
			      path, bad, name);
	} else {
		ret = mf_parse(f, name, path, t.buf, t.len, err);
		if (!ret)
			ret = mf_validate(f, err);
	}
	free(t.buf);
	return ret;
}

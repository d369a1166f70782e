// SPDX-License-Identifier: GPL-2.0
/*
 * JSON output.  Numbers are written from parsed values, never copied from
 * the input, so the output is valid JSON whatever the input held.
 */
#include <string.h>

#include "json.h"

void mf_json_init(struct mf_json *j, FILE *out, int pretty)
{
	memset(j, 0, sizeof(*j));
	j->out = out;
	j->pretty = pretty;
}

static void mf_json_indent(struct mf_json *j)
{
	int i;

	if (!j->pretty)
		return;
	fputc('\n', j->out);
	for (i = 0; i < j->depth; i++)
		fputs("  ", j->out);
}

static void mf_json_string(FILE *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	fputc('"', out);
	for (; *p; p++) {
		if (*p == '"' || *p == '\\')
			fprintf(out, "\\%c", *p);
		else if (*p < 0x20 || *p >= 0x7f)
			/* the module writes ASCII; escape anything else */
			fprintf(out, "\\u%04x", *p);
		else
			fputc(*p, out);
	}
	fputc('"', out);
}

/* Separator, indentation and key before a value. */
static void mf_json_key(struct mf_json *j, const char *key)
{
	if (j->depth > 0 && j->items[j->depth - 1]++)
		fputc(',', j->out);
	if (j->depth > 0)
		mf_json_indent(j);
	if (key) {
		mf_json_string(j->out, key);
		fputs(j->pretty ? ": " : ":", j->out);
	}
}

void mf_json_begin(struct mf_json *j, const char *key, char bracket)
{
	mf_json_key(j, key);
	fputc(bracket, j->out);
	if (j->depth < MF_JSON_DEPTH)
		j->items[j->depth] = 0;
	j->depth++;
}

void mf_json_end(struct mf_json *j, char bracket)
{
	int empty = j->depth <= MF_JSON_DEPTH && !j->items[j->depth - 1];

	j->depth--;
	if (!empty)
		mf_json_indent(j);
	fputc(bracket, j->out);
}

void mf_json_str(struct mf_json *j, const char *key, const char *val)
{
	mf_json_key(j, key);
	mf_json_string(j->out, val);
}

void mf_json_u64(struct mf_json *j, const char *key, uint64_t val)
{
	mf_json_key(j, key);
	fprintf(j->out, "%llu", (unsigned long long)val);
}

void mf_json_int(struct mf_json *j, const char *key, long long val)
{
	mf_json_key(j, key);
	fprintf(j->out, "%lld", val);
}

void mf_json_double(struct mf_json *j, const char *key, double val)
{
	mf_json_key(j, key);
	fprintf(j->out, "%.15g", val);
}

/*
 * Seconds between two samples: always with a fraction, so that every
 * reader gets one type, and null when the samples carry no time (< 0).
 */
void mf_json_seconds(struct mf_json *j, const char *key, double secs)
{
	mf_json_key(j, key);
	if (secs < 0)
		fputs("null", j->out);
	else
		fprintf(j->out, "%.6f", secs);
}

void mf_json_bool(struct mf_json *j, const char *key, int val)
{
	mf_json_key(j, key);
	fputs(val ? "true" : "false", j->out);
}

void mf_json_null(struct mf_json *j, const char *key)
{
	mf_json_key(j, key);
	fputs("null", j->out);
}

void mf_json_milli(struct mf_json *j, const char *key, long long milli)
{
	char buf[32];

	mf_json_key(j, key);
	fputs(mf_fmt_milli(buf, sizeof(buf), milli), j->out);
}

void mf_json_tok(struct mf_json *j, const char *key, enum mf_type type,
		 const char *tok)
{
	uint64_t u;
	long long i;

	switch (type) {
	case MF_T_STR:
	case MF_T_WORDS:
	case MF_T_PAIRS:
	case MF_T_TPCOUNT:
		mf_json_str(j, key, tok);
		return;
	case MF_T_INT:
	case MF_T_INT_OR_UNKNOWN:
		if (!mf_parse_int(tok, &i)) {
			mf_json_int(j, key, i);
			return;
		}
		break;
	case MF_T_MILLI:
		if (!mf_parse_milli(tok, &i)) {
			mf_json_milli(j, key, i);
			return;
		}
		break;
	default:
		if (!mf_parse_u64(tok, &u)) {
			mf_json_u64(j, key, u);
			return;
		}
		break;
	}
	mf_json_null(j, key);
}

void mf_json_done(struct mf_json *j)
{
	fputc('\n', j->out);
}

/*
 * Reads one item of a "key: value" line at v into j: returns its length,
 * or 0 when v does not start with one.
 */
typedef int (*mf_json_item)(struct mf_json *j, const char *v);

/* The items of v, separated by any of sep, in bracket. */
static void mf_json_items(struct mf_json *j, const char *key, char bracket,
			  const char *v, const char *sep, mf_json_item item)
{
	int len;

	mf_json_begin(j, key, bracket);
	while (*v && (len = item(j, v)) > 0) {
		v += len;
		v += strspn(v, sep);
	}
	mf_json_end(j, bracket == '[' ? ']' : '}');
}

/* "a=1" of "a=1 b=2": a number named a. */
static int mf_json_pair(struct mf_json *j, const char *v)
{
	char name[64];
	unsigned long long n;
	int len = mf_pair_next(v, name, &n);

	if (len)
		mf_json_u64(j, name, n);
	return len;
}

/* "16 known" of "16 known, 16 attached, 0 missing": a number named known. */
static int mf_json_count(struct mf_json *j, const char *v)
{
	char name[64];
	unsigned long long n;
	int len = 0;

	if (sscanf(v, "%llu %63[a-z_]%n", &n, name, &len) != 2 || !len)
		return 0;
	mf_json_u64(j, name, n);
	return len;
}

/* "a" of "a b c": a string; "none" is no word. */
static int mf_json_word(struct mf_json *j, const char *v)
{
	char word[64];
	int len = 0;

	if (!strcmp(v, "none") || sscanf(v, "%63s%n", word, &len) != 1 ||
	    !len)
		return 0;
	mf_json_str(j, NULL, word);
	return len;
}

static void mf_json_kv(struct mf_json *j, const struct mf_colspec *c,
		       const char *v)
{
	switch (c->type) {
	case MF_T_PAIRS:
		mf_json_items(j, c->name, '{', v, " ", mf_json_pair);
		break;
	case MF_T_TPCOUNT:
		mf_json_items(j, c->name, '{', v, ", ", mf_json_count);
		break;
	case MF_T_WORDS:
		mf_json_items(j, c->name, '[', v, " ", mf_json_word);
		break;
	default:
		mf_json_tok(j, c->name, c->type, v);
		break;
	}
}

/* A name=number field as a member; other fields are left out. */
static void mf_json_extra(struct mf_json *j, const char *tok)
{
	const char *eq = strchr(tok, '=');
	char name[64];

	if (!eq || eq == tok || eq - tok >= (int)sizeof(name))
		return;
	snprintf(name, sizeof(name), "%.*s", (int)(eq - tok), tok);
	mf_json_tok(j, name, MF_T_INT, eq + 1);
}

static void mf_json_row(struct mf_json *j, const struct mf_secspec *ss,
			const struct mf_section *s, const struct mf_row *r)
{
	const struct mf_colspec *c;
	unsigned int o, n;

	mf_json_begin(j, NULL, '{');
	for (c = ss->cols; c->name; c++)
		mf_json_tok(j, c->name, c->type, mf_str(s, r, c->name));
	if (ss->flags & MEMFRAG_SEC_ORDERS) {
		n = mf_norders(s);
		mf_json_begin(j, "orders", '[');
		for (o = 0; o < n; o++)
			mf_json_tok(j, NULL, ss->order_type,
				    mf_order_tok(s, r, o));
		mf_json_end(j, ']');
	}
	/* a field after the columns, name=number: a failed probe's error=-22 */
	if (r->ntok > s->ncol)
		mf_json_extra(j, r->tok[s->ncol]);
	mf_json_end(j, '}');
}

/*
 * The sections of spec fs that f holds; null for each where f's format
 * has none yet (held 0, or a section new in format 3), not an empty table.
 */
static void mf_json_sections(struct mf_json *j, const struct mf_file *f,
			     const struct mf_filespec *fs, int held)
{
	const struct mf_secspec *ss;
	const struct mf_section *s;
	unsigned int i;

	for (ss = fs->secs; ss->name; ss++) {
		s = mf_section(f, ss->name);
		if (!s && (!held || ((ss->flags & MEMFRAG_SEC_FORMAT3) &&
				     f->format < 3))) {
			mf_json_null(j, ss->json);
			continue;
		}
		if (ss->flags & MEMFRAG_SEC_NOTE) {
			if (s)
				mf_json_str(j, ss->json, s->header);
			else
				mf_json_null(j, ss->json);
			continue;
		}
		mf_json_begin(j, ss->json, '[');
		for (i = 0; s && i < s->nrow; i++)
			mf_json_row(j, ss, s, &s->rows[i]);
		mf_json_end(j, ']');
	}
}

void mf_json_file(struct mf_json *j, const struct mf_file *f)
{
	const struct mf_filespec *fs = mf_filespec(f->name);
	const struct mf_colspec *keys[MF_MAX_KEYS];
	unsigned int i, n;
	const char *v;
	int held;

	if (!fs)
		return;
	/* the module's keys and the tool's (the zones thresholds) */
	n = mf_keys(f, keys);
	for (i = 0; i < n; i++) {
		v = mf_kv(f, keys[i]->name);
		if (v)
			mf_json_kv(j, keys[i], v);
		else
			mf_json_null(j, keys[i]->name);
	}
	mf_json_sections(j, f, fs, 1);
	fs = mf_moved_spec(f, &held);
	if (fs)
		mf_json_sections(j, f, fs, held);
}

void mf_json_file_kv(struct mf_json *j, const struct mf_file *f,
		     const char *key)
{
	const struct mf_colspec *c = mf_kvspec(f, key);
	const char *v = mf_kv(f, key);

	if (c && v)
		mf_json_kv(j, c, v);
	else
		mf_json_null(j, key);
}

void mf_json_col(struct mf_json *j, const struct mf_file *f,
		 const struct mf_section *s, const struct mf_row *r,
		 const char *col)
{
	const struct mf_colspec *c = mf_colspec(f, s, col);

	mf_json_tok(j, col, c ? c->type : MF_T_STR, mf_str(s, r, col));
}

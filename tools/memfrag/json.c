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
	fprintf(j->out, "%.6g", val);
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

/* "a=1 b=2" as an object of numbers. */
static void mf_json_pairs(struct mf_json *j, const char *key, const char *v)
{
	char name[64];
	unsigned long long n;
	int len;

	mf_json_begin(j, key, '{');
	while (*v) {
		len = 0;
		if (sscanf(v, "%63[a-z_0-9]=%llu%n", name, &n, &len) != 2 ||
		    !len)
			break;
		mf_json_u64(j, name, n);
		v += len;
		v += strspn(v, " ");
	}
	mf_json_end(j, '}');
}

/* "16 known, 16 attached, 0 missing" as an object of numbers. */
static void mf_json_tpcount(struct mf_json *j, const char *key,
			    const char *v)
{
	char name[64];
	unsigned long long n;
	int len;

	mf_json_begin(j, key, '{');
	while (*v) {
		len = 0;
		if (sscanf(v, "%llu %63[a-z_]%n", &n, name, &len) != 2 ||
		    !len)
			break;
		mf_json_u64(j, name, n);
		v += len;
		v += strspn(v, ", ");
	}
	mf_json_end(j, '}');
}

/* "a b c" as an array of strings; "none" is the empty array. */
static void mf_json_words(struct mf_json *j, const char *key, const char *v)
{
	char word[64];
	int len;

	mf_json_begin(j, key, '[');
	while (*v && strcmp(v, "none")) {
		len = 0;
		if (sscanf(v, "%63s%n", word, &len) != 1 || !len)
			break;
		mf_json_str(j, NULL, word);
		v += len;
		v += strspn(v, " ");
	}
	mf_json_end(j, ']');
}

static void mf_json_kv(struct mf_json *j, const struct mf_colspec *c,
		       const char *v)
{
	switch (c->type) {
	case MF_T_PAIRS:
		mf_json_pairs(j, c->name, v);
		break;
	case MF_T_TPCOUNT:
		mf_json_tpcount(j, c->name, v);
		break;
	case MF_T_WORDS:
		mf_json_words(j, c->name, v);
		break;
	default:
		mf_json_tok(j, c->name, c->type, v);
		break;
	}
}

static void mf_json_row(struct mf_json *j, const struct mf_secspec *ss,
			const struct mf_section *s, const struct mf_row *r)
{
	const struct mf_colspec *c;
	unsigned int o, n;

	mf_json_begin(j, NULL, '{');
	for (c = ss->cols; c->name; c++)
		mf_json_tok(j, c->name, c->type, mf_str(s, r, c->name));
	if (ss->flags & MF_SEC_ORDERS) {
		n = mf_norders(s);
		mf_json_begin(j, "orders", '[');
		for (o = 0; o < n; o++)
			mf_json_tok(j, NULL, ss->order_type,
				    mf_order_tok(s, r, o));
		mf_json_end(j, ']');
	}
	/* status: a failed probe's "error=-22" */
	if (!*ss->name && r->ntok > s->ncol &&
	    !strncmp(r->tok[s->ncol], "error=", 6))
		mf_json_tok(j, "error", MF_T_INT, r->tok[s->ncol] + 6);
	mf_json_end(j, '}');
}

void mf_json_file(struct mf_json *j, const struct mf_file *f)
{
	const struct mf_filespec *fs = mf_filespec(f->name);
	const struct mf_secspec *ss;
	const struct mf_section *s;
	const struct mf_colspec *c;
	unsigned int i;
	const char *v;

	if (!fs)
		return;
	for (c = fs->kv; c < fs->kv + MF_ARRAY_SIZE(fs->kv) && c->name; c++) {
		v = mf_kv(f, c->name);
		if (v)
			mf_json_kv(j, c, v);
		else
			mf_json_null(j, c->name);
	}
	for (ss = fs->secs; ss < fs->secs + MF_ARRAY_SIZE(fs->secs) &&
	     ss->name; ss++) {
		s = mf_section(f, ss->name);
		if (ss->flags & MF_SEC_NOTE) {
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

void mf_json_file_kv(struct mf_json *j, const struct mf_file *f,
		     const char *key)
{
	const struct mf_filespec *fs = mf_filespec(f->name);
	const struct mf_colspec *c;
	const char *v = mf_kv(f, key);

	for (c = fs ? fs->kv : NULL; c && c < fs->kv + MF_ARRAY_SIZE(fs->kv) &&
	     c->name; c++)
		if (!strcmp(c->name, key) && v) {
			mf_json_kv(j, c, v);
			return;
		}
	mf_json_null(j, key);
}

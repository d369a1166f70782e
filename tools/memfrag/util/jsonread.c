// SPDX-License-Identifier: GPL-2.0
/*
 * A recursive-descent JSON reader (RFC 8259), bounded in depth.  Strings
 * keep ASCII; \u escapes above 0x7f become '?' (the module writes ASCII).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonread.h"

struct mf_jp {
	struct mf_arena *a;
	const char *s, *end, *start;
	char *why;
	size_t whylen;
	int failed;
};

static int mf_jp_fail(struct mf_jp *p, const char *what)
{
	if (!p->failed)
		snprintf(p->why, p->whylen, "%s at column %zu", what,
			 (size_t)(p->s - p->start) + 1);
	p->failed = 1;
	return -1;
}

static void mf_jp_ws(struct mf_jp *p)
{
	while (p->s < p->end && (*p->s == ' ' || *p->s == '\t' ||
				 *p->s == '\n' || *p->s == '\r'))
		p->s++;
}

static int mf_jp_lit(struct mf_jp *p, const char *word)
{
	size_t n = strlen(word);

	if ((size_t)(p->end - p->s) < n || memcmp(p->s, word, n))
		return mf_jp_fail(p, "unexpected character");
	p->s += n;
	return 0;
}

static int mf_jp_hex4(struct mf_jp *p, unsigned int *u)
{
	int i;

	*u = 0;
	if (p->end - p->s < 4)
		return mf_jp_fail(p, "short \\u escape");
	for (i = 0; i < 4; i++) {
		char c = *p->s++;

		*u <<= 4;
		if (c >= '0' && c <= '9')
			*u |= c - '0';
		else if (c >= 'a' && c <= 'f')
			*u |= c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			*u |= c - 'A' + 10;
		else
			return mf_jp_fail(p, "bad \\u escape");
	}
	return 0;
}

static int mf_jp_string(struct mf_jp *p, const char **out)
{
	const char *q;
	char *buf, *w;
	unsigned int u;

	p->s++;			/* the opening quote */
	/* the decoded string is never longer than the escaped one */
	for (q = p->s; q < p->end && *q != '"'; q++)
		if (*q == '\\')
			q++;
	if (q >= p->end)
		return mf_jp_fail(p, "unterminated string");
	buf = w = mf_alloc(p->a, (size_t)(q - p->s) + 1);
	while (*p->s != '"') {
		unsigned char c = (unsigned char)*p->s++;

		if (c < 0x20)
			return mf_jp_fail(p, "control character in a string");
		if (c != '\\') {
			*w++ = (char)c;
			continue;
		}
		c = (unsigned char)*p->s++;
		switch (c) {
		case '"':
		case '\\':
		case '/':
			*w++ = (char)c;
			break;
		case 'b':
			*w++ = '\b';
			break;
		case 'f':
			*w++ = '\f';
			break;
		case 'n':
			*w++ = '\n';
			break;
		case 'r':
			*w++ = '\r';
			break;
		case 't':
			*w++ = '\t';
			break;
		case 'u':
			if (mf_jp_hex4(p, &u))
				return -1;
			*w++ = u && u < 0x80 ? (char)u : '?';
			break;
		default:
			return mf_jp_fail(p, "bad escape in a string");
		}
	}
	p->s++;
	*w = '\0';
	*out = buf;
	return 0;
}

static int mf_jp_number(struct mf_jp *p, double *v)
{
	char buf[64], *e;
	size_t n = 0;

	while (p->s + n < p->end && n < sizeof(buf) - 1 &&
	       strchr("+-0123456789.eE", p->s[n]))
		n++;
	memcpy(buf, p->s, n);
	buf[n] = '\0';
	if (!n || !strchr("-0123456789", buf[0]))
		return mf_jp_fail(p, "unexpected character");
	*v = strtod(buf, &e);
	if (*e)
		return mf_jp_fail(p, "bad number");
	p->s += n;
	return 0;
}

static int mf_jp_value(struct mf_jp *p, struct mf_jv **out, int depth);

/* The members of an array or object, until close. */
static int mf_jp_members(struct mf_jp *p, struct mf_jv *v, char close,
			 int depth)
{
	unsigned int cap = 0;
	const char *key = NULL;

	p->s++;
	mf_jp_ws(p);
	if (p->s < p->end && *p->s == close) {
		p->s++;
		return 0;
	}
	for (;;) {
		mf_jp_ws(p);
		if (close == '}') {
			if (p->s >= p->end || *p->s != '"')
				return mf_jp_fail(p, "expected a key");
			if (mf_jp_string(p, &key))
				return -1;
			mf_jp_ws(p);
			if (p->s >= p->end || *p->s++ != ':')
				return mf_jp_fail(p, "expected ':'");
		}
		if (v->n == cap) {
			struct mf_jv **items;
			const char **keys;

			cap = cap ? 2 * cap : 8;
			items = mf_alloc(p->a, cap * sizeof(*items));
			keys = mf_alloc(p->a, cap * sizeof(*keys));
			if (v->n) {
				memcpy(items, v->items, v->n * sizeof(*items));
				memcpy(keys, v->keys, v->n * sizeof(*keys));
			}
			v->items = items;
			v->keys = keys;
		}
		v->keys[v->n] = key;
		if (mf_jp_value(p, &v->items[v->n], depth + 1))
			return -1;
		v->n++;
		mf_jp_ws(p);
		if (p->s >= p->end)
			return mf_jp_fail(p, "unexpected end");
		if (*p->s == close) {
			p->s++;
			return 0;
		}
		if (*p->s++ != ',')
			return mf_jp_fail(p, "expected ',' or a closing bracket");
	}
}

static int mf_jp_value(struct mf_jp *p, struct mf_jv **out, int depth)
{
	struct mf_jv *v = mf_alloc(p->a, sizeof(*v));

	memset(v, 0, sizeof(*v));
	*out = v;
	if (depth > MF_JV_MAX_DEPTH)
		return mf_jp_fail(p, "nested too deeply");
	mf_jp_ws(p);
	if (p->s >= p->end)
		return mf_jp_fail(p, "unexpected end");
	switch (*p->s) {
	case '{':
		v->type = MF_JOBJ;
		return mf_jp_members(p, v, '}', depth);
	case '[':
		v->type = MF_JARR;
		return mf_jp_members(p, v, ']', depth);
	case '"':
		v->type = MF_JSTR;
		return mf_jp_string(p, &v->str);
	case 't':
		v->type = MF_JBOOL;
		v->num = 1;
		return mf_jp_lit(p, "true");
	case 'f':
		v->type = MF_JBOOL;
		return mf_jp_lit(p, "false");
	case 'n':
		return mf_jp_lit(p, "null");
	default:
		v->type = MF_JNUM;
		return mf_jp_number(p, &v->num);
	}
}

int mf_jv_parse(struct mf_arena *a, const char *text, size_t len,
		struct mf_jv **out, char *why, size_t whylen)
{
	struct mf_jp p = { a, text, text + len, text, why, whylen, 0 };

	if (mf_jp_value(&p, out, 0))
		return -1;
	mf_jp_ws(&p);
	if (p.s != p.end)
		return mf_jp_fail(&p, "text after the value");
	return 0;
}

const struct mf_jv *mf_jv_get(const struct mf_jv *v, const char *key)
{
	unsigned int i;

	if (!v || v->type != MF_JOBJ)
		return NULL;
	for (i = 0; i < v->n; i++)
		if (!strcmp(v->keys[i], key))
			return v->items[i];
	return NULL;
}

const struct mf_jv *mf_jv_at(const struct mf_jv *v, unsigned int i)
{
	if (!v || v->type != MF_JARR || i >= v->n)
		return NULL;
	return v->items[i];
}

double mf_jv_num(const struct mf_jv *v, const char *key, double def)
{
	const struct mf_jv *m = mf_jv_get(v, key);

	return m && m->type == MF_JNUM ? m->num : def;
}

const char *mf_jv_str(const struct mf_jv *v, const char *key,
		      const char *def)
{
	const struct mf_jv *m = mf_jv_get(v, key);

	return m && m->type == MF_JSTR ? m->str : def;
}

unsigned int mf_jv_len(const struct mf_jv *v, const char *key)
{
	const struct mf_jv *m = mf_jv_get(v, key);

	return m && m->type == MF_JARR ? m->n : 0;
}

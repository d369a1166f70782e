// SPDX-License-Identifier: GPL-2.0
/*
 * The file and section parser.  It checks the layout only (header,
 * sections, rows with at least as many fields as there are columns);
 * schema.c checks what the columns hold.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <memfrag/memfrag.h>

#include "parse.h"

void mf_file_init(struct mf_file *f, const char *name, const char *path)
{
	memset(f, 0, sizeof(*f));
	f->name = mf_strdup(&f->arena, name);
	f->path = mf_strdup(&f->arena, path ? path : name);
	f->version = "";
}

void mf_file_free(struct mf_file *f)
{
	mf_arena_free(&f->arena);
	memset(f, 0, sizeof(*f));
}

/* Grows an arena-allocated array of n elements to hold one more. */
static void *mf_grow(struct mf_arena *a, void *arr, unsigned int n,
		     unsigned int *cap, size_t elem)
{
	void *p;

	if (n < *cap)
		return arr;
	*cap = *cap ? *cap * 2 : 8;
	p = mf_alloc(a, (size_t)*cap * elem);
	if (n)
		memcpy(p, arr, (size_t)n * elem);
	return p;
}

void mf_add_kv(struct mf_file *f, const char *key, const char *val,
	       unsigned int line)
{
	struct mf_kv *kv;

	f->kv = mf_grow(&f->arena, f->kv, f->nkv, &f->kvcap, sizeof(*f->kv));
	kv = &f->kv[f->nkv++];
	kv->key = mf_strdup(&f->arena, key);
	kv->val = mf_strdup(&f->arena, val);
	kv->line = line;
}

void mf_set_kv(struct mf_file *f, const char *key, const char *val)
{
	unsigned int i;

	for (i = 0; i < f->nkv; i++)
		if (!strcmp(f->kv[i].key, key)) {
			f->kv[i].val = mf_strdup(&f->arena, val);
			f->kv[i].line = 0;
			return;
		}
	mf_add_kv(f, key, val, 0);
}

struct mf_section *mf_add_section(struct mf_file *f, const char *name,
				  unsigned int line)
{
	struct mf_section *s;

	f->sec = mf_grow(&f->arena, f->sec, f->nsec, &f->seccap,
			 sizeof(*f->sec));
	s = &f->sec[f->nsec++];
	memset(s, 0, sizeof(*s));
	s->name = mf_strdup(&f->arena, name);
	s->header = "";
	s->line = line;
	return s;
}

void mf_set_columns(struct mf_file *f, struct mf_section *s,
		    const char *header, unsigned int ncol, char **col)
{
	unsigned int i;

	s->header = mf_strdup(&f->arena, header);
	s->ncol = ncol;
	s->col = mf_alloc(&f->arena, (ncol + 1) * sizeof(char *));
	for (i = 0; i < ncol; i++)
		s->col[i] = mf_strdup(&f->arena, col[i]);
}

struct mf_row *mf_add_row(struct mf_file *f, struct mf_section *s,
			  unsigned int ntok, char **tok, unsigned int line)
{
	struct mf_row *r;
	unsigned int i;

	s->rows = mf_grow(&f->arena, s->rows, s->nrow, &s->cap,
			  sizeof(*s->rows));
	r = &s->rows[s->nrow++];
	r->line = line;
	r->ntok = ntok;
	r->tok = mf_alloc(&f->arena, (ntok + 1) * sizeof(char *));
	for (i = 0; i < ntok; i++)
		r->tok[i] = mf_strdup(&f->arena, tok[i]);
	return r;
}

const struct mf_section *mf_section(const struct mf_file *f,
				    const char *name)
{
	unsigned int i;

	for (i = 0; i < f->nsec; i++)
		if (!strcmp(f->sec[i].name, name))
			return &f->sec[i];
	return NULL;
}

const char *mf_kv(const struct mf_file *f, const char *key)
{
	unsigned int i;

	for (i = 0; i < f->nkv; i++)
		if (!strcmp(f->kv[i].key, key))
			return f->kv[i].val;
	return NULL;
}

const char *mf_section_label(const struct mf_section *s, char *buf,
			     size_t size)
{
	if (*s->name)
		snprintf(buf, size, "[%s]", s->name);
	else
		snprintf(buf, size, "the tracepoint table");
	return buf;
}

int mf_col(const struct mf_section *s, const char *name)
{
	unsigned int i;

	for (i = 0; i < s->ncol; i++)
		if (!strcmp(s->col[i], name))
			return (int)i;
	return -1;
}

/* Splits line (modified in place) at spaces and tabs. */
static int mf_split(char *line, char **tok, unsigned int max)
{
	unsigned int n = 0;
	char *p = line;

	for (;;) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (!*p)
			return (int)n;
		if (n == max)
			return -1;
		tok[n++] = p;
		while (*p && *p != ' ' && *p != '\t')
			p++;
		if (*p)
			*p++ = '\0';
	}
}

/* "key: value" or "key:", key made of [a-z0-9_]; returns the key length. */
static size_t mf_key_len(const char *line)
{
	size_t n = 0;

	while ((line[n] >= 'a' && line[n] <= 'z') ||
	       (line[n] >= '0' && line[n] <= '9') || line[n] == '_')
		n++;
	if (!n || line[n] != ':' || (line[n + 1] && line[n + 1] != ' '))
		return 0;
	return n;
}

/* "[name]" with a non-empty name of [a-z0-9_]; returns the name length. */
static size_t mf_section_len(const char *line)
{
	size_t n = 1;

	if (line[0] != '[')
		return 0;
	while ((line[n] >= 'a' && line[n] <= 'z') ||
	       (line[n] >= '0' && line[n] <= '9') || line[n] == '_')
		n++;
	if (n == 1 || line[n] != ']' || line[n + 1])
		return 0;
	return n - 1;
}

struct mf_parser {
	struct mf_file *f;
	struct mf_error *err;
	struct mf_section *cur;	/* section being read */
	int want_columns;	/* cur's column line comes next */
	char *tok[MF_MAX_TOKENS];
};

static int mf_bad(struct mf_parser *p, unsigned int line, const char *what)
{
	return mf_fail(p->err, MF_EXIT_MALFORMED, "%s:%u: %s", p->f->path,
		       line, what);
}

static int mf_header(struct mf_parser *p, char *l1, char *l2)
{
	struct mf_file *f = p->f;
	char *tok[3];
	long long fmt;

	if (mf_split(l1, tok, 3) != 2 || strcmp(tok[0], "memfrag"))
		return mf_fail(p->err, MF_EXIT_MALFORMED,
			       "%s: not a memfrag file (the first line is not \"memfrag <version>\")",
			       f->path);
	f->version = mf_strdup(&f->arena, tok[1]);
	if (!l2)
		return mf_fail(p->err, MF_EXIT_MALFORMED,
			       "%s: truncated: no \"format: <n>\" line",
			       f->path);
	if (mf_split(l2, tok, 3) != 2 || strcmp(tok[0], "format:") ||
	    mf_parse_int(tok[1], &fmt))
		return mf_bad(p, 2, "expected \"format: <n>\"");
	f->format = fmt;
	if (fmt < MEMFRAG_FORMAT_OLDEST || fmt > MEMFRAG_FORMAT_VERSION)
		return mf_fail(p->err, MF_EXIT_VERSION,
			       "%s is in format %lld (written by memfrag module %s), but this memfrag tool (%s) reads formats %d to %d: use the tool that matches the module",
			       f->path, fmt, f->version, MEMFRAG_VERSION,
			       MEMFRAG_FORMAT_OLDEST, MEMFRAG_FORMAT_VERSION);
	return 0;
}

static int mf_line(struct mf_parser *p, char *line, unsigned int no)
{
	struct mf_file *f = p->f;
	size_t n;
	int ntok;
	char *raw;

	if (!strncmp(line, "error:", 6))
		return mf_fail(p->err, MF_EXIT_ERROR,
			       "%s:%u: the module reported \"%s\"", f->path,
			       no, line);
	n = mf_section_len(line);
	if (n) {
		if (p->want_columns)
			return mf_bad(p, no, "section without a column line");
		line[n + 1] = '\0';
		p->cur = mf_add_section(f, line + 1, no);
		p->want_columns = 1;
		return 0;
	}
	if (!p->cur) {
		n = mf_key_len(line);
		if (n) {
			line[n] = '\0';
			mf_add_kv(f, line, line + n + 1 + !!line[n + 1], no);
			return 0;
		}
		/* status: the tracepoint table has no "[name]" line */
		p->cur = mf_add_section(f, "", no);
		p->want_columns = 1;
	}
	raw = mf_strdup(&f->arena, line);
	ntok = mf_split(line, p->tok, MF_MAX_TOKENS);
	if (ntok < 0)
		return mf_bad(p, no, "too many fields");
	if (p->want_columns) {
		mf_set_columns(f, p->cur, raw, ntok, p->tok);
		p->want_columns = 0;
		return 0;
	}
	if ((unsigned int)ntok < p->cur->ncol) {
		char msg[160], label[80];

		snprintf(msg, sizeof(msg),
			 "%s: a row has %d fields, expected %u (truncated?)",
			 mf_section_label(p->cur, label, sizeof(label)), ntok,
			 p->cur->ncol);
		return mf_bad(p, no, msg);
	}
	mf_add_row(f, p->cur, ntok, p->tok, no);
	return 0;
}

int mf_parse(struct mf_file *f, const char *name, const char *path,
	     const char *data, size_t len, struct mf_error *err)
{
	struct mf_parser *p;
	char *buf, *line, *next, *l1, *l2;
	unsigned int no;
	int ret = 0;

	mf_file_init(f, name, path);
	if (!len)
		return mf_fail(err, MF_EXIT_MALFORMED,
			       "%s: empty file (a memfrag file starts with \"memfrag <version>\")",
			       f->path);
	if (len > MF_MAX_FILE_SIZE)
		return mf_fail(err, MF_EXIT_MALFORMED, "%s: too large",
			       f->path);
	if (memchr(data, '\0', len))
		return mf_fail(err, MF_EXIT_MALFORMED,
			       "%s: not a text file (it holds NUL bytes)",
			       f->path);
	if (data[len - 1] != '\n')
		return mf_fail(err, MF_EXIT_MALFORMED,
			       "%s: truncated (the last line has no newline)",
			       f->path);

	p = mf_xmalloc(sizeof(*p));
	memset(p, 0, sizeof(*p));
	p->f = f;
	p->err = err;
	buf = mf_xmalloc(len + 1);
	memcpy(buf, data, len);
	buf[len] = '\0';

	l1 = buf;
	next = strchr(l1, '\n');
	*next = '\0';
	l2 = next + 1;
	next = strchr(l2, '\n');
	if (next)
		*next++ = '\0';
	else
		l2 = NULL;
	ret = mf_header(p, l1, l2);

	for (no = 3, line = next; !ret && line && *line; line = next, no++) {
		next = strchr(line, '\n');
		*next++ = '\0';
		if (line[strspn(line, " \t")])
			ret = mf_line(p, line, no);
	}
	if (!ret && p->want_columns)
		ret = mf_bad(p, no - 1,
			     "truncated: the last section has no column line");
	free(buf);
	free(p);
	return ret;
}

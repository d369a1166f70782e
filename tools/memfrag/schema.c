// SPDX-License-Identifier: GPL-2.0
/*
 * The files' schema (Documentation/memfrag.rst; module/snapshot.c for
 * zones) and the checks and accessors built on it.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <memfrag/memfrag.h>

#include "schema.h"

static const struct mf_filespec mf_files[] = {
	{
		.name = MEMFRAG_FILE_STATUS,
		.kv = {
			{ "kernel", MF_T_STR },
			{ "memory_bytes", MF_T_GAUGE },
			{ "drops", MF_T_PAIRS },
			{ "tracepoints", MF_T_TPCOUNT },
		},
		.secs = {
			{ "", "probes", MF_SEC_ALLROWS, 0, {
				{ "tracepoint", MF_T_STR },
				{ "state", MF_T_STR },
				{ "hits", MF_T_COUNT } } },
		},
	},
	{
		.name = MEMFRAG_FILE_COMPACTION,
		.secs = {
			{ "runs", "runs", 0, 0, {
				{ "node", MF_T_INT },
				{ "zone", MF_T_STR },
				{ "trigger", MF_T_STR },
				{ "mode", MF_T_STR },
				{ "result", MF_T_STR },
				{ "runs", MF_T_COUNT } } },
			{ "begins", "begins", 0, 0, {
				{ "node", MF_T_INT },
				{ "zone", MF_T_STR },
				{ "begins", MF_T_COUNT } } },
		},
	},
	{
		.name = MEMFRAG_FILE_LATENCY,
		.secs = {
			{ "latency", "latency", 0, 0, {
				{ "node", MF_T_INT },
				{ "zone", MF_T_STR },
				{ "trigger", MF_T_STR },
				{ "usecs_from", MF_T_NUM },
				{ "usecs_to", MF_T_UPPER },
				{ "count", MF_T_COUNT } } },
			{ "timed", "timed", 0, 0, {
				{ "node", MF_T_INT },
				{ "zone", MF_T_STR },
				{ "trigger", MF_T_STR },
				{ "runs", MF_T_COUNT },
				{ "total_us", MF_T_COUNT },
				{ "mean_us", MF_T_MEAN } } },
		},
	},
	{
		.name = MEMFRAG_FILE_DIRECT,
		.secs = {
			{ "try_to_compact_pages", "try_to_compact_pages", 0, 0, {
				{ "order", MF_T_INT },
				{ "prio", MF_T_STR },
				{ "count", MF_T_COUNT } } },
			{ "suitable", "suitable", 0, 0, {
				{ "node", MF_T_INT },
				{ "zone", MF_T_STR },
				{ "order", MF_T_INT },
				{ "result", MF_T_STR },
				{ "count", MF_T_COUNT } } },
			{ "finished", "finished", 0, 0, {
				{ "node", MF_T_INT },
				{ "zone", MF_T_STR },
				{ "order", MF_T_INT },
				{ "result", MF_T_STR },
				{ "count", MF_T_COUNT } } },
			{ "deferred", "deferred", 0, 0, {
				{ "node", MF_T_INT },
				{ "zone", MF_T_STR },
				{ "order", MF_T_INT },
				{ "count", MF_T_COUNT } } },
			{ "defer_compaction", "defer_compaction", 0, 0, {
				{ "node", MF_T_INT },
				{ "zone", MF_T_STR },
				{ "order", MF_T_INT },
				{ "count", MF_T_COUNT } } },
			{ "defer_reset", "defer_reset", 0, 0, {
				{ "node", MF_T_INT },
				{ "zone", MF_T_STR },
				{ "order", MF_T_INT },
				{ "count", MF_T_COUNT } } },
		},
	},
	{
		.name = MEMFRAG_FILE_KCOMPACTD,
		.secs = {
			{ "wakeup_kcompactd", "wakeup_kcompactd", 0, 0, {
				{ "node", MF_T_INT },
				{ "order", MF_T_INT },
				{ "highest_zone", MF_T_STR },
				{ "count", MF_T_COUNT } } },
			{ "kcompactd_wake", "kcompactd_wake", 0, 0, {
				{ "node", MF_T_INT },
				{ "order", MF_T_INT },
				{ "highest_zone", MF_T_STR },
				{ "count", MF_T_COUNT } } },
			{ "kcompactd_sleep", "kcompactd_sleep", 0, 0, {
				{ "node", MF_T_INT },
				{ "count", MF_T_COUNT } } },
		},
	},
	{
		.name = MEMFRAG_FILE_MIGRATION,
		.kv = {
			{ "unreported", MF_T_WORDS },
		},
		.secs = {
			{ "migration", "migration", 0, 0, {
				{ "node", MF_T_INT },
				{ "zone", MF_T_STR },
				{ "migrate_scanned", MF_T_COUNT },
				{ "migrate_isolated", MF_T_COUNT },
				{ "free_scanned", MF_T_COUNT },
				{ "free_isolated", MF_T_COUNT },
				{ "fast_free_scanned", MF_T_COUNT },
				{ "fast_free_isolated", MF_T_COUNT },
				{ "migrated", MF_T_COUNT },
				{ "failed", MF_T_COUNT } } },
		},
	},
	{
		.name = MEMFRAG_FILE_EXTFRAG,
		.kv = {
			{ "pageblock_order", MF_T_INT },
		},
		.secs = {
			{ "order", "order", 0, 0, {
				{ "node", MF_T_INT },
				{ "zone", MF_T_STR },
				{ "alloc_order", MF_T_INT },
				{ "fallback_order", MF_T_INT },
				{ "fragmenting", MF_T_INT },
				{ "count", MF_T_COUNT } } },
			{ "migratetype", "migratetype", 0, 0, {
				{ "node", MF_T_INT },
				{ "zone", MF_T_STR },
				{ "alloc_type", MF_T_STR },
				{ "fallback_type", MF_T_STR },
				{ "fragmenting", MF_T_INT },
				{ "count", MF_T_COUNT } } },
			{ "ownership", "ownership", MF_SEC_NOTE, 0, { { 0 } } },
		},
	},
	{
		.name = MEMFRAG_FILE_ZONES,
		.kv = {
			{ "compaction_proactiveness", MF_T_INT_OR_UNKNOWN },
			{ "score_order", MF_T_INT },
			{ "score_low", MF_T_INT_OR_UNKNOWN },
			{ "score_high", MF_T_INT_OR_UNKNOWN },
		},
		.secs = {
			{ "zones", "zones", MF_SEC_ALLROWS, 0, {
				{ "node", MF_T_INT },
				{ "zone", MF_T_STR },
				{ "present", MF_T_GAUGE },
				{ "managed", MF_T_GAUGE },
				{ "free", MF_T_GAUGE },
				{ "min", MF_T_GAUGE },
				{ "low", MF_T_GAUGE },
				{ "high", MF_T_GAUGE },
				{ "boost", MF_T_GAUGE },
				{ "score", MF_T_GAUGE } } },
			{ "nodes", "nodes", MF_SEC_ALLROWS, 0, {
				{ "node", MF_T_INT },
				{ "score", MF_T_GAUGE } } },
			{ "free_blocks", "free_blocks",
			  MF_SEC_ORDERS | MF_SEC_ALLROWS, MF_T_GAUGE,
			{ { "node", MF_T_INT },
			  { "zone", MF_T_STR } } },
			{ "unusable_index", "unusable_index",
			  MF_SEC_ORDERS | MF_SEC_ALLROWS, MF_T_MILLI,
			{ { "node", MF_T_INT },
			  { "zone", MF_T_STR } } },
			{ "fragmentation_index", "fragmentation_index",
			  MF_SEC_ORDERS | MF_SEC_ALLROWS, MF_T_MILLI,
			{ { "node", MF_T_INT },
			  { "zone", MF_T_STR } } },
		},
	},
};

/* At most this many order columns (NR_PAGE_ORDERS is 11 on x86-64). */
#define MF_MAX_ORDERS	64

const struct mf_filespec *mf_filespec(const char *name)
{
	unsigned int i;

	for (i = 0; i < MF_ARRAY_SIZE(mf_files); i++)
		if (!strcmp(mf_files[i].name, name))
			return &mf_files[i];
	return NULL;
}

int mf_is_key_type(enum mf_type t)
{
	return t == MF_T_STR || t == MF_T_INT || t == MF_T_NUM ||
	       t == MF_T_UPPER;
}

/* Whether tok is a valid value of type t ("-" is valid for numbers). */
static int mf_check(enum mf_type t, const char *tok)
{
	uint64_t u;
	long long i;
	char words[64];
	unsigned int n;

	if (t != MF_T_STR && t < MF_T_PAIRS && !strcmp(tok, "-"))
		return 1;
	switch (t) {
	case MF_T_STR:
		return 1;
	case MF_T_INT:
		return !mf_parse_int(tok, &i);
	case MF_T_UPPER:
		if (!strcmp(tok, "inf"))
			return 1;
		/* fall through */
	case MF_T_NUM:
	case MF_T_COUNT:
	case MF_T_GAUGE:
	case MF_T_MEAN:
		return !mf_parse_u64(tok, &u);
	case MF_T_MILLI:
		return !mf_parse_milli(tok, &i);
	case MF_T_INT_OR_UNKNOWN:
		return !strcmp(tok, "unknown") || !mf_parse_int(tok, &i);
	case MF_T_WORDS:
		return *tok != '\0';
	case MF_T_PAIRS:
		/* name=number, separated by single spaces */
		while (*tok) {
			n = 0;
			if (sscanf(tok, "%63[a-z_0-9]=%n", words, &n) != 1 ||
			    !n)
				return 0;
			tok += n;
			n = strspn(tok, "0123456789");
			if (!n || (tok[n] && tok[n] != ' '))
				return 0;
			tok += n + !!tok[n];
		}
		return 1;
	case MF_T_TPCOUNT:
		return sscanf(tok, "%lld known,", &i) == 1;
	}
	return 0;
}

static int mf_validate_orders(const struct mf_file *f,
			      const struct mf_section *s,
			      const struct mf_secspec *ss,
			      struct mf_error *err)
{
	unsigned int i, n = mf_norders(s), o;
	char want[16], label[80];

	mf_section_label(s, label, sizeof(label));
	if (!n || n > MF_MAX_ORDERS)
		return mf_fail(err, MF_EXIT_MALFORMED,
			       "%s:%u: %s has no order columns", f->path,
			       s->line, label);
	for (o = 0; o < n; o++) {
		snprintf(want, sizeof(want), "%u", o);
		if (strcmp(s->col[s->ncol - n + o], want))
			return mf_fail(err, MF_EXIT_MALFORMED,
				       "%s:%u: %s: column \"%s\" should be order %u",
				       f->path, s->line, label,
				       s->col[s->ncol - n + o], o);
	}
	for (i = 0; i < s->nrow; i++)
		for (o = 0; o < n; o++)
			if (!mf_check(ss->order_type,
				      mf_order_tok(s, &s->rows[i], o)))
				return mf_fail(err, MF_EXIT_MALFORMED,
					       "%s:%u: %s: bad value \"%s\" for order %u",
					       f->path, s->rows[i].line, label,
					       mf_order_tok(s, &s->rows[i], o),
					       o);
	return 0;
}

static int mf_validate_section(const struct mf_file *f,
			       const struct mf_secspec *ss,
			       struct mf_error *err)
{
	const struct mf_section *s = mf_section(f, ss->name);
	const struct mf_colspec *c;
	unsigned int i;
	char label[80];
	int col;

	if (!s)
		return mf_fail(err, MF_EXIT_MALFORMED,
			       *ss->name ?
			       "%s: no [%s] section (truncated?)" :
			       "%s: no tracepoint table%s (truncated?)",
			       f->path, ss->name);
	if (ss->flags & MF_SEC_NOTE)
		return 0;
	mf_section_label(s, label, sizeof(label));
	for (c = ss->cols; c->name; c++) {
		col = mf_col(s, c->name);
		if (col < 0)
			return mf_fail(err, MF_EXIT_MALFORMED,
				       "%s:%u: %s has no column \"%s\"",
				       f->path, s->line, label, c->name);
		for (i = 0; i < s->nrow; i++)
			if (!mf_check(c->type, s->rows[i].tok[col]))
				return mf_fail(err, MF_EXIT_MALFORMED,
					       "%s:%u: %s: bad %s \"%s\"",
					       f->path, s->rows[i].line,
					       label, c->name,
					       s->rows[i].tok[col]);
	}
	if (ss->flags & MF_SEC_ORDERS)
		return mf_validate_orders(f, s, ss, err);
	return 0;
}

int mf_validate(const struct mf_file *f, struct mf_error *err)
{
	const struct mf_filespec *fs = mf_filespec(f->name);
	const struct mf_colspec *c;
	const struct mf_secspec *ss;
	const char *v;
	int ret;

	if (!fs)
		return mf_fail(err, MF_EXIT_ERROR, "%s: unknown file", f->path);
	for (c = fs->kv; c < fs->kv + MF_ARRAY_SIZE(fs->kv) && c->name; c++) {
		v = mf_kv(f, c->name);
		if (!v)
			return mf_fail(err, MF_EXIT_MALFORMED,
				       "%s: no \"%s:\" line (truncated?)",
				       f->path, c->name);
		if (!mf_check(c->type, v))
			return mf_fail(err, MF_EXIT_MALFORMED,
				       "%s: bad \"%s:\" value \"%s\"", f->path,
				       c->name, v);
	}
	for (ss = fs->secs; ss < fs->secs + MF_ARRAY_SIZE(fs->secs) &&
	     ss->name; ss++) {
		ret = mf_validate_section(f, ss, err);
		if (ret)
			return ret;
	}
	return 0;
}

const char *mf_str(const struct mf_section *s, const struct mf_row *r,
		   const char *col)
{
	int i = mf_col(s, col);

	return i < 0 || (unsigned int)i >= r->ntok ? "-" : r->tok[i];
}

int mf_u64(const struct mf_section *s, const struct mf_row *r,
	   const char *col, uint64_t *v)
{
	*v = 0;
	return mf_parse_u64(mf_str(s, r, col), v);
}

uint64_t mf_u64z(const struct mf_section *s, const struct mf_row *r,
		 const char *col)
{
	uint64_t v;

	mf_u64(s, r, col, &v);
	return v;
}

long long mf_int(const struct mf_section *s, const struct mf_row *r,
		 const char *col)
{
	long long v;

	return mf_parse_int(mf_str(s, r, col), &v) ? LLONG_MIN : v;
}

unsigned int mf_norders(const struct mf_section *s)
{
	unsigned int n = 0;

	while (n < s->ncol && s->col[s->ncol - 1 - n][0] >= '0' &&
	       s->col[s->ncol - 1 - n][0] <= '9')
		n++;
	return n;
}

const char *mf_order_tok(const struct mf_section *s, const struct mf_row *r,
			 unsigned int order)
{
	unsigned int i = s->ncol - mf_norders(s) + order;

	return i < r->ntok ? r->tok[i] : "-";
}

long long mf_kv_int(const struct mf_file *f, const char *key)
{
	const char *v = mf_kv(f, key);
	long long n;

	if (!v || mf_parse_int(v, &n))
		return -1;
	return n;
}

uint64_t mf_pair(const char *pairs, const char *name)
{
	size_t len = strlen(name);
	const char *p = pairs;
	uint64_t v;

	while (p && *p) {
		if (!strncmp(p, name, len) && p[len] == '=') {
			char num[24];

			snprintf(num, sizeof(num), "%.*s",
				 (int)strcspn(p + len + 1, " "), p + len + 1);
			return mf_parse_u64(num, &v) ? 0 : v;
		}
		p = strchr(p, ' ');
		if (p)
			p++;
	}
	return 0;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * The files' schema, built from include/memfrag/files.h (which the module
 * prints them by), and the checks and accessors built on it.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <memfrag/memfrag.h>

#include "schema.h"

/*
 * The table, from files.h's lists: type T becomes MF_T_T; a section
 * without order columns has order type NONE, which nothing reads.
 */
#define MF_T_NONE	0
#define MF_COLSPEC(name, type, width)	{ #name, MF_T_##type },
#define MF_KEYSPEC(key, type)		{ #key, MF_T_##type },
#define MF_SECSPEC(name, flags, order_type, columns)			\
	{ MEMFRAG_SEC_HEADER(name, flags), #name, flags,		\
	  MF_T_##order_type, { columns(MF_COLSPEC) { 0 } } },
#define MF_FILESPEC(id, mode, keys, sections)				\
	{ MEMFRAG_FILE_##id, { keys(MF_KEYSPEC) { 0 } },		\
	  { sections(MF_SECSPEC) { 0 } } },

const struct mf_filespec mf_files[MEMFRAG_NR_FILES] = {
	MEMFRAG_FILES(MF_FILESPEC)
};

const unsigned int mf_nfiles = MEMFRAG_NR_FILES;

/* Every list must leave its spec's last entry empty. */
#define MF_SEC_FITS(name, flags, order_type, columns)				\
	0 columns(MF_PLUS_ONE) < MF_MAX_COLS &&
#define MF_FILE_FITS(id, mode, keys, sections)				\
	0 keys(MF_PLUS_ONE) < MF_MAX_KV &&				\
	0 sections(MF_PLUS_ONE) < MF_MAX_SECS && sections(MF_SEC_FITS)
_Static_assert(MEMFRAG_FILES(MF_FILE_FITS) 1,
	       "a list of files.h does not fit: raise MF_MAX_KV, MF_MAX_SECS or MF_MAX_COLS");

/*
 * The tool's keys (schema.h).  Format 1's zones file printed, in this
 * order: compaction_proactiveness, score_order, score_low, score_high.
 */
#define MF_ZONES_THRESHOLD(key, before)					\
	{ MEMFRAG_FILE_ZONES, { #key, MF_T_INT_OR_UNKNOWN }, before, 1 },
const struct mf_tool_key mf_tool_keys[] = {
	MF_ZONES_THRESHOLD(compaction_proactiveness, "score_order")
	MF_ZONES_THRESHOLD(score_low, NULL)
	MF_ZONES_THRESHOLD(score_high, NULL)
};

const unsigned int mf_ntool_keys = MF_ARRAY_SIZE(mf_tool_keys);

_Static_assert(MF_MAX_KV - 1 + MF_ARRAY_SIZE(mf_tool_keys) <= MF_MAX_KEYS,
	       "the tool's keys do not fit: raise MF_MAX_KEYS");

/* At most this many order columns (NR_PAGE_ORDERS is 11 on x86-64). */
#define MF_MAX_ORDERS	64

/* tasks: its two top tables, read as sections. */
static const struct mf_filespec mf_tasks_spec = {
	MEMFRAG_FILE_TASKS, { { 0 } },
	{ MEMFRAG_SECTIONS_TASKS(MF_SECSPEC) { 0 } }
};

const struct mf_filespec *mf_filespec(const char *name)
{
	unsigned int i;

	if (!strcmp(name, MEMFRAG_FILE_TASKS))
		return &mf_tasks_spec;

	for (i = 0; i < mf_nfiles; i++)
		if (!strcmp(mf_files[i].name, name))
			/* a file without sections is not read as a table */
			return mf_files[i].secs[0].name ? &mf_files[i] : NULL;
	return NULL;
}

/*
 * Sections that a file of an older format held and a file of their own
 * holds now: zones had pagetypes' in formats 3 and 4.
 */
static const struct {
	const char *from, *to;
	long long first, last;
} mf_moved[] = {
	{ MEMFRAG_FILE_ZONES, MEMFRAG_FILE_PAGETYPES, 3,
	  MEMFRAG_FORMAT_PAGETYPES - 1 },
};

const struct mf_filespec *mf_moved_spec(const struct mf_file *f, int *held)
{
	unsigned int i;

	for (i = 0; i < MF_ARRAY_SIZE(mf_moved); i++)
		if (!strcmp(f->name, mf_moved[i].from) &&
		    f->format <= mf_moved[i].last) {
			*held = f->format >= mf_moved[i].first;
			return mf_filespec(mf_moved[i].to);
		}
	return NULL;
}

const char *mf_section_file(const struct mf_file *f, const char *section)
{
	const struct mf_filespec *fs = mf_moved_spec(f, &(int){ 0 });
	const struct mf_secspec *ss;

	for (ss = fs ? fs->secs : NULL; ss && ss->name; ss++)
		if (!strcmp(ss->name, section))
			return fs->name;
	return f->name;
}

static const struct mf_secspec *mf_find_sec(const struct mf_filespec *fs,
					    const char *name)
{
	const struct mf_secspec *ss;

	for (ss = fs ? fs->secs : NULL; ss && ss->name; ss++)
		if (!strcmp(ss->name, name))
			return ss;
	return NULL;
}

const struct mf_secspec *mf_secspec(const struct mf_file *f,
				    const struct mf_section *s)
{
	const struct mf_secspec *ss = mf_find_sec(mf_filespec(f->name),
						  s->name);
	int held;

	if (!ss)
		ss = mf_find_sec(mf_moved_spec(f, &held), s->name);
	return ss;
}

static const struct mf_colspec *mf_find_col(const struct mf_colspec *c,
					    const char *name)
{
	for (; c && c->name; c++)
		if (!strcmp(c->name, name))
			return c;
	return NULL;
}

const struct mf_colspec *mf_colspec(const struct mf_file *f,
				    const struct mf_section *s,
				    const char *col)
{
	const struct mf_secspec *ss = mf_secspec(f, s);

	return mf_find_col(ss ? ss->cols : NULL, col);
}

/* The tool's key of file name, or NULL. */
static const struct mf_tool_key *mf_tool_key(const char *name,
					     const char *key)
{
	unsigned int i;

	for (i = 0; i < mf_ntool_keys; i++)
		if (!strcmp(mf_tool_keys[i].file, name) &&
		    !strcmp(mf_tool_keys[i].spec.name, key))
			return &mf_tool_keys[i];
	return NULL;
}

const struct mf_colspec *mf_kvspec(const struct mf_file *f, const char *key)
{
	const struct mf_filespec *fs = mf_filespec(f->name);
	const struct mf_colspec *c = mf_find_col(fs ? fs->kv : NULL, key);
	const struct mf_tool_key *t;

	if (c || !fs)
		return c;
	t = mf_tool_key(f->name, key);
	return t ? &t->spec : NULL;
}

unsigned int mf_keys(const struct mf_file *f,
		     const struct mf_colspec *keys[MF_MAX_KEYS])
{
	const struct mf_filespec *fs = mf_filespec(f->name);
	const struct mf_colspec *c;
	const struct mf_tool_key *t;
	unsigned int n = 0, i;

	if (!fs)
		return 0;
	for (c = fs->kv; ; c++) {
		/* the tool's keys that come before c (or last, at the end) */
		for (i = 0; i < mf_ntool_keys; i++) {
			t = &mf_tool_keys[i];
			if (strcmp(t->file, f->name) ||
			    (t->before ? !c->name || strcmp(t->before, c->name) :
			     c->name != NULL))
				continue;
			keys[n++] = &t->spec;
		}
		if (!c->name)
			return n;
		keys[n++] = c;
	}
}

int mf_has_tool_keys(const struct mf_file *f)
{
	unsigned int i;

	for (i = 0; i < mf_ntool_keys; i++)
		if (!strcmp(mf_tool_keys[i].file, f->name) &&
		    f->format > mf_tool_keys[i].last_format)
			return 1;
	return 0;
}

void mf_add_tool_keys(struct mf_file *f, const char *proactiveness)
{
	long long p = -1;
	unsigned int i, low, high;
	const struct mf_tool_key *t;
	char buf[3][24];

	if (proactiveness && (mf_parse_int(proactiveness, &p) || p < 0 ||
			      p > MF_PROACTIVENESS_MAX))
		p = -1;
	/*
	 * mm/compaction.c's fragmentation_score_wmark(): proactive
	 * compaction of a node starts when its score exceeds high, and stops
	 * once it is at most low.
	 */
	low = p < 0 || MF_PROACTIVENESS_MAX - p < 5 ?
	      5 : (unsigned int)(MF_PROACTIVENESS_MAX - p);
	high = low + 10 < MF_PROACTIVENESS_MAX ? low + 10 : MF_PROACTIVENESS_MAX;
	snprintf(buf[0], sizeof(buf[0]), "%lld", p);
	snprintf(buf[1], sizeof(buf[1]), "%u", low);
	snprintf(buf[2], sizeof(buf[2]), "%u", high);
	for (i = 0; i < mf_ntool_keys; i++) {
		t = &mf_tool_keys[i];
		if (strcmp(t->file, f->name) || f->format <= t->last_format)
			continue;
		if (p < 0)
			mf_set_kv(f, t->spec.name, "unknown");
		else if (!strcmp(t->spec.name, "compaction_proactiveness"))
			mf_set_kv(f, t->spec.name, buf[0]);
		else if (!strcmp(t->spec.name, "score_low"))
			mf_set_kv(f, t->spec.name, buf[1]);
		else if (!strcmp(t->spec.name, "score_high"))
			mf_set_kv(f, t->spec.name, buf[2]);
	}
}

/* Whether key is one that files of f's format lack (files.h). */
#define MF_KEY_OPTIONAL_(key, type)	{ #key, INT_MAX },
#define MF_KEY_SINCE4_(key, type)	{ #key, 4 },
#define MF_KEY_SINCE6_(key, type)	{ #key, 6 },
static int mf_key_newer(const struct mf_file *f, const char *key)
{
	static const struct {
		const char *key;
		int format;
	} keys[] = {
		MEMFRAG_KEYS_OPTIONAL(MF_KEY_OPTIONAL_)
		MEMFRAG_KEYS_FORMAT4(MF_KEY_SINCE4_)
		MEMFRAG_KEYS_FORMAT6(MF_KEY_SINCE6_)
	};
	unsigned int i;

	for (i = 0; i < MF_ARRAY_SIZE(keys); i++)
		if (!strcmp(keys[i].key, key))
			return f->format < keys[i].format;
	return 0;
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
		/* the indexes: 0.000 to 1.000, or -1.000 (a free block) */
		return !mf_parse_milli(tok, &i) &&
		       (i == -1000 || (i >= 0 && i <= 1000));
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

	/* a section new in format 3 is absent from older files */
	if (!s && (ss->flags & MEMFRAG_SEC_FORMAT3) && f->format < 3)
		return 0;
	if (!s)
		return mf_fail(err, MF_EXIT_MALFORMED,
			       *ss->name ?
			       "%s: no [%s] section (truncated?)" :
			       "%s: no tracepoint table%s (truncated?)",
			       f->path, ss->name);
	if (ss->flags & MEMFRAG_SEC_NOTE)
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
	if (ss->flags & MEMFRAG_SEC_ORDERS)
		return mf_validate_orders(f, s, ss, err);
	return 0;
}

int mf_validate(const struct mf_file *f, struct mf_error *err)
{
	const struct mf_filespec *fs = mf_filespec(f->name);
	const struct mf_colspec *keys[MF_MAX_KEYS], *c;
	const struct mf_tool_key *t;
	unsigned int nkeys, k;
	const struct mf_secspec *ss;
	const char *v;
	uint64_t page;
	int ret, held;

	if (!fs)
		return mf_fail(err, MF_EXIT_ERROR, "%s: unknown file", f->path);
	nkeys = mf_keys(f, keys);
	for (k = 0; k < nkeys; k++) {
		c = keys[k];
		t = mf_tool_key(f->name, c->name);
		/* the tool's keys: only where the module printed them */
		if (t && f->format > t->last_format)
			continue;
		v = mf_kv(f, c->name);
		if (!v && mf_key_newer(f, c->name))
			continue;
		if (!v)
			return mf_fail(err, MF_EXIT_MALFORMED,
				       "%s: no \"%s:\" line (truncated?)",
				       f->path, c->name);
		if (!mf_check(c->type, v))
			return mf_fail(err, MF_EXIT_MALFORMED,
				       "%s: bad \"%s:\" value \"%s\"", f->path,
				       c->name, v);
	}
	/* every size the tool shows is a multiple of it */
	v = mf_kv(f, MF_KEY_PAGE_SIZE);
	if (v && mf_kvspec(f, MF_KEY_PAGE_SIZE) &&
	    (mf_parse_u64(v, &page) || !mf_page_size_ok(page)))
		return mf_fail(err, MF_EXIT_MALFORMED,
			       "%s: bad \"%s:\" value \"%s\" (a power of two from %u to %u bytes)",
			       f->path, MF_KEY_PAGE_SIZE, v, MF_PAGE_SIZE_MIN,
			       MF_PAGE_SIZE_MAX);
	for (ss = fs->secs; ss->name; ss++) {
		ret = mf_validate_section(f, ss, err);
		if (ret)
			return ret;
	}
	fs = mf_moved_spec(f, &held);
	for (ss = fs && held ? fs->secs : NULL; ss && ss->name; ss++) {
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

uint64_t mf_page_size(const struct mf_file *f)
{
	const char *v = mf_kv(f, MF_KEY_PAGE_SIZE);
	uint64_t page;

	/* older formats: pages of 4 KiB (util.h) */
	if (!v || mf_parse_u64(v, &page) || !mf_page_size_ok(page))
		return MF_PAGE_SIZE_OLD;
	return page;
}

const char *mf_page_size_text(const struct mf_file *f, char *buf,
			      size_t size)
{
	char bytes[32];

	mf_fmt_bytes(bytes, sizeof(bytes), (double)mf_page_size(f));
	snprintf(buf, size, "%s%s", bytes, mf_kv(f, MF_KEY_PAGE_SIZE) ? "" :
		 " (assumed: files before format 4 do not say)");
	return buf;
}

int mf_pair_next(const char *v, char name[64], unsigned long long *n)
{
	int len = 0;

	if (sscanf(v, "%63[a-z_0-9]=%llu%n", name, n, &len) != 2)
		return 0;
	return len;
}

/* The columns that name a zone. */
#define MF_COL_NAME_(name, type, width)	#name,
static const char *const mf_zone_cols[] = {
	MEMFRAG_COLS_NODE_ZONE(MF_COL_NAME_)
};

int mf_same_zone(const struct mf_section *sa, const struct mf_row *a,
		 const struct mf_section *sb, const struct mf_row *b)
{
	unsigned int i;

	for (i = 0; i < MF_ARRAY_SIZE(mf_zone_cols); i++)
		if (strcmp(mf_str(sa, a, mf_zone_cols[i]),
			   mf_str(sb, b, mf_zone_cols[i])))
			return 0;
	return 1;
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

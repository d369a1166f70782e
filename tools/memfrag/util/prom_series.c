// SPDX-License-Identifier: GPL-2.0
/*
 * From the module's parsed files to Prometheus samples, by the schema
 * (which columns identify a row, which are counters or gauges) and
 * include/memfrag/metrics.h (what each is called).  A column metrics.h
 * does not name is exported under a name made from its file, section
 * and column, so new data is never left out.
 */
#include <stdlib.h>
#include <string.h>

#include <memfrag/memfrag.h>
#include <memfrag/metrics.h>

#include "prom.h"
#include "schema.h"

struct mf_prom_name {
	const char *file, *section, *column, *name;
	unsigned long divisor;
	const char *help;
};

#define MF_PROM_NAME(file, section, column, name, divisor, help)	\
	{ file, section, column, name, divisor, help },
static const struct mf_prom_name mf_prom_names[] = {
	MEMFRAG_METRICS(MF_PROM_NAME)
};

#define MF_PROM_LABEL(column, label)	{ column, label },
static const char *const mf_prom_labels[][2] = {
	MEMFRAG_METRIC_LABELS(MF_PROM_LABEL)
};

/*
 * The module's latency buckets are log2 of whole microseconds: bucket b
 * (mf_log2_bucket()) holds 2^(b-1) .. 2^b - 1 us, so every run in it took
 * less than 2^b us, its le.  The last finite bucket, MF_PROM_LAT_LAST,
 * ends at 2^34 us (4.8 hours); the open one ("inf") counts only in +Inf,
 * wherever it starts: a file of a module with fewer buckets opens it
 * lower, at a bound exported here.
 *
 * Exported: every MF_PROM_LAT_STEP-th of them, le 1, 4, 16 us ... 2^34 us,
 * then +Inf: 19 buckets instead of 36.  Spaced by 4, a quantile is still
 * placed within a factor of 4, which tells a 50 us stall from a 1 ms one
 * from a second; most of the 36 would equal the one below (a zone's runs
 * fill a few adjacent buckets), and each is a series per zone and trigger.
 */
#define MF_PROM_LAT_LAST	(MEMFRAG_LATENCY_BUCKETS - 2)
#define MF_PROM_LAT_STEP	2
_Static_assert(MF_PROM_LAT_LAST % MF_PROM_LAT_STEP == 0,
	       "the last finite bound must be exported");
#define MF_PROM_USEC		1000000UL

void mf_prom_init(struct mf_prom *p)
{
	memset(p, 0, sizeof(*p));
}

void mf_prom_free(struct mf_prom *p)
{
	free(p->metrics);
	free(p->samples);
	mf_arena_free(&p->arena);
	mf_prom_init(p);
}

unsigned int mf_prom_metric(struct mf_prom *p, const char *name,
			    const char *type, const char *help)
{
	unsigned int i;

	for (i = 0; i < p->nmetrics; i++)
		if (!strcmp(p->metrics[i].name, name))
			return i;
	if (p->nmetrics == p->mcap) {
		p->mcap = p->mcap ? 2 * p->mcap : 64;
		p->metrics = mf_xrealloc(p->metrics,
					 p->mcap * sizeof(*p->metrics));
	}
	p->metrics[i].name = mf_strdup(&p->arena, name);
	p->metrics[i].type = type;
	p->metrics[i].help = help;
	p->nmetrics++;
	return i;
}

struct mf_prom_sample *mf_prom_add(struct mf_prom *p, unsigned int m,
				   const char *series)
{
	struct mf_prom_sample *s;

	if (p->nsamples == p->scap) {
		p->scap = p->scap ? 2 * p->scap : 256;
		p->samples = mf_xrealloc(p->samples,
					 p->scap * sizeof(*p->samples));
	}
	s = &p->samples[p->nsamples];
	memset(s, 0, sizeof(*s));
	s->metric = m;
	s->seq = p->nsamples++;
	s->series = mf_strdup(&p->arena, series);
	s->divisor = 1;
	return s;
}

static const struct mf_prom_name *mf_prom_find(const char *file,
					       const char *section,
					       const char *column)
{
	unsigned int i;

	for (i = 0; i < MF_ARRAY_SIZE(mf_prom_names); i++)
		if (!strcmp(mf_prom_names[i].file, file) &&
		    !strcmp(mf_prom_names[i].section, section) &&
		    !strcmp(mf_prom_names[i].column, column))
			return &mf_prom_names[i];
	return NULL;
}

/* Appends s to buf (size), keeping only [a-zA-Z0-9_]. */
static void mf_prom_cat_name(char *buf, size_t size, const char *s)
{
	size_t len = strlen(buf);

	for (; *s && len + 1 < size; s++)
		buf[len++] = (*s >= 'a' && *s <= 'z') ||
			     (*s >= 'A' && *s <= 'Z') ||
			     (*s >= '0' && *s <= '9') ? *s : '_';
	buf[len] = '\0';
}

/*
 * The metric of (file, section, column) of the given type: metrics.h's
 * name, or memfrag_<file>_<section>_<column>; "_total" for a counter.
 */
unsigned int mf_prom_column_metric(struct mf_prom *p, const char *file,
				   const char *section, const char *column,
				   int counter, unsigned long *divisor)
{
	const struct mf_prom_name *n = mf_prom_find(file, section, column);
	char name[256] = MEMFRAG_METRIC_PREFIX;
	const char *help;
	size_t len;

	*divisor = n ? n->divisor : 1;
	if (n) {
		mf_prom_cat_name(name, sizeof(name), n->name);
		help = n->help;
	} else {
		mf_prom_cat_name(name, sizeof(name), file);
		if (*section && strcmp(section, MEMFRAG_METRIC_KEY) &&
		    strcmp(section, file)) {
			mf_prom_cat_name(name, sizeof(name), "_");
			mf_prom_cat_name(name, sizeof(name), section);
		}
		if (*column) {
			mf_prom_cat_name(name, sizeof(name), "_");
			mf_prom_cat_name(name, sizeof(name), column);
		}
		/* base units: microseconds become seconds */
		len = strlen(name);
		if (len > 3 && !strcmp(name + len - 3, "_us")) {
			name[len - 3] = '\0';
			mf_prom_cat_name(name, sizeof(name), "_seconds");
			*divisor = MF_PROM_USEC;
		}
		help = mf_printf(&p->arena, "%s of the module's %s file%s%s%s",
				 *column ? column : "value", file,
				 *section && strcmp(section, MEMFRAG_METRIC_KEY) ?
				 ", section [" : "",
				 strcmp(section, MEMFRAG_METRIC_KEY) ? section : "",
				 *section && strcmp(section, MEMFRAG_METRIC_KEY) ?
				 "]" : "");
	}
	if (counter)
		mf_prom_cat_name(name, sizeof(name), "_total");
	return mf_prom_metric(p, name, counter ? "counter" : "gauge", help);
}

const char *mf_prom_label_name(const char *column)
{
	unsigned int i;

	for (i = 0; i < MF_ARRAY_SIZE(mf_prom_labels); i++)
		if (!strcmp(mf_prom_labels[i][0], column))
			return mf_prom_labels[i][1];
	return column;
}

/* Appends name="value" (escaped) to a label list of len bytes. */
void mf_prom_label(char *buf, size_t size, const char *name,
			  const char *value)
{
	size_t len = strlen(buf);
	char lname[64] = "";

	mf_prom_cat_name(lname, sizeof(lname), name);
	len += snprintf(buf + len, len < size ? size - len : 0, "%s%s=\"",
			len ? "," : "", lname);
	for (; *value && len + 3 < size; value++) {
		if (*value == '\\' || *value == '"' || *value == '\n')
			buf[len++] = '\\';
		buf[len++] = *value == '\n' ? 'n' : *value;
	}
	if (len + 2 <= size) {
		buf[len++] = '"';
		buf[len] = '\0';
	}
}

static void mf_prom_series(char *buf, size_t size, const struct mf_prom *p,
			   unsigned int m, const char *suffix,
			   const char *labels)
{
	snprintf(buf, size, "%s%s%s%s%s", p->metrics[m].name, suffix,
		 *labels ? "{" : "", labels, *labels ? "}" : "");
}

void mf_prom_counter(struct mf_prom *p, unsigned int m, const char *suffix,
		     const char *labels, uint64_t raw, unsigned long divisor)
{
	char series[1024];
	struct mf_prom_sample *s;

	mf_prom_series(series, sizeof(series), p, m, suffix, labels);
	s = mf_prom_add(p, m, series);
	s->counter = 1;
	s->raw = raw;
	s->divisor = divisor;
}

static void mf_prom_gauge(struct mf_prom *p, unsigned int m,
			  const char *labels, const char *text)
{
	char series[1024];

	mf_prom_series(series, sizeof(series), p, m, "", labels);
	mf_prom_add(p, m, series)->text = mf_strdup(&p->arena, text);
}

/* The labels of row r: its identifying columns, in their order. */
static void mf_prom_row_labels(char *buf, size_t size,
			       const struct mf_file *f,
			       const struct mf_section *s,
			       const struct mf_row *r)
{
	const struct mf_colspec *c;
	unsigned int i;

	buf[0] = '\0';
	for (i = 0; i < s->ncol && i < r->ntok; i++) {
		c = mf_colspec(f, s, s->col[i]);
		if (c && mf_is_key_type(c->type))
			mf_prom_label(buf, size, mf_prom_label_name(c->name),
				      r->tok[i]);
	}
}

/*
 * tok pages of page bytes, in bytes: exact up to 2^64 - 1, a float
 * beyond (as Prometheus keeps every value).
 */
static const char *mf_prom_bytes(char *buf, size_t size, const char *tok,
				 uint64_t page)
{
	uint64_t v, bytes;

	if (mf_parse_u64(tok, &v))
		return tok;
	if (__builtin_mul_overflow(v, page, &bytes))
		snprintf(buf, size, "%.17g", (double)v * (double)page);
	else
		snprintf(buf, size, "%llu", (unsigned long long)bytes);
	return buf;
}

/*
 * One value of a row: a counter, a gauge, or nothing (a mean, "-").  A
 * gauge in pages (MEMFRAG_METRIC_PAGES) is exported in bytes, of f's
 * page size.
 */
static void mf_prom_value(struct mf_prom *p, const struct mf_file *f,
			  const char *section, const char *column,
			  enum mf_type type, const char *labels,
			  const char *tok)
{
	unsigned long divisor;
	unsigned int m;
	char num[48];
	uint64_t v;

	if (!strcmp(tok, "-"))
		return;
	if (type == MF_T_COUNT) {
		if (mf_parse_u64(tok, &v))
			return;
		m = mf_prom_column_metric(p, mf_section_file(f, section),
					  section, column, 1, &divisor);
		mf_prom_counter(p, m, "", labels, v, divisor);
	} else if (type == MF_T_GAUGE || type == MF_T_MILLI ||
		   type == MF_T_INT) {
		m = mf_prom_column_metric(p, mf_section_file(f, section),
					  section, column, 0, &divisor);
		if (divisor == MEMFRAG_METRIC_PAGES)
			tok = mf_prom_bytes(num, sizeof(num), tok,
					    mf_page_size(f));
		else if (divisor > 1 && !mf_parse_u64(tok, &v)) {
			mf_prom_decimal(num, sizeof(num), v, divisor);
			tok = num;
		}
		mf_prom_gauge(p, m, labels, tok);
	}
}

static void mf_prom_section(struct mf_prom *p, const struct mf_file *f,
			    const struct mf_section *s)
{
	const struct mf_secspec *ss = mf_secspec(f, s);
	const struct mf_colspec *c;
	char labels[768], olabels[800];
	unsigned int i, o, n;
	const struct mf_row *r;

	if (!ss || (ss->flags & MEMFRAG_SEC_NOTE))
		return;
	n = mf_norders(s);
	for (r = s->rows; r < s->rows + s->nrow; r++) {
		mf_prom_row_labels(labels, sizeof(labels), f, s, r);
		for (i = 0; i < s->ncol && i < r->ntok; i++) {
			c = mf_colspec(f, s, s->col[i]);
			if (c && !mf_is_key_type(c->type))
				mf_prom_value(p, f, s->name, c->name, c->type,
					      labels, r->tok[i]);
		}
		if (!(ss->flags & MEMFRAG_SEC_ORDERS))
			continue;
		for (o = 0; o < n; o++) {
			snprintf(olabels, sizeof(olabels), "%s", labels);
			mf_prom_label(olabels, sizeof(olabels), MF_COL(order),
				      s->col[s->ncol - n + o]);
			mf_prom_value(p, f, s->name, "", ss->order_type,
				      olabels, mf_order_tok(s, r, o));
		}
	}
}

/* "16 known, 16 attached, 0 missing": memfrag_tracepoints{state=...}. */
static void mf_prom_tpcount(struct mf_prom *p, const char *v)
{
	unsigned int m = mf_prom_metric(p, MEMFRAG_METRIC_PREFIX "tracepoints",
					"gauge",
					"memfrag's tracepoints by state");
	char state[32], num[32], labels[64];
	int n;

	while (sscanf(v, " %31[0-9] %31[a-z]%n", num, state, &n) == 2) {
		labels[0] = '\0';
		mf_prom_label(labels, sizeof(labels), MF_COL(state), state);
		mf_prom_gauge(p, m, labels, num);
		v += n;
		v += strspn(v, ", ");
	}
}

/* status's "events: capacity=256 per CPU, dropped=7" (MEMFRAG_KEY_EVENTS). */
static void mf_prom_events(struct mf_prom *p, const struct mf_file *f)
{
	unsigned long long cap, dropped;
	const char *v = mf_kv(f, MF_KEY_EVENTS);
	unsigned int m;
	char num[32];

	if (!v || sscanf(v, MEMFRAG_EVENTS_VALUE("%llu", "%llu"), &cap,
			 &dropped) != 2)
		return;
	m = mf_prom_metric(p, MEMFRAG_METRIC_PREFIX MEMFRAG_METRIC_EVENT_CAPACITY,
			   "gauge", MEMFRAG_METRIC_EVENT_CAPACITY_HELP);
	snprintf(num, sizeof(num), "%llu", cap);
	mf_prom_gauge(p, m, "", num);
	m = mf_prom_metric(p, MEMFRAG_METRIC_PREFIX MEMFRAG_METRIC_EVENT_DROPS
			   "_total", "counter", MEMFRAG_METRIC_EVENT_DROPS_HELP);
	mf_prom_counter(p, m, "", "", dropped, 1);
}

static void mf_prom_keys(struct mf_prom *p, const struct mf_file *f)
{
	const struct mf_colspec *keys[MF_MAX_KEYS];
	unsigned long long n;
	unsigned long divisor;
	unsigned int i, k, m;
	char name[64], labels[128];
	const char *v;
	int len;

	k = mf_keys(f, keys);
	for (i = 0; i < k; i++) {
		v = mf_kv(f, keys[i]->name);
		/* status and zones both say it: mf_prom_page_size() */
		if (!v || !strcmp(keys[i]->name, MF_KEY_PAGE_SIZE))
			continue;
		switch (keys[i]->type) {
		case MF_T_PAIRS:
			m = mf_prom_column_metric(p, f->name, MEMFRAG_METRIC_KEY,
						  keys[i]->name, 1, &divisor);
			while ((len = mf_pair_next(v, name, &n))) {
				labels[0] = '\0';
				mf_prom_label(labels, sizeof(labels), "reason",
					      name);
				mf_prom_counter(p, m, "", labels, n, divisor);
				v += len;
				v += strspn(v, " ");
			}
			break;
		case MF_T_TPCOUNT:
			mf_prom_tpcount(p, v);
			break;
		case MF_T_INT_OR_UNKNOWN:
			if (!strcmp(v, "unknown"))
				break;
			/* fall through */
		case MF_T_GAUGE:
		case MF_T_INT:
			m = mf_prom_column_metric(p, f->name, MEMFRAG_METRIC_KEY,
						  keys[i]->name, 0, &divisor);
			mf_prom_gauge(p, m, "", v);
			break;
		default:	/* names and words: the kernel goes in info */
			break;
		}
	}
}

static const struct mf_row *mf_prom_latency_row(const struct mf_section *lat,
						const struct mf_section *timed,
						const struct mf_row *t,
						const struct mf_row *r)
{
	return mf_same_zone(lat, r, timed, t) &&
	       !strcmp(mf_str(lat, r, MF_COL(trigger)),
		       mf_str(timed, t, MF_COL(trigger))) ? r : NULL;
}

/*
 * The latency histograms, one per node, zone and trigger: cumulative
 * buckets from [latency], _sum and _count from [timed].
 */
static int mf_prom_latency(struct mf_prom *p, const struct mf_file *f,
			   struct mf_error *err)
{
	const struct mf_section *lat = mf_section(f, MF_SEC(latency));
	const struct mf_section *timed = mf_section(f, MF_SEC(timed));
	uint64_t buckets[MF_PROM_LAT_LAST + 2], cum, n, in = 0;
	char labels[768], blabels[800], le[40];
	const struct mf_row *t, *r;
	unsigned int m, b;

	if (!lat || !timed)
		return mf_fail(err, MF_EXIT_MALFORMED,
			       "%s: no [latency] or [timed] section", f->path);
	m = mf_prom_metric(p, MEMFRAG_METRIC_PREFIX MEMFRAG_METRIC_LATENCY,
			   "histogram", MEMFRAG_METRIC_LATENCY_HELP);
	for (t = timed->rows; t < timed->rows + timed->nrow; t++) {
		memset(buckets, 0, sizeof(buckets));
		for (r = lat->rows; r < lat->rows + lat->nrow; r++) {
			if (!mf_prom_latency_row(lat, timed, t, r))
				continue;
			b = mf_log2_bucket(mf_u64z(lat, r, MF_COL(usecs_from)));
			if (b > MF_PROM_LAT_LAST ||
			    !strcmp(mf_str(lat, r, MF_COL(usecs_to)), "inf"))
				b = MF_PROM_LAT_LAST + 1;
			buckets[b] += mf_u64z(lat, r, MF_COL(count));
			in++;
		}
		labels[0] = '\0';
		mf_prom_label(labels, sizeof(labels), MF_COL(node),
			      mf_str(timed, t, MF_COL(node)));
		mf_prom_label(labels, sizeof(labels), MF_COL(zone),
			      mf_str(timed, t, MF_COL(zone)));
		mf_prom_label(labels, sizeof(labels), MF_COL(trigger),
			      mf_str(timed, t, MF_COL(trigger)));
		for (cum = 0, b = 0; b <= MF_PROM_LAT_LAST + 1; b++) {
			cum += buckets[b];
			if (b <= MF_PROM_LAT_LAST && b % MF_PROM_LAT_STEP)
				continue;
			if (b > MF_PROM_LAT_LAST)
				snprintf(le, sizeof(le), "+Inf");
			else
				mf_prom_decimal(le, sizeof(le), 1ULL << b,
						MF_PROM_USEC);
			snprintf(blabels, sizeof(blabels), "%s", labels);
			mf_prom_label(blabels, sizeof(blabels), "le", le);
			mf_prom_counter(p, m, "_bucket", blabels, cum, 1);
		}
		n = mf_u64z(timed, t, MF_COL(runs));
		if (n != cum)
			return mf_fail(err, MF_EXIT_MALFORMED,
				       "%s: line %u: %llu runs in [timed] but %llu in the [latency] buckets",
				       f->path, t->line,
				       (unsigned long long)n,
				       (unsigned long long)cum);
		mf_prom_counter(p, m, "_sum", labels,
				mf_u64z(timed, t, MF_COL(total_us)),
				MF_PROM_USEC);
		mf_prom_counter(p, m, "_count", labels, n, 1);
	}
	if (in != lat->nrow)
		return mf_fail(err, MF_EXIT_MALFORMED,
			       "%s: %llu [latency] rows have no [timed] row",
			       f->path, (unsigned long long)(lat->nrow - in));
	return 0;
}

static void mf_prom_info(struct mf_prom *p, const struct mf_file *status)
{
	unsigned int m = mf_prom_metric(p, MEMFRAG_METRIC_PREFIX
					MEMFRAG_METRIC_INFO, "gauge",
					MEMFRAG_METRIC_INFO_HELP);
	char labels[512] = "", format[32];

	snprintf(format, sizeof(format), "%lld", status->format);
	mf_prom_label(labels, sizeof(labels), "version", status->version);
	mf_prom_label(labels, sizeof(labels), "format", format);
	mf_prom_label(labels, sizeof(labels), "kernel",
		      mf_kv(status, "kernel") ? mf_kv(status, "kernel") : "");
	mf_prom_gauge(p, m, labels, "1");
}

/* The page size the byte metrics were computed with (metrics.h). */
static void mf_prom_page_size(struct mf_prom *p, const struct mf_file *status)
{
	unsigned int m = mf_prom_metric(p, MEMFRAG_METRIC_PREFIX
					MEMFRAG_METRIC_PAGE_SIZE, "gauge",
					MEMFRAG_METRIC_PAGE_SIZE_HELP);
	char num[32];

	snprintf(num, sizeof(num), "%llu",
		 (unsigned long long)mf_page_size(status));
	mf_prom_gauge(p, m, "", num);
}

int mf_prom_collect(struct mf_prom *p, struct mf_file *files, unsigned int n,
		    struct mf_error *err)
{
	unsigned int i, j;
	int ret;

	for (i = 0; i < n; i++) {
		struct mf_file *f = &files[i];

		if (!strcmp(f->name, MEMFRAG_FILE_STATUS)) {
			mf_prom_info(p, f);
			mf_prom_page_size(p, f);
			mf_prom_events(p, f);
		}
		mf_prom_keys(p, f);
		if (!strcmp(f->name, MEMFRAG_FILE_LATENCY)) {
			ret = mf_prom_latency(p, f, err);
			if (ret)
				return ret;
			continue;
		}
		for (j = 0; j < f->nsec; j++)
			mf_prom_section(p, f, &f->sec[j]);
	}
	mf_prom_zeros(p, files, n);
	return 0;
}

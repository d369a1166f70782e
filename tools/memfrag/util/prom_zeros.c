// SPDX-License-Identifier: GPL-2.0
/*
 * Zeros for the label combinations the module does not print (it prints
 * no zero rows): every run trigger, mode and result, every deferral
 * order and every fallback pair, for every zone of the zones file
 * (include/memfrag/metrics.h says which and why).
 *
 * A zero's labels follow the section's own columns, as a printed row's
 * do, so that it is the same series when the module prints the row.
 */
#include <string.h>

#include <memfrag/memfrag.h>
#include <memfrag/metrics.h>

#include "prom.h"
#include "schema.h"

/* At most the columns of a zero's row: node, zone and three more. */
#define MF_ZERO_KEYS	5

struct mf_zero {
	const char *col[MF_ZERO_KEYS], *val[MF_ZERO_KEYS];
	unsigned int n;
};

static int mf_prom_has(const struct mf_prom *p, unsigned int m,
		       const char *series)
{
	unsigned int i;

	for (i = 0; i < p->nsamples; i++)
		if (p->samples[i].metric == m &&
		    !strcmp(p->samples[i].series, series))
			return 1;
	return 0;
}

/*
 * z's labels in the order of s's identifying columns; 0 when s has one
 * z does not give (a layout this code does not know: no zero is made).
 */
static int mf_zero_labels(char *buf, size_t size, const struct mf_file *f,
			  const struct mf_section *s, const struct mf_zero *z)
{
	const struct mf_colspec *c;
	unsigned int i, k;

	buf[0] = '\0';
	for (i = 0; i < s->ncol; i++) {
		c = mf_colspec(f, s, s->col[i]);
		if (!c || !mf_is_key_type(c->type))
			continue;
		for (k = 0; k < z->n && strcmp(z->col[k], c->name); k++)
			;
		if (k == z->n)
			return 0;
		mf_prom_label(buf, size, mf_prom_label_name(c->name),
			      z->val[k]);
	}
	return 1;
}

/* A zero of column col of section s for z, unless the series exists. */
static void mf_zero(struct mf_prom *p, const struct mf_file *f,
		    const struct mf_section *s, const char *col,
		    const struct mf_zero *z)
{
	char labels[768], series[1024];
	unsigned long divisor;
	unsigned int m;

	if (!mf_zero_labels(labels, sizeof(labels), f, s, z))
		return;
	m = mf_prom_column_metric(p, mf_section_file(f, s->name), s->name,
				  col, 1, &divisor);
	snprintf(series, sizeof(series), "%s%s%s%s", p->metrics[m].name,
		 *labels ? "{" : "", labels, *labels ? "}" : "");
	if (!mf_prom_has(p, m, series))
		mf_prom_counter(p, m, "", labels, 0, divisor);
}

static void mf_zero_set(struct mf_zero *z, unsigned int k, const char *col,
			const char *val)
{
	z->col[k] = col;
	z->val[k] = val;
	z->n = k + 1;
}

#define MF_ZERO_RUN(trigger, mode)	{ #trigger, #mode },
static const char *const mf_zero_runs[][2] = {
	MEMFRAG_METRIC_ZERO_RUNS(MF_ZERO_RUN)
};
#define MF_ZERO_RESULT(result)	#result,
static const char *const mf_zero_results[] = {
	MEMFRAG_METRIC_ZERO_RESULTS(MF_ZERO_RESULT)
};
#define MF_ZERO_FALLBACK(alloc, fallback)	{ #alloc, #fallback },
static const char *const mf_zero_fallbacks[][2] = {
	MEMFRAG_METRIC_ZERO_FALLBACKS(MF_ZERO_FALLBACK)
};

static void mf_zero_runs_of(struct mf_prom *p, const struct mf_file *f,
			    struct mf_zero *z)
{
	const struct mf_section *s = mf_section(f, MF_SEC(runs));
	unsigned int i, j;

	for (i = 0; s && i < MF_ARRAY_SIZE(mf_zero_runs); i++) {
		mf_zero_set(z, 2, MF_COL(trigger), mf_zero_runs[i][0]);
		mf_zero_set(z, 3, MF_COL(mode), mf_zero_runs[i][1]);
		for (j = 0; j < MF_ARRAY_SIZE(mf_zero_results); j++) {
			mf_zero_set(z, 4, MF_COL(result), mf_zero_results[j]);
			mf_zero(p, f, s, MF_COL(runs), z);
		}
	}
}

static void mf_zero_deferrals(struct mf_prom *p, const struct mf_file *f,
			      struct mf_zero *z, unsigned int orders)
{
	const char *const secs[] = {
		MF_SEC(deferred), MF_SEC(defer_compaction), MF_SEC(defer_reset)
	};
	const struct mf_section *s;
	unsigned int i, o;
	char order[16];

	for (i = 0; i < MF_ARRAY_SIZE(secs); i++) {
		s = mf_section(f, secs[i]);
		for (o = 1; s && o < orders; o++) {
			snprintf(order, sizeof(order), "%u", o);
			mf_zero_set(z, 2, MF_COL(order), order);
			mf_zero(p, f, s, MF_COL(count), z);
		}
	}
}

static void mf_zero_claims(struct mf_prom *p, const struct mf_file *f,
			   struct mf_zero *z)
{
	const struct mf_section *s = mf_section(f, MF_SEC(claims));
	const char *const frag[] = { "0", "1" };
	unsigned int i, j;

	for (i = 0; s && i < MF_ARRAY_SIZE(mf_zero_fallbacks); i++) {
		mf_zero_set(z, 2, MF_COL(alloc_type), mf_zero_fallbacks[i][0]);
		mf_zero_set(z, 3, MF_COL(fallback_type),
			    mf_zero_fallbacks[i][1]);
		for (j = 0; j < MF_ARRAY_SIZE(frag); j++) {
			mf_zero_set(z, 4, MF_COL(fragmenting), frag[j]);
			mf_zero(p, f, s, MF_COL(claimed), z);
			mf_zero(p, f, s, MF_COL(stolen), z);
		}
	}
}

static const struct mf_file *mf_zero_file(const struct mf_file *files,
					  unsigned int n, const char *name)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		if (!strcmp(files[i].name, name))
			return &files[i];
	return NULL;
}

void mf_prom_zeros(struct mf_prom *p, const struct mf_file *files,
		   unsigned int n)
{
	const struct mf_file *zf = mf_zero_file(files, n, MEMFRAG_FILE_ZONES);
	const struct mf_file *runs = mf_zero_file(files, n,
						  MEMFRAG_FILE_COMPACTION);
	const struct mf_file *direct = mf_zero_file(files, n,
						    MEMFRAG_FILE_DIRECT);
	const struct mf_file *extfrag = mf_zero_file(files, n,
						     MEMFRAG_FILE_EXTFRAG);
	const struct mf_section *zones = zf ? mf_section(zf, MF_SEC(zones)) :
					      NULL;
	const struct mf_section *fb = zf ? mf_section(zf, MF_SEC(free_blocks)) :
					   NULL;
	const struct mf_row *r;
	struct mf_zero z;

	if (!zones)
		return;
	for (r = zones->rows; r < zones->rows + zones->nrow; r++) {
		memset(&z, 0, sizeof(z));
		mf_zero_set(&z, 0, MF_COL(node), mf_str(zones, r, MF_COL(node)));
		mf_zero_set(&z, 1, MF_COL(zone), mf_str(zones, r, MF_COL(zone)));
		if (runs)
			mf_zero_runs_of(p, runs, &z);
		if (direct && fb)
			mf_zero_deferrals(p, direct, &z, mf_norders(fb));
		if (extfrag)
			mf_zero_claims(p, extfrag, &z);
	}
}

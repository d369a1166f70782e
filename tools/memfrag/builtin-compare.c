// SPDX-License-Identifier: GPL-2.0
/*
 * memfrag compare [NAME=]RECORDING...: two or more recordings, named,
 * reduced over the zones they all have (util/compare_reduce.c) and set
 * side by side, one column per recording; -o DIR draws them too
 * (util/compare_svg.c).  Percentiles come from the log2 latency
 * histograms: a percentile is the upper bound of its bucket ("p50 <=
 * 2047 us").
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <memfrag/memfrag.h>

#include "builtin.h"
#include "util/compare.h"
#include "util/filter.h"
#include "util/json.h"

const struct mf_opt mf_compare_opts[] = {
	{ 'o', "output", "DIR",
	  "also draw every recording side by side as SVG into DIR" },
	{ 0, NULL, NULL, NULL }
};

/* What the rows of a reading keep: -n, -z, -t and the zones compared. */
struct mf_cmp_keep {
	const struct mf_globals *g;
	const struct mf_cmp_rec *r;
};

static int mf_cmp_zone_on(const struct mf_cmp_rec *r, int node,
			  const char *zone)
{
	unsigned int z;

	for (z = 0; z < r->rec.nzones; z++)
		if (r->rec.zones[z].node == node &&
		    !strcmp(r->rec.zones[z].name, zone))
			return r->zone_on[z];
	return 0;
}

static int mf_cmp_keep_row(const void *arg, long long node, const char *zone,
			   const char *trigger)
{
	const struct mf_cmp_keep *k = arg;

	if (!mf_filter_match(k->g, (int)node, zone, trigger))
		return 0;
	return !zone || node < 0 || mf_cmp_zone_on(k->r, (int)node, zone);
}

/* Whether every recording's header lists node/zone. */
static int mf_cmp_everywhere(const struct mf_cmp *c, int node,
			     const char *zone)
{
	unsigned int i, z, found;

	for (i = 0; i < c->nrec; i++) {
		for (z = 0, found = 0; z < c->r[i].rec.nzones && !found; z++)
			found = c->r[i].rec.zones[z].node == node &&
				!strcmp(c->r[i].rec.zones[z].name, zone);
		if (!found)
			return 0;
	}
	return 1;
}

static void mf_cmp_note(struct mf_cmp *c, const char *fmt, ...)
	MF_PRINTF(2, 3);

static void mf_cmp_note(struct mf_cmp *c, const char *fmt, ...)
{
	size_t len = strlen(c->only_some);
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(c->only_some + len, sizeof(c->only_some) - len, fmt, ap);
	va_end(ap);
}

/*
 * The zones compared: those every recording has that -n and -z keep.
 * Zones only some have are named in c->only_some.
 */
static int mf_cmp_zones(struct mf_cmp *c, const struct mf_globals *g,
			struct mf_error *err)
{
	unsigned int i, z, any = 0, named = 0, noted = 0;

	for (i = 0; i < c->nrec; i++) {
		struct mf_cmp_rec *r = &c->r[i];

		for (z = 0; z < r->rec.nzones; z++) {
			const struct mf_rec_zone *rz = &r->rec.zones[z];

			named |= mf_filter_match(g, -1, rz->name, NULL);
			if (!mf_cmp_everywhere(c, rz->node, rz->name)) {
				mf_cmp_note(c, "%szone %d/%s only in %s",
					    noted++ ? "; " : "", rz->node,
					    rz->name, r->name);
				continue;
			}
			r->zone_on[z] = mf_filter_match(g, rz->node, rz->name,
							NULL);
			any |= r->zone_on[z];
		}
	}
	if (g->zone && !named)
		return mf_fail(err, MF_EXIT_USAGE,
			       "-z %s: no recording has a zone of that name",
			       g->zone);
	if (!any)
		return mf_fail(err, MF_EXIT_ERROR,
			       "cannot compare: the recordings have no zone in common%s%s",
			       g->zone || g->node >= 0 ? " that -n/-z keep" : "",
			       "");
	return 0;
}

/* What the recordings do not share, besides zones: noted, or an error. */
static int mf_cmp_shared(struct mf_cmp *c, struct mf_error *err)
{
	const struct mf_cmp_rec *a = &c->r[0];
	unsigned int i, claims = 0, formats = 0;

	c->norders = a->rec.norders;
	for (i = 0; i < c->nrec; i++) {
		const struct mf_cmp_rec *r = &c->r[i];

		if (r->rec.nsnap < 2)
			return mf_fail(err, MF_EXIT_ERROR,
				       "cannot compare %s: a recording needs two snapshots at least",
				       r->rec.path);
		if (r->rec.page_size != a->rec.page_size)
			return mf_fail(err, MF_EXIT_ERROR,
				       "cannot compare %s and %s: pages of %llu bytes against %llu (the same order is blocks of another size)",
				       a->rec.path, r->rec.path,
				       a->rec.page_size, r->rec.page_size);
		if (r->rec.norders < c->norders)
			c->norders = r->rec.norders;
		claims += !!r->rec.has_claim;
		formats += r->rec.format != a->rec.format;
	}
	for (i = 0; i < c->nrec; i++)
		if (c->r[i].rec.norders > c->norders)
			mf_cmp_note(c, "%sorders from %u only in %s",
				    c->only_some[0] ? "; " : "", c->norders,
				    c->r[i].name);
	for (i = 0; claims && claims < c->nrec && i < c->nrec; i++)
		if (c->r[i].rec.has_claim)
			mf_cmp_note(c, "%sextfrag %s/%s only in %s",
				    c->only_some[0] ? "; " : "",
				    MF_COL(claimed), MF_COL(stolen),
				    c->r[i].name);
	for (i = 0; formats && i < c->nrec; i++)
		mf_cmp_note(c, "%s%s: file format %lld",
			    c->only_some[0] ? "; " : "", c->r[i].name,
			    c->r[i].rec.format);
	return 0;
}

/* NAME=PATH, or PATH named by its file name less .gz and .jsonl. */
static int mf_cmp_name(struct mf_cmp_rec *r, char *arg, const char **path)
{
	char *eq = strchr(arg, '='), *slash = strrchr(arg, '/'), *dot;
	size_t len;

	if (eq && (!slash || slash > eq)) {
		*eq = '\0';
		r->name = arg;
		*path = eq + 1;
		return *arg && **path ? 0 : -1;
	}
	*path = arg;
	r->name = slash ? slash + 1 : arg;
	len = strlen(r->name);
	dot = (char *)r->name + len;
	if (len > 3 && !strcmp(dot - 3, ".gz"))
		dot -= 3;
	if (dot - r->name > 6 && !strncmp(dot - 6, ".jsonl", 6))
		dot -= 6;
	snprintf(r->namebuf, sizeof(r->namebuf), "%.*s",
		 (int)(dot - r->name), r->name);
	r->name = r->namebuf;
	return *r->name ? 0 : -1;
}

static void mf_print_text(const struct mf_cmp *c)
{
	char name[80], cell[32], hp[16];
	unsigned int i, k, nw = 6, w[MF_CMP_MAX_RECS];

	snprintf(hp, sizeof(hp), "%d", c->hp_order);
	for (i = 0; i < c->nrec; i++) {
		const struct mf_cmp_rec *r = &c->r[i];

		printf("%s: %s (%s, format %lld, %.1f s recorded, %.1f s active)\n",
		       r->name, r->rec.path, r->rec.kernel, r->rec.format,
		       r->span, r->active);
		w[i] = strlen(r->name) > 10 ? strlen(r->name) : 10;
	}
	/* the widest row name sets the first column: 80 columns for three */
	for (k = 0; k < c->nrows; k++) {
		i = strlen(c->rows[k].metric) + 1 + strlen(c->rows[k].key);
		nw = i > nw ? i : nw;
	}
	printf("Totals over each recording; rates per second of its active time, from the\n"
	       "start of the first sample interval in which a compaction run ended or a\n"
	       "fallback was counted to the end of the last.  Gauges are time-weighted\n"
	       "means over the recording, summed over the zones compared; score: the\n"
	       "kernel's fragmentation score of each node, unusable: the unusable free\n"
	       "space index, both at the huge-page order (%s).\n",
	       c->hp_order < 0 ? "each recording's own" : hp);
	if (c->only_some[0])
		printf("Not compared: %s.\n", c->only_some);
	printf("\n%-*s %-9s", (int)nw, "metric", "unit");
	for (i = 0; i < c->nrec; i++)
		printf(" %*s", w[i], c->r[i].name);
	putchar('\n');
	for (k = 0; k < c->nrows; k++) {
		const struct mf_cmp_row *row = &c->rows[k];

		snprintf(name, sizeof(name), "%s.%s", row->metric, row->key);
		printf("%-*s %-9s", (int)nw, name, row->unit);
		for (i = 0; i < c->nrec; i++) {
			/* an unknown value (no runs, never active) is "-" */
			if (isnan(row->v[i]))
				snprintf(cell, sizeof(cell), "-");
			else
				snprintf(cell, sizeof(cell), "%.6g", row->v[i]);
			printf(" %*s", w[i], cell);
		}
		putchar('\n');
	}
}

static void mf_print_json(const struct mf_cmp *c)
{
	struct mf_json j;
	unsigned int i, k;

	mf_json_init(&j, stdout, 1);
	mf_json_begin(&j, NULL, '{');
	mf_json_str(&j, "view", "compare");
	mf_json_str(&j, "version", MEMFRAG_VERSION);
	mf_json_int(&j, "huge_page_order", c->hp_order);
	mf_json_str(&j, "not_compared", c->only_some);
	mf_json_begin(&j, "recordings", '[');
	for (i = 0; i < c->nrec; i++) {
		const struct mf_cmp_rec *r = &c->r[i];

		mf_json_begin(&j, NULL, '{');
		mf_json_str(&j, "name", r->name);
		mf_json_str(&j, "path", r->rec.path);
		mf_json_str(&j, "kernel", r->rec.kernel);
		mf_json_str(&j, "started", r->rec.started);
		mf_json_int(&j, "format", r->rec.format);
		mf_json_seconds(&j, "seconds", r->span);
		mf_json_double(&j, "active_seconds", r->active);
		mf_json_u64(&j, "snapshots", r->rec.nsnap);
		mf_json_end(&j, '}');
	}
	mf_json_end(&j, ']');
	mf_json_begin(&j, "rows", '[');
	for (k = 0; k < c->nrows; k++) {
		const struct mf_cmp_row *row = &c->rows[k];

		mf_json_begin(&j, NULL, '{');
		mf_json_str(&j, "metric", row->metric);
		mf_json_str(&j, "key", row->key);
		mf_json_str(&j, "unit", row->unit);
		mf_json_begin(&j, "values", '[');
		for (i = 0; i < c->nrec; i++)
			if (isnan(row->v[i]))
				mf_json_null(&j, NULL);
			else
				mf_json_double(&j, NULL, row->v[i]);
		mf_json_end(&j, ']');
		mf_json_end(&j, '}');
	}
	mf_json_end(&j, ']');
	mf_json_end(&j, '}');
	mf_json_done(&j);
}

/* Reads every recording twice: whole, then its rows of the zones shared. */
static int mf_cmp_read(struct mf_cmp *c, const char *const *paths,
		       const struct mf_globals *g, struct mf_error *err)
{
	struct mf_cmp_keep keep = { g, NULL };
	struct mf_rec_opts ro = { 0, mf_cmp_keep_row, &keep };
	unsigned int i;
	int ret;

	for (i = 0; i < c->nrec; i++) {
		ret = mf_rec_read_opts(&c->r[i].rec, paths[i], NULL, err);
		if (ret)
			return ret;
	}
	ret = mf_cmp_zones(c, g, err);
	for (i = 0; !ret && i < c->nrec; i++) {
		mf_rec_release(&c->r[i].rec);
		keep.r = &c->r[i];
		ret = mf_rec_read_opts(&c->r[i].rec, paths[i], &ro, err);
	}
	return ret ? ret : mf_cmp_shared(c, err);
}

int mf_compare_main(int argc, char **argv, const struct mf_globals *g,
		    struct mf_source *src, struct mf_error *err)
{
	const char *paths[MF_CMP_MAX_RECS], *bad, *dir = NULL;
	struct mf_getopt go;
	struct mf_cmp *c;
	unsigned int i, k;
	int ch, ret;

	(void)src;
	mf_getopt_init(&go, mf_compare_opts, mf_nopts(mf_compare_opts));
	while ((ch = mf_getopt(&go, argc, argv, &bad)) != -1) {
		if (ch == 'o')
			dir = optarg;
		else
			return mf_usage_error("compare: %s '%s'",
					      ch == ':' ? "option needs an argument:" :
					      "unknown option", bad);
	}
	if (argc - optind < 2 || argc - optind > MF_CMP_MAX_RECS)
		return mf_usage_error("compare needs 2 to %d recordings: memfrag compare [NAME=]RECORDING...",
				      MF_CMP_MAX_RECS);
	c = mf_xmalloc(sizeof(*c));
	memset(c, 0, sizeof(*c));
	c->nrec = argc - optind;
	for (i = 0; i < c->nrec; i++) {
		if (mf_cmp_name(&c->r[i], argv[optind + i], &paths[i])) {
			free(c);
			return mf_usage_error("compare: '%s': a recording is PATH or NAME=PATH",
					      argv[optind + i]);
		}
		for (k = 0; k < i; k++)
			if (!strcmp(c->r[k].name, c->r[i].name)) {
				ret = mf_usage_error("compare: two recordings named '%s' (name them: NAME=PATH)",
						     c->r[i].name);
				free(c);
				return ret;
			}
	}
	ret = mf_cmp_read(c, paths, g, err);
	if (!ret) {
		for (i = 0; i < c->nrec; i++)
			mf_cmp_reduce(&c->r[i]);
		c->hp_order = c->r[0].hp_order;
		for (i = 1; i < c->nrec; i++)
			if (c->r[i].hp_order != c->hp_order)
				c->hp_order = -1;
		mf_cmp_rows(c);
		if (g->json)
			mf_print_json(c);
		else
			mf_print_text(c);
		if (dir)
			ret = mf_cmp_figures(c, dir, err);
	}
	for (i = 0; i < c->nrec; i++)
		mf_rec_release(&c->r[i].rec);
	free(c);
	return ret;
}

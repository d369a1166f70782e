// SPDX-License-Identifier: GPL-2.0
/*
 * Row filters by node, zone and trigger (filter.h).  A section without
 * the filtered column is left whole: the filter does not apply to it.
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "filter.h"
#include "names.h"

const char *const mf_zone_names[] = {
	"DMA", "DMA32", "Normal", "HighMem", "Movable", "Device", NULL
};

/*
 * *canonical = the entry of names (NULL-terminated) that is arg, in any
 * case or not; else the error of option opt, naming the valid ones (list).
 */
static int mf_filter_name(const char *opt, const char *const *names,
			  const char *list, int any_case, const char *arg,
			  const char **canonical, struct mf_error *err)
{
	for (; *names; names++)
		if (any_case ? !strcasecmp(*names, arg) : !strcmp(*names, arg)) {
			*canonical = *names;
			return 0;
		}
	mf_fail(err, MF_EXIT_USAGE, "%s: '%s' is not a %s (%s)", opt, arg,
		opt[1] == 'z' ? "zone" : "trigger", /* not a column name */
		list);
	return -1;
}

int mf_filter_zone(const char *arg, const char **canonical,
		   struct mf_error *err)
{
	return mf_filter_name("-z", mf_zone_names, MF_ZONE_NAMES, 1, arg,
			      canonical, err);
}

int mf_filter_trigger(const char *arg, const char **canonical,
		      struct mf_error *err)
{
	return mf_filter_name("-t", mf_trigger_names, MEMFRAG_TRIGGER_NAMES, 0,
			      arg, canonical, err);
}

int mf_filter_node(const char *arg, long long *node, struct mf_error *err)
{
	char *end;

	errno = 0;
	*node = strtoll(arg, &end, 10);
	if (errno || end == arg || *end || !isdigit((unsigned char)*arg) ||
	    *node > MF_MAX_NODE) {
		mf_fail(err, MF_EXIT_USAGE,
			"-n: '%s' is not a node number (0 to %d)", arg,
			MF_MAX_NODE);
		return -1;
	}
	return 0;
}

int mf_filter_match(const struct mf_globals *g, long long node,
		    const char *zone, const char *trigger)
{
	return (g->node < 0 || node < 0 || node == g->node) &&
	       (!g->zone || !zone || !strcasecmp(zone, g->zone)) &&
	       (!g->trigger || !trigger || !strcmp(trigger, g->trigger));
}

static const char *mf_tok(const struct mf_row *r, int col)
{
	return col >= 0 && (unsigned int)col < r->ntok ? r->tok[col] : NULL;
}

void mf_filter_file(struct mf_file *f, const struct mf_globals *g)
{
	unsigned int i, k, keep;

	if (g->node < 0 && !g->zone && !g->trigger)
		return;
	for (i = 0; i < f->nsec; i++) {
		struct mf_section *s = &f->sec[i];
		int nc = mf_col(s, MF_COL(node)), zc = mf_col(s, MF_COL(zone));
		int tc = mf_col(s, MF_COL(trigger));

		for (k = 0, keep = 0; k < s->nrow; k++) {
			const char *node = mf_tok(&s->rows[k], nc);

			if (mf_filter_match(g, node ? atoll(node) : -1,
					    mf_tok(&s->rows[k], zc),
					    mf_tok(&s->rows[k], tc)))
				s->rows[keep++] = s->rows[k];
		}
		s->nrow = keep;
	}
}

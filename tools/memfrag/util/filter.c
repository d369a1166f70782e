// SPDX-License-Identifier: GPL-2.0
/*
 * Row filters by node, zone and trigger (filter.h).  A section without
 * the filtered column is left whole: the filter does not apply to it.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "filter.h"

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

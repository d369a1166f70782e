// SPDX-License-Identifier: GPL-2.0
/*
 * memfrag reset: clears every counter the module keeps.
 */
#include <stdio.h>

#include <memfrag/memfrag.h>

#include "builtin.h"

int mf_reset_main(int argc, char **argv, const struct mf_globals *g,
		  struct mf_source *src, struct mf_error *err)
{
	int ret;

	if (argc > 1)
		return mf_usage_error("unexpected argument '%s'", argv[1]);
	if (g->interval)
		return mf_usage_error("%s", "reset does not take -i");
	ret = mf_reset(src, err);
	if (!ret && g->json)
		printf("{\"view\": \"reset\", \"version\": \"%s\", \"format\": %d, \"reset\": true}\n",
		       MEMFRAG_VERSION, MEMFRAG_FORMAT_VERSION);
	return ret;
}

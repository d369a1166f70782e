/* SPDX-License-Identifier: GPL-2.0 */
#ifndef MEMFRAG_TOOL_SNOOP_H
#define MEMFRAG_TOOL_SNOOP_H

#include "source.h"

/*
 * memfrag snoop [OPTION]...: argv[0] is "snoop"; reads src's live events
 * file; returns an exit status, with err filled in on failure.
 */
int mf_snoop_main(int argc, char **argv, const struct mf_source *src,
		  struct mf_error *err);

#endif /* MEMFRAG_TOOL_SNOOP_H */

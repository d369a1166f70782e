/* SPDX-License-Identifier: GPL-2.0 */
/*
 * memfrag record: every file's snapshot at each interval, and the events
 * between them, as JSON Lines (recording.h describes the format).
 */
#ifndef MEMFRAG_TOOL_RECORD_H
#define MEMFRAG_TOOL_RECORD_H

#include "cli.h"

extern const struct mf_opt mf_record_opts[];
int mf_record_main(int argc, char **argv, const struct mf_globals *g,
		   struct mf_source *src, struct mf_error *err);

#endif /* MEMFRAG_TOOL_RECORD_H */

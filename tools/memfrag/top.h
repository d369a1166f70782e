/* SPDX-License-Identifier: GPL-2.0 */
/*
 * memfrag top: the summary (runs, stalls, fallbacks, zones) full-screen,
 * refreshed every -i SECONDS, like slabtop.
 */
#ifndef MEMFRAG_TOOL_TOP_H
#define MEMFRAG_TOOL_TOP_H

#include "cli.h"

extern const struct mf_opt mf_top_opts[];
mf_command_main mf_top_main;

#endif /* MEMFRAG_TOOL_TOP_H */

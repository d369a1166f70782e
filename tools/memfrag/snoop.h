/* SPDX-License-Identifier: GPL-2.0 */
#ifndef MEMFRAG_TOOL_SNOOP_H
#define MEMFRAG_TOOL_SNOOP_H

#include "cli.h"

/*
 * memfrag snoop [OPTION]...: argv[0] is "snoop"; reads src's events file,
 * live or saved; returns an exit status, with err filled in on failure.
 */
extern const struct mf_opt mf_snoop_opts[];
mf_command_main mf_snoop_main;

#endif /* MEMFRAG_TOOL_SNOOP_H */

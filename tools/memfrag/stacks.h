/* SPDX-License-Identifier: GPL-2.0 */
/*
 * memfrag stacks: the kernel stacks that entered direct compaction, most
 * frequent first, from the module's stacks file.
 */
#ifndef MEMFRAG_TOOL_STACKS_H
#define MEMFRAG_TOOL_STACKS_H

#include "cli.h"

mf_command_main mf_stacks_main;

#endif /* MEMFRAG_TOOL_STACKS_H */

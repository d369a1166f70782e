/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Names shared by memfrag.ko and the userspace tool: where the files live,
 * what they are called, and which format version they are written in.
 *
 * These headers hold preprocessor constants, X-macro lists and enums
 * only, so that the kernel module, the tool and the selftests (libc
 * programs) can all include them.
 */
#ifndef MEMFRAG_MEMFRAG_H
#define MEMFRAG_MEMFRAG_H

#define MEMFRAG_VERSION		"0.1.0"

/*
 * Bumped whenever a file's layout changes in a way that a parser written
 * for the previous version would misread.  Every file starts with it.
 * The tool reads every format from MEMFRAG_FORMAT_OLDEST to
 * MEMFRAG_FORMAT_VERSION.
 *   1  the first.
 *   2  zones no longer has compaction_proactiveness, score_low and
 *      score_high: the tool computes them from the sysctl.
 *   3  extfrag has [claims] (claimed and stolen fallbacks); zones has
 *      [free_blocks_by_type] and [pageblocks] (per migratetype).  The
 *      sections new in 3 carry MEMFRAG_SEC_FORMAT3.
 *   4  status and zones have page_size (MEMFRAG_KEYS_FORMAT4): the pages
 *      they count are no longer taken to be 4 KiB.
 *   5  [free_blocks_by_type] and [pageblocks] move from zones to a file
 *      of their own, pagetypes: zones no longer walks the free lists.
 *   6  status has load_id and reset_generation (MEMFRAG_KEYS_FORMAT6):
 *      readers tell a reset or a reload from them.
 */
#define MEMFRAG_FORMAT_VERSION	6
#define MEMFRAG_FORMAT_OLDEST	1
/* The first format with the pagetypes file (zones had its sections). */
#define MEMFRAG_FORMAT_PAGETYPES	5

#include "files.h"
#include "sections.h"
#include "tracepoints.h"
#include "triggers.h"
#include "compaction.h"
#include "migratetypes.h"
#include "drops.h"

#endif /* MEMFRAG_MEMFRAG_H */

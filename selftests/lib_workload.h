/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Running memfrag_workload from a test, and the settings it changes,
 * which the runner restores.
 */
#ifndef MFT_LIB_WORKLOAD_H
#define MFT_LIB_WORKLOAD_H

#include "lib_files.h"

/* The settings memfrag_workload changes (and its runner restores). */
#define MF_NR_HUGEPAGES		"/proc/sys/vm/nr_hugepages"
#define MF_PROACTIVENESS	"/proc/sys/vm/compaction_proactiveness"
#define MF_THP_ENABLED		"/sys/kernel/mm/transparent_hugepage/enabled"
#define MF_THP_DEFRAG		"/sys/kernel/mm/transparent_hugepage/defrag"
#define MF_BOOST_FACTOR		"/proc/sys/vm/watermark_boost_factor"
#define MF_EXTFRAG_THRESHOLD	"/proc/sys/vm/extfrag_threshold"
#define MF_LOWMEM_RESERVE_RATIO	"/proc/sys/vm/lowmem_reserve_ratio"

/* memfrag_workload: $MEMFRAG_WORKLOAD or ./memfrag_workload; NULL if absent. */
const char *mft_workload_path(void);
/*
 * Runs memfrag_workload with the given phases (space-separated) and waits
 * for it; its pid is stored in *pid if pid is not NULL.  0 when it
 * succeeded, -errno otherwise.
 */
int mft_run_workload(const char *phases, pid_t *pid);
/*
 * The same with its arguments as a NULL-terminated list, each passed as
 * it is (one may hold spaces: memfrag_workload's --comm NAME).
 */
int mft_run_workload_argv(const char *const *args, pid_t *pid);

#endif /* MFT_LIB_WORKLOAD_H */

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Leaks the module may leave: per-CPU memory that does not come back,
 * and kmemleak's reports.
 */
#ifndef MFT_LIB_LEAKS_H
#define MFT_LIB_LEAKS_H

#include "lib_proc.h"

/*
 * The Percpu line of /proc/meminfo, in bytes, once it stopped moving: the
 * kernel frees some per-CPU memory after an RCU grace period or from a
 * work item (a network namespace is torn down by a work queue), so it is
 * read until two reads a second apart agree, for up to 20 seconds.  The
 * line counts populated pages of per-CPU chunks, not bytes in use: an
 * allocation that fits in pages already populated does not move it.
 */
unsigned long percpu_settled(void);

/* Does the kernel have kmemleak (/sys/kernel/debug/kmemleak)? */
bool kmemleak_present(void);
/* Scans, then forgets every suspect so far; 0 or -errno. */
int kmemleak_clear(void);
/*
 * Waits until what was allocated until now is old enough for kmemleak to
 * report (5 s), scans twice (the second scan confirms the first one's
 * suspects) and copies the report into buf: its length (0: no new leak),
 * or -errno.  A report also puts "kmemleak: N new suspected memory leaks"
 * in the kernel log.
 */
long kmemleak_new_leaks(char *buf, size_t size);

#endif /* MFT_LIB_LEAKS_H */

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The zone snapshot: computed when the file is read, from the kernel's own
 * zone state, with nothing added to any hot path.
 */
#ifndef MEMFRAG_SNAPSHOT_H
#define MEMFRAG_SNAPSHOT_H

#include <linux/seq_file.h>

/* Writes the body of /sys/kernel/debug/memfrag/zones (after the header). */
void memfrag_snapshot_show(struct seq_file *m);
/* A buffer size that holds the whole file: each read computes it once. */
size_t memfrag_snapshot_size(void);

#endif /* MEMFRAG_SNAPSHOT_H */

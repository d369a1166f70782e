/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Who stalls: bounded per-CPU tables of the heaviest tasks.
 */
#ifndef MEMFRAG_TOP_H
#define MEMFRAG_TOP_H

#include <linux/seq_file.h>
#include <linux/types.h>

/*
 * Entries each CPU keeps per task table; readers merge the CPUs' tables.
 * Sized so that the tables of 448 possible CPUs stay near 0.5 MiB.
 */
#define MEMFRAG_TOP_TASKS	8

int memfrag_top_init(void);
void memfrag_top_exit(void);
/* Forgets every entry (reset); probes keep running. */
void memfrag_top_reset(void);

/* Probe side: current ran a direct compaction run of latency_ns. */
void memfrag_top_direct_run(u64 latency_ns);
/* Probe side: current's allocation fell back to another migratetype. */
void memfrag_top_extfrag(void);

void memfrag_top_show_tasks(struct seq_file *m);

#endif /* MEMFRAG_TOP_H */

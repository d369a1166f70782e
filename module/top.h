/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Who stalls: bounded tables of the heaviest tasks and kernel stacks.
 */
#ifndef MEMFRAG_TOP_H
#define MEMFRAG_TOP_H

#include <linux/seq_file.h>
#include <linux/types.h>

/* Entries each CPU keeps per table; readers merge the CPUs' tables. */
#define MEMFRAG_TOP_TASKS	32
#define MEMFRAG_TOP_STACKS	16
#define MEMFRAG_STACK_DEPTH	16


int memfrag_top_init(void);
void memfrag_top_exit(void);
/* Forgets every entry (reset); probes keep running. */
void memfrag_top_reset(void);

/* Probe side: current ran a direct compaction run of latency_ns. */
void memfrag_top_direct_run(u64 latency_ns);
/* Probe side: current's allocation fell back to another migratetype. */
void memfrag_top_extfrag(void);
/* Probe side: current entered direct compaction; records its stack. */
void memfrag_top_direct_stack(void);

void memfrag_top_show_tasks(struct seq_file *m);
void memfrag_top_show_stacks(struct seq_file *m);

#endif /* MEMFRAG_TOP_H */

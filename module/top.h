/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Who stalls: bounded tables of the heaviest tasks and kernel stacks.
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
/*
 * The stack map: distinct kernel stacks that entered direct compaction,
 * one map for all CPUs, each stored once and known by its id (1 ..
 * MEMFRAG_STACK_SLOTS; 0 is "no stack"), as BPF's stack maps do.
 * A stack is looked up in MEMFRAG_STACK_PROBES slots after its hash.
 */
#define MEMFRAG_STACK_SLOTS	256
#define MEMFRAG_STACK_PROBES	16
#define MEMFRAG_STACK_DEPTH	16


int memfrag_top_init(void);
void memfrag_top_exit(void);
/* Forgets every entry (reset); probes keep running. */
void memfrag_top_reset(void);

/* Probe side: current ran a direct compaction run of latency_ns. */
void memfrag_top_direct_run(u64 latency_ns);
/* Probe side: current's allocation fell back to another migratetype. */
void memfrag_top_extfrag(void);
/*
 * Probe side: current entered direct compaction.  Captures its stack once,
 * counts it in the stack map and returns its id (0 if the map is full,
 * counted as a drop).  The stack starts at the function that emitted the
 * tracepoint, whether or not the tracepoint calls memfrag through the
 * iterator other tracers' probes add.
 */
u16 memfrag_top_direct_stack(void);
/*
 * The frames of stack id, for readers: their number (0 for an unknown id)
 * and *ip pointing at them.  A stack is never changed once it has an id.
 */
unsigned int memfrag_stack_frames(u16 id, const unsigned long **ip);

void memfrag_top_show_tasks(struct seq_file *m);
void memfrag_top_show_stacks(struct seq_file *m);

#endif /* MEMFRAG_TOP_H */

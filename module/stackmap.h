/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The stack map: distinct kernel stacks of direct compaction requests
 * that started compacting, one map for all CPUs, each stored once and
 * known by its id (1 .. MEMFRAG_STACK_SLOTS; 0 is "no stack"), as BPF's
 * stack maps do.  A stack is looked up in MEMFRAG_STACK_PROBES slots
 * after its hash.
 */
#ifndef MEMFRAG_STACKMAP_H
#define MEMFRAG_STACKMAP_H

#include <linux/build_bug.h>
#include <linux/limits.h>
#include <linux/seq_file.h>
#include <linux/types.h>

#define MEMFRAG_STACK_SLOTS	256
#define MEMFRAG_STACK_PROBES	16
#define MEMFRAG_STACK_DEPTH	16
/*
 * Not an id: a direct request's note before its first begin has taken
 * the stack (runs.c).
 */
#define MEMFRAG_STACK_NOT_TAKEN	U16_MAX
static_assert(MEMFRAG_STACK_SLOTS < MEMFRAG_STACK_NOT_TAKEN);

int memfrag_stackmap_init(void);
void memfrag_stackmap_exit(void);
/* Counts every stack from zero again (reset); ids stay valid. */
void memfrag_stackmap_reset(void);

/*
 * Probe side: current's direct compaction request begins its first run.
 * Captures its stack, counts it in the map and returns its id (0 if the
 * map is full, counted as a drop).  The stack starts at the function that
 * emitted mm_compaction_begin (compact_zone), whether or not the
 * tracepoint calls memfrag through the iterator other tracers' probes
 * add: compact_zone, compact_zone_order where the compiler kept it,
 * try_to_compact_pages and the allocation path that led there.
 */
u16 memfrag_stack_capture(void);
/*
 * The frames of stack id, for readers: their number (0 for an unknown id)
 * and *ip pointing at them.  A stack is never changed once it has an id.
 */
unsigned int memfrag_stack_frames(u16 id, const unsigned long **ip);

/* The stacks file. */
void memfrag_stacks_show(struct seq_file *m);

#endif /* MEMFRAG_STACKMAP_H */

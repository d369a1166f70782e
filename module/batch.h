/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Per-CPU batches of additions to the shared counters (stats.h), so that
 * no probe writes a cache line other CPUs write: a probe adds to an entry
 * of its own CPU's batch, and only when that entry holds another counter
 * does it fold the entry's sum into the shared counter (one atomic add,
 * out of line).  Readers add what the batches hold (memfrag_batch_read()).
 *
 * One batch per CPU and interrupt context level (task, softirq, hardirq):
 * a probe runs with preemption disabled, so only a probe of a higher level
 * can interrupt it on its CPU, and that one uses another batch.  A batch
 * is a direct-mapped table of MEMFRAG_BATCH_ENTRIES counters, indexed by
 * the counter's address: neighbouring counters of one zone, the ones a run
 * adds to, take different entries.
 */
#ifndef MEMFRAG_BATCH_H
#define MEMFRAG_BATCH_H

#include <linux/atomic.h>
#include <linux/percpu.h>
#include <linux/preempt.h>
#include <linux/types.h>

#include "compat.h"

#define MEMFRAG_BATCH_ENTRIES	32
/* Task, softirq and hardirq; an NMI adds to the shared counter itself. */
#define MEMFRAG_BATCH_LEVELS	3

struct memfrag_batch_entry {
	u64 *counter;
	u64 sum;
};

struct memfrag_batch {
	/* Odd while an entry is being folded and replaced. */
	unsigned int seq;
	struct memfrag_batch_entry e[MEMFRAG_BATCH_ENTRIES];
};

struct memfrag_batches {
	struct memfrag_batch level[MEMFRAG_BATCH_LEVELS];
};

extern struct memfrag_batches __percpu *memfrag_batches;

int memfrag_batch_init(void);
void memfrag_batch_exit(void);

/* *counter += v with an atomic add: the NMI path. */
void memfrag_batch_add_shared(u64 *counter, u64 v);
/* Folds entry e of b into its counter and gives it to counter, with v. */
void memfrag_batch_replace(struct memfrag_batch *b,
			   struct memfrag_batch_entry *e, u64 *counter, u64 v);

static __always_inline unsigned long memfrag_batch_index(const u64 *counter)
{
	return ((unsigned long)counter / sizeof(u64)) %
	       MEMFRAG_BATCH_ENTRIES;
}

/* *counter += v, for every reader, without an atomic in the common case. */
static __always_inline void memfrag_batch_add(u64 *counter, u64 v)
{
	struct memfrag_batch *b = this_cpu_ptr(memfrag_batches)->level;
	struct memfrag_batch_entry *e;

	memfrag_assert_pinned();
	/*
	 * Task context, where most probes run, is level 0: one test of the
	 * preempt count, not interrupt_context_level()'s three.
	 */
	if (unlikely(preempt_count() &
		     (NMI_MASK | HARDIRQ_MASK | SOFTIRQ_OFFSET))) {
		unsigned int level = interrupt_context_level();

		if (unlikely(level >= MEMFRAG_BATCH_LEVELS)) {
			memfrag_batch_add_shared(counter, v);
			return;
		}
		b += level;
	}
	/* In range by construction: no bounds check of b->e[] needed. */
	e = b->e + memfrag_batch_index(counter);
	if (likely(e->counter == counter))
		/* One writer, this CPU at this level; readers load it once. */
		WRITE_ONCE(e->sum, e->sum + v);
	else
		memfrag_batch_replace(b, e, counter, v);
}

/*
 * Reader side: out[] = the n counters at shared, with what the batches
 * hold for them, read again if an entry moved to its counter meanwhile,
 * so that nothing is counted twice or missed.
 */
void memfrag_batch_read(u64 *out, const u64 *shared, size_t n);

/* The batches' memory, for status's memory_bytes. */
size_t memfrag_batch_bytes(void);

#endif /* MEMFRAG_BATCH_H */

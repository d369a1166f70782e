// SPDX-License-Identifier: GPL-2.0
/*
 * The per-CPU batches of batch.h: the rare path of the probes, and the
 * readers' view of what the batches hold.
 */
#include <linux/cpumask.h>
#include <linux/percpu.h>
#include <linux/processor.h>

#include "batch.h"

struct memfrag_batches __percpu *memfrag_batches;

int memfrag_batch_init(void)
{
	memfrag_batches = alloc_percpu(struct memfrag_batches);
	return memfrag_batches ? 0 : -ENOMEM;
}

void memfrag_batch_exit(void)
{
	free_percpu(memfrag_batches);
	memfrag_batches = NULL;
}

size_t memfrag_batch_bytes(void)
{
	return sizeof(struct memfrag_batches) * num_possible_cpus();
}

noinline void memfrag_batch_add_shared(u64 *counter, u64 v)
{
	atomic64_add(v, (atomic64_t *)counter);
}

/*
 * A reader that sees seq even and unchanged across its reads saw each
 * entry either before its sum reached the counter or after the entry was
 * given to another counter, never both.
 */
noinline void memfrag_batch_replace(struct memfrag_batch *b,
				    struct memfrag_batch_entry *e,
				    u64 *counter, u64 v)
{
	u64 *old = e->counter;

	WRITE_ONCE(b->seq, b->seq + 1);
	/* seq odd before the counter changes: pairs with memfrag_batch_begin(). */
	smp_wmb();
	if (old && e->sum)
		atomic64_add(e->sum, (atomic64_t *)old);
	WRITE_ONCE(e->counter, counter);
	WRITE_ONCE(e->sum, v);
	/* The entry before seq is even: pairs with memfrag_batch_retry(). */
	smp_wmb();
	WRITE_ONCE(b->seq, b->seq + 1);
}

/* The sum of every batch's seq; waits out a replacement in progress. */
static unsigned long memfrag_batch_seq_sum(void)
{
	unsigned long sum;
	unsigned int seq;
	int cpu, l;

again:
	sum = 0;
	for_each_possible_cpu(cpu) {
		struct memfrag_batches *bs = per_cpu_ptr(memfrag_batches, cpu);

		for (l = 0; l < MEMFRAG_BATCH_LEVELS; l++) {
			seq = READ_ONCE(bs->level[l].seq);
			if (seq & 1) {
				/* A probe mid-replacement: a few stores. */
				cpu_relax();
				goto again;
			}
			sum += seq;
		}
	}
	return sum;
}

static unsigned long memfrag_batch_begin(void)
{
	unsigned long sum = memfrag_batch_seq_sum();

	/* seq before the counters: pairs with the first wmb of a replace. */
	smp_rmb();
	return sum;
}

static bool memfrag_batch_retry(unsigned long begin)
{
	/* The counters before seq: pairs with the second wmb of a replace. */
	smp_rmb();
	return memfrag_batch_seq_sum() != begin;
}

/* Adds what the batches hold for the n counters at shared to out[]. */
static void memfrag_batch_fold(u64 *out, const u64 *shared, size_t n)
{
	int cpu, l, i;

	for_each_possible_cpu(cpu) {
		struct memfrag_batches *bs = per_cpu_ptr(memfrag_batches, cpu);

		for (l = 0; l < MEMFRAG_BATCH_LEVELS; l++) {
			struct memfrag_batch *b = &bs->level[l];

			for (i = 0; i < MEMFRAG_BATCH_ENTRIES; i++) {
				const u64 *c = READ_ONCE(b->e[i].counter);

				if (c >= shared && c < shared + n)
					out[c - shared] += READ_ONCE(b->e[i].sum);
			}
		}
	}
}

void memfrag_batch_read(u64 *out, const u64 *shared, size_t n)
{
	unsigned long seq;
	size_t i;

	do {
		seq = memfrag_batch_begin();
		for (i = 0; i < n; i++)
			out[i] = READ_ONCE(shared[i]);
		memfrag_batch_fold(out, shared, n);
	} while (memfrag_batch_retry(seq));
}

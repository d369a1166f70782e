// SPDX-License-Identifier: GPL-2.0
/*
 * The stack map: the kernel stacks of direct compaction requests that
 * started compacting, one map for all CPUs.  A direct compaction request
 * unwinds its stack once, at the begin of its first run (a request whose
 * zones are all deferred or skipped unwinds nothing), and the stacks file
 * and every event record of the request's runs refer to it by id.  A slot is claimed with cmpxchg on its hash and published when
 * its frames are written; it is never freed or changed until unload, so an
 * id stays valid in the event rings.  Its count is a shared counter that
 * the CPU's batch adds to (batch.h); reset records a baseline instead of
 * clearing it.
 */
#include <linux/atomic.h>
#include <linux/jhash.h>
#include <linux/kallsyms.h>
#include <linux/kstrtox.h>
#include <linux/module.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/stacktrace.h>
#include <linux/string.h>
#include <linux/tracepoint.h>

#include "batch.h"
#include "fold.h"
#include "stackmap.h"
#include "stats.h"
#include "tracefiles.h"
#include "tracepoints.h"

struct memfrag_stack {
	u32 hash;		/* 0: free */
	u32 ready;		/* frames written: the id may be used */
	unsigned int nr;
	unsigned long ip[MEMFRAG_STACK_DEPTH];
};

static struct memfrag_stack *memfrag_stacks;
/*
 * Each stack's count, a shared counter added to through the CPU's batch
 * (batch.h), and its value at the last reset (under the read lock).
 */
static u64 *memfrag_stack_counts, *memfrag_stack_base;
/*
 * The tracepoint's iterator, which calls every probe when more than one is
 * attached (and memfrag directly when it is alone): frames in it, like
 * memfrag's own, are not part of the stack.
 */
static unsigned long memfrag_iter_start, memfrag_iter_end;

static void memfrag_find_iterator(struct tracepoint *tp, void *priv)
{
	char sym[KSYM_SYMBOL_LEN], *size;
	unsigned long len;

	if (strcmp(tp->name, priv) || !tp->iterator)
		return;
	/* "name+0x0/0x<size>": the iterator's extent, from kallsyms. */
	sprint_symbol(sym, (unsigned long)tp->iterator);
	size = strchr(sym, '/');
	if (!size)
		return;
	size[strcspn(size, " ")] = '\0';
	if (kstrtoul(size + 1, 0, &len))
		return;
	memfrag_iter_start = (unsigned long)tp->iterator;
	memfrag_iter_end = memfrag_iter_start + len;
}

int memfrag_stackmap_init(void)
{
	memfrag_iter_start = 0;
	memfrag_iter_end = 0;
	for_each_kernel_tracepoint(memfrag_find_iterator,
		(void *)memfrag_probe_descs[MEMFRAG_TP_BEGIN].name);
	memfrag_stacks = kcalloc(MEMFRAG_STACK_SLOTS, sizeof(*memfrag_stacks),
				 GFP_KERNEL);
	memfrag_stack_counts = kcalloc(MEMFRAG_STACK_SLOTS, sizeof(u64),
				       GFP_KERNEL);
	memfrag_stack_base = kcalloc(MEMFRAG_STACK_SLOTS, sizeof(u64),
				     GFP_KERNEL);
	if (!memfrag_stacks || !memfrag_stack_counts || !memfrag_stack_base) {
		memfrag_stackmap_exit();
		return -ENOMEM;
	}
	memfrag_stats.bytes += MEMFRAG_STACK_SLOTS *
			       (sizeof(*memfrag_stacks) + 2 * sizeof(u64));
	return 0;
}

void memfrag_stackmap_exit(void)
{
	memfrag_free_table(memfrag_stacks);
	memfrag_free_table(memfrag_stack_counts);
	memfrag_free_table(memfrag_stack_base);
}

/* Under the read lock (debugfs.c), like every reset. */
void memfrag_stackmap_reset(void)
{
	memfrag_batch_read(memfrag_stack_base, memfrag_stack_counts,
			   MEMFRAG_STACK_SLOTS);
}

/* Is ip memfrag's own code, or the tracepoint's iterator? */
static bool memfrag_stack_skip(unsigned long ip)
{
	return within_module(ip, THIS_MODULE) ||
	       (ip >= memfrag_iter_start && ip < memfrag_iter_end);
}

static bool memfrag_stack_is(const struct memfrag_stack *s, u32 hash,
			     const unsigned long *ip, unsigned int nr)
{
	/* ready before nr and ip: they were written before it. */
	return READ_ONCE(s->hash) == hash && smp_load_acquire(&s->ready) &&
	       s->nr == nr && !memcmp(s->ip, ip, nr * sizeof(ip[0]));
}

u16 memfrag_stack_capture(void)
{
	/* Room for memfrag's frames and the iterator's before the stack. */
	unsigned long ip[MEMFRAG_STACK_DEPTH + 8];
	unsigned int nr, first = 0, i;
	u32 hash;

	nr = stack_trace_save(ip, ARRAY_SIZE(ip), 0);
	while (first < nr && memfrag_stack_skip(ip[first]))
		first++;
	nr = min_t(unsigned int, nr - first, MEMFRAG_STACK_DEPTH);
	hash = jhash(ip + first, nr * sizeof(ip[0]), nr) | 1;
	for (i = 0; i < MEMFRAG_STACK_PROBES; i++) {
		unsigned int slot = (hash + i) % MEMFRAG_STACK_SLOTS;
		struct memfrag_stack *s = &memfrag_stacks[slot];

		if (!READ_ONCE(s->hash) && !cmpxchg(&s->hash, 0, hash)) {
			s->nr = nr;
			memcpy(s->ip, ip + first, nr * sizeof(ip[0]));
			/* Frames before ready: pairs with memfrag_stack_is(). */
			smp_store_release(&s->ready, 1);
		} else if (!memfrag_stack_is(s, hash, ip + first, nr)) {
			/* Another stack, or this one still being written. */
			continue;
		}
		memfrag_batch_add(&memfrag_stack_counts[slot], 1);
		return slot + 1;
	}
	memfrag_drop(MEMFRAG_DROP_STACK_MAP_FULL);
	return 0;
}

unsigned int memfrag_stack_frames(u16 id, const unsigned long **ip)
{
	struct memfrag_stack *s;

	if (!id || id > MEMFRAG_STACK_SLOTS || !memfrag_stacks)
		return 0;
	s = &memfrag_stacks[id - 1];
	/* The frames, once ready: pairs with the store in the capture. */
	if (!smp_load_acquire(&s->ready))
		return 0;
	*ip = s->ip;
	return s->nr;
}

/* A stack as the stacks file shows it: frames and count since reset. */
struct memfrag_stack_row {
	u64 count;
	unsigned int nr;
	const unsigned long *ip;
};

static void memfrag_stack_add(void *into, const void *from)
{
	struct memfrag_stack_row *m = into;
	const struct memfrag_stack_row *e = from;

	m->count += e->count;
}

static int memfrag_stack_id_cmp(const void *a, const void *b)
{
	const struct memfrag_stack_row *x = a, *y = b;
	unsigned int i;

	if (x->nr != y->nr)
		return x->nr < y->nr ? -1 : 1;
	for (i = 0; i < x->nr; i++)
		if (x->ip[i] != y->ip[i])
			return x->ip[i] < y->ip[i] ? -1 : 1;
	return 0;
}

static int memfrag_stack_cmp(const void *a, const void *b)
{
	const struct memfrag_stack_row *x = a, *y = b;

	if (x->count != y->count)
		return x->count < y->count ? 1 : -1;
	return memfrag_stack_id_cmp(a, b);
}

/*
 * The map's stacks counted since reset, most frequent first.  Two slots
 * hold the same stack only if two CPUs stored it at once: merged.
 */
static int memfrag_stack_rows(struct memfrag_stack_row *all, u64 *counts)
{
	int i, n = 0;

	memfrag_batch_read(counts, memfrag_stack_counts, MEMFRAG_STACK_SLOTS);
	for (i = 0; i < MEMFRAG_STACK_SLOTS; i++) {
		struct memfrag_stack *s = &memfrag_stacks[i];
		u64 count = counts[i] - memfrag_stack_base[i];

		if (!count || !memfrag_stack_frames(i + 1, &all[n].ip))
			continue;
		all[n].nr = s->nr;
		all[n].count = count;
		n++;
	}
	return memfrag_fold(all, n, sizeof(*all), memfrag_stack_id_cmp,
				memfrag_stack_add, memfrag_stack_cmp);
}

/*
 * stacks: [direct] the kernel stacks of direct compaction requests that
 * started compacting (taken at the first mm_compaction_begin of each
 * request), most frequent first: a line "count N error E" and then one
 * frame per line, as /proc/PID/stack names return addresses.
 */
void memfrag_stacks_show(struct seq_file *m)
{
	struct memfrag_stack_row *all;
	char frame[KSYM_SYMBOL_LEN];
	u64 *counts;
	int i, k, n;

	all = kvcalloc(MEMFRAG_STACK_SLOTS, sizeof(*all), GFP_KERNEL);
	counts = kcalloc(MEMFRAG_STACK_SLOTS, sizeof(*counts), GFP_KERNEL);
	/* reset writes each base under the read lock. */
	memfrag_read_lock();
	n = all && counts ? memfrag_stack_rows(all, counts) : -ENOMEM;
	memfrag_read_unlock();
	kfree(counts);
	if (n < 0) {
		/* As the tasks file says it. */
		seq_puts(m, "error: out of memory\n");
		kvfree(all);
		return;
	}
	seq_puts(m, "[direct]\n");
	for (i = 0; i < n; i++) {
		/* Nothing is evicted from the map: no error. */
		seq_printf(m, "count %llu error 0\n", all[i].count);
		for (k = 0; k < all[i].nr; k++) {
			memfrag_sprint_frame(frame, sizeof(frame),
					     all[i].ip[k]);
			seq_printf(m, "  %s\n", frame);
		}
		cond_resched();
	}
	kvfree(all);
}

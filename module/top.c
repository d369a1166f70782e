// SPDX-License-Identifier: GPL-2.0
/*
 * The heaviest tasks and stacks, in bounded per-CPU tables.
 *
 * Each CPU keeps its own small tables, updated by probes with preemption
 * disabled: no locks, no allocation.  A per-CPU seqcount lets readers copy
 * a table consistently while its CPU keeps writing; readers merge the
 * CPUs' tables and sort them.
 *
 * When a table is full and a new key arrives, it replaces the entry with
 * the smallest weight and inherits that weight (the "space-saving"
 * heavy-hitters scheme): a key that is truly heavy cannot be pushed out by
 * a stream of light ones, and an entry's weight overstates its own by at
 * most the "error" it inherited, which the files print.
 *
 * Reset bumps a generation number; entries of an older generation count as
 * empty, so reset never writes to a table a probe may be updating.
 */
#include <linux/jhash.h>
#include <linux/percpu.h>
#include <linux/sched.h>
#include <linux/seqlock.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/stacktrace.h>
#include <linux/string.h>

#include "names.h"
#include "stats.h"
#include "top.h"

struct memfrag_top_task {
	u32 gen;
	pid_t pid;
	char comm[TASK_COMM_LEN];
	u64 weight;		/* ordering key: total_ns or count */
	u64 error;		/* weight inherited on eviction */
	u64 count;
	u64 total_ns;
	u64 max_ns;
};

struct memfrag_top_stack {
	u32 gen;
	u32 hash;
	unsigned int nr;
	u64 weight;		/* = count */
	u64 error;
	unsigned long ip[MEMFRAG_STACK_DEPTH];
};

struct memfrag_top_cpu {
	seqcount_t seq;
	struct memfrag_top_task direct[MEMFRAG_TOP_TASKS];
	struct memfrag_top_task extfrag[MEMFRAG_TOP_TASKS];
	struct memfrag_top_stack stacks[MEMFRAG_TOP_STACKS];
};

static struct memfrag_top_cpu __percpu *memfrag_top;
/* Starts at 1 so that zeroed entries are of no generation. */
static u32 memfrag_top_gen = 1;

int memfrag_top_init(void)
{
	int cpu;

	memfrag_top_gen = 1;
	memfrag_top = alloc_percpu(struct memfrag_top_cpu);
	if (!memfrag_top)
		return -ENOMEM;
	for_each_possible_cpu(cpu)
		seqcount_init(&per_cpu_ptr(memfrag_top, cpu)->seq);
	memfrag_stats.bytes += sizeof(struct memfrag_top_cpu) *
			       num_possible_cpus();
	return 0;
}

void memfrag_top_exit(void)
{
	free_percpu(memfrag_top);
	memfrag_top = NULL;
}

void memfrag_top_reset(void)
{
	WRITE_ONCE(memfrag_top_gen, memfrag_top_gen + 1);
}

/* current's entry in t, claiming a free or the lightest one if new. */
static struct memfrag_top_task *memfrag_top_task_slot(struct memfrag_top_task *t,
						      u32 gen)
{
	struct memfrag_top_task *light = &t[0];
	int i;

	for (i = 0; i < MEMFRAG_TOP_TASKS; i++) {
		if (t[i].gen != gen) {
			light = &t[i];
			memset(light, 0, sizeof(*light));
			break;
		}
		if (t[i].pid == current->pid)
			return &t[i];
		if (t[i].weight < light->weight)
			light = &t[i];
	}
	/* Space-saving: the newcomer inherits the evicted weight. */
	light->error = light->gen == gen ? light->weight : 0;
	light->gen = gen;
	light->pid = current->pid;
	memcpy(light->comm, current->comm, TASK_COMM_LEN);
	light->count = 0;
	light->total_ns = 0;
	light->max_ns = 0;
	return light;
}

void memfrag_top_direct_run(u64 latency_ns)
{
	struct memfrag_top_cpu *c = this_cpu_ptr(memfrag_top);
	struct memfrag_top_task *e;

	/* Preemption is off in a probe: this CPU is the only writer. */
	raw_write_seqcount_begin(&c->seq);
	e = memfrag_top_task_slot(c->direct, READ_ONCE(memfrag_top_gen));
	e->count++;
	e->total_ns += latency_ns;
	e->max_ns = max(e->max_ns, latency_ns);
	e->weight += latency_ns;
	raw_write_seqcount_end(&c->seq);
}

void memfrag_top_extfrag(void)
{
	struct memfrag_top_cpu *c = this_cpu_ptr(memfrag_top);
	struct memfrag_top_task *e;

	raw_write_seqcount_begin(&c->seq);
	e = memfrag_top_task_slot(c->extfrag, READ_ONCE(memfrag_top_gen));
	e->count++;
	e->weight++;
	raw_write_seqcount_end(&c->seq);
}

void memfrag_top_direct_stack(void)
{
	struct memfrag_top_cpu *c = this_cpu_ptr(memfrag_top);
	unsigned long ip[MEMFRAG_STACK_DEPTH];
	struct memfrag_top_stack *light = NULL, *s;
	u32 gen = READ_ONCE(memfrag_top_gen), hash;
	unsigned int nr;
	int i;

	/* Skip this function and the probe; the rest leads to compaction. */
	nr = stack_trace_save(ip, MEMFRAG_STACK_DEPTH, 2);
	hash = jhash(ip, nr * sizeof(ip[0]), nr);

	raw_write_seqcount_begin(&c->seq);
	for (i = 0; i < MEMFRAG_TOP_STACKS; i++) {
		s = &c->stacks[i];
		if (s->gen != gen) {
			light = s;
			s->weight = 0;
			break;
		}
		if (s->hash == hash && s->nr == nr &&
		    !memcmp(s->ip, ip, nr * sizeof(ip[0]))) {
			s->weight++;
			goto out;
		}
		if (!light || s->weight < light->weight)
			light = s;
	}
	light->error = light->gen == gen ? light->weight : 0;
	light->weight = light->error + 1;
	light->gen = gen;
	light->hash = hash;
	light->nr = nr;
	memcpy(light->ip, ip, nr * sizeof(ip[0]));
out:
	raw_write_seqcount_end(&c->seq);
}

/* A consistent copy of one CPU's tables. */
static void memfrag_top_copy(int cpu, struct memfrag_top_cpu *out)
{
	struct memfrag_top_cpu *c = per_cpu_ptr(memfrag_top, cpu);
	unsigned int seq;

	do {
		seq = read_seqcount_begin(&c->seq);
		memcpy(out->direct, c->direct, sizeof(out->direct));
		memcpy(out->extfrag, c->extfrag, sizeof(out->extfrag));
		memcpy(out->stacks, c->stacks, sizeof(out->stacks));
	} while (read_seqcount_retry(&c->seq, seq));
}

static int memfrag_top_task_cmp(const void *a, const void *b)
{
	const struct memfrag_top_task *x = a, *y = b;

	return x->weight < y->weight ? 1 : x->weight > y->weight ? -1 : 0;
}

/* Merges one table of every CPU into all (by pid); returns entries. */
static int memfrag_top_merge_tasks(struct memfrag_top_task *all, bool direct,
				   struct memfrag_top_cpu *copy, u32 gen)
{
	int cpu, i, j, n = 0;

	for_each_possible_cpu(cpu) {
		memfrag_top_copy(cpu, copy);
		for (i = 0; i < MEMFRAG_TOP_TASKS; i++) {
			struct memfrag_top_task *e = direct ? &copy->direct[i] :
							      &copy->extfrag[i];

			if (e->gen != gen)
				continue;
			for (j = 0; j < n && all[j].pid != e->pid; j++)
				;
			if (j == n) {
				all[n++] = *e;
				continue;
			}
			all[j].count += e->count;
			all[j].total_ns += e->total_ns;
			all[j].max_ns = max(all[j].max_ns, e->max_ns);
			all[j].weight += e->weight;
			all[j].error += e->error;
		}
	}
	sort(all, n, sizeof(*all), memfrag_top_task_cmp, NULL);
	return n;
}

/*
 * tasks: [direct] tasks by total time in direct compaction runs (pid comm
 * runs total_us max_us error_us); [extfrag] tasks by fallbacks
 * (pid comm fallbacks error).  error is what the count may overstate.
 */
void memfrag_top_show_tasks(struct seq_file *m)
{
	size_t max = MEMFRAG_TOP_TASKS * num_possible_cpus();
	struct memfrag_top_task *all = kvcalloc(max, sizeof(*all), GFP_KERNEL);
	struct memfrag_top_cpu *copy = kmalloc(sizeof(*copy), GFP_KERNEL);
	u32 gen = READ_ONCE(memfrag_top_gen);
	int i, n;

	if (!all || !copy) {
		seq_puts(m, "error: out of memory\n");
		goto out;
	}
	n = memfrag_top_merge_tasks(all, true, copy, gen);
	MEMFRAG_SHOW_SECTION(m, "direct", MEMFRAG_COLS_TASKS_DIRECT, 0);
	for (i = 0; i < n; i++)
		seq_printf(m, "%7d %-16s %8llu %12llu %12llu %12llu\n",
			   all[i].pid, all[i].comm, all[i].count,
			   div_u64(all[i].total_ns, NSEC_PER_USEC),
			   div_u64(all[i].max_ns, NSEC_PER_USEC),
			   div_u64(all[i].error, NSEC_PER_USEC));
	n = memfrag_top_merge_tasks(all, false, copy, gen);
	MEMFRAG_SHOW_SECTION(m, "extfrag", MEMFRAG_COLS_TASKS_EXTFRAG, 0);
	for (i = 0; i < n; i++)
		seq_printf(m, "%7d %-16s %12llu %12llu\n", all[i].pid,
			   all[i].comm, all[i].count, all[i].error);
out:
	kvfree(all);
	kfree(copy);
}

static int memfrag_top_stack_cmp(const void *a, const void *b)
{
	const struct memfrag_top_stack *x = a, *y = b;

	return x->weight < y->weight ? 1 : x->weight > y->weight ? -1 : 0;
}

/*
 * stacks: [direct] the kernel stacks that entered direct compaction
 * (mm_compaction_try_to_compact_pages), most frequent first: a line
 * "count N error E" and then one frame per line.
 */
void memfrag_top_show_stacks(struct seq_file *m)
{
	size_t max = MEMFRAG_TOP_STACKS * num_possible_cpus();
	struct memfrag_top_stack *all = kvcalloc(max, sizeof(*all), GFP_KERNEL);
	struct memfrag_top_cpu *copy = kmalloc(sizeof(*copy), GFP_KERNEL);
	u32 gen = READ_ONCE(memfrag_top_gen);
	int cpu, i, j, k, n = 0;

	if (!all || !copy) {
		seq_puts(m, "error: out of memory\n");
		goto out;
	}
	for_each_possible_cpu(cpu) {
		memfrag_top_copy(cpu, copy);
		for (i = 0; i < MEMFRAG_TOP_STACKS; i++) {
			struct memfrag_top_stack *s = &copy->stacks[i];

			if (s->gen != gen)
				continue;
			for (j = 0; j < n; j++)
				if (all[j].hash == s->hash && all[j].nr == s->nr &&
				    !memcmp(all[j].ip, s->ip,
					    s->nr * sizeof(s->ip[0])))
					break;
			if (j == n) {
				all[n++] = *s;
				continue;
			}
			all[j].weight += s->weight;
			all[j].error += s->error;
		}
	}
	sort(all, n, sizeof(*all), memfrag_top_stack_cmp, NULL);
	seq_puts(m, "[direct]\n");
	for (i = 0; i < n; i++) {
		seq_printf(m, "count %llu error %llu\n", all[i].weight,
			   all[i].error);
		for (k = 0; k < all[i].nr; k++)
			seq_printf(m, "  %pS\n", (void *)all[i].ip[k]);
	}
out:
	kvfree(all);
	kfree(copy);
}

// SPDX-License-Identifier: GPL-2.0
/*
 * The heaviest tasks, in bounded per-CPU tables.
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
#include <linux/percpu.h>
#include <linux/sched.h>
#include <linux/seqlock.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "fold.h"
#include "sections.h"
#include "stats.h"
#include "top.h"
#include "tracefiles.h"

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

struct memfrag_top_cpu {
	seqcount_t seq;
	struct memfrag_top_task direct[MEMFRAG_TOP_TASKS];
	struct memfrag_top_task extfrag[MEMFRAG_TOP_TASKS];
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

/* Under the read lock (debugfs.c), like every reset. */
void memfrag_top_reset(void)
{
	WRITE_ONCE(memfrag_top_gen, memfrag_top_gen + 1);
}

static const char memfrag_top_irq_comm[TASK_COMM_LEN] = MEMFRAG_TASKS_IRQ_COMM;

/*
 * Who a fallback or a run is charged to.  Interrupt context has no task of
 * its own: charging the task it interrupted would be a lie, so every
 * interrupt-context event goes to one row, MEMFRAG_TASKS_IRQ_PID.  The idle
 * tasks of all CPUs share pid 0; their comm (swapper/N) tells them apart.
 * The name is not copied here: only a new row keeps it, and pid 0 rows
 * compare it, so a fallback of a task already in the table (the common
 * case) reads no more than its pid.
 */
static const char *memfrag_top_who(pid_t *pid)
{
	if (!in_task()) {
		*pid = MEMFRAG_TASKS_IRQ_PID;
		return memfrag_top_irq_comm;
	}
	*pid = current->pid;
	return current->comm;
}

static bool memfrag_top_same_task(const struct memfrag_top_task *e, pid_t pid,
				  const char *comm)
{
	return e->pid == pid && (pid || !strncmp(e->comm, comm, TASK_COMM_LEN));
}

/* The entry of (pid, comm) in t, claiming a free or the lightest one. */
static struct memfrag_top_task *memfrag_top_task_slot(struct memfrag_top_task *t,
						      u32 gen, pid_t pid,
						      const char *comm)
{
	struct memfrag_top_task *light = &t[0];
	int i;

	for (i = 0; i < MEMFRAG_TOP_TASKS; i++) {
		if (t[i].gen != gen) {
			light = &t[i];
			memset(light, 0, sizeof(*light));
			break;
		}
		if (memfrag_top_same_task(&t[i], pid, comm))
			return &t[i];
		if (t[i].weight < light->weight)
			light = &t[i];
	}
	/* Space-saving: the newcomer inherits the evicted weight. */
	light->error = light->gen == gen ? light->weight : 0;
	light->gen = gen;
	light->pid = pid;
	memcpy(light->comm, comm, TASK_COMM_LEN);
	light->count = 0;
	light->total_ns = 0;
	light->max_ns = 0;
	return light;
}

/*
 * The writers.  A probe runs with preemption disabled only, and
 * the fallback tracepoint fires in any context an allocation can happen in,
 * hard and soft interrupts included: an interrupt could enter a writer
 * while another writer on the same CPU is inside its seqcount section, and
 * a reader would accept the half-written table.  So each write section
 * runs with interrupts off: it is a scan of one small table, and no
 * allocation (so no tracepoint of memfrag's) happens in NMI.
 */
/*
 * Charges one event to the caller's row: a direct compaction run of
 * latency_ns (weighed by its time), or a fallback (weighed as one).
 */
static __always_inline void memfrag_top_charge(bool direct, u64 latency_ns)
{
	struct memfrag_top_cpu *c;
	struct memfrag_top_task *e;
	unsigned long flags;
	const char *comm;
	pid_t pid;

	comm = memfrag_top_who(&pid);
	local_irq_save(flags);
	c = this_cpu_ptr(memfrag_top);
	raw_write_seqcount_begin(&c->seq);
	e = memfrag_top_task_slot(direct ? c->direct : c->extfrag,
				  READ_ONCE(memfrag_top_gen), pid, comm);
	e->count++;
	/* A fallback has no latency: its row counts, and weighs one each. */
	if (direct) {
		e->total_ns += latency_ns;
		e->max_ns = max(e->max_ns, latency_ns);
		e->weight += latency_ns;
	} else {
		e->weight++;
	}
	raw_write_seqcount_end(&c->seq);
	local_irq_restore(flags);
}

void memfrag_top_direct_run(u64 latency_ns)
{
	memfrag_top_charge(true, latency_ns);
}

void memfrag_top_extfrag(void)
{
	memfrag_top_charge(false, 0);
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
	} while (read_seqcount_retry(&c->seq, seq));
}

/*
 * Reads merge the CPUs' tables in O(n log n) for n entries in all: gather
 * every live entry, yielding the CPU between CPUs, then memfrag_fold()
 * (fold.h) adds up each key's entries and sorts them by weight.
 */

static void memfrag_top_task_add(void *into, const void *from)
{
	struct memfrag_top_task *m = into;
	const struct memfrag_top_task *e = from;

	m->count += e->count;
	m->total_ns += e->total_ns;
	m->max_ns = max(m->max_ns, e->max_ns);
	m->weight += e->weight;
	m->error += e->error;
}

static int memfrag_top_task_id_cmp(const void *a, const void *b)
{
	const struct memfrag_top_task *x = a, *y = b;

	if (x->pid != y->pid)
		return x->pid < y->pid ? -1 : 1;
	return x->pid ? 0 : strncmp(x->comm, y->comm, TASK_COMM_LEN);
}

static int memfrag_top_task_cmp(const void *a, const void *b)
{
	const struct memfrag_top_task *x = a, *y = b;

	if (x->weight != y->weight)
		return x->weight < y->weight ? 1 : -1;
	return memfrag_top_task_id_cmp(a, b);
}

/* Merges one table of every CPU into all; returns entries. */
static int memfrag_top_merge_tasks(struct memfrag_top_task *all, bool direct,
				   struct memfrag_top_cpu *copy, u32 gen)
{
	int cpu, i, n = 0;

	for_each_possible_cpu(cpu) {
		memfrag_top_copy(cpu, copy);
		for (i = 0; i < MEMFRAG_TOP_TASKS; i++) {
			struct memfrag_top_task *e = direct ? &copy->direct[i] :
							      &copy->extfrag[i];

			if (e->gen == gen)
				all[n++] = *e;
		}
		cond_resched();
	}
	return memfrag_fold(all, n, sizeof(*all), memfrag_top_task_id_cmp,
				memfrag_top_task_add, memfrag_top_task_cmp);
}

/* What one read of tasks or stacks works in, allocated for the read. */
struct memfrag_top_read {
	void *all;			/* every CPU's entries of one table */
	struct memfrag_top_cpu *copy;	/* one CPU's tables at a time */
	u32 gen;
};

static int memfrag_top_read_begin(struct seq_file *m,
				  struct memfrag_top_read *r,
				  unsigned int per_cpu, size_t size)
{
	r->all = kvcalloc(per_cpu * num_possible_cpus(), size, GFP_KERNEL);
	r->copy = kmalloc(sizeof(*r->copy), GFP_KERNEL);
	r->gen = READ_ONCE(memfrag_top_gen);
	if (r->all && r->copy)
		return 0;
	seq_puts(m, "error: out of memory\n");
	kvfree(r->all);
	kfree(r->copy);
	return -ENOMEM;
}

static void memfrag_top_read_end(struct memfrag_top_read *r)
{
	kvfree(r->all);
	kfree(r->copy);
}

/* The cells both tables of tasks begin with: pid, comm and the count. */
static void memfrag_top_task_cells(struct memfrag_row *row,
				   const struct memfrag_top_task *t)
{
	char comm[TASK_COMM_LEN];

	memfrag_sanitize_comm(comm, t->comm);
	memfrag_cell_int(row, t->pid);
	memfrag_cell_str(row, comm);
	memfrag_cell_u64(row, t->count);
}

/*
 * tasks: [direct] tasks by total time in direct compaction runs (pid comm
 * runs total_us max_us error_us); [extfrag] tasks by fallbacks
 * (pid comm fallbacks error).  error is what the count may overstate.
 * Fallbacks in interrupt context are the row of pid -1, comm "<irq>".
 */
void memfrag_top_show_tasks(struct seq_file *m)
{
	struct memfrag_top_read r;
	struct memfrag_top_task *all;
	struct memfrag_top_cpu *copy;
	u32 gen;
	int i, n;

	if (memfrag_top_read_begin(m, &r, MEMFRAG_TOP_TASKS, sizeof(*all)))
		return;
	all = r.all;
	copy = r.copy;
	gen = r.gen;
	n = memfrag_top_merge_tasks(all, true, copy, gen);
	MEMFRAG_SHOW_SECTION(m, direct);
	for (i = 0; i < n; i++) {
		struct memfrag_row row = MEMFRAG_ROW(m, direct);

		memfrag_top_task_cells(&row, &all[i]);
		memfrag_cell_u64(&row, div_u64(all[i].total_ns, NSEC_PER_USEC));
		memfrag_cell_u64(&row, div_u64(all[i].max_ns, NSEC_PER_USEC));
		memfrag_cell_u64(&row, div_u64(all[i].error, NSEC_PER_USEC));
		memfrag_row_end(&row);
	}
	n = memfrag_top_merge_tasks(all, false, copy, gen);
	MEMFRAG_SHOW_SECTION(m, extfrag);
	for (i = 0; i < n; i++) {
		struct memfrag_row row = MEMFRAG_ROW(m, extfrag);

		memfrag_top_task_cells(&row, &all[i]);
		memfrag_cell_u64(&row, all[i].error);
		memfrag_row_end(&row);
	}
	memfrag_top_read_end(&r);
}


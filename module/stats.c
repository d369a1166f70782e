// SPDX-License-Identifier: GPL-2.0
/*
 * Allocation, summing and reset of memfrag's counters.
 *
 * Everything is allocated here, at load, sized by the machine's possible
 * CPUs and nodes; nothing is allocated afterwards.  Each counter block has
 * a baseline twin (plain memory, not per CPU) that reset fills in.  The
 * shared blocks of a zone or node are allocated on that node.
 */
#include <linux/cpumask.h>
#include <linux/mutex.h>
#include <linux/nodemask.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "batch.h"
#include "stats.h"

struct memfrag_stats memfrag_stats;

static struct {
	struct memfrag_zone_stats *zone;
	struct memfrag_migration_stats *zone_migration;
	struct memfrag_node_stats *node;
	struct memfrag_global_stats global;
	struct memfrag_migration_stats outside_migration;
} memfrag_base;

static DEFINE_MUTEX(memfrag_read_mutex);

static unsigned int memfrag_nr_zone_slots(void)
{
	return memfrag_stats.nr_nodes * MAX_NR_ZONES;
}

/* One per-CPU block of @size bytes, zeroed, with its cost accounted. */
static void __percpu *memfrag_alloc_block(size_t size)
{
	void __percpu *p = __alloc_percpu(size, sizeof(u64));

	if (p)
		memfrag_stats.bytes += size * num_possible_cpus();
	return p;
}

/* One shared block of @size bytes on node nid, zeroed, accounted. */
static void *memfrag_alloc_shared(size_t size, int nid)
{
	void *p = kzalloc_node(size, GFP_KERNEL,
			       node_online(nid) ? nid : NUMA_NO_NODE);

	if (p)
		memfrag_stats.bytes += size;
	return p;
}

int memfrag_stats_init(void)
{
	struct memfrag_stats *s = &memfrag_stats;
	unsigned int i, zones;

	memset(s, 0, sizeof(*s));
	s->nr_nodes = nr_node_ids;
	zones = memfrag_nr_zone_slots();
	if (memfrag_batch_init())
		return -ENOMEM;
	s->bytes += memfrag_batch_bytes();

	s->zone = kcalloc(zones, sizeof(*s->zone), GFP_KERNEL);
	s->zone_migration = kcalloc(zones, sizeof(*s->zone_migration),
				    GFP_KERNEL);
	s->node = kcalloc(s->nr_nodes, sizeof(*s->node), GFP_KERNEL);
	memfrag_base.zone = kcalloc(zones, sizeof(*memfrag_base.zone),
				    GFP_KERNEL);
	memfrag_base.zone_migration =
		kcalloc(zones, sizeof(*memfrag_base.zone_migration),
			GFP_KERNEL);
	memfrag_base.node = kcalloc(s->nr_nodes, sizeof(*memfrag_base.node),
				    GFP_KERNEL);
	if (!s->zone || !s->zone_migration || !s->node || !memfrag_base.zone ||
	    !memfrag_base.zone_migration || !memfrag_base.node)
		goto nomem;
	s->bytes += zones * (sizeof(*s->zone) + sizeof(*s->zone_migration) +
			     sizeof(*memfrag_base.zone) +
			     sizeof(*memfrag_base.zone_migration)) +
		    s->nr_nodes * (sizeof(*s->node) + sizeof(*memfrag_base.node));

	for (i = 0; i < zones; i++) {
		s->zone[i] = memfrag_alloc_shared(sizeof(**s->zone),
						  i / MAX_NR_ZONES);
		s->zone_migration[i] =
			memfrag_alloc_shared(sizeof(**s->zone_migration),
					     i / MAX_NR_ZONES);
		if (!s->zone[i] || !s->zone_migration[i])
			goto nomem;
	}
	for (i = 0; i < s->nr_nodes; i++) {
		s->node[i] = memfrag_alloc_shared(sizeof(**s->node), i);
		if (!s->node[i])
			goto nomem;
	}
	s->global = memfrag_alloc_block(sizeof(*s->global));
	s->outside_migration = memfrag_alloc_block(sizeof(*s->outside_migration));
	if (!s->global || !s->outside_migration)
		goto nomem;
	memset(&memfrag_base.global, 0, sizeof(memfrag_base.global));
	memset(&memfrag_base.outside_migration, 0,
	       sizeof(memfrag_base.outside_migration));
	return 0;

nomem:
	memfrag_stats_exit();
	return -ENOMEM;
}

/* Frees whatever init managed to allocate; safe on a partial init. */
void memfrag_stats_exit(void)
{
	struct memfrag_stats *s = &memfrag_stats;
	unsigned int i;

	for (i = 0; s->zone && i < memfrag_nr_zone_slots(); i++)
		kfree(s->zone[i]);
	for (i = 0; s->zone_migration && i < memfrag_nr_zone_slots(); i++)
		kfree(s->zone_migration[i]);
	for (i = 0; s->node && i < s->nr_nodes; i++)
		kfree(s->node[i]);
	free_percpu(s->global);
	free_percpu(s->outside_migration);
	kfree(s->zone);
	kfree(s->zone_migration);
	kfree(s->node);
	kfree(memfrag_base.zone);
	kfree(memfrag_base.zone_migration);
	kfree(memfrag_base.node);
	memfrag_batch_exit();
	memset(s, 0, sizeof(*s));
	memfrag_base.zone = NULL;
	memfrag_base.zone_migration = NULL;
	memfrag_base.node = NULL;
}

/*
 * out = sum over CPUs of the u64 array at pcpu, minus base.  Writers keep
 * running: each u64 is read once, and on 64-bit a u64 load is not torn.
 */
static void memfrag_sum(u64 *out, const void __percpu *pcpu, const u64 *base,
			size_t size)
{
	size_t i, n = size / sizeof(u64);
	int cpu;

	memset(out, 0, size);
	for_each_possible_cpu(cpu) {
		const u64 *v = per_cpu_ptr((const u64 __percpu *)pcpu, cpu);

		for (i = 0; i < n; i++)
			out[i] += READ_ONCE(v[i]);
	}
	for (i = 0; i < n; i++)
		out[i] -= base[i];
}

/* out = the shared u64 array at shared, with what the batches hold. */
static void memfrag_read_shared(u64 *out, const void *shared, size_t size)
{
	memfrag_batch_read(out, shared, size / sizeof(u64));
}

/* out = the shared u64 array at shared, minus base. */
static void memfrag_copy(u64 *out, const void *shared, const u64 *base,
			 size_t size)
{
	size_t i;

	memfrag_read_shared(out, shared, size);
	for (i = 0; i < size / sizeof(u64); i++)
		out[i] -= base[i];
}

void memfrag_read_lock(void)
{
	mutex_lock(&memfrag_read_mutex);
}

void memfrag_read_unlock(void)
{
	mutex_unlock(&memfrag_read_mutex);
}

void memfrag_read_zone(unsigned int slot, struct memfrag_zone_stats *out)
{
	memfrag_copy((u64 *)out, memfrag_stats.zone[slot],
		     (const u64 *)&memfrag_base.zone[slot], sizeof(*out));
}

void memfrag_read_zone_migration(unsigned int slot,
				 struct memfrag_migration_stats *out)
{
	memfrag_copy((u64 *)out, memfrag_stats.zone_migration[slot],
		     (const u64 *)&memfrag_base.zone_migration[slot],
		     sizeof(*out));
}

void memfrag_read_outside_migration(struct memfrag_migration_stats *out)
{
	memfrag_sum((u64 *)out, memfrag_stats.outside_migration,
		    (const u64 *)&memfrag_base.outside_migration, sizeof(*out));
}

void memfrag_read_node(unsigned int nid, struct memfrag_node_stats *out)
{
	memfrag_copy((u64 *)out, memfrag_stats.node[nid],
		     (const u64 *)&memfrag_base.node[nid], sizeof(*out));
}

void memfrag_read_global(struct memfrag_global_stats *out)
{
	memfrag_sum((u64 *)out, memfrag_stats.global,
		    (const u64 *)&memfrag_base.global, sizeof(*out));
}

/* base += (sum - base), i.e. base = sum, for one block. */
static void memfrag_rebase(void *base, const void __percpu *pcpu, size_t size)
{
	u64 *b = base;
	u64 delta[64];
	size_t done, chunk, i;

	/* Sum in bounded chunks to keep the stack small. */
	for (done = 0; done < size; done += chunk) {
		chunk = min(size - done, sizeof(delta));
		memfrag_sum(delta, (const u8 __percpu *)pcpu + done,
			    b + done / sizeof(u64), chunk);
		for (i = 0; i < chunk / sizeof(u64); i++)
			b[done / sizeof(u64) + i] += delta[i];
	}
}


void memfrag_stats_reset(void)
{
	struct memfrag_stats *s = &memfrag_stats;
	unsigned int i;

	lockdep_assert_held(&memfrag_read_mutex);
	for (i = 0; i < memfrag_nr_zone_slots(); i++) {
		memfrag_read_shared((u64 *)&memfrag_base.zone[i], s->zone[i],
				    sizeof(memfrag_base.zone[i]));
		memfrag_read_shared((u64 *)&memfrag_base.zone_migration[i],
				    s->zone_migration[i],
				    sizeof(memfrag_base.zone_migration[i]));
	}
	for (i = 0; i < s->nr_nodes; i++)
		memfrag_read_shared((u64 *)&memfrag_base.node[i], s->node[i],
				    sizeof(memfrag_base.node[i]));
	memfrag_rebase(&memfrag_base.global, s->global,
		       sizeof(memfrag_base.global));
	memfrag_rebase(&memfrag_base.outside_migration, s->outside_migration,
		       sizeof(memfrag_base.outside_migration));
}

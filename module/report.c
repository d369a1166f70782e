// SPDX-License-Identifier: GPL-2.0
/*
 * Writing the statistics files.
 *
 * Layout shared by every file (Documentation/memfrag.rst has the details):
 * after "memfrag <version>" and "format: <n>", a file holds sections.  A
 * section is a line "[name]", a line naming the columns, and one row per
 * non-zero counter.  Zones are "node zone-name", orders are numbers (-1 is
 * "the whole zone", as compact_memory asks), and every other dimension is
 * spelled out by name.
 */
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/compaction.h>
#include <linux/nodemask.h>
#include <linux/slab.h>

#include "events.h"
#include "names.h"
#include "report.h"
#include "sections.h"
#include "stats.h"

/* Name of zone z of node nid; NULL for a node with no memory map. */
static const char *memfrag_zone_name(int nid, int z)
{
	pg_data_t *pgdat = NODE_DATA(nid);

	return pgdat ? pgdat->node_zones[z].name : NULL;
}

/* The section being printed and the zone whose rows are printed. */
struct memfrag_zone_rows {
	struct seq_file *m;
	enum memfrag_section sec;
	int nid;
	const char *zone;
};

/* Prints one section's rows for one zone. */
typedef void (*memfrag_zone_rows_fn)(const struct memfrag_zone_rows *z,
				     const struct memfrag_zone_stats *zs);

/* A new row of z's section, its node and zone cells written. */
static struct memfrag_row memfrag_zone_row(const struct memfrag_zone_rows *z)
{
	struct memfrag_row row = { z->m, z->sec, 0 };

	memfrag_cell_int(&row, z->nid);
	memfrag_cell_str(&row, z->zone);
	return row;
}

/*
 * A zone's counters by up to three indexes, stored flat:
 * v[(i0 * dim[1] + i1) * dim[2] + i2].  cells() writes the cells that
 * name a counter's indexes.
 */
struct memfrag_counters {
	const u64 *v;
	unsigned int dim[3];
	void (*cells)(struct memfrag_row *row, const unsigned int *idx);
};

#define MEMFRAG_COUNTERS_2D(arr, fn)					\
	(&(const struct memfrag_counters){ &(arr)[0][0],		\
		{ ARRAY_SIZE(arr), ARRAY_SIZE((arr)[0]), 1 }, fn })
#define MEMFRAG_COUNTERS_3D(arr, fn)					\
	(&(const struct memfrag_counters){ &(arr)[0][0][0],		\
		{ ARRAY_SIZE(arr), ARRAY_SIZE((arr)[0]),		\
		  ARRAY_SIZE((arr)[0][0]) }, fn })

/* One row per non-zero counter: the zone, the indexes, the count. */
static void memfrag_counter_rows(const struct memfrag_zone_rows *z,
				 const struct memfrag_counters *c)
{
	unsigned int i, n = c->dim[0] * c->dim[1] * c->dim[2], idx[3];
	struct memfrag_row row;

	for (i = 0; i < n; i++) {
		if (!c->v[i])
			continue;
		idx[2] = i % c->dim[2];
		idx[1] = i / c->dim[2] % c->dim[1];
		idx[0] = i / c->dim[2] / c->dim[1];
		row = memfrag_zone_row(z);
		c->cells(&row, idx);
		memfrag_cell_u64(&row, c->v[i]);
		memfrag_row_end(&row);
	}
}

/*
 * A buffer for one read of a file, or NULL after writing "error: out of
 * memory" into the file (the reader sees why the file is short).
 */
static void *memfrag_read_buffer(struct seq_file *m, size_t size)
{
	void *buf = kmalloc(size, GFP_KERNEL);

	if (buf)
		return buf;
	/* Into the file, not the kernel log: the reader sees why it ends. */
	seq_puts(m, "error: out of memory\n");
	return NULL;
}

/*
 * Calls fn for every zone slot of every node that has a memory map, with
 * that zone's counters summed into a buffer allocated for the read.
 */
static void memfrag_walk_zones(struct seq_file *m, enum memfrag_section sec,
			       memfrag_zone_rows_fn fn)
{
	struct memfrag_zone_stats *zs = memfrag_read_buffer(m, sizeof(*zs));
	struct memfrag_zone_rows rows = { m, sec };
	int z;

	if (!zs)
		return;
	for_each_node(rows.nid) {
		for (z = 0; z < MAX_NR_ZONES; z++) {
			rows.zone = memfrag_zone_name(rows.nid, z);
			if (!rows.zone)
				continue;
			memfrag_read_zone(rows.nid * MAX_NR_ZONES + z, zs);
			fn(&rows, zs);
		}
	}
	kfree(zs);
}

/*
 * Sections are printed one zone-walk each: the header from the section's
 * column list in include/memfrag/files.h, then fn prints its rows.
 */
#define MEMFRAG_ZONE_SECTION(m, section, fn)				\
	do {								\
		MEMFRAG_SHOW_SECTION(m, section);			\
		memfrag_walk_zones(m, MEMFRAG_SECTION_##section, fn);	\
	} while (0)

/*
 * runs: compaction runs (their end tracepoint) by trigger, mode (sync or
 * async, as the kernel passes it) and result (enum compact_result).
 */
static void memfrag_runs_cells(struct memfrag_row *row,
			       const unsigned int *i)
{
	memfrag_cell_str(row, memfrag_trigger_name(i[0]));
	memfrag_cell_str(row, memfrag_mode_name(i[1]));
	memfrag_cell_str(row, memfrag_result_name(i[2]));
}

static void memfrag_runs_rows(const struct memfrag_zone_rows *z,
			      const struct memfrag_zone_stats *zs)
{
	memfrag_counter_rows(z, MEMFRAG_COUNTERS_3D(zs->runs,
						    memfrag_runs_cells));
}

/* begins: the runs started in the zone (their begin tracepoint). */
static void memfrag_begins_rows(const struct memfrag_zone_rows *z,
				const struct memfrag_zone_stats *zs)
{
	struct memfrag_row row;

	if (!zs->begins)
		return;
	row = memfrag_zone_row(z);
	memfrag_cell_u64(&row, zs->begins);
	memfrag_row_end(&row);
}

void memfrag_report_compaction(struct seq_file *m)
{
	memfrag_read_lock();
	MEMFRAG_ZONE_SECTION(m, runs, memfrag_runs_rows);
	MEMFRAG_ZONE_SECTION(m, begins, memfrag_begins_rows);
	memfrag_read_unlock();
}

/*
 * latency: log2 histogram of run latency (begin to end of the same task,
 * wall-clock, including time the task was preempted), per trigger.
 * Bucket usecs_from..usecs_to holds runs that took that many microseconds.
 */
static void memfrag_latency_cells(struct memfrag_row *row,
				  const unsigned int *i)
{
	unsigned int b = i[1];

	memfrag_cell_str(row, memfrag_trigger_name(i[0]));
	memfrag_cell_u64(row, b ? 1ULL << (b - 1) : 0);
	if (b == MEMFRAG_LATENCY_BUCKETS - 1)
		memfrag_cell_str(row, "inf");
	else
		memfrag_cell_u64(row, (1ULL << b) - 1);
}

static void memfrag_latency_rows(const struct memfrag_zone_rows *z,
				 const struct memfrag_zone_stats *zs)
{
	memfrag_counter_rows(z, MEMFRAG_COUNTERS_2D(zs->latency,
						    memfrag_latency_cells));
}

/* timed: runs with a latency, their total and mean latency. */
static void memfrag_timed_rows(const struct memfrag_zone_rows *z,
			       const struct memfrag_zone_stats *zs)
{
	int t, b;

	for (t = 0; t < MEMFRAG_NR_TRIGGERS; t++) {
		struct memfrag_row row;
		u64 runs = 0;

		for (b = 0; b < MEMFRAG_LATENCY_BUCKETS; b++)
			runs += zs->latency[t][b];
		if (!runs)
			continue;
		row = memfrag_zone_row(z);
		memfrag_cell_str(&row, memfrag_trigger_name(t));
		memfrag_cell_u64(&row, runs);
		memfrag_cell_u64(&row, zs->latency_us[t]);
		memfrag_cell_u64(&row, div64_u64(zs->latency_us[t], runs));
		memfrag_row_end(&row);
	}
}

void memfrag_report_latency(struct seq_file *m)
{
	memfrag_read_lock();
	MEMFRAG_ZONE_SECTION(m, latency, memfrag_latency_rows);
	MEMFRAG_ZONE_SECTION(m, timed, memfrag_timed_rows);
	memfrag_read_unlock();
}

/* The order stored at index o of an event-order array. */
#define memfrag_order_of(o)	((int)(o) - 1)

static void memfrag_order_cells(struct memfrag_row *row,
				const unsigned int *i)
{
	memfrag_cell_int(row, memfrag_order_of(i[0]));
}

static void memfrag_order_result_cells(struct memfrag_row *row,
				       const unsigned int *i)
{
	memfrag_cell_int(row, memfrag_order_of(i[0]));
	memfrag_cell_str(row, memfrag_result_name(i[1]));
}

/*
 * The per-zone counts by event order, and by result where the tracepoint
 * has one: where each lives in struct memfrag_zone_stats.
 */
struct memfrag_order_counts {
	size_t offset;
	bool by_result;
};

#define MEMFRAG_ORDER_COUNTS(field, results)				\
	[MEMFRAG_SECTION_##field] = {					\
		offsetof(struct memfrag_zone_stats, field), results	\
	}

static const struct memfrag_order_counts memfrag_order_counts[] = {
	/* compaction_suitable(): whether a zone is worth compacting */
	MEMFRAG_ORDER_COUNTS(suitable, true),
	/* __compact_finished(): each check of a run for its end */
	MEMFRAG_ORDER_COUNTS(finished, true),
	/* the deferral tracepoints, by the order they were asked for */
	MEMFRAG_ORDER_COUNTS(deferred, false),
	MEMFRAG_ORDER_COUNTS(defer_compaction, false),
	MEMFRAG_ORDER_COUNTS(defer_reset, false),
};

static void memfrag_order_count_rows(const struct memfrag_zone_rows *z,
				     const struct memfrag_zone_stats *zs)
{
	const struct memfrag_order_counts *oc = &memfrag_order_counts[z->sec];
	struct memfrag_counters c = {
		.v = (const void *)zs + oc->offset,
		.dim = { MEMFRAG_NR_EVENT_ORDERS,
			 oc->by_result ? MEMFRAG_NR_RESULTS : 1, 1 },
		.cells = oc->by_result ? memfrag_order_result_cells :
					 memfrag_order_cells,
	};

	memfrag_counter_rows(z, &c);
}

void memfrag_report_direct(struct seq_file *m)
{
	struct memfrag_global_stats *g = memfrag_read_buffer(m, sizeof(*g));
	int o, p;

	if (!g)
		return;
	memfrag_read_lock();
	memfrag_read_global(g);
	/* try_to_compact_pages: direct compaction requests, by priority. */
	MEMFRAG_SHOW_SECTION(m, try_to_compact_pages);
	for (o = 0; o < MEMFRAG_NR_EVENT_ORDERS; o++)
		for (p = 0; p < MEMFRAG_NR_PRIOS; p++) {
			struct memfrag_row row =
				MEMFRAG_ROW(m, try_to_compact_pages);

			if (!g->try_to_compact[o][p])
				continue;
			memfrag_cell_int(&row, memfrag_order_of(o));
			memfrag_cell_str(&row, memfrag_prio_name(p));
			memfrag_cell_u64(&row, g->try_to_compact[o][p]);
			memfrag_row_end(&row);
		}
	MEMFRAG_ZONE_SECTION(m, suitable, memfrag_order_count_rows);
	MEMFRAG_ZONE_SECTION(m, finished, memfrag_order_count_rows);
	MEMFRAG_ZONE_SECTION(m, deferred, memfrag_order_count_rows);
	MEMFRAG_ZONE_SECTION(m, defer_compaction, memfrag_order_count_rows);
	MEMFRAG_ZONE_SECTION(m, defer_reset, memfrag_order_count_rows);
	memfrag_read_unlock();
	kfree(g);
}

static void memfrag_wake_rows(struct seq_file *m, enum memfrag_section sec,
			      int nid, const u64 (*v)[MAX_NR_ZONES])
{
	int o, z;

	for (o = 0; o < MEMFRAG_NR_EVENT_ORDERS; o++)
		for (z = 0; z < MAX_NR_ZONES; z++) {
			struct memfrag_row row = { m, sec, 0 };

			if (!v[o][z])
				continue;
			memfrag_cell_int(&row, nid);
			memfrag_cell_int(&row, memfrag_order_of(o));
			memfrag_cell_str(&row, memfrag_zone_name(nid, z));
			memfrag_cell_u64(&row, v[o][z]);
			memfrag_row_end(&row);
		}
}

static void memfrag_sleep_row(struct seq_file *m, int nid, u64 sleeps)
{
	struct memfrag_row row = MEMFRAG_ROW(m, kcompactd_sleep);

	if (!sleeps)
		return;
	memfrag_cell_int(&row, nid);
	memfrag_cell_u64(&row, sleeps);
	memfrag_row_end(&row);
}

/*
 * The rows of kcompactd section sec for every node with a memory map: the
 * wake-up table wake points to inside *ns (read afresh for each node), or
 * the sleeps when wake is NULL.
 */
static void memfrag_kcompactd_rows(struct seq_file *m, enum memfrag_section sec,
				   struct memfrag_node_stats *ns,
				   const u64 (*wake)[MAX_NR_ZONES])
{
	int nid;

	memfrag_show_section(m, sec);
	for_each_node(nid) {
		if (!NODE_DATA(nid))
			continue;
		memfrag_read_node(nid, ns);
		if (wake)
			memfrag_wake_rows(m, sec, nid, wake);
		else
			memfrag_sleep_row(m, nid, ns->kcompactd_sleep);
	}
}

/*
 * wakeup_kcompactd: wake-ups requested (by kswapd), with the order and
 * highest zone asked for; kcompactd_wake: wake-ups kcompactd acted on;
 * kcompactd_sleep: times kcompactd went back to sleep.
 */
void memfrag_report_kcompactd(struct seq_file *m)
{
	struct memfrag_node_stats *ns = memfrag_read_buffer(m, sizeof(*ns));

	if (!ns)
		return;
	memfrag_read_lock();
	memfrag_kcompactd_rows(m, MEMFRAG_SECTION_wakeup_kcompactd, ns,
			       ns->wakeup_kcompactd);
	memfrag_kcompactd_rows(m, MEMFRAG_SECTION_kcompactd_wake, ns,
			       ns->kcompactd_wake);
	memfrag_kcompactd_rows(m, MEMFRAG_SECTION_kcompactd_sleep, ns, NULL);
	memfrag_read_unlock();
	kfree(ns);
}

/*
 * migration: the compaction scanners and page migration, attributed to the
 * zone of the run they happened in.  "outside" holds the same events
 * emitted outside a compaction run (alloc_contig_range(), e.g. CMA).
 * "-" marks a count this kernel does not report: fast_free_* before 6.5
 * (no tracepoint), failed before 6.9 (the attempted count is private).
 */
static void memfrag_migration_row(struct seq_file *m, const char *node,
				  const char *zone,
				  const struct memfrag_migration_stats *ms)
{
	struct memfrag_row row = MEMFRAG_ROW(m, migration);

	if (!ms->migrate_scanned && !ms->free_scanned &&
	    !ms->fast_free_scanned && !ms->migrated && !ms->migrate_isolated)
		return;
	memfrag_cell_str(&row, node);
	memfrag_cell_str(&row, zone);
	memfrag_cell_u64(&row, ms->migrate_scanned);
	memfrag_cell_u64(&row, ms->migrate_isolated);
	memfrag_cell_u64(&row, ms->free_scanned);
	memfrag_cell_u64(&row, ms->free_isolated);
	if (MEMFRAG_HAVE_FAST_ISOLATE_FREEPAGES) {
		memfrag_cell_u64(&row, ms->fast_free_scanned);
		memfrag_cell_u64(&row, ms->fast_free_isolated);
	} else {
		memfrag_cell_str(&row, "-");
		memfrag_cell_str(&row, "-");
	}
	memfrag_cell_u64(&row, ms->migrated);
	if (MEMFRAG_HAVE_MIGRATE_FAILED)
		memfrag_cell_u64(&row, ms->failed);
	else
		memfrag_cell_str(&row, "-");
	memfrag_row_end(&row);
}

void memfrag_report_migration(struct seq_file *m)
{
	struct memfrag_migration_stats ms;
	char node[12];
	int nid, z;

	/* Columns this kernel cannot report; they read "-" below. */
	seq_printf(m, "unreported:%s%s%s\n",
		   MEMFRAG_HAVE_FAST_ISOLATE_FREEPAGES ? "" :
		   " fast_free_scanned fast_free_isolated",
		   MEMFRAG_HAVE_MIGRATE_FAILED ? "" : " failed",
		   MEMFRAG_HAVE_FAST_ISOLATE_FREEPAGES &&
		   MEMFRAG_HAVE_MIGRATE_FAILED ? " none" : "");
	memfrag_read_lock();
	MEMFRAG_SHOW_SECTION(m, migration);
	for_each_node(nid) {
		for (z = 0; z < MAX_NR_ZONES; z++) {
			const char *name = memfrag_zone_name(nid, z);

			if (!name)
				continue;
			memfrag_read_zone_migration(nid * MAX_NR_ZONES + z, &ms);
			snprintf(node, sizeof(node), "%d", nid);
			memfrag_migration_row(m, node, name, &ms);
		}
	}
	memfrag_read_outside_migration(&ms);
	memfrag_migration_row(m, "-", MEMFRAG_ZONE_OUTSIDE, &ms);
	memfrag_read_unlock();
}

/*
 * extfrag: the fallback tracepoint, an allocation served from a free block
 * of another migratetype.  "fragmenting" is 1 when the block it fell back
 * to is smaller than a pageblock, so the pageblock now mixes migratetypes.
 */
static void memfrag_extfrag_order_cells(struct memfrag_row *row,
					const unsigned int *i)
{
	memfrag_cell_int(row, i[0]);
	memfrag_cell_int(row, i[1]);
	memfrag_cell_int(row, memfrag_fallback_fragmenting(i[1]));
}

static void memfrag_extfrag_order_rows(const struct memfrag_zone_rows *z,
				       const struct memfrag_zone_stats *zs)
{
	memfrag_counter_rows(z, MEMFRAG_COUNTERS_2D(zs->extfrag_order,
						    memfrag_extfrag_order_cells));
}

/*
 * The cells of a [migratetype] or [claims] row after the zone: the
 * counters are indexed [fragmenting][alloc type][fallback type].
 */
static void memfrag_extfrag_mt_cells(struct memfrag_row *row,
				     const unsigned int *i)
{
	memfrag_cell_str(row, memfrag_migratetype_name(i[1]));
	memfrag_cell_str(row, memfrag_migratetype_name(i[2]));
	memfrag_cell_int(row, i[0]);
}

static void memfrag_extfrag_mt_rows(const struct memfrag_zone_rows *z,
				    const struct memfrag_zone_stats *zs)
{
	memfrag_counter_rows(z, MEMFRAG_COUNTERS_3D(zs->extfrag_mt,
						    memfrag_extfrag_mt_cells));
}

/*
 * claims: [migratetype]'s fallbacks by whether they claimed the pageblock
 * (change_ownership = 1) or stole from it.  Without the pageblock flags
 * the counts are "-" and [ownership] says why.
 */
static void memfrag_extfrag_claims_rows(const struct memfrag_zone_rows *z,
					const struct memfrag_zone_stats *zs)
{
	unsigned int fr, a, f;

	for (fr = 0; fr < 2; fr++)
		for (a = 0; a < MIGRATE_TYPES; a++)
			for (f = 0; f < MIGRATE_TYPES; f++) {
				const unsigned int idx[3] = { fr, a, f };
				struct memfrag_row row;
				u64 claimed = zs->extfrag_own[fr][1][a][f];
				u64 stolen = zs->extfrag_own[fr][0][a][f];

				if (!(MEMFRAG_HAVE_PAGEBLOCK_MT ? claimed || stolen :
				      zs->extfrag_mt[fr][a][f]))
					continue;
				row = memfrag_zone_row(z);
				memfrag_extfrag_mt_cells(&row, idx);
				if (MEMFRAG_HAVE_PAGEBLOCK_MT) {
					memfrag_cell_u64(&row, claimed);
					memfrag_cell_u64(&row, stolen);
				} else {
					memfrag_cell_str(&row, "-");
					memfrag_cell_str(&row, "-");
				}
				memfrag_row_end(&row);
			}
}

void memfrag_report_extfrag(struct seq_file *m)
{
	memfrag_read_lock();
	seq_printf(m, "pageblock_order: %u\n", (unsigned int)pageblock_order);
	MEMFRAG_ZONE_SECTION(m, order, memfrag_extfrag_order_rows);
	MEMFRAG_ZONE_SECTION(m, migratetype, memfrag_extfrag_mt_rows);
	/*
	 * Whether a fallback claimed its whole pageblock needs the block's
	 * migratetype after the fallback; memfrag reads the pageblock flags
	 * itself (pageblock.h), where the kernel keeps them in mem_section.
	 */
	seq_printf(m, "[ownership]\n%s\n", MEMFRAG_HAVE_PAGEBLOCK_MT ?
		   "pageblock migratetype read through mem_section, as the event's change_ownership: see [claims]" :
		   MEMFRAG_PB_UNAVAILABLE);
	MEMFRAG_ZONE_SECTION(m, claims, memfrag_extfrag_claims_rows);
	memfrag_read_unlock();
}

/* A "key: " line's start, from the key's entry in files.h. */
#define MEMFRAG_KEY_LINE_(key, type)	#key ": "

/*
 * status: the size of the pages the files count, memory memfrag allocated
 * at load, and what it could not count.
 */
void memfrag_report_status(struct seq_file *m)
{
	struct memfrag_global_stats *g = memfrag_read_buffer(m, sizeof(*g));
	int i;

	memfrag_show_page_size(m);
	seq_printf(m, "memory_bytes: %zu\n", memfrag_stats.bytes);
	seq_printf(m, MEMFRAG_KEY_EVENTS(MEMFRAG_KEY_LINE_)
		   MEMFRAG_EVENTS_VALUE("%u", "%llu") "\n",
		   memfrag_events_per_cpu(), memfrag_events_dropped());
	if (!g)
		return;
	memfrag_read_lock();
	memfrag_read_global(g);
	memfrag_read_unlock();
	seq_puts(m, "drops:");
	for (i = 0; i < MEMFRAG_NR_DROPS; i++)
		seq_printf(m, " %s=%llu", memfrag_drop_name(i), g->drops[i]);
	seq_putc(m, '\n');
	kfree(g);
}

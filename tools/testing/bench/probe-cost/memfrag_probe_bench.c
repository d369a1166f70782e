// SPDX-License-Identifier: GPL-2.0
/*
 * memfrag_probe_bench - what one call of each memfrag probe costs, beside
 * an empty probe on the same tracepoint.
 *
 * At load (attach=1, the default) this module attaches an empty probe to
 * every tracepoint memfrag uses.  That is also the benchmark's "empty
 * probe" mode: the workload then pays for the tracepoints being enabled and
 * calling a probe, and nothing else.
 *
 * Reading /sys/kernel/debug/memfrag_probe_bench/probe_ns calls, for each
 * tracepoint, the empty probe, memfrag's probe and the probes of the other
 * tracers attached to it at the time (all found in the tracepoint's list
 * of attached probes, by symbol: ftrace's trace_event_raw_event_<class>
 * while the event is enabled, perf's perf_trace_<class> while a perf event
 * is open on it, BPF's __bpf_trace_<class> while a raw tracepoint program
 * is attached, or perf's probe again while a BPF program is attached to
 * the tracepoint through perf, as bpftrace's tracepoint: probes are: the
 * benchmark attaches one peer at a time and reads each column only while
 * its peer alone is attached) with the same made-up but valid arguments:
 * a populated zone
 * of this machine, order 9, a page of that zone, a zeroed compact_control
 * (ftrace, perf and BPF read its pfns; memfrag does not).  A column is "-"
 * when that tracer is not attached.  Each call is made the way a
 * tracepoint makes it, preemption
 * disabled around an indirect call, minus the static branch.  Calls are
 * timed in batches of BENCH_BATCH after BENCH_WARMUP untimed ones (warm
 * cache); the median batch, less the median cost of reading the clock
 * twice, divided by BENCH_BATCH, is the cost of one call.
 *
 * mm_compaction_begin and mm_compaction_end are timed as a pair, since an
 * end only does its full work after a begin of the same task.  So is a
 * direct compaction request that compacts nothing, as under deferral:
 * mm_compaction_try_to_compact_pages, then mm_compaction_deferred once for
 * each populated zone of the zone's node (the row
 * mm_compaction_try_to_compact_pages+deferred), with no begin.  The scanner
 * tracepoints fire inside a run, so memfrag's are timed inside one: its
 * begin probe is called before them and its end probe after, untimed.  memfrag's
 * event ring is drained (by reading its events file) before every batch,
 * so each end records its event instead of counting a drop.
 *
 * Calling memfrag's probes adds to its counters: use this in a benchmark
 * guest, after the numbers that matter were read.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/gfp.h>
#include <linux/kallsyms.h>
#include <linux/mman.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/mmzone.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/timekeeping.h>
#include <linux/tracepoint.h>

#include "compat.h"

#define BENCH_BATCH	128	/* calls per timed batch; below one ring */
#define BENCH_BATCHES	63
#define BENCH_WARMUP	1024
#define BENCH_MEMFRAG_EVENTS	"/sys/kernel/debug/memfrag/events"
/* How kallsyms ends the name of a symbol of the memfrag module. */
#define BENCH_OWNER		" [memfrag]"

static bool attach = true;
module_param(attach, bool, 0400);
MODULE_PARM_DESC(attach, "attach the empty probes at load (default 1)");

/* The made-up arguments: one populated zone and a page inside it. */
static struct zone *bench_zone;
static unsigned long bench_zone_start, bench_zone_end;
static struct page *bench_page;
static int bench_nid;
/*
 * compact_control is private to mm/: zeroed room for one, for the peers'
 * fast-assign code that reads its pfns (mm_compaction_begin and _end, and
 * migratepages before 6.9).
 */
static u64 bench_cc_room[128];
#define bench_cc	((struct compact_control *)bench_cc_room)

#define BENCH_UNPACK(...)	__VA_ARGS__

/*
 * For tracepoint tp with prototype proto: an empty probe (type-checked
 * against the kernel's declaration) and a caller that passes args to any
 * probe of that prototype.  Every tracepoint of include/memfrag/
 * tracepoints.h needs one (its table below fails to build without it):
 * args are made up, but valid for memfrag's probe.
 */
#define BENCH_TP(tp, proto, args)					\
static void bench_empty_##tp(void *data, BENCH_UNPACK proto)		\
{									\
}									\
MEMFRAG_CHECK_PROBE(tp, bench_empty_##tp);				\
static void bench_call_##tp(void *fn, void *data)			\
{									\
	((typeof(&bench_empty_##tp))fn)(data, BENCH_UNPACK args);	\
}

#define BENCH_SCAN_PROTO	(unsigned long start_pfn, unsigned long end_pfn, \
				 unsigned long nr_scanned, unsigned long nr_taken)
#define BENCH_SCAN_ARGS		(bench_zone_start, bench_zone_start + 512, 512, 32)
#define BENCH_ZONE_PROTO	(struct zone *zone, int order)
#define BENCH_ZONE_ARGS		(bench_zone, 9)
#define BENCH_ZONE_RET_PROTO	(struct zone *zone, int order, int ret)
#define BENCH_ZONE_RET_ARGS	(bench_zone, 9, COMPACT_CONTINUE)
#define BENCH_KCOMPACTD_PROTO	(int nid, int order, enum zone_type highest_zoneidx)
#define BENCH_KCOMPACTD_ARGS	(bench_nid, 9, ZONE_NORMAL)

BENCH_TP(mm_compaction_isolate_migratepages, BENCH_SCAN_PROTO, BENCH_SCAN_ARGS)
BENCH_TP(mm_compaction_isolate_freepages, BENCH_SCAN_PROTO, BENCH_SCAN_ARGS)
#if MEMFRAG_HAVE_FAST_ISOLATE_FREEPAGES
BENCH_TP(mm_compaction_fast_isolate_freepages, BENCH_SCAN_PROTO,
	 BENCH_SCAN_ARGS)
#else
/* Not in this kernel: no row. */
#define bench_empty_mm_compaction_fast_isolate_freepages	NULL
#define bench_call_mm_compaction_fast_isolate_freepages		NULL
#endif
/* Its arguments changed in 6.9: compat.h makes the call. */
static void bench_empty_mm_compaction_migratepages(void *data,
						   MEMFRAG_MIGRATEPAGES_ARGS)
{
}
MEMFRAG_CHECK_PROBE(mm_compaction_migratepages,
		    bench_empty_mm_compaction_migratepages);
static void bench_call_mm_compaction_migratepages(void *fn, void *data)
{
	typeof(&bench_empty_mm_compaction_migratepages) probe = fn;

#if MEMFRAG_HAVE_MIGRATE_FAILED
	probe(data, 32, 30);
#else
	probe(data, bench_cc, 30);
#endif
}
BENCH_TP(mm_compaction_begin,
	 (struct compact_control *cc, unsigned long zone_start,
	  unsigned long zone_end, bool sync),
	 (bench_cc, bench_zone_start, bench_zone_end, true))
BENCH_TP(mm_compaction_end,
	 (struct compact_control *cc, unsigned long zone_start,
	  unsigned long zone_end, bool sync, int status),
	 (bench_cc, bench_zone_start, bench_zone_end, true, COMPACT_COMPLETE))
BENCH_TP(mm_compaction_try_to_compact_pages,
	 (int order, gfp_t gfp_mask, int prio),
	 (9, GFP_TRANSHUGE, 1))
BENCH_TP(mm_compaction_finished, BENCH_ZONE_RET_PROTO, BENCH_ZONE_RET_ARGS)
BENCH_TP(mm_compaction_suitable, BENCH_ZONE_RET_PROTO, BENCH_ZONE_RET_ARGS)
BENCH_TP(mm_compaction_deferred, BENCH_ZONE_PROTO, BENCH_ZONE_ARGS)
BENCH_TP(mm_compaction_defer_compaction, BENCH_ZONE_PROTO, BENCH_ZONE_ARGS)
BENCH_TP(mm_compaction_defer_reset, BENCH_ZONE_PROTO, BENCH_ZONE_ARGS)
BENCH_TP(mm_compaction_kcompactd_sleep, (int nid), (bench_nid))
BENCH_TP(mm_compaction_wakeup_kcompactd, BENCH_KCOMPACTD_PROTO,
	 BENCH_KCOMPACTD_ARGS)
BENCH_TP(mm_compaction_kcompactd_wake, BENCH_KCOMPACTD_PROTO,
	 BENCH_KCOMPACTD_ARGS)
BENCH_TP(mm_page_alloc_extfrag,
	 (struct page *page, int alloc_order, int fallback_order,
	  int alloc_migratetype, int fallback_migratetype),
	 (bench_page, 0, 3, MIGRATE_UNMOVABLE, MIGRATE_MOVABLE))

struct bench_tp {
	const char *name;
	void *empty;
	void (*call)(void *fn, void *data);
	struct tracepoint *tp;
	bool attached;		/* our empty probe is attached */
};

/* memfrag's list: bench_tps[MEMFRAG_TP_<id>] is tracepoint <id>. */
#define BENCH_ENTRY(id, system, tp, what)				\
	[MEMFRAG_TP_##id] = { .name = #tp, .empty = bench_empty_##tp,	\
			      .call = bench_call_##tp },

static struct bench_tp bench_tps[MEMFRAG_NR_TP] = {
	MEMFRAG_TRACEPOINTS(BENCH_ENTRY)
};

/*
 * A row of the report: one tracepoint, begin and end as a pair, or a
 * request's try_to_compact_pages and the deferral of each zone.
 */
struct bench_row {
	int first, second;	/* bench_tps indexes; second -1 if none */
	int repeat;		/* calls of second after each of first */
	const char *suffix;	/* the row's name after first's */
	bool in_run;		/* fires between a begin and an end */
};

/* Populated zones of bench_nid: the zones a request is deferred in. */
static int bench_nr_zones;

/*
 * Row i of the report, in the order of memfrag's list: false if there is
 * none (the end, which is begin's pair; a tracepoint not in this kernel).
 */
static bool bench_row(int i, struct bench_row *row)
{
	if (i == MEMFRAG_TP_END || !bench_tps[i].empty)
		return false;
	row->first = i;
	row->second = i == MEMFRAG_TP_BEGIN ? MEMFRAG_TP_END : -1;
	row->repeat = 1;
	row->suffix = i == MEMFRAG_TP_BEGIN ? "+end" : "";
	row->in_run = i == MEMFRAG_TP_ISOLATE_MIGRATEPAGES ||
		      i == MEMFRAG_TP_ISOLATE_FREEPAGES ||
		      i == MEMFRAG_TP_FAST_ISOLATE_FREEPAGES ||
		      i == MEMFRAG_TP_MIGRATEPAGES;
	return true;
}

/*
 * The row after try_to_compact_pages: a direct request whose zones are
 * all deferred.
 */
static void bench_deferred_row(struct bench_row *row)
{
	row->first = MEMFRAG_TP_TRY_TO_COMPACT_PAGES;
	row->second = MEMFRAG_TP_DEFERRED;
	row->repeat = bench_nr_zones;
	row->suffix = "+deferred";
	row->in_run = false;
}

/* A probe to call: the function and its data, as the tracepoint has them. */
struct bench_probe {
	void *fn;
	void *data;
};

static void bench_tp_lookup(struct tracepoint *tp, void *priv)
{
	int i;

	for (i = 0; i < MEMFRAG_NR_TP; i++)
		if (!strcmp(tp->name, bench_tps[i].name))
			bench_tps[i].tp = tp;
}

/*
 * The tracers whose probes are timed.  memfrag's probe is recognised by
 * its module's name at the end of its symbol, the others by the prefix of
 * the function the kernel generates for each event class.
 */
enum bench_tracer {
	BENCH_MEMFRAG, BENCH_FTRACE, BENCH_PERF, BENCH_BPF, BENCH_NR_TRACERS
};

static const struct {
	const char *column;
	const char *prefix;	/* or NULL: the suffix names the owner */
	const char *prefix2;	/* another function of the same tracer */
} bench_tracers[BENCH_NR_TRACERS] = {
	[BENCH_MEMFRAG] = { "memfrag_ns", NULL },
	[BENCH_FTRACE] = { "ftrace_ns", "trace_event_raw_event_" },
	[BENCH_PERF] = { "perf_ns", "perf_trace_" },
	/* Raw tracepoint programs; or BPF on the tracepoint through perf. */
	[BENCH_BPF] = { "bpf_ns", "__bpf_trace_", "perf_trace_" },
};

static bool bench_has_prefix(const char *sym, const char *prefix)
{
	return prefix && !strncmp(sym, prefix, strlen(prefix));
}

static bool bench_is_tracer(const char *sym, size_t len, enum bench_tracer t)
{
	if (bench_tracers[t].prefix)
		return bench_has_prefix(sym, bench_tracers[t].prefix) ||
		       bench_has_prefix(sym, bench_tracers[t].prefix2);
	return len > sizeof(BENCH_OWNER) - 1 &&
	       !strcmp(sym + len - (sizeof(BENCH_OWNER) - 1), BENCH_OWNER);
}

/*
 * Tracer t's probe on bt's tracepoint, if attached.  The caller holds
 * memfrag's events file open, which keeps memfrag's probe from going away;
 * the others are detached by the tracer's user, which the benchmark does
 * only after reading.
 */
static bool bench_find(const struct bench_tp *bt, enum bench_tracer t,
		       struct bench_probe *p)
{
	char sym[KSYM_SYMBOL_LEN];
	struct tracepoint_func *f;
	bool found = false;

	if (!bt->tp)
		return false;
	preempt_disable();
	f = rcu_dereference_sched(bt->tp->funcs);
	for (; f && f->func; f++) {
		size_t len = sprint_symbol_no_offset(sym,
						     (unsigned long)f->func);

		if (bench_is_tracer(sym, len, t)) {
			p->fn = f->func;
			p->data = f->data;
			found = true;
			break;
		}
	}
	preempt_enable();
	return found;
}

/*
 * Reads memfrag's events until none is left, so that its rings are empty.
 * The events file has no read_iter, so kernel_read() refuses it: its read
 * is called with a buffer mapped into the reading process (the table is
 * read by one, whose context this runs in).
 */
static void __user *bench_ubuf;	/* under bench_lock */

static void bench_drain(struct file *events)
{
	loff_t pos = 0;

	if (!events || !bench_ubuf)
		return;
	while (events->f_op->read(events, bench_ubuf, PAGE_SIZE, &pos) > 0)
		;
}

/* The events file open for draining, or NULL (memfrag not loaded). */
static struct file *bench_open_events(void)
{
	struct file *events = filp_open(BENCH_MEMFRAG_EVENTS,
					O_RDONLY | O_NONBLOCK, 0);
	unsigned long addr;

	if (IS_ERR(events))
		return NULL;
	addr = vm_mmap(NULL, 0, PAGE_SIZE, PROT_READ | PROT_WRITE,
		       MAP_ANONYMOUS | MAP_PRIVATE, 0);
	if (IS_ERR_VALUE(addr) || !events->f_op->read) {
		pr_warn("cannot drain memfrag's events: end probes will count drops\n");
		bench_ubuf = NULL;
	} else {
		bench_ubuf = (void __user *)addr;
	}
	return events;
}

static void bench_close_events(struct file *events)
{
	if (bench_ubuf)
		vm_munmap((unsigned long)bench_ubuf, PAGE_SIZE);
	bench_ubuf = NULL;
	if (events)
		filp_close(events, NULL);
}

static int bench_cmp_u64(const void *a, const void *b)
{
	u64 x = *(const u64 *)a, y = *(const u64 *)b;

	return x < y ? -1 : x > y;
}

static u64 bench_median(u64 *v, int n)
{
	sort(v, n, sizeof(*v), bench_cmp_u64, NULL);
	return v[n / 2];
}

/* One call the way a tracepoint makes it. */
static __always_inline void bench_call_one(const struct bench_tp *bt,
					   const struct bench_probe *p)
{
	preempt_disable_notrace();
	bt->call(p->fn, p->data);
	preempt_enable_notrace();
}

static void bench_calls(const struct bench_row *row,
			const struct bench_probe *p, int n)
{
	int i, k;

	for (i = 0; i < n; i++) {
		bench_call_one(&bench_tps[row->first], &p[0]);
		for (k = 0; row->second >= 0 && k < row->repeat; k++)
			bench_call_one(&bench_tps[row->second], &p[1]);
	}
}

/*
 * Calls memfrag's begin (start true) or end probe for this task, so that
 * the calls in between are inside a run.  False if memfrag has none.
 */
static bool bench_run_around(bool start)
{
	const struct bench_tp *bt =
		&bench_tps[start ? MEMFRAG_TP_BEGIN : MEMFRAG_TP_END];
	struct bench_probe p;

	if (!bench_find(bt, BENCH_MEMFRAG, &p))
		return false;
	bench_call_one(bt, &p);
	return true;
}

static u64 bench_samples[BENCH_BATCHES];	/* under bench_lock */
static DEFINE_MUTEX(bench_lock);

/* Median nanoseconds of a batch of n rounds of calls of p. */
static u64 bench_time(const struct bench_row *row,
		      const struct bench_probe *p, int n, struct file *events)
{
	int b;

	for (b = 0; b < BENCH_WARMUP / BENCH_BATCH; b++) {
		bench_drain(events);
		bench_calls(row, p, n);
	}
	for (b = 0; b < BENCH_BATCHES; b++) {
		u64 t0;

		bench_drain(events);
		t0 = ktime_get_ns();
		bench_calls(row, p, n);
		bench_samples[b] = ktime_get_ns() - t0;
	}
	return bench_median(bench_samples, BENCH_BATCHES);
}

/* Fixed point with one decimal: tenths of a nanosecond per call. */
static void bench_show_ns(struct seq_file *m, s64 tenths)
{
	if (tenths < 0)
		seq_printf(m, " %12s", "-");
	else
		seq_printf(m, " %10lld.%lld", tenths / 10, tenths % 10);
}

static s64 bench_row_tenths(const struct bench_row *row,
			    const struct bench_probe *p, u64 clock_ns,
			    struct file *events)
{
	u64 ns = bench_time(row, p, BENCH_BATCH, events);

	ns = ns > clock_ns ? ns - clock_ns : 0;
	return div_u64(ns * 10, BENCH_BATCH);
}

/* Tracer t's probes for row, both of a pair; false if not attached. */
static bool bench_find_row(const struct bench_row *row, enum bench_tracer t,
			   struct bench_probe p[2])
{
	return bench_find(&bench_tps[row->first], t, &p[0]) &&
	       (row->second < 0 ||
		bench_find(&bench_tps[row->second], t, &p[1]));
}

/*
 * Tenths of ns per call of tracer t's probes on row, or -1 if they are
 * not attached.  memfrag's scanner probes are timed inside a run of
 * memfrag's, as they fire inside one.
 */
static s64 bench_tracer_tenths(const struct bench_row *row,
			       enum bench_tracer t, u64 clock_ns,
			       struct file *events)
{
	bool around = t == BENCH_MEMFRAG && row->in_run;
	struct bench_probe p[2];
	s64 tenths;

	if (!bench_find_row(row, t, p))
		return -1;
	if (around && !bench_run_around(true))
		return -1;
	tenths = bench_row_tenths(row, p, clock_ns, events);
	if (around)
		bench_run_around(false);
	return tenths;
}

/* One row of the table: the empty probes', memfrag's and the peers'. */
static void bench_show_row(struct seq_file *m, const struct bench_row *row,
			   u64 clock_ns, struct file *events)
{
	const char *name = bench_tps[row->first].name;
	struct bench_probe empty[2];
	bool have_empty;
	s64 e = -1, f[BENCH_NR_TRACERS];
	int t;

	have_empty = bench_tps[row->first].attached;
	empty[0].fn = bench_tps[row->first].empty;
	empty[0].data = NULL;
	if (row->second >= 0) {
		have_empty &= bench_tps[row->second].attached;
		empty[1].fn = bench_tps[row->second].empty;
		empty[1].data = NULL;
	}
	if (have_empty)
		e = bench_row_tenths(row, empty, clock_ns, events);
	for (t = 0; t < BENCH_NR_TRACERS; t++)
		f[t] = t == BENCH_MEMFRAG && !events ? -1 :
		       bench_tracer_tenths(row, t, clock_ns, events);
	/* "mm_compaction_begin+end", "...try_to_compact_pages+deferred" */
	seq_printf(m, "%s%-*s", name, 38 - (int)strlen(name), row->suffix);
	bench_show_ns(m, e);
	for (t = 0; t < BENCH_NR_TRACERS; t++)
		bench_show_ns(m, f[t]);
	/* memfrag's cost in empty probes. */
	if (e > 0 && f[BENCH_MEMFRAG] >= 0)
		seq_printf(m, " %5lld.%02lld\n",
			   div64_s64(f[BENCH_MEMFRAG] * 100, e) / 100,
			   div64_s64(f[BENCH_MEMFRAG] * 100, e) % 100);
	else
		seq_printf(m, " %8s\n", "-");
}

static int bench_show(struct seq_file *m, void *v)
{
	struct bench_row row = { .second = -1 };
	struct file *events;
	u64 clock_ns;
	int r, t;

	mutex_lock(&bench_lock);
	/* memfrag's probes are timed only while its events file is open. */
	events = bench_open_events();
	/* Reading the clock twice, with no call between: subtracted. */
	clock_ns = bench_time(&row, NULL, 0, NULL);
	seq_printf(m, "# ns per call, median of %d batches of %d calls after %d warm-up calls; clock overhead %llu ns per batch subtracted; - = not attached; +deferred: %d zones\n",
		   BENCH_BATCHES, BENCH_BATCH, BENCH_WARMUP, clock_ns,
		   bench_nr_zones);
	seq_printf(m, "# %-36s %12s", "tracepoint", "empty_ns");
	for (t = 0; t < BENCH_NR_TRACERS; t++)
		seq_printf(m, " %12s", bench_tracers[t].column);
	seq_printf(m, " %8s\n", "ratio");
	for (r = 0; r < MEMFRAG_NR_TP; r++) {
		if (!bench_row(r, &row))
			continue;
		bench_show_row(m, &row, clock_ns, events);
		if (r != MEMFRAG_TP_TRY_TO_COMPACT_PAGES)
			continue;
		bench_deferred_row(&row);
		bench_show_row(m, &row, clock_ns, events);
	}
	bench_close_events(events);
	mutex_unlock(&bench_lock);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(bench);

static struct dentry *bench_dir;

static void bench_detach(void)
{
	int i;

	for (i = 0; i < MEMFRAG_NR_TP; i++) {
		if (bench_tps[i].attached)
			tracepoint_probe_unregister(bench_tps[i].tp,
						    bench_tps[i].empty, NULL);
		bench_tps[i].attached = false;
	}
	tracepoint_synchronize_unregister();
}

/* The first populated zone with a page we can allocate from it. */
static int bench_pick_zone(void)
{
	int z;

	bench_page = alloc_page(GFP_KERNEL);
	if (!bench_page)
		return -ENOMEM;
	bench_zone = page_zone(bench_page);
	bench_nid = zone_to_nid(bench_zone);
	bench_zone_start = bench_zone->zone_start_pfn;
	bench_zone_end = zone_end_pfn(bench_zone);
	bench_nr_zones = 0;
	for (z = 0; z < MAX_NR_ZONES; z++)
		bench_nr_zones += populated_zone(&NODE_DATA(bench_nid)->node_zones[z]);
	return 0;
}

static int __init bench_init(void)
{
	int i, err;

	err = bench_pick_zone();
	if (err)
		return err;
	for_each_kernel_tracepoint(bench_tp_lookup, NULL);
	for (i = 0; attach && i < MEMFRAG_NR_TP; i++) {
		if (!bench_tps[i].empty)
			continue;
		if (!bench_tps[i].tp) {
			pr_info("%s: not in this kernel\n", bench_tps[i].name);
			continue;
		}
		err = tracepoint_probe_register(bench_tps[i].tp,
						bench_tps[i].empty, NULL);
		if (err) {
			pr_err("%s: attaching failed: %d\n", bench_tps[i].name,
			       err);
			bench_detach();
			__free_page(bench_page);
			return err;
		}
		bench_tps[i].attached = true;
	}
	bench_dir = debugfs_create_dir(KBUILD_MODNAME, NULL);
	debugfs_create_file("probe_ns", 0400, bench_dir, NULL, &bench_fops);
	return 0;
}

static void __exit bench_exit(void)
{
	debugfs_remove_recursive(bench_dir);
	bench_detach();
	__free_page(bench_page);
}

module_init(bench_init);
module_exit(bench_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("memfrag probe cost beside an empty probe (benchmark)");

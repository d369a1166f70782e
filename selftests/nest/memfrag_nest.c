// SPDX-License-Identifier: GPL-2.0
/*
 * memfrag_nest - a test-only helper of selftests/memfrag_nest_test.c; it
 * drives two paths of memfrag that a quiet test guest rarely takes.
 *
 * Writing "irq SECONDS [PERIOD_NS [BURST]]" to ctl starts a run: for
 * SECONDS, a kthread named "memfrag_nest", bound to one CPU, calls
 * memfrag's probe of kmem:mm_page_alloc_extfrag in a tight loop in task
 * context, while a pinned hard-IRQ hrtimer on the same CPU calls it BURST
 * times from hard-IRQ context every PERIOD_NS and schedules a tasklet,
 * which calls it BURST times from softirq context.  The interrupts land inside the task's calls, so memfrag's
 * per-CPU tables are written by nested writers, as when a real allocation
 * falls back in an interrupt.  task_calls, irq_calls and softirq_calls
 * count the calls made in each context; irq_nested and softirq_nested those
 * that interrupted a task-context call; kthread_pid and cpu name the task
 * and its CPU; running is 1 until the run is over and the counts are final.
 * "stop" ends a run early.
 *
 * Writing "compact" holds order-9 blocks until one of this module's own
 * allocations begins compacting a zone in direct compaction (a probe of
 * this module on compaction:mm_compaction_begin sees it, where memfrag
 * takes the request's stack) or fails, then frees them: memfrag records a
 * direct compaction stack through this module's functions, whose frames
 * name no module once it is unloaded.
 * compact_allocs and compact_entered say what happened.
 *
 * Writing "take-spawn N" starts N kthreads ("memfrag_take"), alive until
 * "take-finish" so that each has its own task_struct address, and waiting.
 * "take-begin" lets the next one begin a run (memfrag's
 * compaction:mm_compaction_begin probe, for the zone of a page of its
 * own) and fire the scanner tracepoints once each (the tracepoint's every
 * attached probe: memfrag's and ftrace's, so that a hist trigger counts
 * them), and returns once it has.  "take-end" lets the last one that
 * began fire the scanner tracepoints again and end its run, and returns
 * once it has.  "take-taker" starts one more kthread ("memfrag_taker")
 * that begins the same way.  "take-finish" lets every "memfrag_take" run
 * still waiting fire the scanner tracepoints again and end, and every
 * such kthread that never began exit; it returns once all have.
 * "take-taker-end" does the same for the taker's run.  With
 * memfrag's run table full and its slots held past stale_run_ms, the
 * taker's begin takes one back while its owner still runs.  take_threads
 * counts the "memfrag_take" runs begun, take_events the scanner events
 * fired, take_wall_ns the time from just before the first begin to just
 * after the last end, take_taker_pid and take_taker_ns the taker's pid
 * and the time from just before its begin to just after its end.
 *
 * Writing "reuse" starts a kthread that calls the begin probe and exits,
 * waits NEST_REUSE_GAP_MS, then starts kthreads one at a time (at most
 * NEST_REUSE_TRIES, for NEST_REUSE_SECONDS) until one has the exited
 * one's task_struct address (compared as a number, never dereferenced).
 * That one calls the end probe alone, then begin, sleeps
 * NEST_REUSE_RUN_MS and calls end: memfrag must not time either end from
 * the exited task's begin.  reuse_tries counts the kthreads started,
 * reuse_found is 1 once one reused the address, reuse_pid is its pid and
 * reuse_own_ns the time from just before its begin to just after its end.
 * The probes of begin and end are the same in 6.1 and 6.12 (compat.h lists
 * no difference); the build fails if they change.
 *
 * memfrag's probe is the one in the tracepoint's list of attached probes
 * whose symbol belongs to module "memfrag".  Each call reads that list and
 * calls the probe inside one preemption-disabled section, as the tracepoint
 * does; memfrag's unload detaches its probes and then waits for such
 * sections to end, so a call never outlives the probe.  Once memfrag is
 * gone, the calls stop (and are not counted).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/build_bug.h>
#include <linux/atomic.h>
#include <linux/completion.h>
#include <linux/debugfs.h>
#include <linux/delay.h>
#include <linux/gfp.h>
#include <linux/hrtimer.h>
#include <linux/interrupt.h>
#include <linux/kallsyms.h>
#include <linux/kthread.h>
#include <linux/list.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/string.h>
#include <linux/tracepoint.h>
#include <linux/uaccess.h>
#include <linux/wait.h>

/*
 * The trace headers name these types without declaring them; struct
 * compact_control is private to mm/, and only its pointer is passed.
 */
struct compact_control;
#include <linux/compaction.h>
#include <linux/slab.h>
#include <trace/events/compaction.h>
#include <trace/events/kmem.h>

#include "compat.h"

/* How kallsyms ends the name of a symbol of the memfrag module. */
#define NEST_OWNER		" [memfrag]"
#define NEST_COMM		"memfrag_nest"
#define NEST_PERIOD_NS		100000ULL
#define NEST_PERIOD_MIN_NS	1000ULL
#define NEST_BURST		32
#define NEST_BURST_MAX		1024
#define NEST_SECONDS_MAX	3600
#define NEST_RESCHED_EVERY	256
/* A PMD-sized block, as THP and hugetlb allocate. */
#define NEST_COMPACT_ORDER	(PMD_SHIFT - PAGE_SHIFT)
#define NEST_COMPACT_GFP	(GFP_KERNEL | __GFP_COMP | __GFP_NORETRY | \
				 __GFP_NOWARN)
#define NEST_TAKE_MAX		8192
/* Long enough for the first kthread's task_struct to be freed. */
#define NEST_REUSE_GAP_MS	1000
#define NEST_REUSE_RUN_MS	20
/*
 * A freed task_struct comes back within a few kthreads on a stock kernel;
 * KASAN's quarantine holds it back for thousands.
 */
#define NEST_REUSE_TRIES	10000
#define NEST_REUSE_SECONDS	120
/*
 * Under generic KASAN every try first frees this many KiB of slab objects
 * (8 KiB each, NEST_CHURN_BATCH at a time): they push older frees, the
 * exited task_struct among them, out of the quarantine (1/32 of memory).
 */
#define NEST_CHURN_KIB		(8 * 1024)
#define NEST_CHURN_BATCH	256
#define NEST_CHURN_SIZE		8192
#define NEST_WAIT_SECONDS	600

static int nest_cpu_param = -1;
module_param_named(cpu, nest_cpu_param, int, 0400);
MODULE_PARM_DESC(cpu, "CPU of the irq run (default -1: the last online one)");

/* The contexts a call is made from. */
enum { NEST_TASK, NEST_HARDIRQ, NEST_SOFTIRQ, NEST_NR_CTX };

/* Valid arguments of the fallback tracepoint, one set per context. */
static const struct {
	int alloc_order, fallback_order, alloc_mt, fallback_mt;
} nest_args[NEST_NR_CTX] = {
	[NEST_TASK] = { 0, 2, MIGRATE_UNMOVABLE, MIGRATE_MOVABLE },
	[NEST_HARDIRQ] = { 0, 3, MIGRATE_UNMOVABLE, MIGRATE_MOVABLE },
	[NEST_SOFTIRQ] = { 0, 1, MIGRATE_UNMOVABLE, MIGRATE_RECLAIMABLE },
};

/* A probe of mm_page_alloc_extfrag, as the tracepoint calls it. */
struct nest_extfrag_probe {
	void (*fn)(void *data, struct page *page, int alloc_order,
		   int fallback_order, int alloc_migratetype,
		   int fallback_migratetype);
};

/* Fail the build unless the kernel's tracepoints take these probes. */
static_assert(sizeof(register_trace_mm_page_alloc_extfrag(
		((struct nest_extfrag_probe *)NULL)->fn, NULL)) == sizeof(int),
	      "mm_page_alloc_extfrag's prototype changed");

/* Probes of mm_compaction_begin and _end, as the tracepoints call them. */
struct nest_begin_probe {
	void (*fn)(void *data, struct compact_control *cc,
		   unsigned long zone_start, unsigned long zone_end, bool sync);
};

struct nest_end_probe {
	void (*fn)(void *data, struct compact_control *cc,
		   unsigned long zone_start, unsigned long zone_end, bool sync,
		   int status);
};

/* A probe of the isolate (scanner) tracepoints. */
struct nest_scan_probe {
	void (*fn)(void *data, unsigned long start_pfn, unsigned long end_pfn,
		   unsigned long nr_scanned, unsigned long nr_taken);
};

static_assert(sizeof(register_trace_mm_compaction_isolate_migratepages(
		((struct nest_scan_probe *)NULL)->fn, NULL)) == sizeof(int),
	      "mm_compaction_isolate_migratepages's prototype changed");
static_assert(sizeof(register_trace_mm_compaction_isolate_freepages(
		((struct nest_scan_probe *)NULL)->fn, NULL)) == sizeof(int),
	      "mm_compaction_isolate_freepages's prototype changed");

static_assert(sizeof(register_trace_mm_compaction_begin(
		((struct nest_begin_probe *)NULL)->fn, NULL)) == sizeof(int),
	      "mm_compaction_begin's prototype changed");
static_assert(sizeof(register_trace_mm_compaction_end(
		((struct nest_end_probe *)NULL)->fn, NULL)) == sizeof(int),
	      "mm_compaction_end's prototype changed");

static struct tracepoint *nest_extfrag_tp;
static struct tracepoint *nest_begin_tp, *nest_end_tp;
static struct tracepoint *nest_migrate_scan_tp, *nest_free_scan_tp;
/* The page every call passes: a real page of a real zone. */
static struct page *nest_page;
/* memfrag's extfrag probe as of the last "irq" command. */
static void *nest_memfrag_fn;

/* Each counter has one writer: its context on nest_cpu. */
static u64 nest_calls[NEST_NR_CTX], nest_nested[NEST_NR_CTX];
static bool nest_task_inside;	/* the kthread is inside a call */
static int nest_running, nest_cpu = -1, nest_pid;
static bool nest_stopping;
static unsigned int nest_seconds;
static u64 nest_period_ns, nest_burst;
static struct task_struct *nest_thread;
static struct hrtimer nest_timer;
static DEFINE_MUTEX(nest_lock);	/* commands */

static struct task_struct *nest_compact_task;
static u64 nest_compact_allocs, nest_compact_entered;

static void nest_count(u64 *counter)
{
	WRITE_ONCE(*counter, *counter + 1);
}

static void nest_tp_lookup(struct tracepoint *tp, void *priv)
{
	if (!strcmp(tp->name, "mm_page_alloc_extfrag"))
		nest_extfrag_tp = tp;
	else if (!strcmp(tp->name, "mm_compaction_begin"))
		nest_begin_tp = tp;
	else if (!strcmp(tp->name, "mm_compaction_end"))
		nest_end_tp = tp;
	else if (!strcmp(tp->name, "mm_compaction_isolate_migratepages"))
		nest_migrate_scan_tp = tp;
	else if (!strcmp(tp->name, "mm_compaction_isolate_freepages"))
		nest_free_scan_tp = tp;
}

/* memfrag's probe on tracepoint tp, or NULL. */
static void *nest_find_memfrag(struct tracepoint *tp)
{
	const size_t owner_len = strlen(NEST_OWNER);
	char sym[KSYM_SYMBOL_LEN];
	struct tracepoint_func *f;
	void *fn = NULL;

	if (!tp)
		return NULL;
	preempt_disable();
	f = rcu_dereference_sched(tp->funcs);
	for (; f && f->func; f++) {
		size_t len = sprint_symbol_no_offset(sym,
						     (unsigned long)f->func);

		if (len > owner_len &&
		    !strcmp(sym + len - owner_len, NEST_OWNER)) {
			fn = f->func;
			break;
		}
	}
	preempt_enable();
	return fn;
}

/*
 * Whether fn is still attached to tp, and its data.  The caller has
 * preemption disabled, as the tracepoint has, and calls fn in the same
 * section.
 */
static bool nest_attached(struct tracepoint *tp, void *fn, void **data)
{
	struct tracepoint_func *f = rcu_dereference_sched(tp->funcs);

	for (; fn && f && f->func; f++) {
		if (f->func == fn) {
			*data = f->data;
			return true;
		}
	}
	return false;
}

/*
 * One call of memfrag's probe from context ctx, the way the tracepoint
 * makes it: the list of probes is read, and the probe called, with
 * preemption disabled.  False if memfrag's probe is no longer attached.
 */
static bool nest_call(int ctx)
{
	struct nest_extfrag_probe probe = { };
	void *data = NULL;

	preempt_disable_notrace();
	if (nest_attached(nest_extfrag_tp, nest_memfrag_fn, &data))
		probe.fn = nest_memfrag_fn;
	if (probe.fn) {
		if (ctx == NEST_TASK)
			WRITE_ONCE(nest_task_inside, true);
		probe.fn(data, nest_page, nest_args[ctx].alloc_order,
			 nest_args[ctx].fallback_order, nest_args[ctx].alloc_mt,
			 nest_args[ctx].fallback_mt);
		if (ctx == NEST_TASK)
			WRITE_ONCE(nest_task_inside, false);
	}
	preempt_enable_notrace();
	return probe.fn != NULL;
}

/*
 * A burst of calls from an interrupt; counts them, and those made while
 * the interrupt held a task-context call open.
 */
static void nest_fire(int ctx)
{
	bool nested = READ_ONCE(nest_task_inside) &&
		      smp_processor_id() == nest_cpu;
	unsigned int i;

	for (i = 0; i < nest_burst && nest_call(ctx); i++) {
		nest_count(&nest_calls[ctx]);
		if (nested)
			nest_count(&nest_nested[ctx]);
	}
}

static void nest_tasklet_fn(struct tasklet_struct *t)
{
	nest_fire(NEST_SOFTIRQ);
}

static DECLARE_TASKLET(nest_tasklet, nest_tasklet_fn);

static enum hrtimer_restart nest_hrtimer_fn(struct hrtimer *timer)
{
	if (READ_ONCE(nest_stopping))
		return HRTIMER_NORESTART;
	nest_fire(NEST_HARDIRQ);
	tasklet_schedule(&nest_tasklet);
	hrtimer_forward_now(timer, ns_to_ktime(nest_period_ns));
	return HRTIMER_RESTART;
}

static int nest_thread_fn(void *arg)
{
	unsigned long end = jiffies + nest_seconds * HZ;
	unsigned int i = 0;

	/* Started here, so pinned to this (the bound) CPU. */
	hrtimer_start(&nest_timer, ns_to_ktime(nest_period_ns),
		      HRTIMER_MODE_REL_PINNED_HARD);
	while (!kthread_should_stop() && time_before(jiffies, end)) {
		if (nest_call(NEST_TASK))
			nest_count(&nest_calls[NEST_TASK]);
		if (!(++i % NEST_RESCHED_EVERY))
			cond_resched();
	}
	WRITE_ONCE(nest_stopping, true);
	hrtimer_cancel(&nest_timer);
	tasklet_kill(&nest_tasklet);
	/* The counts are final. */
	smp_store_release(&nest_running, 0);

	/* Exits only when stopped, so that kthread_stop() finds it. */
	set_current_state(TASK_INTERRUPTIBLE);
	while (!kthread_should_stop()) {
		schedule();
		set_current_state(TASK_INTERRUPTIBLE);
	}
	__set_current_state(TASK_RUNNING);
	return 0;
}

/* Ends the last run, if any, and waits for its kthread.  Under nest_lock. */
static void nest_reap(void)
{
	if (!nest_thread)
		return;
	kthread_stop(nest_thread);
	nest_thread = NULL;
}

static int nest_start(unsigned int seconds, u64 period_ns, unsigned int burst)
{
	struct task_struct *t;
	int target;

	if (!seconds || seconds > NEST_SECONDS_MAX ||
	    period_ns < NEST_PERIOD_MIN_NS || !burst || burst > NEST_BURST_MAX)
		return -EINVAL;
	if (READ_ONCE(nest_running))
		return -EBUSY;
	nest_reap();
	nest_memfrag_fn = nest_find_memfrag(nest_extfrag_tp);
	if (!nest_memfrag_fn)
		return -ENOENT;
	target = nest_cpu_param >= 0 ? nest_cpu_param :
				      cpumask_last(cpu_online_mask);
	if (target >= nr_cpu_ids || !cpu_online(target))
		return -EINVAL;

	memset(nest_calls, 0, sizeof(nest_calls));
	memset(nest_nested, 0, sizeof(nest_nested));
	nest_seconds = seconds;
	WRITE_ONCE(nest_period_ns, period_ns);
	WRITE_ONCE(nest_burst, burst);
	WRITE_ONCE(nest_stopping, false);
	t = kthread_create(nest_thread_fn, NULL, NEST_COMM);
	if (IS_ERR(t))
		return PTR_ERR(t);
	kthread_bind(t, target);
	nest_thread = t;
	WRITE_ONCE(nest_cpu, target);
	WRITE_ONCE(nest_pid, task_pid_nr(t));
	WRITE_ONCE(nest_running, 1);
	wake_up_process(t);
	return 0;
}

static void nest_compact_probe(void *data, struct compact_control *cc,
			       unsigned long zone_start,
			       unsigned long zone_end, bool sync)
{
	if (current == READ_ONCE(nest_compact_task))
		nest_count(&nest_compact_entered);
}

static_assert(sizeof(register_trace_mm_compaction_begin(
		nest_compact_probe, NULL)) == sizeof(int),
	      "mm_compaction_begin's prototype changed");

/*
 * One more block onto held; false if the allocation failed.  Not inlined,
 * and not a tail call: this is the frame of a compaction stack that must
 * name this module.
 */
static noinline bool nest_compact_one(struct list_head *held)
{
	struct page *page = alloc_pages(NEST_COMPACT_GFP, NEST_COMPACT_ORDER);

	if (!page)
		return false;
	list_add(&page->lru, held);
	return true;
}

/* Takes blocks until this task's direct compaction begins; frees them. */
static noinline int nest_compact(void)
{
	unsigned long max = totalram_pages() >> NEST_COMPACT_ORDER, n = 0;
	struct page *page, *next;
	LIST_HEAD(held);
	int err;

	if (!nest_begin_tp)
		return -ENOENT;
	WRITE_ONCE(nest_compact_entered, 0);
	WRITE_ONCE(nest_compact_allocs, 0);
	WRITE_ONCE(nest_compact_task, current);
	err = tracepoint_probe_register(nest_begin_tp, nest_compact_probe,
					NULL);
	if (err)
		goto out;
	while (n < max && !READ_ONCE(nest_compact_entered) &&
	       !fatal_signal_pending(current) && nest_compact_one(&held)) {
		n++;
		cond_resched();
	}
	tracepoint_probe_unregister(nest_begin_tp, nest_compact_probe, NULL);
	tracepoint_synchronize_unregister();
	list_for_each_entry_safe(page, next, &held, lru) {
		list_del(&page->lru);
		__free_pages(page, NEST_COMPACT_ORDER);
	}
	WRITE_ONCE(nest_compact_allocs, n);
out:
	WRITE_ONCE(nest_compact_task, NULL);
	return err;
}

/* ------------------------------------ run-table slots: taken back, reused */

/* memfrag's begin and end probes as of the last "take-..." or "reuse". */
static void *nest_begin_fn, *nest_end_fn;

/*
 * current calls memfrag's begin or end probe for the zone of nest_page,
 * as compact_zone() does: a real zone's pfn span, sync, cc not passed
 * (memfrag never reads it), COMPACT_COMPLETE at the end.  False if the
 * probe is not attached.
 */
static bool nest_run_probe(bool end)
{
	struct zone *zone = page_zone(nest_page);
	unsigned long first = zone->zone_start_pfn, last = zone_end_pfn(zone);
	struct nest_begin_probe begin = { .fn = nest_begin_fn };
	struct nest_end_probe fin = { .fn = nest_end_fn };
	void *data = NULL;
	bool attached;

	preempt_disable_notrace();
	attached = end ? nest_attached(nest_end_tp, nest_end_fn, &data) :
			 nest_attached(nest_begin_tp, nest_begin_fn, &data);
	if (attached && end)
		fin.fn(data, NULL, first, last, true, COMPACT_COMPLETE);
	else if (attached)
		begin.fn(data, NULL, first, last, true);
	preempt_enable_notrace();
	return attached;
}

static int nest_find_run_probes(void)
{
	nest_begin_fn = nest_find_memfrag(nest_begin_tp);
	nest_end_fn = nest_find_memfrag(nest_end_tp);
	return nest_begin_fn && nest_end_fn ? 0 : -ENOENT;
}

/*
 * Starts fn(arg) in a kthread that holds a reference on this module until
 * it exits (module_put_and_kthread_exit()), so that none outlives it.
 */
static int nest_start_kthread(int (*fn)(void *), void *arg, const char *name)
{
	struct task_struct *t;

	__module_get(THIS_MODULE);
	t = kthread_run(fn, arg, "%s", name);
	if (IS_ERR(t)) {
		module_put(THIS_MODULE);
		return PTR_ERR(t);
	}
	return 0;
}

/*
 * Fires a scanner tracepoint as the kernel does: every probe attached to
 * it, with preemption disabled, for the one page of nest_page.  memfrag
 * counts the pages; ftrace records the event, and its triggers run.
 */
static void nest_fire_scan(struct tracepoint *tp, unsigned long scanned,
			   unsigned long taken)
{
	unsigned long pfn = page_to_pfn(nest_page);
	struct tracepoint_func *f;

	preempt_disable_notrace();
	f = rcu_dereference_sched(tp->funcs);
	for (; f && f->func; f++) {
		struct nest_scan_probe probe = { .fn = f->func };

		probe.fn(f->data, pfn, pfn + 1, scanned, taken);
	}
	preempt_enable_notrace();
}

static atomic_t nest_take_begun = ATOMIC_INIT(0);
static atomic_t nest_take_ended = ATOMIC_INIT(0);
static atomic_t nest_take_fired = ATOMIC_INIT(0);
/*
 * Per kthread, each waited on by its kthread alone, so that a step wakes
 * one task, not all: when it may begin (or, with quit, exit without a
 * run), and when it may go on to its second events and its end.
 */
struct nest_take {
	struct completion begin, go;
	bool quit, released;
};

static struct nest_take nest_takes[NEST_TAKE_MAX], nest_taker;
/* The command's task waits here for the kthreads' steps. */
static DECLARE_WAIT_QUEUE_HEAD(nest_take_wq);
/* Kthreads started, runs they began, takers started; under nest_lock. */
static unsigned int nest_take_spawned, nest_take_started, nest_take_takers;
static atomic_t nest_take_exited = ATOMIC_INIT(0);
static u64 nest_take_t0;
static u64 nest_take_threads, nest_take_events, nest_take_wall_ns;
static u64 nest_take_taker_ns;
static int nest_take_taker_pid;

/* Both scanner tracepoints once; the second time with other numbers. */
static void nest_take_scan(bool second)
{
	nest_fire_scan(nest_migrate_scan_tp, second ? 7 : 3, second ? 4 : 1);
	nest_fire_scan(nest_free_scan_tp, second ? 11 : 5, second ? 6 : 2);
	atomic_add(2, &nest_take_fired);
}

/* One run: begin, events, wait for take->go, events, end. */
static void nest_take_run(struct nest_take *take)
{
	nest_run_probe(false);
	nest_take_scan(false);
	atomic_inc(&nest_take_begun);
	wake_up(&nest_take_wq);
	wait_for_completion(&take->go);
	nest_take_scan(true);
	nest_run_probe(true);
	atomic_inc(&nest_take_ended);
	wake_up(&nest_take_wq);
}

static int nest_take_fn(void *arg)
{
	struct nest_take *take = arg;

	wait_for_completion(&take->begin);
	if (!READ_ONCE(take->quit))
		nest_take_run(take);
	atomic_inc(&nest_take_exited);
	wake_up(&nest_take_wq);
	module_put_and_kthread_exit(0);
}

static int nest_taker_fn(void *arg)
{
	u64 t0 = ktime_get_ns();

	WRITE_ONCE(nest_take_taker_pid, task_pid_nr(current));
	nest_take_run(&nest_taker);
	WRITE_ONCE(nest_take_taker_ns, ktime_get_ns() - t0);
	module_put_and_kthread_exit(0);
}

/* Waits until n runs have begun (or ended); 0, or why not. */
static int nest_take_wait(atomic_t *count, unsigned int n)
{
	long left = wait_event_interruptible_timeout(nest_take_wq,
			atomic_read(count) == n, NEST_WAIT_SECONDS * HZ);

	if (left < 0)
		return left;
	return left ? 0 : -ETIMEDOUT;
}

/* Lets take's run finish; waits until n runs have ended. */
static int nest_take_release(struct nest_take *take, unsigned int n)
{
	take->released = true;
	complete(&take->go);
	return nest_take_wait(&nest_take_ended, n);
}

/* "take-spawn N": N more kthreads, waiting to begin. */
static int nest_take_spawn(unsigned int n)
{
	int err = 0;

	if (!n || n > NEST_TAKE_MAX - nest_take_spawned)
		return -EINVAL;
	if (!nest_migrate_scan_tp || !nest_free_scan_tp)
		return -ENODEV;
	if (!nest_take_spawned) {
		atomic_set(&nest_take_begun, 0);
		atomic_set(&nest_take_ended, 0);
		atomic_set(&nest_take_fired, 0);
		atomic_set(&nest_take_exited, 0);
		init_completion(&nest_taker.go);
		nest_taker.released = false;
		WRITE_ONCE(nest_take_threads, 0);
		WRITE_ONCE(nest_take_taker_pid, 0);
		WRITE_ONCE(nest_take_taker_ns, 0);
	}
	while (n-- && !err) {
		struct nest_take *take = &nest_takes[nest_take_spawned];

		init_completion(&take->begin);
		init_completion(&take->go);
		take->quit = take->released = false;
		err = nest_start_kthread(nest_take_fn,
					 &nest_takes[nest_take_spawned],
					 "memfrag_take");
		if (!err)
			nest_take_spawned++;
		cond_resched();
	}
	return err;
}

/* "take-begin", or with taker "take-taker": one more run begins. */
static int nest_take_begin(bool taker)
{
	unsigned int n = nest_take_started + nest_take_takers;
	int err;

	if (taker ? nest_take_takers > 0 :
		    nest_take_started >= nest_take_spawned)
		return -ENOSPC;
	err = nest_find_run_probes();
	if (err)
		return err;
	if (!n)
		nest_take_t0 = ktime_get_ns();
	if (taker) {
		err = nest_start_kthread(nest_taker_fn, NULL, "memfrag_taker");
		if (err)
			return err;
		nest_take_takers++;
	} else {
		complete(&nest_takes[nest_take_started].begin);
		WRITE_ONCE(nest_take_threads, ++nest_take_started);
	}
	return nest_take_wait(&nest_take_begun, n + 1);
}

/* "take-end": the last "memfrag_take" run ends, if still waiting. */
static int nest_take_end(void)
{
	struct nest_take *take;

	if (!nest_take_started)
		return -EINVAL;
	take = &nest_takes[nest_take_started - 1];
	if (take->released)
		return -EINVAL;
	return nest_take_release(take, atomic_read(&nest_take_ended) + 1);
}

/*
 * "take-finish": every "memfrag_take" run still waiting ends, and every
 * kthread that never began exits.
 */
static int nest_take_finish(void)
{
	unsigned int i;
	int err;

	for (i = 0; i < nest_take_spawned; i++) {
		struct nest_take *take = &nest_takes[i];

		if (i >= nest_take_started) {
			WRITE_ONCE(take->quit, true);
			complete(&take->begin);
		} else if (!take->released) {
			take->released = true;
			complete(&take->go);
		}
	}
	err = nest_take_wait(&nest_take_ended, nest_take_started);
	if (!err)
		err = nest_take_wait(&nest_take_exited, nest_take_spawned);
	return err;
}

/* "take-taker-end": the taker's run ends; the figures are final. */
static int nest_take_taker_end(void)
{
	int err;

	if (!nest_take_takers || nest_taker.released)
		return -EINVAL;
	err = nest_take_release(&nest_taker,
				atomic_read(&nest_take_ended) + 1);
	WRITE_ONCE(nest_take_events, atomic_read(&nest_take_fired));
	WRITE_ONCE(nest_take_wall_ns, ktime_get_ns() - nest_take_t0);
	if (!err)
		nest_take_spawned = nest_take_started = nest_take_takers = 0;
	return err;
}

/* The exited task's address: only compared, never dereferenced. */
static unsigned long nest_reuse_addr;
static DECLARE_COMPLETION(nest_reuse_done);
static u64 nest_reuse_tries, nest_reuse_found, nest_reuse_own_ns;
static int nest_reuse_pid;

static int nest_reuse_first_fn(void *arg)
{
	nest_run_probe(false);
	WRITE_ONCE(nest_reuse_addr, (unsigned long)current);
	complete(&nest_reuse_done);
	module_put_and_kthread_exit(0);
}

/* A candidate: if at the exited task's address, its end, then a run. */
static int nest_reuse_fn(void *arg)
{
	u64 t0;

	if ((unsigned long)current == READ_ONCE(nest_reuse_addr)) {
		nest_run_probe(true);
		t0 = ktime_get_ns();
		nest_run_probe(false);
		msleep(NEST_REUSE_RUN_MS);
		nest_run_probe(true);
		WRITE_ONCE(nest_reuse_own_ns, ktime_get_ns() - t0);
		WRITE_ONCE(nest_reuse_pid, task_pid_nr(current));
		WRITE_ONCE(nest_reuse_found, 1);
	}
	complete(&nest_reuse_done);
	module_put_and_kthread_exit(0);
}

/* Frees NEST_CHURN_KIB of slab objects, to cycle KASAN's quarantine. */
static void nest_churn_quarantine(void)
{
	void **objs;
	int i, n, round;

	if (!IS_ENABLED(CONFIG_KASAN_GENERIC))
		return;
	objs = kmalloc_array(NEST_CHURN_BATCH, sizeof(*objs), GFP_KERNEL);
	if (!objs)
		return;
	for (round = 0; round < NEST_CHURN_KIB * 1024 /
			(NEST_CHURN_BATCH * NEST_CHURN_SIZE); round++) {
		for (n = 0; n < NEST_CHURN_BATCH; n++) {
			objs[n] = kmalloc(NEST_CHURN_SIZE, GFP_KERNEL | __GFP_NOWARN);
			if (!objs[n])
				break;
		}
		for (i = 0; i < n; i++)
			kfree(objs[i]);
		cond_resched();
	}
	kfree(objs);
}

/* Starts a kthread of "reuse" and waits until it is done with memfrag. */
static int nest_reuse_step(int (*fn)(void *))
{
	long left;
	int err;

	reinit_completion(&nest_reuse_done);
	err = nest_start_kthread(fn, NULL, "memfrag_reuse");
	if (err)
		return err;
	left = wait_for_completion_interruptible_timeout(&nest_reuse_done,
			NEST_WAIT_SECONDS * HZ);
	if (left < 0)
		return left;
	return left ? 0 : -ETIMEDOUT;
}

static int nest_reuse(void)
{
	int err = nest_find_run_probes();
	unsigned long deadline;

	if (err)
		return err;
	WRITE_ONCE(nest_reuse_tries, 0);
	WRITE_ONCE(nest_reuse_found, 0);
	WRITE_ONCE(nest_reuse_pid, 0);
	WRITE_ONCE(nest_reuse_own_ns, 0);
	err = nest_reuse_step(nest_reuse_first_fn);
	if (err)
		return err;
	msleep(NEST_REUSE_GAP_MS);
	deadline = jiffies + NEST_REUSE_SECONDS * HZ;
	while (!READ_ONCE(nest_reuse_found) &&
	       nest_reuse_tries < NEST_REUSE_TRIES &&
	       time_before(jiffies, deadline)) {
		if (fatal_signal_pending(current))
			return -EINTR;
		nest_churn_quarantine();
		err = nest_reuse_step(nest_reuse_fn);
		if (err)
			return err;
		WRITE_ONCE(nest_reuse_tries, nest_reuse_tries + 1);
	}
	return 0;
}

static ssize_t nest_ctl_write(struct file *file, const char __user *ubuf,
			      size_t count, loff_t *ppos)
{
	unsigned long long period = NEST_PERIOD_NS;
	unsigned int seconds, burst = NEST_BURST, take;
	char buf[64], *cmd;
	int err = 0, n;

	if (count >= sizeof(buf))
		return -EINVAL;
	if (copy_from_user(buf, ubuf, count))
		return -EFAULT;
	buf[count] = '\0';
	cmd = strim(buf);

	mutex_lock(&nest_lock);
	n = sscanf(cmd, "irq %u %llu %u", &seconds, &period, &burst);
	if (n >= 1 && !strncmp(cmd, "irq ", 4))
		err = nest_start(seconds, period, burst);
	else if (!strcmp(cmd, "stop"))
		nest_reap();
	else if (!strcmp(cmd, "compact"))
		err = nest_compact();
	else if (sscanf(cmd, "take-spawn %u", &take) == 1)
		err = nest_take_spawn(take);
	else if (!strcmp(cmd, "take-begin"))
		err = nest_take_begin(false);
	else if (!strcmp(cmd, "take-end"))
		err = nest_take_end();
	else if (!strcmp(cmd, "take-taker"))
		err = nest_take_begin(true);
	else if (!strcmp(cmd, "take-finish"))
		err = nest_take_finish();
	else if (!strcmp(cmd, "take-taker-end"))
		err = nest_take_taker_end();
	else if (!strcmp(cmd, "reuse"))
		err = nest_reuse();
	else
		err = -EINVAL;
	mutex_unlock(&nest_lock);
	return err ? err : count;
}

static const struct file_operations nest_ctl_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.write = nest_ctl_write,
	.llseek = noop_llseek,
};

static int nest_u64_get(void *data, u64 *val)
{
	*val = READ_ONCE(*(u64 *)data);
	return 0;
}
DEFINE_DEBUGFS_ATTRIBUTE(nest_u64_fops, nest_u64_get, NULL, "%llu\n");

static int nest_int_get(void *data, u64 *val)
{
	/* Pairs with the release of running: 0 read, the counts are final. */
	*val = (s64)smp_load_acquire((int *)data);
	return 0;
}
DEFINE_DEBUGFS_ATTRIBUTE(nest_int_fops, nest_int_get, NULL, "%lld\n");

static struct dentry *nest_dir;

static void nest_create_files(void)
{
	static const struct {
		const char *name;
		void *data;
		const struct file_operations *fops;
	} files[] = {
		{ "task_calls", &nest_calls[NEST_TASK], &nest_u64_fops },
		{ "irq_calls", &nest_calls[NEST_HARDIRQ], &nest_u64_fops },
		{ "softirq_calls", &nest_calls[NEST_SOFTIRQ], &nest_u64_fops },
		{ "irq_nested", &nest_nested[NEST_HARDIRQ], &nest_u64_fops },
		{ "softirq_nested", &nest_nested[NEST_SOFTIRQ],
		  &nest_u64_fops },
		{ "running", &nest_running, &nest_int_fops },
		{ "kthread_pid", &nest_pid, &nest_int_fops },
		{ "cpu", &nest_cpu, &nest_int_fops },
		{ "period_ns", &nest_period_ns, &nest_u64_fops },
		{ "burst", &nest_burst, &nest_u64_fops },
		{ "compact_allocs", &nest_compact_allocs, &nest_u64_fops },
		{ "compact_entered", &nest_compact_entered, &nest_u64_fops },
		{ "take_threads", &nest_take_threads, &nest_u64_fops },
		{ "take_events", &nest_take_events, &nest_u64_fops },
		{ "take_wall_ns", &nest_take_wall_ns, &nest_u64_fops },
		{ "take_taker_pid", &nest_take_taker_pid, &nest_int_fops },
		{ "take_taker_ns", &nest_take_taker_ns, &nest_u64_fops },
		{ "reuse_tries", &nest_reuse_tries, &nest_u64_fops },
		{ "reuse_found", &nest_reuse_found, &nest_u64_fops },
		{ "reuse_pid", &nest_reuse_pid, &nest_int_fops },
		{ "reuse_own_ns", &nest_reuse_own_ns, &nest_u64_fops },
	};
	size_t i;

	nest_dir = debugfs_create_dir(KBUILD_MODNAME, NULL);
	debugfs_create_file("ctl", 0200, nest_dir, NULL, &nest_ctl_fops);
	for (i = 0; i < ARRAY_SIZE(files); i++)
		debugfs_create_file_unsafe(files[i].name, 0400, nest_dir,
					   files[i].data, files[i].fops);
}

static int __init nest_init(void)
{
	for_each_kernel_tracepoint(nest_tp_lookup, NULL);
	if (!nest_extfrag_tp) {
		pr_err("no tracepoint mm_page_alloc_extfrag in this kernel\n");
		return -ENODEV;
	}
	nest_page = alloc_page(GFP_KERNEL);
	if (!nest_page)
		return -ENOMEM;
	memfrag_hrtimer_setup(&nest_timer, nest_hrtimer_fn, CLOCK_MONOTONIC,
			      HRTIMER_MODE_REL_HARD);
	nest_create_files();
	return 0;
}

static void __exit nest_exit(void)
{
	debugfs_remove_recursive(nest_dir);
	mutex_lock(&nest_lock);
	nest_reap();
	mutex_unlock(&nest_lock);
	__free_page(nest_page);
}

module_init(nest_init);
module_exit(nest_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("memfrag selftest helper: probe calls from nested contexts, direct compaction through a module, stale and reused run slots");

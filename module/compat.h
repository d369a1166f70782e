/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Every kernel-version difference memfrag knows about lives here and nowhere
 * else.  Ranges are inclusive-low, exclusive-high: [A, B) means "A <= v < B".
 *
 * The kernel's own <trace/events/...> headers are included so that each
 * probe's prototype is checked by the compiler against the tracepoint it is
 * attached to (MEMFRAG_CHECK_PROBE below).  When a future kernel changes a
 * signature, the build fails here; a probe is never called with arguments
 * it does not expect.
 */
#ifndef MEMFRAG_COMPAT_H
#define MEMFRAG_COMPAT_H

#include <linux/version.h>
#include <linux/build_bug.h>

/* True when building against Linux a.b.c or later. */
#define MEMFRAG_KERNEL_AT_LEAST(a, b, c) \
	(LINUX_VERSION_CODE >= KERNEL_VERSION(a, b, c))

#if !MEMFRAG_KERNEL_AT_LEAST(6, 1, 0)
#error "memfrag supports Linux 6.1 and later"
#endif

/*
 * Probes update u64 counters with this_cpu_add() and readers sum them with
 * plain loads: single accesses only on a 64-bit kernel.  A 32-bit kernel
 * could read a torn counter, so it is refused (dkms.conf says so too).
 */
#ifndef CONFIG_64BIT
#error "memfrag needs a 64-bit kernel (CONFIG_64BIT)"
#endif

/*
 * struct compact_control is private to mm/ (mm/internal.h).  Probes receive
 * a pointer to it but never dereference it; the declaration keeps the
 * tracepoint prototypes below well-formed.
 */
struct compact_control;

/* The trace headers name these types without declaring them. */
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/compaction.h>

#include <memfrag/memfrag.h>

#include <trace/events/compaction.h>
#include <trace/events/kmem.h>

/*
 * compaction:mm_compaction_fast_isolate_freepages
 *   [6.1, 6.5)  absent: the fast free scanner was not traced
 *   [6.5, ...)  (start_pfn, end_pfn, nr_scanned, nr_taken); added by
 *               "mm: compaction: add trace event for fast freepages
 *               isolation" (Baolin Wang), merged for 6.5-rc1
 * Where it is absent its probe is NULL, and the status file says
 * "missing".
 */
#if MEMFRAG_KERNEL_AT_LEAST(6, 5, 0)
#define MEMFRAG_HAVE_FAST_ISOLATE_FREEPAGES	1
#else
#define MEMFRAG_HAVE_FAST_ISOLATE_FREEPAGES	0
#define memfrag_probe_mm_compaction_fast_isolate_freepages	NULL
#endif

/*
 * compaction:mm_compaction_migratepages
 *   [6.1, 6.9)  (struct compact_control *cc, unsigned int nr_succeeded)
 *               The number of pages attempted sits inside cc, which a
 *               module cannot read, so failures are unknown there.
 *   [6.9, ...)  (unsigned int nr_migratepages, unsigned int nr_succeeded);
 *               changed by "mm: compaction: update the cc->nr_migratepages
 *               when allocating or freeing the freepages" (Baolin Wang),
 *               merged for 6.9-rc1
 *
 * MEMFRAG_MIGRATEPAGES_ARGS declares the probe's arguments; the probe body
 * uses memfrag_migratepages_attempted() to learn the attempted count, or
 * MEMFRAG_MIGRATE_UNKNOWN when the kernel does not pass it.
 * memfrag_call_migratepages(fn, data, attempted, succeeded) calls such a
 * probe (the probe benchmark does).
 */
#define MEMFRAG_MIGRATE_UNKNOWN	(~0U)
#if MEMFRAG_KERNEL_AT_LEAST(6, 9, 0)
#define MEMFRAG_HAVE_MIGRATE_FAILED	1
#define MEMFRAG_MIGRATEPAGES_ARGS \
	unsigned int nr_migratepages, unsigned int nr_succeeded
#define memfrag_migratepages_attempted()	(nr_migratepages)
#define memfrag_call_migratepages(fn, data, attempted, succeeded) \
	fn(data, attempted, succeeded)
#else
#define MEMFRAG_HAVE_MIGRATE_FAILED	0
#define MEMFRAG_MIGRATEPAGES_ARGS \
	struct compact_control *cc, unsigned int nr_succeeded
#define memfrag_migratepages_attempted()	MEMFRAG_MIGRATE_UNKNOWN
#define memfrag_call_migratepages(fn, data, attempted, succeeded) \
	((void)(attempted), fn(data, NULL, succeeded))
#endif

/*
 * Number of buddy orders (0 .. MEMFRAG_NR_ORDERS - 1).
 *   [6.1, 6.4)  MAX_ORDER was exclusive: orders 0 .. MAX_ORDER - 1
 *   [6.4, 6.8)  MAX_ORDER became inclusive: orders 0 .. MAX_ORDER, by
 *               commit 23baf831a32c ("mm, treewide: redefine MAX_ORDER
 *               sanely")
 *   [6.8, ...)  NR_PAGE_ORDERS, by commit fd37721803c6 ("mm, treewide:
 *               introduce NR_PAGE_ORDERS")
 */
#if MEMFRAG_KERNEL_AT_LEAST(6, 8, 0)
#define MEMFRAG_NR_ORDERS	NR_PAGE_ORDERS
#elif MEMFRAG_KERNEL_AT_LEAST(6, 4, 0)
#define MEMFRAG_NR_ORDERS	(MAX_ORDER + 1)
#else
#define MEMFRAG_NR_ORDERS	MAX_ORDER
#endif

/*
 * The pageblock flags: which migratetype a pageblock belongs to.
 * get_pfnblock_flags_mask() is not exported to modules, but mem_section
 * is (EXPORT_SYMBOL), and <linux/mmzone.h> gives the inline section
 * lookup (__pfn_to_section(), section_to_usemap()).  With CONFIG_SPARSEMEM
 * each memory section's mem_section_usage holds a bitmap of
 * MEMFRAG_PB_BITS bits per pageblock of the section, in unsigned longs:
 * the bits of block b = (pfn & (PAGES_PER_SECTION - 1)) >> pageblock_order
 * start at bit b * MEMFRAG_PB_BITS (mm/page_alloc.c's pfn_to_bitidx()).
 * Which layout a kernel has is told by what its header defines, not by its
 * version: a backport or a distribution patch carries the header with it.
 *   [3.7, 6.17)  PB_migratetype_bits is a macro (3): the migratetype is
 *                bits 0..2 of a 4-bit field (NR_PAGEBLOCK_BITS, an enum
 *                constant), PB_migrate_skip bit 3; an isolated block has
 *                MIGRATE_ISOLATE stored as its migratetype.
 *   [6.17, ...)  "mm/page_isolation: make page isolation a standalone
 *                bit" (Zi Yan, merged for 6.17-rc1): PB_migrate_0..2,
 *                PB_compact_skip and, with CONFIG_MEMORY_ISOLATION,
 *                PB_migrate_isolate; the field is NR_PAGEBLOCK_BITS =
 *                roundup_pow_of_two(__NR_PAGEBLOCK_BITS) bits (a macro, 8
 *                with isolation), PAGEBLOCK_MIGRATETYPE_MASK and
 *                PAGEBLOCK_ISO_MASK are macros, and an isolated block
 *                keeps its migratetype: get_pfnblock_migratetype()
 *                reports MIGRATE_ISOLATE when the isolation bit is set.
 * Any other layout, or a kernel without CONFIG_SPARSEMEM (the bitmap hangs
 * off the zone there), is not read: the files say the fields are
 * unavailable and why (MEMFRAG_PB_UNAVAILABLE), and the rest of memfrag
 * works.  MEMFRAG_PB_ASSUME_UNKNOWN (a build flag) takes that path on any
 * kernel, so that the tests can show it.
 */
#define MEMFRAG_PB_MT_SHIFT	0
#define MEMFRAG_PB_MT_BITS	3
#define MEMFRAG_PB_MT_MASK	((1UL << MEMFRAG_PB_MT_BITS) - 1)
#if !defined(CONFIG_SPARSEMEM)
#define MEMFRAG_HAVE_PAGEBLOCK_MT	0
#define MEMFRAG_PB_UNAVAILABLE \
	"unavailable: kernel built without CONFIG_SPARSEMEM"
#elif defined(MEMFRAG_PB_ASSUME_UNKNOWN)
#define MEMFRAG_HAVE_PAGEBLOCK_MT	0
#define MEMFRAG_PB_UNAVAILABLE \
	"unavailable: pageblock flags of a layout memfrag does not know (built with MEMFRAG_PB_ASSUME_UNKNOWN)"
#elif defined(PB_migratetype_bits)
#define MEMFRAG_HAVE_PAGEBLOCK_MT	1
#define MEMFRAG_PB_BITS		4
#define MEMFRAG_PB_ISO_MASK	0UL	/* MIGRATE_ISOLATE is a migratetype */
static_assert(NR_PAGEBLOCK_BITS == MEMFRAG_PB_BITS &&
	      PB_migrate == MEMFRAG_PB_MT_SHIFT &&
	      PB_migratetype_bits == MEMFRAG_PB_MT_BITS &&
	      MIGRATETYPE_MASK == MEMFRAG_PB_MT_MASK,
	      "the pageblock flags changed: update MEMFRAG_PB_* in compat.h");
#elif defined(PAGEBLOCK_MIGRATETYPE_MASK) && defined(PAGEBLOCK_ISO_MASK) && \
	defined(NR_PAGEBLOCK_BITS)
#define MEMFRAG_HAVE_PAGEBLOCK_MT	1
#define MEMFRAG_PB_BITS		NR_PAGEBLOCK_BITS
#define MEMFRAG_PB_ISO_MASK	((unsigned long)PAGEBLOCK_ISO_MASK)
static_assert(PAGEBLOCK_MIGRATETYPE_MASK ==
	      MEMFRAG_PB_MT_MASK << MEMFRAG_PB_MT_SHIFT &&
	      BITS_PER_LONG % NR_PAGEBLOCK_BITS == 0,
	      "the pageblock flags changed: update MEMFRAG_PB_* in compat.h");
#else
#define MEMFRAG_HAVE_PAGEBLOCK_MT	0
#define MEMFRAG_PB_UNAVAILABLE \
	"unavailable: pageblock flags of a layout memfrag does not know"
#endif
#if MEMFRAG_HAVE_PAGEBLOCK_MT
#define MEMFRAG_PB_UNAVAILABLE	NULL
static_assert(MIGRATE_TYPES <= MEMFRAG_PB_MT_MASK + 1,
	      "a migratetype does not fit the pageblock's field");
#endif

/*
 * Probes and preemption.
 *   [6.1, 7.0)  __DO_TRACE() calls a tracepoint's probes with preemption
 *               disabled (rcu_read_lock_sched_notrace(), later
 *               guard(preempt_notrace)).
 *   [7.0, ...)  commit a46023d5616e ("tracing: Guard __DECLARE_TRACE() use
 *               of __DO_TRACE_CALL() with SRCU-fast", Paul E. McKenney):
 *               probes run under SRCU-fast, preemptible; a probe that
 *               needs to stay on one CPU must say so itself.
 * Every probe that needs more than single this_cpu_*() operations on one
 * CPU starts with memfrag_probe_pin_cpu(): wherever the kernel's
 * <linux/preempt.h> defines scoped guards (DEFINE_LOCK_GUARD_0, 6.5 on) it
 * disables preemption for the rest of the probe, whatever the tracepoint
 * code does, so a kernel that backports the change is covered too;
 * before that, __DO_TRACE() certainly did, and lockdep checks it.  The
 * cost is the preempt count's increment and decrement.  Code that relies
 * on it says so with memfrag_assert_pinned().
 */
#include <linux/lockdep.h>
#include <linux/preempt.h>
#ifdef DEFINE_LOCK_GUARD_0
#define memfrag_probe_pin_cpu()	guard(preempt_notrace)()
#else
#define memfrag_probe_pin_cpu()	lockdep_assert_preemption_disabled()
#endif
#define memfrag_assert_pinned()	lockdep_assert_preemption_disabled()

/*
 * Setting up an hrtimer (the selftests' helper module, selftests/nest/).
 *   [6.1, 6.13)  hrtimer_init(), then the callback stored in ->function
 *   [6.13, ...)  hrtimer_setup(timer, function, clock, mode), by
 *                "hrtimers: Introduce hrtimer_setup() to replace
 *                hrtimer_init()" (Nam Cao, merged for 6.13-rc1); 7.x no
 *                longer has hrtimer_init()
 */
#if MEMFRAG_KERNEL_AT_LEAST(6, 13, 0)
#define memfrag_hrtimer_setup(timer, fn, clock, mode) \
	hrtimer_setup(timer, fn, clock, mode)
#else
#define memfrag_hrtimer_setup(timer, fn, clock, mode) do {	\
	hrtimer_init(timer, clock, mode);			\
	(timer)->function = (fn);				\
} while (0)
#endif

/*
 * enum compact_result and enum compact_priority, as include/memfrag/
 * compaction.h names them with their values: unchanged in [6.1, 6.12].  A
 * kernel that renumbers them fails here instead of mislabelling rows.
 */
#define MEMFRAG_VALUE_MATCHES(constant, value, name)	((constant) == (value)) &&
static_assert(MEMFRAG_RESULTS(MEMFRAG_VALUE_MATCHES) 1,
	      "enum compact_result changed: update include/memfrag/compaction.h");
static_assert(MEMFRAG_PRIORITIES(MEMFRAG_VALUE_MATCHES) 1,
	      "enum compact_priority changed: update include/memfrag/compaction.h");
#undef MEMFRAG_VALUE_MATCHES
static_assert(MEMFRAG_RESULT_OTHER == COMPACT_SUCCESS + 1,
	      "a result follows COMPACT_SUCCESS: name it in compaction.h");
static_assert(MEMFRAG_NR_PRIOS == COMPACT_PRIO_ASYNC + 1,
	      "a priority follows COMPACT_PRIO_ASYNC: name it in compaction.h");

/*
 * MEMFRAG_CHECK_PROBE(tp, fn): fails the build unless fn has exactly the
 * prototype that the kernel's register_trace_<tp>() accepts.  The call
 * sits inside sizeof(), so it is type-checked but never evaluated and the
 * unexported __tracepoint_<tp> symbol is never referenced.  Kbuild turns
 * -Wincompatible-pointer-types into an error (see Kbuild).
 */
#define MEMFRAG_CHECK_PROBE(tp, fn) \
	static_assert(sizeof(register_trace_##tp(fn, NULL)) == sizeof(int), \
		      #fn " must match the prototype of tracepoint " #tp)

#endif /* MEMFRAG_COMPAT_H */

// SPDX-License-Identifier: GPL-2.0
/*
 * memfrag_workload - fragment memory and drive every kind of compaction
 *
 * A deterministic, memory-bounded workload for memfrag's tests and
 * benchmark: it splits free memory into order-0 holes, then makes the
 * kernel compact it manually, directly, from kcompactd and proactively,
 * and makes unmovable and reclaimable allocations fall back to other
 * migratetypes, so that the compaction and fallback tracepoints fire.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "kselftest.h"
#include "lib_proc.h"
#include "lib_workload.h"

#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE	23
#endif

#define PROG			"memfrag_workload"
#define EXIT_USAGE		2

#define KIB			1024UL
#define MIB			(1024UL * 1024UL)

#define SCALE_DEFAULT		50
#define SCALE_MAX		80
#define ROUNDS_MAX		1000

#define PROC_VM			"/proc/sys/vm/"
#define NR_HUGEPAGES		MF_NR_HUGEPAGES
#define COMPACT_MEMORY		PROC_VM "compact_memory"
#define PROACTIVENESS		MF_PROACTIVENESS
#define BOOST_FACTOR		MF_BOOST_FACTOR
#define NODE_DIR		"/sys/devices/system/node"
#define THP_DIR			"/sys/kernel/mm/transparent_hugepage"
#define THP_ENABLED		MF_THP_ENABLED
#define THP_DEFRAG		MF_THP_DEFRAG
#define THP_PMD_SIZE		THP_DIR "/hpage_pmd_size"

/*
 * Direct phase: extra hugepages that only compaction can provide, asked
 * for in steps of 16 MiB (at least one hugepage): 8 of 2 MiB, and one at a
 * time where a hugepage is a 32 MiB pageblock (16 KiB pages).
 */
#define DIRECT_EXTRA_STEPS	4
#define DIRECT_EXTRA_STEP_BYTES	(16 * MIB)
/* THP faults per THP part; each touches one byte of a fresh PMD. */
#define DIRECT_THP_FAULTS	16
#define KCOMPACTD_THP_FAULTS	48
/* Manual compactions of the rescan phase. */
#define RESCAN_COMPACTIONS	256
#define KCOMPACTD_FAULT_GAP_MS	10
#define KCOMPACTD_WAIT_MS	3000
#define PROACTIVE_WAIT_MS	2000
#define POLL_MS			50
/*
 * Extfrag phase limits.  A pipe holds what it holds by default, 16 pages
 * (F_GETPIPE_SZ says how many bytes that is): resizing it (F_SETPIPE_SZ)
 * allocates a bigger ring with kmalloc, which in memory fragmented on
 * purpose found no free block of its order: on arm64's one-zone guest a
 * 1 MiB pipe's order-2 ring, on the KASAN kernel (redzones) even a
 * 256 KiB pipe's order-1 slab, and the OOM killer took the workload.  A
 * default pipe's ring fits in an order-0 slab page.
 */
#define FILES_MIN		1024
#define FILES_MAX		16384
#define POPULATE_CHUNK		(64 * MIB)
#define MAX_ORDERS		16
#define MAX_SETTINGS		8
/* The steal phase frees one page in this many of its region. */
#define STEAL_PUNCH		3

static const char usage_text[] =
"usage: " PROG " [options] PHASE...\n"
"phases (run in the order given):\n"
"  fragment   map --scale % of MemAvailable in base pages, touch them, then\n"
"             free every other page so that free memory becomes order-0\n"
"             holes; the survivors stay mapped until exit\n"
"  manual     write 1 to /proc/sys/vm/compact_memory and to every\n"
"             /sys/devices/system/node/nodeN/compact\n"
"  direct     squeeze, grow nr_hugepages in 4 steps of 16 MiB (at least\n"
"             one hugepage; direct compaction), then 16 THP faults with THP\n"
"             enabled=always and defrag=always\n"
"  kcompactd  squeeze, then 48 THP faults with defrag=defer (they wake\n"
"             kswapd and kcompactd); wait up to 3 s for kcompactd to run\n"
"  proactive  squeeze, then compaction_proactiveness 100 for 2 s\n"
"  extfrag    squeeze, then fill pipes (unmovable), create files\n"
"             (reclaimable) and map anonymous memory (movable); free them\n"
"  steal      map a region of its own and free one page in three of it,\n"
"             squeeze, then fill pipes with what the unmovable free lists\n"
"             hold and half of what is left: unmovable fallbacks that\n"
"             steal pages from movable pageblocks instead of claiming them\n"
"             (watermark_boost_factor is 0 meanwhile)\n"
"  rescan     write 1 to /proc/sys/vm/compact_memory 256 times; once\n"
"             memory is compact each one rescans every zone (the\n"
"             benchmark's dense, fixed source of scanner events)\n"
"  all        fragment manual direct kcompactd proactive extfrag\n"
"             (not rescan, which is the benchmark's)\n"
"squeeze: free every other surviving page of the fragment region (mapping\n"
"  one first if there is none) until there are enough holes, then absorb\n"
"  the free hugepage-sized blocks into the hugetlb pool so that only holes\n"
"  stay free; the pool is released after the last consecutive phase that\n"
"  squeezes.  MemFree never goes below the high watermarks plus 1/64 of\n"
"  MemTotal.  compaction_proactiveness is 0 until exit, except in\n"
"  'proactive'; every setting is restored at exit.\n"
"options:\n"
"  -s, --scale PERCENT   fraction of MemAvailable to use (default 50, max 80)\n"
"  -n, --rounds N        repeat the phase list N times (default 1)\n"
"  -c, --comm NAME       name this task NAME (prctl PR_SET_NAME, any bytes;\n"
"                        the kernel keeps the first 15) before any phase\n"
"  -v, --verbose         print what each phase does\n"
"  -h, --help            print this help and exit\n"
"exit status: 0 success, 1 error, 2 usage error, 4 skipped (not root)\n";

static const struct option long_options[] = {
	{ "scale",   required_argument, NULL, 's' },
	{ "rounds",  required_argument, NULL, 'n' },
	{ "comm",    required_argument, NULL, 'c' },	/* not a column name */
	{ "verbose", no_argument,       NULL, 'v' },
	{ "help",    no_argument,       NULL, 'h' },
	{ NULL,      0,                 NULL, 0 }
};

static int scale = SCALE_DEFAULT;
static int verbose;
static sig_atomic_t stop_requested;

/* Set by SIGINT/SIGTERM/SIGHUP: the phases stop early, then clean up. */
static int stopping(void)
{
	return __atomic_load_n(&stop_requested, __ATOMIC_RELAXED);
}

static size_t page_size;
static unsigned long mem_total;		/* bytes */
static unsigned long mem_avail0;	/* MemAvailable at start, bytes */
static unsigned long hp_size;		/* hugetlb page size, 0 if none */
static int hp_order;			/* order of hp_size (or of PMD) */
static unsigned long pmd_size;		/* THP size, 0 if no THP */
static bool keep_pool;			/* the next phase squeezes too */
static unsigned long pool_short;	/* free blocks the pool cannot get */
static unsigned long pipe_size;		/* bytes a default pipe holds */
static unsigned long pageblock_pages;	/* 0 if /proc/pagetypeinfo says not */

/* The fragmented region and which of its pages are still mapped. */
static struct {
	char *base;
	size_t npages;
	size_t alive;
	unsigned long *map;
} frag;

#define LONG_BITS	(8 * sizeof(long))

static bool frag_alive(size_t i)
{
	return frag.map[i / LONG_BITS] & (1UL << (i % LONG_BITS));
}

/* A phase's one-line summary. */
struct sbuf {
	char buf[768];
	size_t len;
};

static void sb_add(struct sbuf *sb, const char *fmt, ...)
	__printf(2, 3);

static void sb_add(struct sbuf *sb, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (sb->len >= sizeof(sb->buf) - 1)
		return;
	if (sb->len) {
		n = snprintf(sb->buf + sb->len, sizeof(sb->buf) - sb->len,
			     "; ");
		sb->len += n;
		if (sb->len >= sizeof(sb->buf))
			sb->len = sizeof(sb->buf) - 1;
	}
	va_start(ap, fmt);
	n = vsnprintf(sb->buf + sb->len, sizeof(sb->buf) - sb->len, fmt, ap);
	va_end(ap);
	if (n > 0)
		sb->len += n;
	if (sb->len >= sizeof(sb->buf))
		sb->len = sizeof(sb->buf) - 1;
}

static void vmsg(const char *fmt, ...) __printf(1, 2);

static void vmsg(const char *fmt, ...)
{
	va_list ap;

	if (!verbose)
		return;
	va_start(ap, fmt);
	fputs("# ", stdout);
	vprintf(fmt, ap);
	fputc('\n', stdout);
	va_end(ap);
	fflush(stdout);
}

static void warnmsg(const char *fmt, ...)
	__printf(1, 2);

static void warnmsg(const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	va_start(ap, fmt);
	fputs(PROG ": ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

static void sleep_ms(long ms)
{
	struct timespec ts = {
		.tv_sec = ms / 1000,
		.tv_nsec = (ms % 1000) * 1000000L,
	};

	while (nanosleep(&ts, &ts) && errno == EINTR && !stopping())
		;
}

static unsigned long mib(unsigned long bytes)
{
	return bytes / MIB;
}

/* ---------------------------------------------------------------- files */

static bool exists(const char *path)
{
	return access(path, F_OK) == 0;
}

/* The /proc/vmstat counters a phase reports the change of. */
static const char *const vmstat_keys[] = {
	"compact_stall", "compact_success", "compact_fail",
	"compact_daemon_wake", "compact_migrate_scanned",
	"compact_free_scanned", "compact_isolated", "pgmigrate_success",
	"thp_fault_alloc", "thp_fault_fallback",
};

#define NR_VMSTAT_KEYS	ARRAY_SIZE(vmstat_keys)

static void vmstat_snapshot(long long *v)
{
	size_t i;

	for (i = 0; i < NR_VMSTAT_KEYS; i++)
		v[i] = read_vmstat(vmstat_keys[i]);
}

static void vmstat_report(const char *phase, const long long *old)
{
	char buf[512];
	size_t i, len = 0;
	long long v;

	if (!verbose)
		return;
	buf[0] = '\0';
	for (i = 0; i < NR_VMSTAT_KEYS; i++) {
		v = read_vmstat(vmstat_keys[i]);
		if (v == old[i] || len >= sizeof(buf) - 1)
			continue;
		len += snprintf(buf + len, sizeof(buf) - len, " %s+%lld",
				vmstat_keys[i], v - old[i]);
	}
	vmsg("%s: vmstat:%s", phase, len ? buf : " no change");
}

/*
 * Free memory from /proc/buddyinfo: hugepage-sized blocks (order >= hp_order,
 * counted in hugepages) and bytes in smaller blocks.
 */
/* Adds one buddyinfo line's counts from p (order 0 on) to the totals. */
static void buddy_add(const char *p, unsigned long *large,
		      unsigned long *small)
{
	unsigned long n;
	char *end;
	int order;

	for (order = 0; order < MAX_ORDERS; order++, p = end) {
		n = strtoul(p, &end, 10);
		if (end == p)
			break;
		if (order >= hp_order)
			*large += n << (order - hp_order);
		else
			*small += (n << order) * page_size;
	}
}

static int buddy_free(unsigned long *large, unsigned long *small)
{
	char line[512], *p;
	FILE *f;

	*large = 0;
	*small = 0;
	f = fopen("/proc/buddyinfo", "re");
	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f)) {
		p = strstr(line, "zone");	/* not a column name */
		if (!p)
			continue;
		p += 4;
		while (*p == ' ')
			p++;
		while (*p && *p != ' ')
			p++;
		buddy_add(p, large, small);
	}
	fclose(f);
	return 0;
}

/*
 * Bytes free on the unmovable and reclaimable free lists of the zones an
 * unmovable allocation may use (all but Movable), from /proc/pagetypeinfo;
 * 0 if it cannot be read.  An unmovable allocation falls back to another
 * migratetype only once these are used up.
 */
static unsigned long unmovable_free(void)
{
	char line[512], zone[16], type[16], *p, *end;
	unsigned long bytes = 0, n;
	int nid, used, order;
	FILE *f;

	f = fopen("/proc/pagetypeinfo", "re");
	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "Node %d, zone %15[^,], type %15s %n", &nid,
			   zone, type, &used) != 3 || !strcmp(zone, "Movable") ||
		    (strcmp(type, "Unmovable") && strcmp(type, "Reclaimable")))
			continue;
		p = line + used;
		for (order = 0; order < MAX_ORDERS; order++, p = end) {
			n = strtoul(p + (*p == '>'), &end, 10);
			if (end == p + (*p == '>'))
				break;
			bytes += (n << order) * page_size;
		}
	}
	fclose(f);
	return bytes;
}

/*
 * Memory: the fragmented region is --scale percent of MemAvailable, and
 * nothing the workload allocates takes MemFree below a floor computed from
 * /proc/zoneinfo: the high watermarks and lowmem reserves plus 1/64 of
 * MemTotal (plus the largest watermark boosts around the unmovable
 * allocations of 'extfrag').  Work is fixed counts (faults, steps, waits)
 * or sized from /proc/meminfo, /proc/buddyinfo and /proc/zoneinfo; no phase
 * runs "for N seconds" except the fixed waits of kcompactd and proactive.
 *
 * The free memory the workload never goes below: per zone the high
 * watermark plus the lowmem reserve, plus 1/64 of MemTotal (at least
 * 16 MiB).  With 'boosted', also the largest watermark boost: fallbacks of
 * unmovable allocations boost the watermarks, and with nothing reclaimable a
 * boosted min watermark above MemFree means OOM.  The kernel lets a boost
 * grow to watermark_boost_factor of the high watermark, and at least to a
 * pageblock (32 MiB with 16 KiB pages).
 */
static unsigned long floor_bytes_of(bool boosted)
{
	static struct zone_desc zones[MAX_ZONES];
	unsigned long pages = 0, high, boost;
	long long factor = read_num(BOOST_FACTOR);
	unsigned long slack = mem_total / 64;
	int i, n;

	if (factor < 0 || !boosted)
		factor = 0;
	if (slack < 16 * MIB)
		slack = 16 * MIB;
	n = read_zoneinfo(zones, MAX_ZONES);
	if (n < 0)
		return mem_total / 8 + slack;
	for (i = 0; i < n; i++) {
		/* zoneinfo's high watermark includes the boost. */
		high = zones[i].high > zones[i].boost ?
		       zones[i].high - zones[i].boost : 0;
		boost = high * factor / 10000;
		if (boost && boost < pageblock_pages)
			boost = pageblock_pages;
		pages += high + boost + zones[i].protection;
	}
	return pages * page_size + slack;
}

static unsigned long floor_bytes(void)
{
	return floor_bytes_of(false);
}

/* ------------------------------------------------------------- settings */

/*
 * Every sysctl/sysfs value the workload changes, with its original value,
 * restored by settings_restore_all() at exit (also after a signal).
 */
static struct setting {
	char path[128];
	char orig[64];
	bool active;
} settings[MAX_SETTINGS];

static struct setting *setting_find(const char *path)
{
	int i;

	for (i = 0; i < MAX_SETTINGS; i++)
		if (settings[i].active && !strcmp(settings[i].path, path))
			return &settings[i];
	return NULL;
}

/* Remembers a setting's original value (once); 0 or -errno. */
static int setting_save(const char *path)
{
	struct setting *s;
	int i, err;

	if (setting_find(path))
		return 0;
	for (i = 0; i < MAX_SETTINGS; i++)
		if (!settings[i].active)
			break;
	if (i == MAX_SETTINGS)
		return -ENOSPC;
	s = &settings[i];
	snprintf(s->path, sizeof(s->path), "%s", path);
	err = setting_value(path, s->orig, sizeof(s->orig) - 1);
	if (err)
		return err;
	strcat(s->orig, "\n");
	s->active = 1;
	return 0;
}

/* Saves the original value, then writes a new one; 0 or -errno. */
static int setting_set(const char *path, const char *val)
{
	int err = setting_save(path);

	if (err)
		return err;
	return write_file(path, val);
}

/* Writes back the original value. */
static int setting_restore(struct setting *s)
{
	int err;

	if (!s || !s->active)
		return 0;
	err = write_file(s->path, s->orig);
	s->active = 0;
	return err;
}

static void settings_restore_all(void)
{
	int i;

	/* The hugetlb pool last: restoring THP first stops new THP faults. */
	for (i = MAX_SETTINGS - 1; i >= 0; i--)
		if (settings[i].active && strcmp(settings[i].path, NR_HUGEPAGES))
			setting_restore(&settings[i]);
	for (i = 0; i < MAX_SETTINGS; i++)
		setting_restore(&settings[i]);
}

/*
 * Every sysctl and sysfs value it changes is restored and every hugepage it
 * reserved released at exit, also after SIGINT, SIGTERM or SIGHUP.  While
 * it runs, compaction_proactiveness is 0 (except in 'proactive'), so that
 * background proactive compaction does not undo the fragmentation at times
 * of its own choosing.
 */
static void on_signal(int sig)
{
	__atomic_store_n(&stop_requested, sig, __ATOMIC_RELAXED);
}

static void pool_release(void);

/* ------------------------------------------------------------ the region */

static void frag_release(void)
{
	if (frag.base)
		munmap(frag.base, frag.npages * page_size);
	free(frag.map);
	memset(&frag, 0, sizeof(frag));
}

static int populate(char *p, size_t len)
{
	size_t off, n, i;

	for (off = 0; off < len && !stopping(); off += n) {
		n = len - off < POPULATE_CHUNK ? len - off : POPULATE_CHUNK;
		if (!madvise(p + off, n, MADV_POPULATE_WRITE))
			continue;
		if (errno != EINVAL)
			return -errno;
		/* Before 5.14: touch every page. */
		for (i = 0; i < n; i += page_size)
			p[off + i] = 1;
	}
	return stopping() ? -EINTR : 0;
}

/*
 * Frees one of every 'every' surviving pages of the region (every other
 * one for 2); returns the pages freed.  Which one of each group moves on
 * every 32 pages: the free scanner of compaction samples every 32nd page
 * of a pageblock once a block yields nothing, and with holes at one
 * position only it could miss them all.
 */
static size_t frag_punch(unsigned int every)
{
	size_t i, c = 0, freed = 0;

	if (!frag.base || frag.alive < every)
		return 0;
	for (i = 0; i < frag.npages && !stopping(); i++) {
		if (!frag_alive(i))
			continue;
		if ((c + (c >> 5)) % every == every - 1 &&
		    !madvise(frag.base + i * page_size, page_size,
			     MADV_DONTNEED)) {
			frag.map[i / LONG_BITS] &= ~(1UL << (i % LONG_BITS));
			freed++;
		}
		c++;
	}
	frag.alive -= freed;
	return freed;
}

/* Verbose: the physical span of the surviving pages (from pagemap). */
static void frag_show_span(const char *phase)
{
	unsigned long long e, lo = ~0ULL, hi = 0, pfn;
	size_t i, n = 0;
	int fd;

	if (!verbose || !frag.base)
		return;
	fd = open("/proc/self/pagemap", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return;
	for (i = 0; i < frag.npages; i += 16) {
		if (!frag_alive(i))
			continue;
		if (pread(fd, &e, sizeof(e),
			  ((unsigned long)frag.base / page_size + i) *
			  sizeof(e)) != sizeof(e))
			break;
		if (!(e >> 63))
			continue;
		pfn = e & ((1ULL << 55) - 1);
		lo = pfn < lo ? pfn : lo;
		hi = pfn > hi ? pfn : hi;
		n++;
	}
	close(fd);
	if (n)
		vmsg("%s: surviving pages at pfn %#llx-%#llx (%zu sampled)",
		     phase, lo, hi, n);
}

/*
 * Maps scale% of MemAvailable in base pages (no THP), touches every page,
 * then frees one in 'every' (every other one for 2).  0 or -errno.
 */
static int frag_build(struct sbuf *sb, unsigned int every)
{
	unsigned long avail, bytes, floor;
	size_t freed;
	int err;

	frag_release();
	pool_release();
	avail = read_meminfo("MemAvailable");
	floor = floor_bytes();
	bytes = avail / 100 * scale;
	if (avail < floor + bytes)
		bytes = avail > floor ? avail - floor : 0;
	bytes &= ~(unsigned long)(2 * page_size - 1);
	if (bytes < 2 * page_size) {
		sb_add(sb, "skipped: MemAvailable %lu MiB is too small",
		       mib(avail));
		return 0;
	}
	frag.base = mmap(NULL, bytes, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (frag.base == MAP_FAILED) {
		err = -errno;
		frag.base = NULL;
		return err;
	}
	frag.npages = bytes / page_size;
	frag.alive = frag.npages;
	frag.map = malloc((frag.npages + LONG_BITS - 1) / LONG_BITS *
			  sizeof(long));
	if (!frag.map) {
		frag_release();
		return -ENOMEM;
	}
	memset(frag.map, 0xff, (frag.npages + LONG_BITS - 1) / LONG_BITS *
	       sizeof(long));
	/* Order-0 pages only, and khugepaged must not collapse them. */
	if (madvise(frag.base, bytes, MADV_NOHUGEPAGE) && errno != EINVAL)
		warnmsg("warning: MADV_NOHUGEPAGE: %s", strerror(errno));
	vmsg("fragment: touching %lu MiB (%d%% of MemAvailable %lu MiB)",
	     mib(bytes), scale, mib(avail));
	err = populate(frag.base, bytes);
	if (err) {
		frag_release();
		return err;
	}
	freed = frag_punch(every);
	frag_show_span("fragment");
	if (every == 2)
		sb_add(sb, "%zu pages touched, %zu freed (every other page), %zu kept (%lu MiB)",
		       frag.npages, freed, frag.alive,
		       mib(frag.alive * page_size));
	else
		sb_add(sb, "%zu pages touched, %zu freed (one in %u), %zu kept (%lu MiB)",
		       frag.npages, freed, every, frag.alive,
		       mib(frag.alive * page_size));
	return 0;
}

/*
 * Makes sure free memory has enough small holes for the phase: builds the
 * region if there is none, else frees every other surviving page (the
 * survivors may have been compacted into dense ranges) until the free
 * memory in blocks smaller than a hugepage reaches 'want' bytes.
 */
static int ensure_fragmented(const char *phase, unsigned long want)
{
	unsigned long large, small;
	struct sbuf tmp = { .len = 0 };
	size_t freed;
	int err, tries;

	if (!frag.base) {
		err = frag_build(&tmp, 2);
		if (err)
			return err;
		vmsg("%s: fragmented first: %s", phase, tmp.buf);
		return 0;
	}
	frag_show_span(phase);
	for (tries = 0; tries < 3; tries++) {
		buddy_free(&large, &small);
		if (small >= want || frag.alive < 2)
			break;
		freed = frag_punch(2);
		vmsg("%s: %lu MiB in small free blocks < %lu MiB: freed %zu more pages of the region (%zu left)",
		     phase, mib(small), mib(want), freed, frag.alive);
	}
	return 0;
}

/* ------------------------------------------------------- hugetlb pool */

static long pool_get(void)
{
	return read_num(NR_HUGEPAGES);
}

/* Asks for n pool pages; returns how many the pool has, or -errno. */
static long pool_set(long n)
{
	int err = setting_save(NR_HUGEPAGES);

	if (err)
		return err;
	err = write_num(NR_HUGEPAGES, n);
	if (err)
		return err;
	return pool_get();
}

static void pool_release(void)
{
	struct setting *s = setting_find(NR_HUGEPAGES);
	long long t0 = now_ms();
	long n = pool_get();

	if (!s)
		return;
	setting_restore(s);
	pool_short = 0;
	vmsg("pool: released %ld hugepages (%lld ms)", n - pool_get(),
	     now_ms() - t0);
}

/* Releases at least bytes of the pool (not below its size at start). */
static void pool_give_back(unsigned long bytes)
{
	struct setting *s = setting_find(NR_HUGEPAGES);
	long cur, n;

	if (!s || !hp_size)
		return;
	cur = pool_get();
	n = (bytes + hp_size - 1) / hp_size;
	if (cur - n < atol(s->orig))
		n = cur - atol(s->orig);
	if (n <= 0)
		return;
	vmsg("pool: %ld -> %ld to give back %lu MiB", cur, cur - n, mib(bytes));
	pool_set(cur - n);
}

/* Releases pool pages (none of the original ones) until MemFree >= want. */
static void pool_shrink(unsigned long want)
{
	unsigned long freemem = read_meminfo("MemFree");

	if (freemem >= want)
		return;
	vmsg("pool: shrinking to leave %lu MiB free", mib(want));
	pool_give_back(want - freemem);
}

/* Room for n more hugepages above the floor? */
static bool pool_room(long n)
{
	return read_meminfo("MemFree") >= floor_bytes() + n * hp_size;
}

/*
 * Compaction only happens when no free block of the requested order is
 * left, so the phases that want it first "squeeze": they make sure there
 * are enough order-0 holes (freeing every other surviving page of the
 * fragmented region), then absorb exactly the free hugepage-sized blocks
 * into the hugetlb pool (hugetlb allocations never invoke the OOM killer),
 * so that only holes stay free.  The pool is kept while consecutive phases
 * squeeze (refilling it would zero all that memory again) and released
 * after the last one.
 *
 * Absorbs the free hugepage-sized blocks into the hugetlb pool, so that
 * what stays free is the holes; never takes MemFree below the floor.
 * Returns the pages added, or -errno; *why says why nothing was done.
 */
static long pool_squeeze(const char **why)
{
	unsigned long large, small, freemem, cap, floor;
	long long t0;
	long base, got;

	*why = NULL;
	if (!hp_size) {
		*why = "no hugetlb";
		return 0;
	}
	base = pool_get();
	if (base < 0) {
		*why = "cannot read nr_hugepages";
		return 0;
	}
	buddy_free(&large, &small);
	/* Blocks a previous squeeze could not get (lowmem reserves). */
	large = large > pool_short ? large - pool_short : 0;
	freemem = read_meminfo("MemFree");
	floor = floor_bytes();
	cap = freemem > floor ? (freemem - floor) / hp_size : 0;
	if (large > cap)
		large = cap;
	if (!large)
		return 0;
	t0 = now_ms();
	got = pool_set(base + large);
	if (got < 0)
		return got;
	vmsg("squeeze: %lu free hugepage-sized blocks, pool %ld -> %ld (%lld ms), %lu MiB left free (%lu MiB in small blocks)",
	     large, base, got, now_ms() - t0, mib(read_meminfo("MemFree")),
	     mib(small));
	if (got - base < (long)large)
		pool_short += large - (got - base);
	return got - base;
}

/* ---------------------------------------------------------------- THP */

static const char *thp_why;

static bool thp_available(void)
{
	if (!pmd_size) {
		thp_why = "no transparent hugepages";
		return false;
	}
	if (access(THP_ENABLED, W_OK) || access(THP_DEFRAG, W_OK)) {
		thp_why = "THP settings not writable";
		return false;
	}
	return true;
}

/*
 * Faults up to n THPs (one byte each) on a fresh mapping with enabled=always
 * and the given defrag mode, gap_ms between faults, while a THP still fits
 * above the floor.  With 'absorb', whenever a fault got a THP (compaction
 * made a free block), squeezes again so that the next fault finds none.
 * Returns the faults made, or -errno.
 */
static int thp_faults(const char *defrag, int n, long gap_ms, bool absorb,
		      long *thps, long *fallbacks)
{
	long long a0, f0, a;
	const char *why;
	unsigned long floor = floor_bytes();
	size_t len;
	char *map, *p;
	int i = 0, err;

	*thps = 0;
	*fallbacks = 0;
	err = setting_set(THP_ENABLED, "always\n");
	if (!err)
		err = setting_set(THP_DEFRAG, defrag);
	if (err)
		goto out;
	len = (size_t)n * pmd_size;
	map = mmap(NULL, len + pmd_size, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (map == MAP_FAILED) {
		err = -errno;
		goto out;
	}
	p = (char *)(((unsigned long)map + pmd_size - 1) & ~(pmd_size - 1));
	a0 = read_vmstat("thp_fault_alloc");
	f0 = read_vmstat("thp_fault_fallback");
	a = a0;
	for (i = 0; i < n && !stopping(); i++) {
		if (read_meminfo("MemFree") < floor + pmd_size)
			break;
		p[(size_t)i * pmd_size] = 1;
		if (gap_ms)
			sleep_ms(gap_ms);
		if (absorb && read_vmstat("thp_fault_alloc") != a) {
			a = read_vmstat("thp_fault_alloc");
			if (pool_squeeze(&why) < 0)
				break;
		}
	}
	*thps = read_vmstat("thp_fault_alloc") - a0;
	*fallbacks = read_vmstat("thp_fault_fallback") - f0;
	munmap(map, len + pmd_size);
out:
	setting_restore(setting_find(THP_DEFRAG));
	setting_restore(setting_find(THP_ENABLED));
	return err ? err : i;
}

/* -------------------------------------------------------------- phases */

static int phase_fragment(struct sbuf *sb)
{
	return frag_build(sb, 2);
}

static int phase_manual(struct sbuf *sb)
{
	char path[128];
	int node, nodes = 0, err;

	if (!exists(COMPACT_MEMORY)) {
		sb_add(sb, "compact_memory skipped: no %s (CONFIG_COMPACTION=n?)",
		       COMPACT_MEMORY);
	} else {
		vmsg("manual: echo 1 > %s", COMPACT_MEMORY);
		err = write_file(COMPACT_MEMORY, "1\n");
		if (err)
			return err;
		sb_add(sb, "compact_memory written");
	}
	for (node = 0; node < 4096 && !stopping(); node++) {
		snprintf(path, sizeof(path), NODE_DIR "/node%d", node);
		if (!exists(path))
			continue;
		snprintf(path, sizeof(path), NODE_DIR "/node%d/compact", node);
		if (!exists(path))
			continue;
		vmsg("manual: echo 1 > %s", path);
		err = write_file(path, "1\n");
		if (err)
			return err;
		nodes++;
	}
	if (nodes)
		sb_add(sb, "%d node(s) compacted via nodeN/compact", nodes);
	else
		sb_add(sb, "per-node compact skipped: no %s/nodeN/compact",
		       NODE_DIR);
	return 0;
}

/* Holes a phase wants before squeezing: the floor, plus room to work. */
static unsigned long want_holes(unsigned long extra)
{
	return floor_bytes() + extra;
}

/*
 * Ends a phase that squeezed: keeps the pool when the next phase squeezes
 * too (refilling it would zero it all again), else releases it.
 */
static void pool_done(struct sbuf *sb)
{
	long n;

	if (!setting_find(NR_HUGEPAGES))
		return;
	n = pool_get() - atol(setting_find(NR_HUGEPAGES)->orig);
	if (keep_pool) {
		sb_add(sb, "%ld hugepages kept for the next phase", n);
		return;
	}
	pool_release();
	sb_add(sb, "%ld hugepages released", n);
}

/* Squeezes and says so in the summary; -errno on a real error. */
static int squeeze_report(struct sbuf *sb)
{
	const char *why;
	long n = pool_squeeze(&why);

	if (n < 0)
		return n;
	if (why)
		sb_add(sb, "squeeze skipped: %s", why);
	else
		sb_add(sb, "%ld free hugepage-sized blocks squeezed into the pool",
		       n);
	return 0;
}

/* Hugepages per step of the direct phase: 16 MiB, at least one. */
static long direct_step(void)
{
	if (!hp_size || hp_size >= DIRECT_EXTRA_STEP_BYTES)
		return 1;
	return DIRECT_EXTRA_STEP_BYTES / hp_size;
}

static int phase_direct(struct sbuf *sb)
{
	long squeezed, have, got, thps, fallbacks, base, nstep = direct_step();
	long long stalls;
	const char *why;
	int step, fails = 0, n, err;

	err = ensure_fragmented("direct",	/* a phase, not a section name */
				want_holes(DIRECT_EXTRA_STEPS * nstep * hp_size));
	if (err)
		return err;
	squeezed = pool_squeeze(&why);
	if (squeezed < 0)
		return squeezed;
	if (why) {
		warnmsg("direct: hugetlb part skipped: %s", why);
		sb_add(sb, "hugetlb skipped: %s", why);
	} else {
		have = pool_get();
		base = have;
		stalls = read_vmstat("compact_stall");
		for (step = 0; step < DIRECT_EXTRA_STEPS && !stopping();
		     step++) {
			if (!pool_room(nstep)) {
				vmsg("direct: MemFree %lu MiB: stopping at the floor",
				     mib(read_meminfo("MemFree")));
				break;
			}
			got = pool_set(have + nstep);
			if (got < 0)
				return got;
			vmsg("direct: nr_hugepages %ld -> %ld (asked %ld)",
			     have, got, have + nstep);
			if (got <= have && ++fails >= 2)
				break;
			have = got > have ? got : have;
		}
		sb_add(sb, "hugetlb: %ld free hugepage-sized blocks squeezed into the pool, then %d steps of +%ld obtained %ld more (%lld direct compaction stalls)",
		       squeezed, step, nstep, have - base,
		       read_vmstat("compact_stall") - stalls);
	}
	if (!thp_available()) {
		warnmsg("direct: THP part skipped: %s", thp_why);
		sb_add(sb, "THP skipped: %s", thp_why);
	} else {
		n = thp_faults("always\n", DIRECT_THP_FAULTS, 0, false, &thps,
			       &fallbacks);
		if (n < 0)
			return n;
		sb_add(sb, "THP defrag=always: %d faults, %ld THPs, %ld fallbacks",
		       n, thps, fallbacks);
	}
	pool_done(sb);
	return 0;
}

static int phase_kcompactd(struct sbuf *sb)
{
	long long wakes0, wakes;
	long thps, fallbacks;
	long long t0;
	int n, err;

	err = ensure_fragmented("kcompactd", want_holes(32 * MIB));
	if (err)
		return err;
	wakes0 = read_vmstat("compact_daemon_wake");
	err = squeeze_report(sb);
	if (err)
		return err;
	if (!thp_available()) {
		warnmsg("kcompactd: THP part skipped: %s", thp_why);
		sb_add(sb, "THP skipped: %s", thp_why);
	} else {
		n = thp_faults("defer\n", KCOMPACTD_THP_FAULTS,
			       KCOMPACTD_FAULT_GAP_MS, true, &thps, &fallbacks);
		if (n < 0)
			return n;
		sb_add(sb, "THP defrag=defer: %d faults, %ld THPs, %ld fallbacks",
		       n, thps, fallbacks);
	}
	t0 = now_ms();
	while ((wakes = read_vmstat("compact_daemon_wake")) == wakes0 &&
	       now_ms() - t0 < KCOMPACTD_WAIT_MS && !stopping())
		sleep_ms(POLL_MS);
	sb_add(sb, "kcompactd woke %lld time(s) (waited %lld ms)",
	       wakes - wakes0, now_ms() - t0);
	if (wakes == wakes0)
		warnmsg("kcompactd: kcompactd did not run within %d ms",
			KCOMPACTD_WAIT_MS);
	pool_done(sb);
	return 0;
}

static int phase_proactive(struct sbuf *sb)
{
	long long scanned0;
	char old[64];
	int err;

	if (!exists(PROACTIVENESS)) {
		sb_add(sb, "skipped: no %s (kernel < 5.9?)", PROACTIVENESS);
		return 0;
	}
	err = ensure_fragmented("proactive", want_holes(32 * MIB));
	if (err)
		return err;
	err = squeeze_report(sb);
	if (err)
		return err;
	err = setting_value(PROACTIVENESS, old, sizeof(old) - 1);
	if (err)
		return err;
	scanned0 = read_vmstat("compact_migrate_scanned");
	vmsg("proactive: compaction_proactiveness %s -> 100 for %d ms",
	     old, PROACTIVE_WAIT_MS);
	err = setting_set(PROACTIVENESS, "100\n");
	if (err)
		return err;
	sleep_ms(PROACTIVE_WAIT_MS);
	strcat(old, "\n");
	err = write_file(PROACTIVENESS, old);
	if (err)
		return err;
	old[strcspn(old, "\n")] = '\0';
	sb_add(sb, "compaction_proactiveness %s -> 100 for %d ms, restored; %lld pages scanned for migration",
	       old, PROACTIVE_WAIT_MS,
	       read_vmstat("compact_migrate_scanned") - scanned0);
	pool_done(sb);
	return 0;
}

/* Temporary directory for the extfrag phase's files. */
static int make_tmpdir(char *dir, size_t size)
{
	static const char *const bases[] = { "/dev/shm", "/tmp", "." };
	size_t i;

	for (i = 0; i < ARRAY_SIZE(bases); i++) {
		if (access(bases[i], W_OK))
			continue;
		snprintf(dir, size, "%s/" PROG ".XXXXXX", bases[i]);
		if (mkdtemp(dir))
			return 0;
	}
	return -errno;
}

/* Pipes full of whole pages: unmovable memory the workload can free. */
struct pipes {
	int (*fd)[2];
	long opened;
	unsigned long pages;
};

/*
 * Opens n pipes and fills each with whole pages, pipe_size bytes; 0 or
 * -errno.
 */
static int pipes_fill(struct pipes *p, long n)
{
	struct rlimit rl;
	char *page;
	ssize_t w;

	memset(p, 0, sizeof(*p));
	if (!n)
		return 0;
	p->fd = calloc(n, sizeof(*p->fd));
	page = malloc(page_size);
	if (!p->fd || !page) {
		free(page);
		return -ENOMEM;
	}
	if (!getrlimit(RLIMIT_NOFILE, &rl) && rl.rlim_cur < (rlim_t)(2 * n + 64)) {
		rl.rlim_cur = 2 * n + 64;
		if (rl.rlim_max < rl.rlim_cur)
			rl.rlim_max = rl.rlim_cur;
		if (setrlimit(RLIMIT_NOFILE, &rl))
			warnmsg("warning: RLIMIT_NOFILE: %s", strerror(errno));
	}
	memset(page, 0x5a, page_size);
	for (; p->opened < n && !stopping(); p->opened++) {
		if (pipe2(p->fd[p->opened], O_NONBLOCK | O_CLOEXEC)) {
			w = -errno;
			warnmsg("pipe: %s", strerror(errno));
			free(page);
			return w;
		}
		/* One page per write: each fills one buffer of the pipe. */
		for (;;) {
			w = write(p->fd[p->opened][1], page, page_size);
			if (w <= 0)
				break;
			p->pages++;
		}
	}
	free(page);
	return 0;
}

static void pipes_close(struct pipes *p)
{
	long i;

	for (i = 0; i < p->opened; i++) {
		close(p->fd[i][0]);
		close(p->fd[i][1]);
	}
	free(p->fd);
	memset(p, 0, sizeof(*p));
}

/*
 * Maps and touches bytes of anonymous base pages (movable) at *anon
 * (MAP_FAILED if none); 0 or -errno, 0 when interrupted.
 */
static int anon_fill(char **anon, unsigned long bytes)
{
	int err;

	*anon = MAP_FAILED;
	if (!bytes)
		return 0;
	*anon = mmap(NULL, bytes, PROT_READ | PROT_WRITE,
		     MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (*anon == MAP_FAILED)
		return -errno;
	madvise(*anon, bytes, MADV_NOHUGEPAGE);
	err = populate(*anon, bytes);
	return err == -EINTR ? 0 : err;
}

static int phase_extfrag(struct sbuf *sb)
{
	unsigned long bytes, freemem, anon_bytes, free_unmovable, pipe_bytes;
	char dir[256], name[320];
	long npipes, nfiles, f, made = 0;
	unsigned long floor;
	struct pipes pipes = { 0 };
	char *anon = MAP_FAILED;
	bool have_dir = false;
	int fd, err = 0;

	err = ensure_fragmented("extfrag",	/* a phase, not a section name */
				want_holes(32 * MIB));
	if (err)
		return err;
	err = squeeze_report(sb);
	if (err)
		return err;

	/*
	 * An eighth of the budget in pipes, half that in anonymous memory,
	 * above a floor that allows for fully boosted watermarks: make room
	 * by shrinking the pool if needed.
	 */
	bytes = mem_avail0 / 100 * scale / 8;
	if (bytes < 16 * MIB)
		bytes = 16 * MIB;
	floor = floor_bytes_of(true);
	/*
	 * The pipes fall back only once the unmovable and reclaimable free
	 * lists are used up, and after the phases before this one those
	 * can hold more than the budget (an arm64 6.12 guest's did, and
	 * nothing fell back): the pipes take what they hold on top.
	 */
	free_unmovable = unmovable_free();
	pool_shrink(floor + 2 * bytes + free_unmovable);
	freemem = read_meminfo("MemFree");
	if (freemem < floor + 8 * MIB)
		bytes = 0;
	else if (bytes > (freemem - floor) / 2)
		bytes = (freemem - floor) / 2;
	pipe_bytes = bytes ? bytes + free_unmovable : 0;
	/* Room for the anonymous half of the budget and the files. */
	if (pipe_bytes && pipe_bytes + bytes / 2 + 8 * MIB > freemem - floor)
		pipe_bytes = freemem - floor > bytes / 2 + 8 * MIB ?
			     freemem - floor - bytes / 2 - 8 * MIB : 0;
	npipes = pipe_bytes / pipe_size;
	nfiles = bytes / (8 * KIB);
	if (nfiles < FILES_MIN)
		nfiles = FILES_MIN;
	if (nfiles > FILES_MAX)
		nfiles = FILES_MAX;
	anon_bytes = bytes / 2;
	vmsg("extfrag: %ld pipes of %lu KiB (%lu MiB were free on unmovable lists), %ld files, %lu MiB anonymous",
	     npipes, pipe_size / KIB, mib(free_unmovable), nfiles,
	     mib(anon_bytes));

	/*
	 * Reclaimable: dentries (and inodes) of many small files, first:
	 * their slabs can need order-1 blocks (KASAN's larger objects do),
	 * which are still there before the pipes fill the holes.  After
	 * them, on a KASAN kernel, the OOM killer ended the workload.
	 */
	err = make_tmpdir(dir, sizeof(dir));
	if (err) {
		warnmsg("extfrag: files skipped: no writable directory");
		nfiles = 0;
		err = 0;
	} else {
		have_dir = true;
	}
	for (f = 0; f < nfiles && !stopping(); f++) {
		snprintf(name, sizeof(name), "%s/f%06ld", dir, f);
		fd = open(name, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0600);
		if (fd < 0) {
			warnmsg("extfrag: %s: %s", name, strerror(errno));
			break;
		}
		close(fd);
		made++;
	}

	/* Unmovable: pipe buffers are whole pages. */
	err = pipes_fill(&pipes, npipes);
	if (err)
		goto out;

	/* Movable: anonymous memory, in what is left. */
	err = anon_fill(&anon, anon_bytes);
	if (err)
		goto out;
	sb_add(sb, "%ld pipes holding %lu pages (%lu MiB, unmovable; %lu MiB were free on unmovable lists), %ld files (reclaimable), %lu MiB anonymous (movable)",
	       pipes.opened, pipes.pages, mib(pipes.pages * page_size),
	       mib(free_unmovable), made, mib(anon_bytes));
out:
	if (anon != MAP_FAILED)
		munmap(anon, anon_bytes);
	pipes_close(&pipes);
	/*
	 * Each unlink() copies its path into a 4 KiB names_cache object, an
	 * order-1 slab on a KASAN kernel; the pipes' pages freed above were
	 * order-0 holes, and the pool holds every larger block.  A KASAN
	 * guest's unlink went to the OOM killer with 191 MiB free, all of it
	 * order 0: give back a few pool pages first.
	 */
	if (made)
		pool_give_back(8 * MIB);
	for (f = 0; f < made; f++) {
		snprintf(name, sizeof(name), "%s/f%06ld", dir, f);
		unlink(name);
	}
	if (have_dir)
		rmdir(dir);
	sb_add(sb, "all freed");
	pool_done(sb);
	return err;
}

/*
 * Free hugepage-sized blocks of node nid outside its Movable zone (where
 * unmovable allocations cannot go), from /proc/buddyinfo.
 */
static unsigned long node_large_free(int nid)
{
	char line[512], zone[16];
	unsigned long large = 0, small = 0;
	int node, used;
	FILE *f;

	f = fopen("/proc/buddyinfo", "re");
	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "Node %d, zone %15s %n", &node, zone,
			   &used) != 2 || node != nid ||
		    !strcmp(zone, "Movable"))
			continue;
		buddy_add(line + used, &large, &small);
	}
	fclose(f);
	return large;
}

/*
 * The squeeze grows the pool through nr_hugepages, which spreads it over
 * the nodes and prefers their Movable zones: a node can keep free
 * hugepage-sized blocks in its other zones, which unmovable allocations
 * would claim whole.  Grows each node's own pool by those blocks (never
 * below the floor); the pool is still released through nr_hugepages.
 */
static void squeeze_each_node(void)
{
	unsigned long floor = floor_bytes(), large, room;
	char path[160];
	long cur;
	int nid;

	for (nid = 0; nid < 64 && hp_size; nid++) {
		snprintf(path, sizeof(path),
			 NODE_DIR "/node%d/hugepages/hugepages-%lukB/nr_hugepages",
			 nid, hp_size / KIB);
		if (!exists(path))
			continue;
		large = node_large_free(nid);
		room = read_meminfo("MemFree");
		room = room > floor ? (room - floor) / hp_size : 0;
		cur = read_num(path);
		if (!large || cur < 0)
			continue;
		write_num(path, cur + (long)(large < room ? large : room));
		vmsg("steal: node %d: %lu free hugepage-sized blocks left, its pool %ld -> %lld",
		     nid, large, cur, read_num(path));
	}
}

/*
 * Unmovable allocations that can only fall back into movable pageblocks
 * with few free pages, so that they steal pages instead of claiming the
 * block (the kernel claims a block only when at least half of it is free
 * or alike).  The phase maps a region of its own and frees one page in
 * three of it, so that each of its pageblocks is a third free: with every
 * other page freed they would be half free, claimable, and no later
 * allocation could fill them evenly, as the allocator hands out whatever
 * page heads a free list.  Mapping the region uses up the small free
 * blocks elsewhere, the squeeze takes every free block of a pageblock's
 * size, then pipes (unmovable) use up the unmovable and reclaimable free
 * lists and take half of what is still free above the floor, which is in
 * the region's holes.
 *
 * Watermark boosts are off meanwhile (watermark_boost_factor 0): every
 * fallback into a block it cannot claim raises the watermarks by a
 * pageblock, up to 150% of the high watermark by default, and a floor that
 * allowed for that would hold all the holes where the watermarks are high:
 * with 16 KiB pages THP sets min_free_kbytes to 5% of memory (high
 * 147 MiB, boosts up to 221 MiB on a 2 GiB guest).
 */
static int phase_steal(struct sbuf *sb)
{
	unsigned long floor, freemem, free_unmovable, pipe_bytes;
	struct pipes pipes = { 0 };
	int err;

	if (exists(BOOST_FACTOR)) {
		err = setting_set(BOOST_FACTOR, "0\n");
		if (err)
			return err;
	}
	floor = floor_bytes_of(true);
	err = frag_build(sb, STEAL_PUNCH);
	if (!err)
		err = squeeze_report(sb);
	if (err)
		goto out;
	squeeze_each_node();
	freemem = read_meminfo("MemFree");
	free_unmovable = unmovable_free();
	freemem = freemem > floor ? freemem - floor : 0;
	pipe_bytes = free_unmovable < freemem ?
		     (freemem + free_unmovable) / 2 : freemem / 2;
	err = pipes_fill(&pipes, (long)(pipe_bytes / pipe_size));
	sb_add(sb, "%ld pipes holding %lu pages (unmovable; %lu MiB were free on unmovable lists)",
	       pipes.opened, pipes.pages, mib(free_unmovable));
out:
	if (err == -EINTR)
		err = 0;
	pipes_close(&pipes);
	setting_restore(setting_find(BOOST_FACTOR));
	sb_add(sb, "all freed");
	pool_done(sb);
	return err;
}

/* ------------------------------------------------------------- main */

struct phase {
	const char *name;
	int (*run)(struct sbuf *sb);
	bool squeezes;
	bool in_all;		/* part of the phase list 'all' */
};

/* Fixed work: compactions of every zone, most of them scanning only. */
static int phase_rescan(struct sbuf *sb)
{
	int i, err;

	if (!exists(COMPACT_MEMORY)) {
		sb_add(sb, "skipped: no %s (CONFIG_COMPACTION=n?)",
		       COMPACT_MEMORY);
		return 0;
	}
	for (i = 0; i < RESCAN_COMPACTIONS && !stopping(); i++) {
		err = write_file(COMPACT_MEMORY, "1\n");
		if (err)
			return err;
	}
	sb_add(sb, "%d compactions of every zone", i);
	return 0;
}

/* 'all' is every phase the tests use; rescan is the benchmark's. */
static const struct phase phases[] = {
	{ "fragment",  phase_fragment,  false, true },
	{ "manual",    phase_manual,    false, true },
	{ "direct",    phase_direct,    true,  true },	/* not a section name */
	{ "kcompactd", phase_kcompactd, true,  true },
	{ "proactive", phase_proactive, true,  true },
	{ "extfrag",   phase_extfrag,   true,  true },	/* not a section name */
	{ "steal",     phase_steal,     true,  false },
	{ "rescan",    phase_rescan,    false, false },
};

#define NR_PHASES	ARRAY_SIZE(phases)
#define MAX_LIST	256

static void usage(FILE *f)
{
	fputs(usage_text, f);
}

static void usage_error(const char *fmt, const char *arg)
{
	fputs(PROG ": ", stderr);
	fprintf(stderr, fmt, arg);
	fputc('\n', stderr);
	usage(stderr);
	exit(EXIT_USAGE);
}

static long parse_num(const char *s, long min, long max, const char *what)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < min || v > max)
		usage_error(what, s);
	return v;
}

/* Pages per pageblock, from /proc/pagetypeinfo; 0 if it cannot be read. */
static unsigned long read_pageblock_pages(void)
{
	unsigned long n = 0;
	char line[256];
	FILE *f;

	f = fopen("/proc/pagetypeinfo", "re");
	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "Pages per block: %lu", &n) == 1)
			break;
	fclose(f);
	return n;
}

/*
 * What a pipe holds by default, from the kernel (F_GETPIPE_SZ): 16 pages,
 * 64 KiB with 4 KiB pages and 256 KiB with 16 KiB pages.  -errno if no
 * pipe can be made.
 */
static long default_pipe_size(void)
{
	int fd[2];
	long n;

	if (pipe2(fd, O_CLOEXEC))
		return -errno;
	n = fcntl(fd[0], F_GETPIPE_SZ);
	if (n < 0)
		n = -errno;
	close(fd[0]);
	close(fd[1]);
	return n;
}

static int init_sizes(void)
{
	unsigned long hp;
	long v;

	page_size = sysconf(_SC_PAGESIZE);
	mem_total = read_meminfo("MemTotal");
	v = default_pipe_size();
	if (v < (long)page_size) {
		warnmsg("cannot tell what a pipe holds (F_GETPIPE_SZ): %s",
			strerror(v < 0 ? (int)-v : EINVAL));
		return -1;
	}
	pipe_size = v;
	pageblock_pages = read_pageblock_pages();

	v = read_num(THP_PMD_SIZE);
	pmd_size = v > 0 && exists(THP_ENABLED) ? (unsigned long)v : 0;

	hp = read_meminfo("Hugepagesize");
	hp_size = hp && exists(NR_HUGEPAGES) ? hp : 0;
	if (!hp)
		hp = pmd_size ? pmd_size : 2 * MIB;
	for (hp_order = 0; (page_size << hp_order) < hp; hp_order++)
		;
	return 0;
}

int main(int argc, char **argv)
{
	const struct phase *list[MAX_LIST];
	long long vm0[NR_VMSTAT_KEYS];
	const char *comm = NULL;
	struct sigaction sa;
	int nlist = 0, rounds = 1, round, i, c, ret = 0, err;
	long long t0;
	size_t j;

	while ((c = getopt_long(argc, argv, "s:n:c:vh", long_options,
				NULL)) != -1) {
		switch (c) {
		case 's':
			scale = parse_num(optarg, 1, SCALE_MAX,
					  "invalid --scale '%s' (1-80)");
			break;
		case 'n':
			rounds = parse_num(optarg, 1, ROUNDS_MAX,
					   "invalid --rounds '%s' (1-1000)");
			break;
		case 'c':
			comm = optarg;
			break;
		case 'v':
			verbose = 1;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return EXIT_USAGE;
		}
	}
	/* Before any work, so that every event of this task carries it. */
	if (comm && prctl(PR_SET_NAME, comm)) {
		warnmsg("PR_SET_NAME: %s", strerror(errno));
		return 1;
	}
	if (optind == argc)
		usage_error("%s", "no phase given");
	for (i = optind; i < argc; i++) {
		if (!strcmp(argv[i], "all")) {
			for (j = 0; j < NR_PHASES && nlist < MAX_LIST; j++)
				if (phases[j].in_all)
					list[nlist++] = &phases[j];
			continue;
		}
		for (j = 0; j < NR_PHASES; j++)
			if (!strcmp(argv[i], phases[j].name))
				break;
		if (j == NR_PHASES)
			usage_error("unknown phase '%s'", argv[i]);
		if (nlist == MAX_LIST)
			usage_error("%s", "too many phases");
		list[nlist++] = &phases[j];
	}

	if (geteuid() != 0) {
		printf("# " PROG ": needs root, skipping\n");
		return KSFT_SKIP;
	}

	if (init_sizes())
		return 1;
	mem_avail0 = read_meminfo("MemAvailable");
	if (!mem_total || !mem_avail0) {
		warnmsg("cannot read MemTotal/MemAvailable from /proc/meminfo");
		return 1;
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	setvbuf(stdout, NULL, _IOLBF, 0);
	/*
	 * Background proactive compaction would undo the fragmentation at
	 * times of its own choosing: off until exit, except in 'proactive'.
	 */
	if (exists(PROACTIVENESS)) {
		err = setting_set(PROACTIVENESS, "0\n");
		if (err) {
			warnmsg("%s: %s", PROACTIVENESS, strerror(-err));
			return 1;
		}
		vmsg("compaction_proactiveness %ld -> 0 until exit",
		     atol(setting_find(PROACTIVENESS)->orig));
	}
	vmsg("MemTotal %lu MiB, MemAvailable %lu MiB, scale %d%%, floor %lu MiB, hugepage %lu KiB, THP %lu KiB, page %zu KiB, pageblock %lu pages, pipe %lu KiB",
	     mib(mem_total), mib(mem_avail0), scale, mib(floor_bytes()),
	     hp_size / KIB, pmd_size / KIB, page_size / KIB, pageblock_pages,
	     pipe_size / KIB);

	for (round = 0; round < rounds && !ret && !stopping(); round++) {
		if (rounds > 1)
			vmsg("round %d/%d", round + 1, rounds);
		for (i = 0; i < nlist && !stopping(); i++) {
			struct sbuf sb = { .len = 0 };

			sb.buf[0] = '\0';
			vmstat_snapshot(vm0);
			t0 = now_ms();
			vmsg("%s: start at %lld.%03lld s (CLOCK_MONOTONIC)",
			     list[i]->name, t0 / 1000, t0 % 1000);
			/* The pool stays for a next phase that squeezes. */
			if (i + 1 < nlist)
				keep_pool = list[i + 1]->squeezes;
			else
				keep_pool = round + 1 < rounds &&
					    list[0]->squeezes;
			err = list[i]->run(&sb);
			if (err) {
				warnmsg("phase %s: %s", list[i]->name,
					strerror(-err));
				ret = 1;
				break;
			}
			printf("phase %s: %s%s (%lld ms)\n", list[i]->name,
			       sb.len ? sb.buf : "nothing to do",
			       stopping() ? "; interrupted" : "",
			       now_ms() - t0);
			vmstat_report(list[i]->name, vm0);
		}
	}

	settings_restore_all();
	frag_release();
	if (stopping()) {
		warnmsg("stopped by signal %d; settings restored",
			(int)stopping());
		return 1;
	}
	return ret;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * The phases that make the kernel compact: manually, directly (hugetlb
 * and THP, from one task or from many at once), from kcompactd,
 * proactively, and the benchmark's rescans; and one whose direct requests
 * compact nothing.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "workload.h"

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
/* THP faults of each task of the parallel phase. */
#define PARALLEL_THP_FAULTS	4
/* Manual compactions of the rescan phase. */
#define RESCAN_COMPACTIONS	256
#define KCOMPACTD_FAULT_GAP_MS	10
#define KCOMPACTD_WAIT_MS	3000
#define PROACTIVE_WAIT_MS	2000
#define POLL_MS			50

static const char *thp_why;

static bool thp_available(void)
{
	if (!mft_pmd_size) {
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
	size_t len;
	char *map, *p;
	int i = 0, err;

	*thps = 0;
	*fallbacks = 0;
	err = mft_setting_set(THP_ENABLED, "always\n");
	if (!err)
		err = mft_setting_set(THP_DEFRAG, defrag);
	if (err)
		goto out;
	len = (size_t)n * mft_pmd_size;
	map = mmap(NULL, len + mft_pmd_size, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (map == MAP_FAILED) {
		err = -errno;
		goto out;
	}
	p = (char *)(((unsigned long)map + mft_pmd_size - 1) & ~(mft_pmd_size - 1));
	a0 = read_vmstat("thp_fault_alloc");
	f0 = read_vmstat("thp_fault_fallback");
	a = a0;
	for (i = 0; i < n && !mft_stopping(); i++) {
		/* The floor now: a fallback may have boosted the watermarks. */
		if (read_meminfo("MemFree") < mft_floor_bytes() + mft_pmd_size)
			break;
		p[(size_t)i * mft_pmd_size] = 1;
		if (gap_ms)
			mft_sleep_ms(gap_ms);
		if (absorb && read_vmstat("thp_fault_alloc") != a) {
			a = read_vmstat("thp_fault_alloc");
			if (mft_pool_squeeze(&why) < 0)
				break;
		}
	}
	*thps = read_vmstat("thp_fault_alloc") - a0;
	*fallbacks = read_vmstat("thp_fault_fallback") - f0;
	munmap(map, len + mft_pmd_size);
out:
	mft_setting_restore(mft_setting_find(THP_DEFRAG));
	mft_setting_restore(mft_setting_find(THP_ENABLED));
	return err ? err : i;
}

int mft_phase_manual(struct mft_sbuf *sb)
{
	char path[128];
	int node, nodes = 0, err;

	if (!mft_exists(COMPACT_MEMORY)) {
		mft_sb_add(sb, "compact_memory skipped: no %s (CONFIG_COMPACTION=n?)",
			   COMPACT_MEMORY);
	} else {
		mft_vmsg("manual: echo 1 > %s", COMPACT_MEMORY);
		err = write_file(COMPACT_MEMORY, "1\n");
		if (err)
			return err;
		mft_sb_add(sb, "compact_memory written");
	}
	for (node = 0; node < 4096 && !mft_stopping(); node++) {
		snprintf(path, sizeof(path), NODE_DIR "/node%d", node);
		if (!mft_exists(path))
			continue;
		snprintf(path, sizeof(path), NODE_DIR "/node%d/compact", node);
		if (!mft_exists(path))
			continue;
		mft_vmsg("manual: echo 1 > %s", path);
		err = write_file(path, "1\n");
		if (err)
			return err;
		nodes++;
	}
	if (nodes)
		mft_sb_add(sb, "%d node(s) compacted via nodeN/compact", nodes);
	else
		mft_sb_add(sb, "per-node compact skipped: no %s/nodeN/compact",
			   NODE_DIR);
	return 0;
}

/* Hugepages per step of the direct phase: 16 MiB, at least one. */
static long direct_step(void)
{
	if (!mft_hp_size || mft_hp_size >= DIRECT_EXTRA_STEP_BYTES)
		return 1;
	return DIRECT_EXTRA_STEP_BYTES / mft_hp_size;
}

int mft_phase_direct(struct mft_sbuf *sb)
{
	long squeezed, have, got, thps, fallbacks, base, nstep = direct_step();
	long long stalls;
	const char *why;
	int step, fails = 0, n, err;

	err = mft_ensure_fragmented("direct",	/* a phase, not a section name */
				mft_want_holes(DIRECT_EXTRA_STEPS * nstep * mft_hp_size));
	if (err)
		return err;
	squeezed = mft_pool_squeeze(&why);
	if (squeezed < 0)
		return squeezed;
	if (why) {
		mft_warnmsg("direct: hugetlb part skipped: %s", why);
		mft_sb_add(sb, "hugetlb skipped: %s", why);
	} else {
		have = mft_pool_get();
		base = have;
		stalls = read_vmstat("compact_stall");
		for (step = 0; step < DIRECT_EXTRA_STEPS && !mft_stopping();
		     step++) {
			if (!mft_pool_room(nstep)) {
				mft_vmsg("direct: MemFree %lu MiB: stopping at the floor",
					 mft_mib(read_meminfo("MemFree")));
				break;
			}
			got = mft_pool_set(have + nstep);
			if (got < 0)
				return got;
			mft_vmsg("direct: nr_hugepages %ld -> %ld (asked %ld)",
				 have, got, have + nstep);
			if (got <= have && ++fails >= 2)
				break;
			have = got > have ? got : have;
		}
		mft_sb_add(sb, "hugetlb: %ld free hugepage-sized blocks squeezed into the pool, then %d steps of +%ld obtained %ld more (%lld direct compaction stalls)",
			   squeezed, step, nstep, have - base,
		       read_vmstat("compact_stall") - stalls);
	}
	if (!thp_available()) {
		mft_warnmsg("direct: THP part skipped: %s", thp_why);
		mft_sb_add(sb, "THP skipped: %s", thp_why);
	} else {
		n = thp_faults("always\n", DIRECT_THP_FAULTS, 0, false, &thps,
			       &fallbacks);
		if (n < 0)
			return n;
		mft_sb_add(sb, "THP defrag=always: %d faults, %ld THPs, %ld fallbacks",
			   n, thps, fallbacks);
	}
	mft_pool_done(sb);
	return 0;
}

/*
 * One task of the parallel phase: maps its own region, waits until the
 * start pipe's write end closes (the same moment for every task), then
 * faults up to n THPs while one still fits above the floor.  Never
 * returns: a child must not restore the parent's settings at exit.
 */
static void parallel_task(int start_fd, int n, unsigned long floor)
{
	size_t len = (size_t)n * mft_pmd_size;
	char *map, *p, c;
	int i;

	map = mmap(NULL, len + mft_pmd_size, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (map == MAP_FAILED)
		_exit(1);
	p = (char *)(((unsigned long)map + mft_pmd_size - 1) & ~(mft_pmd_size - 1));
	while (read(start_fd, &c, 1) < 0 && errno == EINTR && !mft_stopping())
		;
	for (i = 0; i < n && !mft_stopping(); i++) {
		if (read_meminfo("MemFree") < floor + mft_pmd_size)
			break;
		p[(size_t)i * mft_pmd_size] = 1;
	}
	_exit(0);
}

/* Tasks of the parallel phase: --tasks, else one per online CPU. */
static long parallel_tasks(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	if (mft_tasks)
		return mft_tasks;
	return n > 0 ? n : 1;
}

/*
 * The parallel phase: as many direct compactions at once as tasks.  The
 * tasks are forked first and released together, so that their first
 * faults enter the allocator's slow path at the same moment and compact
 * side by side, each in its own run.
 */
int mft_phase_parallel(struct mft_sbuf *sb)
{
	long tasks = parallel_tasks(), started = 0, i, failed = 0;
	long long a0, f0, stalls0, t0;
	unsigned long floor;
	pid_t *pids;
	int fd[2], status, err;

	err = mft_ensure_fragmented("parallel",
				mft_want_holes(tasks * PARALLEL_THP_FAULTS *
					       mft_pmd_size));
	if (err)
		return err;
	if (!thp_available()) {
		mft_warnmsg("parallel: skipped: %s", thp_why);
		mft_sb_add(sb, "skipped: %s", thp_why);
		return 0;
	}
	err = mft_squeeze_report(sb);
	if (err)
		return err;
	pids = calloc(tasks, sizeof(*pids));
	if (!pids)
		return -ENOMEM;
	err = mft_setting_set(THP_ENABLED, "always\n");
	if (!err)
		err = mft_setting_set(THP_DEFRAG, "always\n");
	if (!err && pipe2(fd, O_CLOEXEC))
		err = -errno;
	if (err)
		goto out;
	floor = mft_floor_bytes();
	fflush(NULL);
	for (i = 0; i < tasks; i++) {
		pids[i] = fork();
		if (pids[i] < 0) {
			err = -errno;
			break;
		}
		if (pids[i] == 0) {
			close(fd[1]);
			parallel_task(fd[0], PARALLEL_THP_FAULTS, floor);
		}
		started++;
	}
	close(fd[0]);
	a0 = read_vmstat("thp_fault_alloc");
	f0 = read_vmstat("thp_fault_fallback");
	stalls0 = read_vmstat("compact_stall");
	t0 = mft_now_ms();
	mft_vmsg("parallel: %ld tasks released", started);
	close(fd[1]);		/* the start: every task's read() returns */
	for (i = 0; i < started; i++) {
		while (waitpid(pids[i], &status, 0) < 0 && errno == EINTR)
			;
		if (!WIFEXITED(status) || WEXITSTATUS(status))
			failed++;
	}
	mft_sb_add(sb, "%ld tasks started together, %d THP faults each (defrag=always): %lld THPs, %lld fallbacks, %lld direct compaction stalls (%lld ms)",
		   started, PARALLEL_THP_FAULTS,
		   read_vmstat("thp_fault_alloc") - a0,
		   read_vmstat("thp_fault_fallback") - f0,
		   read_vmstat("compact_stall") - stalls0, mft_now_ms() - t0);
	if (failed) {
		mft_warnmsg("parallel: %ld of %ld tasks failed", failed, started);
		err = -EIO;
	}
out:
	free(pids);
	mft_setting_restore(mft_setting_find(THP_DEFRAG));
	mft_setting_restore(mft_setting_find(THP_ENABLED));
	if (!err)
		mft_pool_done(sb);
	return err;
}

/* Fragmented memory with room to work, then squeezed: 0 or -errno. */
static int fragmented_and_squeezed(const char *phase, struct mft_sbuf *sb)
{
	int err = mft_ensure_fragmented(phase, mft_want_holes(32 * MIB));

	return err ? err : mft_squeeze_report(sb);
}

/*
 * Direct requests that compact nothing: a costly order's request finds a
 * zone suitable for compaction only if its fragmentation index is above
 * extfrag_threshold (compaction_suitable()), and no index is above 1000;
 * or if the zone has a free block of the order (index -1000) and order-0
 * pages above its watermark plus its reserve against the request's zones.
 * The lowest zone (DMA on x86) has such blocks, but with its ratio at 1
 * its reserve is all the higher zones' pages.  So with the threshold at
 * 1000 and that ratio each THP fault asks for direct compaction
 * (try_to_compact_pages), which begins no run in any zone, and falls back
 * to base pages; kcompactd, if woken, finds no zone suitable either.
 */
static int lowest_zone_reserves_all(void)
{
	char ratio[64];
	size_t first;
	int err;

	err = setting_value(LOWMEM_RESERVE_RATIO, ratio, sizeof(ratio) - 4);
	if (err)
		return err;
	first = strcspn(ratio, " \t\n");
	if (!first)
		return -EINVAL;
	if (first >= strlen(ratio))
		return 0;	/* one zone: nothing above it */
	memmove(ratio + 1, ratio + first, strlen(ratio + first) + 1);
	ratio[0] = '1';
	return mft_setting_set(LOWMEM_RESERVE_RATIO, ratio);
}

int mft_phase_unsuitable(struct mft_sbuf *sb)
{
	long long stalls;
	long thps, fallbacks;
	int n, err;

	if (!mft_exists(EXTFRAG_THRESHOLD)) {
		mft_sb_add(sb, "skipped: no %s (CONFIG_COMPACTION=n?)",
			   EXTFRAG_THRESHOLD);
		return 0;
	}
	if (!thp_available()) {
		mft_warnmsg("unsuitable: skipped: %s", thp_why);
		mft_sb_add(sb, "skipped: %s", thp_why);
		return 0;
	}
	err = fragmented_and_squeezed("unsuitable", sb);
	if (err)
		return err;
	err = mft_setting_set(EXTFRAG_THRESHOLD, "1000\n");
	if (!err)
		err = lowest_zone_reserves_all();
	if (err)
		return err;
	stalls = read_vmstat("compact_stall");
	n = thp_faults("always\n", DIRECT_THP_FAULTS, 0, false, &thps,
		       &fallbacks);
	mft_setting_restore(mft_setting_find(LOWMEM_RESERVE_RATIO));
	mft_setting_restore(mft_setting_find(EXTFRAG_THRESHOLD));
	if (n < 0)
		return n;
	mft_sb_add(sb, "THP defrag=always, extfrag_threshold 1000, lowest zone's lowmem_reserve_ratio 1: %d faults, %ld THPs, %ld fallbacks (%lld direct compaction stalls)",
		   n, thps, fallbacks, read_vmstat("compact_stall") - stalls);
	mft_pool_done(sb);
	return 0;
}

int mft_phase_kcompactd(struct mft_sbuf *sb)
{
	long long wakes0, wakes;
	long thps, fallbacks;
	long long t0;
	int n, err;

	err = mft_ensure_fragmented("kcompactd", mft_want_holes(32 * MIB));
	if (err)
		return err;
	wakes0 = read_vmstat("compact_daemon_wake");
	err = mft_squeeze_report(sb);
	if (err)
		return err;
	if (!thp_available()) {
		mft_warnmsg("kcompactd: THP part skipped: %s", thp_why);
		mft_sb_add(sb, "THP skipped: %s", thp_why);
	} else {
		n = thp_faults("defer\n", KCOMPACTD_THP_FAULTS,
			       KCOMPACTD_FAULT_GAP_MS, true, &thps, &fallbacks);
		if (n < 0)
			return n;
		mft_sb_add(sb, "THP defrag=defer: %d faults, %ld THPs, %ld fallbacks",
			   n, thps, fallbacks);
	}
	t0 = mft_now_ms();
	while ((wakes = read_vmstat("compact_daemon_wake")) == wakes0 &&
	       mft_now_ms() - t0 < KCOMPACTD_WAIT_MS && !mft_stopping())
		mft_sleep_ms(POLL_MS);
	mft_sb_add(sb, "kcompactd woke %lld time(s) (waited %lld ms)",
		   wakes - wakes0, mft_now_ms() - t0);
	if (wakes == wakes0)
		mft_warnmsg("kcompactd: kcompactd did not run within %d ms",
			    KCOMPACTD_WAIT_MS);
	mft_pool_done(sb);
	return 0;
}

int mft_phase_proactive(struct mft_sbuf *sb)
{
	long long scanned0;
	char old[64];
	int err;

	if (!mft_exists(PROACTIVENESS)) {
		mft_sb_add(sb, "skipped: no %s (kernel < 5.9?)", PROACTIVENESS);
		return 0;
	}
	err = fragmented_and_squeezed("proactive", sb);
	if (err)
		return err;
	err = setting_value(PROACTIVENESS, old, sizeof(old) - 1);
	if (err)
		return err;
	scanned0 = read_vmstat("compact_migrate_scanned");
	mft_vmsg("proactive: compaction_proactiveness %s -> 100 for %d ms",
		 old, PROACTIVE_WAIT_MS);
	err = mft_setting_set(PROACTIVENESS, "100\n");
	if (err)
		return err;
	mft_sleep_ms(PROACTIVE_WAIT_MS);
	strcat(old, "\n");
	err = write_file(PROACTIVENESS, old);
	if (err)
		return err;
	old[strcspn(old, "\n")] = '\0';
	mft_sb_add(sb, "compaction_proactiveness %s -> 100 for %d ms, restored; %lld pages scanned for migration",
		   old, PROACTIVE_WAIT_MS,
	       read_vmstat("compact_migrate_scanned") - scanned0);
	mft_pool_done(sb);
	return 0;
}

/* Fixed work: compactions of every zone, most of them scanning only. */
int mft_phase_rescan(struct mft_sbuf *sb)
{
	int i, err;

	if (!mft_exists(COMPACT_MEMORY)) {
		mft_sb_add(sb, "skipped: no %s (CONFIG_COMPACTION=n?)",
			   COMPACT_MEMORY);
		return 0;
	}
	for (i = 0; i < RESCAN_COMPACTIONS && !mft_stopping(); i++) {
		err = write_file(COMPACT_MEMORY, "1\n");
		if (err)
			return err;
	}
	mft_sb_add(sb, "%d compactions of every zone", i);
	return 0;
}

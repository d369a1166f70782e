// SPDX-License-Identifier: GPL-2.0
/*
 * The fragmented region: anonymous base pages of which every other one
 * (or one in N) is freed, so that free memory becomes order-0 holes.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "workload.h"

#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE	23
#endif

#define POPULATE_CHUNK		(64 * MIB)

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

void mft_frag_release(void)
{
	if (frag.base)
		munmap(frag.base, frag.npages * mft_page_size);
	free(frag.map);
	memset(&frag, 0, sizeof(frag));
}

int mft_populate(char *p, size_t len)
{
	size_t off, n, i;

	for (off = 0; off < len && !mft_stopping(); off += n) {
		n = len - off < POPULATE_CHUNK ? len - off : POPULATE_CHUNK;
		if (!madvise(p + off, n, MADV_POPULATE_WRITE))
			continue;
		if (errno != EINVAL)
			return -errno;
		/* Before 5.14: touch every page. */
		for (i = 0; i < n; i += mft_page_size)
			p[off + i] = 1;
	}
	return mft_stopping() ? -EINTR : 0;
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
	for (i = 0; i < frag.npages && !mft_stopping(); i++) {
		if (!frag_alive(i))
			continue;
		if ((c + (c >> 5)) % every == every - 1 &&
		    !madvise(frag.base + i * mft_page_size, mft_page_size,
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

	if (!mft_verbose || !frag.base)
		return;
	fd = open("/proc/self/pagemap", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return;
	for (i = 0; i < frag.npages; i += 16) {
		if (!frag_alive(i))
			continue;
		if (pread(fd, &e, sizeof(e),
			  ((unsigned long)frag.base / mft_page_size + i) *
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
		mft_vmsg("%s: surviving pages at pfn %#llx-%#llx (%zu sampled)",
			 phase, lo, hi, n);
}

/*
 * Maps scale% of MemAvailable in base pages (no THP), touches every page,
 * then frees one in 'every' (every other one for 2).  0 or -errno.
 */
int mft_frag_build(struct mft_sbuf *sb, unsigned int every)
{
	unsigned long avail, bytes, floor;
	size_t freed;
	int err;

	mft_frag_release();
	mft_pool_release();
	avail = read_meminfo("MemAvailable");
	floor = mft_floor_bytes();
	bytes = avail / 100 * mft_scale;
	if (avail < floor + bytes)
		bytes = avail > floor ? avail - floor : 0;
	bytes &= ~(unsigned long)(2 * mft_page_size - 1);
	if (bytes < 2 * mft_page_size) {
		mft_sb_add(sb, "skipped: MemAvailable %lu MiB is too small",
			   mft_mib(avail));
		return 0;
	}
	frag.base = mmap(NULL, bytes, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (frag.base == MAP_FAILED) {
		err = -errno;
		frag.base = NULL;
		return err;
	}
	frag.npages = bytes / mft_page_size;
	frag.alive = frag.npages;
	frag.map = malloc((frag.npages + LONG_BITS - 1) / LONG_BITS *
			  sizeof(long));
	if (!frag.map) {
		mft_frag_release();
		return -ENOMEM;
	}
	memset(frag.map, 0xff, (frag.npages + LONG_BITS - 1) / LONG_BITS *
	       sizeof(long));
	/*
	 * No child needs the region, and fork() would copy a page table
	 * entry for each of its pages: the parallel phase forks a task per
	 * CPU.
	 */
	if (madvise(frag.base, bytes, MADV_DONTFORK))
		mft_warnmsg("warning: MADV_DONTFORK: %s", strerror(errno));
	/* Order-0 pages only, and khugepaged must not collapse them. */
	if (madvise(frag.base, bytes, MADV_NOHUGEPAGE) && errno != EINVAL)
		mft_warnmsg("warning: MADV_NOHUGEPAGE: %s", strerror(errno));
	mft_vmsg("fragment: touching %lu MiB (%d%% of MemAvailable %lu MiB)",
		 mft_mib(bytes), mft_scale, mft_mib(avail));
	err = mft_populate(frag.base, bytes);
	if (err) {
		mft_frag_release();
		return err;
	}
	freed = frag_punch(every);
	frag_show_span("fragment");
	if (every == 2)
		mft_sb_add(sb, "%zu pages touched, %zu freed (every other page), %zu kept (%lu MiB)",
			   frag.npages, freed, frag.alive,
		       mft_mib(frag.alive * mft_page_size));
	else
		mft_sb_add(sb, "%zu pages touched, %zu freed (one in %u), %zu kept (%lu MiB)",
			   frag.npages, freed, every, frag.alive,
		       mft_mib(frag.alive * mft_page_size));
	return 0;
}

/*
 * Makes sure free memory has enough small holes for the phase: builds the
 * region if there is none, else frees every other surviving page (the
 * survivors may have been compacted into dense ranges) until the free
 * memory in blocks smaller than a hugepage reaches 'want' bytes.
 */
int mft_ensure_fragmented(const char *phase, unsigned long want)
{
	unsigned long large, small;
	struct mft_sbuf tmp = { .len = 0 };
	size_t freed;
	int err, tries;

	if (!frag.base) {
		err = mft_frag_build(&tmp, 2);
		if (err)
			return err;
		mft_vmsg("%s: fragmented first: %s", phase, tmp.buf);
		return 0;
	}
	frag_show_span(phase);
	for (tries = 0; tries < 3; tries++) {
		mft_buddy_free(&large, &small);
		if (small >= want || frag.alive < 2)
			break;
		freed = frag_punch(2);
		mft_vmsg("%s: %lu MiB in small free blocks < %lu MiB: freed %zu more pages of the region (%zu left)",
			 phase, mft_mib(small), mft_mib(want), freed, frag.alive);
	}
	return 0;
}

int mft_phase_fragment(struct mft_sbuf *sb)
{
	return mft_frag_build(sb, 2);
}

// SPDX-License-Identifier: GPL-2.0
/*
 * The hugetlb pool that squeezes free memory: it absorbs the free
 * hugepage-sized blocks so that only holes stay free.
 */
#include <stdlib.h>

#include "workload.h"

static unsigned long pool_short;	/* free blocks the pool cannot get */

long mft_pool_get(void)
{
	return read_num(NR_HUGEPAGES);
}

/* Asks for n pool pages; returns how many the pool has, or -errno. */
long mft_pool_set(long n)
{
	int err = mft_setting_save(NR_HUGEPAGES);

	if (err)
		return err;
	err = write_num(NR_HUGEPAGES, n);
	if (err)
		return err;
	return mft_pool_get();
}

void mft_pool_release(void)
{
	struct mft_setting *s = mft_setting_find(NR_HUGEPAGES);
	long long t0 = mft_now_ms();
	long n = mft_pool_get();

	if (!s)
		return;
	mft_setting_restore(s);
	pool_short = 0;
	mft_vmsg("pool: released %ld hugepages (%lld ms)", n - mft_pool_get(),
		 mft_now_ms() - t0);
}

/* Releases at least bytes of the pool (not below its size at start). */
void mft_pool_give_back(unsigned long bytes)
{
	struct mft_setting *s = mft_setting_find(NR_HUGEPAGES);
	long cur, n;

	if (!s || !mft_hp_size)
		return;
	cur = mft_pool_get();
	n = (bytes + mft_hp_size - 1) / mft_hp_size;
	if (cur - n < atol(s->orig))
		n = cur - atol(s->orig);
	if (n <= 0)
		return;
	mft_vmsg("pool: %ld -> %ld to give back %lu MiB", cur, cur - n, mft_mib(bytes));
	mft_pool_set(cur - n);
}

/* Releases pool pages (none of the original ones) until MemFree >= want. */
void mft_pool_shrink(unsigned long want)
{
	unsigned long freemem = read_meminfo("MemFree");

	if (freemem >= want)
		return;
	mft_vmsg("pool: shrinking to leave %lu MiB free", mft_mib(want));
	mft_pool_give_back(want - freemem);
}

/* Room for n more hugepages above the floor? */
bool mft_pool_room(long n)
{
	return read_meminfo("MemFree") >= mft_floor_bytes() + n * mft_hp_size;
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
long mft_pool_squeeze(const char **why)
{
	unsigned long large, small, freemem, cap, floor;
	long long t0;
	long base, got;

	*why = NULL;
	if (!mft_hp_size) {
		*why = "no hugetlb";
		return 0;
	}
	base = mft_pool_get();
	if (base < 0) {
		*why = "cannot read nr_hugepages";
		return 0;
	}
	mft_buddy_free(&large, &small);
	/* Blocks a previous squeeze could not get (lowmem reserves). */
	large = large > pool_short ? large - pool_short : 0;
	freemem = read_meminfo("MemFree");
	floor = mft_floor_bytes();
	cap = freemem > floor ? (freemem - floor) / mft_hp_size : 0;
	if (large > cap)
		large = cap;
	if (!large)
		return 0;
	t0 = mft_now_ms();
	got = mft_pool_set(base + large);
	if (got < 0)
		return got;
	mft_vmsg("squeeze: %lu free hugepage-sized blocks, pool %ld -> %ld (%lld ms), %lu MiB left free (%lu MiB in small blocks)",
		 large, base, got, mft_now_ms() - t0, mft_mib(read_meminfo("MemFree")),
	     mft_mib(small));
	if (got - base < (long)large)
		pool_short += large - (got - base);
	return got - base;
}

/*
 * Ends a phase that squeezed: keeps the pool when the next phase squeezes
 * too (refilling it would zero it all again), else releases it.
 */
void mft_pool_done(struct mft_sbuf *sb)
{
	long n;

	if (!mft_setting_find(NR_HUGEPAGES))
		return;
	n = mft_pool_get() - atol(mft_setting_find(NR_HUGEPAGES)->orig);
	if (mft_keep_pool) {
		mft_sb_add(sb, "%ld hugepages kept for the next phase", n);
		return;
	}
	mft_pool_release();
	mft_sb_add(sb, "%ld hugepages released", n);
}

/* Squeezes and says so in the summary; -errno on a real error. */
int mft_squeeze_report(struct mft_sbuf *sb)
{
	const char *why;
	long n = mft_pool_squeeze(&why);

	if (n < 0)
		return n;
	if (why)
		mft_sb_add(sb, "squeeze skipped: %s", why);
	else
		mft_sb_add(sb, "%ld free hugepage-sized blocks squeezed into the pool",
			   n);
	return 0;
}

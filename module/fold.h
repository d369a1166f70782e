/* SPDX-License-Identifier: GPL-2.0 */
/*
 * memfrag_fold(): merge the rows that the CPUs' top tables hold for the
 * same key, in O(n log n) comparisons for n rows in all.
 *
 * A read of tasks gathers every CPU's live rows (eight per CPU and table)
 * into one array; one task that ran on many CPUs has a row on each.  A
 * merge that looks each row up among the rows merged so far costs n^2/2
 * comparisons: about 3*10^7 at 1024 CPUs for one table, with no point at
 * which the reader yields.  Sorting by key brings a key's rows together,
 * one pass adds them up, and a second sort orders what is left by weight.
 *
 * Plain C with no kernel dependency but sort(): tests/unit/read-merge-test.c
 * builds it on the host and counts its comparisons at up to 4096 CPUs.
 */
#ifndef MEMFRAG_FOLD_H
#define MEMFRAG_FOLD_H

#ifdef __KERNEL__
#include <linux/sort.h>
#include <linux/string.h>
#endif

/*
 * Folds the n rows of size bytes at all: rows equal under id_cmp become
 * one, through add(into, from); then sorts them by weight_cmp.  Returns
 * the number of rows left at the start of all.
 */
static inline int memfrag_fold(void *all, int n, size_t size,
			       cmp_func_t id_cmp,
			       void (*add)(void *into, const void *from),
			       cmp_func_t weight_cmp)
{
	char *base = all;
	int i, out = 0;

	sort(all, n, size, id_cmp, NULL);
	for (i = 0; i < n; i++) {
		char *e = base + i * size, *last = base + (out - 1) * size;

		if (out && !id_cmp(last, e)) {
			add(last, e);
			continue;
		}
		if (out != i)
			memcpy(base + out * size, e, size);
		out++;
	}
	sort(all, out, size, weight_cmp, NULL);
	return out;
}

#endif /* MEMFRAG_FOLD_H */

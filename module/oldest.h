/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The events file's merge of the CPUs' rings, oldest record first: a
 * min-heap of the rings that have unread records, keyed by the time of
 * each one's oldest.  Taking a record costs O(log CPUs) comparisons; a scan
 * of every CPU's ring for the oldest, as reads once did, costs one per
 * possible CPU per record.
 *
 * Plain C with no kernel dependency: tests/unit/read-merge-test.c builds it on
 * the host and counts its comparisons.
 */
#ifndef MEMFRAG_OLDEST_H
#define MEMFRAG_OLDEST_H

#ifndef MEMFRAG_OLDEST_LESS
/* The unit test counts comparisons through this. */
#define MEMFRAG_OLDEST_LESS(a, b)	((a).ts < (b).ts)
#endif

struct memfrag_oldest {
	unsigned long long ts;	/* the ring's oldest unread record */
	int cpu;
};

/* Restores the heap order below h[i]. */
static inline void memfrag_oldest_sift_down(struct memfrag_oldest *h,
					    int len, int i)
{
	for (;;) {
		struct memfrag_oldest t;
		int l = 2 * i + 1, m = i;

		if (l < len && MEMFRAG_OLDEST_LESS(h[l], h[m]))
			m = l;
		if (l + 1 < len && MEMFRAG_OLDEST_LESS(h[l + 1], h[m]))
			m = l + 1;
		if (m == i)
			return;
		t = h[i];
		h[i] = h[m];
		h[m] = t;
		i = m;
	}
}

/* Orders len rings in O(len) comparisons: the oldest is h[0]. */
static inline void memfrag_oldest_build(struct memfrag_oldest *h, int len)
{
	int i;

	for (i = len / 2 - 1; i >= 0; i--)
		memfrag_oldest_sift_down(h, len, i);
}

/*
 * After h[0]'s record was taken: more says whether its ring has another,
 * whose time the caller stored in h[0].ts.  Returns the new length.
 */
static inline int memfrag_oldest_advance(struct memfrag_oldest *h, int len,
					 int more)
{
	if (!more)
		h[0] = h[--len];
	memfrag_oldest_sift_down(h, len, 0);
	return len;
}

#endif /* MEMFRAG_OLDEST_H */

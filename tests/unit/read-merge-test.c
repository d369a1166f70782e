// SPDX-License-Identifier: GPL-2.0
/*
 * read-merge-test: the reads that merge every CPU's data cost O(n log n)
 * comparisons, not O(n * CPUs): the top tables' fold (module/fold.h) and
 * the events file's oldest-first merge of the rings (module/oldest.h).
 *
 * Reads once merged each CPU's rows by looking every row up among the rows
 * merged so far: n^2/2 comparisons, 3*10^7 at 1024 CPUs, with no yield.
 * A guest cannot show that (it needs hundreds of CPUs writing rows, and
 * the difference is only time), so this test builds module/fold.h on the
 * host, as the module does, and counts comparisons instead of timing them:
 * for 1 to 4096 CPUs of eight rows each, keys that repeat across CPUs or
 * do not, the count must stay under 4 n log2(n) + 2n.  The merge by
 * lookup is the control: it must give the same rows, and at 1024 CPUs
 * it must exceed the bound, or the bound could not tell the two apart.
 *
 * The events file once found each record's ring by scanning every CPU's:
 * CPUs comparisons per record.  The heap must take every record, oldest
 * first, in at most 2 log2(CPUs) + 2 comparisons per record plus 2 per
 * ring to build; the scan, run beside it as the control, must exceed that.
 *
 * Prints TAP.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef int (*cmp_func_t)(const void *a, const void *b);

/*
 * A heapsort, as the kernel's sort() in lib/sort.c is: at most about
 * 2 n log2(n) comparisons whatever the input, which the bound relies on.
 */
static void swap_bytes(char *a, char *b, size_t size)
{
	while (size--) {
		char t = *a;

		*a++ = *b;
		*b++ = t;
	}
}

static void sift_down(char *base, size_t root, size_t n, size_t size,
		      cmp_func_t cmp)
{
	for (;;) {
		size_t child = 2 * root + 1, max = root;

		if (child < n && cmp(base + child * size, base + max * size) > 0)
			max = child;
		if (child + 1 < n &&
		    cmp(base + (child + 1) * size, base + max * size) > 0)
			max = child + 1;
		if (max == root)
			return;
		swap_bytes(base + root * size, base + max * size, size);
		root = max;
	}
}

static void sort(void *base, size_t n, size_t size, cmp_func_t cmp,
		 void *swap)
{
	char *b = base;
	size_t i;

	(void)swap;
	for (i = n / 2; i-- > 0;)
		sift_down(b, i, n, size, cmp);
	for (i = n; i-- > 1;) {
		swap_bytes(b, b + i * size, size);
		sift_down(b, 0, i, size, cmp);
	}
}

#include "../../module/fold.h"

static unsigned long long comparisons;

#define MEMFRAG_OLDEST_LESS(a, b)	(comparisons++, (a).ts < (b).ts)
#include "../../module/oldest.h"

/* A row of the tasks table, as module/top.c keeps it. */
struct row {
	int pid;
	char comm[16];
	uint64_t weight, error, count, total_ns, max_ns;
};

static int id_cmp(const void *a, const void *b)
{
	const struct row *x = a, *y = b;

	comparisons++;
	if (x->pid != y->pid)
		return x->pid < y->pid ? -1 : 1;
	/* pid 0 rows (IRQ context, idle) are told apart by name. */
	return x->pid ? 0 : strncmp(x->comm, y->comm, sizeof(x->comm));
}

static int weight_cmp(const void *a, const void *b)
{
	const struct row *x = a, *y = b;

	comparisons++;
	if (x->weight != y->weight)
		return x->weight < y->weight ? 1 : -1;
	comparisons--;	/* id_cmp counts itself */
	return id_cmp(a, b);
}

static void add(void *into, const void *from)
{
	struct row *m = into;
	const struct row *e = from;

	m->count += e->count;
	m->total_ns += e->total_ns;
	m->max_ns = m->max_ns > e->max_ns ? m->max_ns : e->max_ns;
	m->weight += e->weight;
	m->error += e->error;
}

/* The merge by lookup that reads did before: each row against all merged. */
static int fold_by_lookup(struct row *all, int n, struct row *out)
{
	int i, j, m = 0;

	for (i = 0; i < n; i++) {
		for (j = 0; j < m; j++)
			if (!id_cmp(&out[j], &all[i]))
				break;
		if (j < m)
			add(&out[j], &all[i]);
		else
			out[m++] = all[i];
	}
	/* Ordered by weight outside the count: only the lookup is the old cost. */
	{
		unsigned long long saved = comparisons;

		qsort(out, m, sizeof(*out), weight_cmp);
		comparisons = saved;
	}
	return m;
}

static uint64_t rng = 88172645463325252ULL;

static uint64_t next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

/* cpus CPUs of 8 rows; keys drawn from a pool of pool tasks. */
static int fill(struct row *all, int cpus, int pool)
{
	int n = 0, c, i;

	for (c = 0; c < cpus; c++)
		for (i = 0; i < 8; i++) {
			struct row *r = &all[n++];

			memset(r, 0, sizeof(*r));
			r->pid = (int)(next() % pool);
			if (!r->pid)
				snprintf(r->comm, sizeof(r->comm), "%s",
					 next() & 1 ? "[extfrag]" : "swapper/0");
			r->count = 1 + next() % 1000;
			r->total_ns = next() % 1000000;
			r->max_ns = r->total_ns / 2;
			r->weight = r->total_ns;
			r->error = next() % 3;
		}
	return n;
}

static int same_row(const struct row *a, const struct row *b)
{
	return a->pid == b->pid && !strcmp(a->comm, b->comm) &&
	       a->weight == b->weight && a->error == b->error &&
	       a->count == b->count && a->total_ns == b->total_ns &&
	       a->max_ns == b->max_ns;
}

static int log2_up(int n);

static unsigned long long bound(int n)
{
	return 4ULL * n * log2_up(n) + 2ULL * n;
}

static int test_no;
static int failures;

static void check(int ok, const char *fmt, ...)
{
	va_list ap;

	printf("%sok %d ", ok ? "" : "not ", ++test_no);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	failures += !ok;
}

static int log2_up(int n)
{
	int log = 0;

	while ((1LL << log) < n)
		log++;
	return log;
}

/*
 * cpus rings of per_ring records each, times increasing within a ring;
 * merged by the heap (as the module does) and by a scan of every ring (as
 * reads once did).  Both must give every record, oldest first.
 */
static void test_oldest(int cpus, int per_ring)
{
	unsigned long long *ts = calloc((size_t)cpus * per_ring, sizeof(*ts));
	int *next_rec = calloc(cpus, sizeof(*next_rec));
	struct memfrag_oldest *h = calloc(cpus, sizeof(*h));
	unsigned long long heap_cmp, scan_cmp, last = 0, bound_cmp;
	int c, i, len = 0, taken = 0, ordered = 1, total = cpus * per_ring;

	if (!ts || !next_rec || !h) {
		perror("calloc");
		exit(1);
	}
	for (c = 0; c < cpus; c++) {
		unsigned long long t = next() % 1000;

		for (i = 0; i < per_ring; i++) {
			t += 1 + next() % 5000;
			ts[(size_t)c * per_ring + i] = t;
		}
	}
	comparisons = 0;
	for (c = 0; c < cpus; c++)
		h[len++] = (struct memfrag_oldest){ ts[(size_t)c * per_ring], c };
	memfrag_oldest_build(h, len);
	while (len) {
		int cpu = h[0].cpu, more;

		ordered &= h[0].ts >= last;
		last = h[0].ts;
		taken++;
		more = ++next_rec[cpu] < per_ring;
		if (more)
			h[0].ts = ts[(size_t)cpu * per_ring + next_rec[cpu]];
		len = memfrag_oldest_advance(h, len, more);
	}
	heap_cmp = comparisons;
	bound_cmp = (unsigned long long)total * (2 * log2_up(cpus) + 2) +
		    2ULL * cpus;
	check(ordered && taken == total,
	      "oldest.%d_cpus_every_record_oldest_first # %d of %d records",
	      cpus, taken, total);
	check(heap_cmp <= bound_cmp,
	      "oldest.%d_cpus_in_log_cpus_per_record # %llu comparisons for %d records, bound %llu",
	      cpus, heap_cmp, total, bound_cmp);

	/* The control: the scan for the oldest ring, per record. */
	memset(next_rec, 0, cpus * sizeof(*next_rec));
	comparisons = 0;
	for (taken = 0; taken < total; taken++) {
		int best = -1;

		for (c = 0; c < cpus; c++) {
			if (next_rec[c] == per_ring)
				continue;
			comparisons++;
			if (best < 0 || ts[(size_t)c * per_ring + next_rec[c]] <
					ts[(size_t)best * per_ring + next_rec[best]])
				best = c;
		}
		next_rec[best]++;
	}
	scan_cmp = comparisons;
	if (cpus >= 1024)
		check(scan_cmp > bound_cmp,
		      "oldest.bound_rejects_scan_at_%d_cpus # %llu comparisons, bound %llu",
		      cpus, scan_cmp, bound_cmp);
	free(ts);
	free(next_rec);
	free(h);
}

int main(void)
{
	static const int cpu_counts[] = { 1, 2, 64, 1024, 4096 };
	static const int pools[] = { 40, 1000000 };
	size_t ci, pi;

	printf("TAP version 13\n1..%zu\n",
	       2 * (sizeof(cpu_counts) / sizeof(*cpu_counts)) *
	       (sizeof(pools) / sizeof(*pools)) + 1 +
	       2 * (sizeof(cpu_counts) / sizeof(*cpu_counts)) + 2);
	for (ci = 0; ci < sizeof(cpu_counts) / sizeof(*cpu_counts); ci++) {
		for (pi = 0; pi < sizeof(pools) / sizeof(*pools); pi++) {
			int cpus = cpu_counts[ci], pool = pools[pi];
			const char *keys = pool < 100 ? "repeated" : "distinct";
			struct row *all = calloc(cpus * 8, sizeof(*all));
			struct row *copy = calloc(cpus * 8, sizeof(*all));
			struct row *ref = calloc(cpus * 8, sizeof(*all));
			unsigned long long folded;
			int n, m, r, same;

			if (!all || !copy || !ref) {
				perror("calloc");
				return 1;
			}
			n = fill(all, cpus, pool);
			memcpy(copy, all, n * sizeof(*all));
			comparisons = 0;
			m = memfrag_fold(all, n, sizeof(*all), id_cmp, add,
					 weight_cmp);
			folded = comparisons;
			check(folded <= bound(n),
			      "fold.%d_cpus_%s_keys_in_n_log_n # %llu comparisons for %d rows, bound %llu",
			      cpus, keys, folded,
			      n, bound(n));
			r = fold_by_lookup(copy, n, ref);
			same = r == m;
			while (same && r--)
				same = same_row(&ref[r], &all[r]);
			check(same, "fold.%d_cpus_%s_keys_equal_merge_by_lookup # %d rows from %d",
			      cpus, keys, m, n);
			free(all);
			free(copy);
			free(ref);
		}
	}
	/* The control: the old merge, on distinct keys at 1024 CPUs. */
	{
		int n;
		struct row *all = calloc(1024 * 8, sizeof(*all));
		struct row *ref = calloc(1024 * 8, sizeof(*all));

		if (!all || !ref)
			return 1;
		n = fill(all, 1024, 1000000);
		comparisons = 0;
		fold_by_lookup(all, n, ref);
		check(comparisons > bound(n),
		      "fold.bound_rejects_merge_by_lookup # %llu comparisons at 1024 CPUs, bound %llu",
		      comparisons, bound(n));
		free(all);
		free(ref);
	}
	for (ci = 0; ci < sizeof(cpu_counts) / sizeof(*cpu_counts); ci++)
		test_oldest(cpu_counts[ci], 32);
	return failures ? 1 : 0;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * /sys/kernel/debug/memfrag/zones against the kernel's own files.
 *
 * Every section of the snapshot restates something the kernel already
 * publishes, or computes something from it: free blocks (/proc/buddyinfo),
 * the unusable free space and fragmentation indices
 * (/sys/kernel/debug/extfrag/), the zone counters and watermarks
 * (/proc/zoneinfo), and the proactive compaction score, which this test
 * recomputes from buddyinfo and zoneinfo with mm/compaction.c's formula.
 *
 * Free memory moves all the time, so each comparison reads memfrag, then
 * the kernel's file, then memfrag again; only when both memfrag reads agree
 * (the system was quiet in between) is the kernel's file compared with
 * them.  A test fails if that never happens in QUIET_TRIES attempts.
 *
 * The tests run in order and share the kernel's state: each loads memfrag
 * if it is not loaded, and the last unloads it.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "memfrag_lib.h"

#define MEMFRAG_ZONES		MEMFRAG_DIR "/zones"
#define EXTFRAG_DIR		"/sys/kernel/debug/extfrag"
#define BUDDYINFO		"/proc/buddyinfo"
#define ZONEINFO		"/proc/zoneinfo"
#define PROACTIVENESS		"/proc/sys/vm/compaction_proactiveness"
#define HPAGE_PMD_SIZE		"/sys/kernel/mm/transparent_hugepage/hpage_pmd_size"
#define MEMINFO			"/proc/meminfo"

#define BUF_SIZE		(1 << 20)
#define QUIET_TRIES		5
#define MAX_ROWS		128
#define MAX_COLS		16
#define TOKEN_LEN		24
/* Share of free memory fragment_memory() takes, in percent. */
#define FRAGMENT_PERCENT	30
/* fragment_memory()'s unit: a PMD-sized (order-9) block on x86-64. */
#define CHUNK			(2UL << 20)
#define NAME_LEN		16

/* Columns of memfrag's [zones] section, after node and zone. */
enum {
	COL_PRESENT, COL_MANAGED, COL_FREE, COL_MIN, COL_LOW, COL_HIGH,
	COL_BOOST, COL_SCORE, NR_ZONE_COLS
};

static const char *const zone_cols[NR_ZONE_COLS] = {
	"present", "managed", "free", "min", "low", "high", "boost", "score",
};

/* One row of a per-zone table: node, zone name, then value tokens. */
struct row {
	int nid;
	char zone[NAME_LEN];
	int n;
	char tok[MAX_COLS][TOKEN_LEN];
};

struct table {
	int n;
	struct row row[MAX_ROWS];
};

/* One zone of /proc/zoneinfo (populated or not). */
struct zoneinfo {
	int nid;
	char zone[NAME_LEN];
	unsigned long free, boost, min, low, high, present, managed;
};

struct zoneinfo_table {
	int n;
	struct zoneinfo z[MAX_ROWS];
};

static char mf_buf[BUF_SIZE], mf_again[BUF_SIZE];
static char k_buf[2][BUF_SIZE];

FIXTURE(snapshot) {};
FIXTURE_SETUP(snapshot) {}
FIXTURE_TEARDOWN(snapshot) {}

static void require_root_and_module(struct __test_metadata *_metadata)
{
	const char *why = memfrag_missing_prerequisite();

	if (why)
		SKIP(return, "%s", why);
}


/* Copies the line at s (without its newline) into line; next line or NULL. */
static const char *get_line(const char *s, char *line, size_t size)
{
	size_t len = strcspn(s, "\n");

	if (len >= size)
		len = size - 1;
	memcpy(line, s, len);
	line[len] = '\0';
	s += strcspn(s, "\n");
	return *s ? s + 1 : NULL;
}

/* Splits line at whitespace; returns the number of tokens (<= max). */
static int split(char *line, char **tok, int max)
{
	char *save, *t;
	int n = 0;

	for (t = strtok_r(line, " \t", &save); t && n < max;
	     t = strtok_r(NULL, " \t", &save))
		tok[n++] = t;
	return n;
}

/*
 * The body of memfrag's "[name]" section: from the line after the section
 * header to the next section header or the end.  Sets *len; NULL if absent.
 */
static const char *section(const char *buf, const char *name, size_t *len)
{
	char hdr[64];
	const char *start, *end;

	snprintf(hdr, sizeof(hdr), "\n[%s]\n", name);
	start = strstr(buf, hdr);
	if (!start)
		return NULL;
	start += strlen(hdr);
	end = strstr(start, "\n[");
	*len = end ? (size_t)(end + 1 - start) : strlen(start);
	return start;
}

static bool same_sections(const char *a, const char *b,
			  const char *const *names, int n)
{
	const char *sa, *sb;
	size_t la, lb;
	int i;

	for (i = 0; i < n; i++) {
		sa = section(a, names[i], &la);
		sb = section(b, names[i], &lb);
		if (!sa || !sb || la != lb || memcmp(sa, sb, la))
			return false;
	}
	return true;
}

/*
 * Reads memfrag's zones file into mf_buf, then each of the kernel files
 * into k_buf[], then memfrag's file again, until the named sections of the
 * two memfrag reads are identical.  0, -EAGAIN if the system never was
 * quiet for long enough, or -errno of a failed read.
 */
static int read_quiet(const char *const *kpaths, int nk,
		      const char *const *sections, int ns)
{
	int attempt, i;
	long ret;

	for (attempt = 1; attempt <= QUIET_TRIES; attempt++) {
		ret = read_file(MEMFRAG_ZONES, mf_buf, BUF_SIZE);
		if (ret < 0)
			return ret;
		for (i = 0; i < nk; i++) {
			ret = read_file(kpaths[i], k_buf[i], BUF_SIZE);
			if (ret < 0)
				return ret;
		}
		ret = read_file(MEMFRAG_ZONES, mf_again, BUF_SIZE);
		if (ret < 0)
			return ret;
		if (same_sections(mf_buf, mf_again, sections, ns))
			return 0;
		ksft_print_msg("attempt %d: memfrag changed between reads, retrying\n",
			       attempt);
		usleep(200000);
	}
	return -EAGAIN;
}

/*
 * Parses memfrag's "[name]" section: a header line naming the columns, then
 * "node zone value..." rows.  The header's first two names are checked.
 * 0, or -1 if the section is missing or malformed.
 */
static int parse_memfrag_table(const char *buf, const char *name,
			       struct table *t, char header[][TOKEN_LEN],
			       int *header_cols)
{
	char line[1024], *tok[MAX_COLS + 2];
	const char *s;
	size_t len;
	int i, n;

	t->n = 0;
	s = section(buf, name, &len);
	if (!s)
		return -1;
	s = get_line(s, line, sizeof(line));
	n = split(line, tok, MAX_COLS + 2);
	if (n < 2 || strcmp(tok[0], "node") || strcmp(tok[1], "zone"))
		return -1;
	if (header) {
		for (i = 2; i < n; i++)
			snprintf(header[i - 2], TOKEN_LEN, "%s", tok[i]);
		*header_cols = n - 2;
	}
	while (s && *s && *s != '[') {
		struct row *r = &t->row[t->n];

		s = get_line(s, line, sizeof(line));
		n = split(line, tok, MAX_COLS + 2);
		if (n == 0)
			continue;
		if (n < 2 || t->n >= MAX_ROWS)
			return -1;
		r->nid = atoi(tok[0]);
		snprintf(r->zone, NAME_LEN, "%s", tok[1]);
		r->n = n - 2;
		for (i = 2; i < n; i++)
			snprintf(r->tok[i - 2], TOKEN_LEN, "%s", tok[i]);
		t->n++;
	}
	return 0;
}

/*
 * Parses the kernel's per-zone files (/proc/buddyinfo and
 * /sys/kernel/debug/extfrag/ *): "Node 0, zone   Normal v0 v1 ...".
 */
static int parse_kernel_table(const char *buf, struct table *t)
{
	char line[1024], *tok[MAX_COLS + 4];
	const char *s = buf;
	int i, n;

	t->n = 0;
	while (s && *s) {
		struct row *r = &t->row[t->n];

		s = get_line(s, line, sizeof(line));
		n = split(line, tok, MAX_COLS + 4);
		if (n == 0)
			continue;
		if (n < 4 || strcmp(tok[0], "Node") || strcmp(tok[2], "zone") ||
		    t->n >= MAX_ROWS)
			return -1;
		r->nid = atoi(tok[1]);
		snprintf(r->zone, NAME_LEN, "%s", tok[3]);
		r->n = n - 4;
		for (i = 4; i < n; i++)
			snprintf(r->tok[i - 4], TOKEN_LEN, "%s", tok[i]);
		t->n++;
	}
	return 0;
}

/* Every zone of /proc/zoneinfo, with the counters memfrag also shows. */
static int parse_zoneinfo(const char *buf, struct zoneinfo_table *t)
{
	char line[1024], *tok[8];
	struct zoneinfo *z = NULL;
	unsigned long *field;
	const char *s = buf;
	int n;

	t->n = 0;
	while (s && *s) {
		s = get_line(s, line, sizeof(line));
		n = split(line, tok, 8);
		if (n == 4 && !strcmp(tok[0], "Node") &&
		    !strcmp(tok[2], "zone")) {
			if (t->n >= MAX_ROWS)
				return -1;
			z = &t->z[t->n++];
			memset(z, 0, sizeof(*z));
			z->nid = atoi(tok[1]);
			snprintf(z->zone, NAME_LEN, "%s", tok[3]);
			continue;
		}
		if (!z)
			continue;
		/* pagesets print "high:  <n>", with a colon: not this one. */
		field = NULL;
		if (n == 3 && !strcmp(tok[0], "pages") && !strcmp(tok[1], "free"))
			z->free = strtoul(tok[2], NULL, 10);
		else if (n != 2)
			continue;
		else if (!strcmp(tok[0], "boost"))
			field = &z->boost;
		else if (!strcmp(tok[0], "min"))
			field = &z->min;
		else if (!strcmp(tok[0], "low"))
			field = &z->low;
		else if (!strcmp(tok[0], "high"))
			field = &z->high;
		else if (!strcmp(tok[0], "present"))
			field = &z->present;
		else if (!strcmp(tok[0], "managed"))
			field = &z->managed;
		if (field)
			*field = strtoul(tok[1], NULL, 10);
	}
	return 0;
}

static const struct zoneinfo *find_zone(const struct zoneinfo_table *t,
					int nid, const char *zone)
{
	int i;

	for (i = 0; i < t->n; i++)
		if (t->z[i].nid == nid && !strcmp(t->z[i].zone, zone))
			return &t->z[i];
	return NULL;
}

/*
 * A freshly booted guest has nearly all of its free memory in the largest
 * blocks: every index would be 0.000 or -1.000 and every score 0, which a
 * wrong formula could match.  fragment_memory() faults in part of free
 * memory in CHUNK-sized pieces and gives some of it back: every other page
 * of one chunk (free order-0 pages whose buddies stay allocated), all but
 * the last page of the next (runs of 511 pages: blocks up to order 8, which
 * count as usable for order 8 but not for the score's order 9), and so on.
 * The indices and scores compared below then are real fractions that
 * differ from one order to the next.  The memory is held until the test
 * ends.
 */
struct fragmenter {
	char *mem;
	size_t len;
};

static unsigned long meminfo_kb(const char *key)
{
	static char buf[8192];
	const char *s;

	if (read_file(MEMINFO, buf, sizeof(buf)) <= 0)
		return 0;
	s = strstr(buf, key);
	return s ? strtoul(s + strlen(key), NULL, 10) : 0;
}

static int fragment_memory(struct fragmenter *f, int percent)
{
	size_t page = sysconf(_SC_PAGESIZE), chunk, off;

	f->len = meminfo_kb("MemFree:") * 1024 / 100 * percent;
	f->len -= f->len % CHUNK;
	if (!f->len)
		return -ENOMEM;
	f->mem = mmap(NULL, f->len, PROT_READ | PROT_WRITE,
		      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (f->mem == MAP_FAILED)
		return -errno;
	/*
	 * Base pages, not THPs that a partial MADV_DONTNEED would only split
	 * later; populated by the kernel, far faster than faulting from here
	 * under emulation.
	 */
	if (madvise(f->mem, f->len, MADV_NOHUGEPAGE))
		return -errno;
	if (madvise(f->mem, f->len, MADV_POPULATE_WRITE))
		for (off = 0; off < f->len; off += page)
			f->mem[off] = 1;
	for (chunk = 0; chunk + CHUNK <= f->len; chunk += CHUNK) {
		if ((chunk / CHUNK) % 2) {
			if (madvise(f->mem + chunk, CHUNK - page, MADV_DONTNEED))
				return -errno;
			continue;
		}
		for (off = 0; off < CHUNK; off += 2 * page)
			if (madvise(f->mem + chunk + off, page, MADV_DONTNEED))
				return -errno;
	}
	return 0;
}

static void unfragment_memory(struct fragmenter *f)
{
	if (f->mem && f->mem != MAP_FAILED)
		munmap(f->mem, f->len);
	f->mem = NULL;
}

/* Compares two per-zone tables row by row and token by token. */
static void expect_same_table(struct __test_metadata *_metadata,
			      const struct table *mf, const struct table *k,
			      const char *what)
{
	int i, j;

	EXPECT_LT(0, k->n) TH_LOG("%s: no rows", what);
	EXPECT_EQ(k->n, mf->n) TH_LOG("%s: number of zones", what);
	for (i = 0; i < mf->n && i < k->n; i++) {
		const struct row *a = &mf->row[i], *b = &k->row[i];

		EXPECT_EQ(b->nid, a->nid) TH_LOG("%s: row %d", what, i);
		EXPECT_STREQ(b->zone, a->zone) TH_LOG("%s: row %d", what, i);
		EXPECT_EQ(b->n, a->n)
			TH_LOG("%s: node %d zone %s: columns", what, b->nid,
			       b->zone);
		/* Braces: the harness's TH_LOG clause is a statement of its own. */
		for (j = 0; j < a->n && j < b->n; j++) {
			EXPECT_STREQ(b->tok[j], a->tok[j])
				TH_LOG("%s: node %d zone %s order %d", what,
				       b->nid, b->zone, j);
		}
	}
}

/* A "key: value" line of memfrag's header block; -1 if absent. */
static int header_value(const char *buf, const char *key, char *val,
			size_t size)
{
	char pat[64];
	const char *s;

	snprintf(pat, sizeof(pat), "\n%s: ", key);
	s = strstr(buf, pat);
	if (!s)
		return -1;
	get_line(s + strlen(pat), val, size);
	return 0;
}

/* Values that an index or count stuck at a boundary would not produce. */
static int count_nontrivial(const struct table *t)
{
	static const char *const trivial[] = { "0", "0.000", "1.000", "-1.000" };
	int i, j, k, n = 0;
	bool plain;

	for (i = 0; i < t->n; i++)
		for (j = 0; j < t->row[i].n; j++) {
			plain = false;
			for (k = 0; k < (int)ARRAY_SIZE(trivial); k++)
				plain |= !strcmp(t->row[i].tok[j], trivial[k]);
			n += !plain;
		}
	return n;
}

/*
 * Compares one memfrag per-order section with the kernel file that shows
 * the same numbers (free blocks: buddyinfo, indices: extfrag).
 */
static void compare_with_kernel_file(struct __test_metadata *_metadata,
				     const char *name, const char *kpath)
{
	const char *const sections[] = { name };
	struct table *mf = calloc(1, sizeof(*mf));
	struct table *k = calloc(1, sizeof(*k));

	struct fragmenter frag = { 0 };

	ASSERT_NE(NULL, mf);
	ASSERT_NE(NULL, k);
	ASSERT_EQ(0, fragment_memory(&frag, FRAGMENT_PERCENT));
	ASSERT_EQ(0, read_quiet(&kpath, 1, sections, 1))
		TH_LOG("no quiet window in %d attempts", QUIET_TRIES);
	ASSERT_EQ(0, parse_memfrag_table(mf_buf, name, mf, NULL, NULL))
		TH_LOG("[%s] missing or malformed", name);
	ASSERT_EQ(0, parse_kernel_table(k_buf[0], k))
		TH_LOG("%s malformed", kpath);
	expect_same_table(_metadata, mf, k, name);
	ksft_print_msg("[%s]: %d zones compared with %s, %d values other than 0, 0.000, 1.000, -1.000\n",
		       name, mf->n, kpath, count_nontrivial(k));
	unfragment_memory(&frag);
	free(mf);
	free(k);
}

TEST_F_TIMEOUT(snapshot, load, 120)
{
	require_root_and_module(_metadata);
	ASSERT_EQ(0, memfrag_ensure_loaded());
	ASSERT_EQ(0, access(MEMFRAG_ZONES, R_OK));
}

/*
 * The common header, the sections in order, and every zone /proc/zoneinfo
 * calls populated (present pages) in [zones], and no other.
 */
TEST_F_TIMEOUT(snapshot, header_and_every_populated_zone, 120)
{
	static const char *const order[] = {
		"\n\n[zones]\n", "\n[nodes]\n", "\n[free_blocks]\n",
		"\n[unusable_index]\n", "\n[fragmentation_index]\n",
	};
	char header[MAX_COLS][TOKEN_LEN], first[128], second[128];
	struct zoneinfo_table *zi = calloc(1, sizeof(*zi));
	struct table *mf = calloc(1, sizeof(*mf));
	const char *kpath = ZONEINFO, *s, *prev;
	const char *const sections[] = { "zones" };
	int i, j, cols = 0, populated = 0;
	const char *next;

	require_root_and_module(_metadata);
	ASSERT_NE(NULL, zi);
	ASSERT_NE(NULL, mf);
	ASSERT_EQ(0, memfrag_ensure_loaded());
	ASSERT_EQ(0, read_quiet(&kpath, 1, sections, 1));

	next = get_line(mf_buf, first, sizeof(first));
	ASSERT_NE(NULL, next);
	get_line(next, second, sizeof(second));
	EXPECT_EQ(0, strncmp(first, "memfrag ", 8)) TH_LOG("'%s'", first);
	EXPECT_LT(8U, strlen(first)) TH_LOG("no version: '%s'", first);
	EXPECT_STREQ("format: 1", second);

	prev = mf_buf;
	for (i = 0; i < (int)ARRAY_SIZE(order); i++) {
		s = strstr(prev, order[i]);
		EXPECT_NE(NULL, s) TH_LOG("missing or out of order: %s",
					  order[i] + 1);
		if (s)
			prev = s;
	}

	ASSERT_EQ(0, parse_memfrag_table(mf_buf, "zones", mf, header, &cols));
	ASSERT_EQ(NR_ZONE_COLS, cols);
	for (i = 0; i < NR_ZONE_COLS; i++) {
		EXPECT_STREQ(zone_cols[i], header[i])
			TH_LOG("[zones] column %d", i + 2);
	}

	ASSERT_EQ(0, parse_zoneinfo(k_buf[0], zi));
	for (i = 0; i < zi->n; i++) {
		bool found = false;

		if (!zi->z[i].present)
			continue;
		populated++;
		for (j = 0; j < mf->n; j++)
			found |= mf->row[j].nid == zi->z[i].nid &&
				 !strcmp(mf->row[j].zone, zi->z[i].zone);
		EXPECT_TRUE(found) TH_LOG("node %d zone %s not in [zones]",
					  zi->z[i].nid, zi->z[i].zone);
	}
	EXPECT_LT(0, populated);
	EXPECT_EQ(populated, mf->n);
	ksft_print_msg("%d populated zones of %d in /proc/zoneinfo\n",
		       populated, zi->n);
	free(zi);
	free(mf);
}

/*
 * The order mm/compaction.c scores for: a PMD-sized huge page.  From the
 * THP sysfs file when the kernel has one; -1 if unknown.
 */
static int pmd_order(void)
{
	char buf[64];
	unsigned long size, pages;
	long page = sysconf(_SC_PAGESIZE);
	int order = 0;

	if (read_file(HPAGE_PMD_SIZE, buf, sizeof(buf)) > 0) {
		size = strtoul(buf, NULL, 10);
	} else {
#ifdef __x86_64__
		size = 2UL << 20;
#else
		return -1;
#endif
	}
	for (pages = size / page; pages > 1; pages >>= 1)
		order++;
	return order;
}

/* mm/vmstat.c's extfrag_for_order() from one buddyinfo row. */
static unsigned long extfrag_for_order(const struct row *r, int order)
{
	unsigned long blocks, free_pages = 0, suitable = 0;
	int o;

	for (o = 0; o < r->n; o++) {
		blocks = strtoul(r->tok[o], NULL, 10);
		free_pages += blocks << o;
		if (o >= order)
			suitable += blocks << (o - order);
	}
	if (!free_pages)
		return 0;
	return (free_pages - (suitable << order)) * 100 / free_pages;
}

/*
 * The zone and node fragmentation scores, recomputed from /proc/buddyinfo
 * and the present pages of /proc/zoneinfo with mm/compaction.c's formula:
 * zone = present * extfrag_for_order(score_order) / (node present + 1),
 * node = the sum over its zones.
 *
 * This test fragments memory first of all: on memory no test has churned
 * yet, fragment_memory()'s runs are physically contiguous enough to leave
 * order-8 blocks, so a score computed for the wrong order differs.
 */
TEST_F_TIMEOUT(snapshot, scores_match_recomputation, 120)
{
	const char *const kpaths[] = { BUDDYINFO, ZONEINFO };
	const char *const sections[] = { "free_blocks", "nodes" };
	struct zoneinfo_table *zi = calloc(1, sizeof(*zi));
	struct table *mf = calloc(1, sizeof(*mf));
	struct table *nodes = calloc(1, sizeof(*nodes));
	struct table *buddy = calloc(1, sizeof(*buddy));
	struct fragmenter frag = { 0 };
	unsigned long node_score, node_present, want, score;
	int i, j, order, nid, nodes_seen = 0;
	char val[64];
	const char *s;
	size_t len;

	require_root_and_module(_metadata);
	ASSERT_NE(NULL, zi);
	ASSERT_NE(NULL, mf);
	ASSERT_NE(NULL, nodes);
	ASSERT_NE(NULL, buddy);
	order = pmd_order();
	if (order < 0)
		SKIP(return, "unknown huge page order on this architecture");
	ASSERT_EQ(0, memfrag_ensure_loaded());
	ASSERT_EQ(0, fragment_memory(&frag, FRAGMENT_PERCENT));
	ASSERT_EQ(0, read_quiet(kpaths, 2, sections, 2))
		TH_LOG("no quiet window in %d attempts", QUIET_TRIES);

	ASSERT_EQ(0, header_value(mf_buf, "score_order", val, sizeof(val)));
	EXPECT_EQ(order, atoi(val));
	ASSERT_EQ(0, parse_memfrag_table(mf_buf, "zones", mf, NULL, NULL));
	ASSERT_EQ(0, parse_kernel_table(k_buf[0], buddy));
	ASSERT_EQ(0, parse_zoneinfo(k_buf[1], zi));
	ASSERT_EQ(buddy->n, mf->n);

	/* The [nodes] section: "node score" rows after its header. */
	s = section(mf_buf, "nodes", &len);
	ASSERT_NE(NULL, s);
	nodes->n = 0;
	s = strchr(s, '\n') + 1;
	while (*s && *s != '[' && nodes->n < MAX_ROWS) {
		if (sscanf(s, "%d %23s", &nodes->row[nodes->n].nid,
			   nodes->row[nodes->n].tok[0]) == 2)
			nodes->n++;
		s += strcspn(s, "\n");
		s += *s == '\n';
	}

	for (i = 0; i < buddy->n; i = j) {
		nid = buddy->row[i].nid;
		node_present = 0;
		for (j = 0; j < zi->n; j++)
			if (zi->z[j].nid == nid)
				node_present += zi->z[j].present;

		node_score = 0;
		for (j = i; j < buddy->n && buddy->row[j].nid == nid; j++) {
			const struct row *b = &buddy->row[j];
			const struct zoneinfo *z = find_zone(zi, nid, b->zone);

			ASSERT_NE(NULL, z);
			want = z->present * extfrag_for_order(b, order) /
			       (node_present + 1);
			node_score += want;
			EXPECT_EQ(nid, mf->row[j].nid);
			EXPECT_STREQ(b->zone, mf->row[j].zone);
			ASSERT_EQ(NR_ZONE_COLS, mf->row[j].n);
			score = strtoul(mf->row[j].tok[COL_SCORE], NULL, 10);
			EXPECT_EQ(want, score)
				TH_LOG("node %d zone %s score", nid, b->zone);
			ksft_print_msg("node %d %-8s extfrag(order %d) %lu%% (order %d: %lu%%) score %lu (memfrag %lu)\n",
				       nid, b->zone, order,
				       extfrag_for_order(b, order), order - 1,
				       extfrag_for_order(b, order - 1), want,
				       score);
		}
		ASSERT_LT(nodes_seen, nodes->n) TH_LOG("node %d missing", nid);
		EXPECT_EQ(nid, nodes->row[nodes_seen].nid);
		EXPECT_EQ(node_score,
			  strtoul(nodes->row[nodes_seen].tok[0], NULL, 10))
			TH_LOG("node %d score", nid);
		ksft_print_msg("node %d score %lu (memfrag %s)\n", nid,
			       node_score, nodes->row[nodes_seen].tok[0]);
		nodes_seen++;
	}
	EXPECT_EQ(nodes_seen, nodes->n);
	unfragment_memory(&frag);
	free(zi);
	free(mf);
	free(nodes);
	free(buddy);
}

TEST_F_TIMEOUT(snapshot, free_blocks_match_buddyinfo, 120)
{
	require_root_and_module(_metadata);
	ASSERT_EQ(0, memfrag_ensure_loaded());
	compare_with_kernel_file(_metadata, "free_blocks", BUDDYINFO);
}

TEST_F_TIMEOUT(snapshot, unusable_index_matches_extfrag, 120)
{
	require_root_and_module(_metadata);
	if (access(EXTFRAG_DIR "/unusable_index", R_OK))
		SKIP(return, "no " EXTFRAG_DIR " (CONFIG_COMPACTION?)");
	ASSERT_EQ(0, memfrag_ensure_loaded());
	compare_with_kernel_file(_metadata, "unusable_index",
				 EXTFRAG_DIR "/unusable_index");
}

TEST_F_TIMEOUT(snapshot, fragmentation_index_matches_extfrag, 120)
{
	require_root_and_module(_metadata);
	if (access(EXTFRAG_DIR "/extfrag_index", R_OK))
		SKIP(return, "no " EXTFRAG_DIR " (CONFIG_COMPACTION?)");
	ASSERT_EQ(0, memfrag_ensure_loaded());
	compare_with_kernel_file(_metadata, "fragmentation_index",
				 EXTFRAG_DIR "/extfrag_index");
}

/* [zones] counters and watermarks against /proc/zoneinfo, same window. */
TEST_F_TIMEOUT(snapshot, zones_match_zoneinfo, 120)
{
	const char *const sections[] = { "zones" };
	struct zoneinfo_table *zi = calloc(1, sizeof(*zi));
	struct table *mf = calloc(1, sizeof(*mf));
	struct fragmenter frag = { 0 };
	const char *kpath = ZONEINFO;
	int i, c;

	require_root_and_module(_metadata);
	ASSERT_NE(NULL, zi);
	ASSERT_NE(NULL, mf);
	ASSERT_EQ(0, memfrag_ensure_loaded());
	ASSERT_EQ(0, fragment_memory(&frag, FRAGMENT_PERCENT));
	ASSERT_EQ(0, read_quiet(&kpath, 1, sections, 1))
		TH_LOG("no quiet window in %d attempts", QUIET_TRIES);
	ASSERT_EQ(0, parse_memfrag_table(mf_buf, "zones", mf, NULL, NULL));
	ASSERT_EQ(0, parse_zoneinfo(k_buf[0], zi));
	ASSERT_LT(0, mf->n);

	for (i = 0; i < mf->n; i++) {
		const struct row *r = &mf->row[i];
		const struct zoneinfo *z = find_zone(zi, r->nid, r->zone);
		const unsigned long want[] = {
			[COL_PRESENT] = z ? z->present : 0,
			[COL_MANAGED] = z ? z->managed : 0,
			[COL_FREE] = z ? z->free : 0,
			[COL_MIN] = z ? z->min : 0,
			[COL_LOW] = z ? z->low : 0,
			[COL_HIGH] = z ? z->high : 0,
			[COL_BOOST] = z ? z->boost : 0,
		};

		EXPECT_NE(NULL, z) TH_LOG("node %d zone %s not in zoneinfo",
					  r->nid, r->zone);
		ASSERT_EQ(NR_ZONE_COLS, r->n);
		if (!z)
			continue;
		for (c = 0; c <= COL_BOOST; c++) {
			EXPECT_EQ(want[c], strtoul(r->tok[c], NULL, 10))
				TH_LOG("node %d zone %s %s", r->nid, r->zone,
				       zone_cols[c]);
		}
		ksft_print_msg("node %d %-8s present %lu managed %lu free %lu min/low/high %lu/%lu/%lu boost %lu\n",
			       z->nid, z->zone, z->present, z->managed,
			       z->free, z->min, z->low, z->high, z->boost);
	}
	unfragment_memory(&frag);
	free(zi);
	free(mf);
}

static void expect_thresholds(struct __test_metadata *_metadata,
			      const char *proactiveness, const char *low,
			      const char *high)
{
	char val[64];

	ASSERT_LT(0, read_file(MEMFRAG_ZONES, mf_buf, BUF_SIZE));
	ASSERT_EQ(0, header_value(mf_buf, "compaction_proactiveness", val,
				  sizeof(val)));
	EXPECT_STREQ(proactiveness, val);
	ASSERT_EQ(0, header_value(mf_buf, "score_low", val, sizeof(val)));
	EXPECT_STREQ(low, val) TH_LOG("proactiveness %s", proactiveness);
	ASSERT_EQ(0, header_value(mf_buf, "score_high", val, sizeof(val)));
	EXPECT_STREQ(high, val) TH_LOG("proactiveness %s", proactiveness);
}

/*
 * score_low = max(100 - proactiveness, 5), score_high = min(low + 10, 100),
 * with proactiveness read from the sysctl when the file is read: set it to
 * a few values (both clamps included) and restore it.
 */
TEST_F_TIMEOUT(snapshot, thresholds_follow_proactiveness, 120)
{
	static const struct {
		const char *set, *low, *high;
	} cases[] = {
		{ "35", "65", "75" },
		{ "0", "100", "100" },
		{ "96", "5", "15" },
	};
	char orig[32], low[16], high[16];
	unsigned int i, p, l;

	require_root_and_module(_metadata);
	ASSERT_EQ(0, memfrag_ensure_loaded());
	if (read_file(PROACTIVENESS, orig, sizeof(orig)) <= 0)
		SKIP(return, "no " PROACTIVENESS);
	orig[strcspn(orig, "\n")] = '\0';
	p = strtoul(orig, NULL, 10);
	l = 100 - p > 5 ? 100 - p : 5;
	snprintf(low, sizeof(low), "%u", l);
	snprintf(high, sizeof(high), "%u", l + 10 < 100 ? l + 10 : 100);
	expect_thresholds(_metadata, orig, low, high);

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		EXPECT_EQ(0, write_file(PROACTIVENESS, cases[i].set));
		expect_thresholds(_metadata, cases[i].set, cases[i].low,
				  cases[i].high);
	}
	ASSERT_EQ(0, write_file(PROACTIVENESS, orig));
	expect_thresholds(_metadata, orig, low, high);
}

/*
 * memfrag reads the sysctl through the reader's own view of the file
 * system: a reader whose /proc is an empty tmpfs gets "unknown" for it and
 * for the thresholds, and the rest of the file as usual.
 */
TEST_F_TIMEOUT(snapshot, proactiveness_unknown_without_procfs, 120)
{
	int status;
	pid_t pid;

	require_root_and_module(_metadata);
	ASSERT_EQ(0, memfrag_ensure_loaded());
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		char val[64];

		if (unshare(CLONE_NEWNS) ||
		    mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) ||
		    mount("tmpfs", "/proc", "tmpfs", 0, NULL))
			_exit(2);
		if (read_file(MEMFRAG_ZONES, mf_buf, BUF_SIZE) <= 0)
			_exit(3);
		if (header_value(mf_buf, "compaction_proactiveness", val,
				 sizeof(val)) || strcmp(val, "unknown"))
			_exit(4);
		if (header_value(mf_buf, "score_low", val, sizeof(val)) ||
		    strcmp(val, "unknown"))
			_exit(5);
		if (header_value(mf_buf, "score_high", val, sizeof(val)) ||
		    strcmp(val, "unknown"))
			_exit(6);
		if (!strstr(mf_buf, "\n[free_blocks]\n"))
			_exit(7);
		_exit(0);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_TRUE(WIFEXITED(status));
	EXPECT_EQ(0, WEXITSTATUS(status))
		TH_LOG("child failed at step %d", WEXITSTATUS(status));
}

TEST_F_TIMEOUT(snapshot, unload, 120)
{
	require_root_and_module(_metadata);
	ASSERT_EQ(0, memfrag_ensure_loaded());
	ASSERT_EQ(0, memfrag_unload());
	EXPECT_FALSE(memfrag_loaded());
	EXPECT_NE(0, access(MEMFRAG_DIR, F_OK));
}

TEST_HARNESS_MAIN

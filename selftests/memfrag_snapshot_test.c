// SPDX-License-Identifier: GPL-2.0
/*
 * /sys/kernel/debug/memfrag/zones against the kernel's own files: free
 * blocks (/proc/buddyinfo), the unusable free space and fragmentation
 * indices (/sys/kernel/debug/extfrag/), zone counters and watermarks
 * (/proc/zoneinfo), and the proactive compaction score recomputed with
 * mm/compaction.c's formula; and the file looks up no path.  The tests
 * run in order: each loads memfrag if needed, the last unloads it.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "lib_module.h"
#include "lib_proc.h"

#define MEMFRAG_ZONES		MEMFRAG_PATH(MEMFRAG_FILE_ZONES)
#define EXTFRAG_DIR		"/sys/kernel/debug/extfrag"
#define BUDDYINFO		"/proc/buddyinfo"
#define ZONEINFO		"/proc/zoneinfo"
#define PROACTIVENESS		"/proc/sys/vm/compaction_proactiveness"
#define HPAGE_PMD_SIZE		"/sys/kernel/mm/transparent_hugepage/hpage_pmd_size"

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

/* The columns of [zones] that /proc/zoneinfo shows too (zone_value()). */
static const char *const zoneinfo_cols[] = {
	MEMFRAG_COL_NAME(present), MEMFRAG_COL_NAME(managed),
	MEMFRAG_COL_NAME(free), MEMFRAG_COL_NAME(min), MEMFRAG_COL_NAME(low),
	MEMFRAG_COL_NAME(high), MEMFRAG_COL_NAME(boost),
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
	/* memfrag's tables: the names of the value columns. */
	int ncols;
	char col[MAX_COLS][TOKEN_LEN];
};

/* The zones of /proc/zoneinfo (populated or not). */
struct zoneinfo_table {
	int n;
	struct zone_desc z[MAX_ROWS];
};

static char mf_buf[BUF_SIZE], mf_again[BUF_SIZE];
static char k_buf[2][BUF_SIZE];

FIXTURE(snapshot) {};
FIXTURE_SETUP(snapshot)
{
	mft_skip_unless_ready(_metadata);
}
FIXTURE_TEARDOWN(snapshot) {}

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

static bool same_sections(const char *a, const char *b,
			  const char *const *names, int n)
{
	const char *sa, *sb;
	size_t la, lb;
	int i;

	for (i = 0; i < n; i++) {
		sa = mft_section_text(a, names[i], &la);
		sb = mft_section_text(b, names[i], &lb);
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

/* Appends a row: node, zone name, then n value tokens. */
static int add_row(struct table *t, const char *nid, const char *zone,
		   char *const *tok, int n)
{
	struct row *r;
	int i;

	if (t->n >= MAX_ROWS)
		return -1;
	r = &t->row[t->n++];
	r->nid = atoi(nid);
	snprintf(r->zone, NAME_LEN, "%s", zone);
	r->n = n < MAX_COLS ? n : MAX_COLS;
	for (i = 0; i < r->n; i++)
		snprintf(r->tok[i], TOKEN_LEN, "%s", tok[i]);
	return 0;
}

/*
 * memfrag's "[name]" section of the zones file in buf: "node zone value..."
 * rows.  0, or -1 if the section is missing or malformed.
 */
static int parse_memfrag_table(const char *buf, const char *name,
			       struct table *t)
{
	struct mft_table mt;
	int i, err = 0;

	t->n = 0;
	if (mft_table_parse(buf, MEMFRAG_FILE_ZONES, name, &mt))
		return -1;
	if (mft_table_col(&mt, MEMFRAG_COL_NAME(node)) != 0 ||
	    mft_table_col(&mt, MEMFRAG_COL_NAME(zone)) != 1)
		err = -1;
	t->ncols = mt.ncols - 2 < MAX_COLS ? mt.ncols - 2 : MAX_COLS;
	for (i = 0; i < t->ncols; i++)
		snprintf(t->col[i], TOKEN_LEN, "%s", mt.col[i + 2]);
	for (i = 0; !err && i < mt.nrows; i++)
		if (mt.row[i].n < 2 ||
		    add_row(t, mt.row[i].f[0], mt.row[i].f[1],
			    mt.row[i].f + 2, mt.row[i].n - 2))
			err = -1;
	mft_table_free(&mt);
	return err;
}

/* The index of value column name of a memfrag table; -1 if none. */
static int table_col(const struct table *t, const char *name)
{
	int i;

	for (i = 0; i < t->ncols; i++)
		if (!strcmp(t->col[i], name))
			return i;
	return -1;
}

/*
 * Parses the kernel's per-zone files (/proc/buddyinfo and
 * /sys/kernel/debug/extfrag/ *): "Node 0, zone   Normal v0 v1 ...".
 */
static int parse_kernel_table(const char *buf, struct table *t)
{
	char line[1024], *tok[MAX_COLS + 4];
	const char *s = buf;
	int n;

	t->n = 0;
	while (s && *s) {
		s = get_line(s, line, sizeof(line));
		n = split(line, tok, MAX_COLS + 4);
		if (n == 0)
			continue;
		if (n < 4 || strcmp(tok[0], "Node") ||
		    strcmp(tok[2], "zone") ||	/* not a column name */
		    add_row(t, tok[1], tok[3], tok + 4, n - 4))
			return -1;
	}
	return 0;
}

/* Every zone of /proc/zoneinfo, with the counters memfrag also shows. */
static int parse_zones(const char *buf, struct zoneinfo_table *t)
{
	t->n = parse_zoneinfo(buf, t->z, MAX_ROWS);
	return t->n < 0 ? -1 : 0;
}

static const struct zone_desc *find_zone(const struct zoneinfo_table *t,
					 int nid, const char *zone)
{
	return zone_by_name(t->z, t->n, nid, zone);
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

static int fragment_memory(struct fragmenter *f, int percent)
{
	size_t page = sysconf(_SC_PAGESIZE), chunk, off;

	f->len = read_meminfo("MemFree") / 100 * percent;
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
	/* A kernel without THP (PREEMPT_RT) maps base pages anyway: EINVAL. */
	if (madvise(f->mem, f->len, MADV_NOHUGEPAGE) && errno != EINVAL)
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

/*
 * Free memory moves all the time, so each comparison reads memfrag, then
 * the kernel's file, then memfrag again; only when both memfrag reads agree
 * (the system was quiet in between) is the kernel's file compared with
 * them.  A test fails if that never happens in QUIET_TRIES attempts.
 *
 * Loads memfrag unless it is loaded, fragments memory (until
 * unfragment_memory()), then read_quiet(); 0 or -errno.
 */
static int read_fragmented(struct fragmenter *frag,
			   const char *const *kpaths, int nk,
			   const char *const *sections, int ns)
{
	int err = mft_ensure_loaded();

	if (!err)
		err = fragment_memory(frag, FRAGMENT_PERCENT);
	return err ? err : read_quiet(kpaths, nk, sections, ns);
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
	/*
	 * The indexes round to thousandths: free blocks that change and
	 * come back between memfrag's two reads can leave them the same
	 * while the kernel's read sees another value.  The counts they are
	 * computed from must stay the same too.
	 */
	const char *const sections[] = { name, MEMFRAG_SEC_NAME(free_blocks) };
	struct table *mf = calloc(1, sizeof(*mf));
	struct table *k = calloc(1, sizeof(*k));
	struct fragmenter frag = { 0 };

	ASSERT_NE(NULL, mf);
	ASSERT_NE(NULL, k);
	ASSERT_EQ(0, read_fragmented(&frag, &kpath, 1, sections, 2))
		TH_LOG("no quiet window in %d attempts", QUIET_TRIES);
	ASSERT_EQ(0, parse_memfrag_table(mf_buf, name, mf))
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

/* ... with the file of the same numbers in /sys/kernel/debug/extfrag/. */
static void compare_with_extfrag(struct __test_metadata *_metadata,
				 const char *name, const char *kname)
{
	char kpath[128];

	snprintf(kpath, sizeof(kpath), EXTFRAG_DIR "/%s", kname);
	if (access(kpath, R_OK))
		SKIP(return, "no " EXTFRAG_DIR " (CONFIG_COMPACTION?)");
	compare_with_kernel_file(_metadata, name, kpath);
}

TEST_F_TIMEOUT(snapshot, load, 120)
{
	ASSERT_EQ(0, mft_ensure_loaded());
	ASSERT_EQ(0, access(MEMFRAG_ZONES, R_OK));
}

/*
 * The common header, the sections files.h lists in its order, [zones] with
 * the columns files.h names, and every zone /proc/zoneinfo calls populated
 * (present pages) in [zones], and no other.
 */
TEST_F_TIMEOUT(snapshot, header_and_every_populated_zone, 120)
{
	char first[128], second[128], want[64];
	struct zoneinfo_table *zi = calloc(1, sizeof(*zi));
	struct table *mf = calloc(1, sizeof(*mf));
	const char *kpath = ZONEINFO, *s, *prev, *name;
	const char *const sections[] = { MEMFRAG_SEC_NAME(zones) };
	int i, j, populated = 0;
	const char *next;

	ASSERT_NE(NULL, zi);
	ASSERT_NE(NULL, mf);
	ASSERT_EQ(0, mft_ensure_loaded());
	ASSERT_EQ(0, read_quiet(&kpath, 1, sections, 1));

	next = get_line(mf_buf, first, sizeof(first));
	ASSERT_NE(NULL, next);
	get_line(next, second, sizeof(second));
	EXPECT_EQ(0, strncmp(first, "memfrag ", 8)) TH_LOG("'%s'", first);
	EXPECT_LT(8U, strlen(first)) TH_LOG("no version: '%s'", first);
	EXPECT_STREQ("format: " MEMFRAG_STR(MEMFRAG_FORMAT_VERSION), second);

	/* A blank line between the "key: value" lines and the first section. */
	prev = mf_buf;
	for (i = 0; (name = mft_schema_section(MEMFRAG_FILE_ZONES, i)); i++) {
		snprintf(want, sizeof(want), "%s[%s]\n", i ? "\n" : "\n\n", name);
		s = strstr(prev, want);
		EXPECT_NE(NULL, s) TH_LOG("missing or out of order: %s",
					  want + 1);
		if (s)
			prev = s;
	}
	EXPECT_LT(0, i);

	ASSERT_EQ(0, parse_memfrag_table(mf_buf, MEMFRAG_SEC_NAME(zones), mf))
		TH_LOG("[zones] missing, or its columns are not files.h's");

	ASSERT_EQ(0, parse_zones(k_buf[0], zi));
	for (i = 0; i < zi->n; i++) {
		bool found = false;

		if (!zi->z[i].present)
			continue;
		populated++;
		for (j = 0; j < mf->n; j++)
			found |= mf->row[j].nid == zi->z[i].nid &&
				 !strcmp(mf->row[j].zone, zi->z[i].name);
		EXPECT_TRUE(found) TH_LOG("node %d zone %s not in [zones]",
					  zi->z[i].nid, zi->z[i].name);
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
	long long size = read_num(HPAGE_PMD_SIZE);
	unsigned long pages;
	long page = sysconf(_SC_PAGESIZE);
	int order = 0;

	if (size < 0) {
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
	const char *const sections[] = { MEMFRAG_SEC_NAME(free_blocks),
					 MEMFRAG_SEC_NAME(nodes) };
	struct zoneinfo_table *zi = calloc(1, sizeof(*zi));
	struct table *mf = calloc(1, sizeof(*mf));
	struct table *buddy = calloc(1, sizeof(*buddy));
	struct fragmenter frag = { 0 };
	struct mft_table nodes;
	unsigned long node_score, node_present, want, score;
	int i, j, order, nid, score_col, node_col, node_score_col;
	int nodes_seen = 0;
	const char *node_row_score;
	char val[64];

	ASSERT_NE(NULL, zi);
	ASSERT_NE(NULL, mf);
	ASSERT_NE(NULL, buddy);
	order = pmd_order();
	if (order < 0)
		SKIP(return, "unknown huge page order on this architecture");
	ASSERT_EQ(0, read_fragmented(&frag, kpaths, 2, sections, 2))
		TH_LOG("no quiet window in %d attempts", QUIET_TRIES);

	ASSERT_EQ(0, mft_key(mf_buf, "score_order", val, sizeof(val)));
	EXPECT_EQ(order, atoi(val));
	ASSERT_EQ(0, parse_memfrag_table(mf_buf, MEMFRAG_SEC_NAME(zones), mf));
	ASSERT_EQ(0, parse_kernel_table(k_buf[0], buddy));
	ASSERT_EQ(0, parse_zones(k_buf[1], zi));
	ASSERT_EQ(buddy->n, mf->n);
	score_col = table_col(mf, MEMFRAG_COL_NAME(score));
	ASSERT_LE(0, score_col);

	/* The [nodes] section: a score per node. */
	ASSERT_EQ(0, mft_table_parse(mf_buf, MEMFRAG_FILE_ZONES,
					 MEMFRAG_SEC_NAME(nodes),
					 &nodes));
	node_col = mft_table_col(&nodes, MEMFRAG_COL_NAME(node));
	node_score_col = mft_table_col(&nodes, MEMFRAG_COL_NAME(score));
	ASSERT_LE(0, node_col);
	ASSERT_LE(0, node_score_col);

	for (i = 0; i < buddy->n; i = j) {
		nid = buddy->row[i].nid;
		node_present = 0;
		for (j = 0; j < zi->n; j++)
			if (zi->z[j].nid == nid)
				node_present += zi->z[j].present;

		node_score = 0;
		for (j = i; j < buddy->n && buddy->row[j].nid == nid; j++) {
			const struct row *b = &buddy->row[j];
			const struct zone_desc *z = find_zone(zi, nid, b->zone);

			ASSERT_NE(NULL, z);
			want = z->present * extfrag_for_order(b, order) /
			       (node_present + 1);
			node_score += want;
			EXPECT_EQ(nid, mf->row[j].nid);
			EXPECT_STREQ(b->zone, mf->row[j].zone);
			ASSERT_EQ(mf->ncols, mf->row[j].n);
			score = strtoul(mf->row[j].tok[score_col], NULL, 10);
			EXPECT_EQ(want, score)
				TH_LOG("node %d zone %s score", nid, b->zone);
			ksft_print_msg("node %d %-8s extfrag(order %d) %lu%% (order %d: %lu%%) score %lu (memfrag %lu)\n",
				       nid, b->zone, order,
				       extfrag_for_order(b, order), order - 1,
				       extfrag_for_order(b, order - 1), want,
				       score);
		}
		ASSERT_LT(nodes_seen, nodes.nrows) TH_LOG("node %d missing", nid);
		ASSERT_EQ(nodes.ncols, nodes.row[nodes_seen].n);
		EXPECT_EQ(nid, atoi(nodes.row[nodes_seen].f[node_col]));
		node_row_score = nodes.row[nodes_seen].f[node_score_col];
		EXPECT_EQ(node_score, strtoul(node_row_score, NULL, 10))
			TH_LOG("node %d score", nid);
		ksft_print_msg("node %d score %lu (memfrag %s)\n", nid,
			       node_score, node_row_score);
		nodes_seen++;
	}
	EXPECT_EQ(nodes_seen, nodes.nrows);
	unfragment_memory(&frag);
	mft_table_free(&nodes);
	free(zi);
	free(mf);
	free(buddy);
}

TEST_F_TIMEOUT(snapshot, free_blocks_match_buddyinfo, 120)
{
	compare_with_kernel_file(_metadata, MEMFRAG_SEC_NAME(free_blocks),
				 BUDDYINFO);
}

TEST_F_TIMEOUT(snapshot, unusable_index_matches_extfrag, 120)
{
	compare_with_extfrag(_metadata, MEMFRAG_SEC_NAME(unusable_index),
			     MEMFRAG_SEC_NAME(unusable_index));
}

TEST_F_TIMEOUT(snapshot, fragmentation_index_matches_extfrag, 120)
{
	compare_with_extfrag(_metadata, MEMFRAG_SEC_NAME(fragmentation_index),
			     "extfrag_index");
}

/* [zones] counters and watermarks against /proc/zoneinfo, same window. */
TEST_F_TIMEOUT(snapshot, zones_match_zoneinfo, 120)
{
	const char *const sections[] = { MEMFRAG_SEC_NAME(zones) };
	struct zoneinfo_table *zi = calloc(1, sizeof(*zi));
	struct table *mf = calloc(1, sizeof(*mf));
	struct fragmenter frag = { 0 };
	const char *kpath = ZONEINFO;
	unsigned long want;
	size_t c;
	int i, col;

	ASSERT_NE(NULL, zi);
	ASSERT_NE(NULL, mf);
	ASSERT_EQ(0, read_fragmented(&frag, &kpath, 1, sections, 1))
		TH_LOG("no quiet window in %d attempts", QUIET_TRIES);
	ASSERT_EQ(0, parse_memfrag_table(mf_buf, MEMFRAG_SEC_NAME(zones), mf));
	ASSERT_EQ(0, parse_zones(k_buf[0], zi));
	ASSERT_LT(0, mf->n);

	for (i = 0; i < mf->n; i++) {
		const struct row *r = &mf->row[i];
		const struct zone_desc *z = find_zone(zi, r->nid, r->zone);

		EXPECT_NE(NULL, z) TH_LOG("node %d zone %s not in zoneinfo",
					  r->nid, r->zone);
		ASSERT_EQ(mf->ncols, r->n);
		if (!z)
			continue;
		for (c = 0; c < ARRAY_SIZE(zoneinfo_cols); c++) {
			col = table_col(mf, zoneinfo_cols[c]);
			ASSERT_LE(0, col) TH_LOG("[zones] has no column %s",
						 zoneinfo_cols[c]);
			want = zone_value(z, zoneinfo_cols[c]);
			EXPECT_EQ(want, strtoul(r->tok[col], NULL, 10))
				TH_LOG("node %d zone %s %s", r->nid, r->zone,
				       zoneinfo_cols[c]);
		}
		ksft_print_msg("node %d %-8s present %lu managed %lu free %lu min/low/high %lu/%lu/%lu boost %lu\n",
			       z->nid, z->name, z->present, z->managed,
			       z->free, z->min, z->low, z->high, z->boost);
	}
	unfragment_memory(&frag);
	free(zi);
	free(mf);
}

/*
 * The lines of a memfrag file that say what it holds rather than what
 * memory looks like: every line before the first section (the header and
 * the "key: value" lines), then each section's "[name]" and column line.
 * Copied into out, one per line; the number of bytes, or -1 if out is too
 * small.
 */
static int file_layout(const char *buf, char *out, size_t size)
{
	char line[1024];
	const char *s = buf;
	bool in_header = true, want_cols = false;
	size_t len = 0;
	int n;

	while (s && *s) {
		s = get_line(s, line, sizeof(line));
		if (line[0] == '[')
			in_header = false;
		if (!in_header && line[0] != '[' && !want_cols)
			continue;
		want_cols = line[0] == '[';
		if (!line[0])
			continue;
		n = snprintf(out + len, size - len, "%s\n", line);
		if (n < 0 || (size_t)n >= size - len)
			return -1;
		len += n;
	}
	return (int)len;
}

/* The header and "key: value" lines of file_layout()'s lines. */
static void layout_keys(const char *layout, char *out, size_t size)
{
	const char *end = strchr(layout, '[');
	size_t len = end ? (size_t)(end - layout) : strlen(layout);

	snprintf(out, size, "%.*s", (int)len, layout);
}

#define LAYOUT_SIZE		4096

/*
 * Reads the zones file with an empty tmpfs over /proc, as a reader in a
 * container or chroot without procfs would, into arg: LAYOUT_SIZE bytes of
 * shared memory that receive its file_layout().  0, or the step that
 * failed.
 */
static int read_layout_without_procfs(void *arg)
{
	if (unshare(CLONE_NEWNS) ||
	    mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) ||
	    mount("tmpfs", "/proc", "tmpfs", 0, NULL))
		return 2;
	if (!access(PROACTIVENESS, F_OK))
		return 3;
	if (read_file(MEMFRAG_ZONES, mf_buf, BUF_SIZE) <= 0)
		return 4;
	if (file_layout(mf_buf, arg, LAYOUT_SIZE) <= 0)
		return 5;
	return 0;
}

/* file_layout() of the zones file, read now: 0, or -1. */
static int read_layout(char *layout)
{
	if (read_file(MEMFRAG_ZONES, mf_buf, BUF_SIZE) <= 0 ||
	    file_layout(mf_buf, layout, LAYOUT_SIZE) <= 0)
		return -1;
	return 0;
}

/*
 * The module looks nothing up by path: what it prints does not depend on
 * the reader's view of the file system, nor on vm.compaction_proactiveness
 * (which modules can only read through /proc: the tool computes its
 * thresholds).
 *  - Read with an empty tmpfs over /proc, the zones file has exactly the
 *    header, "key: value" lines (values included), sections and columns of
 *    one read normally.
 *  - Its "key: value" lines are the same with the sysctl at 35 and at 96,
 *    and are those files.h lists (page_size, score_order), after the format
 *    line.
 */
TEST_F_TIMEOUT(snapshot, no_path_lookup, 120)
{
#define ZONES_KEY_(key, type)	#key,
	static const char *const keys[] = {
		"format", MEMFRAG_KEYS_ZONES(ZONES_KEY_)
	};
#undef ZONES_KEY_
	static const char *const values[] = { "35", "96" };
	char normal[LAYOUT_SIZE], at[2][LAYOUT_SIZE], orig[32];
	char kn[LAYOUT_SIZE], ka[LAYOUT_SIZE], line[256], *child;
	const char *s;
	unsigned int i;
	int ret;

	ASSERT_EQ(0, mft_ensure_loaded());
	child = mmap(NULL, LAYOUT_SIZE, PROT_READ | PROT_WRITE,
		     MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, child);

	ASSERT_EQ(0, read_layout(normal));
	ret = run_in_child(read_layout_without_procfs, child);
	ASSERT_EQ(0, ret)
		TH_LOG("child failed at step %d (-1: did not run or exit)", ret);
	EXPECT_STREQ(normal, child)
		TH_LOG("an empty /proc changed the file's keys or sections");

	/* The "key: value" lines, in files.h's order after the header. */
	layout_keys(normal, kn, sizeof(kn));
	s = get_line(kn, line, sizeof(line));
	EXPECT_EQ(0, strncmp(line, "memfrag ", 8)) TH_LOG("'%s'", line);
	for (i = 0; i < ARRAY_SIZE(keys) && s; i++) {
		s = get_line(s, line, sizeof(line));
		EXPECT_EQ(0, strncmp(line, keys[i], strlen(keys[i])))
			TH_LOG("key %u: '%s', files.h: %s", i, line, keys[i]);
		EXPECT_EQ(':', line[strlen(keys[i])]) TH_LOG("'%s'", line);
	}
	EXPECT_EQ(ARRAY_SIZE(keys), i);
	EXPECT_TRUE(!s || !*s) TH_LOG("keys files.h does not list: %s", s);

	/* The same with the sysctl at two values. */
	if (read_file(PROACTIVENESS, orig, sizeof(orig)) <= 0)
		SKIP(return, "no " PROACTIVENESS);
	for (i = 0; i < ARRAY_SIZE(values); i++) {
		at[i][0] = '\0';
		EXPECT_EQ(0, write_file(PROACTIVENESS, values[i]));
		EXPECT_EQ(0, read_layout(at[i]));
	}
	/* EXPECT only above: the sysctl is always put back */
	ASSERT_EQ(0, write_file(PROACTIVENESS, orig));
	layout_keys(at[0], kn, sizeof(kn));
	layout_keys(at[1], ka, sizeof(ka));
	EXPECT_STREQ(kn, ka)
		TH_LOG("the key lines follow vm.compaction_proactiveness");
	EXPECT_STREQ(normal, at[0]);
	munmap(child, LAYOUT_SIZE);
}

/*
 * One read of zones or pagetypes takes one snapshot, however big the
 * file: seq_file
 * runs a file's show again with a bigger buffer when its text does not
 * fit, so a snapshot (zone->lock for each zone) would be taken two or
 * more times.  The kernel's function tracer counts the calls.
 */
#define SNAPSHOT_FN	"memfrag_snapshot_show"
#define PAGETYPES_FN	"memfrag_pagetypes_show"

/* Writes text to a tracefs file, emptied first as "echo >" does. */
static int tracefs_put(const char *file, const char *text)
{
	char path[256];
	int fd, err = 0;

	snprintf(path, sizeof(path), "%s/%s", TRACEFS_DIR, file);
	fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (*text && write(fd, text, strlen(text)) != (ssize_t)strlen(text))
		err = -errno;
	close(fd);
	return err;
}

/* Lines of the trace that name fn; -1 if it cannot be read. */
static int trace_calls(const char *fn)
{
	static char buf[1 << 20];
	const char *p = buf;
	int calls = 0;

	if (read_file(TRACEFS_DIR "/trace", buf, sizeof(buf)) < 0)
		return -1;
	while ((p = strstr(p, fn))) {
		calls++;
		p += strlen(fn);
	}
	return calls;
}

/*
 * Reads memfrag's file once with the function tracer on fn: how many
 * times fn ran, or a SKIP reason in *why.
 */
static int calls_per_read(const char *file, const char *fn, const char **why)
{
	static char buf[1 << 20];
	char tracers[512], path[256];
	long len;
	int calls;

	*why = NULL;
	snprintf(path, sizeof(path), "%s/%s", MEMFRAG_DIR, file);
	if (read_file(TRACEFS_DIR "/available_tracers", tracers,
		      sizeof(tracers)) <= 0 || !strstr(tracers, "function")) {
		*why = "the kernel has no function tracer";
		return -1;
	}
	if (tracefs_put("tracing_on", "0") ||
	    tracefs_put("set_ftrace_filter", fn)) {
		*why = "the function tracer cannot trace memfrag's functions";
		return -1;
	}
	if (tracefs_put("current_tracer", "function") ||
	    tracefs_put("trace", "") || tracefs_put("tracing_on", "1"))
		return -1;
	len = read_file(path, buf, sizeof(buf));
	tracefs_put("tracing_on", "0");
	calls = trace_calls(fn);
	tracefs_put("current_tracer", "nop");
	tracefs_put("set_ftrace_filter", "");
	ksft_print_msg("%s: %ld bytes (a page is %ld), %d calls of %s\n",
		       file, len, sysconf(_SC_PAGESIZE), calls, fn);
	return len > 0 ? calls : -1;
}

TEST_F_TIMEOUT(snapshot, one_read_takes_one_snapshot, 120)
{
	const char *why;
	int calls;

	ASSERT_EQ(0, mft_ensure_loaded());
	calls = calls_per_read(MEMFRAG_FILE_ZONES, SNAPSHOT_FN, &why);
	if (why)
		SKIP(return, "%s", why);
	EXPECT_EQ(1, calls);
	calls = calls_per_read(MEMFRAG_FILE_PAGETYPES, PAGETYPES_FN, &why);
	if (why)
		SKIP(return, "%s", why);
	EXPECT_EQ(1, calls);
}

TEST_F_TIMEOUT(snapshot, unload, 120)
{
	ASSERT_EQ(0, mft_ensure_loaded());
	ASSERT_EQ(0, mft_unload());
	EXPECT_TRUE(mft_gone());
}

TEST_HARNESS_MAIN

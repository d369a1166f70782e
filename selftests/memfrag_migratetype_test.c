// SPDX-License-Identifier: GPL-2.0
/*
 * Migratetypes: extfrag's [claims] (fallbacks that claimed their pageblock
 * or only stole pages) equal a hist trigger keyed on change_ownership, and
 * pagetypes' [free_blocks_by_type] and [pageblocks] equal /proc/pagetypeinfo.
 * Both need the pageblock flags, which memfrag reads through mem_section
 * (CONFIG_SPARSEMEM): where extfrag's [ownership] says they are
 * unavailable, the tests SKIP with its reason.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "lib_hist.h"
#include "lib_proc.h"
#include "lib_workload.h"

#define EXTFRAG_KEYS	"alloc_migratetype,fallback_migratetype,change_ownership"
#define PAGETYPEINFO	"/proc/pagetypeinfo"
#define MAX_TYPES	8

static char mt_names[MAX_TYPES][16];
static int nr_mt;

static const char *mt_name(long long mt)
{
	return mt >= 0 && mt < nr_mt ? mt_names[mt] : "?";
}

/* The migratetypes, in the kernel's order, from /proc/pagetypeinfo. */
static int read_migratetype_names(void)
{
	static char buf[1 << 16];
	char *p, *save, *tok;

	if (read_file(PAGETYPEINFO, buf, sizeof(buf)) < 0)
		return -1;
	p = strstr(buf, "Number of blocks type");
	if (!p || !strchr(p, '\n'))
		return -1;
	*strchr(p, '\n') = '\0';
	nr_mt = 0;
	p += strlen("Number of blocks type");
	for (tok = strtok_r(p, " ", &save); tok && nr_mt < MAX_TYPES;
	     tok = strtok_r(NULL, " ", &save))
		snprintf(mt_names[nr_mt++], sizeof(mt_names[0]), "%s", tok);
	return nr_mt ? 0 : -1;
}

/*
 * extfrag's [ownership] note: NULL when memfrag reads the pageblock
 * flags, else its reason ("unavailable: ...").
 */
static const char *pageblock_unavailable(void)
{
	static char buf[1 << 16], note[256];
	const char *text;
	size_t len;

	if (read_file(MEMFRAG_PATH(MEMFRAG_FILE_EXTFRAG), buf, sizeof(buf)) < 0)
		return "cannot read memfrag's extfrag file";
	text = mft_section_text(buf, MEMFRAG_SEC_NAME(ownership), &len);
	if (!text)
		return "extfrag has no [ownership] section";
	snprintf(note, sizeof(note), "%.*s", (int)strcspn(text, "\n"), text);
	return strncmp(note, "unavailable", 11) ? NULL : note;
}

FIXTURE(migratetype) {
	char proactiveness[16];
};

FIXTURE_SETUP(migratetype)
{
	const char *why;

	if (mft_skip_unless_ready(_metadata))
		return;
	ASSERT_EQ(0, mft_ensure_loaded());
	if (read_migratetype_names())
		SKIP(return, "cannot read " PAGETYPEINFO);
	why = pageblock_unavailable();
	if (why)
		SKIP(return, "%s", why);
	/* No proactive compaction moving blocks between the reads. */
	ASSERT_LT(0, read_file("/proc/sys/vm/compaction_proactiveness",
			       self->proactiveness, sizeof(self->proactiveness)));
	ASSERT_EQ(0, write_file("/proc/sys/vm/compaction_proactiveness", "0"));
}

MEMFRAG_FIXTURE_TEARDOWN(migratetype)
{
	hist_trigger_remove(MEMFRAG_TP(PAGE_ALLOC_EXTFRAG), EXTFRAG_KEYS);
	if (self->proactiveness[0])
		write_file("/proc/sys/vm/compaction_proactiveness",
			   self->proactiveness);
}

/* "alloc fallback claimed|stolen" -> fallbacks, from the hist. */
static void add_ownership(const struct hist_entry *e, void *arg)
{
	char key[KV_KEY_LEN];

	snprintf(key, sizeof(key), "%s %s %s",
		 mt_name(hist_field(e, "alloc_migratetype")),
		 mt_name(hist_field(e, "fallback_migratetype")),
		 hist_field(e, "change_ownership") ? MEMFRAG_COL_NAME(claimed)
						  : MEMFRAG_COL_NAME(stolen));
	kv_add(arg, key, e->hitcount);
}

static const char *const pair_cols[] = { MEMFRAG_COL_NAME(alloc_type),
					 MEMFRAG_COL_NAME(fallback_type), NULL };

/* memfrag's [claims] as "alloc fallback claimed|stolen" -> fallbacks. */
static void claims_map(const struct kv_map *claimed,
		       const struct kv_map *stolen, struct kv_map *out)
{
	char key[KV_KEY_LEN];
	int k;

	kv_clear(out);
	for (k = 0; k < claimed->n; k++) {
		snprintf(key, sizeof(key), "%.80s claimed", claimed->e[k].key);
		kv_add(out, key, claimed->e[k].val);
	}
	for (k = 0; k < stolen->n; k++) {
		snprintf(key, sizeof(key), "%.80s stolen", stolen->e[k].key);
		kv_add(out, key, stolen->e[k].val);
	}
}

static long long read_claims(struct kv_map *out)
{
	static struct kv_map claimed, stolen;
	const char *tp = MEMFRAG_TP(PAGE_ALLOC_EXTFRAG);
	long long at;

	at = quiet_section_map(tp, MEMFRAG_FILE_EXTFRAG,
			       MEMFRAG_SEC_NAME(claims), pair_cols,
			       MEMFRAG_COL_NAME(claimed), &claimed);
	if (at < 0)
		return -1;
	/* the stolen column of the same quiet moment, or start again */
	if (quiet_section_map(tp, MEMFRAG_FILE_EXTFRAG,
			      MEMFRAG_SEC_NAME(claims), pair_cols,
			      MEMFRAG_COL_NAME(stolen), &stolen) != at)
		return -2;
	claims_map(&claimed, &stolen, out);
	return at;
}

/* Sum of the entries of m whose key ends with suffix. */
static long long total_of(const struct kv_map *m, const char *suffix)
{
	size_t n = strlen(suffix), len;
	long long sum = 0;
	int k;

	for (k = 0; k < m->n; k++) {
		len = strlen(m->e[k].key);
		if (len >= n && !strcmp(m->e[k].key + len - n, suffix))
			sum += m->e[k].val;
	}
	return sum;
}

#define ZONEINFO_PRESENT	"present"	/* zoneinfo's, not a column name */

/* Does a populated Movable zone exist (movablecore=, kernelcore=)? */
static bool has_movable_zone(void)
{
	static char buf[1 << 18];
	char *p = buf;
	long present;

	if (read_file("/proc/zoneinfo", buf, sizeof(buf)) < 0)
		return false;
	while ((p = strstr(p, "zone  Movable"))) {
		p = strstr(p, ZONEINFO_PRESENT);
		if (!p)
			break;
		present = strtol(p + strlen(ZONEINFO_PRESENT), NULL, 10);
		if (present > 0)
			return true;
	}
	return false;
}

/*
 * Per (allocation, fallback) migratetype pair, summed over zones, against
 * a hist trigger on kmem:mm_page_alloc_extfrag keyed on alloc_migratetype,
 * fallback_migratetype and change_ownership, over exactly the same
 * interval: memfrag is read before while the trigger has counted nothing,
 * and after at a moment when its total did not move.  The workload
 * produces both kinds: in its extfrag phase pipes (unmovable) fall back
 * into the free pageblocks the hugetlb pool gives back and claim them; in
 * its steal phase no free pageblock is left and the movable blocks are
 * about a quarter free, so the pipes' fallbacks steal pages.
 */
TEST_F_TIMEOUT(migratetype, claims_match_change_ownership, 900)
{
	static struct kv_map before, after, mine, kernel;
	const char *tp = MEMFRAG_TP(PAGE_ALLOC_EXTFRAG);
	long long at;
	int tries, attempt;

	if (!kernel_has_hist(tp))
		SKIP(return, "kernel lacks %s or CONFIG_HIST_TRIGGERS", tp);
	if (!mft_workload_path())
		SKIP(return, "memfrag_workload not found (set MEMFRAG_WORKLOAD)");
	/* Start: the trigger armed and empty, memfrag read meanwhile. */
	for (tries = 0; tries < 20; tries++) {
		hist_trigger_remove(tp, EXTFRAG_KEYS);
		ASSERT_EQ(0, hist_trigger_add(tp, EXTFRAG_KEYS));
		if (read_claims(&before) == 0)
			break;
	}
	ASSERT_LT(tries, 20) TH_LOG("no quiet moment to start");

	/*
	 * Steals, then claims, in two runs of the workload: in one, the
	 * steal phase hands its hugetlb pool to the extfrag phase, which on
	 * a KASAN kernel (larger slabs, no order-0 fallback for them) left
	 * no order-1 block for the files it creates, and the OOM killer
	 * ended the workload.  Released in between, the pool is sized
	 * afresh for extfrag.  Counted from the same start, up to three
	 * times until a steal shows: an arm64 guest with 16 KiB pages (32 MiB
	 * pageblocks) once claimed every block it fell back to.
	 */
	for (attempt = 1; ; attempt++) {
		ASSERT_EQ(0, mft_run_workload("steal", NULL));
		ASSERT_EQ(0, mft_run_workload("extfrag", /* not a section name */
						  NULL));
		for (tries = 0; tries < 20; tries++) {
			at = read_claims(&after);
			if (at < 0)
				continue;
			kv_clear(&kernel);
			ASSERT_LE(0, hist_for_each(tp, EXTFRAG_KEYS,
						   add_ownership, &kernel));
			if (hist_total(tp) == at)
				break;
		}
		ASSERT_LT(tries, 20) TH_LOG("fallbacks kept firing while read");
		if (attempt == 3 || total_of(&kernel, " stolen") ||
		    has_movable_zone())
			break;
		ksft_print_msg("no stolen fallback yet (%lld claimed): the workload again\n",
			       total_of(&kernel, " claimed"));
	}

	kv_sub(&mine, &after, &before);
	ksft_print_msg("fallbacks: kernel %lld claimed %lld stolen; memfrag %lld claimed %lld stolen (%d keys)\n",
		       total_of(&kernel, " claimed"),
		       total_of(&kernel, " stolen"),
		       total_of(&mine, " claimed"), total_of(&mine, " stolen"),
		       kernel.n);
	EXPECT_EQ(0, kv_diff(MEMFRAG_SEC_NAME(claims), &mine, &kernel));
	EXPECT_EQ(kv_total(&kernel), at);
	/*
	 * The workload is built to produce both kinds.  With a Movable
	 * zone (the NUMA + movablecore guests) the steal phase's squeeze
	 * can leave nothing above its floor where unmovable pages may go,
	 * and then it allocates nothing: the equality above still holds,
	 * and the steals are shown by the guests without one.
	 */
	EXPECT_LT(0, total_of(&kernel, " claimed"));
	if (!total_of(&kernel, " stolen") && has_movable_zone())
		ksft_print_msg("no stolen fallback: the steal phase found no room beside the Movable zone\n");
	else
		EXPECT_LT(0, total_of(&kernel, " stolen"));
}

/*
 * /proc/pagetypeinfo into two maps: "node zone type order" -> free blocks
 * (">100000" is the cap, 100000) and "node zone type" -> pageblocks.
 */
static int read_pagetypeinfo(struct kv_map *free_blocks,
			     struct kv_map *blocks)
{
	static char buf[1 << 16];
	char zone[16], type[16], key[KV_KEY_LEN], *line, *save, *tok, *s2;
	enum { OTHER, FREE, BLOCKS } part = OTHER;
	int nid, used, order, mt;

	if (read_file(PAGETYPEINFO, buf, sizeof(buf)) < 0)
		return -1;
	kv_clear(free_blocks);
	kv_clear(blocks);
	/* Each node has its free lists, then its blocks (and page_owner's) */
	for (line = strtok_r(buf, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		if (!strncmp(line, "Free pages count per migrate type", 33)) {
			part = FREE;
		} else if (!strncmp(line, "Number of blocks type", 21)) {
			part = BLOCKS;
		} else if (strncmp(line, "Node ", 5)) {
			part = OTHER;
		} else if (part == FREE &&
			   sscanf(line, "Node %d, zone %15[^,], type %15s %n",
				  &nid, zone, type, &used) == 3) {
			order = 0;
			for (tok = strtok_r(line + used, " ", &s2); tok;
			     tok = strtok_r(NULL, " ", &s2), order++) {
				snprintf(key, sizeof(key), "%d %s %s %d", nid,
					 zone, type, order);
				kv_add(free_blocks, key,
				       atoll(tok + (*tok == '>')));
			}
		} else if (part == BLOCKS &&
			   sscanf(line, "Node %d, zone %15s %n", &nid, zone,
				  &used) == 2) {
			mt = 0;
			for (tok = strtok_r(line + used, " ", &s2);
			     tok && mt < nr_mt;
			     tok = strtok_r(NULL, " ", &s2), mt++) {
				snprintf(key, sizeof(key), "%d %.15s %.15s", nid,
					 zone, mt_names[mt]);
				kv_add(blocks, key, atoll(tok));
			}
		}
	}
	return free_blocks->n && blocks->n ? 0 : -1;
}

/* memfrag's pagetypes file, as read_pagetypeinfo() keys it. */
static int read_memfrag_types(struct kv_map *free_blocks,
			      struct kv_map *blocks)
{
	struct mft_table t;
	char key[KV_KEY_LEN];
	int r, c, first;

	kv_clear(free_blocks);
	kv_clear(blocks);
	if (mft_table_read(MEMFRAG_FILE_PAGETYPES,
			       MEMFRAG_SEC_NAME(free_blocks_by_type), &t))
		return -1;
	first = mft_table_col(&t, "0");
	for (r = 0; first >= 0 && r < t.nrows; r++)
		for (c = first; c < t.ncols; c++) {
			snprintf(key, sizeof(key), "%s %s %s %s",
				 mft_table_field(&t, r, 0),
				 mft_table_field(&t, r, 1),
				 mft_table_field(&t, r, 2), t.col[c]);
			kv_add(free_blocks, key,
			       atoll(mft_table_field(&t, r, c)));
		}
	mft_table_free(&t);
	if (first < 0 ||
	    mft_table_read(MEMFRAG_FILE_PAGETYPES, MEMFRAG_SEC_NAME(pageblocks),
			       &t))
		return -1;
	c = mft_table_col(&t, MEMFRAG_COL_NAME(pageblocks));
	for (r = 0; c >= 0 && r < t.nrows; r++) {
		snprintf(key, sizeof(key), "%s %s %s",
			 mft_table_field(&t, r, 0),
			 mft_table_field(&t, r, 1),
			 mft_table_field(&t, r, 2));
		kv_add(blocks, key, atoll(mft_table_field(&t, r, c)));
	}
	mft_table_free(&t);
	return c < 0 ? -1 : 0;
}

static bool kv_same(const struct kv_map *a, const struct kv_map *b)
{
	int k;

	if (a->n != b->n)
		return false;
	for (k = 0; k < a->n; k++)
		if (kv_find_val(b, a->e[k].key) != a->e[k].val)
			return false;
	return true;
}

/*
 * Free lists change whenever anything allocates: the comparison counts
 * only when /proc/pagetypeinfo read just before and just after memfrag is
 * the same.  Pageblocks change type rarely; they are compared likewise.
 */
TEST_F_TIMEOUT(migratetype, free_blocks_and_pageblocks_match_pagetypeinfo,
	       300)
{
	static struct kv_map k1_free, k1_blocks, k2_free, k2_blocks;
	static struct kv_map m_free, m_blocks;
	int tries, same = 0;

	ASSERT_EQ(0, compact_all_memory());
	for (tries = 0; tries < 200; tries++) {
		ASSERT_EQ(0, read_pagetypeinfo(&k1_free, &k1_blocks));
		ASSERT_EQ(0, read_memfrag_types(&m_free, &m_blocks));
		ASSERT_EQ(0, read_pagetypeinfo(&k2_free, &k2_blocks));
		if (!kv_same(&k1_free, &k2_free) ||
		    !kv_same(&k1_blocks, &k2_blocks)) {
			usleep(20000);
			continue;
		}
		same++;
		if (kv_same(&m_free, &k1_free) && kv_same(&m_blocks, &k1_blocks))
			break;
	}
	ksft_print_msg("%d reads, %d with /proc/pagetypeinfo unchanged around memfrag; %d free-list keys, %d pageblock keys, %lld pageblocks\n",
		       tries + (tries < 200), same, k1_free.n, k1_blocks.n,
		       kv_total(&k1_blocks));
	ASSERT_LT(0, same) TH_LOG("the free lists never held still");
	EXPECT_EQ(0, kv_diff("free blocks by type", &m_free, &k1_free));
	EXPECT_EQ(0, kv_diff(MEMFRAG_SEC_NAME(pageblocks), &m_blocks,
			     &k1_blocks));
	EXPECT_LT(0, kv_total(&k1_blocks));
}

TEST_HARNESS_MAIN

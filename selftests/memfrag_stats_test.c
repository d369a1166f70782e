// SPDX-License-Identifier: GPL-2.0
/*
 * memfrag's statistics against the kernel's own accounting.
 *
 * Every breakdown memfrag keeps is compared, key by key, with an ftrace
 * hist trigger on the same tracepoint keyed the same way, over exactly the
 * same interval, while a workload fragments memory and drives compaction.
 * The interval is made exact, not approximate: the "before" snapshot of
 * memfrag is taken while the hist triggers have counted nothing yet, and
 * the "after" snapshot is accepted only if the hist totals did not move
 * while it was read.  A breakdown where the kernel counted events and
 * memfrag shows fewer (or zero) fails.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "memfrag_lib.h"

#define MAX_ZONES	64

static struct zone_desc zones[MAX_ZONES];
static int nr_zones;
static char mt_names[8][16];
static int nr_mt, pageblock_order = -1;

struct spec;
typedef long long (*entry_value_fn)(const struct hist_entry *e);
typedef int (*entry_key_fn)(const struct hist_entry *e, char *key, size_t n);

/* One breakdown: a hist trigger and the memfrag section it must equal. */
struct spec {
	const char *name;
	const char *tracepoint, *keys, *vals;
	/*
	 * A hist trigger takes at most three keys.  A fourth dimension is
	 * covered by one trigger per value of the field named here, each
	 * filtered "if <split> == value".
	 */
	const char *split;
	entry_key_fn key;		/* hist entry -> memfrag key */
	entry_value_fn value;		/* hist entry -> count */
	const char *file, *section;
	int key_cols[5], nkeys, val_col;
};

static const char *result_names[] = {
	"not_suitable_zone", "skipped", "deferred", "no_suitable_page",
	"continue", "complete", "partial_skipped", "contended", "success",
};

static const char *result_name(long long r)
{
	return r >= 0 && r < 9 ? result_names[r] : "other";
}

static const char *zone_name(int nid, int idx)
{
	const struct zone_desc *z = zone_by_idx(zones, nr_zones, nid, idx);

	return z ? z->name : "?";
}

static long long hits(const struct hist_entry *e)
{
	return e->hitcount;
}

static int key_none(const struct hist_entry *e, char *key, size_t n)
{
	key[0] = '\0';
	return 0;
}

static int key_zone_start(const struct hist_entry *e, char *key, size_t n,
			  const char **rest)
{
	const struct zone_desc *z =
		zone_by_start_pfn(zones, nr_zones, hist_field(e, "zone_start"));

	if (!z)
		return -1;
	snprintf(key, n, "%d %s", z->nid, z->name);
	return 0;
}

static int key_end(const struct hist_entry *e, char *key, size_t n)
{
	char zone[40];

	if (key_zone_start(e, zone, sizeof(zone), NULL))
		return -1;
	snprintf(key, n, "%s %s %s", zone,
		 hist_field(e, "sync") ? "sync" : "async",
		 result_name(hist_field(e, "status")));
	return 0;
}

static int key_begin(const struct hist_entry *e, char *key, size_t n)
{
	return key_zone_start(e, key, n, NULL);
}

static int key_order_prio(const struct hist_entry *e, char *key, size_t n)
{
	static const char * const prio[] = { "sync_full", "sync_light", "async" };
	long long p = hist_field(e, "prio");

	snprintf(key, n, "%lld %s", hist_field(e, "order"),
		 p >= 0 && p < 3 ? prio[p] : "?");
	return 0;
}

static int key_zone_order_result(const struct hist_entry *e, char *key,
				 size_t n)
{
	snprintf(key, n, "%lld %s %lld %s", hist_field(e, "nid"),
		 zone_name(hist_field(e, "nid"), hist_field(e, "idx")),
		 hist_field(e, "order"), result_name(hist_field(e, "ret")));
	return 0;
}

static int key_zone_order(const struct hist_entry *e, char *key, size_t n)
{
	snprintf(key, n, "%lld %s %lld", hist_field(e, "nid"),
		 zone_name(hist_field(e, "nid"), hist_field(e, "idx")),
		 hist_field(e, "order"));
	return 0;
}

static int key_wake(const struct hist_entry *e, char *key, size_t n)
{
	snprintf(key, n, "%lld %lld %s", hist_field(e, "nid"),
		 hist_field(e, "order"),
		 zone_name(hist_field(e, "nid"),
			   hist_field(e, "highest_zoneidx")));
	return 0;
}

static int key_nid(const struct hist_entry *e, char *key, size_t n)
{
	snprintf(key, n, "%lld", hist_field(e, "nid"));
	return 0;
}

static int key_orders(const struct hist_entry *e, char *key, size_t n)
{
	snprintf(key, n, "%lld %lld", hist_field(e, "alloc_order"),
		 hist_field(e, "fallback_order"));
	return 0;
}

static const char *mt_name(long long mt)
{
	return mt >= 0 && mt < nr_mt ? mt_names[mt] : "?";
}

static int key_migratetypes(const struct hist_entry *e, char *key, size_t n)
{
	snprintf(key, n, "%s %s %d",
		 mt_name(hist_field(e, "alloc_migratetype")),
		 mt_name(hist_field(e, "fallback_migratetype")),
		 hist_field(e, "fallback_order") < pageblock_order);
	return 0;
}

static long long sum_nr_scanned(const struct hist_entry *e)
{
	return hist_field(e, "nr_scanned");
}

static long long sum_nr_taken(const struct hist_entry *e)
{
	return hist_field(e, "nr_taken") * e->hitcount;
}

static long long sum_nr_migrated(const struct hist_entry *e)
{
	return hist_field(e, "nr_migrated");
}

static long long sum_nr_failed(const struct hist_entry *e)
{
	return hist_field(e, "nr_failed") * e->hitcount;
}

#define ISOLATE_SPECS(tp, what, scanned_col, taken_col)			\
	{ what "_scanned", tp, "nr_taken", "nr_scanned", NULL, key_none, \
	  sum_nr_scanned, "migration", "migration", {}, 0, scanned_col },	\
	{ what "_isolated", tp, "nr_taken", "nr_scanned", NULL, key_none, \
	  sum_nr_taken, "migration", "migration", {}, 0, taken_col }

static struct spec specs[] = {
	{ "runs", "compaction:mm_compaction_end", "zone_start,sync,status",
	  NULL, NULL, key_end, hits, "compaction", "runs", { 0, 1, 3, 4 }, 4, 5 },
	{ "begins", "compaction:mm_compaction_begin", "zone_start", NULL,
	  NULL, key_begin, hits, "compaction", "begins", { 0, 1 }, 2, 2 },
	{ "try_to_compact_pages", "compaction:mm_compaction_try_to_compact_pages",
	  "order,prio", NULL, NULL, key_order_prio, hits, "direct",
	  "try_to_compact_pages", { 0, 1 }, 2, 2 },
	{ "suitable", "compaction:mm_compaction_suitable", "nid,idx,order",
	  NULL, "ret", key_zone_order_result, hits, "direct", "suitable",
	  { 0, 1, 2, 3 }, 4, 4 },
	{ "finished", "compaction:mm_compaction_finished", "nid,idx,order",
	  NULL, "ret", key_zone_order_result, hits, "direct", "finished",
	  { 0, 1, 2, 3 }, 4, 4 },
	{ "deferred", "compaction:mm_compaction_deferred", "nid,idx,order",
	  NULL, NULL, key_zone_order, hits, "direct", "deferred", { 0, 1, 2 }, 3, 3 },
	{ "defer_compaction", "compaction:mm_compaction_defer_compaction",
	  "nid,idx,order", NULL, NULL, key_zone_order, hits, "direct",
	  "defer_compaction", { 0, 1, 2 }, 3, 3 },
	{ "defer_reset", "compaction:mm_compaction_defer_reset",
	  "nid,idx,order", NULL, NULL, key_zone_order, hits, "direct",
	  "defer_reset",
	  { 0, 1, 2 }, 3, 3 },
	{ "wakeup_kcompactd", "compaction:mm_compaction_wakeup_kcompactd",
	  "nid,order,highest_zoneidx", NULL, NULL, key_wake, hits, "kcompactd",
	  "wakeup_kcompactd", { 0, 1, 2 }, 3, 3 },
	{ "kcompactd_wake", "compaction:mm_compaction_kcompactd_wake",
	  "nid,order,highest_zoneidx", NULL, NULL, key_wake, hits, "kcompactd",
	  "kcompactd_wake", { 0, 1, 2 }, 3, 3 },
	{ "kcompactd_sleep", "compaction:mm_compaction_kcompactd_sleep", "nid",
	  NULL, NULL, key_nid, hits, "kcompactd", "kcompactd_sleep", { 0 }, 1, 1 },
	ISOLATE_SPECS("compaction:mm_compaction_isolate_migratepages",
		      "migrate", 2, 3),
	ISOLATE_SPECS("compaction:mm_compaction_isolate_freepages",
		      "free", 4, 5),
	ISOLATE_SPECS("compaction:mm_compaction_fast_isolate_freepages",
		      "fast_free", 6, 7),
	{ "migrated", "compaction:mm_compaction_migratepages", "nr_failed",
	  "nr_migrated", NULL, key_none, sum_nr_migrated, "migration", "migration",
	  {}, 0, 8 },
	{ "failed", "compaction:mm_compaction_migratepages", "nr_failed",
	  "nr_migrated", NULL, key_none, sum_nr_failed, "migration", "migration",
	  {}, 0, 9 },
	{ "extfrag_orders", "kmem:mm_page_alloc_extfrag",
	  "alloc_order,fallback_order", NULL, NULL, key_orders, hits, "extfrag",
	  "order", { 2, 3 }, 2, 5 },
	{ "extfrag_migratetypes", "kmem:mm_page_alloc_extfrag",
	  "alloc_migratetype,fallback_migratetype,fallback_order", NULL, NULL,
	  key_migratetypes, hits, "extfrag", "migratetype", { 2, 3, 4 }, 3, 5 },
};

#define NR_SPECS	(sizeof(specs) / sizeof(specs[0]))

/* Does memfrag report specs[i] on this kernel (see mark_reported())? */
static bool reported[NR_SPECS];

static void trigger_text(const struct spec *s, char *buf, size_t n)
{
	snprintf(buf, n, "%s%s%s", s->keys, s->vals ? ":vals=" : "",
		 s->vals ? s->vals : "");
}

static bool spec_trigger_shared(unsigned int i)
{
	unsigned int j;

	for (j = 0; j < i; j++)
		if (!strcmp(specs[j].tracepoint, specs[i].tracepoint) &&
		    !strcmp(specs[j].keys, specs[i].keys))
			return true;
	return false;
}

/* enum compact_result spans 0 .. COMPACT_SUCCESS (8); 9 catches newer. */
#define SPLIT_VALUES	10

static int triggers(bool add)
{
	char text[192];
	unsigned int i;
	int v, err;

	for (i = 0; i < NR_SPECS; i++) {
		if (!kernel_has_tracepoint(specs[i].tracepoint) ||
		    spec_trigger_shared(i))
			continue;
		for (v = 0; v < (specs[i].split ? SPLIT_VALUES : 1); v++) {
			trigger_text(&specs[i], text, sizeof(text));
			if (specs[i].split)
				snprintf(text + strlen(text),
					 sizeof(text) - strlen(text),
					 " if %s == %d", specs[i].split, v);
			err = add ? hist_trigger_add(specs[i].tracepoint, text) :
				    hist_trigger_remove(specs[i].tracepoint,
							text);
			if (err && add) {
				fprintf(stderr, "# hist trigger %s on %s: %s\n",
					text, specs[i].tracepoint,
					strerror(-err));
				return err;
			}
		}
	}
	return 0;
}

/* Sum of the hist totals of every trigger: moves when any event fires. */
static long long hist_grand_total(void)
{
	long long sum = 0, t;
	unsigned int i;

	for (i = 0; i < NR_SPECS; i++) {
		if (!kernel_has_tracepoint(specs[i].tracepoint))
			continue;
		t = hist_total(specs[i].tracepoint);
		if (t < 0)
			return -1;
		sum += t;
	}
	return sum;
}

struct snapshot {
	struct kv_map m[NR_SPECS];
};

static void take_snapshot(struct snapshot *snap)
{
	unsigned int i;

	for (i = 0; i < NR_SPECS; i++) {
		kv_clear(&snap->m[i]);
		memfrag_section_map(specs[i].file, specs[i].section,
				    specs[i].key_cols, specs[i].nkeys,
				    specs[i].val_col, &snap->m[i]);
	}
}

/* A memfrag snapshot during which no traced event fired. */
static int quiet_snapshot(struct snapshot *snap, long long *hist_at)
{
	long long before, after;
	int tries;

	for (tries = 0; tries < 50; tries++) {
		before = hist_grand_total();
		take_snapshot(snap);
		after = hist_grand_total();
		if (before >= 0 && before == after) {
			*hist_at = after;
			return 0;
		}
		usleep(100000);
	}
	return -1;
}

struct key_ctx {
	const struct spec *spec;
	struct kv_map *out;
	int unmapped;
};

static void add_entry(const struct hist_entry *e, void *arg)
{
	struct key_ctx *ctx = arg;
	char key[KV_KEY_LEN];

	if (ctx->spec->key(e, key, sizeof(key))) {
		ctx->unmapped++;
		return;
	}
	kv_add(ctx->out, key, ctx->spec->value(e));
}

static const char *workload_path(void)
{
	static char path[PATH_MAX];
	const char *env = getenv("MEMFRAG_WORKLOAD");

	if (env && *env)
		return access(env, X_OK) ? NULL : env;
	snprintf(path, sizeof(path), "./memfrag_workload");
	return access(path, X_OK) ? NULL : path;
}

static int run_workload(const char *phases)
{
	char cmd[PATH_MAX + 128];
	const char *path = workload_path();

	if (!path)
		return -ENOENT;
	snprintf(cmd, sizeof(cmd), "%s %s", path, phases);
	fprintf(stderr, "# running: %s\n", cmd);
	return system(cmd) == 0 ? 0 : -EIO;
}

static int read_migratetypes(void)
{
	static char buf[1 << 16];
	char *p, *save, *tok;

	if (read_file("/proc/pagetypeinfo", buf, sizeof(buf)) < 0)
		return -1;
	p = strstr(buf, "Page block order:");
	if (!p || sscanf(p, "Page block order: %d", &pageblock_order) != 1)
		return -1;
	p = strstr(buf, "Number of blocks type");
	if (!p)
		return -1;
	*strchr(p, '\n') = '\0';
	nr_mt = 0;
	strtok_r(p, " ", &save);	/* "Number" */
	for (tok = strtok_r(NULL, " ", &save); tok && nr_mt < 8;
	     tok = strtok_r(NULL, " ", &save)) {
		if (!strcmp(tok, "of") || !strcmp(tok, "blocks") ||
		    !strcmp(tok, "type"))
			continue;
		snprintf(mt_names[nr_mt++], sizeof(mt_names[0]), "%s", tok);
	}
	return 0;
}

FIXTURE(stats) {
	char proactiveness[16];
};

FIXTURE_SETUP(stats)
{
	if (geteuid() != 0)
		SKIP(return, "needs root");
	if (!mount_debug_filesystems())
		SKIP(return, "debugfs/tracefs unavailable");
	if (access(TRACEFS_DIR "/events/compaction/mm_compaction_end/hist",
		   F_OK))
		SKIP(return, "kernel lacks compaction tracepoints or CONFIG_HIST_TRIGGERS");
	if (!memfrag_loaded()) {
		if (!memfrag_ko_path())
			SKIP(return, "memfrag.ko not found (set MEMFRAG_KO)");
		ASSERT_EQ(0, memfrag_load(NULL));
	}
	nr_zones = read_zoneinfo(zones, MAX_ZONES);
	ASSERT_LT(0, nr_zones);
	ASSERT_EQ(0, read_migratetypes());
	/*
	 * No proactive compaction unless a test asks for it: an idle guest
	 * must stay idle between the snapshots.
	 */
	ASSERT_LT(0, read_file("/proc/sys/vm/compaction_proactiveness",
			       self->proactiveness, sizeof(self->proactiveness)));
	ASSERT_EQ(0, write_file("/proc/sys/vm/compaction_proactiveness", "0"));
}

FIXTURE_TEARDOWN(stats)
{
	triggers(false);
	if (self->proactiveness[0])
		write_file("/proc/sys/vm/compaction_proactiveness",
			   self->proactiveness);
}

/*
 * Runs the workload between two exact snapshots and compares every
 * breakdown.  Returns the number of breakdowns that differ.
 */
static int compare_interval(struct __test_metadata *_metadata,
			    const char *phases, bool manual_too,
			    struct kv_map *fired)
{
	static struct snapshot before, after;
	static struct kv_map delta, kernel;
	long long hist_before, hist_after;
	unsigned int i;
	int bad = 0, tries;

	/* Start: triggers armed, nothing counted by them yet. */
	for (tries = 0; tries < 20; tries++) {
		triggers(false);
		if (triggers(true))
			return -1;
		if (!quiet_snapshot(&before, &hist_before) && hist_before == 0)
			break;
	}
	if (tries == 20) {
		TH_LOG("could not find a quiet moment to start");
		return -1;
	}
	if (manual_too && compact_all_memory())
		return -1;
	if (run_workload(phases))
		return -1;
	if (quiet_snapshot(&after, &hist_after)) {
		TH_LOG("system never went quiet after the workload");
		return -1;
	}

	for (i = 0; i < NR_SPECS; i++) {
		struct key_ctx ctx = { &specs[i], &kernel, 0 };
		const struct spec *s = &specs[i];

		if (!kernel_has_tracepoint(s->tracepoint))
			continue;
		kv_clear(&kernel);
		if (hist_for_each(s->tracepoint, s->keys, add_entry, &ctx) < 0) {
			TH_LOG("%s: cannot read hist", s->name);
			bad++;
			continue;
		}
		kv_sub(&delta, &after.m[i], &before.m[i]);
		if (ctx.unmapped)
			TH_LOG("%s: %d hist entries name no known zone",
			       s->name, ctx.unmapped);
		/* A count this kernel cannot report is printed as "-". */
		if (!reported[i]) {
			ksft_print_msg("%-22s kernel %lld, memfrag: not reported on this kernel\n",
				       s->name, kv_total(&kernel));
			continue;
		}
		ksft_print_msg("%-22s kernel %8lld memfrag %8lld (%d keys)\n",
			       s->name, kv_total(&kernel), kv_total(&delta),
			       kernel.n);
		if (fired)
			kv_add(fired, s->name, kv_total(&kernel));
		bad += kv_diff(s->name, &delta, &kernel) + ctx.unmapped;
	}
	triggers(false);
	return bad;
}

/*
 * memfrag prints "-" in a column this kernel cannot report (fast free
 * scanner before 6.4, failed migrations before 6.9): such a breakdown is
 * reported, not compared.
 */
static bool column_reported(const char *file, const char *section, int col)
{
	static char buf[1 << 16];
	char path[256], want[64], *line, *save;
	bool in = false;

	snprintf(path, sizeof(path), MEMFRAG_DIR "/%s", file);
	snprintf(want, sizeof(want), "[%s]", section);
	if (read_file(path, buf, sizeof(buf)) < 0)
		return true;
	for (line = strtok_r(buf, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		char copy[512], *f[24], *fs;
		int nf = 0;

		if (line[0] == '[') {
			in = !strcmp(line, want);
			continue;
		}
		if (!in)
			continue;
		snprintf(copy, sizeof(copy), "%s", line);
		for (fs = strtok(copy, " "); fs && nf < 24; fs = strtok(NULL, " "))
			f[nf++] = fs;
		if (col < nf && !strcmp(f[col], "-"))
			return false;
	}
	return true;
}

static void mark_reported(void)
{
	unsigned int i;

	for (i = 0; i < NR_SPECS; i++)
		reported[i] = column_reported(specs[i].file,
						    specs[i].section,
						    specs[i].val_col);
}

/*
 * The whole workload: every breakdown equals the kernel's, and the kinds of
 * event the workload is built to cause did happen.
 */
TEST_F_TIMEOUT(stats, every_breakdown_matches_hist_triggers, 900)
{
	static struct kv_map fired;

	if (!workload_path())
		SKIP(return, "memfrag_workload not found (set MEMFRAG_WORKLOAD)");
	/* Make sure the migration file has rows to tell "-" from. */
	ASSERT_EQ(0, compact_all_memory());
	mark_reported();
	kv_clear(&fired);
	EXPECT_EQ(0, compare_interval(_metadata, "all", false, &fired));
	EXPECT_LT(0, kv_get(&fired, "runs"));
	EXPECT_LT(0, kv_get(&fired, "try_to_compact_pages"));
	EXPECT_LT(0, kv_get(&fired, "migrate_scanned"));
	EXPECT_LT(0, kv_get(&fired, "extfrag_orders"));
}

TEST_HARNESS_MAIN

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
#include <dirent.h>
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

static const char * const result_names[] = {
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
	{ "migrate_scanned", "compaction:mm_compaction_isolate_migratepages",
	  "nr_taken", "nr_scanned", NULL, key_none, sum_nr_scanned,
	  "migration", "migration", {}, 0, 2 },
	{ "migrate_isolated", "compaction:mm_compaction_isolate_migratepages",
	  "nr_taken", "nr_scanned", NULL, key_none, sum_nr_taken,
	  "migration", "migration", {}, 0, 3 },
	{ "free_scanned", "compaction:mm_compaction_isolate_freepages",
	  "nr_taken", "nr_scanned", NULL, key_none, sum_nr_scanned,
	  "migration", "migration", {}, 0, 4 },
	{ "free_isolated", "compaction:mm_compaction_isolate_freepages",
	  "nr_taken", "nr_scanned", NULL, key_none, sum_nr_taken,
	  "migration", "migration", {}, 0, 5 },
	{ "fast_free_scanned", "compaction:mm_compaction_fast_isolate_freepages",
	  "nr_taken", "nr_scanned", NULL, key_none, sum_nr_scanned,
	  "migration", "migration", {}, 0, 6 },
	{ "fast_free_isolated", "compaction:mm_compaction_fast_isolate_freepages",
	  "nr_taken", "nr_scanned", NULL, key_none, sum_nr_taken,
	  "migration", "migration", {}, 0, 7 },
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

#define NR_SPECS	ARRAY_SIZE(specs)

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

/* /proc/vmstat counters that count the same events as memfrag. */
static const char * const vmstat_names[] = {
	"compact_migrate_scanned", "compact_free_scanned", "compact_daemon_wake",
};
#define NR_VMSTAT	3

struct snapshot {
	struct kv_map m[NR_SPECS];
	long long vm[NR_VMSTAT];
	long long zone_migrate_scanned, zone_free_scanned;
};

static long long zone_migration_sum(const char *spec_name);
static long long free_scanned_zones(void);

static void take_snapshot(struct snapshot *snap)
{
	unsigned int i;

	for (i = 0; i < NR_VMSTAT; i++)
		snap->vm[i] = read_vmstat(vmstat_names[i]);
	snap->zone_migrate_scanned = zone_migration_sum("migrate_scanned");
	snap->zone_free_scanned = free_scanned_zones();
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
	return memfrag_workload_path();
}

static int run_workload(const char *phases)
{
	return memfrag_run_workload(phases, NULL);
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
static struct snapshot before, after;

/* Sum of column col over the zone rows (not "outside") of migration. */
static long long zone_migration_sum(const char *spec_name)
{
	static struct kv_map rows;
	unsigned int i;
	long long sum = 0;
	int k;

	for (i = 0; i < NR_SPECS; i++) {
		static const int cols[] = { 0 };

		if (strcmp(specs[i].name, spec_name))
			continue;
		kv_clear(&rows);
		memfrag_section_map("migration", "migration", cols, 1,
				    specs[i].val_col, &rows);
		for (k = 0; k < rows.n; k++)
			if (strcmp(rows.e[k].key, "-"))
				sum += rows.e[k].val;
	}
	return sum;
}

/*
 * /proc/vmstat counts the scanners of compaction runs only (not
 * alloc_contig_range()), so memfrag's per-zone rows must match it:
 * compact_free_scanned exactly where the fast free scanner is traced;
 * compact_migrate_scanned also counts the free-list entries that
 * fast_find_migrateblock() looks at, which no tracepoint reports, so it
 * may only exceed memfrag.  compact_daemon_wake counts kcompactd_do_work(),
 * which emits mm_compaction_kcompactd_wake.
 */
static int compare_vmstat(long long wake_memfrag)
{
	long long mig_before = before.zone_migrate_scanned;
	long long mig_after = after.zone_migrate_scanned;
	long long free_before = before.zone_free_scanned;
	long long free_after = after.zone_free_scanned;
	long long mig = after.vm[0] - before.vm[0];
	long long free_scanned = after.vm[1] - before.vm[1];
	long long wake = after.vm[2] - before.vm[2];
	int bad = 0;

	ksft_print_msg("vmstat compact_migrate_scanned +%lld >= memfrag zones +%lld\n",
		       mig, mig_after - mig_before);
	bad += mig < mig_after - mig_before;
	ksft_print_msg("vmstat compact_daemon_wake +%lld, memfrag kcompactd_wake +%lld\n",
		       wake, wake_memfrag);
	bad += wake != wake_memfrag;
	if (kernel_has_tracepoint("compaction:mm_compaction_fast_isolate_freepages")) {
		ksft_print_msg("vmstat compact_free_scanned +%lld, memfrag zones +%lld\n",
			       free_scanned, free_after - free_before);
		bad += free_scanned != free_after - free_before;
	} else {
		ksft_print_msg("vmstat compact_free_scanned: not compared, this kernel does not trace the fast free scanner\n");
	}
	return bad;
}

static long long free_scanned_zones(void)
{
	return zone_migration_sum("free_scanned") +
	       (kernel_has_tracepoint("compaction:mm_compaction_fast_isolate_freepages") ?
		zone_migration_sum("fast_free_scanned") : 0);
}

static int compare_interval(struct __test_metadata *_metadata,
			    const char *phases, bool manual_too,
			    struct kv_map *fired)
{
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
	for (i = 0; i < NR_SPECS; i++)
		if (!strcmp(specs[i].name, "kcompactd_wake"))
			kv_sub(&delta, &after.m[i], &before.m[i]);
	bad += compare_vmstat(kv_total(&delta));
	return bad;
}

/*
 * memfrag lists the columns this kernel cannot report on the migration
 * file's "unreported:" line (and prints "-" in them): those breakdowns are
 * reported, not compared.
 */
static bool column_reported(const char *file, const char *section, int col)
{
	static char buf[1 << 16];
	static const char * const names[] = {
		[6] = "fast_free_scanned", [7] = "fast_free_isolated",
		[9] = "failed",
	};
	char word[40], *line;

	if (strcmp(file, "migration") || col >= 10 || !names[col])
		return true;
	if (read_file(MEMFRAG_DIR "/migration", buf, sizeof(buf)) < 0)
		return true;
	line = strstr(buf, "\nunreported:");
	if (!line)
		return true;
	*strchrnul(line + 1, '\n') = '\0';
	snprintf(word, sizeof(word), " %s", names[col]);
	return !strstr(line, word);
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
	mark_reported();
	kv_clear(&fired);
	EXPECT_EQ(0, compare_interval(_metadata, "all", false, &fired));
	EXPECT_LT(0, kv_get(&fired, "runs"));
	EXPECT_LT(0, kv_get(&fired, "try_to_compact_pages"));
	EXPECT_LT(0, kv_get(&fired, "migrate_scanned"));
	EXPECT_LT(0, kv_get(&fired, "extfrag_orders"));
}

/* Is pid one of the kcompactd threads? */
static bool is_kcompactd(long long pid)
{
	char path[64], comm[32] = "";

	snprintf(path, sizeof(path), "/proc/%lld/comm", pid);
	if (read_file(path, comm, sizeof(comm)) < 0)
		return false;
	return !strncmp(comm, "kcompactd", 9);
}

struct trigger_ctx {
	pid_t manual_pid;
	struct kv_map *out;
};

/* Which trigger the task that ran a compaction stands for. */
static void add_by_task(const struct hist_entry *e, void *arg)
{
	struct trigger_ctx *ctx = arg;
	long long pid = hist_field(e, "common_pid");
	const char *who = pid == ctx->manual_pid ? "manual" :
			  is_kcompactd(pid) ? "kcompactd" : "direct";

	kv_add(ctx->out, who, e->hitcount);
}

/*
 * Triggers: this test process compacts by hand, the workload allocates
 * (direct compaction) and wakes kcompactd.  The kernel's count of runs per
 * task, mapped to the trigger that task stands for, must equal memfrag's
 * runs per trigger (kcompactd's woken and proactive runs together).
 */
TEST_F_TIMEOUT(stats, triggers_match_tasks, 900)
{
	static struct kv_map mine_before, mine_after, mine, kernel;
	static const int trigger_col[] = { 2 };
	const char *end = "compaction:mm_compaction_end";
	struct trigger_ctx ctx = { getpid(), &kernel };
	long long h1, h2;
	int k, tries;

	if (!workload_path())
		SKIP(return, "memfrag_workload not found (set MEMFRAG_WORKLOAD)");
	for (tries = 0; tries < 20; tries++) {
		hist_trigger_remove(end, "common_pid");
		ASSERT_EQ(0, hist_trigger_add(end, "common_pid"));
		kv_clear(&mine_before);
		memfrag_section_map("compaction", "runs", trigger_col, 1, 5,
				    &mine_before);
		if (hist_total(end) == 0)
			break;
	}
	ASSERT_LT(tries, 20);
	ASSERT_EQ(0, compact_all_memory());
	ASSERT_EQ(0, run_workload("fragment direct kcompactd extfrag"));
	for (tries = 0; tries < 50; tries++) {
		h1 = hist_total(end);
		kv_clear(&mine_after);
		memfrag_section_map("compaction", "runs", trigger_col, 1, 5,
				    &mine_after);
		h2 = hist_total(end);
		if (h1 == h2)
			break;
		usleep(100000);
	}
	ASSERT_LT(tries, 50);
	kv_clear(&kernel);
	ASSERT_LE(0, hist_for_each(end, "common_pid", add_by_task, &ctx));
	hist_trigger_remove(end, "common_pid");

	kv_sub(&mine, &mine_after, &mine_before);
	/* kcompactd's runs are "kcompactd" or "proactive" in memfrag. */
	for (k = 0; k < mine.n; k++)
		if (!strcmp(mine.e[k].key, "proactive"))
			snprintf(mine.e[k].key, KV_KEY_LEN, "kcompactd");
	kv_sub(&mine_before, &mine, &kernel);	/* reuse: merge duplicates */
	kv_clear(&mine_after);
	for (k = 0; k < mine.n; k++)
		kv_add(&mine_after, mine.e[k].key, mine.e[k].val);
	ksft_print_msg("runs by trigger: manual %lld/%lld direct %lld/%lld kcompactd %lld/%lld (memfrag/kernel)\n",
		       kv_get(&mine_after, "manual"), kv_get(&kernel, "manual"),
		       kv_get(&mine_after, "direct"), kv_get(&kernel, "direct"),
		       kv_get(&mine_after, "kcompactd"),
		       kv_get(&kernel, "kcompactd"));
	EXPECT_EQ(0, kv_diff("runs by trigger", &mine_after, &kernel));
	EXPECT_LT(0, kv_get(&kernel, "manual"));
}

struct kcompactd_ctx {
	long long runs;
};

static void count_kcompactd_runs(const struct hist_entry *e, void *arg)
{
	struct kcompactd_ctx *ctx = arg;

	if (is_kcompactd(hist_field(e, "common_pid")))
		ctx->runs += e->hitcount;
}

/*
 * Proactive compaction: with vm.compaction_proactiveness raised on
 * fragmented memory, kcompactd compacts without being woken.  Its runs in
 * an interval with no mm_compaction_kcompactd_wake must all be "proactive".
 */
TEST_F_TIMEOUT(stats, proactive_runs_are_kcompactd_runs_without_wake, 900)
{
	static struct kv_map before, after, mine;
	static const int trigger_col[] = { 2 };
	const char *end = "compaction:mm_compaction_end";
	const char *wake = "compaction:mm_compaction_kcompactd_wake";
	struct kcompactd_ctx ctx = { 0 };
	long long h1, h2, wakes;
	int tries;

	if (!workload_path())
		SKIP(return, "memfrag_workload not found (set MEMFRAG_WORKLOAD)");
	ASSERT_EQ(0, run_workload("fragment"));
	for (tries = 0; tries < 20; tries++) {
		hist_trigger_remove(end, "common_pid");
		hist_trigger_remove(wake, "nid");
		ASSERT_EQ(0, hist_trigger_add(end, "common_pid"));
		ASSERT_EQ(0, hist_trigger_add(wake, "nid"));
		kv_clear(&before);
		memfrag_section_map("compaction", "runs", trigger_col, 1, 5,
				    &before);
		if (hist_total(end) == 0 && hist_total(wake) == 0)
			break;
	}
	ASSERT_LT(tries, 20);
	ASSERT_EQ(0, run_workload("proactive"));
	for (tries = 0; tries < 50; tries++) {
		h1 = hist_total(end);
		kv_clear(&after);
		memfrag_section_map("compaction", "runs", trigger_col, 1, 5,
				    &after);
		h2 = hist_total(end);
		if (h1 == h2)
			break;
		usleep(100000);
	}
	ASSERT_LT(tries, 50);
	wakes = hist_total(wake);
	ASSERT_LE(0, hist_for_each(end, "common_pid", count_kcompactd_runs,
				   &ctx));
	hist_trigger_remove(end, "common_pid");
	hist_trigger_remove(wake, "nid");
	kv_sub(&mine, &after, &before);
	ksft_print_msg("kcompactd runs %lld (wake-ups %lld); memfrag proactive %lld kcompactd %lld\n",
		       ctx.runs, wakes, kv_get(&mine, "proactive"),
		       kv_get(&mine, "kcompactd"));
	EXPECT_LT(0, ctx.runs);
	if (wakes == 0) {
		EXPECT_EQ(ctx.runs, kv_get(&mine, "proactive"));
		EXPECT_EQ(0, kv_get(&mine, "kcompactd"));
	} else {
		EXPECT_EQ(ctx.runs, kv_get(&mine, "proactive") +
				    kv_get(&mine, "kcompactd"));
	}
}

/*
 * Every run whose begin memfrag saw is timed: the latency histogram of a
 * zone and trigger holds as many runs as the runs table, less the runs
 * memfrag reports it could not time.
 */
TEST_F_TIMEOUT(stats, latency_histograms_hold_every_timed_run, 300)
{
	static struct kv_map runs, timed, tmp;
	static const int zone_trigger[] = { 0, 1, 2 };
	static char status[16384];
	long long untimed = 0, a, b;
	char *p;
	int k;

	ASSERT_EQ(0, compact_all_memory());
	for (k = 0; k < 50; k++) {
		kv_clear(&runs);
		kv_clear(&timed);
		memfrag_section_map("compaction", "runs", zone_trigger, 3, 5,
				    &runs);
		memfrag_section_map("latency", "timed", zone_trigger, 3, 3,
				    &timed);
		kv_clear(&tmp);
		memfrag_section_map("compaction", "runs", zone_trigger, 3, 5,
				    &tmp);
		if (kv_total(&tmp) == kv_total(&runs))
			break;
	}
	ASSERT_LT(0, read_file(MEMFRAG_STATUS, status, sizeof(status)));
	p = strstr(status, "run_table_full=");
	ASSERT_NE(NULL, p);
	a = strtoll(p + 15, NULL, 10);
	p = strstr(status, "end_without_begin=");
	ASSERT_NE(NULL, p);
	b = strtoll(p + 18, NULL, 10);
	untimed = a + b;
	ksft_print_msg("runs %lld, timed %lld, untimed (drops) %lld\n",
		       kv_total(&runs), kv_total(&timed), untimed);
	EXPECT_LT(0, kv_total(&runs));
	EXPECT_EQ(kv_total(&runs), kv_total(&timed) + untimed);
	if (!untimed)
		EXPECT_EQ(0, kv_diff("timed runs", &timed, &runs));
}

static int write_reset(const void *buf, size_t len)
{
	int fd = open(MEMFRAG_DIR "/reset", O_WRONLY);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = write(fd, buf, len);
	n = n < 0 ? -errno : 0;
	close(fd);
	return n;
}

/* Reads every breakdown into one map: "spec key" -> count. */
static void all_counters(struct kv_map *out)
{
	static struct snapshot s;
	unsigned int i;
	int k;

	take_snapshot(&s);
	kv_clear(out);
	for (i = 0; i < NR_SPECS; i++)
		for (k = 0; k < s.m[i].n; k++) {
			char key[KV_KEY_LEN];

			snprintf(key, sizeof(key), "%s %s", specs[i].name,
				 s.m[i].e[k].key);
			kv_add(out, key, s.m[i].e[k].val);
		}
}

/*
 * Bad input to reset is rejected with EINVAL and changes nothing.  The
 * counters are compared across the bad writes only when the hist triggers
 * show that no traced event fired meanwhile.
 */
TEST_F_TIMEOUT(stats, reset_rejects_bad_input, 300)
{
	static struct kv_map before, after;
	static char junk[4096];
	static const char * const bad[] = { "", "2", "abc", "0", "11", "1x", " 1" };
	long long h0, h1;
	unsigned int i;
	int tries, diff = -1;

	ASSERT_EQ(0, compact_all_memory());
	memset(junk, 'x', sizeof(junk));
	ASSERT_EQ(0, triggers(true));
	for (tries = 0; tries < 20; tries++) {
		h0 = hist_grand_total();
		all_counters(&before);
		for (i = 0; i < ARRAY_SIZE(bad); i++)
			EXPECT_EQ(-EINVAL, write_reset(bad[i], strlen(bad[i])))
				TH_LOG("bad input #%u", i);
		EXPECT_EQ(-EINVAL, write_reset(junk, sizeof(junk)));
		all_counters(&after);
		h1 = hist_grand_total();
		if (h0 == h1) {
			diff = kv_diff("after bad resets", &after, &before);
			break;
		}
	}
	EXPECT_LT(0, kv_total(&before));
	EXPECT_EQ(0, diff);

	for (tries = 0; tries < 20; tries++) {
		h0 = hist_grand_total();
		EXPECT_EQ(0, write_reset("1\n", 2));
		all_counters(&after);
		h1 = hist_grand_total();
		if (h0 == h1)
			break;
	}
	ksft_print_msg("after reset: %lld counted (no event since: expect 0)\n",
		       kv_total(&after));
	EXPECT_LT(tries, 20);
	EXPECT_EQ(0, kv_total(&after));
	triggers(false);
}

/*
 * Resets while compaction runs on another CPU, then an exact interval:
 * had a reset torn or lost any counter, the breakdowns would not match.
 */
TEST_F_TIMEOUT(stats, reset_under_load_keeps_counters_exact, 900)
{
	static struct kv_map all;
	pid_t pid;
	int i, k;

	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		for (;;)
			compact_all_memory();
	}
	for (i = 0; i < 200; i++)
		ASSERT_EQ(0, write_reset("1", 1));
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);

	all_counters(&all);
	for (k = 0; k < all.n; k++)
		EXPECT_GT(1LL << 40, all.e[k].val) TH_LOG("%s", all.e[k].key);
	mark_reported();
	EXPECT_EQ(0, compare_interval(_metadata, "fragment", true, NULL));
}

TEST_HARNESS_MAIN

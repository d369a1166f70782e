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
#include "lib_hist.h"
#include "lib_proc.h"
#include "lib_workload.h"

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
	enum memfrag_tp_id tp;
	const char *keys, *vals;
	/*
	 * A hist trigger takes at most three keys.  A fourth dimension is
	 * covered by one trigger per value of the field named here, each
	 * filtered "if <split> == value".
	 */
	const char *split;
	entry_key_fn key;		/* hist entry -> memfrag key */
	entry_value_fn value;		/* hist entry -> count */
	const char *file, *section;
	/* The section's columns that key the breakdown (NULL-terminated). */
	const char *key_cols[6];
	const char *val_col;
};

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

static int key_end(const struct hist_entry *e, char *key, size_t n)
{
	return hist_run_key(e, zones, nr_zones, key, n);
}

static int key_begin(const struct hist_entry *e, char *key, size_t n)
{
	return hist_zone_key(e, zones, nr_zones, key, n);
}

static int key_order_prio(const struct hist_entry *e, char *key, size_t n)
{
	snprintf(key, n, "%lld %s", hist_field(e, TP_FIELD_ORDER),
		 mft_prio_name(hist_field(e, TP_FIELD_PRIO)));
	return 0;
}

static int key_zone_order_result(const struct hist_entry *e, char *key,
				 size_t n)
{
	snprintf(key, n, "%lld %s %lld %s", hist_field(e, "nid"),
		 zone_name(hist_field(e, "nid"), hist_field(e, "idx")),
		 hist_field(e, TP_FIELD_ORDER),
		 mft_result_name(hist_field(e, "ret")));
	return 0;
}

static int key_zone_order(const struct hist_entry *e, char *key, size_t n)
{
	snprintf(key, n, "%lld %s %lld", hist_field(e, "nid"),
		 zone_name(hist_field(e, "nid"), hist_field(e, "idx")),
		 hist_field(e, TP_FIELD_ORDER));
	return 0;
}

static int key_wake(const struct hist_entry *e, char *key, size_t n)
{
	snprintf(key, n, "%lld %lld %s", hist_field(e, "nid"),
		 hist_field(e, TP_FIELD_ORDER),
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
	snprintf(key, n, "%lld %lld", hist_field(e, TP_FIELD_ALLOC_ORDER),
		 hist_field(e, TP_FIELD_FALLBACK_ORDER));
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
		 hist_field(e, TP_FIELD_FALLBACK_ORDER) < pageblock_order);
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

/* A count of [section] of file, per hit of MEMFRAG_TP_<tp>. */
#define COUNT_SPEC(section_, tp_, keys_, split_, key_, file_, ...)	\
	{ .name = MEMFRAG_SEC_NAME(section_), .tp = MEMFRAG_TP_##tp_,	\
	  .keys = keys_,						\
	  .split = split_, .key = key_, .value = hits, .file = file_,	\
	  .section = MEMFRAG_SEC_NAME(section_),			\
	  .key_cols = { __VA_ARGS__ },					\
	  .val_col = MEMFRAG_COL_NAME(count) }
/* A column of [migration]: a value of MEMFRAG_TP_<tp>, summed. */
#define MIGRATION_SPEC(col_, tp_, keys_, vals_, value_)			\
	{ .name = MEMFRAG_COL_NAME(col_), .tp = MEMFRAG_TP_##tp_,	\
	  .keys = keys_,						\
	  .vals = vals_, .key = key_none, .value = value_,		\
	  .file = MEMFRAG_FILE_MIGRATION,				\
	  .section = MEMFRAG_SEC_NAME(migration),			\
	  .val_col = MEMFRAG_COL_NAME(col_) }
/* ... of an isolate tracepoint: pages scanned or isolated. */
#define ISOLATE_SPEC(col_, tp_, value_)					\
	MIGRATION_SPEC(col_, tp_, "nr_taken", "nr_scanned", value_)
#define ZONE_ORDER		"nid,idx,order"
#define WAKE			"nid,order,highest_zoneidx"
/* The columns their keys make. */
#define ZONE_ORDER_COLS							\
	MEMFRAG_COL_NAME(node), MEMFRAG_COL_NAME(zone), MEMFRAG_COL_NAME(order)
#define WAKE_COLS							\
	MEMFRAG_COL_NAME(node), MEMFRAG_COL_NAME(order),		\
	MEMFRAG_COL_NAME(highest_zone)

static struct spec specs[] = {
	{ .name = MEMFRAG_SEC_NAME(runs), .tp = MEMFRAG_TP_END,
	  .keys = "zone_start,sync,status",
	  .key = key_end, .value = hits, .file = MEMFRAG_FILE_COMPACTION,
	  .section = MEMFRAG_SEC_NAME(runs),
	  .key_cols = { MEMFRAG_COL_NAME(node), MEMFRAG_COL_NAME(zone),
			MEMFRAG_COL_NAME(mode), MEMFRAG_COL_NAME(result) },
	  .val_col = MEMFRAG_COL_NAME(runs) },
	{ .name = MEMFRAG_SEC_NAME(begins), .tp = MEMFRAG_TP_BEGIN,
	  .keys = "zone_start",
	  .key = key_begin, .value = hits, .file = MEMFRAG_FILE_COMPACTION,
	  .section = MEMFRAG_SEC_NAME(begins),
	  .key_cols = { MEMFRAG_COL_NAME(node), MEMFRAG_COL_NAME(zone) },
	  .val_col = MEMFRAG_COL_NAME(begins) },
	COUNT_SPEC(try_to_compact_pages, TRY_TO_COMPACT_PAGES, "order,prio",
		   NULL, key_order_prio, MEMFRAG_FILE_DIRECT,
		   MEMFRAG_COL_NAME(order), MEMFRAG_COL_NAME(prio)),
	COUNT_SPEC(suitable, SUITABLE, ZONE_ORDER, "ret", key_zone_order_result,
		   MEMFRAG_FILE_DIRECT, ZONE_ORDER_COLS,
		   MEMFRAG_COL_NAME(result)),
	COUNT_SPEC(finished, FINISHED, ZONE_ORDER, "ret", key_zone_order_result,
		   MEMFRAG_FILE_DIRECT, ZONE_ORDER_COLS,
		   MEMFRAG_COL_NAME(result)),
	COUNT_SPEC(deferred, DEFERRED, ZONE_ORDER, NULL, key_zone_order,
		   MEMFRAG_FILE_DIRECT, ZONE_ORDER_COLS),
	COUNT_SPEC(defer_compaction, DEFER_COMPACTION, ZONE_ORDER, NULL,
		   key_zone_order, MEMFRAG_FILE_DIRECT, ZONE_ORDER_COLS),
	COUNT_SPEC(defer_reset, DEFER_RESET, ZONE_ORDER, NULL, key_zone_order,
		   MEMFRAG_FILE_DIRECT, ZONE_ORDER_COLS),
	COUNT_SPEC(wakeup_kcompactd, WAKEUP_KCOMPACTD, WAKE, NULL, key_wake,
		   MEMFRAG_FILE_KCOMPACTD, WAKE_COLS),
	COUNT_SPEC(kcompactd_wake, KCOMPACTD_WAKE, WAKE, NULL, key_wake,
		   MEMFRAG_FILE_KCOMPACTD, WAKE_COLS),
	COUNT_SPEC(kcompactd_sleep, KCOMPACTD_SLEEP, "nid", NULL, key_nid,
		   MEMFRAG_FILE_KCOMPACTD, MEMFRAG_COL_NAME(node)),
	ISOLATE_SPEC(migrate_scanned, ISOLATE_MIGRATEPAGES, sum_nr_scanned),
	ISOLATE_SPEC(migrate_isolated, ISOLATE_MIGRATEPAGES, sum_nr_taken),
	ISOLATE_SPEC(free_scanned, ISOLATE_FREEPAGES, sum_nr_scanned),
	ISOLATE_SPEC(free_isolated, ISOLATE_FREEPAGES, sum_nr_taken),
	ISOLATE_SPEC(fast_free_scanned, FAST_ISOLATE_FREEPAGES, sum_nr_scanned),
	ISOLATE_SPEC(fast_free_isolated, FAST_ISOLATE_FREEPAGES, sum_nr_taken),
	MIGRATION_SPEC(migrated, MIGRATEPAGES, "nr_failed", "nr_migrated",
		       sum_nr_migrated),
	MIGRATION_SPEC(failed, MIGRATEPAGES, "nr_failed", "nr_migrated",
		       sum_nr_failed),
	{ .name = "extfrag_orders", .tp = MEMFRAG_TP_PAGE_ALLOC_EXTFRAG,
	  .keys = "alloc_order,fallback_order", .key = key_orders,
	  .value = hits, .file = MEMFRAG_FILE_EXTFRAG,
	  .section = MEMFRAG_SEC_NAME(order),
	  .key_cols = { MEMFRAG_COL_NAME(alloc_order),
			MEMFRAG_COL_NAME(fallback_order) },
	  .val_col = MEMFRAG_COL_NAME(count) },
	{ .name = "extfrag_migratetypes", .tp = MEMFRAG_TP_PAGE_ALLOC_EXTFRAG,
	  .keys = "alloc_migratetype,fallback_migratetype,fallback_order",
	  .key = key_migratetypes, .value = hits, .file = MEMFRAG_FILE_EXTFRAG,
	  .section = MEMFRAG_SEC_NAME(migratetype),
	  .key_cols = { MEMFRAG_COL_NAME(alloc_type),
			MEMFRAG_COL_NAME(fallback_type),
			MEMFRAG_COL_NAME(fragmenting) },
	  .val_col = MEMFRAG_COL_NAME(count) },
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
		if (specs[j].tp == specs[i].tp &&
		    !strcmp(specs[j].keys, specs[i].keys))
			return true;
	return false;
}

/*
 * The split field is a compaction result: every value the list knows and
 * the one after them, which catches a newer kernel's.
 */
#define SPLIT_VALUES	MEMFRAG_NR_RESULTS

static const char *spec_tp(const struct spec *s)
{
	return mft_tracepoints[s->tp];
}

static int triggers(bool add)
{
	char text[192];
	unsigned int i;
	int v, err;

	for (i = 0; i < NR_SPECS; i++) {
		if (!kernel_has_tracepoint(spec_tp(&specs[i])) ||
		    spec_trigger_shared(i))
			continue;
		for (v = 0; v < (specs[i].split ? SPLIT_VALUES : 1); v++) {
			trigger_text(&specs[i], text, sizeof(text));
			if (specs[i].split)
				snprintf(text + strlen(text),
					 sizeof(text) - strlen(text),
					 " if %s == %d", specs[i].split, v);
			err = add ? hist_trigger_add(spec_tp(&specs[i]), text) :
				    hist_trigger_remove(spec_tp(&specs[i]), text);
			if (err && add) {
				fprintf(stderr, "# hist trigger %s on %s: %s\n",
					text, spec_tp(&specs[i]),
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
		if (!kernel_has_tracepoint(spec_tp(&specs[i])))
			continue;
		t = hist_total(spec_tp(&specs[i]));
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

static long long zone_migration_sum(const char *col);
static long long free_scanned_zones(void);

static void take_snapshot(struct snapshot *snap)
{
	unsigned int i;

	for (i = 0; i < NR_VMSTAT; i++)
		snap->vm[i] = read_vmstat(vmstat_names[i]);
	snap->zone_migrate_scanned =
		zone_migration_sum(MEMFRAG_COL_NAME(migrate_scanned));
	snap->zone_free_scanned = free_scanned_zones();
	for (i = 0; i < NR_SPECS; i++) {
		kv_clear(&snap->m[i]);
		mft_section_map(specs[i].file, specs[i].section,
				    specs[i].key_cols, specs[i].val_col,
				    &snap->m[i]);
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
	return mft_workload_path();
}

static int run_workload(const char *phases)
{
	return mft_run_workload(phases, NULL);
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
	if (mft_skip_unless_ready(_metadata))
		return;
	if (!kernel_has_hist(MEMFRAG_TP(END)))
		SKIP(return, "kernel lacks compaction tracepoints or CONFIG_HIST_TRIGGERS");
	ASSERT_EQ(0, mft_ensure_loaded());
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
static long long zone_migration_sum(const char *col)
{
	static const char *const node[] = { MEMFRAG_COL_NAME(node), NULL };
	static struct kv_map rows;
	long long sum = 0;
	int k;

	kv_clear(&rows);
	mft_section_map(MEMFRAG_FILE_MIGRATION, MEMFRAG_SEC_NAME(migration),
			    node, col,
			    &rows);
	for (k = 0; k < rows.n; k++)
		if (strcmp(rows.e[k].key, "-"))
			sum += rows.e[k].val;
	return sum;
}

/*
 * /proc/vmstat counts the scanners of compaction runs only (not
 * alloc_contig_range()), so memfrag's per-zone rows must match it:
 * compact_free_scanned exactly where the fast free scanner is traced;
 * compact_migrate_scanned also counts the free-list entries that
 * fast_find_migrateblock() looks at, which no tracepoint reports, so it
 * may only exceed memfrag.  compact_daemon_wake counts kcompactd_do_work(),
 * which emits the kcompactd wake tracepoint (MEMFRAG_TP_KCOMPACTD_WAKE).
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
	if (kernel_has_tracepoint(MEMFRAG_TP(FAST_ISOLATE_FREEPAGES))) {
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
	return zone_migration_sum(MEMFRAG_COL_NAME(free_scanned)) +
	       (kernel_has_tracepoint(MEMFRAG_TP(FAST_ISOLATE_FREEPAGES)) ?
		zone_migration_sum(MEMFRAG_COL_NAME(fast_free_scanned)) : 0);
}

/*
 * Every spec's hist, read into kernel[]: the unmapped entries of each in
 * unmapped[], -1 if a hist could not be read.
 */
static int read_kernel_hists(struct kv_map *kernel, int *unmapped)
{
	unsigned int i;

	for (i = 0; i < NR_SPECS; i++) {
		struct key_ctx ctx = { &specs[i], &kernel[i], 0 };

		kv_clear(&kernel[i]);
		unmapped[i] = 0;
		if (!kernel_has_tracepoint(spec_tp(&specs[i])))
			continue;
		if (hist_for_each(spec_tp(&specs[i]), specs[i].keys, add_entry,
				  &ctx) < 0)
			return -1;
		unmapped[i] = ctx.unmapped;
	}
	return 0;
}

/*
 * The end of an interval: memfrag's snapshot and every hist trigger's
 * breakdown, all read while no traced event fired.  Reading the hists
 * takes seconds on a debug kernel, and kcompactd's proactive runs or
 * kswapd can fire in that time: the grand total read after the last hist
 * must still be the one the snapshot was taken at, or the end is taken
 * again.
 */
static int quiet_end(struct __test_metadata *_metadata, struct kv_map *kernel,
		     int *unmapped)
{
	long long hist_at;
	int tries;

	for (tries = 0; tries < 20; tries++) {
		if (quiet_snapshot(&after, &hist_at)) {
			TH_LOG("system never went quiet after the workload");
			return -1;
		}
		if (read_kernel_hists(kernel, unmapped)) {
			TH_LOG("cannot read the hist triggers");
			return -1;
		}
		if (hist_grand_total() == hist_at)
			return 0;
		ksft_print_msg("attempt %d: events fired while the hists were read, retrying\n",
			       tries + 1);
	}
	TH_LOG("events kept firing while the hists were read");
	return -1;
}

static int compare_interval(struct __test_metadata *_metadata,
			    const char *phases, bool manual_too,
			    struct kv_map *fired)
{
	static struct kv_map delta, kernel[NR_SPECS];
	static int unmapped[NR_SPECS];
	long long hist_before;
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
	if (quiet_end(_metadata, kernel, unmapped))
		return -1;

	for (i = 0; i < NR_SPECS; i++) {
		const struct spec *s = &specs[i];

		if (!kernel_has_tracepoint(spec_tp(s)))
			continue;
		kv_sub(&delta, &after.m[i], &before.m[i]);
		if (unmapped[i])
			TH_LOG("%s: %d hist entries name no known zone",
			       s->name, unmapped[i]);
		/* A count this kernel cannot report is printed as "-". */
		if (!reported[i]) {
			ksft_print_msg("%-22s kernel %lld, memfrag: not reported on this kernel\n",
				       s->name, kv_total(&kernel[i]));
			continue;
		}
		ksft_print_msg("%-22s kernel %8lld memfrag %8lld (%d keys)\n",
			       s->name, kv_total(&kernel[i]), kv_total(&delta),
			       kernel[i].n);
		if (fired)
			kv_add(fired, s->name, kv_total(&kernel[i]));
		bad += kv_diff(s->name, &delta, &kernel[i]) + unmapped[i];
	}
	triggers(false);
	for (i = 0; i < NR_SPECS; i++)
		if (!strcmp(specs[i].name, MEMFRAG_SEC_NAME(kcompactd_wake)))
			kv_sub(&delta, &after.m[i], &before.m[i]);
	bad += compare_vmstat(kv_total(&delta));
	return bad;
}

/*
 * memfrag lists the columns this kernel cannot report on the migration
 * file's "unreported:" line (and prints "-" in them): those breakdowns are
 * reported, not compared.
 */
static bool column_reported(const struct spec *s)
{
	static char buf[1 << 16];
	char words[256], *word, *save;

	if (strcmp(s->file, MEMFRAG_FILE_MIGRATION))
		return true;
	if (read_file(MEMFRAG_PATH(MEMFRAG_FILE_MIGRATION), buf,
		      sizeof(buf)) < 0 ||
	    mft_key(buf, "unreported", words, sizeof(words)))
		return true;
	for (word = strtok_r(words, " ", &save); word;
	     word = strtok_r(NULL, " ", &save))
		if (!strcmp(word, s->val_col))
			return false;
	return true;
}

static void mark_reported(void)
{
	unsigned int i;

	for (i = 0; i < NR_SPECS; i++)
		reported[i] = column_reported(&specs[i]);
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
	EXPECT_LT(0, kv_get(&fired, MEMFRAG_SEC_NAME(runs)));
	EXPECT_LT(0, kv_get(&fired, MEMFRAG_SEC_NAME(try_to_compact_pages)));
	EXPECT_LT(0, kv_get(&fired, MEMFRAG_COL_NAME(migrate_scanned)));
	EXPECT_LT(0, kv_get(&fired, "extfrag_orders"));
}

struct trigger_ctx {
	pid_t manual_pid;
	struct kv_map *out;
};

/* The runs of memfrag's compaction file, by trigger. */
static const char *const by_trigger[] = { MEMFRAG_COL_NAME(trigger), NULL };

/* Which trigger the task that ran a compaction stands for. */
static void add_by_task(const struct hist_entry *e, void *arg)
{
	struct trigger_ctx *ctx = arg;
	long long pid = hist_field(e, "common_pid");
	const char *who = pid == ctx->manual_pid ? MEMFRAG_TRIGGER(MANUAL) :
			  is_kcompactd(pid) ? MEMFRAG_TRIGGER(KCOMPACTD) :
			  MEMFRAG_TRIGGER(DIRECT);

	kv_add(ctx->out, who, e->hitcount);
}

/*
 * Triggers: this test process compacts by hand, the workload allocates
 * (direct compaction) and wakes kcompactd.  The kernel's count of runs per
 * task, mapped to the trigger that task stands for, must equal memfrag's
 * runs per trigger (kcompactd's woken and proactive runs together).
 * Only the phases that compact: extfrag's fill adds fallbacks, not runs,
 * and on a KASAN kernel it went to the OOM killer.
 */
TEST_F_TIMEOUT(stats, triggers_match_tasks, 900)
{
	static struct kv_map mine_before, mine_after, mine, kernel;
	const char *end = MEMFRAG_TP(END);
	struct trigger_ctx ctx = { getpid(), &kernel };
	int k, tries;

	if (!workload_path())
		SKIP(return, "memfrag_workload not found (set MEMFRAG_WORKLOAD)");
	for (tries = 0; tries < 20; tries++) {
		hist_trigger_remove(end, "common_pid");
		ASSERT_EQ(0, hist_trigger_add(end, "common_pid"));
		kv_clear(&mine_before);
		mft_section_map(MEMFRAG_FILE_COMPACTION,
				    MEMFRAG_SEC_NAME(runs), by_trigger,
				    MEMFRAG_COL_NAME(runs), &mine_before);
		if (hist_total(end) == 0)
			break;
	}
	ASSERT_LT(tries, 20);
	ASSERT_EQ(0, compact_all_memory());
	ASSERT_EQ(0, run_workload("fragment direct kcompactd"));
	ASSERT_LE(0, quiet_section_map(end, MEMFRAG_FILE_COMPACTION,
				       MEMFRAG_SEC_NAME(runs), by_trigger,
				       MEMFRAG_COL_NAME(runs), &mine_after));
	kv_clear(&kernel);
	ASSERT_LE(0, hist_take(end, "common_pid", add_by_task, &ctx));

	kv_sub(&mine, &mine_after, &mine_before);
	/* kcompactd's runs are "kcompactd" or "proactive" in memfrag. */
	for (k = 0; k < mine.n; k++)
		if (!strcmp(mine.e[k].key, MEMFRAG_TRIGGER(PROACTIVE)))
			snprintf(mine.e[k].key, KV_KEY_LEN, "%s",
				 MEMFRAG_TRIGGER(KCOMPACTD));
	kv_sub(&mine_before, &mine, &kernel);	/* reuse: merge duplicates */
	kv_clear(&mine_after);
	for (k = 0; k < mine.n; k++)
		kv_add(&mine_after, mine.e[k].key, mine.e[k].val);
	ksft_print_msg("runs by trigger: manual %lld/%lld direct %lld/%lld kcompactd %lld/%lld (memfrag/kernel)\n",
		       kv_get(&mine_after, MEMFRAG_TRIGGER(MANUAL)),
		       kv_get(&kernel, MEMFRAG_TRIGGER(MANUAL)),
		       kv_get(&mine_after, MEMFRAG_TRIGGER(DIRECT)),
		       kv_get(&kernel, MEMFRAG_TRIGGER(DIRECT)),
		       kv_get(&mine_after, MEMFRAG_TRIGGER(KCOMPACTD)),
		       kv_get(&kernel, MEMFRAG_TRIGGER(KCOMPACTD)));
	EXPECT_EQ(0, kv_diff("runs by trigger", &mine_after, &kernel));
	EXPECT_LT(0, kv_get(&kernel, MEMFRAG_TRIGGER(MANUAL)));
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
 * an interval with no kcompactd wake (MEMFRAG_TP_KCOMPACTD_WAKE) must all
 * be "proactive".
 */
TEST_F_TIMEOUT(stats, proactive_runs_are_kcompactd_runs_without_wake, 900)
{
	static struct kv_map before, after, mine;
	const char *end = MEMFRAG_TP(END);
	const char *wake = MEMFRAG_TP(KCOMPACTD_WAKE);
	struct kcompactd_ctx ctx = { 0 };
	long long wakes;
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
		mft_section_map(MEMFRAG_FILE_COMPACTION,
				    MEMFRAG_SEC_NAME(runs), by_trigger,
				    MEMFRAG_COL_NAME(runs), &before);
		if (hist_total(end) == 0 && hist_total(wake) == 0)
			break;
	}
	ASSERT_LT(tries, 20);
	ASSERT_EQ(0, run_workload("proactive"));
	ASSERT_LE(0, quiet_section_map(end, MEMFRAG_FILE_COMPACTION,
				       MEMFRAG_SEC_NAME(runs), by_trigger,
				       MEMFRAG_COL_NAME(runs), &after));
	wakes = hist_total(wake);
	ASSERT_LE(0, hist_for_each(end, "common_pid", count_kcompactd_runs,
				   &ctx));
	hist_trigger_remove(end, "common_pid");
	hist_trigger_remove(wake, "nid");
	kv_sub(&mine, &after, &before);
	ksft_print_msg("kcompactd runs %lld (wake-ups %lld); memfrag proactive %lld kcompactd %lld\n",
		       ctx.runs, wakes, kv_get(&mine, MEMFRAG_TRIGGER(PROACTIVE)),
		       kv_get(&mine, MEMFRAG_TRIGGER(KCOMPACTD)));
	EXPECT_LT(0, ctx.runs);
	if (wakes == 0) {
		EXPECT_EQ(ctx.runs, kv_get(&mine, MEMFRAG_TRIGGER(PROACTIVE)));
		EXPECT_EQ(0, kv_get(&mine, MEMFRAG_TRIGGER(KCOMPACTD)));
	} else {
		EXPECT_EQ(ctx.runs, kv_get(&mine, MEMFRAG_TRIGGER(PROACTIVE)) +
				    kv_get(&mine, MEMFRAG_TRIGGER(KCOMPACTD)));
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
	static const char *const zone_trigger[] = {
		MEMFRAG_COL_NAME(node), MEMFRAG_COL_NAME(zone),
		MEMFRAG_COL_NAME(trigger), NULL
	};
	static char status[16384];
	long long untimed = 0, a, b;
	int k;

	ASSERT_EQ(0, compact_all_memory());
	for (k = 0; k < 50; k++) {
		kv_clear(&runs);
		kv_clear(&timed);
		mft_section_map(MEMFRAG_FILE_COMPACTION,
				    MEMFRAG_SEC_NAME(runs),
				    zone_trigger, MEMFRAG_COL_NAME(runs), &runs);
		mft_section_map(MEMFRAG_FILE_LATENCY,
				    MEMFRAG_SEC_NAME(timed), zone_trigger,
				    MEMFRAG_COL_NAME(runs), &timed);
		kv_clear(&tmp);
		mft_section_map(MEMFRAG_FILE_COMPACTION,
				    MEMFRAG_SEC_NAME(runs),
				    zone_trigger, MEMFRAG_COL_NAME(runs), &tmp);
		if (kv_total(&tmp) == kv_total(&runs))
			break;
	}
	ASSERT_LT(0, read_file(MEMFRAG_STATUS, status, sizeof(status)));
	ASSERT_EQ(0, mft_pair(status, "drops",
				  mft_drop_names[MEMFRAG_DROP_RUN_TABLE_FULL],
				  &a));
	ASSERT_EQ(0, mft_pair(status, "drops",
				  mft_drop_names[MEMFRAG_DROP_END_WITHOUT_BEGIN],
				  &b));
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
	int fd = open(MEMFRAG_PATH(MEMFRAG_FILE_RESET), O_WRONLY);
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
		/* Braced: EXPECT_*() TH_LOG() is two statements. */
		for (i = 0; i < ARRAY_SIZE(bad); i++) {
			int err = write_reset(bad[i], strlen(bad[i]));

			EXPECT_EQ(-EINVAL, err) TH_LOG("bad input #%u", i);
		}
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

/* status's load_id and reset_generation, as the module prints them. */
struct restart_id {
	char load_id[32];
	long long generation;
};

static int read_restart_id(struct restart_id *id)
{
	static char buf[65536];
	char val[32], *end;

	if (read_file(MEMFRAG_STATUS, buf, sizeof(buf)) <= 0 ||
	    mft_key(buf, "load_id", id->load_id, sizeof(id->load_id)) ||
	    mft_key(buf, "reset_generation", val, sizeof(val)))
		return -1;
	id->generation = strtoll(val, &end, 10);
	return *end || end == val || strlen(id->load_id) != 16 ? -1 : 0;
}

/*
 * Every accepted write to reset adds one to reset_generation; a rejected
 * one adds nothing; the load id stays.  A reload draws another load id
 * and starts the generation at 0.
 */
TEST_F_TIMEOUT(stats, reset_generation_and_load_id, 120)
{
	struct restart_id a, b, c;
	int i;

	ASSERT_EQ(0, read_restart_id(&a));
	ksft_print_msg("load_id %s, reset_generation %lld\n", a.load_id,
		       a.generation);
	for (i = 1; i <= 3; i++) {
		ASSERT_EQ(0, write_reset("1\n", 2));
		ASSERT_EQ(0, read_restart_id(&b));
		EXPECT_EQ(a.generation + i, b.generation);
		EXPECT_STREQ(a.load_id, b.load_id);
	}
	EXPECT_EQ(-EINVAL, write_reset("2", 1));
	ASSERT_EQ(0, read_restart_id(&c));
	EXPECT_EQ(b.generation, c.generation);

	if (!mft_ko_path())
		SKIP(return, "memfrag.ko not found (set MEMFRAG_KO): no reload");
	ASSERT_EQ(0, mft_unload());
	ASSERT_EQ(0, mft_load(NULL));
	ASSERT_EQ(0, read_restart_id(&c));
	ksft_print_msg("reloaded: load_id %s, reset_generation %lld\n",
		       c.load_id, c.generation);
	EXPECT_STRNE(a.load_id, c.load_id);
	EXPECT_EQ(0, c.generation);
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
	/* Braced: EXPECT_*() TH_LOG() is two statements. */
	for (k = 0; k < all.n; k++) {
		long long val = all.e[k].val;

		EXPECT_GT(1LL << 40, val) TH_LOG("%s", all.e[k].key);
	}
	mark_reported();
	EXPECT_EQ(0, compare_interval(_metadata, "fragment", true, NULL));
}

TEST_HARNESS_MAIN

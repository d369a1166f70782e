// SPDX-License-Identifier: GPL-2.0
/*
 * Two direct compactions per CPU online (16 or more) at once: memfrag's run
 * table and per-CPU batches drop nothing and count exactly what hist
 * triggers count, and a trace of the runs shows how many were open at once.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "lib_hist.h"
#include "lib_proc.h"
#include "lib_trace.h"
#include "lib_workload.h"

/*
 * The CPUs the test needs online (MEMFRAG_SCALE_MIN_CPUS), and the runs it
 * needs open at once to call it concurrency (MEMFRAG_SCALE_MIN_OPEN; by
 * default as many as CPUs online): fewer, and it skips, saying why.  Its
 * tasks (MEMFRAG_SCALE_TASKS) are two per CPU online: a task preempted
 * mid-run keeps its slot in the run table while another compacts on its
 * CPU, so the table holds more runs than there are CPUs.
 */
#define SCALE_MIN_CPUS		16
#define TRACE_INSTANCE		"memfrag_scale"
#define TRACE_BUFFER_KB		1024
/* The runs' record, removed in the teardown whatever ended the test. */
static struct trace_instance runs_trace;

static struct zone_desc zones[MAX_ZONES];
static int nr_zones;

/* The oracle: hist triggers on the tracepoints memfrag counts runs by. */
struct trig {
	enum memfrag_tp_id tp;
	const char *keys;
	/* One trigger per compaction result, filtered "if status == N". */
	bool by_status;
};

enum { TRIG_RUNS, TRIG_TASK_RUNS, TRIG_BEGINS, TRIG_TRY, NR_TRIGS };

static const struct trig trigs[NR_TRIGS] = {
	[TRIG_RUNS] = { MEMFRAG_TP_END, "zone_start,sync,status", false },
	[TRIG_TASK_RUNS] = { MEMFRAG_TP_END, "common_pid,zone_start,sync", true },
	[TRIG_BEGINS] = { MEMFRAG_TP_BEGIN, "zone_start", false },
	[TRIG_TRY] = { MEMFRAG_TP_TRY_TO_COMPACT_PAGES,
		       TP_FIELD_ORDER "," TP_FIELD_PRIO, false },
};

static int triggers(bool add)
{
	char text[160];
	int i, v, err;

	for (i = 0; i < NR_TRIGS; i++) {
		for (v = 0; v < (trigs[i].by_status ? MEMFRAG_NR_RESULTS : 1); v++) {
			snprintf(text, sizeof(text), "%s", trigs[i].keys);
			if (trigs[i].by_status)
				snprintf(text + strlen(text),
					 sizeof(text) - strlen(text),
					 " if status == %d", v);
			err = add ? hist_trigger_add(mft_tracepoints[trigs[i].tp], text) :
				    hist_trigger_remove(mft_tracepoints[trigs[i].tp], text);
			if (err && add) {
				fprintf(stderr, "# hist trigger %s on %s: %s\n", text,
					mft_tracepoints[trigs[i].tp], strerror(-err));
				return err;
			}
		}
	}
	return 0;
}

/* Every trigger's hits: moves whenever one of the events fires. */
static long long hist_grand_total(void)
{
	static const enum memfrag_tp_id tps[] = {
		MEMFRAG_TP_END, MEMFRAG_TP_BEGIN,
		MEMFRAG_TP_TRY_TO_COMPACT_PAGES,
	};
	long long sum = 0, t;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(tps); i++) {
		t = hist_total(mft_tracepoints[tps[i]]);
		if (t < 0)
			return -1;
		sum += t;
	}
	return sum;
}

/* A run of a task that is not kcompactd: the interval has no manual one. */
static bool is_direct(long long pid)
{
	return !is_kcompactd(pid);
}

/* memfrag's counts: the breakdowns the triggers count. */
struct counts {
	struct kv_map runs;		/* node zone trigger mode result */
	struct kv_map begins;		/* node zone */
	struct kv_map try;		/* order prio */
};

static void read_memfrag(struct counts *c)
{
	static const char *const runs_cols[] = {
		MEMFRAG_COL_NAME(node), MEMFRAG_COL_NAME(zone),
		MEMFRAG_COL_NAME(trigger), MEMFRAG_COL_NAME(mode),
		MEMFRAG_COL_NAME(result), NULL
	};
	static const char *const begins_cols[] = {
		MEMFRAG_COL_NAME(node), MEMFRAG_COL_NAME(zone), NULL
	};
	static const char *const try_cols[] = {
		MEMFRAG_COL_NAME(order), MEMFRAG_COL_NAME(prio), NULL
	};

	kv_clear(&c->runs);
	kv_clear(&c->begins);
	kv_clear(&c->try);
	mft_section_map(MEMFRAG_FILE_COMPACTION, MEMFRAG_SEC_NAME(runs),
			runs_cols, MEMFRAG_COL_NAME(runs), &c->runs);
	mft_section_map(MEMFRAG_FILE_COMPACTION, MEMFRAG_SEC_NAME(begins),
			begins_cols, MEMFRAG_COL_NAME(begins), &c->begins);
	mft_section_map(MEMFRAG_FILE_DIRECT,
			MEMFRAG_SEC_NAME(try_to_compact_pages), try_cols,
			MEMFRAG_COL_NAME(count), &c->try);
}

/*
 * "node zone trigger mode result" keys: every run without its trigger
 * (all), and the direct ones (direct).
 */
static void split_runs(const struct kv_map *runs, struct kv_map *all,
		       struct kv_map *direct)
{
	char node[16], zone[32], trigger[32], mode[16], result[32];
	char key[KV_KEY_LEN];
	int i;

	kv_clear(all);
	kv_clear(direct);
	for (i = 0; i < runs->n; i++) {
		if (sscanf(runs->e[i].key, "%15s %31s %31s %15s %31s", node,
			   zone, trigger, mode, result) != 5)
			continue;
		snprintf(key, sizeof(key), "%s %s %s %s", node, zone, mode,
			 result);
		kv_add(all, key, runs->e[i].val);
		if (!strcmp(trigger, MEMFRAG_TRIGGER(DIRECT)))
			kv_add(direct, key, runs->e[i].val);
	}
}

/* The kernel's counts, from the hist triggers. */
struct kernel_counts {
	struct kv_map runs, direct, begins, try;
	int unmapped;
};

/* One entry of trigger trig, added where it counts. */
struct entry_ctx {
	int trig;
	struct kernel_counts *k;
};

static void add_entry(const struct hist_entry *e, void *arg)
{
	struct entry_ctx *ctx = arg;
	struct kernel_counts *k = ctx->k;
	struct kv_map *to = NULL;
	char key[KV_KEY_LEN];
	int err = 0;

	switch (ctx->trig) {
	case TRIG_RUNS:
	case TRIG_TASK_RUNS:
		if (ctx->trig == TRIG_TASK_RUNS &&
		    !is_direct(hist_field(e, "common_pid")))
			return;
		to = ctx->trig == TRIG_RUNS ? &k->runs : &k->direct;
		err = hist_run_key(e, zones, nr_zones, key, sizeof(key));
		break;
	case TRIG_BEGINS:
		to = &k->begins;
		err = hist_zone_key(e, zones, nr_zones, key, sizeof(key));
		break;
	case TRIG_TRY:
		to = &k->try;
		snprintf(key, sizeof(key), "%lld %s",
			 hist_field(e, TP_FIELD_ORDER),
			 mft_prio_name(hist_field(e, TP_FIELD_PRIO)));
		break;
	}
	if (err || !to)
		k->unmapped++;
	else
		kv_add(to, key, e->hitcount);
}

static int read_kernel(struct kernel_counts *k)
{
	struct entry_ctx ctx = { .k = k };

	kv_clear(&k->runs);
	kv_clear(&k->direct);
	kv_clear(&k->begins);
	kv_clear(&k->try);
	k->unmapped = 0;
	for (ctx.trig = 0; ctx.trig < NR_TRIGS; ctx.trig++)
		if (hist_for_each(mft_tracepoints[trigs[ctx.trig].tp],
				  trigs[ctx.trig].keys, add_entry, &ctx) < 0)
			return -1;
	return 0;
}

/* The possible CPUs, from /sys/devices/system/cpu/possible ("0-15"). */
static int possible_cpus(void)
{
	char buf[256], *p = buf;
	int n = 0, a, b, used;

	if (read_file("/sys/devices/system/cpu/possible", buf, sizeof(buf)) < 0)
		return -1;
	while (sscanf(p, "%d%n", &a, &used) == 1) {
		p += used;
		b = a;
		if (*p == '-' && sscanf(p + 1, "%d%n", &b, &used) == 1)
			p += used + 1;
		n += b - a + 1;
		if (*p != ',')
			break;
		p++;
	}
	return n;
}

static long env_long(const char *name, long dflt)
{
	const char *v = getenv(name);

	return v && *v ? atol(v) : dflt;
}

FIXTURE(scale) {
	char proactiveness[16];
};

FIXTURE_SETUP(scale)
{
	long online = sysconf(_SC_NPROCESSORS_ONLN);
	long need = env_long("MEMFRAG_SCALE_MIN_CPUS", SCALE_MIN_CPUS);

	if (mft_skip_unless_ready(_metadata))
		return;
	if (!kernel_has_hist(MEMFRAG_TP(END)) ||
	    !kernel_has_hist(MEMFRAG_TP(TRY_TO_COMPACT_PAGES)))
		SKIP(return, "kernel lacks compaction tracepoints or CONFIG_HIST_TRIGGERS");
	if (online < need)
		SKIP(return, "%ld CPUs online, the test needs %ld (memfrag-vm --smp %ld)",
		     online, need, need);
	if (!mft_workload_path())
		SKIP(return, "memfrag_workload not found (set MEMFRAG_WORKLOAD)");
	if (access(MF_THP_ENABLED, W_OK))
		SKIP(return, "no transparent hugepages to fault");
	/* A fresh module: its drops count this test's runs only. */
	if (mft_loaded())
		ASSERT_EQ(0, mft_unload());
	ASSERT_EQ(0, mft_load(NULL));
	nr_zones = read_zoneinfo(zones, MAX_ZONES);
	ASSERT_LT(0, nr_zones);
	/* No proactive compaction: the interval holds the workload's runs. */
	ASSERT_LT(0, read_file(MF_PROACTIVENESS, self->proactiveness,
			       sizeof(self->proactiveness)));
	ASSERT_EQ(0, write_file(MF_PROACTIVENESS, "0"));
}

/*
 * Also when an assertion ended the test: a trigger left armed adds its
 * hits to a later test's totals.
 */
MEMFRAG_FIXTURE_TEARDOWN(scale)
{
	triggers(false);
	trace_instance_stop(&runs_trace);
	if (self->proactiveness[0])
		write_file(MF_PROACTIVENESS, self->proactiveness);
}

/* Prints each drop of the status file; how many are not 0, or -1. */
static int check_drops(void)
{
	static char status[16384];
	char line[512] = "";
	long long v;
	int i, bad = 0;

	if (read_file(MEMFRAG_STATUS, status, sizeof(status)) < 0)
		return -1;
	for (i = 0; i < MEMFRAG_NR_DROPS; i++) {
		if (mft_pair(status, "drops", mft_drop_names[i], &v))
			return -1;
		snprintf(line + strlen(line), sizeof(line) - strlen(line),
			 " %s=%lld", mft_drop_names[i], v);
		bad += v != 0;
	}
	ksft_print_msg("drops:%s\n", line);
	return bad;
}

/*
 * N tasks (two per CPU online, MEMFRAG_SCALE_TASKS) are released together
 * on fragmented memory, each faulting THPs with defrag=always: N direct
 * compactions at once.  Over an exact interval (started while the hist
 * triggers had counted nothing, ended with a read during which they did
 * not move), memfrag's runs by zone, mode and result, its direct runs
 * alone, its begins and its try_to_compact_pages requests equal the
 * kernel's; no drop of any kind; and the trace shows the overlap.
 */
TEST_F_TIMEOUT(scale, concurrent_direct_compactions_exact, 900)
{
	static struct counts before, after;
	static struct kv_map all0, all1, direct0, direct1, delta;
	static struct kernel_counts kernel;
	/* Indexes in traced: a run's begin and its end. */
	enum { TRACED_BEGIN, TRACED_END, TRACED_NR };
	const char *traced[TRACED_NR];
	long online = sysconf(_SC_NPROCESSORS_ONLN);
	long tasks = env_long("MEMFRAG_SCALE_TASKS", 2 * online);
	long min_open = env_long("MEMFRAG_SCALE_MIN_OPEN", online);
	int cpus = possible_cpus(), bad = 0, drops, tries;
	unsigned int slots = 1;
	static char ntasks[16];
	static const char *const args[] = {
		"--tasks", ntasks, "fragment", "parallel", NULL
	};
	struct trace_overlap ov;
	long long t0, t1;

	ASSERT_LT(0, cpus);
	while (slots < 4U * cpus)
		slots <<= 1;
	slots = slots < 256 ? 256 : slots > 16384 ? 16384 : slots;
	ksft_print_msg("%ld CPUs online, %d possible: a run table of %u slots; %ld tasks\n",
		       online, cpus, slots, tasks);
	snprintf(ntasks, sizeof(ntasks), "%ld", tasks);

	/* Start: triggers armed, nothing counted by them yet. */
	for (tries = 0; tries < 20; tries++) {
		triggers(false);
		ASSERT_EQ(0, triggers(true));
		read_memfrag(&before);
		if (hist_grand_total() == 0)
			break;
	}
	ASSERT_LT(tries, 20) TH_LOG("no quiet moment to start");
	traced[TRACED_BEGIN] = MEMFRAG_TP(BEGIN);
	traced[TRACED_END] = MEMFRAG_TP(END);
	ASSERT_EQ(0, trace_instance_start(&runs_trace, TRACE_INSTANCE, traced,
					  TRACED_NR, TRACE_BUFFER_KB));
	ASSERT_EQ(0, mft_run_workload_argv(args, NULL));
	ASSERT_EQ(0, trace_instance_pause(&runs_trace));

	/* End: memfrag and every hist read while no event fired. */
	for (tries = 0; tries < 20; tries++) {
		t0 = hist_grand_total();
		read_memfrag(&after);
		ASSERT_EQ(0, read_kernel(&kernel));
		t1 = hist_grand_total();
		if (t0 >= 0 && t0 == t1)
			break;
		usleep(100000);
	}
	ASSERT_LT(tries, 20) TH_LOG("events kept firing while the hists were read");
	triggers(false);

	split_runs(&before.runs, &all0, &direct0);
	split_runs(&after.runs, &all1, &direct1);
	kv_sub(&delta, &all1, &all0);
	ksft_print_msg("runs                  kernel %8lld memfrag %8lld (%d keys)\n",
		       kv_total(&kernel.runs), kv_total(&delta), kernel.runs.n);
	bad += kv_diff(MEMFRAG_SEC_NAME(runs), &delta, &kernel.runs);
	kv_sub(&delta, &direct1, &direct0);
	ksft_print_msg("direct runs           kernel %8lld memfrag %8lld (%d keys)\n",
		       kv_total(&kernel.direct), kv_total(&delta),
		       kernel.direct.n);
	bad += kv_diff("direct runs", &delta, &kernel.direct);
	kv_sub(&delta, &after.begins, &before.begins);
	ksft_print_msg("begins                kernel %8lld memfrag %8lld (%d keys)\n",
		       kv_total(&kernel.begins), kv_total(&delta),
		       kernel.begins.n);
	bad += kv_diff(MEMFRAG_SEC_NAME(begins), &delta, &kernel.begins);
	kv_sub(&delta, &after.try, &before.try);
	ksft_print_msg("try_to_compact_pages  kernel %8lld memfrag %8lld (%d keys)\n",
		       kv_total(&kernel.try), kv_total(&delta), kernel.try.n);
	bad += kv_diff(MEMFRAG_SEC_NAME(try_to_compact_pages), &delta,
		       &kernel.try);
	EXPECT_EQ(0, kernel.unmapped) TH_LOG("hist entries that name no known zone");
	EXPECT_EQ(0, bad);
	drops = check_drops();
	EXPECT_EQ(0, drops);

	ASSERT_EQ(0, trace_run_overlap(&runs_trace, TRACED_BEGIN, TRACED_END,
				       is_direct, &ov));
	ksft_print_msg("concurrency: at most %d direct compaction runs open at once (at %.6f s), %lld runs by %d tasks; %lld events lost, %lld unmatched\n",
		       ov.max_open, ov.max_at, ov.ends, ov.tasks, ov.lost,
		       ov.unmatched);
	/* The trace and the hist saw the same runs. */
	EXPECT_EQ(0, ov.lost);
	EXPECT_EQ(0, ov.unmatched);
	EXPECT_EQ(kv_total(&kernel.direct), ov.ends);
	EXPECT_LT(0, kv_total(&kernel.try));
	if (bad || drops || kernel.unmapped || ov.lost || ov.unmatched ||
	    ov.ends != kv_total(&kernel.direct) || !kv_total(&kernel.try))
		return;
	if (ov.max_open < min_open)
		SKIP(return, "the kernel overlapped at most %d direct compaction runs, fewer than %ld: concurrency not shown",
		     ov.max_open, min_open);
}

TEST_HARNESS_MAIN

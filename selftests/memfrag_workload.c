// SPDX-License-Identifier: GPL-2.0
/*
 * memfrag_workload - fragment memory and drive every kind of compaction
 *
 * A deterministic, memory-bounded workload for memfrag's tests and
 * benchmark: it splits free memory into order-0 holes, then makes the
 * kernel compact it manually, directly, from kcompactd and proactively,
 * and makes unmovable and reclaimable allocations fall back to other
 * migratetypes, so that the compaction and fallback tracepoints fire.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "workload.h"

#define EXIT_USAGE		2
#define SCALE_MAX		80
#define ROUNDS_MAX		1000
#define TASKS_MAX		4096

static const char usage_text[] =
"usage: " PROG " [options] PHASE...\n"
"phases (run in the order given):\n"
"  fragment   map --scale % of MemAvailable in base pages, touch them, then\n"
"             free every other page so that free memory becomes order-0\n"
"             holes; the survivors stay mapped until exit\n"
"  manual     write 1 to /proc/sys/vm/compact_memory and to every\n"
"             /sys/devices/system/node/nodeN/compact\n"
"  direct     squeeze, grow nr_hugepages in 4 steps of 16 MiB (at least\n"
"             one hugepage; direct compaction), then 16 THP faults with THP\n"
"             enabled=always and defrag=always\n"
"  parallel   squeeze, then --tasks processes, released together, fault 4\n"
"             THPs each with enabled=always and defrag=always: as many\n"
"             direct compactions at once as tasks\n"
"  unsuitable squeeze, then 16 THP faults with defrag=always while\n"
"             extfrag_threshold is 1000 and the lowest zone keeps all it\n"
"             has from higher zones' allocations (lowmem_reserve_ratio 1),\n"
"             so that compaction finds no zone suitable: direct requests\n"
"             that compact nothing\n"
"  kcompactd  squeeze, then 48 THP faults with defrag=defer (they wake\n"
"             kswapd and kcompactd); wait up to 3 s for kcompactd to run\n"
"  proactive  squeeze, then compaction_proactiveness 100 for 2 s\n"
"  extfrag    squeeze, then fill pipes (unmovable), create files\n"
"             (reclaimable) and map anonymous memory (movable); free them\n"
"  steal      map a region of its own and free one page in three of it,\n"
"             squeeze, then fill pipes with what the unmovable free lists\n"
"             hold and half of what is left: unmovable fallbacks that\n"
"             steal pages from movable pageblocks instead of claiming them\n"
"             (watermark_boost_factor is 0 meanwhile)\n"
"  rescan     write 1 to /proc/sys/vm/compact_memory 256 times; once\n"
"             memory is compact each one rescans every zone (the\n"
"             benchmark's dense, fixed source of scanner events)\n"
"  all        fragment manual direct kcompactd proactive extfrag\n"
"             (not steal, parallel or rescan, which tests of their own\n"
"             and the benchmark run)\n"
"squeeze: free every other surviving page of the fragment region (mapping\n"
"  one first if there is none) until there are enough holes, then absorb\n"
"  the free hugepage-sized blocks into the hugetlb pool so that only holes\n"
"  stay free; the pool is released after the last consecutive phase that\n"
"  squeezes.  MemFree never goes below the high watermarks plus 1/64 of\n"
"  MemTotal.  compaction_proactiveness is 0 until exit, except in\n"
"  'proactive'; every setting is restored at exit.\n"
"options:\n"
"  -s, --scale PERCENT   fraction of MemAvailable to use (default 50, max 80)\n"
"  -n, --rounds N        repeat the phase list N times (default 1)\n"
"  -j, --tasks N         tasks of 'parallel' (default: one per online CPU)\n"
"  -c, --comm NAME       name this task NAME (prctl PR_SET_NAME, any bytes;\n"
"                        the kernel keeps the first 15) before any phase\n"
"  -v, --verbose         print what each phase does\n"
"  -h, --help            print this help and exit\n"
"exit status: 0 success, 1 error, 2 usage error, 4 skipped (not root)\n";

static const struct option long_options[] = {
	{ "scale",   required_argument, NULL, 's' },
	{ "rounds",  required_argument, NULL, 'n' },
	{ "tasks",   required_argument, NULL, 'j' },
	{ "comm",    required_argument, NULL, 'c' },	/* not a column name */
	{ "verbose", no_argument,       NULL, 'v' },
	{ "help",    no_argument,       NULL, 'h' },
	{ NULL,      0,                 NULL, 0 }
};

/* The /proc/vmstat counters a phase reports the change of. */
static const char *const vmstat_keys[] = {
	"compact_stall", "compact_success", "compact_fail",
	"compact_daemon_wake", "compact_migrate_scanned",
	"compact_free_scanned", "compact_isolated", "pgmigrate_success",
	"thp_fault_alloc", "thp_fault_fallback",
};

#define NR_VMSTAT_KEYS	ARRAY_SIZE(vmstat_keys)

static void vmstat_snapshot(long long *v)
{
	size_t i;

	for (i = 0; i < NR_VMSTAT_KEYS; i++)
		v[i] = read_vmstat(vmstat_keys[i]);
}

static void vmstat_report(const char *phase, const long long *old)
{
	char buf[512];
	size_t i, len = 0;
	long long v;

	if (!mft_verbose)
		return;
	buf[0] = '\0';
	for (i = 0; i < NR_VMSTAT_KEYS; i++) {
		v = read_vmstat(vmstat_keys[i]);
		if (v == old[i] || len >= sizeof(buf) - 1)
			continue;
		len += snprintf(buf + len, sizeof(buf) - len, " %s+%lld",
				vmstat_keys[i], v - old[i]);
	}
	mft_vmsg("%s: vmstat:%s", phase, len ? buf : " no change");
}

/*
 * Every sysctl and sysfs value it changes is restored and every hugepage it
 * reserved released at exit, also after SIGINT, SIGTERM or SIGHUP.  While
 * it runs, compaction_proactiveness is 0 (except in 'proactive'), so that
 * background proactive compaction does not undo the fragmentation at times
 * of its own choosing.
 */
static void on_signal(int sig)
{
	__atomic_store_n(&mft_stop_requested, sig, __ATOMIC_RELAXED);
}

/* A phase: what it runs, and whether it squeezes (the pool may stay). */
struct phase {
	const char *name;
	int (*run)(struct mft_sbuf *sb);
	bool squeezes;
	bool in_all;		/* part of the phase list 'all' */
};

/*
 * 'all' is the phases the stats test runs; steal, parallel and rescan
 * are run by name (the migratetype and scale tests, the benchmark).
 */
static const struct phase phases[] = {
	{ "fragment",  mft_phase_fragment,  false, true },
	{ "manual",    mft_phase_manual,    false, true },
	{ "direct",    mft_phase_direct,    true,  true },	/* not a section name */
	{ "parallel",  mft_phase_parallel,  true,  false },
	{ "unsuitable", mft_phase_unsuitable, true, false },
	{ "kcompactd", mft_phase_kcompactd, true,  true },
	{ "proactive", mft_phase_proactive, true,  true },
	{ "extfrag",   mft_phase_extfrag,   true,  true },	/* not a section name */
	{ "steal",     mft_phase_steal,     true,  false },
	{ "rescan",    mft_phase_rescan,    false, false },
};

#define NR_PHASES	ARRAY_SIZE(phases)
#define MAX_LIST	256

static void usage(FILE *f)
{
	fputs(usage_text, f);
}

static void usage_error(const char *fmt, const char *arg)
{
	fputs(PROG ": ", stderr);
	fprintf(stderr, fmt, arg);
	fputc('\n', stderr);
	usage(stderr);
	exit(EXIT_USAGE);
}

static long parse_num(const char *s, long min, long max, const char *what)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < min || v > max)
		usage_error(what, s);
	return v;
}

/* Pages per pageblock, from /proc/pagetypeinfo; 0 if it cannot be read. */
static unsigned long read_pageblock_pages(void)
{
	unsigned long n = 0;
	char line[256];
	FILE *f;

	f = fopen("/proc/pagetypeinfo", "re");
	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "Pages per block: %lu", &n) == 1)
			break;
	fclose(f);
	return n;
}

/*
 * What a pipe holds by default, from the kernel (F_GETPIPE_SZ): 16 pages,
 * 64 KiB with 4 KiB pages and 256 KiB with 16 KiB pages.  -errno if no
 * pipe can be made.
 */
static long default_pipe_size(void)
{
	int fd[2];
	long n;

	if (pipe2(fd, O_CLOEXEC))
		return -errno;
	n = fcntl(fd[0], F_GETPIPE_SZ);
	if (n < 0)
		n = -errno;
	close(fd[0]);
	close(fd[1]);
	return n;
}

static int init_sizes(void)
{
	unsigned long hp;
	long v;

	mft_page_size = sysconf(_SC_PAGESIZE);
	mft_mem_total = read_meminfo("MemTotal");
	v = default_pipe_size();
	if (v < (long)mft_page_size) {
		mft_warnmsg("cannot tell what a pipe holds (F_GETPIPE_SZ): %s",
			    strerror(v < 0 ? (int)-v : EINVAL));
		return -1;
	}
	mft_pipe_size = v;
	mft_pageblock_pages = read_pageblock_pages();

	v = read_num(THP_PMD_SIZE);
	mft_pmd_size = v > 0 && mft_exists(THP_ENABLED) ? (unsigned long)v : 0;

	hp = read_meminfo("Hugepagesize");
	mft_hp_size = hp && mft_exists(NR_HUGEPAGES) ? hp : 0;
	if (!hp)
		hp = mft_pmd_size ? mft_pmd_size : 2 * MIB;
	for (mft_hp_order = 0; (mft_page_size << mft_hp_order) < hp; mft_hp_order++)
		;
	return 0;
}

/* What the command line asks for. */
struct run {
	const struct phase *list[MAX_LIST];
	int nlist;
	int rounds;
	const char *comm;
};

/* The options; -1 to go on, else the exit status. */
static int parse_options(int argc, char **argv, struct run *run)
{
	int c;

	while ((c = getopt_long(argc, argv, "s:n:j:c:vh", long_options,
				NULL)) != -1) {
		switch (c) {
		case 's':
			mft_scale = parse_num(optarg, 1, SCALE_MAX,
					      "invalid --scale '%s' (1-80)");
			break;
		case 'n':
			run->rounds = parse_num(optarg, 1, ROUNDS_MAX,
						"invalid --rounds '%s' (1-1000)");
			break;
		case 'j':
			mft_tasks = parse_num(optarg, 1, TASKS_MAX,
					      "invalid --tasks '%s' (1-4096)");
			break;
		case 'c':
			run->comm = optarg;
			break;
		case 'v':
			mft_verbose = 1;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return EXIT_USAGE;
		}
	}
	return -1;
}

/* The phases after the options, 'all' expanded; exits on a usage error. */
static void parse_phases(int argc, char **argv, struct run *run)
{
	size_t j;
	int i;

	if (optind == argc)
		usage_error("%s", "no phase given");
	for (i = optind; i < argc; i++) {
		if (!strcmp(argv[i], "all")) {
			for (j = 0; j < NR_PHASES && run->nlist < MAX_LIST; j++)
				if (phases[j].in_all)
					run->list[run->nlist++] = &phases[j];
			continue;
		}
		for (j = 0; j < NR_PHASES; j++)
			if (!strcmp(argv[i], phases[j].name))
				break;
		if (j == NR_PHASES)
			usage_error("unknown phase '%s'", argv[i]);
		if (run->nlist == MAX_LIST)
			usage_error("%s", "too many phases");
		run->list[run->nlist++] = &phases[j];
	}
}

/*
 * Sizes, signal handlers and compaction_proactiveness 0 before the first
 * phase; 0 or -1.
 */
static int setup(void)
{
	struct sigaction sa;
	int err;

	if (init_sizes())
		return -1;
	mft_mem_avail0 = read_meminfo("MemAvailable");
	if (!mft_mem_total || !mft_mem_avail0) {
		mft_warnmsg("cannot read MemTotal/MemAvailable from /proc/meminfo");
		return -1;
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	setvbuf(stdout, NULL, _IOLBF, 0);
	/*
	 * Background proactive compaction would undo the fragmentation at
	 * times of its own choosing: off until exit, except in 'proactive'.
	 */
	if (mft_exists(PROACTIVENESS)) {
		err = mft_setting_set(PROACTIVENESS, "0\n");
		if (err) {
			mft_warnmsg("%s: %s", PROACTIVENESS, strerror(-err));
			return -1;
		}
		mft_vmsg("compaction_proactiveness %ld -> 0 until exit",
			 atol(mft_setting_find(PROACTIVENESS)->orig));
	}
	mft_vmsg("MemTotal %lu MiB, MemAvailable %lu MiB, scale %d%%, floor %lu MiB, hugepage %lu KiB, THP %lu KiB, page %zu KiB, pageblock %lu pages, pipe %lu KiB",
		 mft_mib(mft_mem_total), mft_mib(mft_mem_avail0), mft_scale,
		 mft_mib(mft_floor_bytes()), mft_hp_size / KIB,
		 mft_pmd_size / KIB, mft_page_size / KIB, mft_pageblock_pages,
		 mft_pipe_size / KIB);
	return 0;
}

/* Runs one phase and prints its summary line; 0 or -errno. */
static int run_phase(const struct phase *phase)
{
	struct mft_sbuf sb = { .len = 0 };
	long long vm0[NR_VMSTAT_KEYS];
	long long t0;
	int err;

	sb.buf[0] = '\0';
	vmstat_snapshot(vm0);
	t0 = mft_now_ms();
	mft_vmsg("%s: start at %lld.%03lld s (CLOCK_MONOTONIC)",
		 phase->name, t0 / 1000, t0 % 1000);
	err = phase->run(&sb);
	if (err) {
		mft_warnmsg("phase %s: %s", phase->name, strerror(-err));
		return err;
	}
	printf("phase %s: %s%s (%lld ms)\n", phase->name,
	       sb.len ? sb.buf : "nothing to do",
	       mft_stopping() ? "; interrupted" : "",
	       mft_now_ms() - t0);
	vmstat_report(phase->name, vm0);
	return 0;
}

/* Runs the phase list run->rounds times; 0, or 1 once a phase failed. */
static int run_rounds(const struct run *run)
{
	int round, i;

	for (round = 0; round < run->rounds && !mft_stopping(); round++) {
		if (run->rounds > 1)
			mft_vmsg("round %d/%d", round + 1, run->rounds);
		for (i = 0; i < run->nlist && !mft_stopping(); i++) {
			/* The pool stays for a next phase that squeezes. */
			if (i + 1 < run->nlist)
				mft_keep_pool = run->list[i + 1]->squeezes;
			else
				mft_keep_pool = round + 1 < run->rounds &&
						run->list[0]->squeezes;
			if (run_phase(run->list[i]))
				return 1;
		}
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct run run = { .rounds = 1 };
	int ret;

	ret = parse_options(argc, argv, &run);
	if (ret >= 0)
		return ret;
	/* Before any work, so that every event of this task carries it. */
	if (run.comm && prctl(PR_SET_NAME, run.comm)) {
		mft_warnmsg("PR_SET_NAME: %s", strerror(errno));
		return 1;
	}
	parse_phases(argc, argv, &run);

	if (geteuid() != 0) {
		printf("# " PROG ": needs root, skipping\n");
		return KSFT_SKIP;
	}
	if (setup())
		return 1;
	ret = run_rounds(&run);

	mft_settings_restore_all();
	mft_frag_release();
	if (mft_stopping()) {
		mft_warnmsg("stopped by signal %d; settings restored",
			    (int)mft_stopping());
		return 1;
	}
	return ret;
}

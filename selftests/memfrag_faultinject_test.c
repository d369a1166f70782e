// SPDX-License-Identifier: GPL-2.0
/*
 * memfrag's load when its allocations fail, one after the other: each
 * failed load returns an error and leaves no module and no file (and says
 * why in the log when memfrag's init failed); a load that tolerated a
 * fault shows every file; afterwards a clean load works and per-CPU
 * memory and kmemleak show no leak.  Kernels without fault injection
 * (CONFIG_FAULT_INJECTION, CONFIG_FAILSLAB, CONFIG_FAIL_PAGE_ALLOC,
 * CONFIG_FAULT_INJECTION_DEBUG_FS; Debian's) skip.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "lib_hist.h"
#include "lib_leaks.h"

#define FAILSLAB		"/sys/kernel/debug/failslab"
#define FAIL_PAGE_ALLOC		"/sys/kernel/debug/fail_page_alloc"
#define INITCALL_FINISH		"initcall:initcall_finish"
#define INITCALL_KEYS		"ret"
#define TIMES			"1000000"
#define LOGLEVEL_WARNING	4
/* Far more than memfrag's init makes: a loop that never ends fails. */
#define MAX_FAULTS		5000

/* ------------------------------------------------- fault-injection knobs */

#define MAX_KNOBS		32

/* The knobs the test changed, with their values before. */
static struct knob {
	char path[128];
	char old[64];
} knobs[MAX_KNOBS];
static int nknobs;

/* Sets a knob, remembering its value to restore; 0 or -errno. */
static int knob_set(const char *dir, const char *name, const char *val)
{
	struct knob *k;
	long n;

	if (nknobs == MAX_KNOBS)
		return -ENOSPC;
	k = &knobs[nknobs];
	snprintf(k->path, sizeof(k->path), "%s/%s", dir, name);
	n = read_file(k->path, k->old, sizeof(k->old));
	if (n < 0)
		return n;
	nknobs++;
	return write_file(k->path, val);
}

static void knobs_restore(void)
{
	while (nknobs > 0) {
		nknobs--;
		write_file(knobs[nknobs].path, knobs[nknobs].old);
	}
}

/*
 * Where module code lies: above the kernel image, from the largest address
 * of a kernel symbol in /proc/kallsyms (module symbols carry "[module]"),
 * plus one, on x86-64.  0 when the addresses are hidden, or on another
 * architecture (arm64 maps modules below the kernel image): no filter.
 */
static unsigned long module_area_start(void)
{
	unsigned long addr, max = 0;
	char line[512];
	FILE *f;

#ifndef __x86_64__
	return 0;
#endif
	f = fopen("/proc/kallsyms", "re");
	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f)) {
		if (strchr(line, '['))
			continue;
		addr = strtoul(line, NULL, 16);
		if (addr > max)
			max = addr;
	}
	fclose(f);
	return max ? max + 1 : 0;
}

/* Sets up one capability; true if its stack filter is on. */
static bool setup_capability(struct __test_metadata *_metadata,
			     const char *dir, unsigned long require_start)
{
	char val[32];

	ASSERT_EQ(0, knob_set(dir, "verbose", "1"));
	/*
	 * A fault fail-nth injects counts times down (it does not check it):
	 * which capability's went down says which one failed.
	 */
	ASSERT_EQ(0, knob_set(dir, "times", TIMES));
	ASSERT_EQ(0, knob_set(dir, "ignore-gfp-wait", "N"));
	if (!strcmp(dir, FAIL_PAGE_ALLOC)) {
		ASSERT_EQ(0, knob_set(dir, "min-order", "0"));
		ASSERT_EQ(0, knob_set(dir, "ignore-gfp-highmem", "N"));
	} else {
		ASSERT_EQ(0, knob_set(dir, "cache-filter", "N"));
	}
	if (!require_start || access(FAILSLAB "/require-start", F_OK))
		return false;
	snprintf(val, sizeof(val), "%#lx", require_start);
	ASSERT_EQ(0, knob_set(dir, "require-start", val));
	snprintf(val, sizeof(val), "%#lx", ULONG_MAX);
	ASSERT_EQ(0, knob_set(dir, "require-end", val));
	ASSERT_EQ(0, knob_set(dir, "stacktrace-depth", "32"));
	return true;
}

/* ------------------------------------------------------------ the log */

/* /dev/kmsg from now on. */
static int kmsg_open(void)
{
	int fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);

	if (fd >= 0)
		lseek(fd, 0, SEEK_END);
	return fd;
}

/*
 * The messages logged since the last call, one per line, into buf; how
 * many of them are memfrag's ("memfrag: ") at warning level or above: a
 * failure's explanation, not the progress a load logs on its way (info).
 */
static int kmsg_since(int fd, char *buf, size_t size)
{
	char rec[2048], *msg;
	size_t used = 0, len;
	ssize_t n;
	int mine = 0;

	buf[0] = '\0';
	for (;;) {
		n = read(fd, rec, sizeof(rec) - 1);
		if (n < 0 && errno == EPIPE)
			continue;	/* overwritten: go on with the next */
		if (n <= 0)
			break;
		rec[n] = '\0';
		msg = strchr(rec, ';');
		if (!msg)
			continue;
		msg++;
		len = strcspn(msg, "\n");
		/* "level,seq,time,flags;": the kernel's facility is 0. */
		mine += atoi(rec) <= LOGLEVEL_WARNING &&
			!strncmp(msg, "memfrag: ", 9);
		if (used + len + 2 < size) {
			memcpy(buf + used, msg, len);
			used += len;
			buf[used++] = '\n';
			buf[used] = '\0';
		}
	}
	return mine;
}

/* ------------------------------------------------------------ the module */

#define FILE_NAME_(id, mode, keys, sections)	MEMFRAG_FILE_##id,
static const char *const files[] = { MEMFRAG_FILES(FILE_NAME_) };

/* Files of files.h missing from debugfs; the first one's name in *first. */
static int files_missing(const char **first)
{
	char path[256];
	int missing = 0;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(files); i++) {
		snprintf(path, sizeof(path), MEMFRAG_DIR "/%s", files[i]);
		if (!access(path, F_OK))
			continue;
		if (!missing++)
			*first = files[i];
	}
	return missing;
}

/*
 * Tracepoints in a state other than the one their presence in tracefs
 * calls for; *failed counts the "failed" ones (documented: the kernel
 * refused to attach).
 */
static int states_wrong(int *failed)
{
	struct mft_tp_status st;
	int i, wrong = 0;

	*failed = 0;
	for (i = 0; i < MEMFRAG_NR_TP; i++) {
		const char *tp = mft_tracepoints[i];

		if (mft_tp_status(tp, &st)) {
			wrong++;
			continue;
		}
		if (!strcmp(st.state, "failed")) { /* not a column name */
			(*failed)++;
			continue;
		}
		wrong += strcmp(st.state, kernel_has_tracepoint(tp) ?
				"attached" : "missing") != 0;
	}
	return wrong;
}

/* ----------------------------------------------------------------- tests */

FIXTURE(faultinject) {
	int ko;
	int fail_nth;
	int kmsg;
	bool trigger;
};

FIXTURE_SETUP(faultinject)
{
	char path[64];

	self->ko = self->fail_nth = self->kmsg = -1;
	self->trigger = false;
	if (mft_skip_unless_ready(_metadata))
		return;
	if (access(FAILSLAB, F_OK) || access(FAIL_PAGE_ALLOC, F_OK))
		SKIP(return, "kernel has no fault injection (%s, %s: CONFIG_FAULT_INJECTION, CONFIG_FAILSLAB, CONFIG_FAIL_PAGE_ALLOC, CONFIG_FAULT_INJECTION_DEBUG_FS)",
		     FAILSLAB, FAIL_PAGE_ALLOC);
	snprintf(path, sizeof(path), "/proc/self/task/%ld/fail-nth",
		 (long)syscall(SYS_gettid));
	self->fail_nth = open(path, O_RDWR | O_CLOEXEC);
	if (self->fail_nth < 0)
		SKIP(return, "%s: %s", path, strerror(errno));
	self->ko = open(mft_ko_path(), O_RDONLY | O_CLOEXEC);
	ASSERT_LE(0, self->ko);
	self->kmsg = kmsg_open();
	ASSERT_LE(0, self->kmsg);
	if (mft_loaded())
		ASSERT_EQ(0, mft_unload());
}

FIXTURE_TEARDOWN(faultinject)
{
	if (self->fail_nth >= 0) {
		pwrite(self->fail_nth, "0", 1, 0);
		close(self->fail_nth);
	}
	knobs_restore();
	if (self->trigger)
		hist_trigger_remove(INITCALL_FINISH, INITCALL_KEYS);
	if (self->ko >= 0)
		close(self->ko);
	if (self->kmsg >= 0)
		close(self->kmsg);
	if (mft_loaded())
		mft_unload();
}

/*
 * One load with the n-th fault site failing.  Returns finit_module()'s
 * result (0 or -errno); *injected says whether the n-th site was reached.
 */
static int load_failing(int fail_nth, int ko, int n, bool *injected)
{
	char buf[32];
	ssize_t len;
	int ret;

	len = snprintf(buf, sizeof(buf), "%d", n);
	if (pwrite(fail_nth, buf, len, 0) != len)
		return -EIO;
	ret = syscall(SYS_finit_module, ko, "", 0) ? -errno : 0;
	len = pread(fail_nth, buf, sizeof(buf) - 1, 0);
	pwrite(fail_nth, "0", 1, 0);
	buf[len > 0 ? len : 0] = '\0';
	*injected = len > 0 && atoi(buf) == 0;
	return ret;
}

struct outcome {
	int failed_loads, init_failures, loader_failures, tolerated;
	int with_message, tracepoint_failures;
	int enomem;
	int slab, page;		/* faults injected by each capability */
};

/*
 * Writing N to /proc/thread-self/fail-nth makes the N-th call of this
 * task into a fault site fail (failslab: slab allocations;
 * fail_page_alloc: page allocations), whatever the capabilities'
 * probability, interval, times and space; reading it back gives 0 once
 * that fault was injected.  Loading memfrag with N = 1, 2, 3, ... fails
 * every allocation of its init in turn, until a load completes without
 * reaching the N-th: then every one has failed once.
 *
 * Only allocations made with memfrag's code on the stack count, where the
 * kernel has CONFIG_FAULT_INJECTION_STACKTRACE_FILTER: require-start and
 * require-end of both capabilities span the addresses above the kernel
 * image (x86-64 maps modules there), so the module loader's own
 * allocations are left alone.  Without the filter they fail in turn too,
 * and the initcall tracepoints tell which failures reached memfrag's init.
 * Both capabilities fail sleeping allocations (ignore-gfp-wait N) of any
 * order (min-order 0), with a one-line report (verbose 1); every setting
 * is restored afterwards.  A load that completed although a fault was
 * injected must show no tracepoint state but those documented, and a
 * message for a tracepoint that failed.
 */
TEST_F_TIMEOUT(faultinject, every_init_allocation_fails_in_turn, 1700)
{
	static char log[1 << 16], leaks[1 << 16];
	unsigned long percpu0, percpu1, slab0, slab1, start;
	long ncpus = sysconf(_SC_NPROCESSORS_CONF);
	long page = sysconf(_SC_PAGESIZE);
	long long fin0, fin1, slab_times, page_times;
	struct outcome o = { 0 };
	bool filtered, injected, in_init, have_initcall, leakcheck;
	const char *missing = NULL;
	time_t t0 = time(NULL);
	int n, ret, mine, failed;

	/* The baseline: after one load and unload. */
	ASSERT_EQ(0, mft_load(NULL));
	ASSERT_EQ(0, mft_unload());
	percpu0 = percpu_settled();
	slab0 = read_meminfo("SUnreclaim");
	leakcheck = kmemleak_present();
	/* Suspects so far are not this test's. */
	if (leakcheck)
		ASSERT_EQ(0, kmemleak_clear());

	start = module_area_start();
	filtered = setup_capability(_metadata, FAILSLAB, start);
	filtered &= setup_capability(_metadata, FAIL_PAGE_ALLOC, start);
	have_initcall = kernel_has_hist(INITCALL_FINISH) &&
			!hist_trigger_add(INITCALL_FINISH, INITCALL_KEYS);
	self->trigger = have_initcall;
	ksft_print_msg("%s; %s\n",
		       filtered ? "only allocations with memfrag's code on the stack fail (stack filter from the end of the kernel image)" :
				  "every allocation of finit_module() fails in turn (no stack filter)",
		       have_initcall ? "initcall_finish tells init failures apart" :
				       "no initcall tracepoint");
	kmsg_since(self->kmsg, log, sizeof(log));

	for (n = 1; n <= MAX_FAULTS; n++) {
		kmsg_since(self->kmsg, log, sizeof(log));
		fin0 = have_initcall ? hist_total(INITCALL_FINISH) : 0;
		slab_times = read_num(FAILSLAB "/times");
		page_times = read_num(FAIL_PAGE_ALLOC "/times");
		ret = load_failing(self->fail_nth, self->ko, n, &injected);
		fin1 = have_initcall ? hist_total(INITCALL_FINISH) : 0;
		o.slab += read_num(FAILSLAB "/times") != slab_times;
		o.page += read_num(FAIL_PAGE_ALLOC "/times") != page_times;
		mine = kmsg_since(self->kmsg, log, sizeof(log));
		/* With the filter, every site is in memfrag's code. */
		in_init = have_initcall ? fin1 > fin0 : filtered;
		if (!injected) {
			/* Past the last site: this load must be whole. */
			ASSERT_EQ(0, ret) TH_LOG("load %d: %s", n,
						 strerror(-ret));
			break;
		}
		if (ret) {
			o.failed_loads++;
			if (ret == -ENOMEM)
				o.enomem++;
			else
				ksft_print_msg("fault %d: load failed with %s\n",
					       n, strerror(-ret));
			EXPECT_TRUE(mft_gone()) TH_LOG("fault %d", n);
			if (!in_init) {
				o.loader_failures++;
				continue;
			}
			o.init_failures++;
			o.with_message += mine > 0;
			EXPECT_LT(0, mine)
				TH_LOG("fault %d: init failed with %s and memfrag logged nothing; the log said:\n%s",
				       n, strerror(-ret), log);
			continue;
		}
		/* A fault memfrag tolerated: nothing may be missing. */
		o.tolerated++;
		EXPECT_EQ(0, files_missing(&missing))
			TH_LOG("fault %d: loaded without %s", n, missing);
		EXPECT_EQ(0, states_wrong(&failed)) TH_LOG("fault %d", n);
		if (failed) {
			o.tracepoint_failures++;
			EXPECT_LT(0, mine)
				TH_LOG("fault %d: a tracepoint failed, and memfrag logged nothing", n);
		}
		ASSERT_EQ(0, mft_unload()) TH_LOG("fault %d", n);
	}
	ASSERT_GE(MAX_FAULTS, n);
	ksft_print_msg("%d fault sites (%d slab, %d page allocations) in %ld s: %d loads failed (%d in memfrag's init, %d with a message of memfrag's; %d in the loader; %d ENOMEM, %d other errors), %d loaded anyway (%d with a failed tracepoint)\n",
		       n - 1, o.slab, o.page, (long)(time(NULL) - t0),
		       o.failed_loads,
		       o.init_failures, o.with_message, o.loader_failures,
		       o.enomem, o.failed_loads - o.enomem, o.tolerated,
		       o.tracepoint_failures);
	EXPECT_LT(0, o.init_failures);

	/* The load past the last site is whole. */
	EXPECT_EQ(0, files_missing(&missing)) TH_LOG("%s", missing);
	EXPECT_EQ(0, states_wrong(&failed));
	EXPECT_EQ(0, failed);
	ASSERT_EQ(0, mft_unload());
	knobs_restore();

	/* And the next one, with no fault injection at all. */
	ASSERT_EQ(0, mft_load(NULL));
	EXPECT_EQ(0, files_missing(&missing)) TH_LOG("%s", missing);
	EXPECT_EQ(0, states_wrong(&failed));
	ASSERT_EQ(0, mft_unload());
	EXPECT_TRUE(mft_gone());

	percpu1 = percpu_settled();
	slab1 = read_meminfo("SUnreclaim");
	ksft_print_msg("Percpu %lu KiB (baseline %lu KiB), SUnreclaim %lu KiB (baseline %lu KiB)\n",
		       percpu1 >> 10, percpu0 >> 10, slab1 >> 10, slab0 >> 10);
	/* The slack of memfrag_stress_test.c, for the same reasons. */
	EXPECT_GE(percpu0 + 8 * page * ncpus, percpu1);
	if (leakcheck) {
		EXPECT_EQ(0, kmemleak_new_leaks(leaks, sizeof(leaks)))
			TH_LOG("kmemleak:\n%s", leaks);
	} else {
		/*
		 * Without kmemleak, the unreclaimable slab (no KASAN
		 * quarantine to hold freed objects either) within 1 MiB.
		 */
		EXPECT_GE(slab0 + (1UL << 20), slab1);
	}
}

TEST_HARNESS_MAIN

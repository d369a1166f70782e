// SPDX-License-Identifier: GPL-2.0
/*
 * memfrag.ko lifecycle and tracepoint attachment.
 *
 * The tests run in order and share the kernel's state: the first loads the
 * module and the last unloads it.  Each compares memfrag against a source it
 * did not compute: tracefs's list of events, and ftrace hist triggers
 * counting the same tracepoints.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <sys/prctl.h>
#include <sys/syscall.h>
#include <linux/capability.h>

#include "kselftest_harness.h"
#include "lib_hist.h"
#include "lib_proc.h"

/*
 * One fixture, so that the tests run in the order written and each can set
 * its own timeout: guests under emulation are slow.
 */
FIXTURE(lifecycle) {};
FIXTURE_SETUP(lifecycle)
{
	mft_skip_unless_ready(_metadata);
}
FIXTURE_TEARDOWN(lifecycle) {}

TEST_F_TIMEOUT(lifecycle, load, 120)
{
	struct stat st;

	if (mft_loaded())
		ASSERT_EQ(0, mft_unload());
	ASSERT_EQ(0, mft_load(NULL));
	ASSERT_TRUE(mft_loaded());
	ASSERT_EQ(0, stat(MEMFRAG_STATUS, &st));
	/* Readable by root only. */
	EXPECT_EQ(0400U, st.st_mode & 07777U);
}

TEST_F_TIMEOUT(lifecycle, status_header, 120)
{
	static char buf[16384];
	char release[128], expect[160];
	FILE *f;

	ASSERT_EQ(0, mft_ensure_loaded());
	ASSERT_LT(0, read_file(MEMFRAG_STATUS, buf, sizeof(buf)));
	EXPECT_EQ(0, strncmp(buf, "memfrag ", 8));
	EXPECT_NE(NULL, strstr(buf, "\nformat: " MEMFRAG_STR(MEMFRAG_FORMAT_VERSION) "\n"));

	f = fopen("/proc/sys/kernel/osrelease", "r");
	ASSERT_NE(NULL, f);
	ASSERT_NE(NULL, fgets(release, sizeof(release), f));
	fclose(f);
	release[strcspn(release, "\n")] = '\0';
	snprintf(expect, sizeof(expect), "\nkernel: %s\n", release);
	EXPECT_NE(NULL, strstr(buf, expect)) TH_LOG("want '%s'", expect + 1);

	/* The size of the pages the files count: the kernel's, as mmap sees it. */
	snprintf(expect, sizeof(expect), "\npage_size: %ld\n",
		 sysconf(_SC_PAGESIZE));
	EXPECT_NE(NULL, strstr(buf, expect)) TH_LOG("want '%s'", expect + 1);
}

/*
 * tracefs is the kernel's own list of its events: each one memfrag knows
 * must be attached if the kernel has it, and reported missing if not.
 */
TEST_F_TIMEOUT(lifecycle, status_lists_every_tracepoint, 120)
{
	struct mft_tp_status st;
	int i, present = 0;

	ASSERT_EQ(0, mft_ensure_loaded());
	for (i = 0; i < MEMFRAG_NR_TP; i++) {
		const char *tp = mft_tracepoints[i];
		bool has = kernel_has_tracepoint(tp);

		ASSERT_EQ(0, mft_tp_status(tp, &st)) TH_LOG("%s", tp);
		EXPECT_STREQ(has ? "attached" : "missing", st.state)
			TH_LOG("%s", tp);
		present += has;
	}
	ksft_print_msg("%d of %d tracepoints present in this kernel\n",
		       present, MEMFRAG_NR_TP);
	EXPECT_LT(0, present);
}

#define BEGIN_TP	MEMFRAG_TP(BEGIN)
#define END_TP		MEMFRAG_TP(END)

static int sample_hits(struct mft_run_hits *h)
{
	h->hist_begin = hist_total(BEGIN_TP);
	h->hist_end = hist_total(END_TP);
	if (mft_memfrag_run_hits(h))
		return -1;
	return h->hist_begin < 0 || h->hist_end < 0 ? -1 : 0;
}

/*
 * A write to /proc/sys/vm/compact_memory runs compaction on every zone:
 * memfrag's hit counts of the begin and end tracepoints must move by
 * exactly what hist triggers on the same tracepoints counted over the same
 * interval.  Both counters see any unrelated compaction (kcompactd) in the
 * interval alike; only an event landing between the two reads of a pair
 * can differ, so a mismatch is retried a few times before it fails.
 */
TEST_F_TIMEOUT(lifecycle, compact_memory_hits_match_hist_trigger, 120)
{
	const char *begin = BEGIN_TP, *end = END_TP;
	struct mft_run_hits a, b;
	int attempt;
	bool equal = false;

	if (!kernel_has_tracepoint(begin) || !kernel_has_tracepoint(end))
		SKIP(return, "kernel lacks compaction tracepoints");
	if (!kernel_has_hist(begin))
		SKIP(return, "kernel lacks CONFIG_HIST_TRIGGERS");
	ASSERT_EQ(0, mft_ensure_loaded());
	ASSERT_EQ(0, hist_trigger_add(begin, "sync"));
	ASSERT_EQ(0, hist_trigger_add(end, "status"));

	for (attempt = 1; attempt <= 3 && !equal; attempt++) {
		ASSERT_EQ(0, sample_hits(&a));
		ASSERT_EQ(0, compact_all_memory());
		ASSERT_EQ(0, sample_hits(&b));
		ksft_print_msg("attempt %d: memfrag/hist begin +%lld/+%lld end +%lld/+%lld\n",
			       attempt, b.mf_begin - a.mf_begin,
			       b.hist_begin - a.hist_begin,
			       b.mf_end - a.mf_end, b.hist_end - a.hist_end);
		equal = b.mf_begin - a.mf_begin == b.hist_begin - a.hist_begin &&
			b.mf_end - a.mf_end == b.hist_end - a.hist_end;
	}
	hist_trigger_remove(begin, "sync");
	hist_trigger_remove(end, "status");

	EXPECT_LT(0, b.mf_begin - a.mf_begin);
	EXPECT_LT(0, b.mf_end - a.mf_end);
	EXPECT_TRUE(equal);
}

/* 0 if the status file denies user nobody with EACCES. */
static int read_status_as_nobody(void *arg)
{
	char buf[64];

	if (setgid(65534) || setuid(65534))
		return 2;
	return read_file(MEMFRAG_STATUS, buf, sizeof(buf)) == -EACCES ? 0 : 1;
}

/* Statistics describe the whole machine: other users get EACCES. */
TEST_F_TIMEOUT(lifecycle, non_root_reader_denied, 120)
{
	ASSERT_EQ(0, mft_ensure_loaded());
	EXPECT_EQ(0, run_in_child(read_status_as_nobody, NULL));
}

/*
 * 0 if root without CAP_SYS_ADMIN gets EPERM on each file that shows tasks
 * or kernel stacks, as on /proc/PID/stack, and can still read status.
 */
static int open_trace_files_without_sys_admin(void *arg)
{
	static const char *const closed[] = {
		MEMFRAG_FILE_EVENTS, MEMFRAG_FILE_TASKS, MEMFRAG_FILE_STACKS,
	};
	struct __user_cap_header_struct hdr = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct caps[2];
	char path[256], buf[64];
	unsigned int i;
	int fd, bad = 0;

	if (syscall(SYS_capget, &hdr, caps))
		return 2;
	caps[CAP_SYS_ADMIN / 32].effective &= ~(1u << (CAP_SYS_ADMIN % 32));
	if (syscall(SYS_capset, &hdr, caps))
		return 2;
	for (i = 0; i < ARRAY_SIZE(closed); i++) {
		snprintf(path, sizeof(path), "%s/%s", MEMFRAG_DIR, closed[i]);
		fd = open(path, O_RDONLY | O_NONBLOCK);
		if (fd >= 0 || errno != EPERM) {
			ksft_print_msg("%s without CAP_SYS_ADMIN: %s\n", path,
				       fd >= 0 ? "opened" : strerror(errno));
			bad = 1;
		}
		if (fd >= 0)
			close(fd);
	}
	if (read_file(MEMFRAG_STATUS, buf, sizeof(buf)) <= 0)
		bad = 1;
	return bad;
}

TEST_F_TIMEOUT(lifecycle, trace_files_need_cap_sys_admin, 120)
{
	ASSERT_EQ(0, mft_ensure_loaded());
	EXPECT_EQ(0, run_in_child(open_trace_files_without_sys_admin, NULL));
}

/*
 * Under lockdown=confidentiality the kernel closes tracefs; memfrag's files
 * that show per-task events, task names or kernel stacks (events, tasks,
 * stacks) follow that policy and refuse to open with EPERM, while the
 * counters stay readable.  SKIP when the kernel is not locked down so
 * (boot it with lockdown=confidentiality: tools/testing/run-tests.sh does, on the
 * debug kernel).
 */
#define LOCKDOWN_FILE	"/sys/kernel/security/lockdown"

/*
 * Not a lifecycle test: under lockdown tracefs, which the fixture needs,
 * is closed.  debugfs stays (memfrag's files are 0400, which lockdown
 * allows), so this test needs only debugfs and memfrag.ko.
 */
TEST(lockdown_closes_trace_files)
{
	static const char *const closed[] = {
		MEMFRAG_FILE_EVENTS, MEMFRAG_FILE_TASKS, MEMFRAG_FILE_STACKS,
	};
	static const char *const open_ok[] = {
		MEMFRAG_FILE_STATUS, MEMFRAG_FILE_COMPACTION,
		MEMFRAG_FILE_ZONES,
	};
	char buf[256], path[256];
	unsigned int i;
	int fd;

	/* The lockdown LSM's state, or without securityfs the command line. */
	if (access(LOCKDOWN_FILE, F_OK))
		mount("securityfs", "/sys/kernel/security", "securityfs", 0,
		      NULL);
	if (read_file(LOCKDOWN_FILE, buf, sizeof(buf)) > 0) {
		if (!strstr(buf, "[confidentiality]"))
			SKIP(return, "not locked down for confidentiality (%s)",
			     buf);
	} else if (read_file("/proc/cmdline", buf, sizeof(buf)) <= 0 ||
		   !strstr(buf, "lockdown=confidentiality")) {
		SKIP(return, "not booted with lockdown=confidentiality");
	}
	if (mount("debugfs", "/sys/kernel/debug", "debugfs", 0, NULL) &&
	    errno != EBUSY)
		SKIP(return, "debugfs unavailable: %s", strerror(errno));
	if (!mft_loaded() && !mft_ko_path())
		SKIP(return, "memfrag.ko not found (set MEMFRAG_KO)");
	ASSERT_EQ(0, mft_ensure_loaded());
	for (i = 0; i < ARRAY_SIZE(closed); i++) {
		snprintf(path, sizeof(path), "%s/%s", MEMFRAG_DIR, closed[i]);
		fd = open(path, O_RDONLY | O_NONBLOCK);
		EXPECT_EQ(-1, fd) TH_LOG("%s opened under lockdown", path);
		EXPECT_EQ(EPERM, errno) TH_LOG("%s: %s", path, strerror(errno));
		if (fd >= 0)
			close(fd);
	}
	for (i = 0; i < ARRAY_SIZE(open_ok); i++) {
		snprintf(path, sizeof(path), "%s/%s", MEMFRAG_DIR, open_ok[i]);
		EXPECT_LT(0, read_file(path, buf, sizeof(buf)))
			TH_LOG("%s unreadable under lockdown", path);
	}
	EXPECT_EQ(0, mft_unload());
}

TEST_F_TIMEOUT(lifecycle, disable_parameter, 120)
{
	static const enum memfrag_tp_id off[] = {
		MEMFRAG_TP_SUITABLE, MEMFRAG_TP_FINISHED,
	};
	struct mft_tp_status st;
	char params[256];
	unsigned int i;

	if (mft_loaded())
		ASSERT_EQ(0, mft_unload());
	ASSERT_EQ(0, mft_disable_param(params, sizeof(params), off,
					   ARRAY_SIZE(off)));
	ASSERT_EQ(0, mft_load(params)) TH_LOG("%s", params);
	for (i = 0; i < ARRAY_SIZE(off); i++) {
		ASSERT_EQ(0, mft_tp_status(mft_tracepoints[off[i]], &st));
		EXPECT_STREQ("disabled", st.state);
	}
	ASSERT_EQ(0, mft_tp_status(BEGIN_TP, &st));
	EXPECT_STREQ(kernel_has_tracepoint(BEGIN_TP) ? "attached" : "missing",
		     st.state);
	ASSERT_EQ(0, mft_unload());

	/* A name memfrag does not know is an error, not a silent no-op. */
	EXPECT_EQ(-EINVAL, mft_load("disable=mm_compaction_bogus"));
	EXPECT_FALSE(mft_loaded());
}

#define STALE_RUN_MS_PARAM	"/sys/module/memfrag/parameters/stale_run_ms"

/*
 * stale_run_ms= is read-only once loaded, 60000 by default, and a value
 * outside [100, 86400000], or not a number, fails the load.
 */
TEST_F_TIMEOUT(lifecycle, stale_run_ms_parameter, 120)
{
	static const char *const bad[] = {
		"stale_run_ms=0", "stale_run_ms=99", "stale_run_ms=86400001",
		"stale_run_ms=-1", "stale_run_ms=1s",
	};
	static const struct {
		const char *param;
		long long ms;
	} good[] = {
		{ NULL, 60000 },
		{ "stale_run_ms=100", 100 },
		{ "stale_run_ms=86400000", 86400000 },
	};
	unsigned int i;

	if (mft_loaded())
		ASSERT_EQ(0, mft_unload());
	for (i = 0; i < ARRAY_SIZE(good); i++) {
		ASSERT_EQ(0, mft_load(good[i].param))
			TH_LOG("%s", good[i].param);
		EXPECT_EQ(good[i].ms, read_num(STALE_RUN_MS_PARAM));
		EXPECT_NE(0, write_file(STALE_RUN_MS_PARAM, "1000"));
		ASSERT_EQ(0, mft_unload());
	}
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		EXPECT_EQ(-EINVAL, mft_load(bad[i])) TH_LOG("%s", bad[i]);
		EXPECT_FALSE(mft_loaded());
		if (mft_loaded())
			ASSERT_EQ(0, mft_unload());
	}
}

/*
 * Pairs of probes that only count right together: a run is timed from its
 * begin to its end, and kcompactd's runs are told from proactive ones by
 * kcompactd_wake and kcompactd_sleep.  disable= takes both of a pair or
 * neither; refused loads leave nothing behind.
 */
TEST_F_TIMEOUT(lifecycle, disable_pairs_together, 120)
{
	static const enum memfrag_tp_id pairs[][2] = {
		{ MEMFRAG_TP_BEGIN, MEMFRAG_TP_END },
		{ MEMFRAG_TP_KCOMPACTD_WAKE, MEMFRAG_TP_KCOMPACTD_SLEEP },
	};
	struct mft_tp_status st;
	char params[256];
	unsigned int p, one;
	int err;

	if (mft_loaded())
		ASSERT_EQ(0, mft_unload());
	for (p = 0; p < ARRAY_SIZE(pairs); p++) {
		for (one = 0; one < 2; one++) {
			ASSERT_EQ(0, mft_disable_param(params, sizeof(params),
						       &pairs[p][one], 1));
			err = mft_load(params);
			EXPECT_EQ(-EINVAL, err) TH_LOG("%s", params);
			if (!err)
				ASSERT_EQ(0, mft_unload());
			EXPECT_TRUE(mft_gone());
		}
		ASSERT_EQ(0, mft_disable_param(params, sizeof(params),
					       pairs[p], 2));
		ASSERT_EQ(0, mft_load(params)) TH_LOG("%s", params);
		for (one = 0; one < 2; one++) {
			ASSERT_EQ(0, mft_tp_status(mft_tracepoints[pairs[p][one]],
						   &st));
			EXPECT_STREQ("disabled", st.state);
		}
		ASSERT_EQ(0, mft_unload());
	}
	EXPECT_TRUE(mft_gone());
}

/*
 * With every compaction tracepoint unavailable (here: disabled, which takes
 * the same path as a kernel built without CONFIG_COMPACTION), the module
 * must refuse to load rather than sit there counting nothing.
 */
TEST_F_TIMEOUT(lifecycle, refuses_without_compaction_tracepoints, 120)
{
	enum memfrag_tp_id ids[MEMFRAG_NR_TP];
	char params[1024];
	int i, n = 0;

	if (mft_loaded())
		ASSERT_EQ(0, mft_unload());
	for (i = 0; i < MEMFRAG_NR_TP; i++)
		if (!strcmp(mft_tp_system(i), "compaction"))
			ids[n++] = i;
	ASSERT_EQ(0, mft_disable_param(params, sizeof(params), ids, n));
	EXPECT_EQ(-ENODEV, mft_load(params)) TH_LOG("%s", params);
	EXPECT_FALSE(mft_loaded());
}

/*
 * Loading and unloading while compaction runs and the status file is being
 * read: every cycle must succeed.  Kernel warnings are caught by the VM
 * runner, which scans the guest's log.
 */
/*
 * Loads and unloads while compaction runs and status is read.  The
 * reader's opens go through the open gate (lib_module.c): an open in the
 * kernel's own window of delete_module() warns whatever the module.
 */
TEST_F_TIMEOUT(lifecycle, reload_loop_under_compaction, 600)
{
	struct mft_open_gate *gate = mft_open_gate_new();
	pid_t workers[2];
	int i, cycles = 0;

	ASSERT_NE(NULL, gate);

	if (mft_loaded())
		ASSERT_EQ(0, mft_unload());

	workers[0] = fork();
	ASSERT_LE(0, workers[0]);
	if (workers[0] == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		for (;;)
			compact_all_memory();
	}
	workers[1] = fork();
	ASSERT_LE(0, workers[1]);
	if (workers[1] == 0) {
		static char buf[16384];

		prctl(PR_SET_PDEATHSIG, SIGKILL);
		for (;;) {
			int fd;

			mft_open_gate_enter(gate);
			fd = open(MEMFRAG_STATUS, O_RDONLY | O_CLOEXEC);
			mft_open_gate_leave(gate);
			if (fd < 0)
				continue;
			while (read(fd, buf, sizeof(buf)) > 0)
				;
			close(fd);
		}
	}

	for (i = 0; i < 20; i++) {
		int err = mft_load(NULL);

		if (err) {
			TH_LOG("cycle %d: load: %s", i, strerror(-err));
			break;
		}
		usleep(20000);
		err = mft_unload_gated(gate);
		if (err) {
			TH_LOG("cycle %d: unload: %s", i, strerror(-err));
			break;
		}
		cycles++;
	}
	kill(workers[0], SIGKILL);
	kill(workers[1], SIGKILL);
	waitpid(workers[0], NULL, 0);
	waitpid(workers[1], NULL, 0);
	EXPECT_EQ(20, cycles);
}

TEST_F_TIMEOUT(lifecycle, unload, 120)
{
	ASSERT_EQ(0, mft_ensure_loaded());
	ASSERT_EQ(0, mft_unload());
	EXPECT_TRUE(mft_gone());
}

TEST_HARNESS_MAIN

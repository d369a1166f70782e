// SPDX-License-Identifier: GPL-2.0
/*
 * The compaction event stream, /sys/kernel/debug/memfrag/events.
 *
 * Runs counted by memfrag's statistics are the reference: every run that
 * ends produces exactly one record, which a reader consumes or the full
 * buffer drops (and counts).  Intervals are closed with an ftrace hist
 * trigger on the tracepoint that ends a run (MEMFRAG_TP_END): a
 * measurement is taken only when no run ended while it was being read.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "lib_hist.h"
#include "lib_proc.h"
#include "lib_trace.h"
#include "lib_workload.h"

#define EVENTS		MEMFRAG_PATH(MEMFRAG_FILE_EVENTS)
#define END_TP		MEMFRAG_TP(END)

struct event {
	unsigned long long ts_ns;
	int pid;
	char comm[32];
	int node;
	char zone[16];
	int order;
	char trigger[16], mode[8], latency[24], result[24];
};

static int parse_event(const char *line, struct event *ev)
{
	return sscanf(line, "%llu %d %31s %d %15s %d %15s %7s %23s %23s",
		      &ev->ts_ns, &ev->pid, ev->comm, &ev->node, ev->zone,
		      &ev->order, ev->trigger, ev->mode, ev->latency,
		      ev->result) == 10 ? 0 : -1;
}

/*
 * Reads everything available without blocking.  Calls fn on each record
 * line (if fn), returns the number of records, adds "# dropped N" to
 * *dropped_lines if given.
 */
static long drain(void (*fn)(const char *line, void *ctx), void *ctx)
{
	static char buf[65536];
	long records = 0;
	int fd = open(EVENTS, O_RDONLY | O_NONBLOCK);

	if (fd < 0)
		return -errno;
	for (;;) {
		ssize_t n = read(fd, buf, sizeof(buf) - 1);
		char *line, *save;

		if (n < 0 && errno == EAGAIN)
			break;
		if (n <= 0) {
			records = n < 0 ? -errno : records;
			break;
		}
		buf[n] = '\0';
		for (line = strtok_r(buf, "\n", &save); line;
		     line = strtok_r(NULL, "\n", &save)) {
			/* "# dropped N", and a run's stack frames ("  ..."). */
			if (line[0] == '#' || line[0] == ' ')
				continue;
			records++;
			if (fn)
				fn(line, ctx);
		}
	}
	close(fd);
	return records;
}

/* Runs counted by memfrag's statistics since load (all zones, all kinds). */
static long long runs_counted(void)
{
	static struct kv_map m;

	kv_clear(&m);
	if (mft_section_map(MEMFRAG_FILE_COMPACTION, MEMFRAG_SEC_NAME(runs),
				NULL, MEMFRAG_COL_NAME(runs),
				&m))
		return -1;
	return kv_total(&m);
}

static long long events_dropped(void)
{
	static char buf[16384];
	long long dropped;

	if (read_file(MEMFRAG_STATUS, buf, sizeof(buf)) < 0 ||
	    mft_pair(buf, "events", "dropped", &dropped))
		return -1;
	return dropped;
}

/*
 * Drains the stream and reads the run and drop counters at one moment in
 * which no run ended; records drained meanwhile are added to *read.
 */
static int quiet_point(long long *runs, long long *dropped, long long *read)
{
	int tries;

	for (tries = 0; tries < 100; tries++) {
		long long h1 = hist_total(END_TP), h2;
		long n = drain(NULL, NULL);

		if (n < 0)
			return -1;
		*read += n;
		*runs = runs_counted();
		*dropped = events_dropped();
		h2 = hist_total(END_TP);
		if (h1 >= 0 && h1 == h2 && drain(NULL, NULL) == 0)
			return 0;
		usleep(50000);
	}
	return -1;
}

/* The tracefs instance that records the direct requests (lib_trace.h). */
#define REQUESTS_INSTANCE	"memfrag_events_test"

FIXTURE(events) {
	char proactiveness[16];
};

FIXTURE_SETUP(events)
{
	if (mft_skip_unless_ready(_metadata))
		return;
	if (!kernel_has_hist(END_TP))
		SKIP(return, "kernel lacks compaction tracepoints or CONFIG_HIST_TRIGGERS");
	ASSERT_EQ(0, mft_ensure_loaded());
	ASSERT_LT(0, read_file("/proc/sys/vm/compaction_proactiveness",
			       self->proactiveness, sizeof(self->proactiveness)));
	ASSERT_EQ(0, write_file("/proc/sys/vm/compaction_proactiveness", "0"));
	hist_trigger_remove(END_TP, "common_pid");
	ASSERT_EQ(0, hist_trigger_add(END_TP, "common_pid"));
}

/*
 * Every trigger a test arms, also when an assertion ended it early: hist
 * totals add up all triggers of an event, so one left behind on
 * mm_page_alloc_extfrag keeps a later test (migratetype) from ever finding
 * its own trigger at zero.
 */
MEMFRAG_FIXTURE_TEARDOWN(events)
{
	hist_trigger_remove(END_TP, "common_pid");
	hist_trigger_remove(MEMFRAG_TP(PAGE_ALLOC_EXTFRAG), "common_pid");
	rmdir(TRACEFS_DIR "/instances/" REQUESTS_INSTANCE);
	if (self->proactiveness[0])
		write_file("/proc/sys/vm/compaction_proactiveness",
			   self->proactiveness);
}

struct find_ctx {
	int pid;
	int found;
	struct event ev;
};

static void find_pid(const char *line, void *arg)
{
	struct find_ctx *ctx = arg;
	struct event ev;

	if (parse_event(line, &ev) || ev.pid != ctx->pid)
		return;
	ctx->found++;
	ctx->ev = ev;
}

/*
 * A child named comm compacts every zone by hand; ctx gets its pid and
 * the number of its runs in the stream, and the last one.  0 or -1.
 */
static int compact_as(const char *comm, struct find_ctx *ctx)
{
	int status;
	pid_t pid;

	if (drain(NULL, NULL) < 0)
		return -1;
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		prctl(PR_SET_NAME, comm);
		_exit(compact_all_memory() ? 1 : 0);
	}
	if (waitpid(pid, &status, 0) != pid || WEXITSTATUS(status))
		return -1;
	ctx->pid = pid;
	return drain(find_pid, ctx) > 0 ? 0 : -1;
}

/* A task of known pid and comm compacts by hand: its runs carry both. */
TEST_F_TIMEOUT(events, known_task_appears_with_pid_comm_latency, 300)
{
	struct find_ctx ctx = { 0 };
	double latency;

	ASSERT_EQ(0, compact_as("mf_evt_child", &ctx));
	ksft_print_msg("%d runs of pid %d, last: comm %s node %d zone %s order %d trigger %s latency_ns %s result %s\n",
		       ctx.found, ctx.pid, ctx.ev.comm, ctx.ev.node, ctx.ev.zone,
		       ctx.ev.order, ctx.ev.trigger, ctx.ev.latency,
		       ctx.ev.result);
	ASSERT_LT(0, ctx.found);
	EXPECT_STREQ("mf_evt_child", ctx.ev.comm);
	EXPECT_STREQ(MEMFRAG_TRIGGER(MANUAL), ctx.ev.trigger);
	EXPECT_EQ(-1, ctx.ev.order);
	latency = strtod(ctx.ev.latency, NULL);
	/* Plausible: longer than nothing, shorter than a minute. */
	EXPECT_LT(0, latency);
	EXPECT_GT(60e9, latency);
}

/*
 * Bytes outside printable ASCII in a task's name (C0 and C1 controls, DEL,
 * UTF-8) are '_' in the events file on every kernel, whether plain char
 * is signed there (x86 before 6.2) or not.
 */
#define CTRL_COMM	"mf\x01\x1f\x7f\x9b\xc3\xa9\xff"
#define CTRL_COMM_SHOWN	"mf_______"

TEST_F_TIMEOUT(events, comm_bytes_outside_ascii_are_escaped, 300)
{
	struct find_ctx ctx = { 0 };

	ASSERT_EQ(0, compact_as(CTRL_COMM, &ctx));
	ASSERT_LT(0, ctx.found);
	EXPECT_STREQ(CTRL_COMM_SHOWN, ctx.ev.comm);
}

/* Reads up to 7 bytes from fd onto the end of s; bytes read, 0, or -1. */
static ssize_t read7(int fd, char *s, size_t *len, size_t size)
{
	ssize_t n;

	if (*len + 7 >= size)
		return -1;
	n = read_retry(fd, s + *len, 7);
	if (n > 0)
		*len += n;
	s[*len] = '\0';
	return n;
}

/*
 * Each of s's lines is a record, a frame of one ("  ...") or "# dropped N";
 * the records' timestamps go to ts[], at most max.  Bad lines, or -1.
 */
static int small_reader_lines(char *s, unsigned long long *ts, int *n,
			      int max)
{
	char *line, *save;
	struct event ev;
	int bad = 0;

	for (line = strtok_r(s, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		if (line[0] == ' ' || !strncmp(line, "# dropped ", 10))
			continue;
		if (parse_event(line, &ev)) {
			if (bad++ < 3)
				ksft_print_msg("not a record: '%.60s'\n", line);
			continue;
		}
		if (*n < max)
			ts[(*n)++] = ev.ts_ns;
	}
	return bad;
}

/*
 * Two readers that read 7 bytes at a time, in turn, each get whole
 * records, and never the same one: what is left of a record a read
 * started belongs to the file that started it.
 */
TEST_F_TIMEOUT(events, two_small_readers_get_whole_distinct_records, 300)
{
	static char s[2][1 << 20];
	static unsigned long long ts[2][4096];
	size_t len[2] = { 0, 0 };
	int fd[2], n[2] = { 0, 0 }, i, j, k, idle = 0, same = 0;

	ASSERT_LE(0, drain(NULL, NULL));
	ASSERT_EQ(0, compact_all_memory());
	for (i = 0; i < 2; i++) {
		fd[i] = open(EVENTS, O_RDONLY | O_NONBLOCK);
		ASSERT_LE(0, fd[i]);
	}
	/* In turn until neither gets anything. */
	while (idle < 2) {
		for (i = 0, idle = 0; i < 2; i++)
			if (read7(fd[i], s[i], &len[i], sizeof(s[i])) <= 0)
				idle++;
	}
	for (i = 0; i < 2; i++) {
		close(fd[i]);
		EXPECT_EQ(0, small_reader_lines(s[i], ts[i], &n[i],
						ARRAY_SIZE(ts[i])));
	}
	for (j = 0; j < n[0]; j++)
		for (k = 0; k < n[1]; k++)
			same += ts[0][j] == ts[1][k];
	ksft_print_msg("records read: %d and %d, %d in both\n", n[0], n[1],
		       same);
	EXPECT_LT(0, n[0] + n[1]);
	EXPECT_EQ(0, same);
}

TEST_F_TIMEOUT(events, nonblocking_read_of_empty_stream_is_eagain, 120)
{
	char buf[256];
	int fd, tries;
	ssize_t n = 0;

	fd = open(EVENTS, O_RDONLY | O_NONBLOCK);
	ASSERT_LE(0, fd);
	for (tries = 0; tries < 100; tries++) {
		n = read(fd, buf, sizeof(buf));
		if (n < 0)
			break;
	}
	EXPECT_EQ(-1, n);
	EXPECT_EQ(EAGAIN, errno);
	close(fd);
}

static pid_t compact_after(int ms)
{
	pid_t pid = fork();

	if (pid == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		usleep(ms * 1000);
		_exit(compact_all_memory() ? 1 : 0);
	}
	return pid;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

TEST_F_TIMEOUT(events, poll_wakes_a_waiting_reader, 120)
{
	struct pollfd pfd;
	double t0;
	pid_t pid;
	int fd, ret;

	ASSERT_LE(0, drain(NULL, NULL));
	fd = open(EVENTS, O_RDONLY);
	ASSERT_LE(0, fd);
	pfd.fd = fd;
	pfd.events = POLLIN;
	ASSERT_EQ(0, poll(&pfd, 1, 0)) TH_LOG("stream not empty");
	pid = compact_after(1000);
	ASSERT_LE(0, pid);
	t0 = now_s();
	ret = poll(&pfd, 1, 60000);
	ksft_print_msg("poll returned %d after %.2f s\n", ret, now_s() - t0);
	EXPECT_EQ(1, ret);
	EXPECT_TRUE(pfd.revents & POLLIN);
	waitpid(pid, NULL, 0);
	close(fd);
}

TEST_F_TIMEOUT(events, blocking_read_waits_for_a_run, 120)
{
	char buf[4096];
	ssize_t n;
	double t0;
	pid_t pid;
	int fd;

	ASSERT_LE(0, drain(NULL, NULL));
	fd = open(EVENTS, O_RDONLY);
	ASSERT_LE(0, fd);
	pid = compact_after(1000);
	ASSERT_LE(0, pid);
	t0 = now_s();
	n = read(fd, buf, sizeof(buf));
	ksft_print_msg("read returned %zd bytes after %.2f s\n", n, now_s() - t0);
	EXPECT_LT(0, n);
	EXPECT_LT(0.5, now_s() - t0);
	waitpid(pid, NULL, 0);
	close(fd);
}

/*
 * No reader, more runs than the buffer holds: the drop counter rises by
 * exactly the runs that were not delivered.  The runs all go to one
 * CPU's ring: spread over two CPUs, 400 runs would fit in their rings
 * when memory is one zone (arm64's virt machine: DMA only), where x86's
 * two zones make it 800.
 */
TEST_F_TIMEOUT(events, drops_count_every_undelivered_run, 900)
{
	long long runs0, drops0, runs1, drops1, read0 = 0, read1 = 0;
	cpu_set_t all, one;
	int i;

	ASSERT_EQ(0, sched_getaffinity(0, sizeof(all), &all));
	CPU_ZERO(&one);
	CPU_SET(sched_getcpu(), &one);
	ASSERT_EQ(0, quiet_point(&runs0, &drops0, &read0));
	ASSERT_EQ(0, sched_setaffinity(0, sizeof(one), &one));
	for (i = 0; i < 400; i++)
		ASSERT_EQ(0, compact_all_memory());
	ASSERT_EQ(0, sched_setaffinity(0, sizeof(all), &all));
	ASSERT_EQ(0, quiet_point(&runs1, &drops1, &read1));
	ksft_print_msg("runs +%lld, read %lld, dropped +%lld\n",
		       runs1 - runs0, read1, drops1 - drops0);
	EXPECT_LT(0, drops1 - drops0);
	EXPECT_EQ(runs1 - runs0, read1 + drops1 - drops0);
}

/* A reader that keeps up reads every run; nothing is dropped. */
TEST_F_TIMEOUT(events, reader_that_keeps_up_reads_every_run, 900)
{
	long long runs0, drops0, runs1, drops1, read0 = 0, read = 0;
	int i;

	ASSERT_EQ(0, quiet_point(&runs0, &drops0, &read0));
	for (i = 0; i < 100; i++) {
		long n;

		ASSERT_EQ(0, compact_all_memory());
		n = drain(NULL, NULL);
		ASSERT_LE(0, n);
		read += n;
	}
	ASSERT_EQ(0, quiet_point(&runs1, &drops1, &read));
	ksft_print_msg("runs +%lld, read %lld, dropped +%lld\n",
		       runs1 - runs0, read, drops1 - drops0);
	EXPECT_EQ(runs1 - runs0, read);
	EXPECT_EQ(drops0, drops1);
}

/*
 * Who stalls.  Each table is compared with an ftrace hist trigger keyed by
 * the task (or summed) over an interval that starts with a reset of
 * memfrag's tables while the trigger has counted nothing.
 */
static int start_interval(const char *tp, const char *keys)
{
	int tries;

	for (tries = 0; tries < 20; tries++) {
		hist_trigger_remove(tp, keys);
		if (hist_trigger_add(tp, keys))
			return -1;
		if (write_file(MEMFRAG_PATH(MEMFRAG_FILE_RESET), "1"))
			return -1;
		if (hist_total(tp) == 0)
			return 0;
	}
	return -1;
}

struct pid_count {
	long long pid;
	long long count;
};

static void hist_count_of_pid(const struct hist_entry *e, void *arg)
{
	struct pid_count *pc = arg;

	if (hist_field(e, "common_pid") == pc->pid)
		pc->count += e->hitcount;
}

/* By pid: the tables of the tasks file. */
static const char *const by_pid[] = { MEMFRAG_COL_NAME(pid), NULL };

/* Column col of the row for pid in section [section] of tasks; -1 if none. */
static long long task_row_value(const char *section, long long pid,
				const char *col)
{
	static struct kv_map m;
	char key[32];

	kv_clear(&m);
	if (mft_section_map(MEMFRAG_FILE_TASKS, section, by_pid, col, &m))
		return -1;
	snprintf(key, sizeof(key), "%lld", pid);
	return kv_find_val(&m, key);
}

#define task_row(section, pid, col)					\
	task_row_value(MEMFRAG_SEC_NAME(section), pid, MEMFRAG_COL_NAME(col))

/* A task that only direct-compacts: its row counts exactly its runs. */
TEST_F_TIMEOUT(events, top_direct_task_counts_its_runs, 900)
{
	struct pid_count pc = { 0 };
	pid_t pid;

	if (!mft_workload_path())
		SKIP(return, "memfrag_workload not found (set MEMFRAG_WORKLOAD)");
	ASSERT_EQ(0, start_interval(END_TP, "common_pid"));
	ASSERT_EQ(0, mft_run_workload("-s 30 fragment direct", &pid));
	pc.pid = pid;
	ASSERT_LE(0, hist_for_each(END_TP, "common_pid", hist_count_of_pid, &pc));
	ksft_print_msg("workload pid %d: %lld runs (kernel), %lld (memfrag), total %lld us, max %lld us\n",
		       pid, pc.count, task_row(direct, pid, runs),
		       task_row(direct, pid, total_us),
		       task_row(direct, pid, max_us));
	EXPECT_LT(0, pc.count);
	EXPECT_EQ(pc.count, task_row(direct, pid, runs));
	EXPECT_LE(task_row(direct, pid, max_us),
		  task_row(direct, pid, total_us));
	/* No error: no eviction. */
	EXPECT_EQ(0, task_row(direct, pid, error_us));
}

struct all_pids {
	struct kv_map *m;
};

static void hist_by_pid(const struct hist_entry *e, void *arg)
{
	struct all_pids *ap = arg;
	char key[32];

	snprintf(key, sizeof(key), "%lld", hist_field(e, "common_pid"));
	kv_add(ap->m, key, e->hitcount);
}

/* Every task's fallbacks, as the kernel counted them per task. */
TEST_F_TIMEOUT(events, top_extfrag_tasks_match_hist, 900)
{
	static struct kv_map kernel, mine;
	const char *tp = MEMFRAG_TP(PAGE_ALLOC_EXTFRAG);
	struct all_pids ap = { &kernel };

	if (!mft_workload_path())
		SKIP(return, "memfrag_workload not found (set MEMFRAG_WORKLOAD)");
	if (!kernel_has_tracepoint(tp))
		SKIP(return, "kernel lacks %s", tp);
	ASSERT_EQ(0, start_interval(tp, "common_pid"));
	ASSERT_EQ(0, mft_run_workload("-s 30 extfrag", NULL));
	ASSERT_LE(0, quiet_section_map(tp, MEMFRAG_FILE_TASKS,
				       MEMFRAG_SEC_NAME(extfrag), by_pid,
				       MEMFRAG_COL_NAME(fallbacks), &mine));
	kv_clear(&kernel);
	ASSERT_LE(0, hist_take(tp, "common_pid", hist_by_pid, &ap));
	ksft_print_msg("fallbacks: kernel %lld in %d tasks, memfrag %lld in %d tasks\n",
		       kv_total(&kernel), kernel.n, kv_total(&mine), mine.n);
	EXPECT_LT(0, kv_total(&kernel));
	EXPECT_EQ(0, kv_diff("extfrag by task", &mine, &kernel));
}

static char stacks_buf[1 << 16];

#define COMPACT_FRAME	"try_to_compact_pages+"

/*
 * Is a frame line ("  function+offset/size") the page allocator's?  Direct
 * compaction has one call site, in the allocator's slow path, so the frame
 * below try_to_compact_pages is the allocator's whatever the compiler
 * inlined: __alloc_pages_direct_compact or __alloc_pages_slowpath where it
 * kept them (x86-64), else the allocator's entry: __alloc_pages_nodemask,
 * __alloc_pages(_noprof), or __alloc_frozen_pages_noprof, which arm64 7.3
 * inlines the slow path into and hugetlb calls directly, so that such a
 * stack has no alloc_pages* frame at all.  Each is named __alloc_*pages*.
 */
static bool allocator_frame(const char *frame)
{
	size_t len;

	frame += strspn(frame, " ");
	len = strcspn(frame, "+\n");
	return len > 8 && !strncmp(frame, "__alloc_", 8) &&
	       memmem(frame + 8, len - 8, "pages", 5);
}

/*
 * Is the frame below try_to_compact_pages in the stack text [stack, end),
 * "  frame\n" lines, the page allocator's?
 */
static bool from_allocator_frame(const char *stack, const char *end)
{
	const char *p = strstr(stack, "  " COMPACT_FRAME);

	if (!p || p >= end)
		return false;
	p = strchr(p, '\n');
	return p && p + 1 < end && allocator_frame(p + 1);
}

static int read_stacks(void *ctx)
{
	long n = read_file(MEMFRAG_PATH(MEMFRAG_FILE_STACKS), stacks_buf,
			   sizeof(stacks_buf));

	return n > 0 ? 0 : -1;
}

/*
 * The stacks file counts every direct compaction request that began a run
 * (the kernel's trace of the requests and runs says which), and each of
 * its stacks comes from the page allocator.  A workload run whose
 * requests all were deferred began none (a 6.12-rt guest's did): up to
 * three runs, then SKIP with the reason.
 */
TEST_F_TIMEOUT(events, stacks_hold_every_request_that_compacted, 900)
{
	struct trace_instance ti = { .dir = "" };
	char *buf = stacks_buf, *p;
	long long total;
	struct trace_requests r = { 0 };
	int stacks, from_allocator, err, quiet, attempt;

	if (!mft_workload_path())
		SKIP(return, "memfrag_workload not found (set MEMFRAG_WORKLOAD)");
	if (access(TRACEFS_DIR "/instances", W_OK))
		SKIP(return, "no tracefs instances");
	for (attempt = 0; attempt < 3 && !r.started; attempt++) {
		ASSERT_EQ(0, trace_requests_start(&ti, REQUESTS_INSTANCE));
		err = write_file(MEMFRAG_PATH(MEMFRAG_FILE_RESET), "1");
		if (!err)
			err = mft_run_workload("-s 30 fragment direct", NULL);
		quiet = err ? -1 :
			trace_requests_quiet_read(&ti, read_stacks, NULL, &r);
		trace_instance_stop(&ti);
		ASSERT_EQ(0, err);
		ASSERT_EQ(0, quiet) TH_LOG("the trace lost events, or had no quiet moment");
		ksft_print_msg("direct compaction requests: kernel %lld, %lld of them began a run\n",
			       r.requests, r.started);
	}
	if (!r.started)
		SKIP(return, "three workload runs began no direct compaction run (%lld requests in the last)",
		     r.requests);
	total = 0;
	stacks = from_allocator = 0;
	for (p = strstr(buf, "\ncount "); p; p = strstr(p + 1, "\ncount ")) {
		char *next = strstr(p + 1, "\ncount ");
		int len = next ? (int)(next - p - 1) : (int)strlen(p + 1);

		total += strtoll(p + 7, NULL, 10);
		stacks++;
		if (from_allocator_frame(p, p + 1 + len))
			from_allocator++;
		else
			ksft_print_msg("a stack not entered from the page allocator:\n%.*s\n",
				       len, p + 1);
	}
	ksft_print_msg("memfrag stacks %lld in %d stacks (%d through the page allocator)\n",
		       total, stacks, from_allocator);
	EXPECT_EQ(r.started, total);
	EXPECT_EQ(stacks, from_allocator);
}

/*
 * Direct compaction runs carry the kernel stack that led to them.  Under
 * TCG a workload run now and then compacts nothing directly (a 6.12-rt
 * guest's did not): up to three runs, then SKIP with the reason.
 */
TEST_F_TIMEOUT(events, direct_runs_carry_their_stack, 900)
{
	static char buf[1 << 20];
	int fd, direct = 0, with_stack = 0, from_allocator = 0, attempt;
	char *line, *save, pidstr[16], trigger[32];
	bool in_direct, seen_frame, seen_alloc, after_compact, shown;
	ssize_t n, used;
	pid_t pid;

	if (!mft_workload_path())
		SKIP(return, "memfrag_workload not found (set MEMFRAG_WORKLOAD)");
	for (attempt = 0; attempt < 3 && !direct; attempt++) {
		in_direct = seen_frame = seen_alloc = after_compact = false;
		shown = false;
		used = 0;
		with_stack = from_allocator = 0;
		ASSERT_LE(0, drain(NULL, NULL));
		ASSERT_EQ(0, mft_run_workload("-s 30 fragment direct", &pid));
		fd = open(EVENTS, O_RDONLY | O_NONBLOCK);
		ASSERT_LE(0, fd);
		while ((n = read(fd, buf + used, sizeof(buf) - 1 - used)) > 0)
			used += n;
		close(fd);
		buf[used] = '\0';
		snprintf(pidstr, sizeof(pidstr), " %d ", pid);
		snprintf(trigger, sizeof(trigger), " %s ", MEMFRAG_TRIGGER(DIRECT));
		for (line = strtok_r(buf, "\n", &save); ; line = strtok_r(NULL, "\n", &save)) {
			if (!line || line[0] != ' ') {
				if (in_direct) {
					with_stack += seen_frame;
					from_allocator += seen_alloc;
				}
				if (!line)
					break;
				in_direct = strstr(line, pidstr) && strstr(line, trigger);
				direct += in_direct;
				seen_frame = seen_alloc = after_compact = false;
				continue;
			}
			seen_frame = true;
			if (after_compact && allocator_frame(line)) {
				seen_alloc = true;
			} else if (after_compact && in_direct && !shown) {
				ksft_print_msg("a direct run entered from %s, not the page allocator\n",
					       line + strspn(line, " "));
				shown = true;
			}
			after_compact = !strncmp(line + strspn(line, " "),
						 COMPACT_FRAME,
						 strlen(COMPACT_FRAME));
		}
		ksft_print_msg("%d direct runs of pid %d, %d with a stack, %d through the page allocator\n",
			       direct, pid, with_stack, from_allocator);
	}
	if (!direct)
		SKIP(return, "the workload made no direct compaction run in %d runs",
		     attempt);
	EXPECT_EQ(direct, with_stack);
	EXPECT_EQ(direct, from_allocator);
}

/*
 * Readers of any buffer size.  A read smaller than
 * the next record gets its start and the next read the rest, as
 * trace_pipe does: bash's read builtin reads one byte at a time.
 */

/* The fields of a run's line (Documentation/memfrag.rst, "events"). */
#define EVENT_FIELDS		16
/* A direct compaction run's stack: at most this many frame lines. */
#define EVENT_MAX_FRAMES	12
/* Room for a frame line (the kernel's KSYM_SYMBOL_LEN is 512). */
#define KSYM_LINE		1024

/* What a reader got: the bytes of all its reads, in order. */
struct stream {
	char *text;
	size_t len, cap;
	long reads;		/* reads that returned bytes */
	long bad;		/* reads that returned 0 or failed, not EAGAIN */
	int bad_errno;
};

static void stream_free(struct stream *s)
{
	free(s->text);
	memset(s, 0, sizeof(*s));
}

/*
 * One read of at most size bytes from fd (O_NONBLOCK), appended to s.
 * 1 if it returned bytes, 0 on EAGAIN, -1 on anything else (counted).
 */
static int stream_read_once(int fd, size_t size, struct stream *s)
{
	static char buf[65536];
	ssize_t n;

	do {
		n = read(fd, buf, size < sizeof(buf) ? size : sizeof(buf));
	} while (n < 0 && errno == EINTR);
	if (n < 0 && errno == EAGAIN)
		return 0;
	if (n <= 0) {
		s->bad++;
		s->bad_errno = n < 0 ? errno : 0;
		return -1;
	}
	if (s->len + n + 1 > s->cap) {
		size_t cap = 2 * (s->len + n + 1);
		char *text = realloc(s->text, cap);

		if (!text) {
			s->bad++;
			s->bad_errno = ENOMEM;
			return -1;
		}
		s->text = text;
		s->cap = cap;
	}
	memcpy(s->text + s->len, buf, n);
	s->len += n;
	s->text[s->len] = '\0';
	s->reads++;
	return 1;
}

/* Reads size bytes at a time until EAGAIN; 0, or -1 on a bad read. */
static int stream_read(int fd, size_t size, struct stream *s)
{
	int ret;

	while ((ret = stream_read_once(fd, size, s)) > 0)
		;
	return ret;
}

static int count_fields(const char *line, size_t len)
{
	int n = 0;
	size_t i;

	for (i = 0; i < len; i++)
		n += line[i] != ' ' && (!i || line[i - 1] == ' ');
	return n;
}

/*
 * One record of the stream: a run's line and the frame lines after it,
 * bytes [start, end) of the text.
 */
struct record {
	size_t start, end, line_len;
	int fields, frames;
};

/* The lines of a stream, by kind. */
struct stream_lines {
	long runs, frames, notes;
	long bad_fields;	/* run lines without EVENT_FIELDS fields */
	long bad_frames;	/* records with more than EVENT_MAX_FRAMES */
	long bad_frame_lines;	/* frame lines that name no frame */
	bool whole;		/* only whole lines, no NUL byte */
};

/* "0x" and hex digits at *p; moves *p past them. */
static bool skip_hex(const char **p)
{
	const char *s = *p;

	if (strncmp(s, "0x", 2) || !isxdigit((unsigned char)s[2]))
		return false;
	for (s += 2; isxdigit((unsigned char)*s); s++)
		;
	*p = s;
	return true;
}

/*
 * A frame line, as /proc/PID/stack names a return address: two spaces,
 * then "function+0xoff/0xsize", " [module]" after it for a module's, or
 * "?" for one that no longer resolves.
 */
static bool frame_line_ok(const char *line, size_t len)
{
	char text[KSYM_LINE];
	const char *p, *end;

	if (len < 3 || len >= sizeof(text) || strncmp(line, "  ", 2))
		return false;
	memcpy(text, line + 2, len - 2);
	text[len - 2] = '\0';
	if (!strcmp(text, "?"))
		return true;
	p = strchr(text, '+');
	if (!p || p == text || memchr(text, ' ', p - text))
		return false;
	p++;
	if (!skip_hex(&p) || *p++ != '/' || !skip_hex(&p))
		return false;
	if (!*p)
		return true;
	end = text + strlen(text);
	return !strncmp(p, " [", 2) && end - p > 3 && end[-1] == ']' &&
	       !memchr(p + 2, ' ', end - p - 3);
}

/*
 * Calls fn (if not NULL) on every record of s whose frames all arrived;
 * counts the lines into c.
 */
static void stream_records(const struct stream *s, struct stream_lines *c,
			   void (*fn)(const struct stream *s,
				      const struct record *r, void *ctx),
			   void *ctx)
{
	struct record r = { 0 };
	bool in_record = false;
	size_t off, len;

	memset(c, 0, sizeof(*c));
	c->whole = (!s->len || s->text[s->len - 1] == '\n') &&
		   strlen(s->text ? s->text : "") == s->len;
	for (off = 0; off < s->len; off += len + 1) {
		const char *line = s->text + off;

		len = strcspn(line, "\n");
		if (!strncmp(line, "  ", 2) && len > 2) {
			if (!frame_line_ok(line, len) &&
			    c->bad_frame_lines++ < 5)
				ksft_print_msg("not a frame: '%.*s'\n",
					       (int)len, line);
			c->frames++;
			r.frames++;
			r.end = off + len + 1;
			continue;
		}
		if (in_record) {
			c->bad_frames += r.frames > EVENT_MAX_FRAMES;
			if (fn)
				fn(s, &r, ctx);
			in_record = false;
		}
		if (line[0] == '#') {
			c->notes++;
			continue;
		}
		c->runs++;
		r.start = off;
		r.end = off + len + 1;
		r.line_len = len;
		r.frames = 0;
		r.fields = count_fields(line, len);
		if (r.fields != EVENT_FIELDS && c->bad_fields++ < 5)
			ksft_print_msg("%d fields, not %d: '%.*s'\n", r.fields,
				       EVENT_FIELDS, (int)len, line);
		in_record = true;
	}
	/* The last record may have more frames still to come: not passed. */
	if (in_record)
		c->bad_frames += r.frames > EVENT_MAX_FRAMES;
}

/*
 * Drains the stream at a moment when no run ended: the kernel's count of
 * runs so far (the hist trigger on END_TP), or -1.
 */
static long long drained_at_quiet_point(void)
{
	int tries;

	for (tries = 0; tries < 100; tries++) {
		long long h1 = hist_total(END_TP), h2;

		if (drain(NULL, NULL) < 0)
			return -1;
		h2 = hist_total(END_TP);
		if (h1 >= 0 && h1 == h2 && drain(NULL, NULL) == 0)
			return h2;
		usleep(50000);
	}
	return -1;
}

/*
 * Manual compaction, then the stream read size bytes at a time until
 * EAGAIN: every read returns bytes or EAGAIN, the bytes are whole lines,
 * there is one run line, of EVENT_FIELDS fields, per run the kernel
 * counted, and every record was delivered.
 */
static void short_reads(struct __test_metadata *_metadata, size_t size)
{
	struct stream s = { 0 };
	struct stream_lines c;
	long long h0, h1 = -1, before;
	int fd, i, tries;

	h0 = drained_at_quiet_point();
	ASSERT_LE(0, h0);
	for (i = 0; i < 3; i++)
		ASSERT_EQ(0, compact_all_memory());
	fd = open(EVENTS, O_RDONLY | O_NONBLOCK);
	ASSERT_LE(0, fd);
	/* Until no run ended while the stream was read to EAGAIN. */
	for (tries = 0; tries < 100; tries++) {
		before = hist_total(END_TP);
		if (stream_read(fd, size, &s))
			break;
		h1 = hist_total(END_TP);
		if (before >= 0 && before == h1)
			break;
		h1 = -1;
		usleep(50000);
	}
	close(fd);
	stream_records(&s, &c, NULL, NULL);
	ksft_print_msg("%zu-byte reads: %ld reads returned %zu bytes; %ld run lines, %ld frame lines, %ld notes; the kernel counted %lld runs\n",
		       size, s.reads, s.len, c.runs, c.frames, c.notes,
		       h1 < 0 ? -1 : h1 - h0);
	ASSERT_EQ(0, s.bad)
		TH_LOG("a %zu-byte read failed: %s", size,
		       s.bad_errno ? strerror(s.bad_errno) : "end of file");
	ASSERT_LE(0, h1) TH_LOG("runs never stopped ending while reading");
	EXPECT_TRUE(c.whole) TH_LOG("the bytes end inside a line");
	EXPECT_LT(0, c.runs);
	EXPECT_EQ(h1 - h0, c.runs);
	EXPECT_EQ(0, c.notes) TH_LOG("records were dropped");
	EXPECT_EQ(0, c.bad_fields);
	EXPECT_EQ(0, c.bad_frames);
	EXPECT_EQ(0, c.bad_frame_lines);
	/* Every record is longer than the buffer: none came in one read. */
	EXPECT_LT(c.runs, s.reads);
	stream_free(&s);
}

TEST_F_TIMEOUT(events, one_byte_reads_get_every_record, 300)
{
	short_reads(_metadata, 1);
}

TEST_F_TIMEOUT(events, sixty_four_byte_reads_get_every_record, 300)
{
	short_reads(_metadata, 64);
}

/* A reader's buffer that holds any record whole. */
#define BIG_READ	65536
/* Records of each kind a test keeps. */
#define MAX_KEPT	256

/*
 * The direct runs of one task in a stream, split by how they were read:
 * [0] wholly through the small buffer (the first split bytes), [1] wholly
 * through the big one.  The one read partly through each is left out.
 */
struct direct_records {
	char pid[16];
	size_t split;
	int n[2];
	int longer_than_small;	/* [0] ones longer than the small buffer */
	int bad;		/* without a stack, or not EVENT_FIELDS */
	char *stack[2][MAX_KEPT];
};

static bool is_direct_of(const struct stream *s, const struct record *r,
			 const char *pid)
{
	char line[256], *f[EVENT_FIELDS], *save;
	int n = 0;

	snprintf(line, sizeof(line), "%.*s", (int)r->line_len,
		 s->text + r->start);
	for (f[n] = strtok_r(line, " ", &save); f[n] && n + 1 < EVENT_FIELDS;
	     f[++n] = strtok_r(NULL, " ", &save))
		;
	return n > 6 && !strcmp(f[1], pid) &&
	       !strcmp(f[6], MEMFRAG_TRIGGER(DIRECT));
}

static void collect_direct(const struct stream *s, const struct record *r,
			   void *arg)
{
	struct direct_records *d = arg;
	size_t frames_at = r->start + r->line_len + 1;
	int which;

	if (!is_direct_of(s, r, d->pid))
		return;
	if (r->end <= d->split)
		which = 0;
	else if (r->start >= d->split)
		which = 1;
	else
		return;
	d->bad += r->fields != EVENT_FIELDS || !r->frames;
	if (!which)
		d->longer_than_small += r->end - r->start > 64;
	if (d->n[which] < MAX_KEPT)
		d->stack[which][d->n[which]++] =
			strndup(s->text + frames_at, r->end - frames_at);
}

/*
 * Direct runs of pid among the records from offset *pos on that are
 * complete: a line that is not a frame has begun after them.  *pos moves
 * past them, so that each call looks at what is new.
 */
static int direct_runs_done(const struct stream *s, size_t *pos,
			    const char *pid)
{
	struct record r = { 0 };
	size_t end, len;
	int n = 0;

	for (;;) {
		if (*pos >= s->len)
			return n;
		len = strcspn(s->text + *pos, "\n");
		end = *pos + len + 1;
		if (end > s->len)
			return n;
		r.start = *pos;
		r.line_len = len;
		while (end < s->len && s->text[end] == ' ') {
			len = strcspn(s->text + end, "\n");
			if (end + len >= s->len)
				return n;
			end += len + 1;
		}
		if (end >= s->len)
			return n;
		n += s->text[*pos] != '#' && is_direct_of(s, &r, pid);
		*pos = end;
	}
}

/*
 * The part of a direct run's stack that every direct run of this kernel
 * shares: the frames up to and including the allocator's entry into
 * compaction (try_to_compact_pages), which has one call site of each
 * function below it.  Its length in bytes; the first frame if none is.
 */
static size_t compaction_frames(const char *stack)
{
	const char *p = strstr(stack, "  try_to_compact_pages+");

	if (!p)
		p = stack;
	return p + strcspn(p, "\n") + (p[strcspn(p, "\n")] == '\n') - stack;
}

/*
 * A direct run's record, with its stack (often over 1 KB), read through a
 * 64-byte buffer is the text a big buffer gets.  The workload's stream is
 * read 64 bytes at a time until one direct run of the workload is
 * complete, then with a big buffer (a second workload run's too if no
 * direct run was left).  Every line of both parts must parse: a run line
 * of EVENT_FIELDS fields, then frame lines that each name a frame; and
 * each stack read in 64-byte pieces must begin with the compaction frames
 * a stack read whole begins with, byte for byte.
 */
TEST_F_TIMEOUT(events, direct_record_through_64_byte_reads, 900)
{
	struct direct_records d = { 0 };
	struct stream s = { 0 }, s2 = { 0 };
	struct stream_lines c, c2 = { .whole = true };
	int fd, i, j, ret, same = 0, whole_same = 0, tries;
	size_t pos = 0, k;
	pid_t pid;

	if (!mft_workload_path())
		SKIP(return, "memfrag_workload not found (set MEMFRAG_WORKLOAD)");
	ASSERT_LE(0, drain(NULL, NULL));
	ASSERT_EQ(0, mft_run_workload("-s 30 fragment direct", &pid));
	snprintf(d.pid, sizeof(d.pid), "%d", pid);
	fd = open(EVENTS, O_RDONLY | O_NONBLOCK);
	ASSERT_LE(0, fd);
	while ((ret = stream_read_once(fd, 64, &s)) > 0)
		if (direct_runs_done(&s, &pos, d.pid))
			break;
	d.split = s.len;
	if (ret > 0)
		stream_read(fd, BIG_READ, &s);
	close(fd);
	ASSERT_EQ(0, s.bad)
		TH_LOG("a read failed: %s",
		       s.bad_errno ? strerror(s.bad_errno) : "end of file");
	stream_records(&s, &c, collect_direct, &d);
	ksft_print_msg("%zu bytes, %zu of them in 64-byte reads; direct runs of pid %d: %d in 64-byte reads (%d longer than 64 bytes), %d with a big buffer\n",
		       s.len, d.split, pid, d.n[0], d.longer_than_small,
		       d.n[1]);
	if (!d.n[0])
		SKIP(goto out, "the workload made no direct compaction run");
	/*
	 * Stacks read whole to compare with: a later run's.  Whether a run
	 * of the workload compacts directly depends on what memory it finds
	 * (an rt kernel, without THP, once made none in its second run), so
	 * up to three runs.
	 */
	for (tries = 0; !d.n[1] && tries < 3; tries++) {
		stream_free(&s2);
		ASSERT_EQ(0, mft_run_workload("-s 30 fragment direct",
						  &pid));
		snprintf(d.pid, sizeof(d.pid), "%d", pid);
		d.split = 0;
		fd = open(EVENTS, O_RDONLY | O_NONBLOCK);
		ASSERT_LE(0, fd);
		stream_read(fd, BIG_READ, &s2);
		close(fd);
		ASSERT_EQ(0, s2.bad);
		stream_records(&s2, &c2, collect_direct, &d);
		ksft_print_msg("run %d, pid %d: %zu bytes with a big buffer, %d direct runs\n",
			       tries + 2, pid, s2.len, d.n[1]);
	}
	if (!d.n[1])
		SKIP(goto out, "three more runs of the workload made no direct compaction run to read whole");
	for (i = 0; i < d.n[0]; i++) {
		k = compaction_frames(d.stack[0][i]);
		for (j = 0; j < d.n[1]; j++)
			if (!strncmp(d.stack[0][i], d.stack[1][j], k) &&
			    compaction_frames(d.stack[1][j]) == k)
				break;
		same += j < d.n[1];
		for (j = 0; j < d.n[1]; j++)
			if (!strcmp(d.stack[0][i], d.stack[1][j]))
				break;
		whole_same += j < d.n[1];
		if (j == d.n[1] || i == 0)
			ksft_print_msg("a stack read in 64-byte pieces:\n%s",
				       d.stack[0][i]);
	}
	ksft_print_msg("of %d stacks read in 64-byte pieces, %d begin with compaction frames a whole one has, %d are all of one\n",
		       d.n[0], same, whole_same);
	EXPECT_TRUE(c.whole && c2.whole);
	EXPECT_EQ(0, c.bad_fields + c2.bad_fields);
	EXPECT_EQ(0, c.bad_frames + c2.bad_frames);
	EXPECT_EQ(0, c.bad_frame_lines + c2.bad_frame_lines);
	EXPECT_EQ(0, d.bad);
	EXPECT_EQ(d.n[0], d.longer_than_small);
	ASSERT_LT(0, d.n[1]) TH_LOG("no direct run read whole to compare with");
	EXPECT_EQ(d.n[0], same);
out:
	for (i = 0; i < 2; i++)
		for (j = 0; j < d.n[i]; j++)
			free(d.stack[i][j]);
	stream_free(&s);
	stream_free(&s2);
}

/*
 * Task names are the task's to choose (prctl(PR_SET_NAME)): a space, a
 * newline or a tab in one must not add a column or a row to the tasks
 * file.  The kernel keeps 15 bytes of a name.
 */
#define ODD_COMM	"mf odd\nna\tme"
#define ODD_COMM_SHOWN	"mf_odd_na_me"

/* Every row of [section] of tasks has the column line's fields. */
static int tasks_bad_rows(const char *section, long long pid,
			  const char **comm, int *rows)
{
	static char shown[32];
	struct mft_table t;
	int r, pid_col, comm_col, bad = 0;

	if (mft_table_read(MEMFRAG_FILE_TASKS, section, &t))
		return -1;
	pid_col = mft_table_col(&t, MEMFRAG_COL_NAME(pid));
	comm_col = mft_table_col(&t, MEMFRAG_COL_NAME(comm));
	for (r = 0; r < t.nrows; r++) {
		const char *p = mft_table_field(&t, r, pid_col);
		const char *name = mft_table_field(&t, r, comm_col);

		if (t.row[r].n != t.ncols) {
			if (bad++ < 5)
				ksft_print_msg("[%s] row %d has %d fields, not %d\n",
					       section, r, t.row[r].n, t.ncols);
			continue;
		}
		if (p && name && strtoll(p, NULL, 10) == pid) {
			snprintf(shown, sizeof(shown), "%s", name);
			*comm = shown;
		}
	}
	*rows = t.nrows;
	mft_table_free(&t);
	return bad;
}

TEST_F_TIMEOUT(events, tasks_sanitize_comm, 900)
{
	static const char *const args[] = {
		"-s", "30", "--comm", ODD_COMM,
		"fragment", "direct", NULL	/* phases: not a section name */
	};
	const char *comm = NULL, *ext_comm = NULL;
	struct pid_count pc = { 0 };
	int rows, ext_rows;
	pid_t pid;

	if (!mft_workload_path())
		SKIP(return, "memfrag_workload not found (set MEMFRAG_WORKLOAD)");
	ASSERT_EQ(0, start_interval(END_TP, "common_pid"));
	ASSERT_EQ(0, mft_run_workload_argv(args, &pid));
	pc.pid = pid;
	ASSERT_LE(0, hist_for_each(END_TP, "common_pid", hist_count_of_pid,
				   &pc));
	if (!pc.count)
		SKIP(return, "the workload made no direct compaction run: no [direct] row to look at");
	EXPECT_EQ(0, tasks_bad_rows(MEMFRAG_SEC_NAME(direct), pid, &comm,
				    &rows));
	EXPECT_EQ(0, tasks_bad_rows(MEMFRAG_SEC_NAME(extfrag), pid, &ext_comm,
				    &ext_rows));
	ksft_print_msg("pid %d: %lld direct runs; tasks shows its comm as '%s' in %d [direct] rows, '%s' in %d [extfrag] rows\n",
		       pid, pc.count, comm ? comm : "(no row)", rows,
		       ext_comm ? ext_comm : "(no row)", ext_rows);
	ASSERT_NE(NULL, comm) TH_LOG("no [direct] row of pid %d", pid);
	EXPECT_STREQ(ODD_COMM_SHOWN, comm);
	if (ext_comm)
		EXPECT_STREQ(ODD_COMM_SHOWN, ext_comm);
}

/*
 * Interrupt context has no task: a fallback there is the row of pid -1,
 * comm "<irq>" (MEMFRAG_TASKS_IRQ_PID and _COMM in include/memfrag/),
 * never the interrupted task's.  No other row has
 * pid -1.
 */
#define IRQ_PID		MEMFRAG_TASKS_IRQ_PID
#define IRQ_COMM	MEMFRAG_TASKS_IRQ_COMM

TEST_F_TIMEOUT(events, extfrag_irq_row_is_pid_minus_one_only, 900)
{
	const char *tp = MEMFRAG_TP(PAGE_ALLOC_EXTFRAG);
	static const char *const workloads[] = { "-s 30 extfrag", "steal" };
	struct mft_table t;
	int r, pid_col, comm_col, irq = 0;
	long long fallbacks = 0;
	unsigned int w;

	if (!mft_workload_path())
		SKIP(return, "memfrag_workload not found (set MEMFRAG_WORKLOAD)");
	if (!kernel_has_tracepoint(tp))
		SKIP(return, "kernel lacks %s", tp);
	/*
	 * Rows to look at: whether the extfrag phase falls back at all
	 * depends on what the free lists held before it (on a KASAN kernel
	 * it sometimes did not), so the steal phase, built to fall back,
	 * follows when the kernel's own count (a hist trigger) is still 0.
	 */
	ASSERT_EQ(0, start_interval(tp, "common_pid"));
	for (w = 0; w < ARRAY_SIZE(workloads) && !fallbacks; w++) {
		ASSERT_EQ(0, mft_run_workload(workloads[w], NULL));
		fallbacks = hist_total(tp);
	}
	hist_trigger_remove(tp, "common_pid");
	if (!fallbacks)
		SKIP(return, "the workload's extfrag and steal phases caused no fallback (hist on %s)",
		     tp);
	ASSERT_EQ(0, mft_table_read(MEMFRAG_FILE_TASKS,
					MEMFRAG_SEC_NAME(extfrag), &t));
	pid_col = mft_table_col(&t, MEMFRAG_COL_NAME(pid));
	comm_col = mft_table_col(&t, MEMFRAG_COL_NAME(comm));
	ASSERT_LE(0, pid_col);
	ASSERT_LE(0, comm_col);
	for (r = 0; r < t.nrows; r++) {
		const char *p = mft_table_field(&t, r, pid_col);
		const char *comm = mft_table_field(&t, r, comm_col);
		bool irq_pid, irq_comm;

		if (!p || !comm)
			continue;
		irq_pid = strtoll(p, NULL, 10) == IRQ_PID;
		irq_comm = !strcmp(comm, IRQ_COMM);
		irq += irq_comm;
		EXPECT_EQ(irq_pid, irq_comm)
			TH_LOG("[extfrag] row: pid %s comm %s", p, comm);
	}
	ksft_print_msg("[extfrag]: %d rows, %d of them interrupt context; %lld fallbacks (hist)\n",
		       t.nrows, irq, fallbacks);
	EXPECT_LT(0, t.nrows);
	EXPECT_GE(1, irq);
	mft_table_free(&t);
}

/*
 * More tasks than CPUs compact at once while a reader keeps up: each
 * task's records equal its runs by the hist trigger, and none repeats.
 * Where probes run preemptible (7.x), a probe moved off its CPU inside
 * the ring would repeat or lose records.
 */
#define CONCURRENT_ROUNDS	8
#define CONCURRENT_MAX_TASKS	32
#define CONCURRENT_MAX_RECORDS	16384

struct concurrent {
	int ntasks;
	pid_t pid[CONCURRENT_MAX_TASKS];
	long nrec;
	struct event rec[CONCURRENT_MAX_RECORDS];
	struct kv_map mine, kernel;
};

static int concurrent_task(const struct concurrent *c, pid_t pid)
{
	int i;

	for (i = 0; i < c->ntasks; i++)
		if (c->pid[i] == pid)
			return i;
	return -1;
}

static void concurrent_keep(const char *line, void *arg)
{
	struct concurrent *c = arg;
	struct event ev;
	char key[32];

	if (parse_event(line, &ev) || concurrent_task(c, ev.pid) < 0)
		return;
	snprintf(key, sizeof(key), "%d", ev.pid);
	kv_add(&c->mine, key, 1);
	if (c->nrec < CONCURRENT_MAX_RECORDS)
		c->rec[c->nrec++] = ev;
}

static void concurrent_hist(const struct hist_entry *e, void *arg)
{
	struct concurrent *c = arg;
	char key[32];

	if (concurrent_task(c, hist_field(e, "common_pid")) < 0)
		return;
	snprintf(key, sizeof(key), "%lld", hist_field(e, "common_pid"));
	kv_add(&c->kernel, key, e->hitcount);
}

static int event_cmp(const void *a, const void *b)
{
	const struct event *x = a, *y = b;

	if (x->ts_ns != y->ts_ns)
		return x->ts_ns < y->ts_ns ? -1 : 1;
	if (x->pid != y->pid)
		return x->pid - y->pid;
	if (x->node != y->node)
		return x->node - y->node;
	return strcmp(x->zone, y->zone);
}

static int concurrent_compactor(int start_fd)
{
	char go;
	int i;

	if (read(start_fd, &go, 1) != 1)
		return 1;
	for (i = 0; i < CONCURRENT_ROUNDS; i++)
		if (compact_all_memory())
			return 1;
	return 0;
}

TEST_F_TIMEOUT(events, concurrent_runs_recorded_once_each, 900)
{
	static struct concurrent c;
	long long drops0, drops1, h1 = -1, h2;
	int ncpus = sysconf(_SC_NPROCESSORS_ONLN), i, st, repeated = 0;
	int start[2];

	if (ncpus < 2)
		SKIP(return, "one CPU online: nothing runs concurrently");
	memset(&c, 0, sizeof(c));
	c.ntasks = ncpus * 2 < CONCURRENT_MAX_TASKS ? ncpus * 2 : CONCURRENT_MAX_TASKS;
	drain(NULL, NULL);
	drops0 = events_dropped();
	ASSERT_LE(0, drops0);
	ASSERT_EQ(0, pipe(start));
	for (i = 0; i < c.ntasks; i++) {
		c.pid[i] = fork();
		ASSERT_LE(0, c.pid[i]);
		if (!c.pid[i]) {
			close(start[1]);
			_exit(concurrent_compactor(start[0]));
		}
	}
	close(start[0]);
	/* All at once: one byte each. */
	for (i = 0; i < c.ntasks; i++)
		ASSERT_EQ(1, write(start[1], "g", 1));
	close(start[1]);
	for (i = 0; i < c.ntasks; ) {
		ASSERT_LE(0, drain(concurrent_keep, &c));
		while (i < c.ntasks && waitpid(c.pid[i], &st, WNOHANG) == c.pid[i]) {
			EXPECT_TRUE(WIFEXITED(st) && !WEXITSTATUS(st));
			i++;
		}
		usleep(20000);
	}
	/* The last runs' records: until no run ends while draining. */
	for (i = 0; i < 100 && h1 != (h2 = hist_total(END_TP)); i++) {
		h1 = h2;
		ASSERT_LE(0, drain(concurrent_keep, &c));
		usleep(50000);
	}
	drops1 = events_dropped();
	ASSERT_LE(0, hist_for_each(END_TP, "common_pid", concurrent_hist, &c));
	ASSERT_GT(CONCURRENT_MAX_RECORDS, c.nrec);
	qsort(c.rec, c.nrec, sizeof(c.rec[0]), event_cmp);
	for (i = 1; i < c.nrec; i++)
		repeated += !event_cmp(&c.rec[i - 1], &c.rec[i]);
	ksft_print_msg("%d tasks on %d CPUs: %lld runs (kernel), %ld records, %d repeated, dropped +%lld\n",
		       c.ntasks, ncpus, kv_total(&c.kernel), c.nrec, repeated,
		       drops1 - drops0);
	EXPECT_LT(0, kv_total(&c.kernel));
	EXPECT_EQ(0, kv_diff("records by pid", &c.mine, &c.kernel));
	EXPECT_EQ(0, repeated);
	EXPECT_EQ(drops0, drops1);
}

TEST_HARNESS_MAIN

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
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "memfrag_lib.h"

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
	if (memfrag_section_map(MEMFRAG_FILE_COMPACTION, "runs", NULL, "runs",
				&m))
		return -1;
	return kv_total(&m);
}

static long long events_dropped(void)
{
	static char buf[16384];
	long long dropped;

	if (read_file(MEMFRAG_STATUS, buf, sizeof(buf)) < 0 ||
	    memfrag_pair(buf, "events", "dropped", &dropped))
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

FIXTURE(events) {
	char proactiveness[16];
};

FIXTURE_SETUP(events)
{
	if (memfrag_skip_unless_ready(_metadata))
		return;
	if (!kernel_has_hist(END_TP))
		SKIP(return, "kernel lacks compaction tracepoints or CONFIG_HIST_TRIGGERS");
	ASSERT_EQ(0, memfrag_ensure_loaded());
	ASSERT_LT(0, read_file("/proc/sys/vm/compaction_proactiveness",
			       self->proactiveness, sizeof(self->proactiveness)));
	ASSERT_EQ(0, write_file("/proc/sys/vm/compaction_proactiveness", "0"));
	hist_trigger_remove(END_TP, "common_pid");
	ASSERT_EQ(0, hist_trigger_add(END_TP, "common_pid"));
}

FIXTURE_TEARDOWN(events)
{
	hist_trigger_remove(END_TP, "common_pid");
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

/* A task of known pid and comm compacts by hand: its runs carry both. */
TEST_F_TIMEOUT(events, known_task_appears_with_pid_comm_latency, 300)
{
	struct find_ctx ctx = { 0 };
	double latency;
	pid_t pid;
	int status;

	ASSERT_LE(0, drain(NULL, NULL));
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		prctl(PR_SET_NAME, "mf_evt_child");
		_exit(compact_all_memory() ? 1 : 0);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_EQ(0, WEXITSTATUS(status));
	ctx.pid = pid;
	ASSERT_LT(0, drain(find_pid, &ctx));
	ksft_print_msg("%d runs of pid %d, last: comm %s node %d zone %s order %d trigger %s latency_ns %s result %s\n",
		       ctx.found, pid, ctx.ev.comm, ctx.ev.node, ctx.ev.zone,
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
 * exactly the runs that were not delivered.
 */
TEST_F_TIMEOUT(events, drops_count_every_undelivered_run, 900)
{
	long long runs0, drops0, runs1, drops1, read0 = 0, read1 = 0;
	int i;

	ASSERT_EQ(0, quiet_point(&runs0, &drops0, &read0));
	for (i = 0; i < 400; i++)
		ASSERT_EQ(0, compact_all_memory());
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
static const char *const by_pid[] = { "pid", NULL };

/* Column col of the row for pid in section [section] of tasks; -1 if none. */
static long long task_row(const char *section, long long pid,
			  const char *col)
{
	static struct kv_map m;
	char key[32];

	kv_clear(&m);
	if (memfrag_section_map(MEMFRAG_FILE_TASKS, section, by_pid, col, &m))
		return -1;
	snprintf(key, sizeof(key), "%lld", pid);
	return kv_find_val(&m, key);
}

/* A task that only direct-compacts: its row counts exactly its runs. */
TEST_F_TIMEOUT(events, top_direct_task_counts_its_runs, 900)
{
	struct pid_count pc = { 0 };
	pid_t pid;

	if (!memfrag_workload_path())
		SKIP(return, "memfrag_workload not found (set MEMFRAG_WORKLOAD)");
	ASSERT_EQ(0, start_interval(END_TP, "common_pid"));
	ASSERT_EQ(0, memfrag_run_workload("-s 30 fragment direct", &pid));
	pc.pid = pid;
	ASSERT_LE(0, hist_for_each(END_TP, "common_pid", hist_count_of_pid, &pc));
	ksft_print_msg("workload pid %d: %lld runs (kernel), %lld (memfrag), total %lld us, max %lld us\n",
		       pid, pc.count, task_row("direct", pid, "runs"),
		       task_row("direct", pid, "total_us"),
		       task_row("direct", pid, "max_us"));
	EXPECT_LT(0, pc.count);
	EXPECT_EQ(pc.count, task_row("direct", pid, "runs"));
	EXPECT_LE(task_row("direct", pid, "max_us"),
		  task_row("direct", pid, "total_us"));
	/* No error: no eviction. */
	EXPECT_EQ(0, task_row("direct", pid, "error_us"));
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

	if (!memfrag_workload_path())
		SKIP(return, "memfrag_workload not found (set MEMFRAG_WORKLOAD)");
	if (!kernel_has_tracepoint(tp))
		SKIP(return, "kernel lacks %s", tp);
	ASSERT_EQ(0, start_interval(tp, "common_pid"));
	ASSERT_EQ(0, memfrag_run_workload("-s 30 extfrag", NULL));
	ASSERT_LE(0, quiet_section_map(tp, MEMFRAG_FILE_TASKS, "extfrag",
				       by_pid, "fallbacks", &mine));
	kv_clear(&kernel);
	ASSERT_LE(0, hist_for_each(tp, "common_pid", hist_by_pid, &ap));
	hist_trigger_remove(tp, "common_pid");
	ksft_print_msg("fallbacks: kernel %lld in %d tasks, memfrag %lld in %d tasks\n",
		       kv_total(&kernel), kernel.n, kv_total(&mine), mine.n);
	EXPECT_LT(0, kv_total(&kernel));
	EXPECT_EQ(0, kv_diff("extfrag by task", &mine, &kernel));
}

static char stacks_buf[1 << 16];

static int read_stacks(void *ctx)
{
	long n = read_file(MEMFRAG_PATH(MEMFRAG_FILE_STACKS), stacks_buf,
			   sizeof(stacks_buf));

	return n > 0 ? 0 : -1;
}

/* The stacks table holds every direct compaction request, each stack from the allocator. */
TEST_F_TIMEOUT(events, top_stacks_hold_every_direct_request, 900)
{
	const char *tp = MEMFRAG_TP(TRY_TO_COMPACT_PAGES);
	char *buf = stacks_buf, *p;
	long long total = 0, h1;
	int stacks = 0, from_allocator = 0;

	if (!memfrag_workload_path())
		SKIP(return, "memfrag_workload not found (set MEMFRAG_WORKLOAD)");
	ASSERT_EQ(0, start_interval(tp, "order"));
	ASSERT_EQ(0, memfrag_run_workload("-s 30 fragment direct", NULL));
	h1 = hist_quiet_read(tp, read_stacks, NULL);
	ASSERT_LE(0, h1);
	hist_trigger_remove(tp, "order");
	for (p = strstr(buf, "\ncount "); p; p = strstr(p + 1, "\ncount ")) {
		char *next = strstr(p + 1, "\ncount ");
		char *alloc = strstr(p, "alloc_pages");

		total += strtoll(p + 7, NULL, 10);
		stacks++;
		from_allocator += alloc && (!next || alloc < next);
	}
	ksft_print_msg("direct compaction requests: kernel %lld, memfrag stacks %lld in %d stacks (%d through the page allocator)\n",
		       h1, total, stacks, from_allocator);
	EXPECT_LT(0, h1);
	EXPECT_EQ(h1, total);
	EXPECT_EQ(stacks, from_allocator);
}

/* Direct compaction runs carry the kernel stack that led to them. */
TEST_F_TIMEOUT(events, direct_runs_carry_their_stack, 900)
{
	static char buf[1 << 20];
	int fd, direct = 0, with_stack = 0, from_allocator = 0;
	char *line, *save, pidstr[16], trigger[32];
	bool in_direct = false, seen_frame = false, seen_alloc = false;
	ssize_t n, used = 0;
	pid_t pid;

	if (!memfrag_workload_path())
		SKIP(return, "memfrag_workload not found (set MEMFRAG_WORKLOAD)");
	ASSERT_LE(0, drain(NULL, NULL));
	ASSERT_EQ(0, memfrag_run_workload("-s 30 fragment direct", &pid));
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
			seen_frame = seen_alloc = false;
			continue;
		}
		seen_frame = true;
		seen_alloc |= !!strstr(line, "alloc_pages");
	}
	ksft_print_msg("%d direct runs of pid %d, %d with a stack, %d through the page allocator\n",
		       direct, pid, with_stack, from_allocator);
	EXPECT_LT(0, direct);
	EXPECT_EQ(direct, with_stack);
	EXPECT_EQ(direct, from_allocator);
}

TEST_HARNESS_MAIN

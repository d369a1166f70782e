// SPDX-License-Identifier: GPL-2.0
/*
 * memfrag under nested writers and with frames of a module that is gone,
 * driven by the test-only helper module memfrag_nest.ko (selftests/nest/;
 * $MEMFRAG_NEST_KO, else ./memfrag_nest.ko; skipped without it): rows are
 * never torn and interrupts are charged to "<irq>", unloaded frames print
 * as "?", a stale run slot is taken back with every count kept once, and
 * a reused task address does
 * not inherit a slot.  Each test loads memfrag afresh and unloads it.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "lib_hist.h"
#include "lib_proc.h"
#include "lib_workload.h"

#define NEST_NAME		"memfrag_nest"
#define NEST_DIR		"/sys/kernel/debug/" NEST_NAME
#define NEST_FILE(name)		NEST_DIR "/" name
/* The helper's kthread is named after it. */
#define NEST_COMM		NEST_NAME
/* The row of interrupt-context fallbacks in tasks (module/top.h). */
#define IRQ_PID			MEMFRAG_TASKS_IRQ_PID
#define IRQ_COMM		MEMFRAG_TASKS_IRQ_COMM

#define TASKS			MEMFRAG_PATH(MEMFRAG_FILE_TASKS)
#define STACKS			MEMFRAG_PATH(MEMFRAG_FILE_STACKS)
#define EVENTS			MEMFRAG_PATH(MEMFRAG_FILE_EVENTS)
#define EXTFRAG_TP		MEMFRAG_TP(PAGE_ALLOC_EXTFRAG)
#define BEGIN_TP		MEMFRAG_TP(BEGIN)
#define END_TP			MEMFRAG_TP(END)

#define RUN_SECONDS		20
#define READERS			2
#define BUF_SIZE		(1 << 20)
#define MAX_STACKS		512
#define MAX_FRAMES		32
#define FRAME_LEN		256
/*
 * The takeover test adds runs to memfrag's run table (256 slots, each
 * task limited to 8 after its hash) until TAKE_FULL_STREAK in a row found
 * no slot, at most TAKE_TASKS: by then a free slot is left with a chance
 * of (31/32)^128, 1.7 %, for each slot, and the taker's 8 slots hold it
 * with a chance of 8/256.
 */
#define TAKE_TASKS		2048
#define TAKE_FULL_STREAK	128
/*
 * memfrag's stale_run_ms in the takeover test: longer than filling the
 * table takes under TCG, so that no run is stale before the last begins.
 */
#define TAKE_STALE_MS		10000
/* The taker begins this long after the last run became stale. */
#define TAKE_MARGIN_MS		200
/* memfrag_nest's reused kthread sleeps this long inside its run. */
#define REUSE_RUN_MS		20
/* ... and the exited kthread began this long before it. */
#define REUSE_GAP_MS		1000
/* Share of MemAvailable that fragment() leaves as order-0 holes, x2. */
#define FRAGMENT_PERCENT	50

/* ------------------------------------------------------- the helper */

static const char *nest_ko_path(void)
{
	const char *path = getenv("MEMFRAG_NEST_KO");

	if (!path || !*path)
		path = "./" NEST_NAME ".ko";
	return access(path, R_OK) ? NULL : path;
}

static bool module_loaded(const char *name)
{
	char path[128];

	snprintf(path, sizeof(path), "/sys/module/%s", name);
	return access(path, F_OK) == 0;
}

static int load_ko(const char *path)
{
	int fd, ret;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	ret = syscall(SYS_finit_module, fd, "", 0);
	ret = ret ? -errno : 0;
	close(fd);
	return ret;
}

/* Open files hold a module: retry for up to five seconds. */
static int unload_module(const char *name)
{
	int tries;

	for (tries = 0; tries < 5000; tries++) {
		if (!syscall(SYS_delete_module, name, O_NONBLOCK))
			return 0;
		if (errno != EAGAIN && errno != EWOULDBLOCK)
			return -errno;
		usleep(1000);
	}
	return -EAGAIN;
}

/* A number one of the helper's files holds; -1 if unreadable. */
static long long nest_value(const char *file)
{
	char path[128];

	snprintf(path, sizeof(path), NEST_DIR "/%s", file);
	return read_num(path);
}

static int nest_command(const char *cmd)
{
	return write_file(NEST_FILE("ctl"), cmd);
}

/* ------------------------------------------------------ the tasks file */

/* The columns include/memfrag/files.h gives [extfrag] of tasks. */
#define COL_NAME_(name, type, width)	#name,
static const char *const extfrag_cols[] = {
	MEMFRAG_COLS_TASKS_EXTFRAG(COL_NAME_)
};

enum { COL_PID, COL_COMM, COL_FALLBACKS, COL_ERROR };

/* A whole decimal number, optionally negative. */
static bool parse_ll(const char *s, long long *val)
{
	char *end;

	errno = 0;
	*val = strtoll(s, &end, 10);
	return end != s && !*end && !errno;
}

struct tasks_check {
	long rows, bad;
	char first_bad[256];
};

static void tasks_bad(struct tasks_check *c, const char *fmt, ...)
{
	va_list ap;

	if (!c->bad++) {
		va_start(ap, fmt);
		vsnprintf(c->first_bad, sizeof(c->first_bad), fmt, ap);
		va_end(ap);
	}
}

/*
 * Checks every row of [extfrag] in the tasks file's text: the header's
 * columns and no other, the "<irq>" row and pid -1 only together, the
 * kthread's comm with its pid only, no row of zero fallbacks.  Sets
 * *irq_row and *task_row to the fallbacks of the "<irq>" and kthread rows
 * (-1 if absent).
 */
static void check_tasks(const char *buf, pid_t kpid, struct tasks_check *c,
			long long *irq_row, long long *task_row)
{
	struct mft_table t;
	int r, i, err;

	*irq_row = *task_row = -1;
	err = mft_table_parse(buf, MEMFRAG_FILE_TASKS,
				  MEMFRAG_SEC_NAME(extfrag), &t);
	if (err) {
		tasks_bad(c, "no [extfrag] section: %s", strerror(-err));
		return;
	}
	if (t.ncols != (int)ARRAY_SIZE(extfrag_cols))
		tasks_bad(c, "header has %d columns, not %zu", t.ncols,
			  ARRAY_SIZE(extfrag_cols));
	for (i = 0; i < t.ncols && i < (int)ARRAY_SIZE(extfrag_cols); i++)
		if (strcmp(t.col[i], extfrag_cols[i]))
			tasks_bad(c, "column %d is '%s', not '%s'", i,
				  t.col[i], extfrag_cols[i]);
	for (r = 0; r < t.nrows; r++) {
		const struct mft_row *row = &t.row[r];
		long long pid, fallbacks, error;
		bool irq_comm, nest_comm;

		c->rows++;
		if (row->n != t.ncols || t.ncols != (int)ARRAY_SIZE(extfrag_cols)) {
			tasks_bad(c, "row %d has %d fields: '%s ...'", r,
				  row->n, row->n ? row->f[0] : "");
			continue;
		}
		if (!parse_ll(row->f[COL_PID], &pid) ||
		    !parse_ll(row->f[COL_FALLBACKS], &fallbacks) ||
		    !parse_ll(row->f[COL_ERROR], &error)) {
			tasks_bad(c, "row '%s %s %s %s' does not parse",
				  row->f[0], row->f[1], row->f[2], row->f[3]);
			continue;
		}
		irq_comm = !strcmp(row->f[COL_COMM], IRQ_COMM);
		nest_comm = !strcmp(row->f[COL_COMM], NEST_COMM);
		if (irq_comm != (pid == IRQ_PID))
			tasks_bad(c, "row pid %lld comm %s: '%s' is pid %d only",
				  pid, row->f[COL_COMM], IRQ_COMM, IRQ_PID);
		if (nest_comm != (pid == kpid))
			tasks_bad(c, "row pid %lld comm %s: the kthread is pid %d comm %s",
				  pid, row->f[COL_COMM], kpid, NEST_COMM);
		if (fallbacks <= 0)
			tasks_bad(c, "row pid %lld comm %s: %lld fallbacks",
				  pid, row->f[COL_COMM], fallbacks);
		if (irq_comm && pid == IRQ_PID)
			*irq_row = fallbacks;
		if (nest_comm && pid == kpid)
			*task_row = fallbacks;
	}
	mft_table_free(&t);
}

struct reader {
	pthread_t thread;
	pid_t kpid;
	long reads, errors;
	struct tasks_check check;
};

static int readers_stop;

/*
 * One of the rows a reader follows: its count never goes back, and once
 * there it stays (no reset during the run, too few rows to evict one).
 */
static void follow_row(struct tasks_check *c, const char *what,
		       long long *last, long long now)
{
	if (now < *last)
		tasks_bad(c, "the %s row went from %lld to %lld fallbacks",
			  what, *last, now);
	*last = now;
}

static void *reader_fn(void *arg)
{
	struct reader *rd = arg;
	char *buf = malloc(BUF_SIZE);
	long long irq_row, task_row, last_irq = -1, last_task = -1;

	if (!buf) {
		rd->errors++;
		return NULL;
	}
	while (!__atomic_load_n(&readers_stop, __ATOMIC_RELAXED)) {
		if (read_file(TASKS, buf, BUF_SIZE) < 0) {
			rd->errors++;
			continue;
		}
		check_tasks(buf, rd->kpid, &rd->check, &irq_row, &task_row);
		follow_row(&rd->check, IRQ_COMM, &last_irq, irq_row);
		follow_row(&rd->check, NEST_COMM, &last_task, task_row);
		rd->reads++;
	}
	free(buf);
	return NULL;
}

static long long extfrag_hits(void)
{
	struct mft_tp_status st;

	return mft_tp_status(EXTFRAG_TP, &st) ? -1 : (long long)st.hits;
}

/* ---------------------------------------------------------- stacks */

struct stack {
	int nr;
	char frame[MAX_FRAMES][FRAME_LEN];
};

static struct stack stacks_before[MAX_STACKS], stacks_after[MAX_STACKS];

/* The stacks of the stacks file's text: "count N error E", then frames. */
static int parse_stacks(const char *buf, struct stack *s, int max)
{
	const char *line;
	int n = 0;

	for (line = buf; *line; line += strcspn(line, "\n"),
	     line += *line == '\n') {
		int len = strcspn(line, "\n");

		if (!strncmp(line, "count ", 6)) {
			if (n == max)
				break;
			s[n++].nr = 0;
		} else if (n && line[0] == ' ' && s[n - 1].nr < MAX_FRAMES) {
			while (*line == ' ')
				line++, len--;
			snprintf(s[n - 1].frame[s[n - 1].nr++], FRAME_LEN,
				 "%.*s", len, line);
		}
	}
	return n;
}

static bool is_nest_frame(const char *frame)
{
	return strstr(frame, "[" NEST_NAME "]");
}

static bool has_nest_frame(const struct stack *s)
{
	int i;

	for (i = 0; i < s->nr; i++)
		if (is_nest_frame(s->frame[i]))
			return true;
	return false;
}

/* Is after the stack before, with the helper's frames shown as "?"? */
static bool same_stack_unresolved(const struct stack *before,
				  const struct stack *after)
{
	int i;

	if (before->nr != after->nr)
		return false;
	for (i = 0; i < before->nr; i++) {
		const char *want = is_nest_frame(before->frame[i]) ? "?" :
				   before->frame[i];

		if (strcmp(want, after->frame[i]))
			return false;
	}
	return true;
}

/*
 * Lines that are a raw address: blanks, then 0x and a hex digit.  Returns
 * how many; the first one goes to first.
 */
static int raw_address_lines(const char *buf, char *first, size_t size)
{
	const char *line, *p;
	int n = 0;

	for (line = buf; *line; line += strcspn(line, "\n"),
	     line += *line == '\n') {
		for (p = line; *p == ' ' || *p == '\t'; p++)
			;
		if (p == line || p[0] != '0' || p[1] != 'x' ||
		    !isxdigit((unsigned char)p[2]))
			continue;
		if (!n++)
			snprintf(first, size, "%.*s", (int)strcspn(line, "\n"),
				 line);
	}
	return n;
}

/* Lines of buf that are exactly the frame "?". */
static int unresolved_lines(const char *buf)
{
	const char *line, *p;
	int n = 0;

	for (line = buf; *line; line += strcspn(line, "\n"),
	     line += *line == '\n') {
		for (p = line; *p == ' '; p++)
			;
		n += p != line && p[0] == '?' && (p[1] == '\n' || !p[1]);
	}
	return n;
}

/*
 * Reads the events file until it has nothing more, without blocking: what
 * fits in buf (NUL-terminated), the rest read and dropped.  Bytes kept,
 * or -errno.
 */
static long read_events(char *buf, size_t size)
{
	static char chunk[65536];
	size_t used = 0;
	ssize_t n;
	int fd = open(EVENTS, O_RDONLY | O_NONBLOCK | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	while ((n = read_retry(fd, chunk, sizeof(chunk))) > 0) {
		if (used + n < size) {
			memcpy(buf + used, chunk, n);
			used += n;
		}
	}
	close(fd);
	buf[used] = '\0';
	return n < 0 ? n : (long)used;
}

/*
 * Maps a share of MemAvailable, touches it, and frees every other page:
 * free memory becomes order-0 holes, so an order-9 allocation soon needs
 * compaction while plenty of memory is still free.  Returns the mapping
 * (to unmap) and its size.
 */
static void *fragment(size_t *size)
{
	long page = sysconf(_SC_PAGESIZE);
	size_t len = read_meminfo("MemAvailable") / 100 * FRAGMENT_PERCENT;
	char *p;
	size_t i;

	len -= len % page;
	*size = len;
	if (!len)
		return NULL;
	p = mmap(NULL, len, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (p == MAP_FAILED)
		return NULL;
	madvise(p, len, MADV_NOHUGEPAGE);
	for (i = 0; i < len; i += page)
		p[i] = 1;
	for (i = page; i < len; i += 2 * page)
		madvise(p + i, page, MADV_DONTNEED);
	return p;
}

/* --------------------------------------------------------------- tests */

FIXTURE(nest) {};

/*
 * A fresh memfrag, and the helper; skips without the helper or if it
 * cannot load.
 */
FIXTURE_SETUP(nest)
{
	const char *ko = nest_ko_path();
	int err;

	if (mft_skip_unless_ready(_metadata))
		return;
	if (!ko)
		SKIP(return, "%s.ko not found next to the test (set MEMFRAG_NEST_KO; make modules-matrix builds build/<release>/%s.ko)",
		     NEST_NAME, NEST_NAME);
	if (module_loaded(NEST_NAME))
		ASSERT_EQ(0, unload_module(NEST_NAME));
	if (mft_loaded())
		ASSERT_EQ(0, mft_unload());
	ASSERT_EQ(0, mft_load(NULL));
	err = load_ko(ko);
	if (err)
		SKIP(return, "%s cannot load: %s", ko, strerror(-err));
}

FIXTURE_TEARDOWN(nest)
{
	if (module_loaded(NEST_NAME))
		unload_module(NEST_NAME);
	if (mft_loaded())
		mft_unload();
}

/*
 * memfrag_nest calls memfrag's mm_page_alloc_extfrag probe for RUN_SECONDS
 * from a kthread bound to one CPU (task context) while an hrtimer (hard
 * IRQ) and a tasklet (softirq) on the same CPU call it too, many times
 * inside a task-context call.  Readers of the tasks file must never see a
 * torn row (columns, pid and comm that do not go together, a row of no
 * fallbacks, a count that goes back), interrupt-context calls must be
 * charged to the row of pid -1 "<irq>" and not to the interrupted task,
 * and the two rows must count exactly the calls the helper made in their
 * contexts.
 */
TEST_F_TIMEOUT(nest, irq_nesting, 600)
{
	static char buf[BUF_SIZE];
	long long task, irq, softirq, irq_nested, softirq_nested;
	long long hits0, hits1, irq_row, task_row, waited;
	struct reader rd[READERS];
	struct tasks_check last = { 0 };
	char cmd[64];
	pid_t kpid;
	int i;

	hits0 = extfrag_hits();
	ASSERT_LE(0, hits0) TH_LOG("%s: no row in the status file", EXTFRAG_TP);
	snprintf(cmd, sizeof(cmd), "irq %d", RUN_SECONDS);
	ASSERT_EQ(0, nest_command(cmd))
		TH_LOG("memfrag_nest found no memfrag probe on %s", EXTFRAG_TP);
	kpid = nest_value("kthread_pid");
	ASSERT_LT(0, kpid);

	memset(rd, 0, sizeof(rd));
	__atomic_store_n(&readers_stop, 0, __ATOMIC_RELAXED);
	for (i = 0; i < READERS; i++) {
		rd[i].kpid = kpid;
		ASSERT_EQ(0, pthread_create(&rd[i].thread, NULL, reader_fn,
					    &rd[i]));
	}
	for (waited = 0; nest_value("running") == 1 &&
	     waited < (RUN_SECONDS + 120) * 10; waited++)
		usleep(100000);
	__atomic_store_n(&readers_stop, 1, __ATOMIC_RELAXED);
	for (i = 0; i < READERS; i++)
		pthread_join(rd[i].thread, NULL);
	ASSERT_EQ(0, nest_value("running")) TH_LOG("the run never ended");

	task = nest_value("task_calls");
	irq = nest_value("irq_calls");
	softirq = nest_value("softirq_calls");
	irq_nested = nest_value("irq_nested");
	softirq_nested = nest_value("softirq_nested");
	hits1 = extfrag_hits();
	ASSERT_LT(0, read_file(TASKS, buf, sizeof(buf)));
	check_tasks(buf, kpid, &last, &irq_row, &task_row);

	ksft_print_msg("kthread %d on cpu %lld, %d s, hrtimer every %lld ns, %lld calls per interrupt: task %lld calls, hard irq %lld (%lld inside a task call), softirq %lld (%lld inside a task call)\n",
		       kpid, nest_value("cpu"), RUN_SECONDS,
		       nest_value("period_ns"), nest_value("burst"), task, irq,
		       irq_nested, softirq, softirq_nested);
	ksft_print_msg("tasks [extfrag]: %s row %lld, %s row %lld; status hits +%lld\n",
		       IRQ_COMM, irq_row, NEST_COMM, task_row, hits1 - hits0);
	for (i = 0; i < READERS; i++) {
		ksft_print_msg("reader %d: %ld reads, %ld rows, %ld bad, %ld read errors%s%s\n",
			       i, rd[i].reads, rd[i].check.rows,
			       rd[i].check.bad, rd[i].errors,
			       rd[i].check.bad ? "; first: " : "",
			       rd[i].check.first_bad);
		EXPECT_LT(0, rd[i].reads);
		EXPECT_EQ(0, rd[i].check.bad);
		EXPECT_EQ(0, rd[i].errors);
	}
	EXPECT_EQ(0, last.bad) TH_LOG("%s", last.first_bad);

	/* The run proves something only if every context called. */
	EXPECT_LT(0, task);
	EXPECT_LT(0, irq);
	EXPECT_LT(0, softirq);
	EXPECT_LT(0, irq_nested + softirq_nested);
	/* Interrupt-context calls are the <irq> row's, not the kthread's. */
	EXPECT_EQ(irq + softirq, irq_row);
	EXPECT_EQ(task, task_row);
	EXPECT_LE(task + irq + softirq, hits1 - hits0);
}

/*
 * The helper enters direct compaction from its own functions; memfrag's
 * stacks file names them; once the helper is unloaded, their frames print
 * as "?", and no line of stacks or events is a raw address.
 */
TEST_F_TIMEOUT(nest, unloaded_module_frames, 900)
{
	static char buf[BUF_SIZE], events[4 * BUF_SIZE];
	char first[FRAME_LEN] = "";
	long long entered, allocs;
	int nb, na, i, j, raw, with_nest = 0, unresolved = 0;
	size_t frag_len;
	void *frag;
	long n;

	/* Only this test's events are looked at. */
	ASSERT_LE(0, read_events(events, sizeof(events)));
	frag = fragment(&frag_len);
	ASSERT_EQ(0, nest_command("compact"));
	if (frag)
		munmap(frag, frag_len);
	entered = nest_value("compact_entered");
	allocs = nest_value("compact_allocs");
	ksft_print_msg("%zu MiB fragmented; memfrag_nest held %lld order-9 blocks, began direct compaction runs %lld times\n",
		       frag_len >> 20, allocs, entered);
	if (entered <= 0)
		SKIP(return, "direct compaction could not be provoked: %lld order-9 allocations never entered it",
		     allocs);

	ASSERT_LT(0, read_file(STACKS, buf, sizeof(buf)));
	nb = parse_stacks(buf, stacks_before, MAX_STACKS);
	for (i = 0; i < nb; i++)
		with_nest += has_nest_frame(&stacks_before[i]);
	ksft_print_msg("stacks: %d, %d through %s\n", nb, with_nest,
		       NEST_NAME);
	ASSERT_LT(0, with_nest)
		TH_LOG("no stack of the stacks file names [%s]:\n%s",
		       NEST_NAME, buf);

	ASSERT_EQ(0, unload_module(NEST_NAME));

	ASSERT_LT(0, read_file(STACKS, buf, sizeof(buf)));
	raw = raw_address_lines(buf, first, sizeof(first));
	EXPECT_EQ(0, raw) TH_LOG("stacks: a raw address: '%s'", first);
	na = parse_stacks(buf, stacks_after, MAX_STACKS);
	for (i = 0; i < nb; i++) {
		bool found = false;

		if (!has_nest_frame(&stacks_before[i]))
			continue;
		for (j = 0; j < na && !found; j++)
			found = same_stack_unresolved(&stacks_before[i],
						      &stacks_after[j]);
		EXPECT_TRUE(found)
			TH_LOG("stack %d through %s is not there with its frames as '?':\n%s",
			       i, NEST_NAME, buf);
		unresolved += found;
	}
	ksft_print_msg("after unloading %s: %d of its stacks show its frames as '?', %d raw-address lines\n",
		       NEST_NAME, unresolved, raw);

	n = read_events(events, sizeof(events));
	ASSERT_LE(0, n);
	raw = raw_address_lines(events, first, sizeof(first));
	ksft_print_msg("events: %ld bytes, %d frames '?', %d raw-address lines\n",
		       n, unresolved_lines(events), raw);
	EXPECT_EQ(0, raw) TH_LOG("events: a raw address: '%s'", first);
}

/* ------------------------------------------------ run-table slots */

/* A "drops:" counter of status; -1 if status has none of that name. */
static long long drop_count(enum memfrag_drop drop)
{
	static char status[16384];
	long long val;

	if (read_file(MEMFRAG_STATUS, status, sizeof(status)) < 0 ||
	    mft_pair(status, "drops", mft_drop_names[drop], &val))
		return -1;
	return val;
}

/* memfrag's manual runs: counted (compaction) and timed (latency). */
static void manual_runs(long long *runs, long long *timed)
{
	static const char *const by_trigger[] = { MEMFRAG_COL_NAME(trigger),
						  NULL };
	static struct kv_map m;

	kv_clear(&m);
	mft_section_map(MEMFRAG_FILE_COMPACTION, MEMFRAG_SEC_NAME(runs),
			    by_trigger,
			    MEMFRAG_COL_NAME(runs), &m);
	*runs = kv_get(&m, MEMFRAG_TRIGGER(MANUAL));
	kv_clear(&m);
	mft_section_map(MEMFRAG_FILE_LATENCY, MEMFRAG_SEC_NAME(timed),
			    by_trigger, MEMFRAG_COL_NAME(runs),
			    &m);
	*timed = kv_get(&m, MEMFRAG_TRIGGER(MANUAL));
}

/* A line of events: the run's pid and latency_ns ("-": not timed). */
struct event_line {
	long long pid;
	char latency[24];
};

/* The runs of pid in the events text, oldest first; how many. */
static int events_of(const char *buf, long long pid, struct event_line *ev,
		     int max)
{
	const char *line;
	int n = 0;

	for (line = buf; *line; line += strcspn(line, "\n"),
	     line += *line == '\n') {
		struct event_line e;

		/* ts_ns pid comm node zone order trigger mode latency_ns */
		if (sscanf(line, "%*u %lld %*s %*u %*s %*d %*s %*s %23s",
			   &e.pid, e.latency) != 2 || e.pid != pid)
			continue;
		if (n < max)
			ev[n] = e;
		n++;
	}
	return n;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* The sums of a scanner tracepoint's hist trigger, over every pid. */
struct scan_sums {
	long long hits, scanned, taken;
};

static void add_scan_sums(const struct hist_entry *e, void *ctx)
{
	struct scan_sums *sum = ctx;

	sum->hits += e->hitcount;
	sum->scanned += hist_field(e, "nr_scanned");
	sum->taken += hist_field(e, "nr_taken");
}

#define SCAN_KEYS	"common_pid"
#define SCAN_TRIGGER	SCAN_KEYS ":vals=nr_scanned,nr_taken"

/* memfrag's [migration] columns of the zones and of "outside" runs. */
struct scan_rows {
	long long zones, outside;
};

static void migration_rows(const char *col, struct scan_rows *rows)
{
	static const char *const node[] = { MEMFRAG_COL_NAME(node), NULL };
	static struct kv_map m;
	int k;

	kv_clear(&m);
	mft_section_map(MEMFRAG_FILE_MIGRATION, MEMFRAG_SEC_NAME(migration),
			node, col, &m);
	rows->zones = rows->outside = 0;
	for (k = 0; k < m.n; k++) {
		if (strcmp(m.e[k].key, "-"))
			rows->zones += m.e[k].val;
		else
			rows->outside += m.e[k].val;
	}
}

/* The highest manual-run latency bucket with a run: its usecs_from. */
static long long manual_latency_top(void)
{
	static const char *const cols[] = { MEMFRAG_COL_NAME(trigger),
					    MEMFRAG_COL_NAME(usecs_from),
					    NULL };
	static struct kv_map m;
	const char *manual = MEMFRAG_TRIGGER(MANUAL);
	long long top = -1, from;
	int k;

	kv_clear(&m);
	mft_section_map(MEMFRAG_FILE_LATENCY, MEMFRAG_SEC_NAME(latency), cols,
			MEMFRAG_COL_NAME(count), &m);
	for (k = 0; k < m.n; k++) {
		if (strncmp(m.e[k].key, manual, strlen(manual)) ||
		    m.e[k].key[strlen(manual)] != ' ' || !m.e[k].val)
			continue;
		from = strtoll(m.e[k].key + strlen(manual) + 1, NULL, 10);
		if (from > top)
			top = from;
	}
	return top;
}

/* The drops the takeover test follows. */
static const enum memfrag_drop take_drops[] = {
	MEMFRAG_DROP_STALE_RUN, MEMFRAG_DROP_RUN_TABLE_FULL,
	MEMFRAG_DROP_END_WITHOUT_BEGIN, MEMFRAG_DROP_NO_ZONE,
};
#define NR_TAKE_DROPS	ARRAY_SIZE(take_drops)

/*
 * memfrag loaded with stale_run_ms=TAKE_STALE_MS.  Helper kthreads (the
 * "A" runs) each begin a run and fire both isolate tracepoints once, one
 * at a time, until the run table is full; one whose begin found no slot
 * (run_table_full) fires them again and ends at once, before the next
 * begins, so that its end finds its own note.  Past the stale age another
 * kthread (B) begins, finds no free slot and takes one back; then every
 * A fires the isolate tracepoints again and ends, and then B does the
 * same.  Against hist triggers on the isolate tracepoints (the kernel's count of
 * the events and their pages):
 *  - every page is counted once: the runs' in their zone, whether their
 *    slot was taken back or not, those of the runs that found no slot
 *    "outside";
 *  - exactly one stale_run, and each run is one drop at most: the taken
 *    run's end is not also end_without_begin;
 *  - every run is counted, and every run that kept its slot timed, none
 *    for longer than the whole test took; B from its own begin.
 */
TEST_F_TIMEOUT(nest, stale_run_slots_taken_back, 600)
{
	static const char *const cols[] = {
		MEMFRAG_COL_NAME(migrate_scanned),
		MEMFRAG_COL_NAME(migrate_isolated),
		MEMFRAG_COL_NAME(free_scanned),
		MEMFRAG_COL_NAME(free_isolated),
	};
	static char events[BUF_SIZE];
	struct scan_rows before[ARRAY_SIZE(cols)], after[ARRAY_SIZE(cols)];
	struct scan_sums mig = { 0 }, fre = { 0 };
	long long drops0[NR_TAKE_DROPS], drops1[NR_TAKE_DROPS], d[NR_TAKE_DROPS];
	long long runs0, runs1, timed0, timed1, tasks, full, wall_us, top;
	long long kernel[ARRAY_SIZE(cols)], taker_pid, taker_ns, lat;
	const char *mig_tp = MEMFRAG_TP(ISOLATE_MIGRATEPAGES);
	const char *free_tp = MEMFRAG_TP(ISOLATE_FREEPAGES);
	struct event_line ev;
	long long was, stale_before, stale_taker;
	char cmd[64], proactive[64] = "";
	double began, filled;
	unsigned int i;
	int err, err2, streak, n_mig, n_free;

	if (!kernel_has_hist(mig_tp) || !kernel_has_hist(free_tp))
		SKIP(return, "no hist triggers on %s (CONFIG_HIST_TRIGGERS)",
		     mig_tp);
	ASSERT_EQ(0, mft_unload());
	snprintf(cmd, sizeof(cmd), "stale_run_ms=%d", TAKE_STALE_MS);
	ASSERT_EQ(0, mft_load(cmd));
	ASSERT_EQ(TAKE_STALE_MS,
		  read_num("/sys/module/memfrag/parameters/stale_run_ms"))
		TH_LOG("memfrag did not take %s", cmd);
	/* No compaction of the kernel's own between the two looks. */
	if (read_file(MF_PROACTIVENESS, proactive, sizeof(proactive)) > 0)
		write_file(MF_PROACTIVENESS, "0");

	for (i = 0; i < NR_TAKE_DROPS; i++)
		drops0[i] = drop_count(take_drops[i]);
	for (i = 0; i < ARRAY_SIZE(cols); i++)
		migration_rows(cols[i], &before[i]);
	manual_runs(&runs0, &timed0);
	hist_trigger_remove(mig_tp, SCAN_TRIGGER);
	hist_trigger_remove(free_tp, SCAN_TRIGGER);
	ASSERT_EQ(0, hist_trigger_add(mig_tp, SCAN_TRIGGER));
	ASSERT_EQ(0, hist_trigger_add(free_tp, SCAN_TRIGGER));

	snprintf(cmd, sizeof(cmd), "take-spawn %d", TAKE_TASKS);
	err = nest_command(cmd);
	full = drop_count(MEMFRAG_DROP_RUN_TABLE_FULL);
	began = now_s();
	for (i = 0, streak = 0; i < TAKE_TASKS && streak < TAKE_FULL_STREAK &&
	     !err; i++) {
		err = nest_command("take-begin");
		was = full;
		full = drop_count(MEMFRAG_DROP_RUN_TABLE_FULL);
		streak = full > was ? streak + 1 : 0;
		if (!err && full > was)
			err = nest_command("take-end");
	}
	filled = now_s();
	stale_before = drop_count(MEMFRAG_DROP_STALE_RUN);
	if (!err)
		usleep((TAKE_STALE_MS + TAKE_MARGIN_MS) * 1000);
	if (!err)
		err = nest_command("take-taker");
	stale_taker = drop_count(MEMFRAG_DROP_STALE_RUN);
	err2 = nest_command("take-finish");
	/* Room in the events buffer for B's end, the last. */
	read_events(events, sizeof(events));
	if (!err2)
		err2 = nest_command("take-taker-end");
	if (proactive[0])
		write_file(MF_PROACTIVENESS, proactive);
	n_mig = hist_for_each(mig_tp, SCAN_KEYS, add_scan_sums, &mig);
	n_free = hist_for_each(free_tp, SCAN_KEYS, add_scan_sums, &fre);
	/* Removed as written, values and all: no count left for later tests. */
	hist_trigger_remove(mig_tp, SCAN_TRIGGER);
	hist_trigger_remove(free_tp, SCAN_TRIGGER);
	ASSERT_LE(0, n_mig);
	ASSERT_LE(0, n_free);
	ASSERT_EQ(0, err);
	ASSERT_EQ(0, err2);
	ksft_print_msg("%lld runs filled the table in %.1f s (%d in a row found no slot); stale_run +%lld before the taker, +%lld at its begin\n",
		       nest_value("take_threads"), filled - began, streak,
		       stale_before - drops0[0], stale_taker - stale_before);
	/*
	 * Not one slot was stale before the taker.  A slot can go stale
	 * only when the fill took longer than stale_run_ms: a guest that
	 * slow (a debug kernel beside other guests) cannot set the scene.
	 */
	if (stale_before != drops0[0] &&
	    (filled - began) * 1000 >= TAKE_STALE_MS)
		SKIP(return, "the guest took %.1f s to fill the run table, longer than stale_run_ms=%d: slots went stale before the taker",
		     filled - began, TAKE_STALE_MS);
	ASSERT_EQ(drops0[0], stale_before);
	ASSERT_EQ(1, stale_taker - stale_before);
	for (i = 0; i < ARRAY_SIZE(cols); i++)
		migration_rows(cols[i], &after[i]);
	manual_runs(&runs1, &timed1);
	for (i = 0; i < NR_TAKE_DROPS; i++) {
		drops1[i] = drop_count(take_drops[i]);
		d[i] = drops1[i] - drops0[i];
	}
	tasks = nest_value("take_threads") + 1;
	full = d[1];
	wall_us = nest_value("take_wall_ns") / 1000;
	top = manual_latency_top();
	kernel[0] = mig.scanned;
	kernel[1] = mig.taken;
	kernel[2] = fre.scanned;
	kernel[3] = fre.taken;

	ksft_print_msg("%lld runs, %lld scanner events fired; hist: %lld + %lld events; drops: %s +%lld, %s +%lld, %s +%lld, %s +%lld\n",
		       tasks, nest_value("take_events"), mig.hits, fre.hits,
		       mft_drop_names[take_drops[0]], d[0],
		       mft_drop_names[take_drops[1]], d[1],
		       mft_drop_names[take_drops[2]], d[2],
		       mft_drop_names[take_drops[3]], d[3]);
	for (i = 0; i < ARRAY_SIZE(cols); i++)
		ksft_print_msg("%-16s hist %6lld; memfrag zones +%6lld (want %lld), outside +%6lld (want %lld)\n",
			       cols[i], kernel[i],
			       after[i].zones - before[i].zones,
			       kernel[i] / tasks * (tasks - full),
			       after[i].outside - before[i].outside,
			       kernel[i] / tasks * full);
	ksft_print_msg("manual runs +%lld, timed +%lld; latency's highest bucket from %lld us, the command took %lld us\n",
		       runs1 - runs0, timed1 - timed0, top, wall_us);

	/* Every event was the helper's: each run fired both, twice. */
	ASSERT_EQ(nest_value("take_events"), mig.hits + fre.hits);
	ASSERT_EQ(2 * tasks, mig.hits);
	ASSERT_EQ(2 * tasks, fre.hits);
	for (i = 0; i < ARRAY_SIZE(cols); i++) {
		ASSERT_EQ(0, kernel[i] % tasks);
		/* The runs that found a slot: in the zone, each page once. */
		EXPECT_EQ(kernel[i] / tasks * (tasks - full),
			  after[i].zones - before[i].zones)
			TH_LOG("%s: zones", cols[i]);
		/* The runs that found none: outside, and nothing else. */
		EXPECT_EQ(kernel[i] / tasks * full,
			  after[i].outside - before[i].outside)
			TH_LOG("%s: outside", cols[i]);
	}
	/* One slot taken back, one drop for it, none for its end. */
	EXPECT_EQ(1, d[0]);
	EXPECT_LT(0, full);
	EXPECT_EQ(0, d[2]);
	EXPECT_EQ(0, d[3]);
	EXPECT_EQ(tasks, runs1 - runs0);
	EXPECT_EQ(tasks - full - d[0], timed1 - timed0);
	EXPECT_LE(0, top);
	EXPECT_GE(wall_us, top);

	/* B's run: timed from its own begin, within its own time. */
	taker_pid = nest_value("take_taker_pid");
	taker_ns = nest_value("take_taker_ns");
	ASSERT_LT(0, read_events(events, sizeof(events)));
	ASSERT_EQ(1, events_of(events, taker_pid, &ev, 1))
		TH_LOG("no event of the taker, pid %lld", taker_pid);
	lat = strtoll(ev.latency, NULL, 10);
	ksft_print_msg("taker pid %lld: latency_ns %s, its run took %lld ns\n",
		       taker_pid, ev.latency, taker_ns);
	EXPECT_STRNE("-", ev.latency);
	EXPECT_LT(0, lat);
	EXPECT_GE(taker_ns, lat);
}

/*
 * A kthread at the task_struct address of one that began and exited must
 * not inherit its slot: its end alone is not timed (end_without_begin),
 * and its own begin and end time its own run.  Skipped if no kthread got
 * that address (KASAN's quarantine delays reuse).
 */
TEST_F_TIMEOUT(nest, reused_task_address, 600)
{
	static char events[BUF_SIZE];
	long long ewb0, ewb1, pid, own_ns, lat;
	struct event_line ev[2];
	int n;

	ASSERT_LE(0, read_events(events, sizeof(events)));
	ewb0 = drop_count(MEMFRAG_DROP_END_WITHOUT_BEGIN);
	ASSERT_LE(0, ewb0);
	ASSERT_EQ(0, nest_command("reuse"))
		TH_LOG("memfrag_nest found no memfrag probes on %s and %s",
		       BEGIN_TP, END_TP);
	ksft_print_msg("%lld kthreads started until one had the exited one's task_struct address\n",
		       nest_value("reuse_tries"));
	if (nest_value("reuse_found") != 1)
		SKIP(return, "no kthread reused the address in %lld tries",
		     nest_value("reuse_tries"));
	pid = nest_value("reuse_pid");
	own_ns = nest_value("reuse_own_ns");
	ewb1 = drop_count(MEMFRAG_DROP_END_WITHOUT_BEGIN);
	ASSERT_LT(0, read_events(events, sizeof(events)));
	n = events_of(events, pid, ev, 2);
	ksft_print_msg("pid %lld: %d runs in events, latency_ns %s and %s; its own run took %lld ns; %s +%lld\n",
		       pid, n, n > 0 ? ev[0].latency : "?",
		       n > 1 ? ev[1].latency : "?", own_ns,
		       mft_drop_names[MEMFRAG_DROP_END_WITHOUT_BEGIN],
		       ewb1 - ewb0);
	ASSERT_EQ(2, n);
	/* The end alone: the exited task's begin is not this task's. */
	EXPECT_STREQ("-", ev[0].latency)
		TH_LOG("an end without a begin was timed from the exited task's begin %d ms earlier",
		       REUSE_GAP_MS);
	EXPECT_LT(ewb0, ewb1);
	/*
	 * Its own begin and end: its own latency, inside the time the
	 * kthread measured around them (which also holds the two probe
	 * calls, 1.5 ms of 23 ms on arm64 under TCG), and at least half
	 * the sleep between them (under TCG msleep() can end early by
	 * ktime: 19.76 ms around a 20 ms sleep on the KASAN kernel).
	 */
	lat = strtoll(ev[1].latency, NULL, 10);
	EXPECT_LE(REUSE_RUN_MS * 1000000LL / 2, lat);
	EXPECT_GE(own_ns, lat);
}

TEST_HARNESS_MAIN

// SPDX-License-Identifier: GPL-2.0
/*
 * memfrag under stress: MEMFRAG_STRESS_CYCLES (default 1000) loads and
 * unloads, rotating through disable= variants, while compaction of every
 * kind, fallbacks in interrupt context and readers of every file run at
 * once.  Readers see only the errors of a file that is gone or going;
 * afterwards memfrag still counts exactly what hist triggers count, and
 * per-CPU memory and kmemleak show no leak.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <netinet/in.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "lib_hist.h"
#include "lib_leaks.h"
#include "lib_workload.h"

/*
 * Environment: MEMFRAG_STRESS_CYCLES (default 1000),
 * MEMFRAG_STRESS_DWELL_MS (the most a cycle waits between its load and
 * its unload, default 100), MEMFRAG_STRESS_WORKLOAD (memfrag_workload's
 * arguments, default "-s 20 all"), MEMFRAG_STRESS_BUDGET_S (the cycles
 * stop, and the test fails, after this many seconds; default 1450),
 * MEMFRAG_STRESS_ROLES (a mask of the children to start, by enum role;
 * default all), MEMFRAG_STRESS_PIN (0: no hist triggers holding the
 * tracepoints enabled).
 */
#define CYCLES_DEFAULT		1000
#define DWELL_MS_DEFAULT	100
#define BUDGET_S_DEFAULT	1450
#define WORKLOAD_DEFAULT	"-s 20 all"

/* After this long of EAGAIN the unloader drains the readers. */
#define DRAIN_AFTER_MS		20
#define RESIGNAL_MS		50
/* An unload that keeps failing this long fails the test. */
#define UNLOAD_DEADLINE_MS	30000
#define RESET_GAP_MS		5
#define READER_GAP_MS		4
/*
 * The workload rests after each round for this share of the round's time
 * (times 1 + the pace): see "Under TCG" at the top.
 */
#define WORKLOAD_REST_PERCENT	100

/*
 * The ICMP generator: payload, requests per socket, the socket's receive
 * buffer (about half of it holds replies), sockets held at once; it fills
 * a socket only while MemFree is above ICMP_MIN_FREE: the workload takes
 * free memory down to a floor it computes without knowing of the
 * generator, and the two together made the OOM killer kill the test.
 */
#define ICMP_PAYLOAD		60000
#define ICMP_BURST		64
#define ICMP_RCVBUF		(8 << 20)
#define ICMP_SOCKETS		16
#define ICMP_MIN_FREE		(160UL << 20)
#define ICMP_REST_MS		500
/* A pause every ICMP_PACE requests, and a rest after each round. */
#define ICMP_PACE		8
#define ICMP_GAP_MS		10

#define BEGIN_TP		MEMFRAG_TP(BEGIN)
#define END_TP			MEMFRAG_TP(END)
#define EXTFRAG_TP		MEMFRAG_TP(PAGE_ALLOC_EXTFRAG)
/* The trace flags of the event's context: TRACE_FLAG_HARDIRQ | _SOFTIRQ. */
#define HIST_ALL_KEYS		TP_FIELD_ALLOC_ORDER
#define HIST_IRQ_KEYS		"fallback_order if common_flags & 24"
#define HIST_BEGIN_KEYS		"sync"
#define HIST_END_KEYS		"status"
/* A trigger that never fires: it only keeps its tracepoint enabled. */
#define HIST_PIN_KEYS		"common_pid if common_pid < 0"

#define IRQ_PID			MEMFRAG_TASKS_IRQ_PID
#define IRQ_COMM		MEMFRAG_TASKS_IRQ_COMM

/* ---------------------------------------------------------- the files */

#define FILE_ENTRY_(id, mode, keys, sections)	{ MEMFRAG_FILE_##id, mode },
static const struct {
	const char *name;
	int mode;
} files[] = {
	MEMFRAG_FILES(FILE_ENTRY_)
};

/* The i-th readable file of files.h, round robin. */
static const char *readable_file(unsigned int i)
{
	unsigned int n = 0, k;

	for (k = 0; k < ARRAY_SIZE(files); k++)
		n += !!(files[k].mode & 0444);
	i %= n;
	for (k = 0; k < ARRAY_SIZE(files); k++)
		if ((files[k].mode & 0444) && !i--)
			break;
	return files[k].name;
}

static void file_path(char *buf, size_t size, const char *name)
{
	snprintf(buf, size, MEMFRAG_DIR "/%s", name);
}

/* ---------------------------------------------------------- the roles */

/*
 * The children that keep everything busy while the main task loads and
 * unloads:
 *  - compaction of every kind: memfrag_workload in a loop (fragment,
 *    manual, direct through hugetlb and THP, kcompactd, proactive,
 *    extfrag), resting after each round.  Nothing else compacts: a
 *    concurrent writer of compact_memory would hand the direct phase the
 *    free blocks it must compact for;
 *  - fallbacks in interrupt context: in a network namespace of its own, a
 *    generator sends 60000-byte ICMP echo requests to 127.0.0.1 through
 *    raw sockets it does not read.  The kernel builds each echo reply in
 *    the NET_RX softirq, copying the payload into order-3 page fragments
 *    of the ICMP socket (GFP_ATOMIC, unmovable: skb_page_frag_refill(),
 *    or an order-0 page when order 3 fails); the unread replies keep those
 *    pages, so each burst takes fresh unmovable pages in softirq, which
 *    fall back to other migratetypes once the unmovable pageblocks are
 *    full, most while the workload holds memory fragmented.  A hist
 *    trigger filtered on the event's hardirq/softirq flags counts them,
 *    beside memfrag's own row of interrupt context in tasks;
 *  - readers of every file: whole-buffer, 1-byte and 64-byte readers of
 *    each file in turn, two blocked events readers (4096- and 1-byte
 *    buffers), a poll() user of events, and a writer of reset (in odd
 *    cycles: even ones read memfrag's interrupt-context row before the
 *    unload).  The events readers count the records they read by
 *    trigger.
 */
enum role {
	ROLE_WHOLE,		/* whole reads (64 KiB buffer) of every file */
	ROLE_BYTE,		/* 1-byte reads of every file */
	ROLE_SIXTYFOUR,		/* 64-byte reads of every file */
	ROLE_EVENTS,		/* blocking events reads, 4096-byte buffer */
	ROLE_EVENTS_BYTE,	/* blocking events reads, 1-byte buffer */
	ROLE_POLL,		/* poll() on events, then a non-blocking read */
	ROLE_RESET,		/* writes "1\n" to reset */
	ROLE_WORKLOAD,		/* memfrag_workload in a loop */
	ROLE_ICMP,		/* the softirq allocation generator */
	NR_ROLES
};

static const char *const role_names[NR_ROLES] = {
	[ROLE_WHOLE] = "whole reads",
	[ROLE_BYTE] = "1-byte reads",
	[ROLE_SIXTYFOUR] = "64-byte reads",
	[ROLE_EVENTS] = "blocked events reads",
	[ROLE_EVENTS_BYTE] = "blocked 1-byte events reads",
	[ROLE_POLL] = "poll on events",
	[ROLE_RESET] = "reset writes",
	[ROLE_WORKLOAD] = "workload rounds",
	[ROLE_ICMP] = "ICMP echo requests",
};

/* Counters of one role, shared between processes. */
struct role_stats {
	long long opens;	/* files opened */
	long long gone;		/* open: ENOENT */
	long long going;	/* open: ENXIO */
	long long calls;	/* read/write/poll calls that did something */
	long long bytes;
	long long eintr;	/* blocking read interrupted by the unloader */
	long long eagain;	/* O_NONBLOCK events read with nothing to read */
	long long eof;
	long long rounds;	/* whole iterations (workload rounds, ...) */
	long long unexpected;	/* errors nothing documents */
	int first_errno;
	char first_what[64];
};

struct stress {
	/* Records of the events stream, by trigger; other lines. */
	long long records[MEMFRAG_NR_TRIGGERS];
	long long frames, fragments, dropped;
	int pace;		/* see pace_sleep() */
	int stop;		/* children: finish */
	int drain;		/* readers: close and stay out */
	int resets_on;		/* the reset writer may write */
	pid_t workload_pid;	/* the running memfrag_workload */
	struct mft_open_gate gate;	/* open() against delete_module() */
	struct role_stats st[NR_ROLES];
};

static struct stress *S;

#define SHARED_LOAD(x)		__atomic_load_n(&(x), __ATOMIC_ACQUIRE)
#define SHARED_STORE(x, v)	__atomic_store_n(&(x), (v), __ATOMIC_RELEASE)
#define SHARED_ADD(x, v)	__atomic_fetch_add(&(x), (v), __ATOMIC_RELAXED)

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

/* CPU time this process used, in microseconds. */
static long long cpu_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return ts.tv_sec * 1000000LL + ts.tv_nsec / 1000;
}

/*
 * Under TCG, a synchronous cross-CPU call (the TLB flush when the loader
 * makes module memory read-only, an RCU grace period at unload) waits for
 * the other vCPU's time slice to end when that vCPU is busy: with
 * children that never rest, a cycle took over a second instead of 0.2 s.
 * So every child rests (the workload after each round, for as long as it
 * ran), every tracepoint stays enabled by a hist trigger that never fires
 * (attaching memfrag's probe then patches no kernel text), and the main
 * task slows the children down when the cycles would not fit in the
 * budget (pace_sleep(); a KASAN kernel needs it).
 *
 * A child's pause: up to gap_ms at random, plus S->pace times the CPU time
 * it used since *mark.  The main task raises the pace when cycles run
 * slower than the budget allows (a debug kernel under TCG), which leaves
 * the vCPUs idle more often.
 */
static void pace_sleep(long long *mark, long gap_ms)
{
	long long used = cpu_us() - *mark;

	sleep_ms(rand() % (gap_ms + 1) + used * SHARED_LOAD(S->pace) / 1000);
	*mark = cpu_us();
}

static long env_num(const char *name, long def)
{
	const char *s = getenv(name);
	char *end;
	long v;

	if (!s || !*s)
		return def;
	v = strtol(s, &end, 10);
	return *end || v < 0 ? def : v;
}

static void unexpected(enum role r, int err, const char *what)
{
	struct role_stats *st = &S->st[r];

	if (SHARED_ADD(st->unexpected, 1) == 0) {
		st->first_errno = err;
		snprintf(st->first_what, sizeof(st->first_what), "%s", what);
	}
}

/*
 * No open() of a memfrag file runs while delete_module() does: the
 * open gate of lib_module.c says why.
 */
/* open() of a memfrag file; -1 (counted) when the module is not there. */
static int open_file(enum role r, const char *name, int flags)
{
	char path[256];
	int fd;

	file_path(path, sizeof(path), name);
	mft_open_gate_enter(&S->gate);
	fd = open(path, flags | O_CLOEXEC);
	mft_open_gate_leave(&S->gate);
	if (fd >= 0) {
		SHARED_ADD(S->st[r].opens, 1);
		return fd;
	}
	if (errno == ENOENT)
		SHARED_ADD(S->st[r].gone, 1);
	else if (errno == ENXIO)
		SHARED_ADD(S->st[r].going, 1);
	else
		unexpected(r, errno, name);
	return -1;
}

static void on_sigusr1(int sig)
{
}

/* A child that dies with the test, and is interrupted (no SA_RESTART). */
static void child_init(void)
{
	struct sigaction sa;

	prctl(PR_SET_PDEATHSIG, SIGKILL);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_sigusr1;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGUSR1, &sa, NULL);
}

/*
 * Complete lines of the events stream.  A reader that closes the file
 * inside a record leaves its rest to the next reader, which starts with a
 * fragment: only lines with all of a record's fields count as records.
 */
#define EVENT_FIELDS		16
#define EVENT_TRIGGER_FIELD	6

struct lines {
	char buf[512];
	size_t len;
	bool skip;		/* longer than buf: no record line is */
};

static void count_line(char *line)
{
	char *f[EVENT_FIELDS + 1], *save, *tok;
	long long dropped;
	int n = 0, t;

	if (!strncmp(line, "  ", 2)) {
		SHARED_ADD(S->frames, 1);
		return;
	}
	if (sscanf(line, "# dropped %lld", &dropped) == 1) {
		SHARED_ADD(S->dropped, dropped);
		return;
	}
	for (tok = strtok_r(line, " ", &save); tok && n <= EVENT_FIELDS;
	     tok = strtok_r(NULL, " ", &save))
		f[n++] = tok;
	for (t = 0; n == EVENT_FIELDS && t < MEMFRAG_NR_TRIGGERS; t++)
		if (!strcmp(f[EVENT_TRIGGER_FIELD], mft_trigger_names[t])) {
			SHARED_ADD(S->records[t], 1);
			return;
		}
	SHARED_ADD(S->fragments, 1);
}

static void lines_feed(struct lines *l, const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (p[i] != '\n') {
			if (l->len < sizeof(l->buf) - 1)
				l->buf[l->len++] = p[i];
			else
				l->skip = true;
			continue;
		}
		l->buf[l->len] = '\0';
		if (!l->skip)
			count_line(l->buf);
		l->len = 0;
		l->skip = false;
	}
}

/*
 * A stacks count is "since reset": reset racing with a read must never
 * make one wrap below zero (about 2^64).  A count line cut by the end of
 * buf can only read smaller, never larger.
 */
#define STACK_COUNT_MAX		(1ULL << 48)

static void check_stack_counts(enum role r, const char *buf, size_t n)
{
	static const char key[] = "count ";
	const char *p = buf, *end = buf + n;

	while ((p = memmem(p, end - p, key, sizeof(key) - 1))) {
		char num[24];
		size_t len;

		p += sizeof(key) - 1;
		len = (size_t)(end - p) < sizeof(num) - 1 ?
		      (size_t)(end - p) : sizeof(num) - 1;
		memcpy(num, p, len);
		num[len] = '\0';
		if (strtoull(num, NULL, 10) > STACK_COUNT_MAX)
			unexpected(r, ERANGE, "a stacks count below zero");
	}
}

/*
 * Reads file name with buffers of bufsize bytes, at most cap bytes; events
 * is opened O_NONBLOCK here (its blocking readers are the events roles).
 */
static void read_one(enum role r, const char *name, char *buf, size_t bufsize,
		     size_t cap)
{
	bool events = !strcmp(name, MEMFRAG_FILE_EVENTS);
	bool stacks = !strcmp(name, MEMFRAG_FILE_STACKS);
	struct role_stats *st = &S->st[r];
	struct lines l = { .len = 0 };
	size_t total = 0;
	ssize_t n;
	int fd;

	fd = open_file(r, name, O_RDONLY | (events ? O_NONBLOCK : 0));
	if (fd < 0)
		return;
	/*
	 * Out when the unloader drains: a whole file in 1-byte reads under
	 * KASAN held the module past the unload's deadline.
	 */
	while (total < cap && !SHARED_LOAD(S->drain)) {
		n = read(fd, buf, bufsize);
		if (n > 0) {
			SHARED_ADD(st->calls, 1);
			SHARED_ADD(st->bytes, n);
			total += n;
			if (events)
				lines_feed(&l, buf, n);
			if (stacks)
				check_stack_counts(r, buf, n);
			continue;
		}
		if (n == 0)
			SHARED_ADD(st->eof, 1);
		else if (events && errno == EAGAIN)
			SHARED_ADD(st->eagain, 1);
		else
			unexpected(r, errno, name);
		break;
	}
	close(fd);
}

/*
 * Readers of every file in turn, with one buffer size: at most cap bytes
 * of a file, and all of it every eighth time.
 */
static void file_reader(enum role r, size_t bufsize, size_t cap)
{
	static char buf[65536];
	long long mark = cpu_us();
	unsigned int i = r;

	while (!SHARED_LOAD(S->stop)) {
		if (SHARED_LOAD(S->drain)) {
			sleep_ms(2);
			continue;
		}
		read_one(r, readable_file(i), buf, bufsize,
			 i % 8 ? cap : 1 << 20);
		i++;
		SHARED_ADD(S->st[r].rounds, 1);
		pace_sleep(&mark, READER_GAP_MS);
	}
}

/*
 * Blocking reads of events: a few reads per open, until the unloader
 * interrupts (EINTR) or asks the events readers to stay out.
 */
static void events_reader(enum role r, size_t bufsize)
{
	struct role_stats *st = &S->st[r];
	long long mark = cpu_us();
	static char buf[4096];
	struct lines l;
	int fd, k;
	ssize_t n;

	while (!SHARED_LOAD(S->stop)) {
		if (SHARED_LOAD(S->drain)) {
			sleep_ms(2);
			continue;
		}
		fd = open_file(r, MEMFRAG_FILE_EVENTS, O_RDONLY);
		if (fd < 0) {
			sleep_ms(1);
			continue;
		}
		l.len = 0;
		l.skip = false;
		for (k = 0; k < 64 && !SHARED_LOAD(S->drain); k++) {
			n = read(fd, buf, bufsize);
			if (n > 0) {
				SHARED_ADD(st->calls, 1);
				SHARED_ADD(st->bytes, n);
				lines_feed(&l, buf, n);
				continue;
			}
			if (n == 0)
				SHARED_ADD(st->eof, 1);
			else if (errno == EINTR)
				SHARED_ADD(st->eintr, 1);
			else
				unexpected(r, errno, "events read");
			break;
		}
		close(fd);
		SHARED_ADD(st->rounds, 1);
		pace_sleep(&mark, READER_GAP_MS);
	}
}

/* poll() for a record, then a non-blocking read of it. */
static void poll_reader(void)
{
	struct role_stats *st = &S->st[ROLE_POLL];
	long long mark = cpu_us();
	static char buf[4096];
	struct pollfd pfd;
	struct lines l;
	int fd, k, ret;
	ssize_t n;

	while (!SHARED_LOAD(S->stop)) {
		if (SHARED_LOAD(S->drain)) {
			sleep_ms(2);
			continue;
		}
		fd = open_file(ROLE_POLL, MEMFRAG_FILE_EVENTS,
			       O_RDONLY | O_NONBLOCK);
		if (fd < 0) {
			sleep_ms(1);
			continue;
		}
		l.len = 0;
		l.skip = false;
		for (k = 0; k < 16 && !SHARED_LOAD(S->drain); k++) {
			pfd.fd = fd;
			pfd.events = POLLIN;
			ret = poll(&pfd, 1, 100);
			if (ret < 0) {
				if (errno == EINTR)
					SHARED_ADD(st->eintr, 1);
				else
					unexpected(ROLE_POLL, errno, "poll");
				break;
			}
			if (!ret || !(pfd.revents & POLLIN))
				continue;
			SHARED_ADD(st->calls, 1);
			n = read(fd, buf, sizeof(buf));
			if (n > 0) {
				SHARED_ADD(st->bytes, n);
				lines_feed(&l, buf, n);
			} else if (n < 0 && errno == EAGAIN) {
				/* Another reader took the record first. */
				SHARED_ADD(st->eagain, 1);
			} else {
				/*
				 * EINTR: the unloader's signal while the read
				 * waited for the readers' lock.
				 */
				if (n == 0)
					SHARED_ADD(st->eof, 1);
				else if (errno == EINTR)
					SHARED_ADD(st->eintr, 1);
				else
					unexpected(ROLE_POLL, errno, "events read after poll");
				break;
			}
		}
		close(fd);
		SHARED_ADD(st->rounds, 1);
		pace_sleep(&mark, 0);
	}
}

static void reset_writer(void)
{
	struct role_stats *st = &S->st[ROLE_RESET];
	ssize_t n;
	int fd;

	while (!SHARED_LOAD(S->stop)) {
		sleep_ms(RESET_GAP_MS);
		if (!SHARED_LOAD(S->resets_on))
			continue;
		fd = open_file(ROLE_RESET, MEMFRAG_FILE_RESET, O_WRONLY);
		if (fd < 0)
			continue;
		n = write(fd, "1\n", 2);
		if (n == 2)
			SHARED_ADD(st->calls, 1);
		else
			unexpected(ROLE_RESET, n < 0 ? errno : EIO, "reset write");
		close(fd);
	}
}

/* memfrag_workload, run again and again until the test stops it. */
static void workload_loop(const char *path, const char *args, int log_fd)
{
	struct role_stats *st = &S->st[ROLE_WORKLOAD];
	char copy[256], *argv[16], *save, *tok;
	int argc = 0, status;
	long long t0, took, rested;
	pid_t pid;

	snprintf(copy, sizeof(copy), "%s", args);
	argv[argc++] = (char *)path;
	for (tok = strtok_r(copy, " ", &save); tok && argc < 15;
	     tok = strtok_r(NULL, " ", &save))
		argv[argc++] = tok;
	argv[argc] = NULL;
	while (!SHARED_LOAD(S->stop)) {
		t0 = now_ms();
		pid = fork();
		if (pid < 0) {
			unexpected(ROLE_WORKLOAD, errno, "fork");
			return;
		}
		if (pid == 0) {
			/* Restores every setting it changed if the test dies. */
			prctl(PR_SET_PDEATHSIG, SIGTERM);
			/* Its lines go to the log, printed at the end. */
			if (dup2(log_fd, STDOUT_FILENO) < 0 ||
			    dup2(log_fd, STDERR_FILENO) < 0)
				_exit(127);
			execv(path, argv);
			_exit(127);
		}
		SHARED_STORE(S->workload_pid, pid);
		SHARED_ADD(st->calls, 1);
		if (waitpid(pid, &status, 0) != pid) {
			unexpected(ROLE_WORKLOAD, errno, "waitpid");
			return;
		}
		SHARED_STORE(S->workload_pid, 0);
		if (WIFEXITED(status) && !WEXITSTATUS(status))
			SHARED_ADD(st->rounds, 1);
		else if (!SHARED_LOAD(S->stop))
			unexpected(ROLE_WORKLOAD, EIO, "memfrag_workload failed");
		/*
		 * As long as the round took (see WORKLOAD_REST_PERCENT), times
		 * 1 + the pace as it is now, not as it was when the rest
		 * began: on a KASAN kernel a round ended while the pace was
		 * 64, and a rest fixed then outlasted the whole budget; the
		 * pace is 0 once the cycles asked for are done.
		 */
		took = now_ms() - t0;
		for (rested = 0; !SHARED_LOAD(S->stop) &&
		     rested < took * WORKLOAD_REST_PERCENT / 100 *
			      (1 + SHARED_LOAD(S->pace)); rested += 100)
			sleep_ms(100);
	}
}

/* The Internet checksum of an ICMP message. */
static unsigned short icmp_checksum(const unsigned char *p, size_t len)
{
	unsigned long sum = 0;
	size_t i;

	for (i = 0; i + 1 < len; i += 2)
		sum += p[i] << 8 | p[i + 1];
	if (len & 1)
		sum += p[len - 1] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return htons(~sum & 0xffff);
}

/* Brings up lo (of this task's network namespace). */
static int loopback_up(void)
{
	struct ifreq ifr;
	int fd, err = 0;

	fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "lo");
	if (ioctl(fd, SIOCGIFFLAGS, &ifr))
		err = -errno;
	ifr.ifr_flags |= IFF_UP;
	if (!err && ioctl(fd, SIOCSIFFLAGS, &ifr))
		err = -errno;
	close(fd);
	return err;
}

/*
 * The softirq allocation generator (see the top of this file).  Each of
 * ICMP_SOCKETS sockets in turn takes ICMP_BURST requests and holds their
 * replies unread; then all are closed, which frees them, and the
 * generator rests.  Freed pages return to unmovable pageblocks, where the
 * next round would find them without falling back: the rounds fall back
 * again once the workload's movable allocations have taken those blocks
 * back, and while it holds memory fragmented into holes.
 */
static void icmp_generator(void)
{
	static unsigned char pkt[8 + ICMP_PAYLOAD];
	struct role_stats *st = &S->st[ROLE_ICMP];
	struct sockaddr_in to = {
		.sin_family = AF_INET,
		.sin_addr.s_addr = htonl(INADDR_LOOPBACK),
	};
	int rcvbuf = ICMP_RCVBUF, s[ICMP_SOCKETS], i, k, err;
	long long mark = cpu_us();
	unsigned short sum;

	/* Its own lo: the machine's network is left alone. */
	if (unshare(CLONE_NEWNET)) {
		unexpected(ROLE_ICMP, errno, "unshare(CLONE_NEWNET)");
		return;
	}
	err = loopback_up();
	if (err) {
		unexpected(ROLE_ICMP, -err, "bringing up lo");
		return;
	}
	pkt[0] = 8;		/* echo request, code 0 */
	pkt[4] = 0x6d;		/* identifier */
	pkt[5] = 0x66;
	memset(pkt + 8, 0xa5, ICMP_PAYLOAD);
	sum = icmp_checksum(pkt, sizeof(pkt));
	memcpy(pkt + 2, &sum, sizeof(sum));
	while (!SHARED_LOAD(S->stop)) {
		for (k = 0; k < ICMP_SOCKETS; k++) {
			s[k] = -1;
			if (read_meminfo("MemFree") < ICMP_MIN_FREE)
				continue;
			s[k] = socket(AF_INET, SOCK_RAW | SOCK_CLOEXEC,
				      IPPROTO_ICMP);
			if (s[k] < 0) {
				unexpected(ROLE_ICMP, errno, "raw socket");
				return;
			}
			setsockopt(s[k], SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf,
				   sizeof(rcvbuf));
			for (i = 0; i < ICMP_BURST && !SHARED_LOAD(S->stop);
			     i++) {
				if (sendto(s[k], pkt, sizeof(pkt), MSG_DONTWAIT,
					   (struct sockaddr *)&to,
					   sizeof(to)) > 0)
					SHARED_ADD(st->calls, 1);
				if (i % ICMP_PACE == ICMP_PACE - 1)
					pace_sleep(&mark, ICMP_GAP_MS);
			}
		}
		for (k = 0; k < ICMP_SOCKETS; k++)
			if (s[k] >= 0)
				close(s[k]);
		SHARED_ADD(st->rounds, 1);
		sleep_ms(ICMP_REST_MS * (1 + SHARED_LOAD(S->pace)));
	}
}

/* ---------------------------------------------------------- the fixture */

FIXTURE(stress) {
	pid_t pid[NR_ROLES];
	bool triggers;
};

static void stop_children(pid_t *pids)
{
	long long t0 = now_ms();
	pid_t wl;
	int r, left;

	if (!S)
		return;
	SHARED_STORE(S->stop, 1);
	wl = SHARED_LOAD(S->workload_pid);
	/* SIGTERM: the workload restores every setting it changed. */
	if (wl > 0) {
		kill(wl, SIGTERM);
		kill(wl, SIGCONT);
	}
	do {
		left = 0;
		for (r = 0; r < NR_ROLES; r++) {
			if (pids[r] <= 0)
				continue;
			if (waitpid(pids[r], NULL, WNOHANG) == pids[r]) {
				pids[r] = 0;
				continue;
			}
			left++;
			/* Out of a blocking read or poll. */
			kill(pids[r], SIGUSR1);
		}
		if (left)
			sleep_ms(10);
	} while (left && now_ms() - t0 < 60000);
	for (r = 0; r < NR_ROLES; r++) {
		if (pids[r] <= 0)
			continue;
		kill(pids[r], SIGKILL);
		waitpid(pids[r], NULL, 0);
		pids[r] = 0;
	}
}

static void remove_triggers(void)
{
	int i;

	for (i = 0; i < MEMFRAG_NR_TP; i++)
		if (kernel_has_hist(mft_tracepoints[i]))
			hist_trigger_remove(mft_tracepoints[i],
					    HIST_PIN_KEYS);
	hist_trigger_remove(EXTFRAG_TP, HIST_ALL_KEYS);
	hist_trigger_remove(EXTFRAG_TP, HIST_IRQ_KEYS);
	hist_trigger_remove(BEGIN_TP, HIST_BEGIN_KEYS);
	hist_trigger_remove(END_TP, HIST_END_KEYS);
}

FIXTURE_SETUP(stress)
{
	memset(self, 0, sizeof(*self));
	if (mft_skip_unless_ready(_metadata))
		return;
	if (!S) {
		S = mmap(NULL, sizeof(*S), PROT_READ | PROT_WRITE,
			 MAP_SHARED | MAP_ANONYMOUS, -1, 0);
		ASSERT_NE(MAP_FAILED, S);
	}
	memset(S, 0, sizeof(*S));
}

FIXTURE_TEARDOWN(stress)
{
	stop_children(self->pid);
	if (self->triggers)
		remove_triggers();
	if (mft_loaded())
		mft_unload();
}

/* ----------------------------------------------- a blocked events reader */

/* The state letter of /proc/PID/stat ('S': interruptible sleep). */
static char task_state(pid_t pid)
{
	char path[64], buf[512], *p;

	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	if (read_file(path, buf, sizeof(buf)) <= 0)
		return '?';
	p = strrchr(buf, ')');
	return p && p[1] == ' ' ? p[2] : '?';
}

/* Exit status: 0 if the blocking read ended with EINTR. */
static int blocked_read(void *arg)
{
	char buf[4096];
	int fd;

	child_init();
	fd = open(MEMFRAG_PATH(MEMFRAG_FILE_EVENTS), O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 2;
	if (read(fd, buf, sizeof(buf)) >= 0 || errno != EINTR)
		return 1;
	close(fd);
	return 0;
}

/*
 * What a reader blocked in events sees of an unload: it cannot see one.
 * Its open file holds the module (refcnt 1), so delete_module() fails
 * with EAGAIN (EWOULDBLOCK) for as long as it waits; it waits
 * interruptibly ('S'), so a signal ends the read with EINTR, and once it
 * has closed the file the module unloads and the file is gone (ENOENT).
 * With begin and end disabled no record can ever arrive to end the wait.
 */
TEST_F_TIMEOUT(stress, blocked_events_reader_holds_the_module, 300)
{
	static const enum memfrag_tp_id off[] = {
		MEMFRAG_TP_BEGIN, MEMFRAG_TP_END,
	};
	char params[256];
	int status, i;
	pid_t pid;

	if (mft_loaded())
		ASSERT_EQ(0, mft_unload());
	ASSERT_EQ(0, mft_disable_param(params, sizeof(params), off,
					   ARRAY_SIZE(off)));
	ASSERT_EQ(0, mft_load(params)) TH_LOG("%s", params);

	fflush(NULL);
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0)
		_exit(blocked_read(NULL));
	for (i = 0; i < 100 && task_state(pid) != 'S'; i++)
		sleep_ms(50);
	EXPECT_EQ('S', task_state(pid));
	sleep_ms(200);
	EXPECT_EQ(1, read_num("/sys/module/memfrag/refcnt"));
	errno = 0;
	EXPECT_NE(0, syscall(SYS_delete_module, "memfrag", O_NONBLOCK));
	EXPECT_TRUE(errno == EAGAIN || errno == EWOULDBLOCK)
		TH_LOG("delete_module: %s", strerror(errno));
	EXPECT_TRUE(mft_loaded());
	/* Still blocked. */
	EXPECT_EQ(0, waitpid(pid, &status, WNOHANG));

	ASSERT_EQ(0, kill(pid, SIGUSR1));
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0)
		TH_LOG("blocked read did not end with EINTR (status %d)",
		       status);
	EXPECT_EQ(0, mft_unload());
	EXPECT_TRUE(mft_gone());
	EXPECT_EQ(-ENOENT, open(MEMFRAG_PATH(MEMFRAG_FILE_EVENTS),
				O_RDONLY | O_CLOEXEC) < 0 ? -errno : 0);
}

/* ---------------------------------------------------------- the cycles */

/* The disable= variants the cycles go through; none is the default. */
static const enum memfrag_tp_id variant_scan[] = {
	MEMFRAG_TP_SUITABLE, MEMFRAG_TP_FINISHED,
};
static const enum memfrag_tp_id variant_pair[] = {
	MEMFRAG_TP_BEGIN, MEMFRAG_TP_END,
};
static const enum memfrag_tp_id variant_extfrag[] = {
	MEMFRAG_TP_PAGE_ALLOC_EXTFRAG,
};
static const enum memfrag_tp_id variant_kcompactd[] = {
	MEMFRAG_TP_KCOMPACTD_SLEEP, MEMFRAG_TP_WAKEUP_KCOMPACTD,
	MEMFRAG_TP_KCOMPACTD_WAKE,
};
static const enum memfrag_tp_id variant_stack[] = {
	MEMFRAG_TP_TRY_TO_COMPACT_PAGES,
};
/* Refused: begin and end can only be disabled together. */
static const enum memfrag_tp_id variant_end_only[] = { MEMFRAG_TP_END };

static const struct variant {
	const enum memfrag_tp_id *ids;
	int n;
	bool refused;
} variants[] = {
	{ NULL, 0, false },
	{ variant_scan, ARRAY_SIZE(variant_scan), false },
	{ NULL, 0, false },
	{ variant_pair, ARRAY_SIZE(variant_pair), false },
	{ NULL, 0, false },
	{ variant_extfrag, ARRAY_SIZE(variant_extfrag), false },
	{ NULL, 0, false },
	{ variant_kcompactd, ARRAY_SIZE(variant_kcompactd), false },
	{ NULL, 0, false },
	{ variant_stack, ARRAY_SIZE(variant_stack), false },
};

/* One refused load every this many cycles. */
#define REFUSED_EVERY		50

struct figures {
	long long cycles, refused, eagain, drains, max_unload_ms;
	int max_pace;
	long long load_ms, check_ms, unload_ms;	/* totals */
	long long counted;			/* reset-free cycles */
	long long irq_fallbacks;		/* memfrag's <irq> row, same */
	long long irq_cycles;			/* cycles whose <irq> row was read */
	long long state_errors;
};

/* Is tracepoint id in the variant's list? */
static bool variant_disables(const struct variant *v, int id)
{
	int i;

	for (i = 0; i < v->n; i++)
		if ((int)v->ids[i] == id)
			return true;
	return false;
}

/* Whether each tracepoint is in this kernel: tracefs, read once. */
static bool tp_present[MEMFRAG_NR_TP];

/* Every tracepoint's state is what the variant asked for; errors. */
static int check_states(const struct variant *v)
{
	struct mft_table t;
	int i, r, state, bad = 0;

	if (mft_table_read(MEMFRAG_FILE_STATUS, "", &t))
		return 1;
	state = mft_table_col(&t, MEMFRAG_COL_NAME(state));
	for (i = 0; i < MEMFRAG_NR_TP; i++) {
		const char *want = variant_disables(v, i) ? "disabled" :
				   tp_present[i] ? "attached" : "missing";
		const char *have = "(no row)";

		for (r = 0; r < t.nrows; r++)
			if (!strcmp(t.row[r].f[0], mft_tracepoints[i]))
				have = mft_table_field(&t, r, state);
		if (have && !strcmp(have, want))
			continue;
		if (!bad)
			ksft_print_msg("%s: state %s, want %s\n",
				       mft_tracepoints[i], have ? have : "?",
				       want);
		bad++;
	}
	mft_table_free(&t);
	return bad;
}

static void add_hitcount(const struct hist_entry *e, void *ctx)
{
	*(long long *)ctx += e->hitcount;
}

/* The hits of the hist trigger whose keys start with keys; -1 if none. */
static long long hist_hits(const char *tracepoint, const char *keys)
{
	long long n = 0;

	return hist_for_each(tracepoint, keys, add_hitcount, &n) < 0 ? -1 : n;
}

/* memfrag's <irq> row, added to f. */
static void add_counts(struct figures *f)
{
	struct mft_table t;
	int r, pid_col, comm_col, val_col;

	f->counted++;
	if (mft_table_read(MEMFRAG_FILE_TASKS, MEMFRAG_SEC_NAME(extfrag),
			       &t))
		return;
	pid_col = mft_table_col(&t, MEMFRAG_COL_NAME(pid));
	comm_col = mft_table_col(&t, MEMFRAG_COL_NAME(comm));
	val_col = mft_table_col(&t, MEMFRAG_COL_NAME(fallbacks));
	for (r = 0; r < t.nrows; r++) {
		const char *p = mft_table_field(&t, r, pid_col);
		const char *c = mft_table_field(&t, r, comm_col);
		const char *v = mft_table_field(&t, r, val_col);

		if (p && c && v && atoi(p) == IRQ_PID && !strcmp(c, IRQ_COMM))
			f->irq_fallbacks += atoll(v);
	}
	f->irq_cycles++;
	mft_table_free(&t);
}

/*
 * An open memfrag file holds a reference on the module
 * (Documentation/memfrag.rst, Loading), so a reader never sees its module
 * go away: unloading while a reader is inside a file fails with EAGAIN and
 * is retried.  A reader blocked in events holds that reference for as
 * long as no compaction run ends (for ever, with begin/end disabled): the
 * unloader interrupts it with a signal, which the blocking read must
 * honour (EINTR), and keeps every reader out until the module is gone
 * (blocked_events_reader_holds_the_module shows each step).  The
 * only errors a reader may see are those of a file that is not there or
 * whose module is going away: from open, ENOENT (no file, or debugfs's
 * answer for a file being removed) and ENXIO (debugfs's full proxy, when
 * the module is going); from events, EAGAIN (O_NONBLOCK) and EINTR.
 * Anything else fails the test.  No open() runs while delete_module()
 * does (mft_open_gate_enter(): a window of the kernel's own makes debugfs
 * warn there, whatever the module).
 */
static void signal_events_readers(const pid_t *pids)
{
	static const enum role events_roles[] = {
		ROLE_EVENTS, ROLE_EVENTS_BYTE, ROLE_POLL,
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(events_roles); i++)
		if (pids[events_roles[i]] > 0)
			kill(pids[events_roles[i]], SIGUSR1);
}

/*
 * Unloads while the readers run: EAGAIN while one of them holds a file
 * open.  After DRAIN_AFTER_MS every reader is asked to stay out, and the
 * events readers are interrupted.  0, or -errno.
 */
static int unload_busy(const pid_t *pids, struct figures *f)
{
	long long t0 = now_ms(), last_signal = 0, t;
	int err = 0;

	for (;;) {
		if (!mft_delete_module_gated(&S->gate))
			break;
		if (errno != EAGAIN && errno != EWOULDBLOCK) {
			err = -errno;
			break;
		}
		f->eagain++;
		t = now_ms();
		if (t - t0 >= UNLOAD_DEADLINE_MS) {
			err = -EAGAIN;
			break;
		}
		if (t - t0 >= DRAIN_AFTER_MS && t - last_signal >= RESIGNAL_MS) {
			if (!last_signal)
				f->drains++;
			SHARED_STORE(S->drain, 1);
			signal_events_readers(pids);
			last_signal = t;
		}
		usleep(1000);
	}
	SHARED_STORE(S->drain, 0);
	t = now_ms() - t0;
	if (t > f->max_unload_ms)
		f->max_unload_ms = t;
	return err;
}

/*
 * Every PACE_EVERY cycles: the children's pace doubles while cycles take
 * longer than what is left of 85 % of the budget allows, and halves when
 * they take less than half of it.
 */
#define PACE_EVERY		10
#define PACE_MAX		64

static void set_pace(struct figures *f, long long t0, long budget_s,
		     long cycles, long long *t_last)
{
	long long now = now_ms(), left, target, took;
	int pace = SHARED_LOAD(S->pace);

	left = budget_s * 1000 * 85 / 100 - (now - t0);
	target = cycles > f->cycles ? left / (cycles - f->cycles) : left;
	took = (now - *t_last) / PACE_EVERY;
	*t_last = now;
	if (took > target && pace < PACE_MAX)
		pace = pace ? 2 * pace : 1;
	else if (took < target / 2)
		pace /= 2;
	SHARED_STORE(S->pace, pace);
	if (pace > f->max_pace)
		f->max_pace = pace;
}

static pid_t start_child(enum role r, const char *workload, const char *args,
			 int log_fd)
{
	pid_t pid;

	fflush(NULL);
	pid = fork();
	if (pid)
		return pid;
	child_init();
	srand(getpid());
	switch (r) {
	case ROLE_WHOLE:
		file_reader(r, 65536, 1 << 20);
		break;
	case ROLE_BYTE:
		file_reader(r, 1, 512);
		break;
	case ROLE_SIXTYFOUR:
		file_reader(r, 64, 8192);
		break;
	case ROLE_EVENTS:
		events_reader(r, 4096);
		break;
	case ROLE_EVENTS_BYTE:
		events_reader(r, 1);
		break;
	case ROLE_POLL:
		poll_reader();
		break;
	case ROLE_RESET:
		reset_writer();
		break;
	case ROLE_WORKLOAD:
		/* Killed by SIGUSR1 is fine: it waits for the workload. */
		signal(SIGUSR1, SIG_IGN);
		workload_loop(workload, args, log_fd);
		break;
	case ROLE_ICMP:
		icmp_generator();
		break;
	default:
		break;
	}
	_exit(0);
}

/* The workload's lines (its phases and what they did), as diagnostics. */
static void print_log(int fd)
{
	static char buf[1 << 16];
	char *line, *next;
	ssize_t n;

	n = pread(fd, buf, sizeof(buf) - 1, 0);
	if (n <= 0)
		return;
	buf[n] = '\0';
	for (line = buf; line && *line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		ksft_print_msg("workload: %s\n", line);
	}
}

/* hist_quiet_read() callbacks: memfrag's begin and end hits, quietly. */
static int read_memfrag_hits(void *ctx)
{
	return mft_memfrag_run_hits(ctx);
}

static int read_quiet_end(void *ctx)
{
	struct mft_run_hits *h = ctx;

	h->hist_end = hist_quiet_read(END_TP, read_memfrag_hits, h);
	return h->hist_end < 0 ? -1 : 0;
}

/* memfrag's hits while neither begin nor end fired (nested quiet reads). */
static int quiet_hits(struct mft_run_hits *h)
{
	h->hist_begin = hist_quiet_read(BEGIN_TP, read_quiet_end, h);
	return h->hist_begin < 0 ? -1 : 0;
}

/*
 * The Percpu line counts populated pages of per-CPU chunks, not bytes in
 * use, and the kernel populates and depopulates chunk pages on its own
 * schedule (pcpu_balance_workfn), a page per possible CPU at a time; the
 * ICMP generator's network namespace and the workload's tasks allocate
 * and free per-CPU memory too.  Eight pages per possible CPU covers that.
 * What the line cannot show is a leak smaller than the free space of the
 * pages already populated: one memfrag load (about 40 KiB per CPU on one
 * node) often fits in it and does not move the line at all.  So this
 * catches memfrag's per-CPU blocks leaked over many cycles, not a few
 * bytes; kmemleak, which tracks per-CPU allocations too, is the fine
 * check where the kernel has it.
 */
#define PERCPU_SLACK_PAGES	8

/*
 * What the cycles must have seen before they may stop: a whole round of
 * the workload, a successful call of every reader and of the reset
 * writer (of the children MEMFRAG_STRESS_ROLES started), and, with the
 * workload, a fallback in interrupt context (irq_seen: the kernel's own
 * count).  The blocked
 * events readers get a record only when a compaction run ends while
 * memfrag is loaded: on a KASAN kernel, where the workload spends minutes
 * in phases that compact nothing, 109 cycles once passed without one.
 * Fallbacks in softirq come a few per hundred cycles, and 300 cycles on
 * a slow machine once had none.
 */
static bool coverage_done(long roles, bool irq_seen)
{
	int r;

	if ((roles & 1 << ROLE_WORKLOAD) &&
	    !SHARED_LOAD(S->st[ROLE_WORKLOAD].rounds))
		return false;
	if ((roles & 1 << ROLE_ICMP) && (roles & 1 << ROLE_WORKLOAD) &&
	    !irq_seen)
		return false;
	for (r = ROLE_WHOLE; r <= ROLE_RESET; r++)
		if ((roles & 1 << r) && !SHARED_LOAD(S->st[r].calls))
			return false;
	return true;
}

/*
 * Whether each events reader (blocked, blocked 1-byte, poll) has read.
 * They read only when a run ends while memfrag is loaded, so the cycles
 * end runs themselves until they have: waiting for the workload to end
 * one depends on the host's speed (a KASAN kernel's first round once
 * ended 11 runs in 142 cycles).
 */
static bool events_readers_read(long roles)
{
	int r;

	for (r = ROLE_EVENTS; r <= ROLE_POLL; r++)
		if ((roles & 1 << r) && !SHARED_LOAD(S->st[r].calls))
			return false;
	return true;
}

/*
 * The harness's limit is a constant: MEMFRAG_STRESS_BUDGET_S may ask for
 * up to BUDGET_S_MAX, and the 250 s above it are for what follows the
 * cycles (the exactness check, the last unload, kmemleak).
 */
#define BUDGET_S_MAX		5000

/*
 * The cycles go on until the workload has finished a round and every
 * reader has read (coverage_done()); every 50th cycle tries a refused
 * disable= (end without begin).
 *
 * Afterwards: memfrag loads once more with nothing else running, its
 * reference count is 0, the hit counts of mm_compaction_begin and _end
 * move exactly as hist triggers on the same tracepoints over a quiet
 * interval, it unloads at once, the Percpu line of /proc/meminfo is back
 * to its baseline (see PERCPU_SLACK_PAGES), and kmemleak, where the kernel
 * has it, finds no new leak.  Kernel reports (KASAN, lockdep, warnings)
 * are the VM runner's to find in the log.
 */
TEST_F_TIMEOUT(stress, load_unload_cycles_under_load, BUDGET_S_MAX + 250)
{
	long cycles = env_num("MEMFRAG_STRESS_CYCLES", CYCLES_DEFAULT);
	long dwell = env_num("MEMFRAG_STRESS_DWELL_MS", DWELL_MS_DEFAULT);
	long budget = env_num("MEMFRAG_STRESS_BUDGET_S", BUDGET_S_DEFAULT);
	long roles = env_num("MEMFRAG_STRESS_ROLES", (1 << NR_ROLES) - 1);
	long pin = env_num("MEMFRAG_STRESS_PIN", 1);
	const char *args = getenv("MEMFRAG_STRESS_WORKLOAD");
	const char *workload = mft_workload_path();
	long long irq0, all0, end0, t0, t, t_cycles, stall0, wake0, stall1, wake1;
	long long t_pace, seen;
	long long irq1 = -1, all1 = -1, end1 = -1;
	long ncpus = sysconf(_SC_NPROCESSORS_CONF), page = sysconf(_SC_PAGESIZE);
	unsigned long percpu0, percpu1, percpu_loaded;
	static char leaks[1 << 16];
	struct figures f = { 0 };
	struct mft_run_hits a, b;
	char params[512];
	long long i, extra_from = -1;
	bool irq_hist, irq_seen;
	int r, err, log_fd;

	if (!args || !*args)
		args = WORKLOAD_DEFAULT;
	if (!workload)
		SKIP(return, "memfrag_workload not found (set MEMFRAG_WORKLOAD)");
	if (budget > BUDGET_S_MAX)
		budget = BUDGET_S_MAX;
	if (!kernel_has_hist(BEGIN_TP) || !kernel_has_hist(END_TP))
		SKIP(return, "kernel lacks compaction tracepoints or CONFIG_HIST_TRIGGERS");
	if (mft_loaded())
		ASSERT_EQ(0, mft_unload());

	/* The baseline: after one load and unload of memfrag. */
	ASSERT_EQ(0, mft_load(NULL));
	percpu_loaded = read_meminfo("Percpu");
	ASSERT_EQ(0, mft_unload());
	percpu0 = percpu_settled();
	/* Suspects so far are not this test's. */
	if (kmemleak_present())
		ASSERT_EQ(0, kmemleak_clear());
	ksft_print_msg("Percpu baseline %lu KiB (%lu KiB while loaded), %ld possible CPUs\n",
		       percpu0 >> 10, percpu_loaded >> 10, ncpus);

	self->triggers = true;
	/*
	 * Every tracepoint stays enabled while the cycles run, so that
	 * attaching and detaching memfrag's probes never patches kernel
	 * text: each patch waits for every CPU to serialise (IPIs), and under
	 * TCG's round robin a busy second vCPU answers one only at the end of
	 * its time slice, which made a cycle take seconds.
	 */
	/* Braced: ASSERT_*() TH_LOG() is two statements. */
	for (r = 0; pin && r < MEMFRAG_NR_TP; r++) {
		if (!kernel_has_hist(mft_tracepoints[r]))
			continue;
		ASSERT_EQ(0, hist_trigger_add(mft_tracepoints[r],
					      HIST_PIN_KEYS))
			TH_LOG("%s", mft_tracepoints[r]);
	}
	ASSERT_EQ(0, hist_trigger_add(END_TP, HIST_END_KEYS));
	ASSERT_EQ(0, hist_trigger_add(EXTFRAG_TP, HIST_ALL_KEYS));
	irq_hist = !hist_trigger_add(EXTFRAG_TP, HIST_IRQ_KEYS);
	if (!irq_hist)
		ksft_print_msg("no hist trigger filtered on interrupt context: memfrag's count only\n");
	for (r = 0; r < MEMFRAG_NR_TP; r++)
		tp_present[r] = kernel_has_tracepoint(mft_tracepoints[r]);
	all0 = hist_hits(EXTFRAG_TP, TP_FIELD_ALLOC_ORDER);
	irq0 = irq_hist ? hist_hits(EXTFRAG_TP, TP_FIELD_FALLBACK_ORDER) : 0;
	/* Without the filtered trigger, memfrag's row is all there is. */
	irq_seen = !irq_hist;
	end0 = hist_total(END_TP);
	stall0 = read_vmstat("compact_stall");
	wake0 = read_vmstat("compact_daemon_wake");

	log_fd = memfd_create("memfrag_workload.log", MFD_CLOEXEC);
	ASSERT_LE(0, log_fd);
	for (r = 0; r < NR_ROLES; r++) {
		if (!(roles & 1 << r))
			continue;
		self->pid[r] = start_child(r, workload, args, log_fd);
		ASSERT_LT(0, self->pid[r]) TH_LOG("fork: %s", strerror(errno));
	}

	t0 = now_ms();
	t_pace = t0;
	/*
	 * At least the cycles asked for, and on until the workload has
	 * finished a round and every reader has read (coverage_done()):
	 * only then did every kind of compaction and every reader run while
	 * memfrag came and went.  How long that takes depends on the kernel
	 * and on the machine (a KASAN kernel under TCG on a busy host needs
	 * longer than a hundred cycles); the budget bounds both.
	 */
	for (i = 0; i < cycles || !coverage_done(roles, irq_seen); i++) {
		const struct variant *v = &variants[i % ARRAY_SIZE(variants)];
		bool counting = i % 2 == 0;

		if (now_ms() - t0 > budget * 1000) {
			ksft_print_msg("out of time after %lld cycles (MEMFRAG_STRESS_BUDGET_S=%ld)\n",
				       i, budget);
			break;
		}
		if (i == cycles) {
			/* The children at full speed from here. */
			extra_from = i;
			SHARED_STORE(S->pace, 0);
		}
		if (i % REFUSED_EVERY == REFUSED_EVERY - 1) {
			ASSERT_EQ(0, mft_disable_param(params,
				sizeof(params), variant_end_only,
				ARRAY_SIZE(variant_end_only)));
			ASSERT_EQ(-EINVAL, mft_load(params));
			ASSERT_FALSE(mft_loaded());
			f.refused++;
		}
		/* Odd cycles reset all the time; even ones count. */
		SHARED_STORE(S->resets_on, !counting);
		params[0] = '\0';
		if (v->n)
			ASSERT_EQ(0, mft_disable_param(params,
				sizeof(params), v->ids, v->n));
		t = now_ms();
		err = mft_load(params);
		ASSERT_EQ(0, err) TH_LOG("cycle %lld: load %s: %s", i, params,
					 strerror(-err));
		f.load_ms += now_ms() - t;
		if (dwell)
			sleep_ms(rand() % (dwell + 1));
		if (!events_readers_read(roles))
			ASSERT_EQ(0, compact_all_memory());
		t = now_ms();
		f.state_errors += !!check_states(v);
		if (counting && !variant_disables(v,
					MEMFRAG_TP_PAGE_ALLOC_EXTFRAG))
			add_counts(&f);
		f.check_ms += now_ms() - t;
		t = now_ms();
		err = unload_busy(self->pid, &f);
		f.unload_ms += now_ms() - t;
		ASSERT_EQ(0, err) TH_LOG("cycle %lld: unload: %s", i,
					 strerror(-err));
		f.cycles++;
		if (irq_hist && !irq_seen)
			irq_seen = hist_hits(EXTFRAG_TP,
					     TP_FIELD_FALLBACK_ORDER) > irq0;
		if (f.cycles % PACE_EVERY == 0 && f.cycles < cycles)
			set_pace(&f, t0, budget, cycles, &t_pace);
		if (f.cycles % 100 == 0)
			ksft_print_msg("%lld cycles, %lld s, pace %d\n",
				       f.cycles, (now_ms() - t0) / 1000,
				       SHARED_LOAD(S->pace));
	}
	t_cycles = now_ms() - t0;
	end1 = hist_total(END_TP);
	stall1 = read_vmstat("compact_stall");
	wake1 = read_vmstat("compact_daemon_wake");
	all1 = hist_hits(EXTFRAG_TP, TP_FIELD_ALLOC_ORDER);
	irq1 = irq_hist ? hist_hits(EXTFRAG_TP, TP_FIELD_FALLBACK_ORDER) : 0;
	stop_children(self->pid);
	print_log(log_fd);
	close(log_fd);

	/* The figures. */
	ksft_print_msg("%lld cycles in %lld s (%lld ms each), %lld refused loads, %lld unload retries (EAGAIN), %lld drains of the readers, longest unload %lld ms\n",
		       f.cycles, t_cycles / 1000,
		       f.cycles ? t_cycles / f.cycles : 0, f.refused, f.eagain,
		       f.drains, f.max_unload_ms);
	ksft_print_msg("time in load %lld ms, checks %lld ms, unload %lld ms; children's pace at most %d\n",
		       f.load_ms, f.check_ms, f.unload_ms, f.max_pace);
	ksft_print_msg("compaction runs: %lld (hist on %s); vmstat compact_stall +%lld, compact_daemon_wake +%lld\n",
		       end1 - end0, END_TP, stall1 - stall0, wake1 - wake0);
	ksft_print_msg("records read from events: manual %lld, direct %lld (%lld stack frames), kcompactd %lld, proactive %lld; %lld fragments (the rest of a record another reader began), %lld dropped\n",
		       S->records[MEMFRAG_TRIGGER_MANUAL],
		       S->records[MEMFRAG_TRIGGER_DIRECT], S->frames,
		       S->records[MEMFRAG_TRIGGER_KCOMPACTD],
		       S->records[MEMFRAG_TRIGGER_PROACTIVE], S->fragments,
		       S->dropped);
	ksft_print_msg("fallbacks: %lld (hist), %lld of them in interrupt context (hist, common_flags & (HARDIRQ|SOFTIRQ)); memfrag's <irq> row: %lld in %lld cycles\n",
		       all1 - all0, irq1 - irq0, f.irq_fallbacks, f.irq_cycles);
	for (r = 0; r < NR_ROLES; r++) {
		const struct role_stats *st = &S->st[r];

		ksft_print_msg("%-28s %8lld calls %10lld bytes %6lld opens (ENOENT %lld, ENXIO %lld) EINTR %lld EAGAIN %lld EOF %lld rounds %lld unexpected %lld\n",
			       role_names[r], st->calls, st->bytes, st->opens,
			       st->gone, st->going, st->eintr, st->eagain,
			       st->eof, st->rounds, st->unexpected);
		EXPECT_EQ(0, st->unexpected)
			TH_LOG("%s: first unexpected error %s: %s",
			       role_names[r], st->first_what,
			       strerror(st->first_errno));
	}
	if (extra_from >= 0)
		ksft_print_msg("%lld cycles after the %ld asked for, waiting for the workload's first round and a read of every reader\n",
			       f.cycles - extra_from, cycles);
	EXPECT_LE(cycles, f.cycles);
	EXPECT_EQ(0, f.state_errors);
	/*
	 * With the workload, every kind of compaction ran during the cycles:
	 * the kernel counted direct compaction stalls and kcompactd
	 * wake-ups, the workload went through its manual and proactive
	 * phases at least once, and (it is what empties the unmovable free
	 * lists) the softirq generator's allocations fell back.  Which of
	 * those runs memfrag saw depends on where its load windows fell, so
	 * its records by trigger are figures, not conditions; but it saw
	 * runs (without the workload, the cycles' own manual compaction).
	 */
	if (roles & 1 << ROLE_WORKLOAD) {
		EXPECT_LT(0, stall1 - stall0);
		EXPECT_LT(0, wake1 - wake0);
		EXPECT_LT(0, S->st[ROLE_WORKLOAD].rounds);
		if (roles & 1 << ROLE_ICMP)
			EXPECT_LT(0, irq_hist ? irq1 - irq0 : f.irq_fallbacks);
	}
	for (r = 0, seen = 0; r < MEMFRAG_NR_TRIGGERS; r++)
		seen += S->records[r];
	EXPECT_LT(0, seen);
	/*
	 * Named apart: EXPECT_*() TH_LOG() is two statements, and in a loop
	 * without braces the log ran after it, naming the wrong role.
	 */
	for (r = ROLE_WHOLE; r <= ROLE_RESET; r++) {
		if (!S->st[r].calls)
			ksft_print_msg("%s: not one call\n", role_names[r]);
		EXPECT_LT(0, S->st[r].calls);
	}

	/* Nothing else running: refcount 0, and exact counts. */
	ASSERT_FALSE(mft_loaded());
	ASSERT_EQ(0, mft_load(NULL));
	EXPECT_EQ(0, read_num("/sys/module/memfrag/refcnt"));
	ASSERT_EQ(0, hist_trigger_add(BEGIN_TP, HIST_BEGIN_KEYS));
	ASSERT_EQ(0, quiet_hits(&a));
	ASSERT_EQ(0, compact_all_memory());
	ASSERT_EQ(0, quiet_hits(&b));
	ksft_print_msg("after the cycles: memfrag/hist begin +%lld/+%lld end +%lld/+%lld\n",
		       b.mf_begin - a.mf_begin, b.hist_begin - a.hist_begin,
		       b.mf_end - a.mf_end, b.hist_end - a.hist_end);
	EXPECT_LT(0, b.hist_begin - a.hist_begin);
	EXPECT_EQ(b.hist_begin - a.hist_begin, b.mf_begin - a.mf_begin);
	EXPECT_EQ(b.hist_end - a.hist_end, b.mf_end - a.mf_end);
	remove_triggers();
	self->triggers = false;
	errno = 0;
	EXPECT_EQ(0, syscall(SYS_delete_module, "memfrag", O_NONBLOCK))
		TH_LOG("unload with nothing open: %s", strerror(errno));
	if (mft_loaded())
		ASSERT_EQ(0, mft_unload());
	EXPECT_TRUE(mft_gone());

	percpu1 = percpu_settled();
	ksft_print_msg("Percpu %lu KiB, baseline %lu KiB, slack %ld KiB\n",
		       percpu1 >> 10, percpu0 >> 10,
		       PERCPU_SLACK_PAGES * page * ncpus >> 10);
	EXPECT_GE(percpu0 + PERCPU_SLACK_PAGES * page * ncpus, percpu1);
	if (kmemleak_present()) {
		EXPECT_EQ(0, kmemleak_new_leaks(leaks, sizeof(leaks)))
			TH_LOG("kmemleak:\n%s", leaks);
	}
}

TEST_HARNESS_MAIN

// SPDX-License-Identifier: GPL-2.0
/*
 * memfrag snoop: one line per compaction run, from the module's events
 * file, with bcc compactsnoop's columns and options (-T -p -d -e -K), plus
 * the trigger compactsnoop cannot see.
 *
 * Reading the events file consumes it: while snoop runs, other readers of
 * the file (another snoop) see only what snoop left them.  -p filters here,
 * after the read.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <memfrag/memfrag.h>

#include "snoop.h"
#include "util.h"

const struct mf_opt mf_snoop_opts[] = {
	{ 'T', "timestamp", NULL, "print a timestamp (seconds since boot)" },
	{ 'p', "pid", "PID", "show only runs of this process" },
	{ 'D', "duration", "SECONDS", "stop after SECONDS" },
	{ 'e', "extended", NULL,
	  "show FRAGIDX, MIN, LOW, HIGH and FREE at the start of each run" },
	{ 'K', "kernel-stack", NULL,
	  "show the kernel stack of each direct compaction" },
	{ 0, NULL, NULL, NULL }
};

struct mf_snoop {
	int timestamp, extended, stacks;
	long pid;		/* -1: every process */
	double duration;	/* 0: until interrupted */
};

static int mf_snoop_usage_error(const char *what, const char *arg)
{
	fprintf(stderr, "%s snoop: %s '%s'\nTry '%s snoop --help'.\n", MF_PROG,
		what, arg, MF_PROG);
	return MF_EXIT_USAGE;
}

static int mf_snoop_parse(int argc, char **argv, struct mf_snoop *s)
{
	struct mf_getopt g;
	const char *bad;
	char *end;
	int c;

	s->pid = -1;
	mf_getopt_init(&g, mf_snoop_opts, mf_nopts(mf_snoop_opts));
	while ((c = mf_getopt(&g, argc, argv, &bad)) != -1) {
		switch (c) {
		case 'T':
			s->timestamp = 1;
			break;
		case 'e':
			s->extended = 1;
			break;
		case 'K':
			s->stacks = 1;
			break;
		case 'p':
			errno = 0;
			s->pid = strtol(optarg, &end, 10);
			if (errno || end == optarg || *end || s->pid <= 0)
				return mf_snoop_usage_error("-p: not a process id",
							    optarg);
			break;
		case 'D':
			if (mf_parse_decimal_seconds(optarg, MF_MIN_INTERVAL,
						     31536000, &s->duration))
				return mf_snoop_usage_error("-D: not a number of seconds",
							    optarg);
			break;
		case ':':
			return mf_snoop_usage_error("option needs an argument:",
						    bad);
		default:
			return mf_snoop_usage_error("unknown option", bad);
		}
	}
	if (optind < argc)
		return mf_snoop_usage_error("unexpected argument", argv[optind]);
	return 0;
}

/* Opens the events file, explaining why it cannot be opened. */
static int mf_snoop_open(const struct mf_source *src, int *fd,
			 struct mf_error *err)
{
	char path[4200];

	snprintf(path, sizeof(path), "%s/%s", mf_source_dir(src),
		 MEMFRAG_FILE_EVENTS);
	*fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	return *fd < 0 ? mf_open_error(src, path, errno, err) : 0;
}

static void mf_snoop_header(const struct mf_snoop *s)
{
	if (s->timestamp)
		printf("%-15s ", "TIME(s)");
	printf("%-14s %-6s %-4s %-12s %-5s %-5s ", "COMM", "PID", "NODE",
	       "ZONE", "ORDER", "MODE");
	if (s->extended)
		printf("%-8s %-8s %-8s %-8s %-8s ", "FRAGIDX", "MIN", "LOW",
		       "HIGH", "FREE");
	printf("%12s %17s %-10s\n", "LAT(ms)", "STATUS", "TRIGGER");
}

/* One record line of the events file (Documentation/memfrag.rst). */
struct mf_snoop_event {
	unsigned long long ts_ns;
	long pid;
	char comm[32], zone[32], trigger[16], mode[8], lat[32], result[32];
	char fragidx[16], min[24], low[24], high[24], boost[24], free[24];
	int node, order;
};

static int mf_snoop_parse_event(const char *line, struct mf_snoop_event *e)
{
	return sscanf(line, "%llu %ld %31s %d %31s %d %15s %7s %31s %31s %15s %23s %23s %23s %23s %23s",
		      &e->ts_ns, &e->pid, e->comm, &e->node, e->zone, &e->order,
		      e->trigger, e->mode, e->lat, e->result, e->fragidx,
		      e->min, e->low, e->high, e->boost, e->free) == 16 ? 0 : -1;
}

/* Returns 1 when the line was shown (its stack lines follow it). */
static int mf_snoop_print(const struct mf_snoop *s, const char *line)
{
	struct mf_snoop_event e;
	char zone[40] = "ZONE_", lat[32] = "-";
	unsigned int i;

	if (mf_snoop_parse_event(line, &e)) {
		fprintf(stderr, "%s snoop: unexpected line: %s\n", MF_PROG, line);
		return 0;
	}
	if (s->pid > 0 && e.pid != s->pid)
		return 0;
	for (i = 0; e.zone[i] && i + 6 < sizeof(zone); i++)
		zone[5 + i] = (char)toupper((unsigned char)e.zone[i]);
	zone[5 + i] = '\0';
	for (i = 0; e.mode[i]; i++)
		e.mode[i] = (char)toupper((unsigned char)e.mode[i]);
	if (strcmp(e.lat, "-"))
		snprintf(lat, sizeof(lat), "%.3f", strtod(e.lat, NULL) / 1e6);
	if (s->timestamp)
		printf("%-15.9f ", e.ts_ns / 1e9);
	printf("%-14.14s %-6ld %-4d %-12s %-5d %-5s ", e.comm, e.pid, e.node,
	       zone, e.order, e.mode);
	if (s->extended)
		printf("%-8s %-8s %-8s %-8s %-8s ", e.fragidx, e.min, e.low,
		       e.high, e.free);
	printf("%12s %17s %-10s\n", lat, e.result, e.trigger);
	return 1;
}

static double mf_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Handles the lines in buf[0..len); returns how many bytes were used. */
static size_t mf_snoop_lines(const struct mf_snoop *s, char *buf, size_t len,
			     int *shown)
{
	size_t used = 0;

	while (used < len) {
		char *nl = memchr(buf + used, '\n', len - used), *line;

		if (!nl)
			break;
		*nl = '\0';
		line = buf + used;
		used = nl - buf + 1;
		if (!strncmp(line, "# dropped ", 10))
			printf("LOST %s compaction runs (the module's buffer was full)\n",
			       line + 10);
		else if (line[0] == ' ') {
			if (*shown && s->stacks)
				printf("    %s\n", line + 2);
		} else if (line[0])
			*shown = mf_snoop_print(s, line);
	}
	return used;
}

static int mf_snoop_run(const struct mf_snoop *s, int fd)
{
	static char buf[1 << 16];
	double deadline = s->duration ? mf_now() + s->duration : 0;
	size_t have = 0;
	int shown = 0;

	mf_snoop_header(s);
	for (;;) {
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		int timeout = -1;
		ssize_t n;

		if (deadline) {
			double left = deadline - mf_now();

			if (left <= 0)
				break;
			timeout = (int)(left * 1000) + 1;
		}
		fflush(stdout);
		n = poll(&pfd, 1, timeout);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			fprintf(stderr, "%s snoop: poll: %s\n", MF_PROG,
				strerror(errno));
			return MF_EXIT_ERROR;
		}
		if (!n)
			continue;
		n = read(fd, buf + have, sizeof(buf) - 1 - have);
		if (n < 0 && (errno == EAGAIN || errno == EINTR))
			continue;
		if (n <= 0) {
			fprintf(stderr, "%s snoop: read: %s\n", MF_PROG,
				n ? strerror(errno) : "end of file");
			return MF_EXIT_ERROR;
		}
		have += n;
		n = mf_snoop_lines(s, buf, have, &shown);
		memmove(buf, buf + n, have - n);
		have -= n;
	}
	return fflush(stdout) ? MF_EXIT_ERROR : MF_EXIT_OK;
}

int mf_snoop_main(int argc, char **argv, const struct mf_globals *gl,
		  struct mf_source *src, struct mf_error *err)
{
	struct mf_snoop s = { 0 };

	(void)gl;
	int fd, ret;

	ret = mf_snoop_parse(argc, argv, &s);
	if (ret)
		return ret;
	ret = mf_snoop_open(src, &fd, err);
	if (ret)
		return ret;
	ret = mf_snoop_run(&s, fd);
	close(fd);
	return ret;
}

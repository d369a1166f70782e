// SPDX-License-Identifier: GPL-2.0
/*
 * memfrag snoop: one line per compaction run, from the module's events
 * file, with bcc compactsnoop's columns and options (-T -p -e -K; its -d
 * is -D here, -d being the directory everywhere), plus the trigger
 * compactsnoop cannot see; or one JSON object per run (-j).  A saved
 * stream (-d DIR with a copy of events) is replayed to its end.
 *
 * Reading the events file consumes it: while snoop runs, other readers of
 * the file (another snoop) see only what snoop left them.  -p filters here,
 * after the read.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <memfrag/memfrag.h>

#include "builtin.h"
#include "util/json.h"
#include "util/util.h"

const struct mf_opt mf_snoop_opts[] = {
	{ 'T', "timestamp", NULL, "print a timestamp (seconds since boot)" },
	{ 'p', "pid", "PID",	/* an option, not a column name */
	  "show only runs of this process" },
	{ 'D', "duration", "SECONDS", "stop after SECONDS" },
	{ 'e', "extended", NULL,
	  "FRAGIDX, MIN, LOW, HIGH, FREE as each run began" },
	{ 'K', "kernel-stack", NULL,
	  "show the kernel stack of each direct compaction" },
	{ 0, NULL, NULL, NULL }
};

#define MF_SNOOP_FRAMES	16

/* One record line of the events file (Documentation/memfrag.rst). */
struct mf_snoop_event {
	unsigned long long ts_ns;
	long pid;
	char comm[32], zone[32], trigger[16], mode[8], lat[32], result[32];
	char fragidx[16], min[24], low[24], high[24], boost[24], free[24];
	int node, order;
	unsigned int nframes;
	char frames[MF_SNOOP_FRAMES][128];
};

struct mf_snoop {
	int timestamp, extended, stacks, json;
	int once;		/* events: stop when none is waiting */
	long pid;		/* -1: every process */
	double duration;	/* 0: until interrupted */
	const struct mf_globals *g;	/* -n -z -t filter */
	const char *version;
	char version_buf[64];
	int format;
	int pending;		/* ev waits for its stack lines */
	struct mf_snoop_event ev;
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

/*
 * One line a run, 80 columns at most with the longest result
 * (not_suitable_zone) and trigger (kcompactd) unless -T or -e add theirs;
 * the command name is cut to the kernel's 15 characters less one, as
 * compactsnoop does.
 */
#define MF_SNOOP_COLS	"%-14.14s %-6s %-4s %-7s %-3s %-5s "
#define MF_SNOOP_TAIL	"%7s %-17s %s\n"

static void mf_snoop_header(const struct mf_snoop *s)
{
	if (s->json)
		return;
	if (s->timestamp)
		printf("%-15s ", "TIME(s)");
	printf(MF_SNOOP_COLS, "COMM", "PID", "NODE", "ZONE", "ORD", "MODE");
	if (s->extended)
		printf("%-8s %-8s %-8s %-8s %-8s ", "FRAGIDX", "MIN", "LOW",
		       "HIGH", "FREE");
	printf(MF_SNOOP_TAIL, "LAT(us)", "STATUS", "TRIGGER");
}

static int mf_snoop_parse_event(const char *line, struct mf_snoop_event *e)
{
	char end;

	e->nframes = 0;
	return sscanf(line, "%llu %ld %31s %d %31s %d %15s %7s %31s %31s %15s %23s %23s %23s %23s %23s %c",
		      &e->ts_ns, &e->pid, e->comm, &e->node, e->zone, &e->order,
		      e->trigger, e->mode, e->lat, e->result, e->fragidx,
		      e->min, e->low, e->high, e->boost, e->free, &end) == 16 ?
		      0 : -1;
}

/* Whether the filters (-p, -n, -z, -t) let e through. */
static int mf_snoop_match(const struct mf_snoop *s,
			  const struct mf_snoop_event *e)
{
	const struct mf_globals *g = s->g;

	return (s->pid <= 0 || e->pid == s->pid) &&
	       (g->node < 0 || e->node == g->node) &&
	       (!g->zone || !strcasecmp(g->zone, e->zone)) &&
	       (!g->trigger || !strcmp(g->trigger, e->trigger));
}

/* A field that is a number, or "-" (unknown): JSON number or null. */
static void mf_snoop_json_num(struct mf_json *j, const char *key,
			      const char *tok, enum mf_type type)
{
	mf_json_tok(j, key, type, tok);
}

static void mf_snoop_begin_json(struct mf_json *j, const struct mf_snoop *s,
				const char *record)
{
	mf_json_init(j, stdout, 0);
	mf_json_begin(j, NULL, '{');
	mf_json_str(j, "view", "snoop");
	mf_json_str(j, "version", s->version);
	mf_json_int(j, "format", s->format);
	mf_json_str(j, "record", record);
}

static void mf_snoop_json(const struct mf_snoop *s,
			  const struct mf_snoop_event *e)
{
	struct mf_json j;
	unsigned int i;
	uint64_t ns;

	mf_snoop_begin_json(&j, s, "run");
	mf_json_double(&j, "monotonic", e->ts_ns / 1e9);
	mf_json_int(&j, MF_COL(pid), e->pid);
	mf_json_str(&j, MF_COL(comm), e->comm);
	mf_json_int(&j, MF_COL(node), e->node);
	mf_json_str(&j, MF_COL(zone), e->zone);
	mf_json_int(&j, MF_COL(order), e->order);
	mf_json_str(&j, MF_COL(trigger), e->trigger);
	mf_json_str(&j, MF_COL(mode), e->mode);
	mf_json_str(&j, MF_COL(result), e->result);
	if (!mf_parse_u64(e->lat, &ns))
		mf_json_u64(&j, "latency_us", ns / 1000);
	else
		mf_json_null(&j, "latency_us");
	mf_snoop_json_num(&j, "fragindex", e->fragidx, MF_T_MILLI);
	mf_snoop_json_num(&j, MF_COL(min), e->min, MF_T_GAUGE);
	mf_snoop_json_num(&j, MF_COL(low), e->low, MF_T_GAUGE);
	mf_snoop_json_num(&j, MF_COL(high), e->high, MF_T_GAUGE);
	mf_snoop_json_num(&j, MF_COL(boost), e->boost, MF_T_GAUGE);
	mf_snoop_json_num(&j, MF_COL(free), e->free, MF_T_GAUGE);
	mf_json_begin(&j, "stack", '[');
	for (i = 0; i < e->nframes; i++)
		mf_json_str(&j, NULL, e->frames[i]);
	mf_json_end(&j, ']');
	mf_json_end(&j, '}');
	mf_json_done(&j);
}

static void mf_snoop_text(const struct mf_snoop *s, struct mf_snoop_event *e)
{
	char pid[24], node[16], order[16], lat[32] = "-";
	unsigned int i;
	uint64_t ns;

	snprintf(pid, sizeof(pid), "%ld", e->pid);
	snprintf(node, sizeof(node), "%d", e->node);
	snprintf(order, sizeof(order), "%d", e->order);
	for (i = 0; e->mode[i]; i++)
		e->mode[i] = (char)toupper((unsigned char)e->mode[i]);
	if (!mf_parse_u64(e->lat, &ns))
		snprintf(lat, sizeof(lat), "%llu",
			 (unsigned long long)(ns / 1000));
	if (s->timestamp)
		printf("%-15.9f ", e->ts_ns / 1e9);
	printf(MF_SNOOP_COLS, e->comm, pid, node, e->zone, order, e->mode);
	if (s->extended)
		printf("%-8s %-8s %-8s %-8s %-8s ", e->fragidx, e->min, e->low,
		       e->high, e->free);
	printf(MF_SNOOP_TAIL, lat, e->result, e->trigger);
	for (i = 0; s->stacks && i < e->nframes; i++)
		printf("    %s\n", e->frames[i]);
}

/* Shows the pending run (its stack lines have all been read). */
static void mf_snoop_flush(struct mf_snoop *s)
{
	if (!s->pending)
		return;
	s->pending = 0;
	if (!mf_snoop_match(s, &s->ev))
		return;
	if (s->json)
		mf_snoop_json(s, &s->ev);
	else
		mf_snoop_text(s, &s->ev);
}

static void mf_snoop_dropped(struct mf_snoop *s, const char *n)
{
	struct mf_json j;
	uint64_t v;

	if (mf_parse_u64(n, &v)) {
		fprintf(stderr, "%s snoop: unexpected line: # dropped %s\n",
			MF_PROG, n);
		return;
	}
	if (!s->json) {
		printf("LOST %llu compaction runs (the module's buffer was full)\n",
		       (unsigned long long)v);
		return;
	}
	mf_snoop_begin_json(&j, s, "dropped");
	mf_json_u64(&j, "dropped", v);
	mf_json_end(&j, '}');
	mf_json_done(&j);
}

static void mf_snoop_line(struct mf_snoop *s, const char *line)
{
	if (line[0] == ' ' && line[1] == ' ') {
		if (s->pending && s->ev.nframes < MF_SNOOP_FRAMES)
			snprintf(s->ev.frames[s->ev.nframes++],
				 sizeof(s->ev.frames[0]), "%s", line + 2);
		return;
	}
	mf_snoop_flush(s);
	if (!strncmp(line, "# dropped ", 10))
		mf_snoop_dropped(s, line + 10);
	else if (mf_snoop_parse_event(line, &s->ev))
		fprintf(stderr, "%s snoop: unexpected line: %s\n", MF_PROG,
			line);
	else
		s->pending = 1;
}

static double mf_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Handles the lines in buf[0..len); returns how many bytes were used. */
static size_t mf_snoop_lines(struct mf_snoop *s, char *buf, size_t len)
{
	size_t used = 0;

	while (used < len) {
		char *nl = memchr(buf + used, '\n', len - used), *line;

		if (!nl)
			break;
		*nl = '\0';
		line = buf + used;
		used = nl - buf + 1;
		if (line[0])
			mf_snoop_line(s, line);
	}
	return used;
}

/*
 * Reads the stream until -D's time is up or, for a saved stream (a
 * regular file), its end: the live file never ends, it blocks.
 */
static int mf_snoop_run(struct mf_snoop *s, int fd)
{
	static char buf[1 << 16];
	double deadline = s->duration ? mf_now() + s->duration : 0;
	size_t have = 0;

	mf_snoop_header(s);
	for (;;) {
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		int timeout = s->once ? 0 : -1;
		ssize_t n;

		if (deadline) {
			double left = deadline - mf_now();

			if (left <= 0)
				break;
			timeout = (int)(left * 1000) + 1;
		}
		/* a run waits for its stack lines, not for the next run */
		if (have == 0)
			mf_snoop_flush(s);
		fflush(stdout);
		n = poll(&pfd, 1, timeout);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			fprintf(stderr, "%s snoop: poll: %s\n", MF_PROG,
				strerror(errno));
			return MF_EXIT_ERROR;
		}
		if (!n && s->once)
			break;
		if (!n)
			continue;
		n = read(fd, buf + have, sizeof(buf) - 1 - have);
		if (n < 0 && errno == EAGAIN && s->once)
			n = 0;	/* events: what was waiting is all */
		if (n < 0 && (errno == EAGAIN || errno == EINTR))
			continue;
		if (n < 0) {
			fprintf(stderr, "%s snoop: read: %s\n", MF_PROG,
				strerror(errno));
			return MF_EXIT_ERROR;
		}
		if (n == 0) {
			/* the end of a saved stream; a last line without \n */
			if (have) {
				buf[have] = '\n';
				mf_snoop_lines(s, buf, have + 1);
			}
			break;
		}
		have += n;
		n = mf_snoop_lines(s, buf, have);
		if ((size_t)n == 0 && have == sizeof(buf) - 1)
			n = have;	/* a line longer than buf: skip it */
		memmove(buf, buf + n, have - n);
		have -= n;
	}
	mf_snoop_flush(s);
	return fflush(stdout) ? MF_EXIT_ERROR : MF_EXIT_OK;
}

/* The version and format of the module, from status beside events. */
static void mf_snoop_version(struct mf_snoop *s, const struct mf_source *src)
{
	struct mf_error err = { 0 };
	struct mf_file f;

	s->version = MEMFRAG_VERSION;
	s->format = MEMFRAG_FORMAT_VERSION;
	if (!mf_load(src, MEMFRAG_FILE_STATUS, &f, &err)) {
		snprintf(s->version_buf, sizeof(s->version_buf), "%s",
			 f.version);
		s->version = s->version_buf;
		s->format = (int)f.format;
	}
	mf_file_free(&f);
}

int mf_snoop_main(int argc, char **argv, const struct mf_globals *gl,
		  struct mf_source *src, struct mf_error *err)
{
	struct mf_snoop s = { .g = gl, .json = gl->json,
			      .once = !strcmp(argv[0], "events") };
	int fd, ret;

	if (gl->interval || gl->count)
		return mf_usage_error("%s",
				      "snoop takes no -i or -c (-D SECONDS stops it)");
	ret = mf_snoop_parse(argc, argv, &s);
	if (ret)
		return ret;
	mf_snoop_version(&s, src);
	ret = mf_snoop_open(src, &fd, err);
	if (ret)
		return ret;
	ret = mf_snoop_run(&s, fd);
	close(fd);
	return ret;
}

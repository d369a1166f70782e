// SPDX-License-Identifier: GPL-2.0
/* See lib_trace.h. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib_trace.h"

#define TRACE_BUF_SIZE	(64 << 20)
/* The buffer per CPU of a requests instance. */
#define TRACE_REQUESTS_KB	8192
#define PID_LIMIT	(1 << 22)	/* PID_MAX_LIMIT on 64-bit */

static int trace_event_enable(struct trace_instance *ti, const char *tp,
			      bool on)
{
	const char *colon = strchr(tp, ':');
	char path[256];

	if (!colon)
		return -EINVAL;
	snprintf(path, sizeof(path), "%s/events/%.*s/%s/enable", ti->dir,
		 (int)(colon - tp), tp, colon + 1);
	return write_file(path, on ? "1" : "0");
}

/* Writes text to the instance's file; 0 or -errno. */
static int trace_instance_put(struct trace_instance *ti, const char *file,
			      const char *text)
{
	char path[256];

	snprintf(path, sizeof(path), "%s/%s", ti->dir, file);
	return write_file(path, text);
}

/*
 * A clock that orders the events of different CPUs: mono, else global
 * (the default, local, is per CPU and may not).
 */
static int trace_instance_clock(struct trace_instance *ti)
{
	static const char *const clocks[] = { "mono", "global" };
	char path[256], buf[512], *p;
	unsigned int i;
	size_t len;

	snprintf(path, sizeof(path), "%s/trace_clock", ti->dir);
	if (read_file(path, buf, sizeof(buf)) < 0)
		return -ENOENT;
	for (i = 0; i < ARRAY_SIZE(clocks); i++) {
		len = strlen(clocks[i]);
		for (p = buf; (p = strstr(p, clocks[i])); p += len)
			if ((p == buf || p[-1] == ' ' || p[-1] == '[') &&
			    (p[len] == ' ' || p[len] == ']' || p[len] == '\n'))
				return write_file(path, clocks[i]);
	}
	return -ENOENT;
}

int trace_instance_start(struct trace_instance *ti, const char *name,
			 const char *const *tps, int n, int buffer_kb)
{
	char path[256];
	int i, err;

	if (n > TRACE_MAX_EVENTS)
		return -EINVAL;
	snprintf(ti->dir, sizeof(ti->dir), TRACEFS_DIR "/instances/%s", name);
	ti->n = 0;
	rmdir(ti->dir);
	if (mkdir(ti->dir, 0755))
		return -errno;
	err = trace_instance_put(ti, "tracing_on", "0");
	snprintf(path, sizeof(path), "%s/buffer_size_kb", ti->dir);
	if (!err)
		err = write_num(path, buffer_kb);
	if (!err)
		err = trace_instance_clock(ti);
	for (i = 0; i < n && !err; i++) {
		ti->tp[i] = tps[i];
		ti->n = i + 1;
		err = trace_event_enable(ti, tps[i], true);
	}
	if (!err)
		err = trace_instance_put(ti, "trace", "");
	if (!err)
		err = trace_instance_put(ti, "tracing_on", "1");
	if (err)
		trace_instance_stop(ti);
	return err;
}

int trace_instance_pause(struct trace_instance *ti)
{
	return trace_instance_put(ti, "tracing_on", "0");
}

int trace_instance_stop(struct trace_instance *ti)
{
	int i;

	if (!ti->dir[0])
		return 0;
	for (i = 0; i < ti->n; i++)
		trace_event_enable(ti, ti->tp[i], false);
	ti->n = 0;
	if (rmdir(ti->dir) && errno != ENOENT)
		return -errno;
	ti->dir[0] = '\0';
	return 0;
}

long long trace_instance_lost(struct trace_instance *ti)
{
	char path[256], buf[4096], *p;
	long long lost = 0, v;
	int cpu, seen = 0;

	for (cpu = 0; cpu < 4096; cpu++) {
		snprintf(path, sizeof(path), "%s/per_cpu/cpu%d/stats", ti->dir,
			 cpu);
		if (read_file(path, buf, sizeof(buf)) < 0)
			continue;
		seen++;
		p = strstr(buf, "overrun:");
		if (p && sscanf(p, "overrun: %lld", &v) == 1)
			lost += v;
		p = strstr(buf, "dropped events:");
		if (p && sscanf(p, "dropped events: %lld", &v) == 1)
			lost += v;
	}
	return seen ? lost : -1;
}

/*
 * The pid of a trace line, "<comm>-<pid> [<cpu>] ...": the number before
 * the last " [" ahead of the event's name at marker.  -1 if none.
 */
static int trace_line_pid(const char *line, const char *marker)
{
	const char *cpu = NULL, *p, *digits;

	for (p = line; (p = strstr(p, " [")) && p < marker; p++)
		cpu = p;
	if (!cpu)
		return -1;
	for (p = cpu; p > line && p[-1] == ' '; p--)
		;
	digits = p;
	while (digits > line && digits[-1] >= '0' && digits[-1] <= '9')
		digits--;
	if (digits == p || digits == line || digits[-1] != '-')
		return -1;
	return atoi(digits);
}

/* The time of a trace line: the number before ": <name>: " at marker. */
static double trace_line_time(const char *line, const char *marker)
{
	const char *p = marker;

	while (p > line && p[-1] != ' ')
		p--;
	return strtod(p, NULL);
}

long long trace_instance_for_each(struct trace_instance *ti,
				  void (*fn)(int pid, int tp, double ts,
					     void *ctx),
				  void *ctx)
{
	static char buf[TRACE_BUF_SIZE];
	char path[256], marker[TRACE_MAX_EVENTS][80];
	char *line, *next, *at;
	long long events = 0;
	int i, pid;

	snprintf(path, sizeof(path), "%s/trace", ti->dir);
	if (read_file(path, buf, sizeof(buf)) < 0 ||
	    strlen(buf) + 1 >= sizeof(buf))
		return -1;
	/* " <name>: " after the pid, cpu, flags and timestamp. */
	for (i = 0; i < ti->n; i++)
		snprintf(marker[i], sizeof(marker[i]), " %s: ",
			 strchr(ti->tp[i], ':') + 1);
	for (line = buf; *line; line = next) {
		next = strchrnul(line, '\n');
		if (*next)
			*next++ = '\0';
		if (line[0] == '#')
			continue;
		for (i = 0; i < ti->n; i++) {
			at = strstr(line, marker[i]);
			if (!at)
				continue;
			pid = trace_line_pid(line, at);
			if (pid < 0)
				return -1;
			fn(pid, i, trace_line_time(line, at), ctx);
			events++;
			break;
		}
	}
	return events;
}

enum { TRACE_TRY, TRACE_BEGIN, TRACE_NR };

#define REQ_OPEN	1	/* the pid's latest request */
#define REQ_BEGUN	2	/* ... has begun a run */
#define RUN_OPEN	4	/* the pid's run has begun, not ended */
#define RUN_SEEN	8	/* the pid began a run */
static unsigned char req_state[PID_LIMIT];

static void count_request(int pid, int tp, double ts, void *ctx)
{
	struct trace_requests *r = ctx;

	if (pid < 0 || pid >= PID_LIMIT)
		return;
	if (tp == TRACE_TRY) {
		r->requests++;
		req_state[pid] = REQ_OPEN;
		return;
	}
	r->begins++;
	if (!(req_state[pid] & REQ_OPEN))
		return;
	r->runs++;
	if (!(req_state[pid] & REQ_BEGUN))
		r->started++;
	req_state[pid] |= REQ_BEGUN;
}

int trace_requests_start(struct trace_instance *ti, const char *name)
{
	const char *tps[TRACE_NR];

	tps[TRACE_TRY] = MEMFRAG_TP(TRY_TO_COMPACT_PAGES);
	tps[TRACE_BEGIN] = MEMFRAG_TP(BEGIN);
	return trace_instance_start(ti, name, tps, TRACE_NR,
				    TRACE_REQUESTS_KB);
}

int trace_requests_count(struct trace_instance *ti, struct trace_requests *r)
{
	memset(r, 0, sizeof(*r));
	memset(req_state, 0, sizeof(req_state));
	if (trace_instance_lost(ti) != 0)
		return -1;
	return trace_instance_for_each(ti, count_request, r) < 0 ? -1 : 0;
}

int trace_requests_quiet_read(struct trace_instance *ti,
			      int (*fn)(void *ctx), void *ctx,
			      struct trace_requests *r)
{
	struct trace_requests after;
	int tries;

	for (tries = 0; tries < 50; tries++) {
		if (trace_requests_count(ti, r) || fn(ctx) ||
		    trace_requests_count(ti, &after))
			return -1;
		if (r->requests == after.requests && r->begins == after.begins)
			return 0;
		usleep(100000);
	}
	return -1;
}

struct overlap_ctx {
	struct trace_overlap *out;
	int begin, end, open;
	bool (*counted)(long long pid);
};

static void count_overlap(int pid, int tp, double ts, void *ctx)
{
	struct overlap_ctx *o = ctx;
	struct trace_overlap *out = o->out;

	if (pid < 0 || pid >= PID_LIMIT || (o->counted && !o->counted(pid)))
		return;
	if (tp == o->begin) {
		out->begins++;
		if (!(req_state[pid] & RUN_SEEN))
			out->tasks++;
		req_state[pid] |= RUN_SEEN;
		if (req_state[pid] & RUN_OPEN) {
			out->unmatched++;	/* its last end was lost */
			return;
		}
		req_state[pid] |= RUN_OPEN;
		if (++o->open > out->max_open) {
			out->max_open = o->open;
			out->max_at = ts;
		}
	} else if (tp == o->end) {
		out->ends++;
		if (!(req_state[pid] & RUN_OPEN)) {
			out->unmatched++;
			return;
		}
		req_state[pid] &= ~RUN_OPEN;
		o->open--;
	}
}

int trace_run_overlap(struct trace_instance *ti, int begin, int end,
		      bool (*counted)(long long pid),
		      struct trace_overlap *out)
{
	struct overlap_ctx o = { out, begin, end, 0, counted };

	memset(out, 0, sizeof(*out));
	memset(req_state, 0, sizeof(req_state));
	out->lost = trace_instance_lost(ti);
	if (trace_instance_for_each(ti, count_overlap, &o) < 0)
		return -1;
	out->unmatched += o.open;
	return 0;
}

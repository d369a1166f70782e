// SPDX-License-Identifier: GPL-2.0
/*
 * Stacks of direct compaction: one capture per request that started
 * compacting (none for a request whose zones were all deferred or
 * skipped), counted against the kernel's own trace of the requests and
 * their runs; the same stack whether or not another tracer is attached to
 * the tracepoint it is taken at, and the same stack in the stacks file
 * and in the events records.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "lib_hist.h"
#include "lib_trace.h"
#include "lib_workload.h"

#define STACKS		MEMFRAG_PATH(MEMFRAG_FILE_STACKS)
#define EVENTS		MEMFRAG_PATH(MEMFRAG_FILE_EVENTS)
#define RESET		MEMFRAG_PATH(MEMFRAG_FILE_RESET)
#define MAX_STACKS	512
/*
 * A stack starts where mm_compaction_begin fired: compact_zone (or
 * compact_zone_order, where the compiler inlined compact_zone into it),
 * and reaches try_to_compact_pages within its first REQUEST_FRAME_MAX
 * frames.
 */
#define FIRST_FRAME	"compact_zone"
#define REQUEST_FRAME	"try_to_compact_pages+"
#define REQUEST_FRAME_MAX	3
/* The tracefs instance of the oracle (lib_trace.h). */
#define TRACE_INSTANCE	"memfrag_stacks_test"
/* The fields of an events record's line; the trigger is the 7th. */
#define EVENT_TRIGGER_FIELD	6

struct stack {
	long long count;
	char *frames;		/* "  frame\n" lines, as the file prints them */
};

struct stacks {
	int n;
	long long total;
	struct stack s[MAX_STACKS];
};

static void stacks_free(struct stacks *st)
{
	int i;

	for (i = 0; i < st->n; i++)
		free(st->s[i].frames);
	st->n = 0;
	st->total = 0;
}

/* Parses the stacks file's [direct] section: "count N error E" + frames. */
static int stacks_parse(const char *buf, struct stacks *st)
{
	const char *p = strstr(buf, "[direct]\n");
	long long count, error;

	if (!p)
		return -1;
	p += strlen("[direct]\n");
	while (*p && st->n < MAX_STACKS) {
		const char *end = p;

		if (sscanf(p, "count %lld error %lld", &count, &error) != 2)
			return -1;
		end = strchr(p, '\n');
		if (!end)
			return -1;
		p = ++end;
		while (!strncmp(end, "  ", 2) && strchr(end, '\n'))
			end = strchr(end, '\n') + 1;
		st->s[st->n].count = count;
		st->s[st->n].frames = strndup(p, end - p);
		st->total += count;
		st->n++;
		p = end;
	}
	return 0;
}

static int read_stacks(void *ctx)
{
	static char buf[1 << 20];
	struct stacks *st = ctx;

	stacks_free(st);
	if (read_file(STACKS, buf, sizeof(buf)) < 0)
		return -1;
	return stacks_parse(buf, st);
}

/* The stack's problem, or NULL: where it starts and what it holds. */
static const char *stack_problem(const char *frames)
{
	const char *p = frames;
	int i;

	if (strncmp(frames, "  " FIRST_FRAME, strlen("  " FIRST_FRAME)))
		return "does not start at " FIRST_FRAME;
	for (i = 0; i < REQUEST_FRAME_MAX && p; i++) {
		if (!strncmp(p, "  " REQUEST_FRAME, strlen("  " REQUEST_FRAME)))
			break;
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	if (i == REQUEST_FRAME_MAX || !p)
		return "has no " REQUEST_FRAME " frame near its start";
	if (strstr(frames, "__traceiter_"))
		return "holds the tracepoint's iterator";
	if (strstr(frames, "[memfrag]"))
		return "holds a frame of memfrag's";
	return NULL;
}

/* The index of a stack of st whose frames start with frames; -1 if none. */
static int stack_with_prefix(const struct stacks *st, const char *frames)
{
	int i;

	for (i = 0; i < st->n; i++)
		if (!strncmp(st->s[i].frames, frames, strlen(frames)))
			return i;
	return -1;
}

/* Reads the events file until it is empty; its text, or NULL. */
static char *drain_events(size_t *len)
{
	size_t size = 1 << 16, n = 0;
	char *buf = malloc(size);
	int fd = open(EVENTS, O_RDONLY | O_NONBLOCK);
	ssize_t r;

	if (!buf || fd < 0) {
		free(buf);
		if (fd >= 0)
			close(fd);
		return NULL;
	}
	for (;;) {
		if (size - n < 4096) {
			char *bigger = realloc(buf, size * 2);

			if (!bigger)
				break;
			buf = bigger;
			size *= 2;
		}
		r = read(fd, buf + n, size - n - 1);
		if (r <= 0)
			break;
		n += r;
	}
	close(fd);
	buf[n] = '\0';
	*len = n;
	return buf;
}

/*
 * Every direct run record's frames must start a stack of st.  Returns the
 * records whose frames do not, and counts the direct ones in *direct.
 */
static int events_not_in_stacks(char *text, const struct stacks *st,
				int *direct)
{
	char *line = text, *next, *frames, *end, field[32];
	int bad = 0, f;

	*direct = 0;
	while (*line) {
		const char *p = line;

		next = strchr(line, '\n');
		if (!next)
			break;
		next++;
		if (line[0] == ' ' || line[0] == '#') {
			line = next;
			continue;
		}
		for (f = 0; f < EVENT_TRIGGER_FIELD && p; f++) {
			p = strchr(p, ' ');
			if (p)
				p++;
		}
		if (!p || sscanf(p, "%31s", field) != 1 ||
		    strcmp(field, MEMFRAG_TRIGGER(DIRECT))) {
			line = next;
			continue;
		}
		frames = end = next;
		while (!strncmp(end, "  ", 2) && strchr(end, '\n'))
			end = strchr(end, '\n') + 1;
		(*direct)++;
		if (end == frames) {
			bad++;
		} else {
			char c = *end;

			*end = '\0';
			if (stack_with_prefix(st, frames) < 0) {
				if (!bad)
					ksft_print_msg("a direct run's frames that start no stack:\n%s",
						       frames);
				bad++;
			}
			*end = c;
		}
		line = end;
	}
	return bad;
}

FIXTURE(stacks) {
	struct stacks alone, traced;
	struct trace_instance ti;
};

FIXTURE_SETUP(stacks)
{
	if (mft_skip_unless_ready(_metadata))
		return;
	ASSERT_EQ(0, mft_ensure_loaded());
}

FIXTURE_TEARDOWN(stacks)
{
	/* Only where an assertion left it. */
	rmdir(TRACEFS_DIR "/instances/" TRACE_INSTANCE);
	stacks_free(&self->alone);
	stacks_free(&self->traced);
}

/*
 * Resets memfrag, runs the workload's phases and reads the stacks and the
 * events.  Traced: with the oracle's instance recording the requests and
 * runs, which attaches ftrace's probes to the tracepoints, and reads the
 * stacks at a quiet moment, with the oracle's counts then in r.  0 or -1.
 */
static int workload_stacks(struct trace_instance *ti, const char *phases,
			   struct stacks *st, struct trace_requests *r,
			   char **events, size_t *len)
{
	int err = -1;

	*events = NULL;
	free(drain_events(len));
	if (r && trace_requests_start(ti, TRACE_INSTANCE))
		return -1;
	if (write_file(RESET, "1"))
		goto out;
	if (mft_run_workload(phases, NULL))
		goto out;
	if (r ? trace_requests_quiet_read(ti, read_stacks, st, r) :
	    read_stacks(st))
		goto out;
	*events = drain_events(len);
	err = *events ? 0 : -1;
out:
	if (r)
		trace_instance_stop(ti);
	return err;
}

static int check_stacks(struct __test_metadata *_metadata,
			const struct stacks *st, const char *what)
{
	const char *why;
	int i, bad = 0;

	for (i = 0; i < st->n; i++) {
		why = stack_problem(st->s[i].frames);
		if (why) {
			ksft_print_msg("%s: a stack %s:\n%s", what, why,
				       st->s[i].frames);
			bad++;
		}
	}
	return bad;
}

/* The most frequent stack of traced that alone holds too, or -1. */
static int seen_both(const struct stacks *alone, const struct stacks *traced)
{
	int top = -1, i, k;

	for (i = 0; i < traced->n; i++) {
		for (k = 0; k < alone->n; k++)
			if (!strcmp(alone->s[k].frames, traced->s[i].frames))
				break;
		if (k < alone->n &&
		    (top < 0 || traced->s[i].count > traced->s[top].count))
			top = i;
	}
	return top;
}

/* Why these tests cannot run here, or NULL. */
static const char *missing(void)
{
	if (!kernel_has_tracepoint(MEMFRAG_TP(TRY_TO_COMPACT_PAGES)) ||
	    !kernel_has_tracepoint(MEMFRAG_TP(BEGIN)) ||
	    access(TRACEFS_DIR "/instances", W_OK))
		return "no tracefs instances or compaction tracepoints";
	if (!mft_workload_path())
		return "memfrag_workload not found (set MEMFRAG_WORKLOAD)";
	return NULL;
}

/*
 * The workload's direct phase without the oracle's instance: its stacks in
 * *alone, its direct runs' records checked against them and counted in
 * *direct; -1 if the workload or a read failed.
 */
static int run_alone(struct __test_metadata *_metadata,
		     struct trace_instance *ti, struct stacks *alone,
		     int *direct)
{
	char *events;
	size_t len;

	if (workload_stacks(ti, "-s 30 fragment direct", alone, NULL, &events,
			    &len))
		return -1;
	EXPECT_EQ(0, events_not_in_stacks(events, alone, direct));
	free(events);
	EXPECT_EQ(0, check_stacks(_metadata, alone, "alone"));
	return 0;
}

/*
 * The workload's direct phase runs twice: alone, and with the oracle's
 * tracefs instance recording mm_compaction_try_to_compact_pages and
 * mm_compaction_begin, the tracepoint memfrag takes the stack at.  With
 * two probes attached the tracepoint calls them through its iterator, one
 * more frame between the kernel's code and memfrag.  Both times:
 *  - every stack starts at compact_zone, which emitted the tracepoint,
 *    reaches try_to_compact_pages and holds no frame of memfrag's or of
 *    the iterator;
 *  - every direct run's record in the events file shows the first frames
 *    of a stack of the stacks file, byte for byte (the stack is stored
 *    once and referred to).
 * Traced:
 *  - the stacks' counts add up to the requests whose task began a run
 *    before its next request, from the trace read at a moment when
 *    neither tracepoint fired: one stack per request that compacted, not
 *    one per zone run, and none for a request that compacted nothing;
 *  - a stack the run without the instance saw appears again, byte for
 *    byte: a skip count that missed the iterator's frame would change
 *    every stack.  Not the most frequent one: which paths the workload's
 *    requests take, and how often, varies from run to run (on 6.1 the
 *    slow path's two calls of direct compaction give two stacks for one
 *    path; a 6.12-rt run alone made one request, on a path the traced
 *    run never took), so the workload runs alone up to twice more.
 */
TEST_F_TIMEOUT(stacks, one_stack_per_request_that_compacted, 900)
{
	int direct_alone, direct_traced, top, attempt;
	struct trace_requests r;
	char *events;
	size_t len;

	if (missing())
		SKIP(return, "%s", missing());

	ASSERT_EQ(0, run_alone(_metadata, &self->ti, &self->alone,
					  &direct_alone));
	ASSERT_EQ(0, workload_stacks(&self->ti, "-s 30 fragment direct",
				     &self->traced, &r, &events, &len))
		TH_LOG("the trace lost events, or had no quiet moment");
	EXPECT_EQ(0, events_not_in_stacks(events, &self->traced,
					  &direct_traced));
	free(events);
	ksft_print_msg("alone: %d stacks, %lld requests, %d direct runs; traced: %d stacks, %lld requests, %d direct runs; the trace: %lld requests, %lld began a run (%lld runs)\n",
		       self->alone.n, self->alone.total, direct_alone,
		       self->traced.n, self->traced.total, direct_traced,
		       r.requests, r.started, r.runs);
	if (!self->alone.n || !self->traced.n)
		SKIP(return, "the workload made no direct compaction request that compacted");

	EXPECT_EQ(0, check_stacks(_metadata, &self->traced, "traced"));
	EXPECT_EQ(r.started, self->traced.total);
	for (attempt = 1; ; attempt++) {
		top = seen_both(&self->alone, &self->traced);
		if (top >= 0 || attempt == 3)
			break;
		ksft_print_msg("no stack traced was seen in %d alone: the workload alone again\n",
			       self->alone.n);
		ASSERT_EQ(0, run_alone(_metadata, &self->ti, &self->alone,
					  &direct_alone));
	}
	EXPECT_LE(0, top)
		TH_LOG("no stack when traced was seen alone; the most frequent traced:\n%s",
		       self->traced.s[0].frames);
	if (top >= 0)
		ksft_print_msg("seen both ways, %lld times traced:\n%s",
			       self->traced.s[top].count,
			       self->traced.s[top].frames);
}

/*
 * Direct requests that compact nothing add nothing to the stacks: the
 * workload's unsuitable phase makes THP faults whose requests find no zone
 * suitable for compaction, so that none begins a run, and the stacks'
 * counts equal the requests that began a run in the kernel's trace (none
 * of the workload's), fewer than the requests.
 */
TEST_F_TIMEOUT(stacks, requests_that_compact_nothing_add_no_stack, 900)
{
	struct trace_requests r;
	char *events;
	size_t len;

	if (missing())
		SKIP(return, "%s", missing());

	ASSERT_EQ(0, workload_stacks(&self->ti, "-s 30 fragment unsuitable",
				     &self->traced, &r, &events, &len))
		TH_LOG("the trace lost events, or had no quiet moment");
	free(events);
	ksft_print_msg("the trace: %lld requests, %lld began a run, %lld compacted nothing; stacks: %lld in %d stacks\n",
		       r.requests, r.started, r.requests - r.started,
		       self->traced.total, self->traced.n);
	if (!r.requests)
		SKIP(return, "the workload made no direct compaction request");
	EXPECT_EQ(r.started, self->traced.total);
	EXPECT_LT(self->traced.total, r.requests);
}

TEST_HARNESS_MAIN

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The oracle, event by event: a tracefs instance of the test's own, in
 * which the kernel records the events of chosen tracepoints with the task
 * that hit them, on a clock that orders every CPU's events, independently
 * of memfrag; and what such a record shows that a count cannot: which
 * direct requests began a run, and how many runs were open at once.
 */
#ifndef MFT_LIB_TRACE_H
#define MFT_LIB_TRACE_H

#include <stdbool.h>

#include "lib_module.h"

#define TRACE_MAX_EVENTS	8

struct trace_instance {
	char dir[128];
	int n;
	/* The tracepoints it records, "system:name". */
	const char *tp[TRACE_MAX_EVENTS];
};

/*
 * Creates instance name (removing an old one) with buffer_kb per CPU and
 * enables the n tracepoints tps in it, recording.  0 or -errno.
 */
int trace_instance_start(struct trace_instance *ti, const char *name,
			 const char *const *tps, int n, int buffer_kb);
/* Stops recording; its buffer stays readable.  0 or -errno. */
int trace_instance_pause(struct trace_instance *ti);
/* Disables its events and removes it (nothing if not started); 0 or -errno. */
int trace_instance_stop(struct trace_instance *ti);
/* Events its buffers lost (overruns), over every CPU; -1 if unknown. */
long long trace_instance_lost(struct trace_instance *ti);
/*
 * Calls fn for every event in the instance's buffer, oldest first: the
 * task's pid, the index of its tracepoint in tps and its time (seconds of
 * the trace clock).  Returns the events, or -1 when the buffer cannot be
 * read.  Whether it lost events is trace_instance_lost()'s to say.
 */
long long trace_instance_for_each(struct trace_instance *ti,
				  void (*fn)(int pid, int tp, double ts,
					     void *ctx),
				  void *ctx);

/*
 * Direct compaction requests, from the trace of an instance that records
 * mm_compaction_try_to_compact_pages (a request) and mm_compaction_begin
 * (a run), each with its task's pid.  A request started compacting if its
 * task began a run before the task's next request.
 */
struct trace_requests {
	long long requests;	/* direct requests */
	long long started;	/* ... of which at least one run began */
	long long runs;		/* runs that began inside a request */
	long long begins;	/* every begin, kcompactd's included */
};

/* Creates instance name, recording those two tracepoints; 0 or -errno. */
int trace_requests_start(struct trace_instance *ti, const char *name);
/* The counts of its trace so far: 0, or -1 if it lost events. */
int trace_requests_count(struct trace_instance *ti, struct trace_requests *r);
/*
 * Calls fn(ctx), which reads something, until the trace's counts are the
 * same before and after it (up to 50 tries, 100 ms apart): a read during
 * which neither tracepoint fired.  The counts then are in r.  0, or -1 if
 * it never was quiet, the trace lost events or fn() failed.
 */
int trace_requests_quiet_read(struct trace_instance *ti,
			      int (*fn)(void *ctx), void *ctx,
			      struct trace_requests *r);

/* The runs a recording holds, and the most that were open at once. */
struct trace_overlap {
	long long begins, ends;		/* of the tasks counted */
	long long unmatched;		/* ends without a begin, begins without an end */
	long long lost;			/* events the full buffer lost */
	int tasks;			/* tasks that began a run */
	int max_open;			/* runs open at once, at most */
	double max_at;			/* when (the trace clock, seconds) */
};

/*
 * Reads the recording in time order: an event of tracepoint begin (an
 * index in the instance's tps) opens its task's run, the same task's end
 * closes it.  Only tasks for which counted(pid) is true count (NULL:
 * every task).  0, or -1 if the recording cannot be read.
 */
int trace_run_overlap(struct trace_instance *ti, int begin, int end,
		      bool (*counted)(long long pid),
		      struct trace_overlap *out);

#endif /* MFT_LIB_TRACE_H */

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A tracefs instance of the test's own, whose ring buffer records the
 * events it enables with their task and time, and what such a record
 * shows that a count cannot: how many runs (a begin and the same task's
 * end) were open at once.
 */
#ifndef MFT_LIB_TRACE_H
#define MFT_LIB_TRACE_H

#include <stdbool.h>

#include "lib_module.h"

/*
 * Makes instance name (removed first if it is there) with buffer_kb per
 * CPU and a clock that orders every CPU's events, and enables the events
 * tps (n of them) in it, recording.  0 or -errno.
 */
int trace_instance_start(const char *name, unsigned int buffer_kb,
			 const enum memfrag_tp_id *tps, int n);
/* Stops recording in name (its buffer stays readable); 0 or -errno. */
int trace_instance_stop(const char *name);
/* Disables every event of name and removes it. */
void trace_instance_remove(const char *name);

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
 * Reads the recording of instance name in time order: a begin event
 * opens its task's run, the same task's end closes it.  Only tasks for
 * which counted(pid) is true count (NULL: every task).  0, or -errno if
 * the recording cannot be read.
 */
int trace_run_overlap(const char *name, enum memfrag_tp_id begin,
		      enum memfrag_tp_id end, bool (*counted)(long long pid),
		      struct trace_overlap *out);

#endif /* MFT_LIB_TRACE_H */

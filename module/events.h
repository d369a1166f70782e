/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The compaction event stream: one record per compaction run, kept in a
 * bounded per-CPU buffer until /sys/kernel/debug/memfrag/events is read.
 */
#ifndef MEMFRAG_EVENTS_H
#define MEMFRAG_EVENTS_H

#include <linux/fs.h>
#include <linux/sched.h>
#include <linux/types.h>

#include "runs.h"

/* Records each CPU can hold before new ones are dropped (and counted). */
#define MEMFRAG_EVENTS_PER_CPU	256

struct memfrag_event {
	u64 ts_ns;		/* ktime_get_ns() at the run's end */
	u64 latency_ns;		/* since the same task's begin; 0 if unknown */
	pid_t pid;
	char comm[TASK_COMM_LEN];
	u16 nid;
	u8 zone_idx;
	s8 order;		/* -1: whole zone; -2: unknown */
	u8 trigger;
	u8 sync;
	u8 result;
	bool timed;		/* begin seen: latency and start info valid */
	u8 nr_frames;		/* direct compaction: the stack at begin */
	struct memfrag_run_start_info start;
	unsigned long frames[MEMFRAG_RUN_FRAMES];
};

int memfrag_events_init(void);
void memfrag_events_exit(void);
/* Called from the end probe; never sleeps, locks or allocates. */
void memfrag_events_record(const struct memfrag_event *ev);
u64 memfrag_events_dropped(void);

extern const struct file_operations memfrag_events_fops;

#endif /* MEMFRAG_EVENTS_H */

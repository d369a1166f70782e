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

/*
 * Records each CPU can hold before new ones are dropped (and counted):
 * MEMFRAG_EVENTS_TOTAL shared out over the possible CPUs, a power of two
 * from MEMFRAG_EVENTS_PER_CPU_MIN to MEMFRAG_EVENTS_PER_CPU_MAX, so that
 * the rings of a machine with hundreds of possible CPUs stay small.
 */
#define MEMFRAG_EVENTS_TOTAL		4096
#define MEMFRAG_EVENTS_PER_CPU_MIN	8
#define MEMFRAG_EVENTS_PER_CPU_MAX	256

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
	u16 stack_id;		/* direct compaction: its request's (stackmap.h) */
	struct memfrag_run_start_info start;
};

int memfrag_events_init(void);
void memfrag_events_exit(void);
/* Called from the end probe; never sleeps, locks or allocates. */
void memfrag_events_record(const struct memfrag_event *ev);
u64 memfrag_events_dropped(void);
/* Records each CPU's ring holds (set at load). */
unsigned int memfrag_events_per_cpu(void);

extern const struct file_operations memfrag_events_fops;

#endif /* MEMFRAG_EVENTS_H */

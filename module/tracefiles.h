/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the files that show tasks and kernel stacks (tasks, stacks, events)
 * share: who may open them, and how a comm and a return address are
 * printed in them.
 */
#ifndef MEMFRAG_TRACEFILES_H
#define MEMFRAG_TRACEFILES_H

#include <linux/types.h>

/*
 * A task's comm as a file may print it: one field, never empty.  Any user
 * can name a task (prctl(PR_SET_NAME)), so bytes that could split a row or
 * start a new one, or that a terminal takes as a control (space, C0 and C1
 * controls, DEL), become '_', as does any other byte outside printable
 * ASCII: the same on every kernel and architecture.  An empty name becomes
 * "?".
 */
void memfrag_sanitize_comm(char *dst, const char *comm);

/*
 * One kernel return address as /proc/PID/stack names it (%pB): the
 * function and offset, with the module in brackets.  An address that no
 * longer resolves (its module was unloaded) is "?", never a raw address.
 * Returns the length written, as scnprintf().
 */
int memfrag_sprint_frame(char *buf, size_t size, unsigned long ip);

/*
 * Files that show per-task events, task names or kernel stacks need what
 * /proc/PID/stack needs, CAP_SYS_ADMIN (a root process that dropped it
 * gets EPERM), and follow the kernel's tracing policy: under
 * lockdown=confidentiality, where tracefs is closed, they cannot be
 * opened (the error lockdown gives, EPERM).
 */
int memfrag_trace_file_allowed(void);

#endif /* MEMFRAG_TRACEFILES_H */

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The names memfrag prints, all built from the lists in include/memfrag/,
 * and the helpers every file's writer shares.
 */
#ifndef MEMFRAG_NAMES_H
#define MEMFRAG_NAMES_H

#include <linux/kernel.h>
#include <linux/sched.h>
#include <linux/seq_file.h>

#include <memfrag/memfrag.h>

#include "sections.h"

enum memfrag_name_kind {
	MEMFRAG_NAMES_TRIGGER,
	MEMFRAG_NAMES_MODE,
	MEMFRAG_NAMES_RESULT,
	MEMFRAG_NAMES_PRIO,
	MEMFRAG_NAMES_MIGRATETYPE,
	MEMFRAG_NAMES_DROP,
};

/* The name of value i of a kind; "?" for a value outside its list. */
const char *memfrag_name(enum memfrag_name_kind kind, unsigned int i);

#define memfrag_trigger_name(t)		memfrag_name(MEMFRAG_NAMES_TRIGGER, t)
#define memfrag_mode_name(sync)		memfrag_name(MEMFRAG_NAMES_MODE, sync)
#define memfrag_result_name(r)		memfrag_name(MEMFRAG_NAMES_RESULT, r)
#define memfrag_prio_name(p)		memfrag_name(MEMFRAG_NAMES_PRIO, p)
#define memfrag_migratetype_name(mt)	memfrag_name(MEMFRAG_NAMES_MIGRATETYPE, mt)
#define memfrag_drop_name(d)		memfrag_name(MEMFRAG_NAMES_DROP, d)

/*
 * A task's comm as a file may print it: one field, never empty.  Any user
 * can name a task (prctl(PR_SET_NAME)), so bytes that could split a row or
 * start a new one (space, newline, control characters) become '_', and an
 * empty name becomes "?".
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
 * Files that show per-task events, task names or kernel stacks follow the
 * kernel's tracing policy: under lockdown=confidentiality, where tracefs
 * is closed, they cannot be opened (the error lockdown gives, EPERM).
 */
int memfrag_trace_file_allowed(void);

/*
 * "page_size: <PAGE_SIZE>", in status and zones: the files count pages, and
 * a page is 4 KiB on x86-64 but 4, 16 or 64 KiB on arm64, so a reader
 * (on another machine, or of a recording) is told which.
 */
void memfrag_show_page_size(struct seq_file *m);

/*
 * A buffer for one read of a file, or NULL after writing "error: out of
 * memory" into the file (the reader sees why the file is short).
 */
void *memfrag_read_buffer(struct seq_file *m, size_t size);

#endif /* MEMFRAG_NAMES_H */

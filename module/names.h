/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The names memfrag prints, all built from the lists in include/memfrag/,
 * and the section headers of every file, built from the column lists there.
 */
#ifndef MEMFRAG_NAMES_H
#define MEMFRAG_NAMES_H

#include <linux/kernel.h>
#include <linux/sched.h>
#include <linux/seq_file.h>

#include <memfrag/memfrag.h>

/* Each returns "?" for a value outside its list. */
const char *memfrag_trigger_name(unsigned int trigger);
const char *memfrag_mode_name(unsigned int sync);
const char *memfrag_result_name(unsigned int result);
const char *memfrag_prio_name(unsigned int prio);
const char *memfrag_migratetype_name(unsigned int mt);
const char *memfrag_drop_name(unsigned int drop);

struct memfrag_col {
	const char *name;
	int width;
};

/*
 * Prints "[section]" (when section is not empty) and the column line:
 * each column's name padded to its width, then nr_orders order columns
 * (0, 1, ...) of MEMFRAG_ORDER_COL_WIDTH.
 */
void memfrag_show_columns(struct seq_file *m, const char *section,
			  const struct memfrag_col *cols, unsigned int nr,
			  unsigned int nr_orders);

#define MEMFRAG_COL_(name, type, width)	{ #name, width },

/* MEMFRAG_SHOW_SECTION(m, "runs", MEMFRAG_COLS_RUNS, 0) */
#define MEMFRAG_SHOW_SECTION(m, section, columns, nr_orders)		\
	do {								\
		static const struct memfrag_col cols_[] = {		\
			columns(MEMFRAG_COL_)				\
		};							\
		memfrag_show_columns(m, section, cols_,			\
				     ARRAY_SIZE(cols_), nr_orders);	\
	} while (0)

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
 * A buffer for one read of a file, or NULL after writing "error: out of
 * memory" into the file (the reader sees why the file is short).
 */
void *memfrag_read_buffer(struct seq_file *m, size_t size);

#endif /* MEMFRAG_NAMES_H */

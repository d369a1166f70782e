// SPDX-License-Identifier: GPL-2.0
/*
 * /sys/kernel/debug/memfrag/: the files people read.
 *
 * Every file starts with the same two lines, "memfrag <version>" and
 * "format: <n>", so that a parser can tell which layout it is reading.
 * Files are mode 0400: the statistics describe the whole machine.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/debugfs.h>
#include <linux/err.h>
#include <linux/random.h>
#include <linux/seq_file.h>
#include <linux/uaccess.h>
#include <linux/utsname.h>

#include <memfrag/memfrag.h>

#include "debugfs.h"
#include "events.h"
#include "report.h"
#include "snapshot.h"
#include "stackmap.h"
#include "stats.h"
#include "top.h"
#include "tracefiles.h"
#include "tracepoints.h"

static struct dentry *memfrag_debugfs_dir;

/*
 * Who counted what status's readers see: load_id, drawn at load, tells
 * one load of the module from the next; reset_generation counts the
 * writes to reset accepted since.  A reader that sees either change knows
 * every counter restarted, without guessing from values that went down.
 */
static u64 memfrag_load_id;
static atomic64_t memfrag_reset_generation = ATOMIC64_INIT(0);

static void memfrag_show_header(struct seq_file *m)
{
	seq_printf(m, "memfrag %s\nformat: %d\n", MEMFRAG_VERSION,
		   MEMFRAG_FORMAT_VERSION);
}

/* A "key: " line's start, from the key's entry in files.h. */
#define MEMFRAG_STATUS_KEY_(key, type)	#key ": "

static int status_show(struct seq_file *m, void *v)
{
	memfrag_show_header(m);
	seq_printf(m, "kernel: %s\n", init_utsname()->release);
	seq_printf(m, MEMFRAG_KEY_LOAD_ID(MEMFRAG_STATUS_KEY_) "%016llx\n"
		   MEMFRAG_KEY_RESET_GENERATION(MEMFRAG_STATUS_KEY_) "%lld\n",
		   memfrag_load_id, atomic64_read(&memfrag_reset_generation));
	memfrag_report_status(m);
	memfrag_tracepoints_show(m);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(status);

/* The show function of a file whose body one report function writes. */
#define MEMFRAG_SHOW_FN(name, report)					\
static int name##_show(struct seq_file *m, void *v)			\
{									\
	memfrag_show_header(m);						\
	report(m);							\
	return 0;							\
}

/* A read-only file whose body is written by one report function. */
#define MEMFRAG_REPORT_FILE(name, report)				\
MEMFRAG_SHOW_FN(name, report)						\
DEFINE_SHOW_ATTRIBUTE(name)

/* The file operations of a single_open() file opened by name##_open. */
#define MEMFRAG_SINGLE_FOPS(name)					\
static const struct file_operations name##_fops = {			\
	.owner		= THIS_MODULE,					\
	.open		= name##_open,					\
	.read		= seq_read,					\
	.llseek		= seq_lseek,					\
	.release	= single_release,				\
}

/*
 * A snapshot file (zones, pagetypes): its buffer is sized at open for the
 * whole file, so that one read computes it once (seq_file would compute
 * it again for a bigger buffer).
 */
#define MEMFRAG_SNAPSHOT_FILE(name, report, zone_bytes)		\
MEMFRAG_SHOW_FN(name, report)						\
static int name##_open(struct inode *inode, struct file *file)		\
{									\
	return single_open_size(file, name##_show, NULL,		\
				memfrag_snapshot_buffer_size(zone_bytes)); \
}									\
MEMFRAG_SINGLE_FOPS(name)

MEMFRAG_SNAPSHOT_FILE(zones, memfrag_snapshot_show, MEMFRAG_ZONES_ZONE_BYTES);
MEMFRAG_SNAPSHOT_FILE(pagetypes, memfrag_pagetypes_show,
		      MEMFRAG_PAGETYPES_ZONE_BYTES);

MEMFRAG_REPORT_FILE(compaction, memfrag_report_compaction);
MEMFRAG_REPORT_FILE(latency, memfrag_report_latency);
MEMFRAG_REPORT_FILE(direct, memfrag_report_direct);
MEMFRAG_REPORT_FILE(kcompactd, memfrag_report_kcompactd);
MEMFRAG_REPORT_FILE(migration, memfrag_report_migration);
MEMFRAG_REPORT_FILE(extfrag, memfrag_report_extfrag);
/*
 * A report file that shows tasks or kernel stacks: closed, like tracefs,
 * when the kernel is locked down for confidentiality.
 */
#define MEMFRAG_TRACE_FILE(name, report)				\
MEMFRAG_SHOW_FN(name, report)						\
static int name##_open(struct inode *inode, struct file *file)		\
{									\
	int err = memfrag_trace_file_allowed();				\
									\
	return err ? err : single_open(file, name##_show, NULL);	\
}									\
MEMFRAG_SINGLE_FOPS(name)

MEMFRAG_TRACE_FILE(tasks, memfrag_top_show_tasks);
MEMFRAG_TRACE_FILE(stacks, memfrag_stacks_show);

/*
 * reset: writing "1" (a trailing newline is allowed) clears every counter
 * and histogram; anything else is rejected with EINVAL and changes nothing.
 * The hit counts in status are "since load" and are not reset.  Each
 * accepted write adds one to status's reset_generation, once the counters
 * are clear.
 */
static ssize_t reset_write(struct file *file, const char __user *ubuf,
			   size_t len, loff_t *ppos)
{
	char buf[3] = { 0 };

	if (len < 1 || len > 2)
		return -EINVAL;
	if (copy_from_user(buf, ubuf, len))
		return -EFAULT;
	if (buf[0] != '1' || (len == 2 && buf[1] != '\n'))
		return -EINVAL;
	memfrag_read_lock();
	memfrag_stats_reset();
	memfrag_top_reset();
	memfrag_stackmap_reset();
	atomic64_inc(&memfrag_reset_generation);
	memfrag_read_unlock();
	return len;
}

static const struct file_operations reset_fops = {
	.owner	= THIS_MODULE,
	.open	= simple_open,
	.write	= reset_write,
	.llseek	= noop_llseek,
};

/* What serves each file of include/memfrag/files.h. */
static const struct file_operations *const memfrag_file_fops[] = {
	[MEMFRAG_FILE_ID_STATUS]	= &status_fops,
	[MEMFRAG_FILE_ID_ZONES]		= &zones_fops,
	[MEMFRAG_FILE_ID_PAGETYPES]	= &pagetypes_fops,
	[MEMFRAG_FILE_ID_COMPACTION]	= &compaction_fops,
	[MEMFRAG_FILE_ID_LATENCY]	= &latency_fops,
	[MEMFRAG_FILE_ID_DIRECT]	= &direct_fops,
	[MEMFRAG_FILE_ID_KCOMPACTD]	= &kcompactd_fops,
	[MEMFRAG_FILE_ID_MIGRATION]	= &migration_fops,
	[MEMFRAG_FILE_ID_EXTFRAG]	= &extfrag_fops,
	[MEMFRAG_FILE_ID_RESET]		= &reset_fops,
	[MEMFRAG_FILE_ID_EVENTS]	= &memfrag_events_fops,
	[MEMFRAG_FILE_ID_TASKS]		= &tasks_fops,
	[MEMFRAG_FILE_ID_STACKS]	= &stacks_fops,
};
static_assert(ARRAY_SIZE(memfrag_file_fops) == MEMFRAG_NR_FILES,
	      "every file in include/memfrag/files.h needs its fops here");

#define MEMFRAG_FILE_(id, mode, keys, sections)				\
	{ MEMFRAG_FILE_##id, mode, MEMFRAG_FILE_ID_##id },

static const struct {
	const char *name;
	umode_t mode;
	enum memfrag_file_id id;
} memfrag_files[] = {
	MEMFRAG_FILES(MEMFRAG_FILE_)
};

int memfrag_debugfs_init(void)
{
	struct dentry *dir, *f;
	unsigned int i;

	memfrag_load_id = get_random_u64();
	dir = debugfs_create_dir(MEMFRAG_DEBUGFS_DIR, NULL);
	if (IS_ERR(dir))
		return PTR_ERR(dir);
	memfrag_debugfs_dir = dir;

	for (i = 0; i < ARRAY_SIZE(memfrag_files); i++) {
		if (WARN_ON_ONCE(!memfrag_file_fops[memfrag_files[i].id])) {
			memfrag_debugfs_exit();
			return -EINVAL;
		}
		/*
		 * Callers of debugfs usually ignore its errors; memfrag does
		 * not: a load without one of its files would look like a
		 * kernel without that data.
		 */
		f = debugfs_create_file(memfrag_files[i].name,
					memfrag_files[i].mode, dir, NULL,
					memfrag_file_fops[memfrag_files[i].id]);
		if (IS_ERR(f)) {
			pr_err("cannot create %s: error %ld\n",
			       memfrag_files[i].name, PTR_ERR(f));
			memfrag_debugfs_exit();
			return PTR_ERR(f);
		}
	}
	return 0;
}

void memfrag_debugfs_exit(void)
{
	/* Waits for readers that are inside a file's show() to leave. */
	debugfs_remove_recursive(memfrag_debugfs_dir);
	memfrag_debugfs_dir = NULL;
}

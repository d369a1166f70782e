// SPDX-License-Identifier: GPL-2.0
/*
 * /sys/kernel/debug/memfrag/: the files people read.
 *
 * Every file starts with the same two lines, "memfrag <version>" and
 * "format: <n>", so that a parser can tell which layout it is reading.
 * Files are mode 0400: the statistics describe the whole machine.
 */
#include <linux/debugfs.h>
#include <linux/err.h>
#include <linux/seq_file.h>
#include <linux/utsname.h>

#include <memfrag/memfrag.h>

#include "debugfs.h"
#include "tracepoints.h"

static struct dentry *memfrag_debugfs_dir;

static void memfrag_show_header(struct seq_file *m)
{
	seq_printf(m, "memfrag %s\nformat: %d\n", MEMFRAG_VERSION,
		   MEMFRAG_FORMAT_VERSION);
}

static int status_show(struct seq_file *m, void *v)
{
	memfrag_show_header(m);
	seq_printf(m, "kernel: %s\n", init_utsname()->release);
	memfrag_tracepoints_show(m);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(status);

int memfrag_debugfs_init(void)
{
	struct dentry *dir;

	dir = debugfs_create_dir(MEMFRAG_DEBUGFS_DIR, NULL);
	if (IS_ERR(dir))
		return PTR_ERR(dir);
	memfrag_debugfs_dir = dir;

	debugfs_create_file(MEMFRAG_FILE_STATUS, 0400, dir, NULL,
			    &status_fops);
	return 0;
}

void memfrag_debugfs_exit(void)
{
	/* Waits for readers that are inside a file's show() to leave. */
	debugfs_remove_recursive(memfrag_debugfs_dir);
	memfrag_debugfs_dir = NULL;
}

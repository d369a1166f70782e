// SPDX-License-Identifier: GPL-2.0
/*
 * memfrag: memory compaction and external fragmentation statistics.
 *
 * Load order: attach probes, then publish files.  Unload order: remove the
 * files (waiting for readers), detach the probes (waiting for probes in
 * flight), and only then let the module's memory go.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/moduleparam.h>

#include <memfrag/memfrag.h>

#include "debugfs.h"
#include "events.h"
#include "runs.h"
#include "stats.h"
#include "top.h"
#include "tracepoints.h"

static char *disable;
module_param(disable, charp, 0444);
MODULE_PARM_DESC(disable,
		 "Comma-separated tracepoint names not to attach (names as in the status file, without the system)");

static int __init memfrag_init(void)
{
	int err;

	/* Every counter exists before the first probe can fire. */
	err = memfrag_stats_init();
	if (err)
		return err;
	err = memfrag_runs_init();
	if (err)
		goto free_stats;
	err = memfrag_events_init();
	if (err)
		goto free_runs;
	err = memfrag_top_init();
	if (err)
		goto free_events;
	err = memfrag_tracepoints_attach(disable);
	if (err)
		goto free_top;

	err = memfrag_debugfs_init();
	if (err) {
		pr_err("cannot create /sys/kernel/debug/%s: %d\n",
		       MEMFRAG_DEBUGFS_DIR, err);
		goto detach;
	}
	pr_info("version %s loaded, %zu bytes of counters\n", MEMFRAG_VERSION,
		memfrag_stats.bytes);
	return 0;

detach:
	memfrag_tracepoints_detach();
free_top:
	memfrag_top_exit();
free_events:
	memfrag_events_exit();
free_runs:
	memfrag_runs_exit();
free_stats:
	memfrag_stats_exit();
	return err;
}

static void __exit memfrag_exit(void)
{
	memfrag_debugfs_exit();
	memfrag_tracepoints_detach();
	/* No probe can run any more: the counters can go. */
	memfrag_top_exit();
	memfrag_events_exit();
	memfrag_runs_exit();
	memfrag_stats_exit();
	pr_info("unloaded\n");
}

module_init(memfrag_init);
module_exit(memfrag_exit);

MODULE_DESCRIPTION("Memory compaction and external fragmentation statistics");
MODULE_AUTHOR("memfrag developers");
/* The tracepoint registration API is exported GPL-only. */
MODULE_LICENSE("GPL");
MODULE_VERSION(MEMFRAG_VERSION);

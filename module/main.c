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
#include "stackmap.h"
#include "stats.h"
#include "top.h"
#include "tracepoints.h"

static char *disable;
module_param(disable, charp, 0444);
MODULE_PARM_DESC(disable,
		 "Comma-separated tracepoint names not to attach (names as in the status file, without the system)");

static unsigned int stale_run_ms = MEMFRAG_RUN_STALE_MS_DEFAULT;
module_param(stale_run_ms, uint, 0444);
MODULE_PARM_DESC(stale_run_ms,
		 "Milliseconds a compaction run may hold its slot before another run may take it back (default 60000, 100 to 86400000)");

/*
 * A load that fails says which part could not be set up, so that a
 * failed insmod on a lab machine is more than "Cannot allocate memory".
 */
static int __init memfrag_init(void)
{
	const char *what;
	int err;

	if (stale_run_ms < MEMFRAG_RUN_STALE_MS_MIN ||
	    stale_run_ms > MEMFRAG_RUN_STALE_MS_MAX) {
		pr_err("not loaded: stale_run_ms=%u is outside [%u, %u]\n",
		       stale_run_ms, MEMFRAG_RUN_STALE_MS_MIN,
		       MEMFRAG_RUN_STALE_MS_MAX);
		return -EINVAL;
	}

	/* Every counter exists before the first probe can fire. */
	what = "counters";
	err = memfrag_stats_init();
	if (err)
		goto out;
	what = "run table";
	err = memfrag_runs_init(stale_run_ms);
	if (err)
		goto free_stats;
	what = "event buffer";
	err = memfrag_events_init();
	if (err)
		goto free_runs;
	what = "stack map";
	err = memfrag_stackmap_init();
	if (err)
		goto free_events;
	what = "top tables";
	err = memfrag_top_init();
	if (err)
		goto free_stackmap;
	what = "tracepoints";
	err = memfrag_tracepoints_attach(disable);
	if (err)
		goto free_top;
	what = "files in /sys/kernel/debug/" MEMFRAG_DEBUGFS_DIR;
	err = memfrag_debugfs_init();
	if (err)
		goto detach;
	pr_info("version %s loaded, %zu bytes of counters\n", MEMFRAG_VERSION,
		memfrag_stats.bytes);
	return 0;

detach:
	memfrag_tracepoints_detach();
free_top:
	memfrag_top_exit();
free_stackmap:
	memfrag_stackmap_exit();
free_events:
	memfrag_events_exit();
free_runs:
	memfrag_runs_exit();
free_stats:
	memfrag_stats_exit();
out:
	pr_err("not loaded: cannot set up the %s: error %d\n", what, err);
	return err;
}

static void __exit memfrag_exit(void)
{
	memfrag_debugfs_exit();
	memfrag_tracepoints_detach();
	/* No probe can run any more: the counters can go. */
	memfrag_top_exit();
	memfrag_stackmap_exit();
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

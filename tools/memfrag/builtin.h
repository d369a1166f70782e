/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The commands, one builtin-<command>.c each, on the library in util/.
 * main.c's table (struct mf_command) names each one's main and options;
 * a main gets argv[0] its name, then only its own options and operands,
 * and returns an exit status, with err filled in on failure.  The views
 * (memfrag compaction, ...) are not here: util/views.c renders them and
 * util/view_run.c runs them, for main.c and for top alike.
 */
#ifndef MEMFRAG_TOOL_BUILTIN_H
#define MEMFRAG_TOOL_BUILTIN_H

#include "util/cli.h"

/* memfrag reset: clears every counter (writes 1 to the reset file). */
mf_command_main mf_reset_main;

/* memfrag snoop, memfrag events: src's events file, live or saved. */
extern const struct mf_opt mf_snoop_opts[];
mf_command_main mf_snoop_main;

/*
 * memfrag top: the summary (runs, stalls, fallbacks, zones) full-screen,
 * refreshed every -i SECONDS, like slabtop.
 */
extern const struct mf_opt mf_top_opts[];
mf_command_main mf_top_main;

/*
 * memfrag stacks: the kernel stacks of direct compaction requests that
 * began compacting, most frequent first, from the module's stacks file.
 */
mf_command_main mf_stacks_main;

/* memfrag prometheus [--textfile DIR [-i SECONDS]] [--state FILE] */
extern const struct mf_opt mf_prometheus_opts[];
mf_command_main mf_prometheus_main;

/*
 * memfrag record: every file's snapshot at each interval, and the events
 * between them, as JSON Lines (util/recording.h describes the format).
 */
extern const struct mf_opt mf_record_opts[];
mf_command_main mf_record_main;

/* memfrag plot FILE [-o DIR]: a recording as SVG pictures. */
extern const struct mf_opt mf_plot_opts[];
mf_command_main mf_plot_main;

/*
 * memfrag compare [NAME=]RECORDING... [-o DIR]: two or more recordings
 * side by side, one column each: totals, rates over the time each was
 * active and gauges' means, as a table (text, or JSON with -j) and as
 * SVG figures.
 */
extern const struct mf_opt mf_compare_opts[];
mf_command_main mf_compare_main;

#endif /* MEMFRAG_TOOL_BUILTIN_H */

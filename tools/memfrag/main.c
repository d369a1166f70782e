// SPDX-License-Identifier: GPL-2.0
/*
 * memfrag - show what the memfrag kernel module saw of memory compaction
 * and external fragmentation.
 *
 * main.c: the table of subcommands and the command line, global options
 * anywhere (util/cli.h); views are run by util/view_run.c, the other
 * commands are builtin-<command>.c (builtin.h).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <memfrag/memfrag.h>

#include "builtin.h"
#include "util/cli.h"
#include "util/source.h"
#include "util/table.h"
#include "util/view_run.h"
#include "util/views.h"

/*
 * Subcommands with a main of their own: one line each.  Views (the
 * summary, runs, ...) come from util/views.c's table.
 */
static const struct mf_command mf_commands[] = {
	{ "reset", mf_reset_main, NULL,
	  "clear every counter (writes 1 to the reset file)" },
	{ "snoop", mf_snoop_main, mf_snoop_opts,
	  "one line per compaction run as it ends, like compactsnoop" },
	{ "events", mf_snoop_main, mf_snoop_opts,
	  "the runs waiting in the events file, as snoop, then stop" },
	{ "top", mf_top_main, mf_top_opts,
	  "runs, stalls, fallbacks and zones full-screen, refreshed (-i)" },
	{ "stacks", mf_stacks_main, NULL,
	  "kernel stacks of direct compaction requests that compacted" },
	{ "prometheus", mf_prometheus_main, mf_prometheus_opts,
	  "counters, histograms and zone gauges for node_exporter's textfile" },
	{ "record", mf_record_main, mf_record_opts,
	  "record every view over time into a file (plot and compare read it)" },
	{ "plot", mf_plot_main, mf_plot_opts,
	  "draw a recording as SVG pictures with an index.html" },
	{ "compare", mf_compare_main, mf_compare_opts,
	  "two or more recordings side by side: NAME=PATH... (-o DIR: SVG)" },
};

#define MF_NCOMMANDS	MF_ARRAY_SIZE(mf_commands)

/* What the command line names: a view or a command (or neither). */
struct mf_target {
	const struct mf_view *view;
	const struct mf_command *cmd;
	const char *name;
};

static void mf_usage(FILE *out)
{
	unsigned int i;

	fprintf(out, "Usage: %s [GLOBAL OPTION]... [VIEW|COMMAND] [OPTION]...\n",
		MF_PROG);
	fputs("Show what the memfrag kernel module saw of memory compaction and external\n"
	      "fragmentation (/sys/kernel/debug/memfrag).  Global options go anywhere.\n\n"
	      "Views:\n", out);
	for (i = 0; i < mf_nviews; i++)
		fprintf(out, "  %-11s %s\n",
			mf_views[i].name,
			mf_views[i].help);
	fputs("\nCommands (COMMAND --help for their options):\n", out);
	for (i = 0; i < MF_NCOMMANDS; i++)
		fprintf(out, "  %-11s %s\n", mf_commands[i].name,
			mf_commands[i].help);
	fputs("\nGlobal options:\n", out);
	mf_print_options(out, mf_global_opts, mf_nopts(mf_global_opts), 24);
	fputs("\nEnvironment: MEMFRAG_DIR=DIR[:DIR]... as -d; MEMFRAG_DEBUGFS=PATH where\n"
	      "debugfs is mounted (default /sys/kernel/debug).\n"
	      "Exit status: 0 ok, 1 error, 2 usage, 3 debugfs not mounted, 4 module not\n"
	      "loaded, 5 permission denied, 6 unknown format version, 7 malformed file,\n"
	      "8 no such directory or file.  See memfrag(8).\n", out);
}

static void mf_command_usage(FILE *out, const struct mf_command *c)
{
	fprintf(out, "Usage: %s [GLOBAL OPTION]... %s [OPTION]...\n%s.\n",
		MF_PROG, c->name, c->help);
	if (c->opts && c->opts[0].key) {
		fputs("\nOptions:\n", out);
		mf_print_options(out, c->opts, mf_nopts(c->opts), 26);
	}
	fputs("\nGlobal options:\n", out);
	mf_print_options(out, mf_global_opts, mf_nopts(mf_global_opts), 26);
}

static int mf_unknown_subcommand(const char *name)
{
	char list[512];
	size_t len = 0;
	unsigned int i;

	list[0] = '\0';
	for (i = 0; i < mf_nviews; i++)
		len += snprintf(list + len, sizeof(list) - len, "%s%s",
					len ? " " : "", mf_views[i].name);
	for (i = 0; i < MF_NCOMMANDS && len < sizeof(list); i++)
		len += snprintf(list + len, sizeof(list) - len, " %s",
				mf_commands[i].name);
	return mf_usage_error("unknown subcommand '%s' (subcommands: %s)",
			      name, list);
}

static int mf_find_target(const char *name, struct mf_target *t)
{
	unsigned int i;

	t->name = name;
	for (i = 0; i < MF_NCOMMANDS; i++)
		if (!strcmp(mf_commands[i].name, name)) {
			t->cmd = &mf_commands[i];
			return 0;
		}
	t->view = mf_view_find(name);
	return t->view ? 0 : mf_unknown_subcommand(name);
}

/* Prints an error; every line of a multi-line message gets the prefix. */
static void mf_print_error(const struct mf_error *err)
{
	const char *p = err->msg;
	size_t n;

	do {
		n = strcspn(p, "\n");
		fprintf(stderr, "%s: %.*s\n", MF_PROG, (int)n, p);
		p += n;
	} while (*p++);
}

int main(int argc, char **argv)
{
	struct mf_globals g = { .node = -1 };
	struct mf_target t = { 0 };
	struct mf_source src;
	struct mf_error err = { 0 };
	struct mf_args_out out;
	const char *name;
	int ret;

	mf_source_init(&src, getenv("MEMFRAG_DEBUGFS"));
	name = mf_cli_target_name(argc, argv, mf_global_opts);
	if (name) {
		ret = mf_find_target(name, &t);
		if (ret)
			return ret;
	}
	ret = mf_cli_parse(argc, argv, t.cmd ? t.cmd->opts : NULL, &g, &src,
			   &out);
	if (ret == MF_CLI_HELP) {
		if (t.cmd)
			mf_command_usage(stdout, t.cmd);
		else
			mf_usage(stdout);
		return fflush(stdout) ? MF_EXIT_ERROR : MF_EXIT_OK;
	}
	if (ret)
		goto out;
	if (g.wide)
		mf_table_width = 0;
	mf_table_marks = getenv(MF_TABLE_MARKS_ENV) != NULL;
	if (t.cmd) {
		ret = t.cmd->main(out.argc, out.argv, &g, &src, &err);
	} else if (out.argc > 1) {
		ret = mf_usage_error("unexpected argument '%s'", out.argv[1]);
		goto out;
	} else {
		ret = mf_view_main(t.view ? t.view : &mf_views[0], &g, &src,
				   &err);
	}
	if (ret && err.msg[0]) {
		fflush(stdout);
		mf_print_error(&err);
	} else if (!ret && (fflush(stdout) || ferror(stdout))) {
		fprintf(stderr, "%s: writing the output failed: %s\n", MF_PROG,
			strerror(errno));
		ret = MF_EXIT_ERROR;
	}
out:
	mf_cli_free(&out);
	mf_source_free(&src);
	return ret;
}

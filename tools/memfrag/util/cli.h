/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The command line: memfrag [GLOBAL OPTION]... [VIEW|COMMAND] [OPTION]...
 *
 * Global options (json, interval, count, dir, filters, width) mean the same
 * to every subcommand and are accepted anywhere on the line.  A subcommand
 * with options of its own (snoop, top, ...) is one line of main.c's table
 * (struct mf_command): its name, its main function, its options (letters
 * no global option uses) and its help.  main() parses everything and calls
 * the command's main with argv[0] its name and, after it, only its own
 * options and operands, re-parsable with mf_getopt() over its options.
 */
#ifndef MEMFRAG_TOOL_CLI_H
#define MEMFRAG_TOOL_CLI_H

#include "source.h"
#include "util.h"

struct mf_globals {
	int json;		/* -j: JSON */
	int wide;		/* -w: tables wider than 80 columns */
	double interval;	/* -i SECONDS; 0: once */
	unsigned long count;	/* -c COUNT; 0: until interrupted */
	long long node;		/* -n NODE; -1: every node */
	const char *zone;	/* -z ZONE; NULL: every zone */
	const char *trigger;	/* -t TRIGGER; NULL: every trigger */
};

typedef int mf_command_main(int argc, char **argv, const struct mf_globals *g,
			    struct mf_source *src, struct mf_error *err);

struct mf_command {
	const char *name;
	mf_command_main *main;
	const struct mf_opt *opts;	/* its own; ends with key 0 */
	const char *help;
};

/* The options every subcommand takes. */
extern const struct mf_opt mf_global_opts[];
/* Entries of an option table ending with key 0. */
unsigned int mf_nopts(const struct mf_opt *opts);

/* The shortest -i interval: a sample needs time to read its files. */
#define MF_MIN_INTERVAL		0.01
#define MF_MAX_INTERVAL		86400.0

/*
 * A plain decimal number of seconds ("2", "0.5"; no exponent, sign or
 * hex) from min to max.  Returns 0, or -1.
 */
int mf_parse_decimal_seconds(const char *s, double min, double max,
			     double *v);

/* The arguments a command's main gets: argv[0] its name, then its own. */
struct mf_args_out {
	int argc;
	char **argv;		/* NULL-terminated */
};

/*
 * The subcommand argv names, skipping global options and their arguments,
 * or NULL when it names none (the summary).
 */
const char *mf_cli_target_name(int argc, char **argv,
			       const struct mf_opt *global);

/* mf_cli_parse() saw -h. */
#define MF_CLI_HELP	(-1)

/*
 * Parses argv: global options into g (and -d DIR, or MEMFRAG_DIR, into
 * src), the command's options (cmd_opts, NULL for a view) and operands
 * into out.  Returns 0, MF_CLI_HELP, or MF_EXIT_USAGE (message printed).
 * -V prints the version and exits.
 */
int mf_cli_parse(int argc, char **argv, const struct mf_opt *cmd_opts,
		 struct mf_globals *g, struct mf_source *src,
		 struct mf_args_out *out);
void mf_cli_free(struct mf_args_out *out);

/* Prints "memfrag: <message>" and "Try 'memfrag --help'."; returns 2. */
int mf_usage_error(const char *fmt, ...) MF_PRINTF(1, 2);

#endif /* MEMFRAG_TOOL_CLI_H */

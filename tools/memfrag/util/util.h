/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Small helpers shared by every part of the memfrag tool: exit statuses,
 * error messages, an allocation arena and number parsing.
 */
#ifndef MEMFRAG_TOOL_UTIL_H
#define MEMFRAG_TOOL_UTIL_H

#include <getopt.h>
#include <stdio.h>

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

/* Exit statuses; memfrag.8 documents them (EXIT STATUS). */
enum mf_exit {
	MF_EXIT_OK		= 0,
	MF_EXIT_ERROR		= 1,	/* I/O error, reset refused, ... */
	MF_EXIT_USAGE		= 2,	/* unknown subcommand or option */
	MF_EXIT_NO_DEBUGFS	= 3,	/* debugfs not mounted */
	MF_EXIT_NO_MODULE	= 4,	/* memfrag.ko not loaded */
	MF_EXIT_PERM		= 5,	/* permission denied: not root */
	MF_EXIT_VERSION		= 6,	/* unknown file format version */
	MF_EXIT_MALFORMED	= 7,	/* empty, truncated or malformed file */
	MF_EXIT_NO_FILE		= 8,	/* -d DIR or a file in it missing */
};

#define MF_PROG		"memfrag"

/* One command-line option: the same table drives the parser and --help. */
struct mf_opt {
	int key;
	const char *name;
	const char *arg;	/* the argument's name, NULL for none */
	const char *help;
};

#define MF_MAX_OPTS	32

/* getopt_long() over a table of options. */
struct mf_getopt {
	struct option longopts[MF_MAX_OPTS + 1];
	char shortopts[2 * MF_MAX_OPTS + 2];
	char bad[64];
};

/* Starts reading the options of argv[1..] by opts (n <= MF_MAX_OPTS). */
void mf_getopt_init(struct mf_getopt *g, const struct mf_opt *opts,
		    unsigned int n);
/*
 * The next option's key, or ':' (its argument is missing), '=' (an
 * argument given to a long option that takes none) or '?' (an unknown
 * option) with *bad the option at fault; -1 after the last.
 */
int mf_getopt(struct mf_getopt *g, int argc, char **argv, const char **bad);
/* --help fits a terminal of 80 columns. */
#define MF_HELP_COLUMNS		80
/*
 * The "Options:" lines of --help for opts, names padded to width, their
 * help wrapped to MF_HELP_COLUMNS.
 */
void mf_print_options(FILE *out, const struct mf_opt *opts, unsigned int n,
		      int width);
#define MF_ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

/* The number of entries of an X-macro list: (0 LIST(MF_PLUS_ONE)). */
#define MF_PLUS_ONE(...)	+ 1

/* The kernel's __printf(), which userspace headers do not have. */
#define MF_PRINTF(f, a)	__attribute__((				\
				__format__(__printf__, f, a)))

/*
 * The first error found, kept until main() prints it: views and parsers
 * return an mf_exit status and leave the message here.
 */
struct mf_error {
	int status;
	char msg[512];
};

int mf_fail(struct mf_error *err, int status, const char *fmt, ...)
	MF_PRINTF(3, 4);

/* Allocations that live as long as the file they describe. */
struct mf_arena {
	struct mf_chunk *chunks;
};

void *mf_alloc(struct mf_arena *a, size_t size);
char *mf_strndup(struct mf_arena *a, const char *s, size_t len);
char *mf_strdup(struct mf_arena *a, const char *s);
char *mf_printf(struct mf_arena *a, const char *fmt, ...) MF_PRINTF(2, 3);
void mf_arena_free(struct mf_arena *a);

/* malloc() that exits on failure; for the tool's own tables. */
void *mf_xmalloc(size_t size);
void *mf_xrealloc(void *p, size_t size);

/*
 * Numbers as the module prints them.  Each returns 0 on success, -1 if the
 * token is not such a number (or out of range).
 */
int mf_parse_u64(const char *s, uint64_t *v);
int mf_parse_int(const char *s, long long *v);
/* "0.123", "-1.000": thousandths, as the zones file prints indexes. */
int mf_parse_milli(const char *s, long long *v);
/* An option's number of seconds: above 0, up to max. */
int mf_parse_seconds(const char *s, double max, double *v);

/*
 * The log2 latency bucket that starts at from: 0 for 0, b for 2^(b-1)
 * (so 1 .. 64).
 */
unsigned int mf_log2_bucket(uint64_t from);
/* The smallest and largest value log2 bucket b holds (0 for b 0). */
unsigned long long mf_log2_from(unsigned int b);
unsigned long long mf_log2_to(unsigned int b);

/* "1.250" from 1250; buf needs 32 bytes. */
const char *mf_fmt_milli(char *buf, size_t size, long long milli);

/*
 * Page sizes.  A file of format 4 on says its kernel's (page_size); an
 * older one does not, and counts pages of MF_PAGE_SIZE_OLD bytes: memfrag
 * ran on kernels of 4 KiB pages only until format 4.  The tool reads any
 * power of two from 4 KiB to 1 MiB (the sizes Linux's architectures offer).
 */
#define MF_PAGE_SIZE_OLD	4096
#define MF_PAGE_SIZE_MIN	4096
#define MF_PAGE_SIZE_MAX	(1u << 20)
int mf_page_size_ok(uint64_t bytes);
/*
 * A size in the largest binary unit it fills, to 4 significant digits:
 * "16 KiB", "8 MiB", "1.911 GiB"; buf needs 32 bytes.
 */
const char *mf_fmt_bytes(char *buf, size_t size, double bytes);

#endif /* MEMFRAG_TOOL_UTIL_H */

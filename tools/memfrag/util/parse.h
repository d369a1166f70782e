/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The layout every memfrag file shares: "memfrag <version>", "format: <n>",
 * "key: value" lines, then sections: "[name]", a line of column names and
 * rows of space-separated fields.  status has one table without a "[name]"
 * line; it is kept as a section with the empty name.
 */
#ifndef MEMFRAG_TOOL_PARSE_H
#define MEMFRAG_TOOL_PARSE_H

#include <stddef.h>

#include <memfrag/sections.h>

#include "util.h"

struct mf_row {
	unsigned int line;
	unsigned int ntok;
	char **tok;
};

struct mf_section {
	const char *name;
	const char *header;	/* the column line as written */
	unsigned int line;
	unsigned int ncol;
	char **col;
	unsigned int nrow;
	unsigned int cap;
	struct mf_row *rows;
};

struct mf_kv {
	const char *key;
	const char *val;
	unsigned int line;
};

struct mf_file {
	struct mf_arena arena;
	const char *name;	/* "status", "zones", ... */
	const char *path;	/* for messages */
	const char *version;	/* of the module that wrote it */
	long long format;
	int reset;		/* a delta across a reset (delta.c) */
	unsigned int nkv, kvcap;
	struct mf_kv *kv;
	unsigned int nsec, seccap;
	struct mf_section *sec;
};

/* Limits that keep a hostile input from using unbounded memory. */
#define MF_MAX_FILE_SIZE	(16u << 20)
#define MF_MAX_TOKENS		512

/*
 * Parses data[0 .. len) into f (which it initialises).  Returns 0, or an
 * mf_exit status with err set: MF_EXIT_MALFORMED for an empty, truncated
 * or malformed file, MF_EXIT_VERSION for a format this tool does not read
 * (it reads MEMFRAG_FORMAT_OLDEST to MEMFRAG_FORMAT_VERSION),
 * MF_EXIT_ERROR when the module wrote an "error:" line.  f must be freed
 * with mf_file_free() either way.
 */
int mf_parse(struct mf_file *f, const char *name, const char *path,
	     const char *data, size_t len, struct mf_error *err);
void mf_file_init(struct mf_file *f, const char *name, const char *path);
void mf_file_free(struct mf_file *f);

/*
 * A section or column name to look up, given as its identifier in
 * include/memfrag/files.h: a misspelt name does not compile.
 */
#define MF_SEC(name)	MEMFRAG_SEC_NAME(name)
#define MF_COL(name)	MEMFRAG_COL_NAME(name)

const struct mf_section *mf_section(const struct mf_file *f,
				    const char *name);
const char *mf_kv(const struct mf_file *f, const char *key);
/* "[name]", or "the tracepoint table" for status's unnamed one. */
const char *mf_section_label(const struct mf_section *s, char *buf,
			     size_t size);
/* Index of a column, or -1. */
int mf_col(const struct mf_section *s, const char *name);

/* Building a file (the parser and the deltas use these). */
void mf_add_kv(struct mf_file *f, const char *key, const char *val,
	       unsigned int line);
/* Replaces the value of key, or adds it (line 0: not from the file). */
void mf_set_kv(struct mf_file *f, const char *key, const char *val);
struct mf_section *mf_add_section(struct mf_file *f, const char *name,
				  unsigned int line);
void mf_set_columns(struct mf_file *f, struct mf_section *s,
		    const char *header, unsigned int ncol, char **col);
struct mf_row *mf_add_row(struct mf_file *f, struct mf_section *s,
			  unsigned int ntok, char **tok, unsigned int line);

#endif /* MEMFRAG_TOOL_PARSE_H */

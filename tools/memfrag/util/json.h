/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A JSON writer (objects, arrays, strings, numbers, null) and the
 * conversion of a memfrag file into JSON, typed by the schema.
 */
#ifndef MEMFRAG_TOOL_JSON_H
#define MEMFRAG_TOOL_JSON_H

#include <stdint.h>
#include <stdio.h>

#include "parse.h"
#include "schema.h"

#define MF_JSON_DEPTH	32

struct mf_json {
	FILE *out;
	int pretty;		/* indented, else one line */
	int depth;
	int items[MF_JSON_DEPTH];	/* values written at each depth */
};

void mf_json_init(struct mf_json *j, FILE *out, int pretty);
/* key is NULL for a value inside an array or at the top. */
void mf_json_begin(struct mf_json *j, const char *key, char bracket);
void mf_json_end(struct mf_json *j, char bracket);
void mf_json_str(struct mf_json *j, const char *key, const char *val);
void mf_json_u64(struct mf_json *j, const char *key, uint64_t val);
void mf_json_int(struct mf_json *j, const char *key, long long val);
void mf_json_double(struct mf_json *j, const char *key, double val);
void mf_json_seconds(struct mf_json *j, const char *key, double secs);
void mf_json_bool(struct mf_json *j, const char *key, int val);
void mf_json_null(struct mf_json *j, const char *key);
void mf_json_milli(struct mf_json *j, const char *key, long long milli);
/* A token of the given schema type: "-" and "inf" become null. */
void mf_json_tok(struct mf_json *j, const char *key, enum mf_type type,
		 const char *tok);
/* Ends the document (a newline after the top-level value). */
void mf_json_done(struct mf_json *j);

/*
 * The members for one file: its "key: value" lines, then one array of row
 * objects per section, keys and types from the schema.
 */
void mf_json_file(struct mf_json *j, const struct mf_file *f);
/* One "key: value" line of f, typed by the schema. */
void mf_json_file_kv(struct mf_json *j, const struct mf_file *f,
		     const char *key);
/* Column col of row r of s (a section of f), typed by the schema. */
void mf_json_col(struct mf_json *j, const struct mf_file *f,
		 const struct mf_section *s, const struct mf_row *r,
		 const char *col);

#endif /* MEMFRAG_TOOL_JSON_H */

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A file of a recording's snapshot (JSON, as the views print it) read
 * back into the parsed file, through the parser and the schema checks
 * that the module's text goes through.
 */
#ifndef MEMFRAG_TOOL_JSONFILE_H
#define MEMFRAG_TOOL_JSONFILE_H

#include "jsonread.h"
#include "parse.h"

/*
 * Reads v, file name of a snapshot, into f (which it initialises; free it
 * with mf_file_free() either way).  Returns 0, or an mf_exit status with
 * err saying what does not fit the schema.
 */
int mf_file_from_json(struct mf_file *f, const char *name, const char *path,
		      const struct mf_jv *v, struct mf_error *err);

#endif /* MEMFRAG_TOOL_JSONFILE_H */

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Where the files come from: /sys/kernel/debug/memfrag on a live system,
 * or a directory of recorded copies (-d DIR, MEMFRAG_DIR).  Failures are
 * explained (debugfs not mounted, module not loaded, not root).
 */
#ifndef MEMFRAG_TOOL_SOURCE_H
#define MEMFRAG_TOOL_SOURCE_H

#include "parse.h"
#include "util.h"

#define MF_DEBUGFS_DEFAULT	"/sys/kernel/debug"
/*
 * vm.compaction_proactiveness, which the zones thresholds follow: the
 * sysctl, read with the live module's files, and the name of its copy in
 * a -d DIR (a recording), read with that directory's.
 */
#define MF_PROACTIVENESS_SYSCTL	"/proc/sys/vm/compaction_proactiveness"
#define MF_PROACTIVENESS_COPY	"compaction_proactiveness"

struct mf_source {
	const char *debugfs;	/* debugfs mount point */
	char **dirs;		/* -d / MEMFRAG_DIR, one per sample */
	unsigned int ndirs;
	unsigned int sample;	/* samples read so far */
	char live[4096];	/* <debugfs>/memfrag */
};

void mf_source_init(struct mf_source *src, const char *debugfs);
void mf_source_add_dir(struct mf_source *src, const char *dir);
/*
 * The directory the next sample is read from: successive samples (-i) read
 * successive -d directories, the last one again once they run out.
 */
const char *mf_source_dir(const struct mf_source *src);
void mf_source_next(struct mf_source *src);
void mf_source_free(struct mf_source *src);

/*
 * Reads, parses and validates one file of the current sample, and adds the
 * keys the tool computes (the zones thresholds, from format 2 on).
 */
int mf_load(const struct mf_source *src, const char *name, struct mf_file *f,
	    struct mf_error *err);
/*
 * Explains why path could not be opened (errnum): debugfs not mounted,
 * module not loaded, not root...; returns the exit status.
 */
int mf_open_error(const struct mf_source *src, const char *path, int errnum,
		  struct mf_error *err);
/* Writes "1" to the reset file. */
int mf_reset(const struct mf_source *src, struct mf_error *err);

#endif /* MEMFRAG_TOOL_SOURCE_H */

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * memfrag itself: its names (tracepoints, triggers, results, drops) from
 * the lists in include/memfrag/, loading and unloading the module, and
 * parsing the sections of its files against files.h's columns.
 */
#ifndef MFT_LIB_MODULE_H
#define MFT_LIB_MODULE_H

#include <memfrag/memfrag.h>
#include <memfrag/sections.h>

#include "lib_files.h"

#define MEMFRAG_DIR		"/sys/kernel/debug/" MEMFRAG_DEBUGFS_DIR
/* The path of memfrag's file MEMFRAG_FILE_<ID>. */
#define MEMFRAG_PATH(file)	MEMFRAG_DIR "/" file
#define MEMFRAG_STATUS		MEMFRAG_PATH(MEMFRAG_FILE_STATUS)
#define TRACEFS_DIR		"/sys/kernel/tracing"

/*
 * The teardown of a fixture that undoes kernel state (hist triggers,
 * sysctls), for files that include kselftest_harness.h first: run by the
 * test's parent process once the test ended, however it ended.  The 6.12
 * harness ends a test at a failed ASSERT with longjmp(), after which the
 * test process, built with -O2, takes itself for the parent (the fork's
 * result is a local that is not volatile) and skips FIXTURE_TEARDOWN: a
 * hist trigger left armed adds its hits to a later test's totals.
 * Harnesses before 6.9 have FIXTURE_TEARDOWN only.
 */
#ifdef FIXTURE_TEARDOWN_PARENT
#define MEMFRAG_FIXTURE_TEARDOWN(fixture_name) \
	FIXTURE_TEARDOWN_PARENT(fixture_name)
#else
#define MEMFRAG_FIXTURE_TEARDOWN(fixture_name) \
	FIXTURE_TEARDOWN(fixture_name)
#endif

/* "system:name" of every tracepoint memfrag knows, by enum memfrag_tp_id. */
extern const char *const mft_tracepoints[MEMFRAG_NR_TP];
/* The trigger names the files print, by enum memfrag_trigger. */
extern const char *const mft_trigger_names[MEMFRAG_NR_TRIGGERS];
/* The names of the status file's "drops:" counters, by enum memfrag_drop. */
extern const char *const mft_drop_names[MEMFRAG_NR_DROPS];

/* "system:name" of MEMFRAG_TP_<id>; the name of MEMFRAG_TRIGGER_<id>. */
#define MEMFRAG_TP(id)		mft_tracepoints[MEMFRAG_TP_##id]
#define MEMFRAG_TRIGGER(id)	mft_trigger_names[MEMFRAG_TRIGGER_##id]

/* A tracepoint's system and its name within it ("name" of "system:name"). */
const char *mft_tp_system(enum memfrag_tp_id id);
const char *mft_tp_name(enum memfrag_tp_id id);
/*
 * The module parameter that disables the n tracepoints ids:
 * "disable=name1,name2".  0, or -ENOSPC if it does not fit in buf.
 */
int mft_disable_param(char *buf, size_t size,
			  const enum memfrag_tp_id *ids, int n);

/*
 * A value of the kernel's enum compact_result as memfrag names it:
 * "other" for a value the list does not know.
 */
const char *mft_result_name(long long value);
/* A value of enum compact_priority; "?" for a value the list does not know. */
const char *mft_prio_name(long long value);
/* The end tracepoint's sync field as the mode column names it. */
const char *mft_mode_name(long long sync);

/* Path of memfrag.ko: $MEMFRAG_KO, else ./memfrag.ko; NULL if absent. */
const char *mft_ko_path(void);
bool mft_loaded(void);
/* finit_module(2) / delete_module(2); 0 or -errno. */
int mft_load(const char *params);
int mft_unload(void);

/*
 * The open gate: keeps every open() of a memfrag file out of
 * delete_module() (lib_module.c says why).  In memory that the processes
 * using it share: mft_open_gate_new() maps it MAP_SHARED.
 */
struct mft_open_gate {
	int opening;		/* processes inside open() */
	int unloading;		/* the unloader is in delete_module() */
};

struct mft_open_gate *mft_open_gate_new(void);
void mft_open_gate_enter(struct mft_open_gate *g);
void mft_open_gate_leave(struct mft_open_gate *g);
/* delete_module("memfrag", O_NONBLOCK) through the gate; as the syscall. */
long mft_delete_module_gated(struct mft_open_gate *g);
/* mft_unload(), its delete_module() calls through the gate. */
int mft_unload_gated(struct mft_open_gate *g);

/*
 * Why memfrag's tests cannot run here (not root, no debugfs/tracefs, no
 * memfrag.ko), or NULL when they can.
 */
const char *mft_missing_prerequisite(void);
/* Loads memfrag with default parameters unless it is loaded already. */
int mft_ensure_loaded(void);

/* No module and none of its files: what unloading must leave. */
bool mft_gone(void);

#ifdef __KSELFTEST_HARNESS_H
/*
 * For a fixture's setup: skips the test, and returns true, unless
 * memfrag's tests can run here.
 */
static inline bool mft_skip_unless_ready(struct __test_metadata *_metadata)
{
	const char *why = mft_missing_prerequisite();

	if (why)
		SKIP(return true, "%s", why);
	return false;
}
#endif

/*
 * A memfrag file is "key: value" lines and sections: "[name]", a line
 * naming its columns, and one row per line.  The status file's table of
 * tracepoints has no "[name]" line: its section name is "", and it is
 * found by its column line.  include/memfrag/files.h lists each file's
 * sections and their columns; a parsed table whose column line differs
 * from it is an error.
 */
#define MEMFRAG_MAX_COLS	32

struct mft_row {
	int n;
	char *f[MEMFRAG_MAX_COLS];
};

struct mft_table {
	char *text;			/* the section's text, split in place */
	int ncols;
	char *col[MEMFRAG_MAX_COLS];	/* the column line */
	int nrows;
	struct mft_row *row;
};

/*
 * Parses section of file (MEMFRAG_FILE_<ID>) from the file's text in buf.
 * 0; -ENOENT if the section is missing; -EPROTO if its column line is not
 * the one files.h gives; -ENOMEM.  Free t with mft_table_free().
 */
int mft_table_parse(const char *buf, const char *file,
			const char *section, struct mft_table *t);
/* Reads file from debugfs and parses section; as mft_table_parse(). */
int mft_table_read(const char *file, const char *section,
		       struct mft_table *t);
void mft_table_free(struct mft_table *t);
/* The index of column name; -1 (and a message) if the table has none. */
int mft_table_col(const struct mft_table *t, const char *name);
/* Row r's field in column col; NULL if the row is shorter. */
const char *mft_table_field(const struct mft_table *t, int r,
				int col);

/*
 * files.h's columns of section of file, space-separated, and the
 * section's flags (MEMFRAG_SEC_*); NULL if files.h lists no such section.
 */
const char *mft_schema_columns(const char *file, const char *section,
				   int *flags);
/* The i-th section files.h lists for file; NULL past the last one. */
const char *mft_schema_section(const char *file, int i);

/*
 * The text of section [name] in buf: from the line after "[name]" to the
 * next section or the end.  Sets *len; NULL if there is no such section.
 */
const char *mft_section_text(const char *buf, const char *name,
				 size_t *len);
/* The value of a "key: value" line of buf into val; 0 or -ENOENT. */
int mft_key(const char *buf, const char *key, char *val, size_t size);
/* name=N on the "key: ..." line of buf ("drops: a=1 b=2"); 0 or -ENOENT. */
int mft_pair(const char *buf, const char *key, const char *name,
		 long long *val);

struct mft_tp_status {
	char state[16];
	unsigned long long hits;
};

/*
 * Finds "system:name" in the status file.  0 on success, -ENOENT if the
 * row is missing, -errno if the file cannot be read.
 */
int mft_tp_status(const char *tracepoint, struct mft_tp_status *st);

/* mm_compaction_begin's and _end's hits: the kernel's (hist) and memfrag's. */
struct mft_run_hits {
	long long hist_begin, hist_end, mf_begin, mf_end;
};

/* memfrag's hits of begin and end (status), into h.  0, or -1. */
int mft_memfrag_run_hits(struct mft_run_hits *h);

/* Mounts debugfs and tracefs if needed; false if they are unavailable. */
bool mount_debug_filesystems(void);

#endif /* MFT_LIB_MODULE_H */

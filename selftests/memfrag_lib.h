/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The library of memfrag's selftests and of memfrag_workload: loading the
 * module, reading its files and the kernel's own files, and the kernel's
 * own counts of the same events (ftrace hist triggers) to compare against.
 *
 * Every name memfrag shares with its module and its tool (tracepoints,
 * triggers, compaction results and priorities, drops, file names and the
 * columns of each section) comes from the lists in include/memfrag/; the
 * Makefile finds them through MEMFRAG_INCLUDE, which a copy of this
 * directory in a kernel tree sets to memfrag's include/.
 */
#ifndef MEMFRAG_SELFTEST_LIB_H
#define MEMFRAG_SELFTEST_LIB_H

#include <stdbool.h>
#include <sys/types.h>
#include <stddef.h>

#include <memfrag/memfrag.h>

#define MEMFRAG_DIR		"/sys/kernel/debug/" MEMFRAG_DEBUGFS_DIR
/* The path of memfrag's file MEMFRAG_FILE_<ID>. */
#define MEMFRAG_PATH(file)	MEMFRAG_DIR "/" file
#define MEMFRAG_STATUS		MEMFRAG_PATH(MEMFRAG_FILE_STATUS)
#define TRACEFS_DIR		"/sys/kernel/tracing"

#define MEMFRAG_STR_(x)		#x
#define MEMFRAG_STR(x)		MEMFRAG_STR_(x)

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(arr) (sizeof(arr) / sizeof((arr)[0]))
#endif

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

/* ------------------------------------------------- include/memfrag/ names */

/* "system:name" of every tracepoint memfrag knows, by enum memfrag_tp_id. */
extern const char *const memfrag_tracepoints[MEMFRAG_NR_TP];
/* The trigger names the files print, by enum memfrag_trigger. */
extern const char *const memfrag_trigger_names[MEMFRAG_NR_TRIGGERS];
/* The names of the status file's "drops:" counters, by enum memfrag_drop. */
extern const char *const memfrag_drop_names[MEMFRAG_NR_DROPS];

/* "system:name" of MEMFRAG_TP_<id>; the name of MEMFRAG_TRIGGER_<id>. */
#define MEMFRAG_TP(id)		memfrag_tracepoints[MEMFRAG_TP_##id]
#define MEMFRAG_TRIGGER(id)	memfrag_trigger_names[MEMFRAG_TRIGGER_##id]

/*
 * Fields of the kernel's events that hist triggers key on, as ftrace
 * spells them: some are spelled like memfrag's columns.
 */
#define TP_FIELD_ORDER		"order"		/* not a column name */
#define TP_FIELD_PRIO		"prio"		/* not a column name */
#define TP_FIELD_ALLOC_ORDER	"alloc_order"	/* not a column name */
#define TP_FIELD_FALLBACK_ORDER	"fallback_order" /* not a column name */

/* A tracepoint's system and its name within it ("name" of "system:name"). */
const char *memfrag_tp_system(enum memfrag_tp_id id);
const char *memfrag_tp_name(enum memfrag_tp_id id);
/*
 * The module parameter that disables the n tracepoints ids:
 * "disable=name1,name2".  0, or -ENOSPC if it does not fit in buf.
 */
int memfrag_disable_param(char *buf, size_t size,
			  const enum memfrag_tp_id *ids, int n);

/*
 * A value of the kernel's enum compact_result as memfrag names it:
 * "other" for a value the list does not know.
 */
const char *memfrag_result_name(long long value);
/* A value of enum compact_priority; "?" for a value the list does not know. */
const char *memfrag_prio_name(long long value);
/* The end tracepoint's sync field as the mode column names it. */
const char *memfrag_mode_name(long long sync);

/* ----------------------------------------------------------------- files */

/*
 * Reads a whole file into buf (NUL-terminated); bytes read or -errno.
 * Retries reads a signal interrupted.
 */
long read_file(const char *path, char *buf, size_t size);
/* Writes text to a file (sysctl, sysfs, debugfs); 0 or -errno. */
int write_file(const char *path, const char *text);
int setting_value(const char *path, char *val, size_t size);

/* The settings memfrag_workload changes (and its runner restores). */
#define MF_NR_HUGEPAGES		"/proc/sys/vm/nr_hugepages"
#define MF_PROACTIVENESS	"/proc/sys/vm/compaction_proactiveness"
#define MF_THP_ENABLED		"/sys/kernel/mm/transparent_hugepage/enabled"
#define MF_THP_DEFRAG		"/sys/kernel/mm/transparent_hugepage/defrag"
#define MF_BOOST_FACTOR		"/proc/sys/vm/watermark_boost_factor"
/* The number a file holds (a sysctl, a sysfs value); -1 if unreadable. */
long long read_num(const char *path);
/* Writes "val\n"; 0 or -errno. */
int write_num(const char *path, long long val);
/* A counter from /proc/vmstat, or -1. */
long long read_vmstat(const char *name);
/* A /proc/meminfo value, in bytes ("kB" values converted); 0 if absent. */
unsigned long read_meminfo(const char *name);

/* ------------------------------------------------------ the module itself */

/* Path of memfrag.ko: $MEMFRAG_KO, else ./memfrag.ko; NULL if absent. */
const char *memfrag_ko_path(void);
bool memfrag_loaded(void);
/* finit_module(2) / delete_module(2); 0 or -errno. */
int memfrag_load(const char *params);
int memfrag_unload(void);

/*
 * The open gate: keeps every open() of a memfrag file out of
 * delete_module() (memfrag_lib.c says why).  In memory that the processes
 * using it share: memfrag_open_gate_new() maps it MAP_SHARED.
 */
struct memfrag_open_gate {
	int opening;		/* processes inside open() */
	int unloading;		/* the unloader is in delete_module() */
};

struct memfrag_open_gate *memfrag_open_gate_new(void);
void memfrag_open_gate_enter(struct memfrag_open_gate *g);
void memfrag_open_gate_leave(struct memfrag_open_gate *g);
/* delete_module("memfrag", O_NONBLOCK) through the gate; as the syscall. */
long memfrag_delete_module_gated(struct memfrag_open_gate *g);
/* memfrag_unload(), its delete_module() calls through the gate. */
int memfrag_unload_gated(struct memfrag_open_gate *g);

/*
 * Why memfrag's tests cannot run here (not root, no debugfs/tracefs, no
 * memfrag.ko), or NULL when they can.
 */
const char *memfrag_missing_prerequisite(void);
/* Loads memfrag with default parameters unless it is loaded already. */
int memfrag_ensure_loaded(void);

/* No module and none of its files: what unloading must leave. */
bool memfrag_gone(void);

#ifdef __KSELFTEST_HARNESS_H
/*
 * For a fixture's setup: skips the test, and returns true, unless
 * memfrag's tests can run here.
 */
static inline bool memfrag_skip_unless_ready(struct __test_metadata *_metadata)
{
	const char *why = memfrag_missing_prerequisite();

	if (why)
		SKIP(return true, "%s", why);
	return false;
}
#endif

/*
 * Runs fn(arg) in a child process and waits for it: the child's exit
 * status (fn's return value), or -1 if it could not run or did not exit.
 */
int run_in_child(int (*fn)(void *arg), void *arg);

/* ------------------------------------------------------ memfrag's tables */

/*
 * A memfrag file is "key: value" lines and sections: "[name]", a line
 * naming its columns, and one row per line.  The status file's table of
 * tracepoints has no "[name]" line: its section name is "", and it is
 * found by its column line.  include/memfrag/files.h lists each file's
 * sections and their columns; a parsed table whose column line differs
 * from it is an error.
 */
#define MEMFRAG_MAX_COLS	32

struct memfrag_row {
	int n;
	char *f[MEMFRAG_MAX_COLS];
};

struct memfrag_table {
	char *text;			/* the section's text, split in place */
	int ncols;
	char *col[MEMFRAG_MAX_COLS];	/* the column line */
	int nrows;
	struct memfrag_row *row;
};

/*
 * Parses section of file (MEMFRAG_FILE_<ID>) from the file's text in buf.
 * 0; -ENOENT if the section is missing; -EPROTO if its column line is not
 * the one files.h gives; -ENOMEM.  Free t with memfrag_table_free().
 */
int memfrag_table_parse(const char *buf, const char *file,
			const char *section, struct memfrag_table *t);
/* Reads file from debugfs and parses section; as memfrag_table_parse(). */
int memfrag_table_read(const char *file, const char *section,
		       struct memfrag_table *t);
void memfrag_table_free(struct memfrag_table *t);
/* The index of column name; -1 (and a message) if the table has none. */
int memfrag_table_col(const struct memfrag_table *t, const char *name);
/* Row r's field in column col; NULL if the row is shorter. */
const char *memfrag_table_field(const struct memfrag_table *t, int r,
				int col);

/*
 * files.h's columns of section of file, space-separated, and the
 * section's flags (MEMFRAG_SEC_*); NULL if files.h lists no such section.
 */
const char *memfrag_schema_columns(const char *file, const char *section,
				   int *flags);
/* The i-th section files.h lists for file; NULL past the last one. */
const char *memfrag_schema_section(const char *file, int i);

/*
 * The text of section [name] in buf: from the line after "[name]" to the
 * next section or the end.  Sets *len; NULL if there is no such section.
 */
const char *memfrag_section_text(const char *buf, const char *name,
				 size_t *len);
/* The value of a "key: value" line of buf into val; 0 or -ENOENT. */
int memfrag_key(const char *buf, const char *key, char *val, size_t size);
/* name=N on the "key: ..." line of buf ("drops: a=1 b=2"); 0 or -ENOENT. */
int memfrag_pair(const char *buf, const char *key, const char *name,
		 long long *val);

struct memfrag_tp_status {
	char state[16];
	unsigned long long hits;
};

/*
 * Finds "system:name" in the status file.  0 on success, -ENOENT if the
 * row is missing, -errno if the file cannot be read.
 */
int memfrag_tp_status(const char *tracepoint, struct memfrag_tp_status *st);

/* Does the running kernel have this tracepoint (tracefs events/ dir)? */
bool kernel_has_tracepoint(const char *tracepoint);
/* ... and can it count it with a hist trigger (CONFIG_HIST_TRIGGERS)? */
bool kernel_has_hist(const char *tracepoint);
/* Mounts debugfs and tracefs if needed; false if they are unavailable. */
bool mount_debug_filesystems(void);

/*
 * ftrace hist triggers: the kernel's own count of a tracepoint's hits,
 * independent of memfrag.  hist_total() reads "Totals: Hits:" (-1 on
 * error).  Keys: a field of the event, e.g. "sync".
 */
int hist_trigger_add(const char *tracepoint, const char *keys);
int hist_trigger_remove(const char *tracepoint, const char *keys);
long long hist_total(const char *tracepoint);

/*
 * Calls fn(ctx), which reads something, until the hist total of tracepoint
 * is the same before and after it (up to 50 tries, 100 ms apart): a read
 * during which no traced event fired.  Returns that total; -1 if it never
 * was quiet, or if fn() returned an error.
 */
long long hist_quiet_read(const char *tracepoint, int (*fn)(void *ctx),
			  void *ctx);

/* Writes 1 to /proc/sys/vm/compact_memory: compacts every zone. */
int compact_all_memory(void);


/*
 * Comparing breakdowns: a kv_map holds "key -> count", where a key is the
 * breakdown's columns joined by spaces (e.g. "0 Normal sync complete").
 */
#define KV_KEY_LEN	96
#define KV_MAX		4096

struct kv_map {
	int n;
	struct {
		char key[KV_KEY_LEN];
		long long val;
	} e[KV_MAX];
};

void kv_clear(struct kv_map *m);
void kv_add(struct kv_map *m, const char *key, long long val);
long long kv_get(const struct kv_map *m, const char *key);
/* Like kv_get(), but -1 when key is absent. */
long long kv_find_val(const struct kv_map *m, const char *key);
long long kv_total(const struct kv_map *m);
/* out = a - b, key by key. */
void kv_sub(struct kv_map *out, const struct kv_map *a, const struct kv_map *b);
/* Prints every key whose counts differ; returns how many differ. */
int kv_diff(const char *what, const struct kv_map *mine,
	    const struct kv_map *kernel);

/*
 * Reads section [section] of memfrag's file and adds each row's column
 * val_col under the key made of the columns named in key_cols (a
 * NULL-terminated list, or NULL for none).  A "-" in val_col (a count this
 * kernel cannot report) adds nothing.  Returns 0, or -errno / -ENOENT when
 * the file or section is missing, -EINVAL when a column is.
 */
int memfrag_section_map(const char *file, const char *section,
			const char *const *key_cols, const char *val_col,
			struct kv_map *out);
/*
 * memfrag_section_map() into out, cleared first, at a moment when no
 * event of tracepoint fired (hist_quiet_read()); the hist total, or -1.
 */
long long quiet_section_map(const char *tracepoint, const char *file,
			    const char *section, const char *const *key_cols,
			    const char *val_col, struct kv_map *out);

/* One entry of an ftrace hist: its key fields, hitcount and sums. */
#define HIST_MAX_FIELDS	8
struct hist_entry {
	int n;
	char name[HIST_MAX_FIELDS][32];
	long long val[HIST_MAX_FIELDS];
	long long hitcount;
};

/*
 * Calls fn for every entry of the tracepoint's hist trigger whose keys
 * start with keys (an event can carry several); entries or -1.
 */
int hist_for_each(const char *tracepoint, const char *keys,
		  void (*fn)(const struct hist_entry *e, void *ctx),
		  void *ctx);
/* Value of key or value field name in e (0 if absent). */
long long hist_field(const struct hist_entry *e, const char *name);

/* ---------------------------------------------------------- /proc/zoneinfo */

/* A zone of /proc/zoneinfo (populated or not), in the order it lists them. */
struct zone_desc {
	int nid, idx;			/* idx: the zone's index in its node */
	char name[16];
	unsigned long start_pfn, spanned, present, managed;
	unsigned long free, min, low, high, boost;
	unsigned long protection;	/* the largest lowmem reserve */
};

#define MAX_ZONES	256

/* A zone's counter by its zoneinfo name ("free" for "pages free"); 0 if none. */
unsigned long zone_value(const struct zone_desc *z, const char *name);

/* Fills zones (up to max) from zoneinfo's text; how many, or -1. */
int parse_zoneinfo(const char *buf, struct zone_desc *zones, int max);
/* parse_zoneinfo() of /proc/zoneinfo. */
int read_zoneinfo(struct zone_desc *zones, int max);
const struct zone_desc *zone_by_idx(const struct zone_desc *z, int n,
				    int nid, int idx);
const struct zone_desc *zone_by_name(const struct zone_desc *z, int n,
				     int nid, const char *name);
/* The populated zone that starts at pfn. */
const struct zone_desc *zone_by_start_pfn(const struct zone_desc *z, int n,
					  unsigned long pfn);

/* ------------------------------------------------------- the workload */

/* memfrag_workload: $MEMFRAG_WORKLOAD or ./memfrag_workload; NULL if absent. */
const char *memfrag_workload_path(void);
/*
 * Runs memfrag_workload with the given phases (space-separated) and waits
 * for it; its pid is stored in *pid if pid is not NULL.  0 when it
 * succeeded, -errno otherwise.
 */
int memfrag_run_workload(const char *phases, pid_t *pid);
/*
 * The same with its arguments as a NULL-terminated list, each passed as
 * it is (one may hold spaces: memfrag_workload's --comm NAME).
 */
int memfrag_run_workload_argv(const char *const *args, pid_t *pid);

/* ------------------------------------------------------------- leaks */

/*
 * The Percpu line of /proc/meminfo, in bytes, once it stopped moving: the
 * kernel frees some per-CPU memory after an RCU grace period or from a
 * work item (a network namespace is torn down by a work queue), so it is
 * read until two reads a second apart agree, for up to 20 seconds.  The
 * line counts populated pages of per-CPU chunks, not bytes in use: an
 * allocation that fits in pages already populated does not move it.
 */
unsigned long percpu_settled(void);

/* Does the kernel have kmemleak (/sys/kernel/debug/kmemleak)? */
bool kmemleak_present(void);
/* Scans, then forgets every suspect so far; 0 or -errno. */
int kmemleak_clear(void);
/*
 * Waits until what was allocated until now is old enough for kmemleak to
 * report (5 s), scans twice (the second scan confirms the first one's
 * suspects) and copies the report into buf: its length (0: no new leak),
 * or -errno.  A report also puts "kmemleak: N new suspected memory leaks"
 * in the kernel log.
 */
long kmemleak_new_leaks(char *buf, size_t size);

#endif /* MEMFRAG_SELFTEST_LIB_H */

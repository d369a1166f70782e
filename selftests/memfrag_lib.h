/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers shared by memfrag's selftests: loading the module, reading its
 * status file, and reading the kernel's own counts of the same events
 * (ftrace hist triggers) to compare against.
 *
 * The tests treat /sys/kernel/debug/memfrag/ as an external interface and
 * spell its paths out here rather than sharing the module's headers, so
 * that this directory also builds inside a kernel tree.
 */
#ifndef MEMFRAG_SELFTEST_LIB_H
#define MEMFRAG_SELFTEST_LIB_H

#include <stdbool.h>
#include <sys/types.h>
#include <stddef.h>

#define MEMFRAG_DIR		"/sys/kernel/debug/memfrag"
#define MEMFRAG_STATUS		MEMFRAG_DIR "/status"
#define TRACEFS_DIR		"/sys/kernel/tracing"

#define MEMFRAG_NR_TRACEPOINTS	16

/* "system:name" of every tracepoint memfrag knows. */
extern const char *const memfrag_tracepoints[MEMFRAG_NR_TRACEPOINTS];

/* Path of memfrag.ko: $MEMFRAG_KO, else ./memfrag.ko; NULL if absent. */
const char *memfrag_ko_path(void);
bool memfrag_loaded(void);
/* finit_module(2) / delete_module(2); 0 or -errno. */
int memfrag_load(const char *params);
int memfrag_unload(void);

/*
 * Why memfrag's tests cannot run here (not root, no debugfs/tracefs, no
 * memfrag.ko), or NULL when they can.
 */
const char *memfrag_missing_prerequisite(void);
/* Loads memfrag with default parameters unless it is loaded already. */
int memfrag_ensure_loaded(void);

/* Reads a whole file into buf (NUL-terminated); bytes read or -errno. */
long read_file(const char *path, char *buf, size_t size);
int write_file(const char *path, const char *text);

struct memfrag_tp_status {
	char state[16];
	unsigned long long hits;
};

/*
 * Finds "system:name" in the status file.  0 on success, -ENOENT if the
 * line is missing, -errno if the file cannot be read.
 */
int memfrag_tp_status(const char *tracepoint, struct memfrag_tp_status *st);

/* Does the running kernel have this tracepoint (tracefs events/ dir)? */
bool kernel_has_tracepoint(const char *tracepoint);
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
 * Reads section [section] of a memfrag file and adds each row's column
 * val_col under the key made of the columns listed in key_cols (0-based).
 * Returns 0, or -errno / -ENOENT when the file or section is missing.
 */
int memfrag_section_map(const char *file, const char *section,
			const int *key_cols, int nkeys, int val_col,
			struct kv_map *out);

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

/* The zones /proc/zoneinfo lists, in order: what hist keys map onto. */
struct zone_desc {
	int nid, idx;
	char name[16];
	unsigned long start_pfn, spanned;
	bool populated;
};

/* Fills zones (up to max); returns how many, or -1. */
int read_zoneinfo(struct zone_desc *zones, int max);
const struct zone_desc *zone_by_idx(const struct zone_desc *z, int n,
				    int nid, int idx);
const struct zone_desc *zone_by_start_pfn(const struct zone_desc *z, int n,
					  unsigned long pfn);

/* memfrag_workload: $MEMFRAG_WORKLOAD or ./memfrag_workload; NULL if absent. */
const char *memfrag_workload_path(void);
/*
 * Runs memfrag_workload with the given phases (space-separated) and waits
 * for it; its pid is stored in *pid if pid is not NULL.  0 when it
 * succeeded, -errno otherwise.
 */
int memfrag_run_workload(const char *phases, pid_t *pid);

/* A counter from /proc/vmstat, or -1. */
long long read_vmstat(const char *name);

#endif /* MEMFRAG_SELFTEST_LIB_H */

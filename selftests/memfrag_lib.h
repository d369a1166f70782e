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

#endif /* MEMFRAG_SELFTEST_LIB_H */

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The oracle: ftrace hist triggers count the same events as memfrag,
 * independently of it, and a kv_map compares a memfrag breakdown with the
 * kernel's.
 */
#ifndef MFT_LIB_HIST_H
#define MFT_LIB_HIST_H

#include "lib_module.h"
#include "lib_proc.h"

/*
 * Fields of the kernel's events that hist triggers key on, as ftrace
 * spells them: some are spelled like memfrag's columns.
 */
#define TP_FIELD_ORDER		"order"		/* not a column name */
#define TP_FIELD_PRIO		"prio"		/* not a column name */
#define TP_FIELD_ALLOC_ORDER	"alloc_order"	/* not a column name */
#define TP_FIELD_FALLBACK_ORDER	"fallback_order" /* not a column name */

/* Does the running kernel have this tracepoint (tracefs events/ dir)? */
bool kernel_has_tracepoint(const char *tracepoint);
/* ... and can it count it with a hist trigger (CONFIG_HIST_TRIGGERS)? */
bool kernel_has_hist(const char *tracepoint);

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
int mft_section_map(const char *file, const char *section,
			const char *const *key_cols, const char *val_col,
			struct kv_map *out);
/*
 * mft_section_map() into out, cleared first, at a moment when no
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
/*
 * hist_for_each(), then removes the trigger: the last look at a trigger
 * set up for one test step.
 */
int hist_take(const char *tracepoint, const char *keys,
	      void (*fn)(const struct hist_entry *e, void *ctx), void *ctx);
/* Value of key or value field name in e (0 if absent). */
long long hist_field(const struct hist_entry *e, const char *name);

/*
 * The keys of memfrag's compaction rows from an entry of a hist on
 * MEMFRAG_TP_BEGIN or _END keyed on zone_start (the zone found among
 * zones by its first pfn): "node zone", and for an end keyed on sync and
 * status too, "node zone mode result".  0, or -1 when no zone of zones
 * starts there.
 */
int hist_zone_key(const struct hist_entry *e, const struct zone_desc *zones,
		  int nr_zones, char *key, size_t n);
int hist_run_key(const struct hist_entry *e, const struct zone_desc *zones,
		 int nr_zones, char *key, size_t n);

#endif /* MFT_LIB_HIST_H */

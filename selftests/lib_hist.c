// SPDX-License-Identifier: GPL-2.0
/* See lib_hist.h. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib_hist.h"

static void tracepoint_path(const char *tracepoint, const char *file,
			    char *path, size_t size)
{
	const char *colon = strchr(tracepoint, ':');

	snprintf(path, size, TRACEFS_DIR "/events/%.*s/%s%s",
		 (int)(colon - tracepoint), tracepoint, colon + 1, file);
}

bool kernel_has_tracepoint(const char *tracepoint)
{
	char path[256];

	tracepoint_path(tracepoint, "", path, sizeof(path));
	return access(path, F_OK) == 0;
}

bool kernel_has_hist(const char *tracepoint)
{
	char path[256];

	tracepoint_path(tracepoint, "/hist", path, sizeof(path));
	return access(path, F_OK) == 0;
}

static int hist_trigger_write(const char *tracepoint, const char *keys,
			      bool add)
{
	char path[256], trigger[256];

	tracepoint_path(tracepoint, "/trigger", path, sizeof(path));
	snprintf(trigger, sizeof(trigger), "%shist:keys=%s", add ? "" : "!",
		 keys);
	return write_file(path, trigger);
}

int hist_trigger_add(const char *tracepoint, const char *keys)
{
	return hist_trigger_write(tracepoint, keys, true);
}

int hist_trigger_remove(const char *tracepoint, const char *keys)
{
	return hist_trigger_write(tracepoint, keys, false);
}

long long hist_total(const char *tracepoint)
{
	static char buf[1 << 20];
	char path[256];
	long long hits;
	char *totals;

	tracepoint_path(tracepoint, "/hist", path, sizeof(path));
	if (read_file(path, buf, sizeof(buf)) < 0)
		return -1;
	/* An event may carry several hist triggers: add up their totals. */
	long long sum = -1;

	for (totals = strstr(buf, "Totals:"); totals;
	     totals = strstr(totals + 1, "Totals:")) {
		if (sscanf(totals, "Totals: Hits: %lld", &hits) != 1)
			return -1;
		sum = (sum < 0 ? 0 : sum) + hits;
	}
	return sum;
}

long long hist_quiet_read(const char *tracepoint, int (*fn)(void *ctx),
			  void *ctx)
{
	long long h1, h2;
	int tries;

	for (tries = 0; tries < 50; tries++) {
		h1 = hist_total(tracepoint);
		if (fn(ctx))
			return -1;
		h2 = hist_total(tracepoint);
		if (h1 == h2)
			return h1;
		usleep(100000);
	}
	return -1;
}

void kv_clear(struct kv_map *m)
{
	m->n = 0;
}

static int kv_find(const struct kv_map *m, const char *key)
{
	int i;

	for (i = 0; i < m->n; i++)
		if (!strcmp(m->e[i].key, key))
			return i;
	return -1;
}

void kv_add(struct kv_map *m, const char *key, long long val)
{
	int i = kv_find(m, key);

	if (i < 0) {
		if (m->n == KV_MAX) {
			fprintf(stderr, "%s: map full, dropping %s\n", __func__, key);
			return;
		}
		i = m->n++;
		snprintf(m->e[i].key, KV_KEY_LEN, "%s", key);
		m->e[i].val = 0;
	}
	m->e[i].val += val;
}

long long kv_get(const struct kv_map *m, const char *key)
{
	int i = kv_find(m, key);

	return i < 0 ? 0 : m->e[i].val;
}

long long kv_find_val(const struct kv_map *m, const char *key)
{
	int i = kv_find(m, key);

	return i < 0 ? -1 : m->e[i].val;
}

long long kv_total(const struct kv_map *m)
{
	long long sum = 0;
	int i;

	for (i = 0; i < m->n; i++)
		sum += m->e[i].val;
	return sum;
}

void kv_sub(struct kv_map *out, const struct kv_map *a, const struct kv_map *b)
{
	int i;

	kv_clear(out);
	for (i = 0; i < a->n; i++)
		kv_add(out, a->e[i].key, a->e[i].val);
	for (i = 0; i < b->n; i++)
		kv_add(out, b->e[i].key, -b->e[i].val);
}

static int kv_diff_one_way(const char *what, const struct kv_map *a,
			   const struct kv_map *b, bool print_all)
{
	int i, bad = 0;

	for (i = 0; i < a->n; i++) {
		long long other = kv_get(b, a->e[i].key);

		if (other == a->e[i].val)
			continue;
		if (!print_all && kv_find(b, a->e[i].key) >= 0)
			continue;	/* printed by the first pass */
		fprintf(stderr, "# %s [%s]: memfrag %lld, kernel %lld\n", what,
			a->e[i].key, print_all ? a->e[i].val : other,
			print_all ? other : a->e[i].val);
		bad++;
	}
	return bad;
}

int kv_diff(const char *what, const struct kv_map *mine,
	    const struct kv_map *kernel)
{
	struct kv_map *a = calloc(1, sizeof(*a)), *b = calloc(1, sizeof(*b));
	int i, bad;

	/* Zero entries carry no information: compare non-zero ones only. */
	for (i = 0; i < mine->n; i++)
		if (mine->e[i].val)
			kv_add(a, mine->e[i].key, mine->e[i].val);
	for (i = 0; i < kernel->n; i++)
		if (kernel->e[i].val)
			kv_add(b, kernel->e[i].key, kernel->e[i].val);
	bad = kv_diff_one_way(what, a, b, true) +
	      kv_diff_one_way(what, b, a, false);
	free(a);
	free(b);
	return bad;
}

int mft_section_map(const char *file, const char *section,
			const char *const *key_cols, const char *val_col,
			struct kv_map *out)
{
	int keys[MEMFRAG_MAX_COLS], nkeys = 0, val, r, i, err;
	struct mft_table t;

	err = mft_table_read(file, section, &t);
	if (err)
		return err;
	val = mft_table_col(&t, val_col);
	for (; key_cols && key_cols[nkeys] && nkeys < MEMFRAG_MAX_COLS; nkeys++) {
		keys[nkeys] = mft_table_col(&t, key_cols[nkeys]);
		if (keys[nkeys] < 0)
			val = -1;
	}
	for (r = 0; val >= 0 && r < t.nrows; r++) {
		const struct mft_row *row = &t.row[r];
		char key[KV_KEY_LEN] = "";

		if (val >= row->n || !strcmp(row->f[val], "-"))
			continue;
		for (i = 0; i < nkeys; i++) {
			if (keys[i] >= row->n)
				break;
			if (i)
				strncat(key, " ", sizeof(key) - strlen(key) - 1);
			strncat(key, row->f[keys[i]],
				sizeof(key) - strlen(key) - 1);
		}
		kv_add(out, key, strtoll(row->f[val], NULL, 10));
	}
	mft_table_free(&t);
	return val < 0 ? -EINVAL : 0;
}

struct section_map_args {
	const char *file, *section, *const *key_cols, *val_col;
	struct kv_map *out;
};

static int section_map_again(void *ctx)
{
	struct section_map_args *a = ctx;

	kv_clear(a->out);
	return mft_section_map(a->file, a->section, a->key_cols,
				   a->val_col, a->out);
}

long long quiet_section_map(const char *tracepoint, const char *file,
			    const char *section, const char *const *key_cols,
			    const char *val_col, struct kv_map *out)
{
	struct section_map_args a = { file, section, key_cols, val_col, out };

	return hist_quiet_read(tracepoint, section_map_again, &a);
}

long long hist_field(const struct hist_entry *e, const char *name)
{
	int i;

	for (i = 0; i < e->n; i++)
		if (!strcmp(e->name[i], name))
			return e->val[i];
	return 0;
}

int hist_zone_key(const struct hist_entry *e, const struct zone_desc *zones,
		  int nr_zones, char *key, size_t n)
{
	const struct zone_desc *z =
		zone_by_start_pfn(zones, nr_zones, hist_field(e, "zone_start"));

	if (!z)
		return -1;
	snprintf(key, n, "%d %s", z->nid, z->name);
	return 0;
}

int hist_run_key(const struct hist_entry *e, const struct zone_desc *zones,
		 int nr_zones, char *key, size_t n)
{
	char zone[40];

	if (hist_zone_key(e, zones, nr_zones, zone, sizeof(zone)))
		return -1;
	snprintf(key, n, "%s %s %s", zone,
		 mft_mode_name(hist_field(e, "sync")),
		 mft_result_name(hist_field(e, "status")));
	return 0;
}

/*
 * A hist entry line looks like
 *   { nid:          0, idx:          2, order:         -1 } hitcount:   5  nr_scanned:  12
 */
static int parse_hist_line(char *line, struct hist_entry *e)
{
	char *p = line + 1;

	e->n = 0;
	e->hitcount = 0;
	while (*p && e->n < HIST_MAX_FIELDS) {
		char name[32];
		unsigned long long v;
		int used;

		while (*p == ' ' || *p == ',' || *p == '}' || *p == '\t')
			p++;
		if (!*p || *p == '\n')
			break;
		/* Keys print as u64: a signed -1 shows as 2^64 - 1. */
		if (sscanf(p, "%31[a-z_A-Z0-9.]: %llu%n", name, &v, &used) != 2)
			return -1;
		p += used;
		if (!strcmp(name, "hitcount")) {
			e->hitcount = (long long)v;
			continue;
		}
		snprintf(e->name[e->n], sizeof(e->name[0]), "%s", name);
		e->val[e->n++] = (long long)v;
	}
	return 0;
}

int hist_for_each(const char *tracepoint, const char *keys,
		  void (*fn)(const struct hist_entry *e, void *ctx),
		  void *ctx)
{
	static char buf[4 << 20];
	char path[256], want[160], *line, *next, filter_name[32] = "";
	long long filter_val = 0;
	struct hist_entry e;
	int entries = 0;
	bool mine = false;

	snprintf(want, sizeof(want), "# trigger info: hist:keys=%s:", keys);
	tracepoint_path(tracepoint, "/hist", path, sizeof(path));
	if (read_file(path, buf, sizeof(buf)) < 0)
		return -1;
	for (line = buf; line && *line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		if (!strncmp(line, "# trigger info:", 15)) {
			char *filter = strstr(line, " if ");

			mine = !strncmp(line, want, strlen(want));
			/* "... if ret == 5": the filter is one more key. */
			filter_name[0] = '\0';
			if (filter && sscanf(filter, " if %31s == %lld",
					     filter_name, &filter_val) != 2)
				filter_name[0] = '\0';
		}
		if (line[0] != '{' || !mine)
			continue;
		if (parse_hist_line(line, &e))
			return -1;
		if (filter_name[0] && e.n < HIST_MAX_FIELDS) {
			snprintf(e.name[e.n], sizeof(e.name[0]), "%s",
				 filter_name);
			e.val[e.n++] = filter_val;
		}
		fn(&e, ctx);
		entries++;
	}
	return entries;
}

int hist_take(const char *tracepoint, const char *keys,
	      void (*fn)(const struct hist_entry *e, void *ctx), void *ctx)
{
	int entries = hist_for_each(tracepoint, keys, fn, ctx);

	hist_trigger_remove(tracepoint, keys);
	return entries;
}

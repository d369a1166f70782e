// SPDX-License-Identifier: GPL-2.0
/*
 * Helpers shared by memfrag's selftests; see memfrag_lib.h.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "memfrag_lib.h"

const char *const memfrag_tracepoints[MEMFRAG_NR_TRACEPOINTS] = {
	"compaction:mm_compaction_isolate_migratepages",
	"compaction:mm_compaction_isolate_freepages",
	"compaction:mm_compaction_fast_isolate_freepages",
	"compaction:mm_compaction_migratepages",
	"compaction:mm_compaction_begin",
	"compaction:mm_compaction_end",
	"compaction:mm_compaction_try_to_compact_pages",
	"compaction:mm_compaction_finished",
	"compaction:mm_compaction_suitable",
	"compaction:mm_compaction_deferred",
	"compaction:mm_compaction_defer_compaction",
	"compaction:mm_compaction_defer_reset",
	"compaction:mm_compaction_kcompactd_sleep",
	"compaction:mm_compaction_wakeup_kcompactd",
	"compaction:mm_compaction_kcompactd_wake",
	"kmem:mm_page_alloc_extfrag",
};

const char *memfrag_ko_path(void)
{
	const char *path = getenv("MEMFRAG_KO");

	if (!path || !*path)
		path = "./memfrag.ko";
	return access(path, R_OK) ? NULL : path;
}

bool memfrag_loaded(void)
{
	return access("/sys/module/memfrag", F_OK) == 0;
}

int memfrag_load(const char *params)
{
	const char *path = memfrag_ko_path();
	int fd, ret;

	if (!path)
		return -ENOENT;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	ret = syscall(SYS_finit_module, fd, params ? params : "", 0);
	ret = ret ? -errno : 0;
	close(fd);
	return ret;
}

/*
 * An open memfrag file holds a reference on the module, so unloading while
 * something reads it fails with EAGAIN; retry for up to five seconds.
 */
int memfrag_unload(void)
{
	int tries;

	for (tries = 0; tries < 5000; tries++) {
		if (!syscall(SYS_delete_module, "memfrag", O_NONBLOCK))
			return 0;
		if (errno != EAGAIN && errno != EWOULDBLOCK)
			return -errno;
		usleep(1000);
	}
	return -EAGAIN;
}

const char *memfrag_missing_prerequisite(void)
{
	if (geteuid() != 0)
		return "needs root";
	if (!mount_debug_filesystems())
		return "debugfs/tracefs unavailable";
	if (!memfrag_loaded() && !memfrag_ko_path())
		return "memfrag.ko not found (set MEMFRAG_KO)";
	return NULL;
}

int memfrag_ensure_loaded(void)
{
	return memfrag_loaded() ? 0 : memfrag_load(NULL);
}

long read_file(const char *path, char *buf, size_t size)
{
	size_t used = 0;
	ssize_t n;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	while (used + 1 < size) {
		n = read(fd, buf + used, size - 1 - used);
		if (n < 0) {
			n = -errno;
			close(fd);
			return n;
		}
		if (n == 0)
			break;
		used += n;
	}
	buf[used] = '\0';
	close(fd);
	return used;
}

int write_file(const char *path, const char *text)
{
	size_t len = strlen(text);
	ssize_t n;
	int fd;

	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = write(fd, text, len);
	if (n < 0) {
		n = -errno;
		close(fd);
		return n;
	}
	close(fd);
	return (size_t)n == len ? 0 : -EIO;
}

int memfrag_tp_status(const char *tracepoint, struct memfrag_tp_status *st)
{
	static char buf[16384];
	size_t len = strlen(tracepoint);
	long n = read_file(MEMFRAG_STATUS, buf, sizeof(buf));
	char *line;

	if (n < 0)
		return n;
	for (line = buf; line && *line; line = strchr(line, '\n'),
	     line = line ? line + 1 : NULL) {
		if (strncmp(line, tracepoint, len) || line[len] != ' ')
			continue;
		if (sscanf(line + len, " %15s %llu", st->state, &st->hits) != 2)
			return -EINVAL;
		return 0;
	}
	return -ENOENT;
}

static void tracepoint_dir(const char *tracepoint, char *path, size_t size)
{
	const char *colon = strchr(tracepoint, ':');

	snprintf(path, size, TRACEFS_DIR "/events/%.*s/%s",
		 (int)(colon - tracepoint), tracepoint, colon + 1);
}

bool kernel_has_tracepoint(const char *tracepoint)
{
	char path[256];

	tracepoint_dir(tracepoint, path, sizeof(path));
	return access(path, F_OK) == 0;
}

bool mount_debug_filesystems(void)
{
	if (access("/sys/kernel/debug/tracing", F_OK) &&
	    mount("debugfs", "/sys/kernel/debug", "debugfs", 0, NULL) &&
	    errno != EBUSY)
		return false;
	if (access(TRACEFS_DIR "/events", F_OK) &&
	    mount("tracefs", TRACEFS_DIR, "tracefs", 0, NULL) &&
	    errno != EBUSY)
		return false;
	return access(TRACEFS_DIR "/events", F_OK) == 0;
}

static int hist_trigger_write(const char *tracepoint, const char *keys,
			      bool add)
{
	char path[256], trigger[256];

	tracepoint_dir(tracepoint, path, sizeof(path));
	strncat(path, "/trigger", sizeof(path) - strlen(path) - 1);
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

	tracepoint_dir(tracepoint, path, sizeof(path));
	strncat(path, "/hist", sizeof(path) - strlen(path) - 1);
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

int compact_all_memory(void)
{
	return write_file("/proc/sys/vm/compact_memory", "1");
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

/* Splits line into whitespace-separated fields; returns how many. */
static int split_fields(char *line, char **f, int max)
{
	int n = 0;
	char *save, *tok;

	for (tok = strtok_r(line, " \t\n", &save); tok && n < max;
	     tok = strtok_r(NULL, " \t\n", &save))
		f[n++] = tok;
	return n;
}

int memfrag_section_map(const char *file, const char *section,
			const int *key_cols, int nkeys, int val_col,
			struct kv_map *out)
{
	static char buf[1 << 20];
	char path[256], want[64], *line, *next;
	bool in = false, header = false, found = false;
	long n;

	snprintf(path, sizeof(path), MEMFRAG_DIR "/%s", file);
	n = read_file(path, buf, sizeof(buf));
	if (n < 0)
		return n;
	snprintf(want, sizeof(want), "[%s]", section);
	for (line = buf; line && *line; line = next) {
		char *f[24], key[KV_KEY_LEN] = "";
		int nf, i;

		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		if (line[0] == '[') {
			in = !strcmp(line, want);
			header = in;
			found |= in;
			continue;
		}
		if (!in)
			continue;
		if (header) {	/* the column names */
			header = false;
			continue;
		}
		nf = split_fields(line, f, 24);
		if (val_col >= nf || !strcmp(f[val_col], "-"))
			continue;
		for (i = 0; i < nkeys; i++) {
			if (key_cols[i] >= nf)
				break;
			if (i)
				strncat(key, " ", sizeof(key) - strlen(key) - 1);
			strncat(key, f[key_cols[i]], sizeof(key) - strlen(key) - 1);
		}
		kv_add(out, key, strtoll(f[val_col], NULL, 10));
	}
	return found ? 0 : -ENOENT;
}

long long hist_field(const struct hist_entry *e, const char *name)
{
	int i;

	for (i = 0; i < e->n; i++)
		if (!strcmp(e->name[i], name))
			return e->val[i];
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
	tracepoint_dir(tracepoint, path, sizeof(path));
	strncat(path, "/hist", sizeof(path) - strlen(path) - 1);
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

int read_zoneinfo(struct zone_desc *zones, int max)
{
	FILE *f = fopen("/proc/zoneinfo", "r");
	char line[256], name[16];
	int n = 0, nid, last_nid = -1, idx = 0;
	unsigned long v;

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "Node %d, zone %15s", &nid, name) == 2) {
			if (n == max)
				break;
			idx = nid == last_nid ? idx + 1 : 0;
			last_nid = nid;
			memset(&zones[n], 0, sizeof(zones[n]));
			zones[n].nid = nid;
			zones[n].idx = idx;
			snprintf(zones[n].name, sizeof(zones[n].name), "%s", name);
			n++;
		} else if (n && sscanf(line, " spanned %lu", &v) == 1) {
			zones[n - 1].spanned = v;
		} else if (n && sscanf(line, " present %lu", &v) == 1) {
			zones[n - 1].populated = v > 0;
		} else if (n && sscanf(line, " start_pfn: %lu", &v) == 1) {
			zones[n - 1].start_pfn = v;
		}
	}
	fclose(f);
	return n;
}

const struct zone_desc *zone_by_idx(const struct zone_desc *z, int n,
				    int nid, int idx)
{
	int i;

	for (i = 0; i < n; i++)
		if (z[i].nid == nid && z[i].idx == idx)
			return &z[i];
	return NULL;
}

const struct zone_desc *zone_by_start_pfn(const struct zone_desc *z, int n,
					  unsigned long pfn)
{
	int i;

	for (i = 0; i < n; i++)
		if (z[i].populated && z[i].start_pfn == pfn)
			return &z[i];
	return NULL;
}

const char *memfrag_workload_path(void)
{
	const char *path = getenv("MEMFRAG_WORKLOAD");

	if (!path || !*path)
		path = "./memfrag_workload";
	return access(path, X_OK) ? NULL : path;
}

int memfrag_run_workload(const char *phases, pid_t *pid)
{
	const char *path = memfrag_workload_path();
	char copy[256], *argv[16], *save, *tok;
	int argc = 0, status;
	pid_t child;

	if (!path)
		return -ENOENT;
	snprintf(copy, sizeof(copy), "%s", phases);
	argv[argc++] = (char *)path;
	for (tok = strtok_r(copy, " ", &save); tok && argc < 15;
	     tok = strtok_r(NULL, " ", &save))
		argv[argc++] = tok;
	argv[argc] = NULL;
	fprintf(stderr, "# running: %s %s\n", path, phases);
	fflush(NULL);
	child = fork();
	if (child < 0)
		return -errno;
	if (child == 0) {
		execv(path, argv);
		_exit(127);
	}
	if (pid)
		*pid = child;
	if (waitpid(child, &status, 0) != child)
		return -errno;
	if (!WIFEXITED(status) || WEXITSTATUS(status)) {
		fprintf(stderr, "# workload failed: %s %s (wait status %d)\n",
			path, phases, status);
		return -EIO;
	}
	return 0;
}

long long read_vmstat(const char *name)
{
	FILE *f = fopen("/proc/vmstat", "r");
	char key[64];
	long long v, found = -1;

	if (!f)
		return -1;
	while (fscanf(f, "%63s %lld", key, &v) == 2)
		if (!strcmp(key, name)) {
			found = v;
			break;
		}
	fclose(f);
	return found;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * The library of memfrag's selftests and of memfrag_workload; see
 * memfrag_lib.h.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sched.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "memfrag_lib.h"

/* ------------------------------------------------- include/memfrag/ names */

#define TP_FULL_NAME_(id, system, name, what)				\
	[MEMFRAG_TP_##id] = MEMFRAG_TP_FULL_NAME(system, name),
const char *const memfrag_tracepoints[MEMFRAG_NR_TP] = {
	MEMFRAG_TRACEPOINTS(TP_FULL_NAME_)
};

#define TP_SYSTEM_(id, system, name, what)				\
	[MEMFRAG_TP_##id] = #system,
static const char *const tp_systems[MEMFRAG_NR_TP] = {
	MEMFRAG_TRACEPOINTS(TP_SYSTEM_)
};

#define TRIGGER_NAME_(id, name, what)					\
	[MEMFRAG_TRIGGER_##id] = #name,
const char *const memfrag_trigger_names[MEMFRAG_NR_TRIGGERS] = {
	MEMFRAG_TRIGGERS(TRIGGER_NAME_)
};

#define DROP_NAME_(id, name, what)					\
	[MEMFRAG_DROP_##id] = #name,
const char *const memfrag_drop_names[MEMFRAG_NR_DROPS] = {
	MEMFRAG_DROPS(DROP_NAME_)
};

/* Keyed by the kernel's values, as the lists are. */
#define VALUE_NAME_(constant, value, name)				\
	[value] = #name,
static const char *const result_names[MEMFRAG_NR_RESULTS] = {
	MEMFRAG_RESULTS(VALUE_NAME_)
	[MEMFRAG_RESULT_OTHER] = MEMFRAG_STR(MEMFRAG_RESULT_OTHER_NAME),
};

static const char *const prio_names[MEMFRAG_NR_PRIOS] = {
	MEMFRAG_PRIORITIES(VALUE_NAME_)
};

#define MODE_NAME_(value, name)						\
	[value] = #name,
static const char *const mode_names[MEMFRAG_NR_MODES] = {
	MEMFRAG_MODES(MODE_NAME_)
};

const char *memfrag_tp_system(enum memfrag_tp_id id)
{
	return tp_systems[id];
}

const char *memfrag_tp_name(enum memfrag_tp_id id)
{
	return memfrag_tracepoints[id] + strlen(tp_systems[id]) + 1;
}

int memfrag_disable_param(char *buf, size_t size,
			  const enum memfrag_tp_id *ids, int n)
{
	size_t len = snprintf(buf, size, "disable=");
	int i;

	for (i = 0; i < n && len < size; i++)
		len += snprintf(buf + len, size - len, "%s%s", i ? "," : "",
				memfrag_tp_name(ids[i]));
	return len < size ? 0 : -ENOSPC;
}

const char *memfrag_result_name(long long value)
{
	if (value < 0 || value >= MEMFRAG_NR_RESULTS || !result_names[value])
		value = MEMFRAG_RESULT_OTHER;
	return result_names[value];
}

const char *memfrag_prio_name(long long value)
{
	return value >= 0 && value < MEMFRAG_NR_PRIOS && prio_names[value] ?
	       prio_names[value] : "?";
}

const char *memfrag_mode_name(long long sync)
{
	return mode_names[!!sync];
}

/*
 * files.h's files and sections: each file's entry (flags SCHEMA_FILE)
 * followed by its sections, each with its flags and its columns as one
 * string of space-separated names.
 */
struct schema_entry {
	const char *name;
	int flags;
	const char *columns;
};

#define SCHEMA_FILE		(-1)
#define SCHEMA_COLUMN_(name, type, width)	" " #name
#define SCHEMA_SECTION_(name, flags, order_type, columns)		\
	{ MEMFRAG_SEC_HEADER(name, flags), flags, "" columns(SCHEMA_COLUMN_) },
#define SCHEMA_FILE_(id, mode, keys, sections)				\
	{ MEMFRAG_FILE_##id, SCHEMA_FILE, NULL },			\
	sections(SCHEMA_SECTION_)
static const struct schema_entry schema[] = {
	MEMFRAG_FILES(SCHEMA_FILE_)
};

/* The i-th section of file in files.h, or NULL. */
static const struct schema_entry *schema_entry(const char *file, int i)
{
	size_t k;

	for (k = 0; k < ARRAY_SIZE(schema); k++)
		if (schema[k].flags == SCHEMA_FILE &&
		    !strcmp(schema[k].name, file))
			break;
	for (k++; i > 0 && k < ARRAY_SIZE(schema); k++, i--)
		if (schema[k].flags == SCHEMA_FILE)
			return NULL;
	return k < ARRAY_SIZE(schema) && schema[k].flags != SCHEMA_FILE ?
	       &schema[k] : NULL;
}

const char *memfrag_schema_columns(const char *file, const char *section,
				   int *flags)
{
	const struct schema_entry *s;
	int i;

	for (i = 0; (s = schema_entry(file, i)); i++)
		if (!strcmp(s->name, section)) {
			if (flags)
				*flags = s->flags;
			return s->columns + (s->columns[0] == ' ');
		}
	return NULL;
}

const char *memfrag_schema_section(const char *file, int i)
{
	const struct schema_entry *s = schema_entry(file, i);

	return s ? s->name : NULL;
}

/* ----------------------------------------------------------------- files */

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
		if (n < 0 && errno == EINTR)
			continue;
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
	int fd, err = 0;

	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	do {
		n = write(fd, text, len);
	} while (n < 0 && errno == EINTR);
	if (n < 0)
		err = -errno;
	else if ((size_t)n != len)
		err = -EIO;
	if (close(fd) && !err)
		err = -errno;
	return err;
}

long long read_num(const char *path)
{
	char buf[64];

	if (read_file(path, buf, sizeof(buf)) <= 0)
		return -1;
	return strtoll(buf, NULL, 10);
}

int write_num(const char *path, long long val)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%lld\n", val);
	return write_file(path, buf);
}

/*
 * The number after "name" and sep on a line of a /proc file of named
 * values; *kb tells whether the line says "kB".  -1 if absent.
 */
static long long proc_value(const char *path, const char *name, char sep,
			    bool *kb)
{
	char line[256];
	size_t len = strlen(name);
	long long val = -1;
	FILE *f;

	f = fopen(path, "re");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		if (!strncmp(line, name, len) && line[len] == sep) {
			val = strtoll(line + len + 1, NULL, 10);
			if (kb)
				*kb = strstr(line, "kB");
			break;
		}
	}
	fclose(f);
	return val;
}

long long read_vmstat(const char *name)
{
	return proc_value("/proc/vmstat", name, ' ', NULL);
}

unsigned long read_meminfo(const char *name)
{
	bool kb = false;
	long long val = proc_value("/proc/meminfo", name, ':', &kb);

	if (val < 0)
		return 0;
	return kb ? val * 1024 : val;
}

/* ------------------------------------------------------ the module itself */

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
/*
 * No open() of a memfrag file runs while delete_module() does.  The
 * kernel's unload drops the module's last reference (try_stop_module())
 * a moment before it marks the module going; a debugfs open in between
 * fails to take a reference on a module that is still live, and debugfs
 * takes that for a module that did not remove its files at exit: "debugfs
 * file owner did not clean up at exit" and a WARNING (open_proxy_open()
 * and full_proxy_open() in fs/debugfs/file.c, 6.1 and 6.12).  That window
 * is the kernel's, not memfrag's, and no module can close it; the tests
 * that unload while others open keep out of it (seen once in 1000 stress
 * cycles, and once in lifecycle.reload_loop_under_compaction's 20).
 * Everything else still races: opens during the load, reads and polls of
 * open files during every unload attempt (which they make fail with
 * EAGAIN), and blocked events readers.
 *
 * A Dekker-style gate with sequentially consistent atomics: a reader
 * announces itself in opening and then checks unloading; the unloader
 * sets unloading and then waits for opening to drain.
 */
struct memfrag_open_gate *memfrag_open_gate_new(void)
{
	void *g = mmap(NULL, sizeof(struct memfrag_open_gate),
		       PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	return g == MAP_FAILED ? NULL : g;
}

void memfrag_open_gate_enter(struct memfrag_open_gate *g)
{
	for (;;) {
		__atomic_add_fetch(&g->opening, 1, __ATOMIC_SEQ_CST);
		if (!__atomic_load_n(&g->unloading, __ATOMIC_SEQ_CST))
			return;
		__atomic_sub_fetch(&g->opening, 1, __ATOMIC_SEQ_CST);
		while (__atomic_load_n(&g->unloading, __ATOMIC_SEQ_CST))
			usleep(200);
	}
}

void memfrag_open_gate_leave(struct memfrag_open_gate *g)
{
	__atomic_sub_fetch(&g->opening, 1, __ATOMIC_SEQ_CST);
}

long memfrag_delete_module_gated(struct memfrag_open_gate *g)
{
	long ret;
	int err;

	if (!g)
		return syscall(SYS_delete_module, "memfrag", O_NONBLOCK);
	__atomic_store_n(&g->unloading, 1, __ATOMIC_SEQ_CST);
	while (__atomic_load_n(&g->opening, __ATOMIC_SEQ_CST))
		sched_yield();
	ret = syscall(SYS_delete_module, "memfrag", O_NONBLOCK);
	err = errno;
	__atomic_store_n(&g->unloading, 0, __ATOMIC_SEQ_CST);
	errno = err;
	return ret;
}

int memfrag_unload_gated(struct memfrag_open_gate *g)
{
	int tries;

	for (tries = 0; tries < 5000; tries++) {
		if (!memfrag_delete_module_gated(g))
			return 0;
		if (errno != EAGAIN && errno != EWOULDBLOCK)
			return -errno;
		usleep(1000);
	}
	return -EAGAIN;
}

int memfrag_unload(void)
{
	return memfrag_unload_gated(NULL);
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

bool memfrag_gone(void)
{
	return !memfrag_loaded() && access(MEMFRAG_DIR, F_OK) != 0;
}

int run_in_child(int (*fn)(void *arg), void *arg)
{
	int status;
	pid_t pid;

	fflush(NULL);
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0)
		_exit(fn(arg));
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

/* ------------------------------------------------------ memfrag's tables */

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

/* Do the len bytes of line hold the words of words, and no others? */
static bool line_is_words(const char *line, size_t len, const char *words)
{
	char a[1024], b[1024], *fa[MEMFRAG_MAX_COLS], *fb[MEMFRAG_MAX_COLS];
	int na, nb, i;

	if (len >= sizeof(a))
		return false;
	memcpy(a, line, len);
	a[len] = '\0';
	snprintf(b, sizeof(b), "%s", words);
	na = split_fields(a, fa, MEMFRAG_MAX_COLS);
	nb = split_fields(b, fb, MEMFRAG_MAX_COLS);
	if (na != nb || !na)
		return false;
	for (i = 0; i < na; i++)
		if (strcmp(fa[i], fb[i]))
			return false;
	return true;
}

const char *memfrag_section_text(const char *buf, const char *name,
				 size_t *len)
{
	char hdr[64];
	const char *start, *end;

	snprintf(hdr, sizeof(hdr), "\n[%s]\n", name);
	start = strstr(buf, hdr);
	if (!start)
		return NULL;
	start += strlen(hdr);
	end = strstr(start, "\n[");
	*len = end ? (size_t)(end + 1 - start) : strlen(start);
	return start;
}

/* A table with no "[name]" line: from its column line to the next section. */
static const char *unnamed_section_text(const char *buf, const char *columns,
					size_t *len)
{
	const char *line, *end;

	for (line = buf; *line; line += strcspn(line, "\n"),
	     line += *line == '\n') {
		if (!line_is_words(line, strcspn(line, "\n"), columns))
			continue;
		end = strstr(line, "\n[");
		*len = end ? (size_t)(end + 1 - line) : strlen(line);
		return line;
	}
	return NULL;
}

/*
 * The column line against files.h: its columns, then for a section with
 * order columns one per order, named 0, 1, ...
 */
static int check_columns(const struct memfrag_table *t, const char *file,
			 const char *section, const char *columns, int flags)
{
	char words[1024], *w[MEMFRAG_MAX_COLS], order[16];
	int nw, i;

	snprintf(words, sizeof(words), "%s", columns);
	nw = split_fields(words, w, MEMFRAG_MAX_COLS);
	for (i = 0; i < t->ncols; i++) {
		if (i < nw && !strcmp(t->col[i], w[i]))
			continue;
		snprintf(order, sizeof(order), "%d", i - nw);
		if (i >= nw && (flags & MEMFRAG_SEC_ORDERS) &&
		    !strcmp(t->col[i], order))
			continue;
		break;
	}
	if (i == t->ncols && t->ncols >= nw)
		return 0;
	fprintf(stderr, "# %s [%s]: column %d is '%s'; include/memfrag/files.h names '%s'%s\n",
		file, section, i, i < t->ncols ? t->col[i] : "",
		columns, flags & MEMFRAG_SEC_ORDERS ? " and the orders" : "");
	return -EPROTO;
}

int memfrag_table_parse(const char *buf, const char *file,
			const char *section, struct memfrag_table *t)
{
	int flags = 0, err = 0;
	const char *columns = memfrag_schema_columns(file, section, &flags);
	const char *start;
	char *line, *next;
	size_t len;

	memset(t, 0, sizeof(*t));
	if (section[0])
		start = memfrag_section_text(buf, section, &len);
	else
		start = columns ? unnamed_section_text(buf, columns, &len) :
				  NULL;
	if (!start)
		return -ENOENT;
	t->text = strndup(start, len);
	if (!t->text)
		return -ENOMEM;
	next = strchr(t->text, '\n');
	if (next)
		*next++ = '\0';
	t->ncols = split_fields(t->text, t->col, MEMFRAG_MAX_COLS);
	if (columns && !(flags & MEMFRAG_SEC_NOTE))
		err = check_columns(t, file, section, columns, flags);
	for (line = next; !err && line && *line; line = next) {
		struct memfrag_row *rows, *r;

		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		rows = realloc(t->row, (t->nrows + 1) * sizeof(*rows));
		if (!rows) {
			err = -ENOMEM;
			break;
		}
		t->row = rows;
		r = &t->row[t->nrows];
		r->n = split_fields(line, r->f, MEMFRAG_MAX_COLS);
		t->nrows += r->n > 0;
	}
	if (err)
		memfrag_table_free(t);
	return err;
}

int memfrag_table_read(const char *file, const char *section,
		       struct memfrag_table *t)
{
	static char buf[1 << 20];
	char path[256];
	long n;

	snprintf(path, sizeof(path), MEMFRAG_DIR "/%s", file);
	n = read_file(path, buf, sizeof(buf));
	if (n < 0) {
		memset(t, 0, sizeof(*t));
		return n;
	}
	return memfrag_table_parse(buf, file, section, t);
}

void memfrag_table_free(struct memfrag_table *t)
{
	free(t->text);
	free(t->row);
	memset(t, 0, sizeof(*t));
}

int memfrag_table_col(const struct memfrag_table *t, const char *name)
{
	int i;

	for (i = 0; i < t->ncols; i++)
		if (!strcmp(t->col[i], name))
			return i;
	fprintf(stderr, "# no column '%s' in a table of memfrag\n", name);
	return -1;
}

const char *memfrag_table_field(const struct memfrag_table *t, int r,
				int col)
{
	return col >= 0 && col < t->row[r].n ? t->row[r].f[col] : NULL;
}

int memfrag_key(const char *buf, const char *key, char *val, size_t size)
{
	char pat[64];
	const char *s;
	size_t len;

	snprintf(pat, sizeof(pat), "\n%s: ", key);
	s = strstr(buf, pat);
	if (!s)
		return -ENOENT;
	s += strlen(pat);
	len = strcspn(s, "\n");
	if (len >= size)
		len = size - 1;
	memcpy(val, s, len);
	val[len] = '\0';
	return 0;
}

int memfrag_pair(const char *buf, const char *key, const char *name,
		 long long *val)
{
	char line[1024], pat[64], *p;

	if (memfrag_key(buf, key, line + 1, sizeof(line) - 1))
		return -ENOENT;
	line[0] = ' ';
	snprintf(pat, sizeof(pat), " %s=", name);
	p = strstr(line, pat);
	if (!p)
		return -ENOENT;
	*val = strtoll(p + strlen(pat), NULL, 10);
	return 0;
}

int memfrag_tp_status(const char *tracepoint, struct memfrag_tp_status *st)
{
	struct memfrag_table t;
	int r, state, hits, err;
	const char *s, *h;
	char *end;

	err = memfrag_table_read(MEMFRAG_FILE_STATUS, "", &t);
	if (err)
		return err;
	state = memfrag_table_col(&t, MEMFRAG_COL_NAME(state));
	hits = memfrag_table_col(&t, MEMFRAG_COL_NAME(hits));
	err = -ENOENT;
	for (r = 0; r < t.nrows; r++) {
		if (strcmp(t.row[r].f[0], tracepoint))
			continue;
		s = memfrag_table_field(&t, r, state);
		h = memfrag_table_field(&t, r, hits);
		err = -EINVAL;
		if (!s || !h)
			break;
		st->hits = strtoull(h, &end, 10);
		if (end == h || *end)
			break;
		snprintf(st->state, sizeof(st->state), "%s", s);
		err = 0;
		break;
	}
	memfrag_table_free(&t);
	return err;
}

/* ------------------------------------------------------------- ftrace */

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

int memfrag_section_map(const char *file, const char *section,
			const char *const *key_cols, const char *val_col,
			struct kv_map *out)
{
	int keys[MEMFRAG_MAX_COLS], nkeys = 0, val, r, i, err;
	struct memfrag_table t;

	err = memfrag_table_read(file, section, &t);
	if (err)
		return err;
	val = memfrag_table_col(&t, val_col);
	for (; key_cols && key_cols[nkeys] && nkeys < MEMFRAG_MAX_COLS; nkeys++) {
		keys[nkeys] = memfrag_table_col(&t, key_cols[nkeys]);
		if (keys[nkeys] < 0)
			val = -1;
	}
	for (r = 0; val >= 0 && r < t.nrows; r++) {
		const struct memfrag_row *row = &t.row[r];
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
	memfrag_table_free(&t);
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
	return memfrag_section_map(a->file, a->section, a->key_cols,
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

/* ---------------------------------------------------------- /proc/zoneinfo */

/* The largest number of "protection: (a, b, ...)". */
static unsigned long max_protection(const char *list)
{
	unsigned long v, max = 0;
	char *end;

	for (; *list && *list != ')'; list = end + (*end == ',')) {
		v = strtoul(list, &end, 10);
		if (end == list)
			break;
		max = v > max ? v : max;
	}
	return max;
}

/*
 * The counters of a zone that zoneinfo prints as "name value" ("free" is
 * "pages free"), named as zoneinfo names them and struct zone_desc too.
 */
#define ZONE_FIELD(f)	{ #f, offsetof(struct zone_desc, f) }
static const struct {
	const char *name;
	size_t offset;
} zone_fields[] = {
	ZONE_FIELD(free), ZONE_FIELD(boost), ZONE_FIELD(min), ZONE_FIELD(low),
	ZONE_FIELD(high), ZONE_FIELD(spanned), ZONE_FIELD(present),
	ZONE_FIELD(managed),
};
#undef ZONE_FIELD

static unsigned long *zone_field(struct zone_desc *z, const char *name)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(zone_fields); i++)
		if (!strcmp(name, zone_fields[i].name))
			return (unsigned long *)((char *)z +
						 zone_fields[i].offset);
	return NULL;
}

unsigned long zone_value(const struct zone_desc *z, const char *name)
{
	const unsigned long *v = zone_field((struct zone_desc *)z, name);

	return v ? *v : 0;
}

/* One line of a zone's block. */
static void zoneinfo_value(struct zone_desc *z, const char *line)
{
	char name[32], rest[2];
	unsigned long v, *field;

	if (sscanf(line, " pages free %lu", &v) == 1) {
		z->free = v;
		return;
	}
	if (sscanf(line, " start_pfn: %lu", &v) == 1) {
		z->start_pfn = v;
		return;
	}
	if (!strncmp(line + strspn(line, " "), "protection: (", 13)) {
		z->protection = max_protection(strchr(line, '(') + 1);
		return;
	}
	/*
	 * Just "name value": pagesets print "high:  <n>", not this one; a
	 * lone "free" is not "pages free".
	 */
	if (sscanf(line, "%31s %lu %1s", name, &v, rest) != 2 ||
	    !strcmp(name, "free"))	/* zoneinfo's, not a column name */
		return;
	field = zone_field(z, name);
	if (field)
		*field = v;
}

int parse_zoneinfo(const char *buf, struct zone_desc *zones, int max)
{
	char line[1024], name[16];
	int n = 0, nid, last_nid = -1, idx = 0;
	const char *s;
	size_t len;

	for (s = buf; *s; s += len + (s[len] == '\n')) {
		len = strcspn(s, "\n");
		snprintf(line, sizeof(line), "%.*s", (int)len, s);
		if (sscanf(line, "Node %d, zone %15s", &nid, name) == 2) {
			if (n == max)
				return -1;
			idx = nid == last_nid ? idx + 1 : 0;
			last_nid = nid;
			memset(&zones[n], 0, sizeof(zones[n]));
			zones[n].nid = nid;
			zones[n].idx = idx;
			snprintf(zones[n].name, sizeof(zones[n].name), "%s", name);
			n++;
		} else if (n) {
			zoneinfo_value(&zones[n - 1], line);
		}
	}
	return n;
}

int read_zoneinfo(struct zone_desc *zones, int max)
{
	static char buf[1 << 20];

	if (read_file("/proc/zoneinfo", buf, sizeof(buf)) < 0)
		return -1;
	return parse_zoneinfo(buf, zones, max);
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

const struct zone_desc *zone_by_name(const struct zone_desc *z, int n,
				     int nid, const char *name)
{
	int i;

	for (i = 0; i < n; i++)
		if (z[i].nid == nid && !strcmp(z[i].name, name))
			return &z[i];
	return NULL;
}

const struct zone_desc *zone_by_start_pfn(const struct zone_desc *z, int n,
					  unsigned long pfn)
{
	int i;

	for (i = 0; i < n; i++)
		if (z[i].present && z[i].start_pfn == pfn)
			return &z[i];
	return NULL;
}

/* ------------------------------------------------------- the workload */

const char *memfrag_workload_path(void)
{
	const char *path = getenv("MEMFRAG_WORKLOAD");

	if (!path || !*path)
		path = "./memfrag_workload";
	return access(path, X_OK) ? NULL : path;
}

int memfrag_run_workload(const char *phases, pid_t *pid)
{
	char copy[256], *args[15], *save, *tok;
	int n = 0;

	snprintf(copy, sizeof(copy), "%s", phases);
	for (tok = strtok_r(copy, " ", &save); tok && n < 14;
	     tok = strtok_r(NULL, " ", &save))
		args[n++] = tok;
	args[n] = NULL;
	return memfrag_run_workload_argv((const char *const *)args, pid);
}

/*
 * The settings memfrag_workload changes and puts back when it exits, also
 * on a signal it can catch.  Killed (the OOM killer sends SIGKILL), it
 * cannot: a hugetlb pool of hundreds of MiB left behind starves every
 * later test, so the runner keeps their values and restores them.
 */
static const char *const workload_knobs[] = {
	MF_NR_HUGEPAGES, MF_PROACTIVENESS, MF_THP_ENABLED, MF_THP_DEFRAG,
	MF_BOOST_FACTOR,
};

/*
 * A setting's value as it is written back: the bracketed word of a sysfs
 * choice list ("always [madvise] never"), otherwise the first line.
 * 0 or -errno (val is then empty).
 */
int setting_value(const char *path, char *val, size_t size)
{
	char buf[256], *p, *e;
	long n;

	val[0] = '\0';
	n = read_file(path, buf, sizeof(buf));
	if (n < 0)
		return n;
	p = strchr(buf, '[');
	e = p ? strchr(p, ']') : NULL;
	if (e) {
		p++;
		*e = '\0';
	} else {
		p = buf;
		p[strcspn(p, "\n")] = '\0';
	}
	snprintf(val, size, "%.*s", (int)size - 1, p);
	return 0;
}

static void knobs_restore(char saved[][64], size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (saved[i][0] && write_file(workload_knobs[i], saved[i]))
			fprintf(stderr, "# could not restore %s to %s\n",
				workload_knobs[i], saved[i]);
		else if (saved[i][0])
			fprintf(stderr, "# restored %s to %s\n",
				workload_knobs[i], saved[i]);
}

int memfrag_run_workload_argv(const char *const *args, pid_t *pid)
{
	char knobs[ARRAY_SIZE(workload_knobs)][64];
	const char *path = memfrag_workload_path();
	char *argv[16], shown[256] = "";
	int argc = 0, status, i;
	pid_t child;

	if (!path)
		return -ENOENT;
	argv[argc++] = (char *)path;
	for (; *args && argc < 15; args++) {
		argv[argc++] = (char *)*args;
		snprintf(shown + strlen(shown), sizeof(shown) - strlen(shown),
			 " %s", *args);
	}
	argv[argc] = NULL;
	/* The log line stays one line: control bytes show as '?'. */
	for (i = 0; shown[i]; i++)
		if ((unsigned char)shown[i] < ' ')
			shown[i] = '?';
	fprintf(stderr, "# running: %s%s\n", path, shown);
	for (i = 0; i < (int)ARRAY_SIZE(workload_knobs); i++)
		setting_value(workload_knobs[i], knobs[i], sizeof(knobs[i]));
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
		fprintf(stderr, "# workload failed: %s%s (wait status %d)\n",
			path, shown, status);
		if (WIFSIGNALED(status))
			knobs_restore(knobs, ARRAY_SIZE(workload_knobs));
		return -EIO;
	}
	return 0;
}

/* ------------------------------------------------------------- leaks */

#define KMEMLEAK		"/sys/kernel/debug/kmemleak"
/* kmemleak reports objects older than 5 s only (MSECS_MIN_AGE). */
#define KMEMLEAK_MIN_AGE_S	5

unsigned long percpu_settled(void)
{
	unsigned long a = read_meminfo("Percpu"), b;
	int i;

	for (i = 0; i < 20; i++) {
		sleep(1);
		b = read_meminfo("Percpu");
		if (a == b)
			break;
		a = b;
	}
	return a;
}

bool kmemleak_present(void)
{
	return access(KMEMLEAK, F_OK) == 0;
}

int kmemleak_clear(void)
{
	int err = write_file(KMEMLEAK, "scan");

	return err ? err : write_file(KMEMLEAK, "clear");
}

long kmemleak_new_leaks(char *buf, size_t size)
{
	int err;

	sleep(KMEMLEAK_MIN_AGE_S + 1);
	err = write_file(KMEMLEAK, "scan");
	if (!err) {
		sleep(1);
		err = write_file(KMEMLEAK, "scan");
	}
	return err ? err : read_file(KMEMLEAK, buf, size);
}

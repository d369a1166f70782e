// SPDX-License-Identifier: GPL-2.0
/* See lib_module.h. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sched.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "lib_module.h"

#define TP_FULL_NAME_(id, system, name, what)				\
	[MEMFRAG_TP_##id] = MEMFRAG_TP_FULL_NAME(system, name),
const char *const mft_tracepoints[MEMFRAG_NR_TP] = {
	MEMFRAG_TRACEPOINTS(TP_FULL_NAME_)
};
#define TP_SYSTEM_(id, system, name, what)				\
	[MEMFRAG_TP_##id] = #system,
static const char *const tp_systems[MEMFRAG_NR_TP] = {
	MEMFRAG_TRACEPOINTS(TP_SYSTEM_)
};
#define TRIGGER_NAME_(id, name, what)					\
	[MEMFRAG_TRIGGER_##id] = #name,
const char *const mft_trigger_names[MEMFRAG_NR_TRIGGERS] = {
	MEMFRAG_TRIGGERS(TRIGGER_NAME_)
};
#define DROP_NAME_(id, name, what)					\
	[MEMFRAG_DROP_##id] = #name,
const char *const mft_drop_names[MEMFRAG_NR_DROPS] = {
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
const char *mft_tp_system(enum memfrag_tp_id id)
{
	return tp_systems[id];
}

const char *mft_tp_name(enum memfrag_tp_id id)
{
	return mft_tracepoints[id] + strlen(tp_systems[id]) + 1;
}

int mft_disable_param(char *buf, size_t size,
			  const enum memfrag_tp_id *ids, int n)
{
	size_t len = snprintf(buf, size, "disable=");
	int i;

	for (i = 0; i < n && len < size; i++)
		len += snprintf(buf + len, size - len, "%s%s", i ? "," : "",
				mft_tp_name(ids[i]));
	return len < size ? 0 : -ENOSPC;
}

const char *mft_result_name(long long value)
{
	if (value < 0 || value >= MEMFRAG_NR_RESULTS || !result_names[value])
		value = MEMFRAG_RESULT_OTHER;
	return result_names[value];
}

const char *mft_prio_name(long long value)
{
	return value >= 0 && value < MEMFRAG_NR_PRIOS && prio_names[value] ?
	       prio_names[value] : "?";
}

const char *mft_mode_name(long long sync)
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

const char *mft_schema_columns(const char *file, const char *section,
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

const char *mft_schema_section(const char *file, int i)
{
	const struct schema_entry *s = schema_entry(file, i);

	return s ? s->name : NULL;
}

const char *mft_ko_path(void)
{
	const char *path = getenv("MEMFRAG_KO");

	if (!path || !*path)
		path = "./memfrag.ko";
	return access(path, R_OK) ? NULL : path;
}

bool mft_loaded(void)
{
	return access("/sys/module/memfrag", F_OK) == 0;
}

int mft_load(const char *params)
{
	const char *path = mft_ko_path();
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
struct mft_open_gate *mft_open_gate_new(void)
{
	void *g = mmap(NULL, sizeof(struct mft_open_gate),
		       PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	return g == MAP_FAILED ? NULL : g;
}

void mft_open_gate_enter(struct mft_open_gate *g)
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

void mft_open_gate_leave(struct mft_open_gate *g)
{
	__atomic_sub_fetch(&g->opening, 1, __ATOMIC_SEQ_CST);
}

long mft_delete_module_gated(struct mft_open_gate *g)
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

int mft_unload_gated(struct mft_open_gate *g)
{
	int tries;

	for (tries = 0; tries < 5000; tries++) {
		if (!mft_delete_module_gated(g))
			return 0;
		if (errno != EAGAIN && errno != EWOULDBLOCK)
			return -errno;
		usleep(1000);
	}
	return -EAGAIN;
}

int mft_unload(void)
{
	return mft_unload_gated(NULL);
}

const char *mft_missing_prerequisite(void)
{
	if (geteuid() != 0)
		return "needs root";
	if (!mount_debug_filesystems())
		return "debugfs/tracefs unavailable";
	if (!mft_loaded() && !mft_ko_path())
		return "memfrag.ko not found (set MEMFRAG_KO)";
	return NULL;
}

int mft_ensure_loaded(void)
{
	return mft_loaded() ? 0 : mft_load(NULL);
}

bool mft_gone(void)
{
	return !mft_loaded() && access(MEMFRAG_DIR, F_OK) != 0;
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

const char *mft_section_text(const char *buf, const char *name,
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
static int check_columns(const struct mft_table *t, const char *file,
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

int mft_table_parse(const char *buf, const char *file,
			const char *section, struct mft_table *t)
{
	int flags = 0, err = 0;
	const char *columns = mft_schema_columns(file, section, &flags);
	const char *start;
	char *line, *next;
	size_t len;

	memset(t, 0, sizeof(*t));
	if (section[0])
		start = mft_section_text(buf, section, &len);
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
		struct mft_row *rows, *r;

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
		mft_table_free(t);
	return err;
}

int mft_table_read(const char *file, const char *section,
		       struct mft_table *t)
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
	return mft_table_parse(buf, file, section, t);
}

void mft_table_free(struct mft_table *t)
{
	free(t->text);
	free(t->row);
	memset(t, 0, sizeof(*t));
}

int mft_table_col(const struct mft_table *t, const char *name)
{
	int i;

	for (i = 0; i < t->ncols; i++)
		if (!strcmp(t->col[i], name))
			return i;
	fprintf(stderr, "# no column '%s' in a table of memfrag\n", name);
	return -1;
}

const char *mft_table_field(const struct mft_table *t, int r,
				int col)
{
	return col >= 0 && col < t->row[r].n ? t->row[r].f[col] : NULL;
}

int mft_key(const char *buf, const char *key, char *val, size_t size)
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

int mft_pair(const char *buf, const char *key, const char *name,
		 long long *val)
{
	char line[1024], pat[64], *p;

	if (mft_key(buf, key, line + 1, sizeof(line) - 1))
		return -ENOENT;
	line[0] = ' ';
	snprintf(pat, sizeof(pat), " %s=", name);
	p = strstr(line, pat);
	if (!p)
		return -ENOENT;
	*val = strtoll(p + strlen(pat), NULL, 10);
	return 0;
}

int mft_tp_status(const char *tracepoint, struct mft_tp_status *st)
{
	struct mft_table t;
	int r, state, hits, err;
	const char *s, *h;
	char *end;

	err = mft_table_read(MEMFRAG_FILE_STATUS, "", &t);
	if (err)
		return err;
	state = mft_table_col(&t, MEMFRAG_COL_NAME(state));
	hits = mft_table_col(&t, MEMFRAG_COL_NAME(hits));
	err = -ENOENT;
	for (r = 0; r < t.nrows; r++) {
		if (strcmp(t.row[r].f[0], tracepoint))
			continue;
		s = mft_table_field(&t, r, state);
		h = mft_table_field(&t, r, hits);
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
	mft_table_free(&t);
	return err;
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

int mft_memfrag_run_hits(struct mft_run_hits *h)
{
	struct mft_tp_status st;

	if (mft_tp_status(MEMFRAG_TP(BEGIN), &st))
		return -1;
	h->mf_begin = st.hits;
	if (mft_tp_status(MEMFRAG_TP(END), &st))
		return -1;
	h->mf_end = st.hits;
	return 0;
}

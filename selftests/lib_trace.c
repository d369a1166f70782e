// SPDX-License-Identifier: GPL-2.0
/* See lib_trace.h. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib_trace.h"

static void instance_path(const char *name, const char *file, char *path,
			  size_t size)
{
	snprintf(path, size, TRACEFS_DIR "/instances/%s%s%s", name,
		 *file ? "/" : "", file);
}

static int instance_write(const char *name, const char *file,
			  const char *text)
{
	char path[256];

	instance_path(name, file, path, sizeof(path));
	return write_file(path, text);
}

static int instance_event(const char *name, enum memfrag_tp_id tp, bool on)
{
	char file[160];

	snprintf(file, sizeof(file), "events/%s/%s/enable", mft_tp_system(tp),
		 mft_tp_name(tp));
	return instance_write(name, file, on ? "1" : "0");
}

/*
 * A clock that orders events of different CPUs: mono, else global (the
 * default, local, is per CPU and may not).
 */
static int instance_clock(const char *name)
{
	static const char *const clocks[] = { "mono", "global" };
	char path[256], buf[512], *p;
	unsigned int i;

	instance_path(name, "trace_clock", path, sizeof(path));
	if (read_file(path, buf, sizeof(buf)) < 0)
		return -ENOENT;
	for (i = 0; i < ARRAY_SIZE(clocks); i++) {
		size_t len = strlen(clocks[i]);

		for (p = buf; (p = strstr(p, clocks[i])); p += len)
			if ((p == buf || p[-1] == ' ' || p[-1] == '[') &&
			    (p[len] == ' ' || p[len] == ']' || p[len] == '\n'))
				return write_file(path, clocks[i]);
	}
	return -ENOENT;
}

int trace_instance_start(const char *name, unsigned int buffer_kb,
			 const enum memfrag_tp_id *tps, int n)
{
	char path[256], kb[32];
	int i, err;

	trace_instance_remove(name);
	instance_path(name, "", path, sizeof(path));
	if (mkdir(path, 0755))
		return -errno;
	snprintf(kb, sizeof(kb), "%u", buffer_kb);
	err = instance_write(name, "tracing_on", "0");
	if (!err)
		err = instance_write(name, "buffer_size_kb", kb);
	if (!err)
		err = instance_clock(name);
	for (i = 0; !err && i < n; i++)
		err = instance_event(name, tps[i], true);
	if (!err)
		err = instance_write(name, "trace", "");
	if (!err)
		err = instance_write(name, "tracing_on", "1");
	return err;
}

int trace_instance_stop(const char *name)
{
	return instance_write(name, "tracing_on", "0");
}

void trace_instance_remove(const char *name)
{
	char path[256];

	instance_path(name, "", path, sizeof(path));
	if (access(path, F_OK))
		return;
	instance_write(name, "tracing_on", "0");
	instance_write(name, "events/enable", "0");
	rmdir(path);
}

/*
 * A record line: "<comm>-<pid> [<cpu>] <flags> <seconds>: <event>: ...".
 * The pid is the number before " [" (a task's name may hold '-' and
 * spaces), the time the number before ": <event>:".
 */
static int parse_record(const char *line, const char *event, long long *pid,
			double *ts)
{
	char marker[96];
	const char *b = strstr(line, " ["), *m, *p, *digits;

	snprintf(marker, sizeof(marker), ": %s:", event);
	m = strstr(line, marker);
	if (!b || !m || m < b)
		return -1;
	/* The pid is padded to its column. */
	while (b > line && b[-1] == ' ')
		b--;
	for (p = digits = b; p > line && p[-1] >= '0' && p[-1] <= '9'; p--)
		;
	if (p == digits || p == line || p[-1] != '-')
		return -1;
	*pid = strtoll(p, NULL, 10);
	for (p = m; p > b && p[-1] != ' '; p--)
		;
	*ts = strtod(p, NULL);
	return 0;
}

/* A small set of pids, grown as needed. */
struct pid_set {
	long long *pid;
	int n, size;
};

static int pid_find(const struct pid_set *s, long long pid)
{
	int i;

	for (i = 0; i < s->n; i++)
		if (s->pid[i] == pid)
			return i;
	return -1;
}

static int pid_add(struct pid_set *s, long long pid)
{
	if (s->n == s->size) {
		long long *p = realloc(s->pid, (s->size * 2 + 64) * sizeof(*p));

		if (!p)
			return -ENOMEM;
		s->pid = p;
		s->size = s->size * 2 + 64;
	}
	s->pid[s->n++] = pid;
	return 0;
}

static void pid_del(struct pid_set *s, int i)
{
	s->pid[i] = s->pid[--s->n];
}

int trace_run_overlap(const char *name, enum memfrag_tp_id begin,
		      enum memfrag_tp_id end, bool (*counted)(long long pid),
		      struct trace_overlap *out)
{
	struct pid_set open = { 0 }, tasks = { 0 };
	long long pid, in_buffer, written;
	char path[256], *line = NULL;
	size_t cap = 0;
	int err = 0, i;
	double ts;
	FILE *f;

	memset(out, 0, sizeof(*out));
	instance_path(name, "trace", path, sizeof(path));
	f = fopen(path, "re");
	if (!f)
		return -errno;
	while (!err && getline(&line, &cap, f) > 0) {
		if (sscanf(line, "# entries-in-buffer/entries-written: %lld/%lld",
			   &in_buffer, &written) == 2) {
			out->lost += written - in_buffer;
			continue;
		}
		if (sscanf(line, "CPU:%*d [LOST %lld EVENTS]", &written) == 1) {
			out->lost += written;
			continue;
		}
		if (line[0] == '#')
			continue;
		if (!parse_record(line, mft_tp_name(begin), &pid, &ts)) {
			if (counted && !counted(pid))
				continue;
			out->begins++;
			if (pid_find(&tasks, pid) < 0)
				err = pid_add(&tasks, pid);
			if (pid_find(&open, pid) >= 0) {
				out->unmatched++;	/* its last end was lost */
				continue;
			}
			if (!err)
				err = pid_add(&open, pid);
			if (open.n > out->max_open) {
				out->max_open = open.n;
				out->max_at = ts;
			}
		} else if (!parse_record(line, mft_tp_name(end), &pid, &ts)) {
			if (counted && !counted(pid))
				continue;
			out->ends++;
			i = pid_find(&open, pid);
			if (i < 0)
				out->unmatched++;
			else
				pid_del(&open, i);
		}
	}
	out->unmatched += open.n;
	out->tasks = tasks.n;
	free(line);
	free(open.pid);
	free(tasks.pid);
	fclose(f);
	return err;
}

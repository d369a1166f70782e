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
	totals = strstr(buf, "Totals:");
	if (!totals || sscanf(totals, "Totals: Hits: %lld", &hits) != 1)
		return -1;
	return hits;
}

int compact_all_memory(void)
{
	return write_file("/proc/sys/vm/compact_memory", "1");
}

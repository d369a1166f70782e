// SPDX-License-Identifier: GPL-2.0
/* See lib_files.h. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/wait.h>

#include "lib_files.h"

ssize_t read_retry(int fd, void *buf, size_t size)
{
	for (;;) {
		ssize_t n = read(fd, buf, size);

		if (n >= 0)
			return n;
		if (errno == EAGAIN)
			return 0;
		if (errno != EINTR)
			return -errno;
	}
}

long read_file(const char *path, char *buf, size_t size)
{
	size_t used = 0;
	ssize_t n = 0;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	while (used + 1 < size) {
		n = read_retry(fd, buf + used, size - 1 - used);
		if (n <= 0)
			break;
		used += n;
	}
	buf[used] = '\0';
	close(fd);
	return n < 0 ? n : (long)used;
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

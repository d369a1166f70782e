/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The selftests' plumbing: reading and writing whole files (sysctls,
 * sysfs, debugfs), and running a function in a child process.
 */
#ifndef MFT_LIB_FILES_H
#define MFT_LIB_FILES_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#define MEMFRAG_STR_(x)		#x
#define MEMFRAG_STR(x)		MEMFRAG_STR_(x)

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(arr) (sizeof(arr) / sizeof((arr)[0]))
#endif

/*
 * read(), retrying a read a signal interrupted; 0 where a non-blocking
 * read would block (as at the end of a file), -errno on an error.
 */
ssize_t read_retry(int fd, void *buf, size_t size);
/*
 * Reads a whole file into buf (NUL-terminated); bytes read or -errno.
 * Retries reads a signal interrupted.
 */
long read_file(const char *path, char *buf, size_t size);
/* Writes text to a file (sysctl, sysfs, debugfs); 0 or -errno. */
int write_file(const char *path, const char *text);
int setting_value(const char *path, char *val, size_t size);
/* The number a file holds (a sysctl, a sysfs value); -1 if unreadable. */
long long read_num(const char *path);
/* Writes "val\n"; 0 or -errno. */
int write_num(const char *path, long long val);

/*
 * Runs fn(arg) in a child process and waits for it: the child's exit
 * status (fn's return value), or -1 if it could not run or did not exit.
 */
int run_in_child(int (*fn)(void *arg), void *arg);

#endif /* MFT_LIB_FILES_H */

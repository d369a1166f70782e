// SPDX-License-Identifier: GPL-2.0
/*
 * irqsoff-read - read one file whole, with the irqsoff tracer watching that
 * read and nothing after it
 *
 *   irqsoff-read TRACING FILE
 *
 * Writes 0 to TRACING/tracing_max_latency, reads FILE to its end with
 * 64 KiB reads (as cat does), closes it, then writes 0 to
 * TRACING/tracing_on.  The tracer's snapshot (TRACING/trace) then holds the
 * longest section with interrupts off from just before the open to just
 * after the close, and keeps it: with the ring buffer off the tracer
 * records no new maximum, so the reader's exit, the shell waking up and
 * the read of the trace cannot replace it.  The benchmark (irqsoff.sh)
 * runs a copy named after each file (rd-zones, rd-buddyinfo), so that the
 * snapshot's "task:" line tells whether the section ended in the reader.
 *
 * Exit status: 0, or 1 if a tracing file could not be written or FILE
 * could not be read.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static char buf[65536];

/* Writes "0" to TRACING/name; returns 0 or -1. */
static int write_zero(const char *tracing, const char *name)
{
	char path[PATH_MAX];
	int fd, ok;

	snprintf(path, sizeof(path), "%s/%s", tracing, name);
	fd = open(path, O_WRONLY);
	if (fd < 0) {
		fprintf(stderr, "irqsoff-read: %s: %s\n", path, strerror(errno));
		return -1;
	}
	ok = write(fd, "0", 1) == 1;
	close(fd);
	if (!ok)
		fprintf(stderr, "irqsoff-read: cannot write %s\n", path);
	return ok ? 0 : -1;
}

int main(int argc, char **argv)
{
	ssize_t n = 0;
	int fd, err = 0;

	if (argc != 3) {
		fprintf(stderr, "usage: irqsoff-read TRACING FILE\n");
		return 2;
	}
	if (write_zero(argv[1], "tracing_max_latency"))
		return 1;
	fd = open(argv[2], O_RDONLY | O_NONBLOCK);
	if (fd >= 0) {
		while ((n = read(fd, buf, sizeof(buf))) > 0)
			;
		err = n < 0 ? errno : 0;
		close(fd);
	} else {
		err = errno;
	}
	/* First, so that reporting an error does not reach the snapshot. */
	if (write_zero(argv[1], "tracing_on"))
		return 1;
	if (err) {
		fprintf(stderr, "irqsoff-read: %s: %s\n", argv[2], strerror(err));
		return 1;
	}
	return 0;
}

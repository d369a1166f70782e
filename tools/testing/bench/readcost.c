// SPDX-License-Identifier: GPL-2.0
/*
 * readcost - how long reading a file once, whole, takes
 *
 * For each FILE: open it (O_NONBLOCK, so a stream with nothing to read ends
 * the read instead of blocking), read it to the end with 64 KiB reads,
 * close it; repeat N times and print the median, the minimum and the
 * bytes read, one line per file:
 *
 *   read <file> median_us=<us> min_us=<us> bytes=<n>
 *
 * Used by the benchmark (tools/testing/bench/bench.sh) for memfrag's debugfs files
 * and for /proc/pagetypeinfo, /proc/zoneinfo and the kernel's extfrag files.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define MAX_RUNS	1000

static char buf[65536];

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* Reads path once; returns bytes read, or -1 with errno set. */
static long long read_once(const char *path)
{
	long long total = 0;
	ssize_t n;
	int fd = open(path, O_RDONLY | O_NONBLOCK);

	if (fd < 0)
		return -1;
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		total += n;
	if (n < 0 && errno != EAGAIN) {
		int err = errno;

		close(fd);
		errno = err;
		return -1;
	}
	close(fd);
	return total;
}

static int cmp_ll(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;

	return x < y ? -1 : x > y;
}

static void print_usage(FILE *f)
{
	fputs("usage: readcost [-n RUNS] FILE...\n"
	      "  -n RUNS   reads of each file (1-1000, default 20)\n", f);
}

int main(int argc, char **argv)
{
	static long long t[MAX_RUNS];
	long long bytes = 0;
	int runs = 20, c, i, f, ret = 0;
	char *end;

	while ((c = getopt(argc, argv, "n:h")) != -1) {
		switch (c) {
		case 'n':
			runs = strtol(optarg, &end, 10);
			if (*end || runs < 1 || runs > MAX_RUNS) {
				fprintf(stderr, "readcost: invalid -n '%s'\n",
					optarg);
				return 2;
			}
			break;
		case 'h':
			print_usage(stdout);
			return 0;
		default:
			print_usage(stderr);
			return 2;
		}
	}
	if (optind == argc) {
		print_usage(stderr);
		return 2;
	}
	for (f = optind; f < argc; f++) {
		for (i = 0; i < runs; i++) {
			long long t0 = now_ns();

			bytes = read_once(argv[f]);
			t[i] = now_ns() - t0;
			if (bytes < 0)
				break;
		}
		if (bytes < 0) {
			fprintf(stderr, "readcost: %s: %s\n", argv[f],
				strerror(errno));
			ret = 1;
			continue;
		}
		qsort(t, runs, sizeof(t[0]), cmp_ll);
		printf("read %s median_us=%lld.%lld min_us=%lld.%lld bytes=%lld\n",
		       argv[f], t[runs / 2] / 1000, t[runs / 2] % 1000 / 100,
		       t[0] / 1000, t[0] % 1000 / 100, bytes);
	}
	return ret;
}

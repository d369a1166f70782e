// SPDX-License-Identifier: GPL-2.0
/* See lib_leaks.h. */
#define _GNU_SOURCE
#include <unistd.h>

#include "lib_leaks.h"

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

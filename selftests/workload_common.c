// SPDX-License-Identifier: GPL-2.0
/*
 * memfrag_workload's state, messages, the phase summary and time.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include "workload.h"

int mft_scale = SCALE_DEFAULT;
int mft_verbose;
int mft_tasks;
sig_atomic_t mft_stop_requested;

int mft_stopping(void)
{
	return __atomic_load_n(&mft_stop_requested, __ATOMIC_RELAXED);
}

size_t mft_page_size;
unsigned long mft_mem_total;
unsigned long mft_mem_avail0;
unsigned long mft_hp_size;
int mft_hp_order;
unsigned long mft_pmd_size;
bool mft_keep_pool;
unsigned long mft_pipe_size;
unsigned long mft_pageblock_pages;

void mft_sb_add(struct mft_sbuf *sb, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (sb->len >= sizeof(sb->buf) - 1)
		return;
	if (sb->len) {
		n = snprintf(sb->buf + sb->len, sizeof(sb->buf) - sb->len,
			     "; ");
		sb->len += n;
		if (sb->len >= sizeof(sb->buf))
			sb->len = sizeof(sb->buf) - 1;
	}
	va_start(ap, fmt);
	n = vsnprintf(sb->buf + sb->len, sizeof(sb->buf) - sb->len, fmt, ap);
	va_end(ap);
	if (n > 0)
		sb->len += n;
	if (sb->len >= sizeof(sb->buf))
		sb->len = sizeof(sb->buf) - 1;
}

void mft_vmsg(const char *fmt, ...)
{
	va_list ap;

	if (!mft_verbose)
		return;
	va_start(ap, fmt);
	fputs("# ", stdout);
	vprintf(fmt, ap);
	fputc('\n', stdout);
	va_end(ap);
	fflush(stdout);
}

void mft_warnmsg(const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	va_start(ap, fmt);
	fputs(PROG ": ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}

long long mft_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

void mft_sleep_ms(long ms)
{
	struct timespec ts = {
		.tv_sec = ms / 1000,
		.tv_nsec = (ms % 1000) * 1000000L,
	};

	while (nanosleep(&ts, &ts) && errno == EINTR && !mft_stopping())
		;
}

unsigned long mft_mib(unsigned long bytes)
{
	return bytes / MIB;
}

bool mft_exists(const char *path)
{
	return access(path, F_OK) == 0;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * The helpers of the files that show tasks and kernel stacks.
 */
#include <linux/capability.h>
#include <linux/kernel.h>
#include <linux/sched.h>
#include <linux/security.h>
#include <linux/string.h>

#include "tracefiles.h"

void memfrag_sanitize_comm(char *dst, const char *comm)
{
	int i;

	for (i = 0; i < TASK_COMM_LEN - 1 && comm[i]; i++) {
		/* Unsigned: plain char is signed on x86 before 6.2 only. */
		unsigned char c = comm[i];

		dst[i] = c <= ' ' || c >= 0x7f ? '_' : c;
	}
	dst[i] = '\0';
	if (!i)
		strscpy(dst, "?", TASK_COMM_LEN);
}

int memfrag_sprint_frame(char *buf, size_t size, unsigned long ip)
{
	int n = scnprintf(buf, size, "%pB", (void *)ip);

	/* vsprintf prints an address it cannot name as hex. */
	if (n >= 2 && buf[0] == '0' && buf[1] == 'x')
		n = scnprintf(buf, size, "?");
	return n;
}

int memfrag_trace_file_allowed(void)
{
	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	return security_locked_down(LOCKDOWN_TRACEFS);
}

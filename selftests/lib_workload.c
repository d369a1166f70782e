// SPDX-License-Identifier: GPL-2.0
/* See lib_workload.h. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "lib_workload.h"

const char *mft_workload_path(void)
{
	const char *path = getenv("MEMFRAG_WORKLOAD");

	if (!path || !*path)
		path = "./memfrag_workload";
	return access(path, X_OK) ? NULL : path;
}

int mft_run_workload(const char *phases, pid_t *pid)
{
	char copy[256], *args[15], *save, *tok;
	int n = 0;

	snprintf(copy, sizeof(copy), "%s", phases);
	for (tok = strtok_r(copy, " ", &save); tok && n < 14;
	     tok = strtok_r(NULL, " ", &save))
		args[n++] = tok;
	args[n] = NULL;
	return mft_run_workload_argv((const char *const *)args, pid);
}

/*
 * The settings memfrag_workload changes and puts back when it exits, also
 * on a signal it can catch.  Killed (the OOM killer sends SIGKILL), it
 * cannot: a hugetlb pool of hundreds of MiB left behind starves every
 * later test, so the runner keeps their values and restores them.
 */
static const char *const workload_knobs[] = {
	MF_NR_HUGEPAGES, MF_PROACTIVENESS, MF_THP_ENABLED, MF_THP_DEFRAG,
	MF_BOOST_FACTOR, MF_EXTFRAG_THRESHOLD, MF_LOWMEM_RESERVE_RATIO,
};

static void knobs_restore(char saved[][64], size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (saved[i][0] && write_file(workload_knobs[i], saved[i]))
			fprintf(stderr, "# could not restore %s to %s\n",
				workload_knobs[i], saved[i]);
		else if (saved[i][0])
			fprintf(stderr, "# restored %s to %s\n",
				workload_knobs[i], saved[i]);
}

int mft_run_workload_argv(const char *const *args, pid_t *pid)
{
	char knobs[ARRAY_SIZE(workload_knobs)][64];
	const char *path = mft_workload_path();
	char *argv[16], shown[256] = "";
	int argc = 0, status, i;
	pid_t child;

	if (!path)
		return -ENOENT;
	argv[argc++] = (char *)path;
	for (; *args && argc < 15; args++) {
		argv[argc++] = (char *)*args;
		snprintf(shown + strlen(shown), sizeof(shown) - strlen(shown),
			 " %s", *args);
	}
	argv[argc] = NULL;
	/* The log line stays one line: control bytes show as '?'. */
	for (i = 0; shown[i]; i++)
		if ((unsigned char)shown[i] < ' ')
			shown[i] = '?';
	fprintf(stderr, "# running: %s%s\n", path, shown);
	for (i = 0; i < (int)ARRAY_SIZE(workload_knobs); i++)
		setting_value(workload_knobs[i], knobs[i], sizeof(knobs[i]));
	fflush(NULL);
	child = fork();
	if (child < 0)
		return -errno;
	if (child == 0) {
		execv(path, argv);
		_exit(127);
	}
	if (pid)
		*pid = child;
	if (waitpid(child, &status, 0) != child)
		return -errno;
	if (!WIFEXITED(status) || WEXITSTATUS(status)) {
		fprintf(stderr, "# workload failed: %s%s (wait status %d)\n",
			path, shown, status);
		if (WIFSIGNALED(status))
			knobs_restore(knobs, ARRAY_SIZE(workload_knobs));
		return -EIO;
	}
	return 0;
}

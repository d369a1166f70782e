// SPDX-License-Identifier: GPL-2.0
/*
 * The sysctl and sysfs values memfrag_workload changes, saved before the
 * first change and restored at exit.
 */
#include <errno.h>
#include <string.h>

#include "workload.h"

#define MAX_SETTINGS		8

/*
 * Every sysctl/sysfs value the workload changes, with its original value,
 * restored by mft_settings_restore_all() at exit (also after a signal).
 */
static struct mft_setting settings[MAX_SETTINGS];

struct mft_setting *mft_setting_find(const char *path)
{
	int i;

	for (i = 0; i < MAX_SETTINGS; i++)
		if (settings[i].active && !strcmp(settings[i].path, path))
			return &settings[i];
	return NULL;
}

/* Remembers a setting's original value (once); 0 or -errno. */
int mft_setting_save(const char *path)
{
	struct mft_setting *s;
	int i, err;

	if (mft_setting_find(path))
		return 0;
	for (i = 0; i < MAX_SETTINGS; i++)
		if (!settings[i].active)
			break;
	if (i == MAX_SETTINGS)
		return -ENOSPC;
	s = &settings[i];
	snprintf(s->path, sizeof(s->path), "%s", path);
	err = setting_value(path, s->orig, sizeof(s->orig) - 1);
	if (err)
		return err;
	strcat(s->orig, "\n");
	s->active = 1;
	return 0;
}

/* Saves the original value, then writes a new one; 0 or -errno. */
int mft_setting_set(const char *path, const char *val)
{
	int err = mft_setting_save(path);

	if (err)
		return err;
	return write_file(path, val);
}

/* Writes back the original value. */
int mft_setting_restore(struct mft_setting *s)
{
	int err;

	if (!s || !s->active)
		return 0;
	err = write_file(s->path, s->orig);
	s->active = 0;
	return err;
}

void mft_settings_restore_all(void)
{
	int i;

	/* The hugetlb pool last: restoring THP first stops new THP faults. */
	for (i = MAX_SETTINGS - 1; i >= 0; i--)
		if (settings[i].active && strcmp(settings[i].path, NR_HUGEPAGES))
			mft_setting_restore(&settings[i]);
	for (i = 0; i < MAX_SETTINGS; i++)
		mft_setting_restore(&settings[i]);
}

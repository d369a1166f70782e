// SPDX-License-Identifier: GPL-2.0
/* See lib_proc.h. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib_proc.h"

/*
 * The number after "name" and sep on a line of a /proc file of named
 * values; *kb tells whether the line says "kB".  -1 if absent.
 */
static long long proc_value(const char *path, const char *name, char sep,
			    bool *kb)
{
	char line[256];
	size_t len = strlen(name);
	long long val = -1;
	FILE *f;

	f = fopen(path, "re");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		if (!strncmp(line, name, len) && line[len] == sep) {
			val = strtoll(line + len + 1, NULL, 10);
			if (kb)
				*kb = strstr(line, "kB");
			break;
		}
	}
	fclose(f);
	return val;
}

long long read_vmstat(const char *name)
{
	return proc_value("/proc/vmstat", name, ' ', NULL);
}

unsigned long read_meminfo(const char *name)
{
	bool kb = false;
	long long val = proc_value("/proc/meminfo", name, ':', &kb);

	if (val < 0)
		return 0;
	return kb ? val * 1024 : val;
}

int compact_all_memory(void)
{
	return write_file("/proc/sys/vm/compact_memory", "1");
}

bool is_kcompactd(long long pid)
{
	char path[64], comm[32] = "";

	snprintf(path, sizeof(path), "/proc/%lld/comm", pid);
	if (read_file(path, comm, sizeof(comm)) < 0)
		return false;
	return !strncmp(comm, "kcompactd", 9);
}

/* The largest number of "protection: (a, b, ...)". */
static unsigned long max_protection(const char *list)
{
	unsigned long v, max = 0;
	char *end;

	for (; *list && *list != ')'; list = end + (*end == ',')) {
		v = strtoul(list, &end, 10);
		if (end == list)
			break;
		max = v > max ? v : max;
	}
	return max;
}

/*
 * The counters of a zone that zoneinfo prints as "name value" ("free" is
 * "pages free"), named as zoneinfo names them and struct zone_desc too.
 */
#define ZONE_FIELD(f)	{ #f, offsetof(struct zone_desc, f) }
static const struct {
	const char *name;
	size_t offset;
} zone_fields[] = {
	ZONE_FIELD(free), ZONE_FIELD(boost), ZONE_FIELD(min), ZONE_FIELD(low),
	ZONE_FIELD(high), ZONE_FIELD(spanned), ZONE_FIELD(present),
	ZONE_FIELD(managed),
};

#undef ZONE_FIELD

static unsigned long *zone_field(struct zone_desc *z, const char *name)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(zone_fields); i++)
		if (!strcmp(name, zone_fields[i].name))
			return (unsigned long *)((char *)z +
						 zone_fields[i].offset);
	return NULL;
}

unsigned long zone_value(const struct zone_desc *z, const char *name)
{
	const unsigned long *v = zone_field((struct zone_desc *)z, name);

	return v ? *v : 0;
}

/* One line of a zone's block. */
static void zoneinfo_value(struct zone_desc *z, const char *line)
{
	char name[32], rest[2];
	unsigned long v, *field;

	if (sscanf(line, " pages free %lu", &v) == 1) {
		z->free = v;
		return;
	}
	if (sscanf(line, " start_pfn: %lu", &v) == 1) {
		z->start_pfn = v;
		return;
	}
	if (!strncmp(line + strspn(line, " "), "protection: (", 13)) {
		z->protection = max_protection(strchr(line, '(') + 1);
		return;
	}
	/*
	 * Just "name value": pagesets print "high:  <n>", not this one; a
	 * lone "free" is not "pages free".
	 */
	if (sscanf(line, "%31s %lu %1s", name, &v, rest) != 2 ||
	    !strcmp(name, "free"))	/* zoneinfo's, not a column name */
		return;
	field = zone_field(z, name);
	if (field)
		*field = v;
}

int parse_zoneinfo(const char *buf, struct zone_desc *zones, int max)
{
	char line[1024], name[16];
	int n = 0, nid, last_nid = -1, idx = 0;
	const char *s;
	size_t len;

	for (s = buf; *s; s += len + (s[len] == '\n')) {
		len = strcspn(s, "\n");
		snprintf(line, sizeof(line), "%.*s", (int)len, s);
		if (sscanf(line, "Node %d, zone %15s", &nid, name) == 2) {
			if (n == max)
				return -1;
			idx = nid == last_nid ? idx + 1 : 0;
			last_nid = nid;
			memset(&zones[n], 0, sizeof(zones[n]));
			zones[n].nid = nid;
			zones[n].idx = idx;
			snprintf(zones[n].name, sizeof(zones[n].name), "%s", name);
			n++;
		} else if (n) {
			zoneinfo_value(&zones[n - 1], line);
		}
	}
	return n;
}

int read_zoneinfo(struct zone_desc *zones, int max)
{
	static char buf[1 << 20];

	if (read_file("/proc/zoneinfo", buf, sizeof(buf)) < 0)
		return -1;
	return parse_zoneinfo(buf, zones, max);
}

const struct zone_desc *zone_by_idx(const struct zone_desc *z, int n,
				    int nid, int idx)
{
	int i;

	for (i = 0; i < n; i++)
		if (z[i].nid == nid && z[i].idx == idx)
			return &z[i];
	return NULL;
}

const struct zone_desc *zone_by_name(const struct zone_desc *z, int n,
				     int nid, const char *name)
{
	int i;

	for (i = 0; i < n; i++)
		if (z[i].nid == nid && !strcmp(z[i].name, name))
			return &z[i];
	return NULL;
}

const struct zone_desc *zone_by_start_pfn(const struct zone_desc *z, int n,
					  unsigned long pfn)
{
	int i;

	for (i = 0; i < n; i++)
		if (z[i].present && z[i].start_pfn == pfn)
			return &z[i];
	return NULL;
}

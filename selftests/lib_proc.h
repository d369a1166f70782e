/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel's own views of memory: /proc/vmstat, /proc/meminfo and
 * /proc/zoneinfo, compacting every zone, and which task is kcompactd.
 */
#ifndef MFT_LIB_PROC_H
#define MFT_LIB_PROC_H

#include "lib_files.h"

/* A counter from /proc/vmstat, or -1. */
long long read_vmstat(const char *name);
/* A /proc/meminfo value, in bytes ("kB" values converted); 0 if absent. */
unsigned long read_meminfo(const char *name);

/* Writes 1 to /proc/sys/vm/compact_memory: compacts every zone. */
int compact_all_memory(void);
/* Is pid one of the kcompactd threads (by its /proc comm)? */
bool is_kcompactd(long long pid);

/* A zone of /proc/zoneinfo (populated or not), in the order it lists them. */
struct zone_desc {
	int nid, idx;			/* idx: the zone's index in its node */
	char name[16];
	unsigned long start_pfn, spanned, present, managed;
	unsigned long free, min, low, high, boost;
	unsigned long protection;	/* the largest lowmem reserve */
};

#define MAX_ZONES	256

/* A zone's counter by its zoneinfo name ("free" for "pages free"); 0 if none. */
unsigned long zone_value(const struct zone_desc *z, const char *name);

/* Fills zones (up to max) from zoneinfo's text; how many, or -1. */
int parse_zoneinfo(const char *buf, struct zone_desc *zones, int max);
/* parse_zoneinfo() of /proc/zoneinfo. */
int read_zoneinfo(struct zone_desc *zones, int max);
const struct zone_desc *zone_by_idx(const struct zone_desc *z, int n,
				    int nid, int idx);
const struct zone_desc *zone_by_name(const struct zone_desc *z, int n,
				     int nid, const char *name);
/* The populated zone that starts at pfn. */
const struct zone_desc *zone_by_start_pfn(const struct zone_desc *z, int n,
					  unsigned long pfn);

#endif /* MFT_LIB_PROC_H */

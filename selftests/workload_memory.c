// SPDX-License-Identifier: GPL-2.0
/*
 * Free memory as the kernel shows it (/proc/buddyinfo, /proc/pagetypeinfo,
 * /proc/zoneinfo), and the floor that the workload never takes it below.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "workload.h"

#define MAX_ORDERS		16

/*
 * Free memory from /proc/buddyinfo: hugepage-sized blocks (order >= hp_order,
 * counted in hugepages) and bytes in smaller blocks.
 */
/* Adds one buddyinfo line's counts from p (order 0 on) to the totals. */
void mft_buddy_add(const char *p, unsigned long *large,
		   unsigned long *small)
{
	unsigned long n;
	char *end;
	int order;

	for (order = 0; order < MAX_ORDERS; order++, p = end) {
		n = strtoul(p, &end, 10);
		if (end == p)
			break;
		if (order >= mft_hp_order)
			*large += n << (order - mft_hp_order);
		else
			*small += (n << order) * mft_page_size;
	}
}

int mft_buddy_free(unsigned long *large, unsigned long *small)
{
	char line[512], *p;
	FILE *f;

	*large = 0;
	*small = 0;
	f = fopen("/proc/buddyinfo", "re");
	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f)) {
		p = strstr(line, "zone");	/* not a column name */
		if (!p)
			continue;
		p += 4;
		while (*p == ' ')
			p++;
		while (*p && *p != ' ')
			p++;
		mft_buddy_add(p, large, small);
	}
	fclose(f);
	return 0;
}

/*
 * Bytes free on the unmovable and reclaimable free lists of the zones an
 * unmovable allocation may use (all but Movable), from /proc/pagetypeinfo;
 * 0 if it cannot be read.  An unmovable allocation falls back to another
 * migratetype only once these are used up.
 */
unsigned long mft_unmovable_free(void)
{
	char line[512], zone[16], type[16], *p, *end;
	unsigned long bytes = 0, n;
	int nid, used, order;
	FILE *f;

	f = fopen("/proc/pagetypeinfo", "re");
	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "Node %d, zone %15[^,], type %15s %n", &nid,
			   zone, type, &used) != 3 || !strcmp(zone, "Movable") ||
		    (strcmp(type, "Unmovable") && strcmp(type, "Reclaimable")))
			continue;
		p = line + used;
		for (order = 0; order < MAX_ORDERS; order++, p = end) {
			n = strtoul(p + (*p == '>'), &end, 10);
			if (end == p + (*p == '>'))
				break;
			bytes += (n << order) * mft_page_size;
		}
	}
	fclose(f);
	return bytes;
}

/*
 * Memory: the fragmented region is --scale percent of MemAvailable, and
 * nothing the workload allocates takes MemFree below a floor computed from
 * /proc/zoneinfo: the high watermarks and lowmem reserves plus 1/64 of
 * MemTotal (plus the largest watermark boosts around the unmovable
 * allocations of 'extfrag').  Work is fixed counts (faults, steps, waits)
 * or sized from /proc/meminfo, /proc/buddyinfo and /proc/zoneinfo; no phase
 * runs "for N seconds" except the fixed waits of kcompactd and proactive.
 *
 * The free memory the workload never goes below: per zone the high
 * watermark plus the lowmem reserve (no more than the zone has: a ratio
 * of 1 reserves the whole zone), plus 1/64 of MemTotal (at least
 * 16 MiB), plus the boost each zone has now.  With 'boosted', the largest
 * watermark boost instead, if more: fallbacks of
 * unmovable allocations boost the watermarks, and with nothing reclaimable a
 * boosted min watermark above MemFree means OOM.  The kernel lets a boost
 * grow to watermark_boost_factor of the high watermark, and at least to a
 * pageblock (32 MiB with 16 KiB pages).
 */
unsigned long mft_floor_bytes_of(bool boosted)
{
	static struct zone_desc zones[MAX_ZONES];
	unsigned long pages = 0, high, boost, reserve;
	long long factor = read_num(BOOST_FACTOR);
	unsigned long slack = mft_mem_total / 64;
	int i, n;

	if (factor < 0 || !boosted)
		factor = 0;
	if (slack < 16 * MIB)
		slack = 16 * MIB;
	n = read_zoneinfo(zones, MAX_ZONES);
	if (n < 0)
		return mft_mem_total / 8 + slack;
	for (i = 0; i < n; i++) {
		/* zoneinfo's high watermark includes the boost. */
		high = zones[i].high > zones[i].boost ?
		       zones[i].high - zones[i].boost : 0;
		boost = high * factor / 10000;
		if (boost && boost < mft_pageblock_pages)
			boost = mft_pageblock_pages;
		/* A boost already raised stays until kswapd balances. */
		if (boost < zones[i].boost)
			boost = zones[i].boost;
		reserve = zones[i].protection < zones[i].managed ?
			  zones[i].protection : zones[i].managed;
		pages += high + boost + reserve;
	}
	return pages * mft_page_size + slack;
}

unsigned long mft_floor_bytes(void)
{
	return mft_floor_bytes_of(false);
}

/* Holes a phase wants before squeezing: the floor, plus room to work. */
unsigned long mft_want_holes(unsigned long extra)
{
	return mft_floor_bytes() + extra;
}

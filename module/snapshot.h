/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The zone snapshot: computed when the file is read, from the kernel's own
 * zone state, with nothing added to any hot path.
 */
#ifndef MEMFRAG_SNAPSHOT_H
#define MEMFRAG_SNAPSHOT_H

#include <linux/mmzone.h>
#include <linux/nodemask.h>
#include <linux/seq_file.h>

/*
 * Every populated zone, by node and then by zone index, the order
 * /proc/buddyinfo and /proc/pagetypeinfo list them in: the one walk every
 * snapshot file is made from.
 */
struct zone *memfrag_next_populated_zone(struct zone *zone);
#define memfrag_for_each_populated_zone(zone)				\
	for ((zone) = memfrag_next_populated_zone(NULL); (zone);	\
	     (zone) = memfrag_next_populated_zone(zone))

unsigned int memfrag_count_populated_zones(void);

/*
 * Room for one read of a snapshot file: seq_file computes a file again
 * with a buffer twice the size each time its text does not fit, so a
 * snapshot taken for a buffer too small would be taken again.  A page
 * holds the keys and the sections' headers, and each populated zone's
 * rows take less than these (zones: about 0.5 KiB; pagetypes: about
 * 1 KiB, MIGRATE_TYPES rows in two sections), with room for wider numbers.
 */
#define MEMFRAG_ZONES_ZONE_BYTES	1024
#define MEMFRAG_PAGETYPES_ZONE_BYTES	1536
size_t memfrag_snapshot_buffer_size(size_t zone_bytes);

/* Writes the body of /sys/kernel/debug/memfrag/zones (after the header). */
void memfrag_snapshot_show(struct seq_file *m);
/* Writes the body of /sys/kernel/debug/memfrag/pagetypes. */
void memfrag_pagetypes_show(struct seq_file *m);

#endif /* MEMFRAG_SNAPSHOT_H */

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The migratetype of a pageblock, read the way get_pageblock_migratetype()
 * reads it, with the layout compat.h gives (MEMFRAG_PB_*): one section
 * lookup through the exported mem_section and one word read.  No lock:
 * like the kernel's reader it races only with a block changing type, and
 * READ_ONCE() makes that read whole.  Safe in any context, IRQ included.
 */
#ifndef MEMFRAG_PAGEBLOCK_H
#define MEMFRAG_PAGEBLOCK_H

#include <linux/mmzone.h>

#include "compat.h"

#if MEMFRAG_HAVE_PAGEBLOCK_MT
/* The migratetype of pfn's pageblock, or -1 if pfn has no flags. */
static __always_inline int memfrag_pageblock_migratetype(unsigned long pfn)
{
	struct mem_section *ms = __pfn_to_section(pfn);
	unsigned long bit, word;

	if (unlikely(!ms || !ms->usage))
		return -1;
	bit = ((pfn & (PAGES_PER_SECTION - 1)) >> pageblock_order) *
	      MEMFRAG_PB_BITS;
	word = READ_ONCE(section_to_usemap(ms)[bit / BITS_PER_LONG]) >>
	       (bit % BITS_PER_LONG);
	/* An isolated block keeps its type under its own bit (compat.h). */
	if (MEMFRAG_PB_ISO_MASK && (word & MEMFRAG_PB_ISO_MASK))
		return MIGRATE_ISOLATE;
	return (word >> MEMFRAG_PB_MT_SHIFT) & MEMFRAG_PB_MT_MASK;
}
#else
static __always_inline int memfrag_pageblock_migratetype(unsigned long pfn)
{
	return -1;
}
#endif

#endif /* MEMFRAG_PAGEBLOCK_H */

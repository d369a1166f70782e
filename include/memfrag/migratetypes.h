/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Migratetypes, by the names /proc/pagetypeinfo gives them.
 *
 * X(constant, name): MIGRATE_<constant> of <linux/mmzone.h>.  The first
 * list is in every kernel; the kernel has MIGRATE_CMA only with CONFIG_CMA
 * and MIGRATE_ISOLATE only with CONFIG_MEMORY_ISOLATION, so those come in
 * lists of their own.  The module builds its table by the kernel's
 * constants (designated initializers), so their values never matter here.
 */
#ifndef MEMFRAG_MIGRATETYPES_H
#define MEMFRAG_MIGRATETYPES_H

#define MEMFRAG_MIGRATETYPES_ALWAYS(X)					\
	X(UNMOVABLE, Unmovable)						\
	X(MOVABLE, Movable)						\
	X(RECLAIMABLE, Reclaimable)					\
	X(HIGHATOMIC, HighAtomic)
#define MEMFRAG_MIGRATETYPES_CMA(X)		X(CMA, CMA)
#define MEMFRAG_MIGRATETYPES_ISOLATE(X)	X(ISOLATE, Isolate)

/* Every name a file may hold, in the kernel's order. */
#define MEMFRAG_MIGRATETYPES(X)						\
	MEMFRAG_MIGRATETYPES_ALWAYS(X)					\
	MEMFRAG_MIGRATETYPES_CMA(X)					\
	MEMFRAG_MIGRATETYPES_ISOLATE(X)

#endif /* MEMFRAG_MIGRATETYPES_H */

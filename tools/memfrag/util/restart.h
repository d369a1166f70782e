/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Whether the module's counters restarted between two reads: a memfrag
 * reset, or the module reloaded.
 *
 * Status files of format 6 on say so themselves: load_id changes with
 * every load, reset_generation with every accepted write to reset
 * (include/memfrag/files.h, MEMFRAG_KEYS_RESTART).  Older files do not;
 * for them the caller's own test stands in: counters went down, or rows
 * that counted went away.  mf_restart() is the one place that decides,
 * for the interval deltas (delta.c), the recordings (recording.c) and the
 * Prometheus counters (prom_state.c).
 */
#ifndef MEMFRAG_TOOL_RESTART_H
#define MEMFRAG_TOOL_RESTART_H

#include <stdint.h>

#include "parse.h"

/* What restarted; a reload restarts the since-load counters too. */
enum mf_restart {
	MF_RESTART_NONE		= 0,
	MF_RESTART_RESET	= 1,
	MF_RESTART_RELOAD	= 2,
};

/* Which load of the module, and which reset of it, counted a read. */
struct mf_module_id {
	int known;		/* 0: a file older than format 6 */
	char load_id[24];
	uint64_t generation;	/* reset_generation */
};

/*
 * Sets id from load_id and reset_generation as a status file or a
 * recording gives them; either NULL or malformed leaves id unknown.
 */
void mf_module_id_set(struct mf_module_id *id, const char *load_id,
		      const char *generation);
/* id from a parsed status file (unknown for any other file, or NULL). */
void mf_module_id_of(struct mf_module_id *id, const struct mf_file *status);

/*
 * What restarted from the read old to the read new.  When both ids are
 * known they alone decide; otherwise went_down(ctx), the caller's test
 * of its counters, returns the enum mf_restart it sees (NULL: none).
 * old or new may be NULL: unknown.
 */
enum mf_restart mf_restart(const struct mf_module_id *old,
			   const struct mf_module_id *new,
			   enum mf_restart (*went_down)(void *ctx), void *ctx);

#endif /* MEMFRAG_TOOL_RESTART_H */

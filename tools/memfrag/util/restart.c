// SPDX-License-Identifier: GPL-2.0
/*
 * The one decision of whether the module's counters restarted.
 */
#include <stdio.h>
#include <string.h>

#include <memfrag/memfrag.h>

#include "restart.h"
#include "schema.h"
#include "util.h"

void mf_module_id_set(struct mf_module_id *id, const char *load_id,
		      const char *generation)
{
	size_t n = load_id ? strlen(load_id) : 0;

	memset(id, 0, sizeof(*id));
	if (!n || n >= sizeof(id->load_id) ||
	    strspn(load_id, "0123456789abcdef") != n || !generation ||
	    mf_parse_u64(generation, &id->generation))
		return;
	memcpy(id->load_id, load_id, n + 1);
	id->known = 1;
}

void mf_module_id_of(struct mf_module_id *id, const struct mf_file *status)
{
	if (!status || !status->name ||
	    strcmp(status->name, MEMFRAG_FILE_STATUS)) {
		memset(id, 0, sizeof(*id));
		return;
	}
	mf_module_id_set(id, mf_kv(status, MF_KEY_LOAD_ID),
			 mf_kv(status, MF_KEY_RESET_GENERATION));
}

enum mf_restart mf_restart(const struct mf_module_id *old,
			   const struct mf_module_id *new,
			   enum mf_restart (*went_down)(void *ctx), void *ctx)
{
	if (old && new && old->known && new->known) {
		if (strcmp(old->load_id, new->load_id))
			return MF_RESTART_RELOAD;
		return old->generation != new->generation ?
		       MF_RESTART_RESET : MF_RESTART_NONE;
	}
	return went_down ? went_down(ctx) : MF_RESTART_NONE;
}

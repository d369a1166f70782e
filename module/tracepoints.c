// SPDX-License-Identifier: GPL-2.0
/*
 * Finding memfrag's tracepoints by name, attaching probes to them, and
 * detaching them again.
 *
 * The compaction and kmem tracepoints are not exported to modules, so they
 * are looked up among the core kernel's tracepoints with
 * for_each_kernel_tracepoint() and attached with tracepoint_probe_register().
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/printk.h>
#include <linux/string.h>
#include <linux/tracepoint.h>

#include "sections.h"
#include "tracepoints.h"

DEFINE_PER_CPU(struct memfrag_tp_hits, memfrag_tp_hits);

enum memfrag_tp_state {
	MEMFRAG_TP_MISSING,	/* this kernel does not have it */
	MEMFRAG_TP_DISABLED,	/* named in the disable= parameter */
	MEMFRAG_TP_FAILED,	/* tracepoint_probe_register() refused */
	MEMFRAG_TP_ATTACHED,
};

static const char * const memfrag_tp_state_names[] = {
	[MEMFRAG_TP_MISSING]	= "missing",
	[MEMFRAG_TP_DISABLED]	= "disabled",
	[MEMFRAG_TP_FAILED]	= "failed",	/* a state, not a column name */
	[MEMFRAG_TP_ATTACHED]	= "attached",
};

struct memfrag_tp_slot {
	struct tracepoint *tp;
	enum memfrag_tp_state state;
	int err;
};

/* Written only at load and unload, read by the status file in between. */
static struct memfrag_tp_slot memfrag_tp_slots[MEMFRAG_NR_TP];

static void memfrag_tp_lookup(struct tracepoint *tp, void *priv)
{
	int i;

	for (i = 0; i < MEMFRAG_NR_TP; i++) {
		/* A probe the headers lack cannot be attached, found or not. */
		if (memfrag_probe_descs[i].probe &&
		    !strcmp(tp->name, memfrag_probe_descs[i].name))
			memfrag_tp_slots[i].tp = tp;
	}
}

/* Is name (length len) one of memfrag's tracepoints? Returns its id or -1. */
static int memfrag_tp_find(const char *name, size_t len)
{
	int i;

	for (i = 0; i < MEMFRAG_NR_TP; i++) {
		const char *known = memfrag_probe_descs[i].name;

		if (strlen(known) == len && !strncmp(known, name, len))
			return i;
	}
	return -1;
}

/*
 * Tracepoints whose probes only make sense together: disable= takes both
 * or neither.
 */
static const enum memfrag_tp_id memfrag_tp_pairs[][2] = {
	/* A run is timed from its begin to its end. */
	{ MEMFRAG_TP_BEGIN, MEMFRAG_TP_END },
	/*
	 * kcompactd's runs are told apart from proactive ones by what woke
	 * it: kcompactd_wake after a wakeup, kcompactd_sleep's timeout
	 * otherwise.
	 */
	{ MEMFRAG_TP_KCOMPACTD_WAKE, MEMFRAG_TP_KCOMPACTD_SLEEP },
};

/*
 * disable= holds a comma-separated list of tracepoint names.  An unknown
 * name is an error, so that a typo never silently leaves a probe attached.
 */
static int memfrag_apply_disable_list(const char *list)
{
	const char *p = list;
	unsigned int i;

	while (p && *p) {
		size_t len = strcspn(p, ",");
		int id;

		if (len) {
			id = memfrag_tp_find(p, len);
			if (id < 0) {
				pr_err("disable=: unknown tracepoint '%.*s'\n",
				       (int)len, p);
				return -EINVAL;
			}
			memfrag_tp_slots[id].state = MEMFRAG_TP_DISABLED;
		}
		p += len;
		if (*p == ',')
			p++;
	}
	for (i = 0; i < ARRAY_SIZE(memfrag_tp_pairs); i++) {
		const enum memfrag_tp_id *pair = memfrag_tp_pairs[i];

		if ((memfrag_tp_slots[pair[0]].state == MEMFRAG_TP_DISABLED) ==
		    (memfrag_tp_slots[pair[1]].state == MEMFRAG_TP_DISABLED))
			continue;
		pr_err("disable=: %s and %s go together: disable both or neither\n",
		       memfrag_probe_descs[pair[0]].name,
		       memfrag_probe_descs[pair[1]].name);
		return -EINVAL;
	}
	return 0;
}

/* Log the names of the tracepoints in the given state, on one line. */
static void memfrag_log_state(enum memfrag_tp_state state, bool compaction_only)
{
	char line[512];
	size_t used = 0;
	int i;

	line[0] = '\0';
	for (i = 0; i < MEMFRAG_NR_TP; i++) {
		if (memfrag_tp_slots[i].state != state)
			continue;
		if (compaction_only &&
		    strcmp(memfrag_probe_descs[i].system, "compaction"))
			continue;
		used += scnprintf(line + used, sizeof(line) - used, " %s:%s",
				  memfrag_probe_descs[i].system,
				  memfrag_probe_descs[i].name);
	}
	if (used)
		pr_info("%s:%s\n", memfrag_tp_state_names[state], line);
}

static void memfrag_detach_attached(void)
{
	int i;

	for (i = 0; i < MEMFRAG_NR_TP; i++) {
		struct memfrag_tp_slot *slot = &memfrag_tp_slots[i];

		if (slot->state != MEMFRAG_TP_ATTACHED)
			continue;
		WARN_ON_ONCE(tracepoint_probe_unregister(slot->tp,
				memfrag_probe_descs[i].probe, NULL));
		slot->state = MEMFRAG_TP_MISSING;
	}
	/* Wait for every probe still running on another CPU to return. */
	tracepoint_synchronize_unregister();
}

/* Attaches tracepoint i unless it is disabled or missing. */
static void memfrag_attach_one(int i)
{
	struct memfrag_tp_slot *slot = &memfrag_tp_slots[i];
	const struct memfrag_probe_desc *desc = &memfrag_probe_descs[i];
	int err;

	if (slot->state == MEMFRAG_TP_DISABLED)
		return;
	if (!slot->tp) {
		slot->state = MEMFRAG_TP_MISSING;
		return;
	}
	err = tracepoint_probe_register(slot->tp, desc->probe, NULL);
	if (err) {
		slot->state = MEMFRAG_TP_FAILED;
		slot->err = err;
		pr_warn("%s:%s: attaching failed: %d\n", desc->system,
			desc->name, err);
		return;
	}
	slot->state = MEMFRAG_TP_ATTACHED;
}

int memfrag_tracepoints_attach(const char *disable_list)
{
	unsigned int attached = 0, compaction_attached = 0;
	int i, err;

	memset(memfrag_tp_slots, 0, sizeof(memfrag_tp_slots));
	err = memfrag_apply_disable_list(disable_list);
	if (err)
		return err;

	for_each_kernel_tracepoint(memfrag_tp_lookup, NULL);

	/*
	 * End is attached before begin, and begin only if end is: a begin
	 * whose end is never seen would hold its run slot until it is taken
	 * back as stale.
	 */
	memfrag_attach_one(MEMFRAG_TP_END);
	for (i = 0; i < MEMFRAG_NR_TP; i++) {
		struct memfrag_tp_slot *slot = &memfrag_tp_slots[i];

		if (i == MEMFRAG_TP_END)
			continue;
		if (i == MEMFRAG_TP_BEGIN &&
		    memfrag_tp_slots[MEMFRAG_TP_END].state != MEMFRAG_TP_ATTACHED &&
		    slot->state != MEMFRAG_TP_DISABLED) {
			slot->state = MEMFRAG_TP_FAILED;
			slot->err = -ENOENT;
			pr_warn("%s: not attached, because %s is not\n",
				memfrag_probe_descs[i].name,
				memfrag_probe_descs[MEMFRAG_TP_END].name);
			continue;
		}
		memfrag_attach_one(i);
	}
	for (i = 0; i < MEMFRAG_NR_TP; i++) {
		if (memfrag_tp_slots[i].state != MEMFRAG_TP_ATTACHED)
			continue;
		attached++;
		if (!strcmp(memfrag_probe_descs[i].system, "compaction"))
			compaction_attached++;
	}

	if (!compaction_attached) {
		pr_err("no compaction tracepoint could be attached; this kernel needs CONFIG_COMPACTION=y and CONFIG_TRACEPOINTS=y\n");
		memfrag_log_state(MEMFRAG_TP_MISSING, true);
		memfrag_log_state(MEMFRAG_TP_DISABLED, true);
		memfrag_log_state(MEMFRAG_TP_FAILED, true);
		memfrag_detach_attached();
		return -ENODEV;
	}

	pr_info("attached %u of %u tracepoints\n", attached, MEMFRAG_NR_TP);
	memfrag_log_state(MEMFRAG_TP_MISSING, false);
	memfrag_log_state(MEMFRAG_TP_DISABLED, false);
	memfrag_log_state(MEMFRAG_TP_FAILED, false);
	return 0;
}

void memfrag_tracepoints_detach(void)
{
	memfrag_detach_attached();
}

static u64 memfrag_tp_hits_sum(enum memfrag_tp_id id)
{
	u64 sum = 0;
	int cpu;

	for_each_possible_cpu(cpu)
		sum += READ_ONCE(per_cpu(memfrag_tp_hits, cpu).count[id]);
	return sum;
}

void memfrag_tracepoints_show(struct seq_file *m)
{
	unsigned int nr[ARRAY_SIZE(memfrag_tp_state_names)] = { 0 };
	int i;

	for (i = 0; i < MEMFRAG_NR_TP; i++)
		nr[memfrag_tp_slots[i].state]++;
	seq_printf(m, "tracepoints: %d known, %u attached, %u missing, %u disabled, %u failed\n",
		   MEMFRAG_NR_TP, nr[MEMFRAG_TP_ATTACHED],
		   nr[MEMFRAG_TP_MISSING], nr[MEMFRAG_TP_DISABLED],
		   nr[MEMFRAG_TP_FAILED]);

	MEMFRAG_SHOW_SECTION(m, probes);
	for (i = 0; i < MEMFRAG_NR_TP; i++) {
		const struct memfrag_probe_desc *desc = &memfrag_probe_descs[i];
		const struct memfrag_tp_slot *slot = &memfrag_tp_slots[i];
		struct memfrag_row row = MEMFRAG_ROW(m, probes);
		char name[64];

		snprintf(name, sizeof(name), "%s:%s", desc->system, desc->name);
		memfrag_cell_str(&row, name);
		memfrag_cell_str(&row, memfrag_tp_state_names[slot->state]);
		memfrag_cell_u64(&row, memfrag_tp_hits_sum(i));
		/* A failed probe's errno ends its row, in no column. */
		if (slot->state == MEMFRAG_TP_FAILED)
			seq_printf(m, " error=%d", slot->err);
		memfrag_row_end(&row);
	}
}

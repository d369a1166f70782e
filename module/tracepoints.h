/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The tracepoints memfrag attaches to, and the state of each attachment.
 */
#ifndef MEMFRAG_TRACEPOINTS_H
#define MEMFRAG_TRACEPOINTS_H

#include <linux/percpu.h>
#include <linux/seq_file.h>
#include <linux/types.h>

#include <memfrag/memfrag.h>

/* enum memfrag_tp_id comes from the list in include/memfrag/tracepoints.h. */
/*
 * What memfrag wants to attach: built from the probes this kernel's
 * headers allow (probes.c).  probe is NULL when the headers memfrag was
 * built against do not declare the tracepoint at all.
 */
struct memfrag_probe_desc {
	const char *system;
	const char *name;
	void *probe;
};

extern const struct memfrag_probe_desc memfrag_probe_descs[MEMFRAG_NR_TP];

/*
 * Hits per tracepoint since load, one slot per CPU.  Exact: every call the
 * kernel makes into an attached probe increments its CPU's slot, and
 * readers sum all slots.
 */
struct memfrag_tp_hits {
	u64 count[MEMFRAG_NR_TP];
};

DECLARE_PER_CPU(struct memfrag_tp_hits, memfrag_tp_hits);

static __always_inline void memfrag_count_hit(enum memfrag_tp_id id)
{
	this_cpu_inc(memfrag_tp_hits.count[id]);
}

int memfrag_tracepoints_attach(const char *disable_list);
void memfrag_tracepoints_detach(void);
void memfrag_tracepoints_show(struct seq_file *m);

#endif /* MEMFRAG_TRACEPOINTS_H */

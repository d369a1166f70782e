/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The tracepoints memfrag attaches to, and the state of each attachment.
 */
#ifndef MEMFRAG_TRACEPOINTS_H
#define MEMFRAG_TRACEPOINTS_H

#include <linux/percpu.h>
#include <linux/seq_file.h>
#include <linux/types.h>

enum memfrag_tp_id {
	MEMFRAG_TP_ISOLATE_MIGRATEPAGES,
	MEMFRAG_TP_ISOLATE_FREEPAGES,
	MEMFRAG_TP_FAST_ISOLATE_FREEPAGES,
	MEMFRAG_TP_MIGRATEPAGES,
	MEMFRAG_TP_BEGIN,
	MEMFRAG_TP_END,
	MEMFRAG_TP_TRY_TO_COMPACT_PAGES,
	MEMFRAG_TP_FINISHED,
	MEMFRAG_TP_SUITABLE,
	MEMFRAG_TP_DEFERRED,
	MEMFRAG_TP_DEFER_COMPACTION,
	MEMFRAG_TP_DEFER_RESET,
	MEMFRAG_TP_KCOMPACTD_SLEEP,
	MEMFRAG_TP_WAKEUP_KCOMPACTD,
	MEMFRAG_TP_KCOMPACTD_WAKE,
	MEMFRAG_TP_PAGE_ALLOC_EXTFRAG,
	MEMFRAG_NR_TP
};

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

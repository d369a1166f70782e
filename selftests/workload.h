/* SPDX-License-Identifier: GPL-2.0 */
/*
 * memfrag_workload's shared state and machinery: messages and the phase
 * summary, the free-memory floor, the settings it restores at exit, the
 * fragmented region and the hugetlb pool that squeezes free memory.
 */
#ifndef MFT_WORKLOAD_H
#define MFT_WORKLOAD_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>

#include "kselftest.h"
#include "lib_proc.h"
#include "lib_workload.h"

#define PROG			"memfrag_workload"

#define KIB			1024UL
#define MIB			(1024UL * 1024UL)

#define SCALE_DEFAULT		50

#define PROC_VM			"/proc/sys/vm/"
#define NR_HUGEPAGES		MF_NR_HUGEPAGES
#define COMPACT_MEMORY		PROC_VM "compact_memory"
#define PROACTIVENESS		MF_PROACTIVENESS
#define BOOST_FACTOR		MF_BOOST_FACTOR
#define EXTFRAG_THRESHOLD	MF_EXTFRAG_THRESHOLD
#define LOWMEM_RESERVE_RATIO	MF_LOWMEM_RESERVE_RATIO
#define NODE_DIR		"/sys/devices/system/node"
#define THP_DIR			"/sys/kernel/mm/transparent_hugepage"
#define THP_ENABLED		MF_THP_ENABLED
#define THP_DEFRAG		MF_THP_DEFRAG
#define THP_PMD_SIZE		THP_DIR "/hpage_pmd_size"

/* The options, and the sizes the workload learns at start. */
extern int mft_scale;
extern int mft_verbose;
extern int mft_tasks;			/* parallel's tasks, 0: one per CPU */
extern sig_atomic_t mft_stop_requested;
extern size_t mft_page_size;
extern unsigned long mft_mem_total;	/* bytes */
extern unsigned long mft_mem_avail0;	/* MemAvailable at start, bytes */
extern unsigned long mft_hp_size;	/* hugetlb page size, 0 if none */
extern int mft_hp_order;		/* order of hp_size (or of PMD) */
extern unsigned long mft_pmd_size;	/* THP size, 0 if no THP */
extern bool mft_keep_pool;		/* the next phase squeezes too */
extern unsigned long mft_pipe_size;	/* bytes a default pipe holds */
extern unsigned long mft_pageblock_pages; /* 0 if pagetypeinfo says not */

/* Set by SIGINT/SIGTERM/SIGHUP: the phases stop early, then clean up. */
int mft_stopping(void);

/* A phase's one-line summary. */
struct mft_sbuf {
	char buf[768];
	size_t len;
};

/* Appends to the summary, "; " between parts. */
void mft_sb_add(struct mft_sbuf *sb, const char *fmt, ...) __printf(2, 3);
/* With --verbose: "# " and the message on stdout. */
void mft_vmsg(const char *fmt, ...) __printf(1, 2);
/* The program's name and the message on stderr. */
void mft_warnmsg(const char *fmt, ...) __printf(1, 2);
long long mft_now_ms(void);
/* Sleeps ms (resumed after a signal, unless it asks to stop). */
void mft_sleep_ms(long ms);
unsigned long mft_mib(unsigned long bytes);
bool mft_exists(const char *path);

/* Free memory (workload_memory.c). */
void mft_buddy_add(const char *p, unsigned long *large, unsigned long *small);
int mft_buddy_free(unsigned long *large, unsigned long *small);
unsigned long mft_unmovable_free(void);
unsigned long mft_floor_bytes_of(bool boosted);
unsigned long mft_floor_bytes(void);
unsigned long mft_want_holes(unsigned long extra);

/* The settings it changes (workload_settings.c). */
struct mft_setting {
	char path[128];
	char orig[64];
	bool active;
};

struct mft_setting *mft_setting_find(const char *path);
int mft_setting_save(const char *path);
int mft_setting_set(const char *path, const char *val);
int mft_setting_restore(struct mft_setting *s);
void mft_settings_restore_all(void);

/* The fragmented region (workload_region.c). */
int mft_populate(char *p, size_t len);
void mft_frag_release(void);
int mft_frag_build(struct mft_sbuf *sb, unsigned int every);
int mft_ensure_fragmented(const char *phase, unsigned long want);

/* The hugetlb pool (workload_pool.c). */
long mft_pool_get(void);
long mft_pool_set(long n);
void mft_pool_release(void);
void mft_pool_give_back(unsigned long bytes);
void mft_pool_shrink(unsigned long want);
bool mft_pool_room(long n);
long mft_pool_squeeze(const char **why);
void mft_pool_done(struct mft_sbuf *sb);
int mft_squeeze_report(struct mft_sbuf *sb);

/*
 * The phases: each adds its summary to sb; 0 or -errno.  fragment is in
 * workload_region.c; manual, direct, parallel, unsuitable, kcompactd,
 * proactive and rescan in workload_compact.c; extfrag and steal in
 * workload_fallback.c.
 */
int mft_phase_fragment(struct mft_sbuf *sb);
int mft_phase_manual(struct mft_sbuf *sb);
int mft_phase_direct(struct mft_sbuf *sb);
int mft_phase_parallel(struct mft_sbuf *sb);
int mft_phase_unsuitable(struct mft_sbuf *sb);
int mft_phase_kcompactd(struct mft_sbuf *sb);
int mft_phase_proactive(struct mft_sbuf *sb);
int mft_phase_extfrag(struct mft_sbuf *sb);
int mft_phase_steal(struct mft_sbuf *sb);
int mft_phase_rescan(struct mft_sbuf *sb);

#endif /* MFT_WORKLOAD_H */

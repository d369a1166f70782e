/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A recording (memfrag record), JSON Lines, one object per line with a
 * "type":
 *   header    first: "memfrag_recording", recording_format, tool_version,
 *             the module's version and format, kernel, host, started
 *             (UTC), unix, interval, duration, max_bytes, events (whether
 *             the events file was read), files, zones and nodes
 *   snapshot  n, t (seconds since the start, monotonic), unix, and files:
 *             each file as the views' JSON has it (version, format, its
 *             keys and sections)
 *   events    t, dropped (records the module lost since the last such
 *             line) and lines: the events file's records, as written
 *   end       last: t, reason (duration, count, interrupted, terminated,
 *             size_limit, error), snapshots, events, dropped,
 *             stack_lines, cpu_seconds (cpu_system_seconds of them in
 *             the kernel), bytes
 * recording.schema.json is their JSON Schema (and compare's -j output's).
 * mf_rec_read() reads one back into the series plot and compare draw.
 */
#ifndef MEMFRAG_TOOL_RECORDING_H
#define MEMFRAG_TOOL_RECORDING_H

#include <stddef.h>

#include <memfrag/memfrag.h>

#include "restart.h"
#include "util.h"

#define MF_REC_MAGIC		"memfrag_recording"
#define MF_REC_FORMAT		1
#define MF_STR_(x)		#x
#define MF_STR(x)		MF_STR_(x)
#define MF_REC_FORMAT_S		MF_STR(MF_REC_FORMAT)
#define MF_REC_DEFAULT_MIB	64
/* The longest line the reader accepts. */
#define MF_REC_MAX_LINE		(16u << 20)

/* The files a snapshot holds: MF_REC_<id> indexes them. */
#define MF_REC_FILES(X)							\
	X(STATUS, MEMFRAG_FILE_STATUS) X(COMPACTION, MEMFRAG_FILE_COMPACTION) \
	X(LATENCY, MEMFRAG_FILE_LATENCY) X(DIRECT, MEMFRAG_FILE_DIRECT)	\
	X(KCOMPACTD, MEMFRAG_FILE_KCOMPACTD)				\
	X(MIGRATION, MEMFRAG_FILE_MIGRATION)				\
	X(EXTFRAG, MEMFRAG_FILE_EXTFRAG) X(ZONES, MEMFRAG_FILE_ZONES)
#define MF_REC_FILE_ENUM_(id, name)	MF_REC_##id,
#define MF_REC_FILE_NAME_(id, name)	name,
enum { MF_REC_FILES(MF_REC_FILE_ENUM_) MF_REC_NR_FILES };

/* Bounds of what a recording may hold (more is an error, not a crop). */
#define MF_REC_MAX_ZONES	64
#define MF_REC_MAX_ORDERS	16
#define MF_REC_NBUCKETS		65	/* log2 latency buckets: 0, 1 .. 64 */
#define MF_REC_NTRIG		MEMFRAG_NR_TRIGGERS
#define MF_REC_NRES		MEMFRAG_NR_RESULTS
#define MF_REC_NMT		8	/* migratetypes */
#define MF_REC_MAX_SNAPSHOTS	1000000

struct mf_rec_zone {
	int node;
	char name[32];
	unsigned long long managed;
	unsigned long long present;	/* 0 when the header lacks it */
};

/*
 * One record of the events file (Documentation/memfrag.rst), as an events
 * line of the recording holds it: one compaction run.
 */
struct mf_rec_event {
	double t;		/* seconds since the start (see ev_t_bound) */
	unsigned long long ts_ns;	/* the kernel's, monotonic */
	double lat_ns;		/* -1: unknown */
	double fragindex;	/* -1: a free block existed; -2: unknown */
	long pid;
	int zone;		/* the header's order */
	int order;		/* -1: whole zone, -2: unknown */
	unsigned int trigger, result;
	int sync;		/* mode: 1 sync, 0 async, -1 unknown */
	char comm[32];
};

/*
 * What mf_rec_read_opts() accepts beyond mf_rec_read(): a recording cut
 * short (no end line, a half-written last line) read up to its last
 * whole line, and a filter of the rows counted (match returns 0 for a row
 * to leave out; node -1, zone or trigger NULL where a row has none).
 */
struct mf_rec_opts {
	int allow_cut;
	int (*match)(const void *arg, long long node, const char *zone,
		     const char *trigger);
	const void *arg;
};

/* One snapshot, reduced to what the pictures and the comparison use. */
struct mf_rec_snap {
	double t, unix_time;
	/* counters since load or reset, summed over zones */
	double runs[MF_REC_NTRIG][MF_REC_NRES];
	double lat[MF_REC_NTRIG][MF_REC_NBUCKETS];
	double total_us[MF_REC_NTRIG], timed[MF_REC_NTRIG];
	double fallbacks[MF_REC_NMT][MF_REC_NMT];
	double fragmenting[MF_REC_NMT][MF_REC_NMT];
	double claimed[MF_REC_NMT][MF_REC_NMT];
	double stolen[MF_REC_NMT][MF_REC_NMT];
	/* direct compaction's requests, and those a deferral skipped */
	double requests, deferred;
	/* gauges, per zone (the header's order) */
	double free_blocks[MF_REC_MAX_ZONES][MF_REC_MAX_ORDERS];
	double unusable[MF_REC_MAX_ZONES][MF_REC_MAX_ORDERS];
	double score[MF_REC_MAX_ZONES];
	double score_low, score_high;	/* -1: unknown */
	double proactiveness;		/* -1: unknown */
	int reset;	/* counters restarted since the last snapshot */
	struct mf_module_id module;	/* status's ids (format 6 on) */
};

struct mf_recording {
	const char *path;
	struct mf_arena arena;
	/* the header */
	const char *version, *tool_version, *kernel, *host, *started;
	long long format;
	double interval, duration;
	int has_events;
	unsigned int nzones;
	struct mf_rec_zone zones[MF_REC_MAX_ZONES];
	unsigned int norders;
	int score_order;
	int pageblock_order;
	/*
	 * The size of the pages the recording counts, from its snapshots'
	 * page_size; MF_PAGE_SIZE_OLD (util.h) and page_size_known 0 when
	 * its module's format predates the key.
	 */
	unsigned long long page_size;
	int page_size_known;
	/* claimed/stolen sections present in extfrag */
	int has_claim;
	/* the snapshots */
	unsigned int nsnap, capsnap;
	struct mf_rec_snap *snap;
	/* events and the end line */
	unsigned long long events, dropped;
	double event_lat_ns_total;
	const char *reason;
	double end_t, cpu_seconds;
	/*
	 * Read by mf_rec_read_opts() only.  The events' records; their t is
	 * placed from the time of the line that read them (records end at
	 * or before it), so ev_t_bound is how much earlier a run may have
	 * ended than drawn (the longest gap between two reads).
	 */
	unsigned int nev, capev;
	struct mf_rec_event *ev;
	double ev_t_bound;
	/* records of events lines that are no run (dropped notes, stacks) */
	unsigned long long ev_other;
	/* zones a filter of mf_rec_opts left out */
	unsigned char zone_out[MF_REC_MAX_ZONES];
	int filtered;
	/* cut short (allow_cut): at time cut_t, why */
	int cut;
	double cut_t;
	const char *cut_why;
};

/*
 * Reads path; returns 0, or an exit status with err saying what is wrong
 * and on which line (MF_EXIT_MALFORMED, MF_EXIT_VERSION for a recording
 * format this tool does not read, MF_EXIT_NO_FILE).
 */
int mf_rec_read(struct mf_recording *rec, const char *path,
		struct mf_error *err);
/* The same with opts (NULL: none) and path "-" for stdin; gzip'd or not. */
int mf_rec_read_opts(struct mf_recording *rec, const char *path,
		     const struct mf_rec_opts *opts, struct mf_error *err);
/* The same from memory (the fuzzer's entry). */
int mf_rec_parse(struct mf_recording *rec, const char *path,
		 const char *data, size_t len, struct mf_error *err);
void mf_rec_release(struct mf_recording *rec);

/* Seconds the recording covers: from the first snapshot to the last. */
double mf_rec_span(const struct mf_recording *rec);
/*
 * What a counter (a member of struct mf_rec_snap, e.g. lat[t][b]) grew by
 * from snapshot i - 1 to i (i >= 1): after a reset, its new value.
 */
#define MF_REC_GREW(rec, i, member)					\
	mf_rec_grew((rec)->snap[(i) - 1].member, (rec)->snap[i].member,	\
		    (rec)->snap[i].reset)
double mf_rec_grew(double old, double new, int reset);
/*
 * The counters' growth from snapshot from to snapshot to (from < to),
 * interval by interval (MF_REC_GREW), into sum's counters; sum->t is the
 * seconds between them and its gauges are zero.
 */
void mf_rec_sum(const struct mf_recording *rec, unsigned int from,
		unsigned int to, struct mf_rec_snap *sum);
/* The number of migratetypes named (mf_migratetype_names). */
unsigned int mf_rec_nmt(void);

#endif /* MEMFRAG_TOOL_RECORDING_H */

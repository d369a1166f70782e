/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The module's counters, histograms and zones snapshot in Prometheus's
 * text exposition format, for memfrag prometheus (builtin-prometheus.c:
 * the options, the output and the -i loop).
 *
 * One scrape is a list of samples (prom_series.c builds it from the
 * parsed files, by include/memfrag/metrics.h); the state (prom_state.c)
 * keeps counters going up across a memfrag reset; prom_write.c writes a
 * scrape's text, and files atomically.
 */
#ifndef MEMFRAG_TOOL_PROM_H
#define MEMFRAG_TOOL_PROM_H

#include <stdint.h>
#include <stdio.h>

#include "parse.h"
#include "restart.h"
#include "source.h"
#include "util.h"

struct mf_prom_metric {
	char *name;		/* memfrag_..., with _total for a counter */
	const char *help;
	const char *type;	/* "counter", "gauge", "histogram" */
};

struct mf_prom_sample {
	unsigned int metric;	/* index in mf_prom.metrics */
	unsigned int seq;	/* order of addition, for a stable sort */
	char *series;		/* name[_bucket|_sum|_count]{labels} */
	int counter;		/* value is raw + offset, over divisor */
	uint64_t raw, offset;
	unsigned long divisor;	/* 1, or a power of ten */
	const char *text;	/* a gauge's value, as the module printed it */
};

/* One scrape: its metrics and samples, freed together. */
struct mf_prom {
	struct mf_arena arena;
	struct mf_prom_metric *metrics;
	unsigned int nmetrics, mcap;
	struct mf_prom_sample *samples;
	unsigned int nsamples, scap;
	struct mf_module_id module;	/* from the status file read */
};

void mf_prom_init(struct mf_prom *p);
void mf_prom_free(struct mf_prom *p);
/* The index of metric name, registered with type and help if new. */
unsigned int mf_prom_metric(struct mf_prom *p, const char *name,
			    const char *type, const char *help);
/* Adds a sample of metric m; series is copied. */
struct mf_prom_sample *mf_prom_add(struct mf_prom *p, unsigned int m,
				   const char *series);
/*
 * Adds the samples of files[0 .. n), parsed and validated files of one
 * moment.  Returns 0 or an mf_exit status with err set.
 */
int mf_prom_collect(struct mf_prom *p, struct mf_file *files, unsigned int n,
		    struct mf_error *err);
/*
 * The metric of a column of the module's files ("_total" for a counter),
 * and *divisor, the column's unit over the metric's.
 */
unsigned int mf_prom_column_metric(struct mf_prom *p, const char *file,
				   const char *section, const char *column,
				   int counter, unsigned long *divisor);
/* The label a column becomes (MEMFRAG_METRIC_LABELS renames some). */
const char *mf_prom_label_name(const char *column);
/* Appends name="value" (escaped) to the label list in buf. */
void mf_prom_label(char *buf, size_t size, const char *name,
		   const char *value);
/* A counter sample of metric m: name, suffix, {labels}; raw / divisor. */
void mf_prom_counter(struct mf_prom *p, unsigned int m, const char *suffix,
		     const char *labels, uint64_t raw, unsigned long divisor);
/*
 * Zeros for the bounded label combinations files[0 .. n) do not print
 * (prom_zeros.c), so that every zone has every series of them.
 */
void mf_prom_zeros(struct mf_prom *p, const struct mf_file *files,
		   unsigned int n);
/* v / divisor (a power of ten) as an exact decimal: "0.000256", "3". */
void mf_prom_decimal(char *buf, size_t size, uint64_t v,
		     unsigned long divisor);
/* The exposition text: every metric with samples, HELP and TYPE first. */
void mf_prom_write(struct mf_prom *p, FILE *out);

/*
 * Counters that continue across resets.  A reset (memfrag reset, or the
 * module reloaded) is told by mf_restart(): status's load_id and
 * reset_generation, or for older modules a counter below its last value,
 * or one that vanished.  Every counter it cleared then keeps its last
 * value as an offset, and exports offset + what the module says from then
 * on.
 */
struct mf_prom_entry {
	char *series;
	char *metric;
	uint64_t last, offset;
	unsigned long divisor;
};

struct mf_prom_state {
	struct mf_prom_entry *e;	/* sorted by series */
	unsigned int n;
	uint64_t resets;
	char boot_id[64];
	struct mf_module_id module;	/* of the last scrape */
};

/* Loads path into s; a missing file is an empty state. */
int mf_prom_state_load(struct mf_prom_state *s, const char *path,
		       struct mf_error *err);
int mf_prom_state_save(const struct mf_prom_state *s, const char *path,
		       struct mf_error *err);
/*
 * Applies s to the counters of p (offsets, series the module no longer
 * shows, memfrag_resets_total) and makes s the state after p.
 */
void mf_prom_state_apply(struct mf_prom_state *s, struct mf_prom *p);
void mf_prom_state_free(struct mf_prom_state *s);

/* Writes data to dir/name through a temporary file in dir and rename(). */
int mf_prom_write_atomic(const char *dir, const char *name, const char *data,
			 size_t len, struct mf_error *err);

#endif /* MEMFRAG_TOOL_PROM_H */

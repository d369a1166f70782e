// SPDX-License-Identifier: GPL-2.0
/*
 * Counters that never go backwards across a memfrag reset.
 *
 * The module's counters restart from zero on `memfrag reset` and when it
 * is reloaded (the tracepoint hits and lost event records only then: they
 * count since load); Prometheus counters must not.  The exporter remembers each
 * counter's last value and status's load_id and reset_generation (in
 * memory with -i, in a --state file between runs of a timer).  When
 * mf_restart() says the module was reset or reloaded (from those ids; for
 * a module without them, from a counter below its last value, or one
 * that was non-zero and is gone: the module prints no zero rows), every
 * counter it cleared (all of them after a reload; for a module without
 * ids, a reload is a since-load counter going down) keeps its last value
 * as an offset and exports offset + the module's value from then on, and
 * memfrag_resets_total goes up by one.  What was counted between the last export and the reset
 * is lost: that is the one thing the offsets cannot know.  A new boot
 * (another /proc/sys/kernel/random/boot_id) starts from zero, as every
 * counter of a rebooted machine does.
 *
 * The state file: "memfrag-prometheus-state 2", "boot_id ID",
 * "resets N", "module LOAD_ID GENERATION" (or "module unknown"), then one
 * line per counter: "LAST OFFSET DIVISOR METRIC SERIES".  Version 1, the
 * same without the module line, is read too.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <memfrag/metrics.h>

#include "prom.h"

#define MF_STATE_MAGIC	"memfrag-prometheus-state 2"
#define MF_STATE_MAGIC_1	"memfrag-prometheus-state 1"
#define MF_BOOT_ID	"/proc/sys/kernel/random/boot_id"
/* More counters than memfrag can have on any machine: a corrupt file. */
#define MF_STATE_MAX	(1u << 22)

static void mf_boot_id(char *buf, size_t size)
{
	FILE *f = fopen(MF_BOOT_ID, "re");

	if (!f || !fgets(buf, (int)size, f))
		snprintf(buf, size, "unknown");
	if (f)
		fclose(f);
	buf[strcspn(buf, "\n")] = '\0';
}

void mf_prom_state_free(struct mf_prom_state *s)
{
	unsigned int i;

	for (i = 0; i < s->n; i++) {
		free(s->e[i].series);
		free(s->e[i].metric);
	}
	free(s->e);
	s->e = NULL;
	s->n = 0;
}

static int mf_entry_cmp(const void *a, const void *b)
{
	return strcmp(((const struct mf_prom_entry *)a)->series,
		      ((const struct mf_prom_entry *)b)->series);
}

static struct mf_prom_entry *mf_state_find(const struct mf_prom_state *s,
					   const char *series)
{
	struct mf_prom_entry key = { .series = (char *)series };

	return s->n ? bsearch(&key, s->e, s->n, sizeof(*s->e), mf_entry_cmp) :
		      NULL;
}

static char *mf_xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;

	return memcpy(mf_xmalloc(n), s, n);
}

static int mf_state_bad(struct mf_prom_state *s, const char *path,
			unsigned int line, struct mf_error *err)
{
	mf_prom_state_free(s);
	return mf_fail(err, MF_EXIT_MALFORMED,
		       "%s: line %u is not a memfrag prometheus state line (remove the file to start the counters again)",
		       path, line);
}

/* "module LOAD_ID GENERATION" or "module unknown" into id; 0 or -1. */
static int mf_state_module(const char *line, struct mf_module_id *id)
{
	char load_id[32], gen[32];

	memset(id, 0, sizeof(*id));
	if (!strcmp(line, "module unknown\n"))
		return 0;
	if (sscanf(line, "module %31s %31s", load_id, gen) != 2)
		return -1;
	mf_module_id_set(id, load_id, gen);
	return id->known ? 0 : -1;
}

int mf_prom_state_load(struct mf_prom_state *s, const char *path,
		       struct mf_error *err)
{
	char line[2048], metric[256], series[1536];
	unsigned long long last, offset;
	unsigned long divisor;
	struct mf_prom_entry *e;
	unsigned int n = 0, cap = 0;
	unsigned int version = 0;
	FILE *f;

	memset(s, 0, sizeof(*s));
	f = fopen(path, "re");
	if (!f) {
		if (errno == ENOENT)
			return 0;
		return mf_fail(err, MF_EXIT_ERROR, "cannot read %s: %s", path,
			       strerror(errno));
	}
	while (fgets(line, sizeof(line), f)) {
		n++;
		if (n == 1)
			version = !strcmp(line, MF_STATE_MAGIC "\n") ? 2 :
				  !strcmp(line, MF_STATE_MAGIC_1 "\n") ? 1 : 0;
		if (!strchr(line, '\n') || !version ||
		    (n == 2 && sscanf(line, "boot_id %63s", s->boot_id) != 1) ||
		    (n == 3 && sscanf(line, "resets %llu", &last) != 1) ||
		    (n == 4 && version == 2 &&
		     mf_state_module(line, &s->module))) {
			fclose(f);
			return mf_state_bad(s, path, n, err);
		}
		if (n == 3)
			s->resets = last;
		if (n <= 2 + version)
			continue;
		if (sscanf(line, "%llu %llu %lu %255s %1535s", &last, &offset,
			   &divisor, metric, series) != 5 || !divisor ||
		    s->n >= MF_STATE_MAX) {
			fclose(f);
			return mf_state_bad(s, path, n, err);
		}
		if (s->n == cap) {
			cap = cap ? 2 * cap : 256;
			s->e = mf_xrealloc(s->e, cap * sizeof(*s->e));
		}
		e = &s->e[s->n++];
		e->last = last;
		e->offset = offset;
		e->divisor = divisor;
		e->metric = mf_xstrdup(metric);
		e->series = mf_xstrdup(series);
	}
	fclose(f);
	if (n && n < 2 + version)
		return mf_state_bad(s, path, n, err);
	qsort(s->e, s->n, sizeof(*s->e), mf_entry_cmp);
	return 0;
}

int mf_prom_state_save(const struct mf_prom_state *s, const char *path,
		       struct mf_error *err)
{
	char *data = NULL, dir[4096];
	const char *slash = strrchr(path, '/');
	size_t len = 0;
	unsigned int i;
	FILE *out;
	int ret;

	out = open_memstream(&data, &len);
	if (!out)
		return mf_fail(err, MF_EXIT_ERROR, "out of memory");
	fprintf(out, "%s\nboot_id %s\nresets %llu\n", MF_STATE_MAGIC,
		s->boot_id, (unsigned long long)s->resets);
	if (s->module.known)
		fprintf(out, "module %s %llu\n", s->module.load_id,
			(unsigned long long)s->module.generation);
	else
		fputs("module unknown\n", out);
	for (i = 0; i < s->n; i++)
		fprintf(out, "%llu %llu %lu %s %s\n",
			(unsigned long long)s->e[i].last,
			(unsigned long long)s->e[i].offset, s->e[i].divisor,
			s->e[i].metric, s->e[i].series);
	fclose(out);
	snprintf(dir, sizeof(dir), "%.*s", slash ? (int)(slash - path) : 1,
		 slash ? (slash == path ? "/" : path) : ".");
	ret = mf_prom_write_atomic(dir, slash ? slash + 1 : path, data, len,
				   err);
	free(data);
	return ret;
}

#define MF_SINCE_LOAD(name)	MEMFRAG_METRIC_PREFIX name "_total",
static const char *const mf_since_load[] = {
	MEMFRAG_METRIC_SINCE_LOAD(MF_SINCE_LOAD)
};

/* Whether memfrag reset leaves metric alone (it counts since load). */
static int mf_is_since_load(const char *metric)
{
	unsigned int i;

	for (i = 0; i < MF_ARRAY_SIZE(mf_since_load); i++)
		if (!strcmp(mf_since_load[i], metric))
			return 1;
	return 0;
}

/*
 * Marks in seen which counters of s the scrape p has: 2 where it went
 * below its last value, 1 where it did not.
 */
static void mf_state_mark_seen(const struct mf_prom_state *s,
			       const struct mf_prom *p, unsigned char *seen)
{
	const struct mf_prom_sample *x;
	struct mf_prom_entry *e;

	for (x = p->samples; x < p->samples + p->nsamples; x++) {
		if (!x->counter)
			continue;
		e = mf_state_find(s, x->series);
		if (e)
			seen[e - s->e] = x->raw < e->last ? 2 : 1;
	}
}

struct mf_state_seen {
	const struct mf_prom_state *s;
	const unsigned char *seen;
};

/*
 * For a module without ids, what restarted since the state was taken:
 * a reset when counters that memfrag reset clears went down or vanished,
 * a reload when counters since load did too.
 */
static enum mf_restart mf_state_went_down(void *ctx)
{
	const struct mf_state_seen *c = ctx;
	const struct mf_prom_entry *e;
	enum mf_restart r = MF_RESTART_NONE;
	unsigned int i;

	for (i = 0; i < c->s->n; i++) {
		e = &c->s->e[i];
		if (c->seen[i] != 2 && (c->seen[i] || !e->last))
			continue;
		if (mf_is_since_load(e->metric))
			return MF_RESTART_RELOAD;
		r = MF_RESTART_RESET;
	}
	return r;
}

void mf_prom_state_apply(struct mf_prom_state *s, struct mf_prom *p)
{
	struct mf_prom_state next = { 0 };
	struct mf_prom_sample *x;
	struct mf_prom_entry *e;
	struct mf_state_seen ctx;
	enum mf_restart restart;
	unsigned char *seen;
	unsigned int i, m, nsamples = p->nsamples;
	char boot[64];

	mf_boot_id(boot, sizeof(boot));
	if (strcmp(boot, s->boot_id)) {
		mf_prom_state_free(s);
		s->resets = 0;
		memset(&s->module, 0, sizeof(s->module));
		snprintf(s->boot_id, sizeof(s->boot_id), "%s", boot);
	}
	seen = mf_xmalloc(s->n + 1);
	memset(seen, 0, s->n + 1);
	mf_state_mark_seen(s, p, seen);
	ctx.s = s;
	ctx.seen = seen;
	restart = mf_restart(&s->module, &p->module, mf_state_went_down, &ctx);
	if (restart != MF_RESTART_NONE) {
		s->resets++;
		for (i = 0; i < s->n; i++)
			if (restart == MF_RESTART_RELOAD ||
			    !mf_is_since_load(s->e[i].metric))
				s->e[i].offset += s->e[i].last;
	}
	next.e = mf_xmalloc((s->n + nsamples + 1) * sizeof(*next.e));
	snprintf(next.boot_id, sizeof(next.boot_id), "%s", s->boot_id);
	next.resets = s->resets;
	next.module = p->module;
	for (i = 0; i < nsamples; i++) {
		x = &p->samples[i];
		if (!x->counter)
			continue;
		e = mf_state_find(s, x->series);
		x->offset = e ? e->offset : 0;
		next.e[next.n++] = (struct mf_prom_entry) {
			mf_xstrdup(x->series),
			mf_xstrdup(p->metrics[x->metric].name),
			x->raw, x->offset, x->divisor };
	}
	/* Counters the module no longer shows keep their total. */
	for (i = 0; i < s->n; i++) {
		e = &s->e[i];
		if (seen[i] || !e->offset)
			continue;
		m = mf_prom_metric(p, e->metric, "counter",
				   "a memfrag counter the module no longer shows");
		x = mf_prom_add(p, m, e->series);
		x->counter = 1;
		x->offset = e->offset;
		x->divisor = e->divisor;
		next.e[next.n++] = (struct mf_prom_entry) {
			mf_xstrdup(e->series), mf_xstrdup(e->metric), 0,
			e->offset, e->divisor };
	}
	free(seen);
	m = mf_prom_metric(p, MEMFRAG_METRIC_PREFIX MEMFRAG_METRIC_RESETS
			   "_total", "counter", MEMFRAG_METRIC_RESETS_HELP);
	x = mf_prom_add(p, m, p->metrics[m].name);
	x->raw = s->resets;
	x->counter = 0;
	x->text = mf_printf(&p->arena, "%llu", (unsigned long long)s->resets);
	mf_prom_state_free(s);
	*s = next;
	qsort(s->e, s->n, sizeof(*s->e), mf_entry_cmp);
}

// SPDX-License-Identifier: GPL-2.0
/*
 * Reading a recording back: each line is parsed on its own (its tree is
 * freed before the next), and what the pictures need is kept per
 * snapshot.  Anything unexpected is an error naming the line.
 */
#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "jsonfile.h"
#include "jsonread.h"
#include "recording.h"
#include "reduce.h"
#include "schema.h"
#include "names.h"

struct mf_rec_ctx {
	struct mf_recording *rec;
	struct mf_error *err;
	unsigned int line;
	int seen_end;
	const struct mf_rec_opts *opts;
	double last_t;		/* the latest of snapshot and events lines */
	struct mf_reduce red;	/* the shape of the snapshots so far */
};

/* Whether a row passes the filter of the options (all do without one). */
static int mf_rec_keep(const struct mf_rec_ctx *c, const struct mf_jv *row)
{
	const struct mf_rec_opts *o = c->opts;

	return !o || !o->match ||
	       o->match(o->arg, (long long)mf_jv_num(row, MF_COL(node), -1),
			mf_jv_str(row, MF_COL(zone), NULL),
			mf_jv_str(row, MF_COL(trigger), NULL));
}

static int mf_rec_bad(struct mf_rec_ctx *c, const char *fmt, ...)
	MF_PRINTF(2, 3);

static int mf_rec_bad(struct mf_rec_ctx *c, const char *fmt, ...)
{
	char msg[300];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return mf_fail(c->err, MF_EXIT_MALFORMED, "%s:%u: %s", c->rec->path,
		       c->line, msg);
}

double mf_rec_grew(double old, double new, int reset)
{
	return reset || new < old ? new : new - old;
}

unsigned int mf_rec_nmt(void)
{
	unsigned int n = 0;

	while (mf_migratetype_names[n] && n < MF_REC_NMT)
		n++;
	return n;
}

/* The most nodes a header may name (MAX_NUMNODES is 1024 at most). */
#define MF_REC_MAX_NODE		4096

/* Whether v is a whole number from 0 to max. */
static int mf_rec_whole(double v, double max)
{
	return v >= 0 && v <= max && v == (double)(unsigned long long)v;
}

static int mf_rec_header(struct mf_rec_ctx *c, const struct mf_jv *v)
{
	struct mf_recording *rec = c->rec;
	const struct mf_jv *zones = mf_jv_get(v, MF_SEC(zones));
	unsigned int i;

	if (!mf_jv_get(v, MF_REC_MAGIC))
		return mf_rec_bad(c, "%s", "not a memfrag recording (its first line is not a header)");
	if (mf_jv_num(v, MF_REC_MAGIC, -1) != MF_REC_FORMAT)
		return mf_fail(c->err, MF_EXIT_VERSION,
			       "%s:1: recording format %g: this tool reads format %d",
			       rec->path, mf_jv_num(v, MF_REC_MAGIC, -1),
			       MF_REC_FORMAT);
	rec->version = mf_strdup(&rec->arena, mf_jv_str(v, "version", "?"));
	rec->tool_version = mf_strdup(&rec->arena,
				      mf_jv_str(v, "tool_version", "?"));
	rec->kernel = mf_strdup(&rec->arena, mf_jv_str(v, "kernel", "?"));
	rec->host = mf_strdup(&rec->arena, mf_jv_str(v, "host", "?"));
	rec->started = mf_strdup(&rec->arena, mf_jv_str(v, "started", "?"));
	rec->format = mf_rec_whole(mf_jv_num(v, "format", -1), 1e6) ?
		      (long long)mf_jv_num(v, "format", -1) : -1;
	rec->interval = mf_jv_num(v, "interval", 0);
	rec->duration = mf_jv_num(v, "duration", 0);
	rec->has_events = mf_jv_get(v, "events") &&
			  mf_jv_get(v, "events")->type == MF_JBOOL &&
			  mf_jv_get(v, "events")->num > 0;
	if (!zones || zones->type != MF_JARR || !zones->n)
		return mf_rec_bad(c, "%s", "the header lists no zones");
	if (zones->n > MF_REC_MAX_ZONES)
		return mf_rec_bad(c, "%s", "the header lists too many zones");
	if (rec->interval <= 0)
		return mf_rec_bad(c, "%s", "the header has no interval");
	for (i = 0; i < zones->n; i++) {
		const struct mf_jv *z = zones->items[i];
		const char *name = mf_jv_str(z, MF_COL(zone), NULL);

		if (!name || !mf_rec_whole(mf_jv_num(z, MF_COL(node), -1),
					   MF_REC_MAX_NODE) ||
		    strlen(name) >= sizeof(rec->zones[i].name))
			return mf_rec_bad(c, "%s", "a zone of the header has no node or name");
		if (!mf_rec_whole(mf_jv_num(z, MF_COL(managed), 0), 0x1p53) ||
		    !mf_rec_whole(mf_jv_num(z, MF_COL(present), 0), 0x1p53))
			return mf_rec_bad(c, "%s", "a zone of the header has a bad page count");
		rec->zones[i].node = (int)mf_jv_num(z, MF_COL(node), 0);
		snprintf(rec->zones[i].name, sizeof(rec->zones[i].name), "%s",
			 name);
		rec->zones[i].managed =
			(unsigned long long)mf_jv_num(z, MF_COL(managed), 0);
		rec->zones[i].present =
			(unsigned long long)mf_jv_num(z, MF_COL(present), 0);
		rec->zone_out[i] = !mf_rec_keep(c, z);
	}
	rec->filtered = c->opts && c->opts->match;
	rec->nzones = zones->n;
	return 0;
}

/* Snapshot o and n, for mf_rec_went_down(). */
struct mf_rec_pair {
	const struct mf_rec_snap *o, *n;
};

/* Whether one of the n counters at b is below its value at a. */
static int mf_rec_below(const double *a, const double *b, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (b[i] < a[i])
			return 1;
	return 0;
}

#define MF_REC_BELOW(p, field)						\
	mf_rec_below((const double *)(p)->o->field,			\
		     (const double *)(p)->n->field,			\
		     sizeof((p)->o->field) / sizeof(double))

/* A counter went down: the module restarted since the last snapshot. */
static enum mf_restart mf_rec_went_down(void *ctx)
{
	const struct mf_rec_pair *p = ctx;

	return MF_REC_BELOW(p, runs) || MF_REC_BELOW(p, lat) ||
	       MF_REC_BELOW(p, total_us) || MF_REC_BELOW(p, timed) ||
	       MF_REC_BELOW(p, fallbacks) || MF_REC_BELOW(p, fragmenting) ||
	       MF_REC_BELOW(p, claimed) || MF_REC_BELOW(p, stolen) ?
	       MF_RESTART_RESET : MF_RESTART_NONE;
}

/*
 * The snapshot's files, read back through the parser and the schema, and
 * reduced as every command reduces the module's files.
 */
static int mf_rec_reduce(struct mf_rec_ctx *c, const struct mf_jv *files,
			 struct mf_rec_snap *s)
{
	static const char *const names[] = { MF_REC_FILES(MF_REC_FILE_NAME_) };
	struct mf_file f[MF_REC_NR_FILES], *fp[MF_REC_NR_FILES];
	struct mf_recording *rec = c->rec;
	struct mf_reduce *red = &c->red;
	struct mf_error err = { 0 };
	unsigned int i, n;
	char path[64];
	int ret = 0;

	for (n = 0; n < MF_REC_NR_FILES; n++) {
		snprintf(path, sizeof(path), "snapshot %u, %s", rec->nsnap + 1,
			 names[n]);
		fp[n] = &f[n];
		if (mf_file_from_json(&f[n], names[n], path,
				      mf_jv_get(files, names[n]), &err)) {
			ret = mf_rec_bad(c, "%s", err.msg);
			n++;
			goto out;
		}
	}
	red->zones = rec->zones;
	red->nzones = rec->nzones;
	red->opts = c->opts;
	if (mf_reduce(red, fp, s)) {
		ret = mf_rec_bad(c, "%s", red->why);
		goto out;
	}
	/* the pictures have a place for the triggers and results it knows */
	if (red->nothers || red->unknown_result[0]) {
		ret = red->nothers ?
		      mf_rec_bad(c, "unknown trigger '%s'",
				 red->others[0].name) :
		      mf_rec_bad(c, "unknown result '%s'",
				 red->unknown_result);
		goto out;
	}
	rec->norders = red->norders;
	rec->score_order = red->score_order;
	rec->pageblock_order = red->pageblock_order;
	rec->has_claim |= red->has_claim;
	rec->page_size_known = red->page_size_known;
	if (red->page_size_known)
		rec->page_size = red->page_size;
out:
	for (i = 0; i < n; i++)
		mf_file_free(&f[i]);
	return ret;
}

static int mf_rec_snapshot(struct mf_rec_ctx *c, const struct mf_jv *v)
{
	struct mf_recording *rec = c->rec;
	const struct mf_jv *files = mf_jv_get(v, "files");
	struct mf_rec_snap *s;

	if (rec->nsnap == MF_REC_MAX_SNAPSHOTS)
		return mf_rec_bad(c, "%s", "more snapshots than this tool reads (1000000)");
	if (rec->nsnap == rec->capsnap) {
		rec->capsnap = rec->capsnap ? 2 * rec->capsnap : 64;
		rec->snap = mf_xrealloc(rec->snap, rec->capsnap * sizeof(*s));
	}
	s = &rec->snap[rec->nsnap];
	memset(s, 0, sizeof(*s));
	s->t = mf_jv_num(v, "t", -1);
	s->unix_time = mf_jv_num(v, "unix", 0);
	if (!files || s->t < 0 || s->t > 1e9)
		return mf_rec_bad(c, "%s", "a snapshot without its time or files");
	if (rec->nsnap && s->t < rec->snap[rec->nsnap - 1].t)
		return mf_rec_bad(c, "%s", "a snapshot older than the one before it");
	if (mf_rec_reduce(c, files, s))
		return -1;
	if (rec->nsnap) {
		struct mf_rec_pair p = { &rec->snap[rec->nsnap - 1], s };

		s->reset = mf_restart(&p.o->module, &s->module,
				      mf_rec_went_down, &p) != MF_RESTART_NONE;
	}
	rec->nsnap++;
	/* the latest time read: an events line may be later than this */
	if (s->t > c->last_t)
		c->last_t = s->t;
	return 0;
}

/* The index of zone name on node, or -1. */
static int mf_rec_zone_named(const struct mf_recording *rec, int node,
			     const char *name)
{
	unsigned int i;

	for (i = 0; i < rec->nzones; i++)
		if (rec->zones[i].node == node && !strcmp(rec->zones[i].name, name))
			return (int)i;
	return -1;
}

/*
 * One record of the events file: "ts_ns pid comm node zone order trigger
 * mode latency_ns result fragindex min low high boost free".  A record
 * that does not parse is counted in ev_other, not dropped unsaid.
 */
static void mf_rec_event(struct mf_rec_ctx *c, const char *line, double t)
{
	struct mf_recording *rec = c->rec;
	char comm[32], zone[32], trig[32], mode[16], lat[32], res[32], fi[16];
	struct mf_rec_event e = { .t = t };
	int node, tr, r;
	long long pid;

	tr = -1;
	e.zone = -1;
	if (sscanf(line, "%llu %lld %31s %d %31s %d %31s %15s %31s %31s %15s",
		   &e.ts_ns, &pid, comm, &node, zone, &e.order, trig, mode,
		   lat, res, fi) == 11) {
		tr = mf_name_index(mf_trigger_names, MF_REC_NTRIG, trig);
		e.zone = mf_rec_zone_named(rec, node, zone);
	}
	if (tr < 0 || e.zone < 0) {
		rec->ev_other++;
		return;
	}
	r = mf_name_index(mf_result_names, MF_REC_NRES, res);
	if (c->opts && c->opts->match &&
	    !c->opts->match(c->opts->arg, node, zone, trig))
		return;
	e.trigger = (unsigned int)tr;
	e.result = r < 0 ? MEMFRAG_RESULT_OTHER : (unsigned int)r;
	e.pid = (long)pid;
	e.sync = !strcmp(mode, "sync") ? 1 : !strcmp(mode, "async") ? 0 : -1;
	e.lat_ns = lat[0] == '-' ? -1 : strtod(lat, NULL);
	e.fragindex = fi[0] == '-' && !fi[1] ? -2 : strtod(fi, NULL);
	snprintf(e.comm, sizeof(e.comm), "%s", comm);
	if (rec->nev == rec->capev) {
		rec->capev = rec->capev ? 2 * rec->capev : 256;
		rec->ev = mf_xrealloc(rec->ev, rec->capev * sizeof(e));
	}
	rec->ev[rec->nev++] = e;
}

static void mf_rec_events(struct mf_rec_ctx *c, const struct mf_jv *v)
{
	const struct mf_jv *lines = mf_jv_get(v, "lines");
	double t = mf_jv_num(v, "t", 0);
	unsigned int i;

	c->rec->events += mf_jv_len(v, "lines");
	if (mf_rec_whole(mf_jv_num(v, "dropped", 0), 0x1p53))
		c->rec->dropped +=
			(unsigned long long)mf_jv_num(v, "dropped", 0);
	for (i = 0; lines && lines->type == MF_JARR && i < lines->n; i++) {
		const struct mf_jv *l = lines->items[i];

		if (l->type != MF_JSTR || l->str[0] == ' ' || l->str[0] == '#')
			c->rec->ev_other++;
		else if (c->opts)
			mf_rec_event(c, l->str, t);
	}
	if (t > c->last_t)
		c->last_t = t;
}

/*
 * Places the events in time.  A record's ts_ns is the kernel's clock, the
 * line's t the recording's: each run ended at or before the line that read
 * it, so the start on the kernel's clock is at least ts_ns - t of every
 * record; the largest such bound places them all, each at most one gap
 * between reads late.
 */
static void mf_rec_place_events(struct mf_recording *rec)
{
	double start = -1e300, gap = rec->interval, d;
	unsigned int i;

	for (i = 0; i < rec->nev; i++) {
		d = (double)rec->ev[i].ts_ns / 1e9 - rec->ev[i].t;
		start = d > start ? d : start;
	}
	for (i = 0; i < rec->nev; i++)
		rec->ev[i].t = (double)rec->ev[i].ts_ns / 1e9 - start;
	for (i = 1; i < rec->nsnap; i++) {
		d = rec->snap[i].t - rec->snap[i - 1].t;
		gap = d > gap ? d : gap;
	}
	rec->ev_t_bound = gap;
}

static int mf_rec_line(struct mf_rec_ctx *c, const char *text, size_t len)
{
	struct mf_arena a = { 0 };
	struct mf_jv *v;
	const char *type;
	char why[128];
	int ret = 0;

	if (mf_jv_parse(&a, text, len, &v, why, sizeof(why))) {
		ret = mf_rec_bad(c, "not JSON: %s", why);
		goto out;
	}
	type = mf_jv_str(v, "type", "");
	if (c->line == 1) {
		ret = strcmp(type, "header") ?
		      mf_rec_bad(c, "%s", "not a memfrag recording (its first line is not a header)") :
		      mf_rec_header(c, v);
	} else if (c->seen_end) {
		ret = mf_rec_bad(c, "%s", "a line after the end line");
	} else if (!strcmp(type, "snapshot")) {
		ret = mf_rec_snapshot(c, v);
	} else if (!strcmp(type, "events")) {
		mf_rec_events(c, v);
	} else if (!strcmp(type, "end")) {
		c->seen_end = 1;
		c->rec->reason = mf_strdup(&c->rec->arena,
					   mf_jv_str(v, "reason", "?"));
		c->rec->end_t = mf_jv_num(v, "t", 0);
		c->rec->cpu_seconds = mf_jv_num(v, "cpu_seconds", 0);
	} else {
		ret = mf_rec_bad(c, "unknown line type '%s'", type);
	}
out:
	mf_arena_free(&a);
	return ret ? -1 : 0;
}

/* A recording cut short: what there is, said where it was cut. */
static int mf_rec_cut(struct mf_rec_ctx *c, const char *why)
{
	struct mf_recording *rec = c->rec;

	if (!c->opts || !c->opts->allow_cut || !rec->nsnap)
		return mf_fail(c->err, MF_EXIT_MALFORMED, "%s:%u: truncated: %s",
			       rec->path, c->line, why);
	rec->cut = 1;
	rec->cut_t = c->last_t;
	rec->cut_why = why;
	rec->reason = "cut short";
	rec->end_t = c->last_t;
	return 0;
}

static int mf_rec_parse_opts(struct mf_recording *rec, const char *path,
			     const char *data, size_t len,
			     const struct mf_rec_opts *opts,
			     struct mf_error *err)
{
	struct mf_rec_ctx c = { .rec = rec, .err = err, .opts = opts };
	size_t pos = 0;

	memset(rec, 0, sizeof(*rec));
	rec->path = path;
	rec->score_order = -1;
	rec->page_size = MF_PAGE_SIZE_OLD;
	if (!len)
		return mf_fail(err, MF_EXIT_MALFORMED,
			       "%s: empty: not a memfrag recording", path);
	while (pos < len) {
		const char *nl = memchr(data + pos, '\n', len - pos);

		c.line++;
		if (!nl) {
			if (mf_rec_cut(&c, "the last line is incomplete (the recording was cut short)"))
				return err->status;
			break;
		}
		if ((size_t)(nl - data - pos) > MF_REC_MAX_LINE)
			return mf_rec_bad(&c, "%s", "line too long");
		if (mf_rec_line(&c, data + pos, nl - data - pos))
			return err->status;
		pos = nl - data + 1;
	}
	if (!c.seen_end && !rec->cut) {
		char why[120];

		snprintf(why, sizeof(why), "no end line after line %u (memfrag record did not finish)",
			 c.line);
		if (mf_rec_cut(&c, mf_strdup(&rec->arena, why)))
			return err->status;
	}
	if (!rec->nsnap)
		return mf_fail(err, MF_EXIT_MALFORMED, "%s: no snapshots",
			       path);
	mf_rec_place_events(rec);
	return 0;
}

int mf_rec_parse(struct mf_recording *rec, const char *path,
		 const char *data, size_t len, struct mf_error *err)
{
	return mf_rec_parse_opts(rec, path, data, len, NULL, err);
}

/* All of fd into *data (malloc'd, one byte spare); -1 with errno. */
static int mf_rec_slurp(int fd, char **data, size_t *len)
{
	size_t cap = 1 << 16, got = 0;
	char *buf = mf_xmalloc(cap + 1);
	ssize_t n;

	for (;;) {
		if (got == cap) {
			if (cap >= (1ull << 32)) {
				free(buf);
				errno = EFBIG;
				return -1;
			}
			cap *= 2;
			buf = mf_xrealloc(buf, cap + 1);
		}
		n = read(fd, buf + got, cap - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			free(buf);
			return -1;
		}
		if (!n)
			break;
		got += (size_t)n;
	}
	*data = buf;
	*len = got;
	return 0;
}

/*
 * gzip'd data (magic 1f 8b) through gzip -dc (gzip is essential on
 * Debian; the static guests' build links no zlib): the data goes to it
 * through a temporary file, its output comes back through a pipe.
 */
static int mf_rec_gunzip(const char *path, char **data, size_t *len,
			 struct mf_error *err)
{
	FILE *tmp = tmpfile();
	int pipefd[2], status, ret;
	pid_t pid;
	char *out;
	size_t n;

	if (!tmp || fwrite(*data, 1, *len, tmp) != *len || fflush(tmp) ||
	    lseek(fileno(tmp), 0, SEEK_SET) || pipe(pipefd)) {
		if (tmp)
			fclose(tmp);
		return mf_fail(err, MF_EXIT_ERROR, "%s: cannot uncompress: %s",
			       path, strerror(errno));
	}
	pid = fork();
	if (pid == 0) {
		/* its complaint is ours to say, once */
		int null = open("/dev/null", O_WRONLY);

		dup2(fileno(tmp), 0);
		dup2(pipefd[1], 1);
		if (null >= 0)
			dup2(null, 2);
		close(pipefd[0]);
		close(pipefd[1]);
		execlp("gzip", "gzip", "-dc", (char *)NULL);
		_exit(127);
	}
	close(pipefd[1]);
	fclose(tmp);
	ret = pid < 0 ? -1 : mf_rec_slurp(pipefd[0], &out, &n);
	close(pipefd[0]);
	if (pid < 0 || waitpid(pid, &status, 0) < 0) {
		if (!ret)
			free(out);
		return mf_fail(err, MF_EXIT_ERROR, "%s: cannot run gzip -dc: %s",
			       path, strerror(errno));
	}
	if (ret || !WIFEXITED(status) || WEXITSTATUS(status)) {
		if (!ret)
			free(out);
		return mf_fail(err, MF_EXIT_MALFORMED,
			       "%s: gzip -dc failed (%s): corrupt or cut compressed data",
			       path, WIFEXITED(status) && WEXITSTATUS(status) == 127 ?
			       "gzip is not installed" : "exit status not 0");
	}
	free(*data);
	*data = out;
	*len = n;
	return 0;
}

int mf_rec_read_opts(struct mf_recording *rec, const char *path,
		     const struct mf_rec_opts *opts, struct mf_error *err)
{
	int in = !strcmp(path, "-");
	const char *name = in ? "(stdin)" : path;
	struct stat st;
	char *data;
	size_t got;
	int fd, ret;

	memset(rec, 0, sizeof(*rec));
	fd = in ? 0 : open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return mf_fail(err, errno == ENOENT ? MF_EXIT_NO_FILE :
			       MF_EXIT_ERROR, "cannot open %s: %s", path,
			       strerror(errno));
	if (!in && (fstat(fd, &st) || !S_ISREG(st.st_mode) ||
		    (unsigned long long)st.st_size > (1ull << 32))) {
		close(fd);
		return mf_fail(err, MF_EXIT_ERROR,
			       "%s: not a regular file of at most 4 GiB", path);
	}
	ret = mf_rec_slurp(fd, &data, &got);
	if (!in)
		close(fd);
	if (ret)
		return mf_fail(err, MF_EXIT_ERROR, "cannot read %s: %s", name,
			       strerror(errno));
	if (got >= 2 && (unsigned char)data[0] == 0x1f &&
	    (unsigned char)data[1] == 0x8b &&
	    mf_rec_gunzip(name, &data, &got, err)) {
		free(data);
		return err->status;
	}
	ret = mf_rec_parse_opts(rec, name, data, got, opts, err);
	free(data);
	return ret;
}

int mf_rec_read(struct mf_recording *rec, const char *path,
		struct mf_error *err)
{
	struct stat st;
	char *data;
	ssize_t n;
	size_t got = 0;
	int fd, ret;

	memset(rec, 0, sizeof(*rec));
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return mf_fail(err, errno == ENOENT ? MF_EXIT_NO_FILE :
			       MF_EXIT_ERROR, "cannot open %s: %s", path,
			       strerror(errno));
	if (fstat(fd, &st) || !S_ISREG(st.st_mode) ||
	    (unsigned long long)st.st_size > (1ull << 32)) {
		close(fd);
		return mf_fail(err, MF_EXIT_ERROR,
			       "%s: not a regular file of at most 4 GiB", path);
	}
	data = mf_xmalloc((size_t)st.st_size + 1);
	while (got < (size_t)st.st_size &&
	       (n = read(fd, data + got, st.st_size - got)) > 0)
		got += n;
	close(fd);
	ret = mf_rec_parse(rec, path, data, got, err);
	free(data);
	return ret;
}

void mf_rec_release(struct mf_recording *rec)
{
	free(rec->snap);
	rec->snap = NULL;
	free(rec->ev);
	rec->ev = NULL;
	mf_arena_free(&rec->arena);
}

double mf_rec_span(const struct mf_recording *rec)
{
	return rec->nsnap > 1 ? rec->snap[rec->nsnap - 1].t - rec->snap[0].t : 0;
}

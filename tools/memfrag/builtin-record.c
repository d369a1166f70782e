// SPDX-License-Identifier: GPL-2.0
/*
 * memfrag record [-i SECONDS] [-D DURATION] [-m MIB] -o FILE
 *
 * At each interval every snapshot file (status, compaction, ...) is read,
 * parsed and validated as the views read it, and written as one JSON line;
 * the events file is read in between (non-blocking, one reader) and its
 * records and drops are written before the next snapshot.  The file never
 * grows past its limit: the end line is reserved space, so a recording
 * stopped by the limit, by -t or by a signal always ends with it.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdio_ext.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include <memfrag/memfrag.h>

#include "builtin.h"
#include "util/cli.h"
#include "util/json.h"
#include "util/recording.h"
#include "util/schema.h"

const struct mf_opt mf_record_opts[] = {
	{ 'o', "output", "FILE",
	  "write the recording to FILE (required; - for standard output)" },
	{ 'f', "force", NULL, "overwrite FILE if it exists" },
	{ 'D', "duration", "SECONDS",
	  "stop after SECONDS (default: at Ctrl-C, or after -c intervals); -i sets the interval (default 1)" },
	{ 'm', "max-size", "MIB",
	  "stop before FILE grows past MIB MiB (default " MF_STR(MF_REC_DEFAULT_MIB) ")" },
	{ 0, NULL, NULL, NULL }
};

/* Room kept for the end line, which is always written. */
#define MF_REC_END_RESERVE	1024
/* Events kept before they are written without waiting for a snapshot. */
#define MF_REC_EVENTS_FLUSH	(256u << 10)

struct mf_rec {
	double interval, duration;
	unsigned long count;	/* -c: intervals, 0: no limit */
	const char *out;
	int force;		/* -f: FILE may exist */
	unsigned long long max_bytes;
	FILE *f;
	unsigned long long bytes;
	unsigned long snapshots;
	unsigned long long events, dropped, stack_lines;
	double t0, unix0;
	int events_fd;
	/* events read and not yet written */
	char *ev_buf;
	size_t ev_len;
	FILE *ev;
	unsigned long ev_n;
	unsigned long long ev_dropped;
	char partial[4096];	/* an events line cut by the read */
	size_t partial_len;
	const char *stop;	/* why it stopped */
};

/* Set by a signal handler: a lock-free atomic is safe to write there. */
static atomic_int mf_rec_signal;

static void mf_rec_on_signal(int sig)
{
	mf_rec_signal = sig;
}

static double mf_mono(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static double mf_wall(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int mf_record_usage_error(const char *what, const char *arg)
{
	fprintf(stderr, "%s record: %s%s%s%s\nTry '%s record --help'.\n",
		MF_PROG, what, arg ? " '" : "", arg ? arg : "", arg ? "'" : "",
		MF_PROG);
	return MF_EXIT_USAGE;
}

static int mf_record_parse(int argc, char **argv, struct mf_rec *r,
			   const struct mf_globals *g)
{
	struct mf_getopt go;
	const char *bad;
	double mib;
	int c;

	r->interval = g->interval ? g->interval : 1;
	r->count = g->count;
	r->max_bytes = (unsigned long long)MF_REC_DEFAULT_MIB << 20;
	mf_getopt_init(&go, mf_record_opts, mf_nopts(mf_record_opts));
	while ((c = mf_getopt(&go, argc, argv, &bad)) != -1) {
		switch (c) {
		case 'D':
			if (mf_parse_decimal_seconds(optarg, MF_MIN_INTERVAL,
						     31536000, &r->duration))
				return mf_record_usage_error("-D: not a number of seconds:",
							     optarg);
			break;
		case 'o':
			r->out = optarg;
			break;
		case 'f':
			r->force = 1;
			break;
		case 'm':
			if (mf_parse_decimal_seconds(optarg, 0.01, 1 << 20, &mib))
				return mf_record_usage_error("-m: not a size in MiB (0.01 to 1048576):",
							     optarg);
			r->max_bytes = (unsigned long long)(mib * (1 << 20));
			break;
		case ':':
			return mf_record_usage_error("option needs an argument:", bad);
		default:
			return mf_record_usage_error("unknown option", bad);
		}
	}
	if (optind < argc)
		return mf_record_usage_error("unexpected argument", argv[optind]);
	if (!r->out || !*r->out)
		return mf_record_usage_error("-o FILE is required", NULL);
	/*
	 * A recording is the whole of what the module saw: plot and compare
	 * take -n, -z and -t when they read it.  Recording less would lose
	 * what no later filter can bring back.
	 */
	if (g->node >= 0 || g->zone || g->trigger)
		return mf_record_usage_error("records every node, zone and trigger; give -n, -z and -t to plot or compare",
					     NULL);
	return 0;
}

/*
 * Writes the line in buf[0 .. len) (with its newline), unless it would
 * leave less than the end line's room: then returns 1 and sets r->stop.
 */
static int mf_rec_put(struct mf_rec *r, const char *buf, size_t len,
		      int is_end)
{
	if (!is_end && r->bytes + len + MF_REC_END_RESERVE > r->max_bytes) {
		r->stop = "size_limit";
		return 1;
	}
	if (fwrite(buf, 1, len, r->f) != len || fflush(r->f))
		return -1;
	r->bytes += len;
	return 0;
}

/* A JSON line built in memory, then written whole by mf_rec_put(). */
struct mf_rec_line {
	char *buf;
	size_t len;
	FILE *m;
	struct mf_json j;
};

static void mf_line_begin(struct mf_rec_line *l, const char *type)
{
	l->m = open_memstream(&l->buf, &l->len);
	if (!l->m) {
		perror(MF_PROG " record: open_memstream");
		exit(MF_EXIT_ERROR);
	}
	/*
	 * One thread writes it: no lock per character, which was half of
	 * what a snapshot cost in user space.
	 */
	__fsetlocking(l->m, FSETLOCKING_BYCALLER);
	mf_json_init(&l->j, l->m, 0);
	mf_json_begin(&l->j, NULL, '{');
	mf_json_str(&l->j, "type", type);
}

static int mf_line_end(struct mf_rec *r, struct mf_rec_line *l, int is_end)
{
	int ret;

	mf_json_end(&l->j, '}');
	fputc('\n', l->m);
	fclose(l->m);
	ret = mf_rec_put(r, l->buf, l->len, is_end);
	free(l->buf);
	return ret;
}

static void mf_rec_ev_open(struct mf_rec *r)
{
	r->ev = open_memstream(&r->ev_buf, &r->ev_len);
	if (!r->ev) {
		perror(MF_PROG " record: open_memstream");
		exit(MF_EXIT_ERROR);
	}
	r->ev_n = 0;
	r->ev_dropped = 0;
}

/* One line of the events file: a record, a drop count or a stack frame. */
static void mf_rec_ev_line(struct mf_rec *r, const char *line)
{
	unsigned long long n;
	struct mf_json j;

	if (sscanf(line, "# dropped %llu", &n) == 1) {
		r->ev_dropped += n;
		r->dropped += n;
		return;
	}
	if (line[0] == ' ') {	/* a stack frame: the stacks file has them */
		r->stack_lines++;
		return;
	}
	if (!line[0])
		return;
	mf_json_init(&j, r->ev, 0);
	if (r->ev_n)
		fputc(',', r->ev);
	mf_json_str(&j, NULL, line);
	r->ev_n++;
	r->events++;
}

/* Writes the events read since the last events line, if any. */
static int mf_rec_ev_flush(struct mf_rec *r)
{
	struct mf_rec_line l;
	int ret;

	if (!r->ev_n && !r->ev_dropped)
		return 0;
	fflush(r->ev);
	mf_line_begin(&l, "events");
	mf_json_milli(&l.j, "t", (long long)((mf_mono() - r->t0) * 1000));
	mf_json_u64(&l.j, "dropped", r->ev_dropped);
	fputs(",\"lines\":[", l.m);
	fwrite(r->ev_buf, 1, r->ev_len, l.m);
	fputc(']', l.m);
	l.j.items[0]++;
	ret = mf_line_end(r, &l, 0);
	fclose(r->ev);
	free(r->ev_buf);
	mf_rec_ev_open(r);
	return ret;
}

/* Reads what the events file has now, without blocking. */
static int mf_rec_ev_read(struct mf_rec *r)
{
	char buf[65536];
	ssize_t n;

	while (r->events_fd >= 0) {
		size_t have = r->partial_len, used = 0;

		memcpy(buf, r->partial, have);
		n = read(r->events_fd, buf + have, sizeof(buf) - 1 - have);
		if (n < 0 && errno == EINTR)
			return 0;
		if (n < 0 && errno == EAGAIN)
			return 0;
		if (n <= 0) {
			/* a copy (-d) ends; the live file does not */
			close(r->events_fd);
			r->events_fd = -1;
			return n < 0 ? -1 : 0;
		}
		have += n;
		buf[have] = '\0';
		for (;;) {
			char *nl = memchr(buf + used, '\n', have - used);

			if (!nl)
				break;
			*nl = '\0';
			mf_rec_ev_line(r, buf + used);
			used = nl - buf + 1;
		}
		r->partial_len = have - used;
		if (r->partial_len >= sizeof(r->partial))
			r->partial_len = 0;	/* no line is this long */
		memmove(r->partial, buf + used, r->partial_len);
		fflush(r->ev);
		if (r->ev_len > MF_REC_EVENTS_FLUSH && mf_rec_ev_flush(r))
			return -1;
	}
	return 0;
}

static const char *const mf_rec_files[] = { MF_REC_FILES(MF_REC_FILE_NAME_) };
#define MF_REC_NFILES	MF_ARRAY_SIZE(mf_rec_files)

static int mf_rec_load(struct mf_source *src, struct mf_file *f,
		       struct mf_error *err)
{
	unsigned int i;
	int ret = 0;

	memset(f, 0, MF_REC_NFILES * sizeof(*f));
	for (i = 0; i < MF_REC_NFILES && !ret; i++)
		ret = mf_load(src, mf_rec_files[i], &f[i], err);
	if (ret)
		while (i--)
			mf_file_free(&f[i]);
	return ret;
}

static void mf_rec_free(struct mf_file *f)
{
	unsigned int i;

	for (i = 0; i < MF_REC_NFILES; i++)
		mf_file_free(&f[i]);
}

/* The first line: what was recorded, where, and how. */
static int mf_rec_header(struct mf_rec *r, struct mf_file *f)
{
	const struct mf_file *zones = &f[MF_REC_ZONES], *st = &f[MF_REC_STATUS];
	const struct mf_section *s = mf_section(zones, MF_SEC(zones));
	struct mf_rec_line l;
	char host[256] = "";
	time_t now = (time_t)r->unix0;
	char when[64];
	unsigned int i;

	strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", gmtime(&now));
	gethostname(host, sizeof(host) - 1);
	mf_line_begin(&l, "header");
	mf_json_int(&l.j, MF_REC_MAGIC, MF_REC_FORMAT);
	mf_json_str(&l.j, "tool_version", MEMFRAG_VERSION);
	mf_json_str(&l.j, "version", st->version);
	mf_json_int(&l.j, "format", st->format);
	mf_json_file_kv(&l.j, st, "kernel");
	mf_json_str(&l.j, "host", host);
	mf_json_str(&l.j, "started", when);
	mf_json_milli(&l.j, "unix", (long long)(r->unix0 * 1000));
	mf_json_double(&l.j, "interval", r->interval);
	if (r->duration)
		mf_json_double(&l.j, "duration", r->duration);
	else
		mf_json_null(&l.j, "duration");
	mf_json_u64(&l.j, "max_bytes", r->max_bytes);
	mf_json_bool(&l.j, "events", r->events_fd >= 0);
	mf_json_begin(&l.j, "files", '[');
	for (i = 0; i < MF_REC_NFILES; i++)
		mf_json_str(&l.j, NULL, mf_rec_files[i]);
	mf_json_end(&l.j, ']');
	mf_json_begin(&l.j, MF_SEC(zones), '[');
	for (i = 0; s && i < s->nrow; i++) {
		mf_json_begin(&l.j, NULL, '{');
		mf_json_col(&l.j, zones, s, &s->rows[i], MF_COL(node));
		mf_json_col(&l.j, zones, s, &s->rows[i], MF_COL(zone));
		mf_json_col(&l.j, zones, s, &s->rows[i], MF_COL(present));
		mf_json_col(&l.j, zones, s, &s->rows[i], MF_COL(managed));
		mf_json_end(&l.j, '}');
	}
	mf_json_end(&l.j, ']');
	s = mf_section(zones, MF_SEC(nodes));
	mf_json_begin(&l.j, MF_SEC(nodes), '[');
	for (i = 0; s && i < s->nrow; i++)
		mf_json_tok(&l.j, NULL, MF_T_INT,
			    mf_str(s, &s->rows[i], MF_COL(node)));
	mf_json_end(&l.j, ']');
	return mf_line_end(r, &l, 0);
}

static int mf_rec_snapshot(struct mf_rec *r, struct mf_file *f, double t)
{
	struct mf_rec_line l;
	unsigned int i;

	mf_line_begin(&l, "snapshot");
	mf_json_u64(&l.j, "n", r->snapshots);
	mf_json_milli(&l.j, "t", (long long)(t * 1000));
	mf_json_milli(&l.j, "unix", (long long)((r->unix0 + t) * 1000));
	mf_json_begin(&l.j, "files", '{');
	for (i = 0; i < MF_REC_NFILES; i++) {
		mf_json_begin(&l.j, mf_rec_files[i], '{');
		mf_json_str(&l.j, "version", f[i].version);
		mf_json_int(&l.j, "format", f[i].format);
		mf_json_file(&l.j, &f[i]);
		mf_json_end(&l.j, '}');
	}
	mf_json_end(&l.j, '}');
	return mf_line_end(r, &l, 0);
}

/* CPU time used so far, in user space and in the kernel (*sys). */
static double mf_cpu_seconds(double *sys)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	*sys = ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
	return ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + *sys;
}

static int mf_rec_end(struct mf_rec *r, const struct mf_error *err)
{
	struct mf_rec_line l;
	double t = mf_mono() - r->t0, sys, cpu = mf_cpu_seconds(&sys);

	mf_line_begin(&l, "end");
	mf_json_milli(&l.j, "t", (long long)(t * 1000));
	mf_json_str(&l.j, "reason", r->stop);
	if (err && err->status)
		mf_json_str(&l.j, "error", err->msg);	/* not a column name */
	mf_json_u64(&l.j, "snapshots", r->snapshots);
	mf_json_u64(&l.j, "events", r->events);
	mf_json_u64(&l.j, "dropped", r->dropped);
	mf_json_u64(&l.j, "stack_lines", r->stack_lines);
	mf_json_milli(&l.j, "cpu_seconds", (long long)(cpu * 1000));
	/* the kernel's share: mostly the module writing its files */
	mf_json_milli(&l.j, "cpu_system_seconds", (long long)(sys * 1000));
	mf_json_u64(&l.j, "bytes", r->bytes);
	if (mf_line_end(r, &l, 1))
		return -1;
	fprintf(stderr, "%s record: %s: %lu snapshots, %llu events (%llu dropped) in %.1f s, %.2f MiB; stopped: %s; CPU %.3f s, %.3f s of it in the kernel (%.2f %% of one CPU)\n",
		MF_PROG, r->out, r->snapshots, r->events, r->dropped, t,
		r->bytes / 1048576.0, r->stop, cpu, sys,
		t > 0 ? 100 * cpu / t : 0.0);
	if (!strcmp(r->stop, "size_limit"))
		fprintf(stderr, "%s record: stopped because %s reached its limit of %.2f MiB (-m)\n",
			MF_PROG, r->out, r->max_bytes / 1048576.0);
	return 0;
}

static int mf_rec_open_events(struct mf_rec *r, const struct mf_source *src,
			      struct mf_error *err)
{
	char path[4200];

	snprintf(path, sizeof(path), "%s/%s", mf_source_dir(src),
		 MEMFRAG_FILE_EVENTS);
	r->events_fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	/* recorded copies (-d) need not have it; the live module does */
	if (r->events_fd < 0 && (!src->ndirs || errno != ENOENT))
		return mf_open_error(src, path, errno, err);
	return 0;
}

/* Waits until the monotonic time until, reading events meanwhile. */
static int mf_rec_wait(struct mf_rec *r, double until)
{
	double left;

	while (!mf_rec_signal && (left = until - mf_mono()) > 0) {
		struct pollfd pfd = { .fd = r->events_fd, .events = POLLIN };
		int n = poll(&pfd, r->events_fd >= 0, (int)(left * 1000) + 1);

		if (n < 0 && errno != EINTR)
			return -1;
		if (n > 0 && mf_rec_ev_read(r))
			return -1;
	}
	return 0;
}

static int mf_rec_run(struct mf_rec *r, struct mf_source *src,
		      struct mf_error *err)
{
	struct mf_file f[MF_REC_NFILES];
	double next;
	int ret, w = 0;

	for (;;) {
		double t = mf_mono() - r->t0;

		ret = mf_rec_load(src, f, err);
		if (ret) {
			r->stop = "error";	/* not a column name */
			return ret;
		}
		if (mf_rec_ev_read(r))
			w = -1;
		if (!w && !r->snapshots)
			w = mf_rec_header(r, f);
		if (!w)
			w = mf_rec_ev_flush(r);
		if (!w)
			w = mf_rec_snapshot(r, f, t);
		mf_rec_free(f);
		if (w > 0)
			return 0;	/* the size limit */
		if (w < 0)
			return mf_fail(err, MF_EXIT_ERROR, "writing %s failed: %s",
				       r->out, strerror(errno));
		r->snapshots++;
		mf_source_next(src);
		next = r->t0 + r->snapshots * r->interval;
		if ((r->duration && next - r->t0 > r->duration + 1e-6) ||
		    (r->count && r->snapshots > r->count)) {
			/* why it stopped: -c, or -D */
			r->stop = r->count && r->snapshots > r->count ?
				  "count" /* not a column name */ : "duration";
			return 0;
		}
		if (mf_rec_wait(r, next) < 0)
			return mf_fail(err, MF_EXIT_ERROR, "reading events: %s",
				       strerror(errno));
		if (mf_rec_signal) {
			r->stop = mf_rec_signal == SIGINT ? "interrupted" :
				  "terminated";
			/* the events read until the signal */
			if (mf_rec_ev_flush(r) < 0)
				return mf_fail(err, MF_EXIT_ERROR,
					       "writing %s failed: %s", r->out,
					       strerror(errno));
			return 0;
		}
	}
}

/*
 * The output: standard output for "-", else FILE, which must not exist
 * unless -f: a recording is not replaced by accident.
 */
static FILE *mf_rec_create(struct mf_rec *r)
{
	int fd;

	if (!strcmp(r->out, "-")) {
		r->out = "standard output";
		return stdout;
	}
	fd = open(r->out, O_WRONLY | O_CREAT | O_CLOEXEC |
		  (r->force ? O_TRUNC : O_EXCL), 0644);
	if (fd < 0)
		return NULL;
	return fdopen(fd, "w");
}

int mf_record_main(int argc, char **argv, const struct mf_globals *g,
		   struct mf_source *src, struct mf_error *err)
{
	struct sigaction sa = { .sa_handler = mf_rec_on_signal };
	struct mf_rec r = { 0 };
	int ret;

	ret = mf_record_parse(argc, argv, &r, g);
	if (ret)
		return ret;
	ret = mf_rec_open_events(&r, src, err);
	if (ret)
		return ret;
	r.f = mf_rec_create(&r);
	if (!r.f) {
		if (r.events_fd >= 0)
			close(r.events_fd);
		return mf_fail(err, MF_EXIT_ERROR, "cannot create %s: %s%s",
			       r.out, strerror(errno),
			       errno == EEXIST ? " (-f overwrites it)" : "");
	}
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	mf_rec_ev_open(&r);
	r.t0 = mf_mono();
	r.unix0 = mf_wall();
	ret = mf_rec_run(&r, src, err);
	/* a recording that stopped on an error still ends with its end line */
	if (r.bytes && mf_rec_end(&r, err) && !ret)
		ret = mf_fail(err, MF_EXIT_ERROR, "writing %s failed: %s",
			      r.out, strerror(errno));
	fclose(r.ev);
	free(r.ev_buf);
	if (r.events_fd >= 0)
		close(r.events_fd);
	if ((r.f == stdout ? fflush(r.f) : fclose(r.f)) && !ret)
		ret = mf_fail(err, MF_EXIT_ERROR, "writing %s failed: %s",
			      r.out, strerror(errno));
	if (ret && !r.bytes && r.f != stdout)
		unlink(r.out);
	return ret;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * memfrag top (builtin.h).  The terminal is put in non-canonical mode without
 * echo on the alternate screen, and put back on every way out: q, the end
 * of -c COUNT, SIGINT, SIGTERM, SIGHUP.  ANSI escapes only (every
 * terminal memfrag runs in has them), so no curses library is needed.
 * When stdout is not a terminal, top prints the summary's plain -i lines.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include <memfrag/memfrag.h>

#include "builtin.h"
#include "util/delta.h"
#include "util/table.h"
#include "util/view_run.h"
#include "util/views.h"

const struct mf_opt mf_top_opts[] = {
	{ 's', "sort", "KEY",
	  "zones by KEY: score, free or name (keys s f n)" },
	{ 0, NULL, NULL, NULL }
};

/* Set by a signal handler: a lock-free atomic is safe to write there. */
static atomic_int mf_top_stop;
static struct termios mf_top_saved;
static int mf_top_raw;

static void mf_top_signal(int sig)
{
	mf_top_stop = sig;
}

static void mf_top_restore(void)
{
	if (!mf_top_raw)
		return;
	/* normal screen, cursor shown, the terminal as it was */
	fputs("\033[?25h\033[?1049l", stdout);
	fflush(stdout);
	tcsetattr(STDIN_FILENO, TCSAFLUSH, &mf_top_saved);
	mf_top_raw = 0;
}

static int mf_top_setup(void)
{
	struct sigaction sa = { .sa_handler = mf_top_signal };
	struct termios raw;

	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	if (isatty(STDIN_FILENO) && !tcgetattr(STDIN_FILENO, &mf_top_saved)) {
		raw = mf_top_saved;
		raw.c_lflag &= ~(tcflag_t)(ICANON | ECHO);
		raw.c_cc[VMIN] = 0;
		raw.c_cc[VTIME] = 0;
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &raw);
	}
	mf_top_raw = 1;
	atexit(mf_top_restore);
	/* alternate screen, cursor hidden */
	fputs("\033[?1049h\033[?25l", stdout);
	return 0;
}

static const char *const mf_sort_names[] = {
	[MF_SORT_NAME] = "name", [MF_SORT_SCORE] = MF_COL(score),
	[MF_SORT_FREE] = MF_COL(free),
};

static int mf_top_sort(const char *name)
{
	unsigned int i;

	for (i = 0; i < MF_ARRAY_SIZE(mf_sort_names); i++)
		if (!strcmp(name, mf_sort_names[i])) {
			mf_zone_sort_key = (enum mf_zone_sort)i;
			return 0;
		}
	return -1;
}

/* When a sample was taken: wall and monotonic seconds, < 0 unknown. */
struct mf_top_when {
	double wall, monotonic;
};

/* The keys top takes, shown by ? and h. */
static const char *const mf_top_keys[] = {
	"s        zones by score (the node's compaction score), highest first",
	"f        zones by free pages, least first",
	"n        zones by name (node, then zone), as the files list them",
	"? or h   this help; any key goes back",
	"q        quit",
	NULL
};

/* What changed since the last refresh: the summary's -i line. */
static void mf_top_activity(FILE *out, const struct mf_view *v,
			    struct mf_file *d, double secs,
			    const struct mf_top_when *w)
{
	struct mf_file *dp[MF_VIEW_FILES];
	unsigned int i;

	if (!d) {
		fputs("Deltas since the last refresh: from the second refresh on\n",
		      out);
		return;
	}
	for (i = 0; i < mf_view_nfiles(v); i++)
		dp[i] = &d[i];
	if (secs >= 0)
		fprintf(out, "Deltas since the last refresh, %.1f s ago (dir: direct runs, the stalls)\n",
			secs);
	else
		fputs("Deltas since the last refresh, the samples' times unknown (dir: direct runs)\n",
		      out);
	mf_line_wall = w->wall;
	v->line(out, NULL, dp, 1, secs);
}

/*
 * The header's time: the clock's for the live files; a replayed
 * directory's own (its timestamps file), in UTC as the -i lines have it,
 * so that what the screen shows is when the sample was taken.
 */
static void mf_top_time(char *buf, size_t size, const struct mf_top_when *w,
			int replay)
{
	time_t t = (time_t)w->wall;
	struct tm tm;

	if (w->wall < 0)
		snprintf(buf, size, "time unknown");
	else if (!replay)
		strftime(buf, size, "%H:%M:%S", localtime_r(&t, &tm));
	else
		strftime(buf, size, "recorded %Y-%m-%d %H:%M:%SZ",
			 gmtime_r(&t, &tm));
}

/* The keys, over the whole window until the next key. */
static void mf_top_help(void)
{
	struct winsize ws = { .ws_row = 24, .ws_col = 80 };
	unsigned int i;

	ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws);
	printf("\033[H\033[7m%-*.*s\033[0m\r\n", ws.ws_col, ws.ws_col,
	       "memfrag top: keys");
	for (i = 0; mf_top_keys[i] && i + 2 < ws.ws_row; i++)
		printf("  %.*s\033[K\r\n", ws.ws_col > 2 ? ws.ws_col - 2 : 0,
		       mf_top_keys[i]);
	fputs("\033[J", stdout);
	fflush(stdout);
}

/*
 * One screen: a status line, the activity since the last refresh (d, the
 * delta; NULL on the first), the zones as they are now (sorted by the
 * keys, so near the top, where a 24-line window shows them), then the
 * totals of the summary (f), cut to the window.  The frame is built
 * whole and written at once over the last one, each line erasing its
 * rest and the frame what is below it: a clear screen before a slow
 * write flickers, and a reader of the terminal could see half a frame.
 */
static void mf_top_draw(const struct mf_view *v, struct mf_file *f,
			struct mf_file *d, double secs, unsigned long n,
			const struct mf_top_when *w, int replay)
{
	struct mf_file *fp[MF_VIEW_FILES];
	struct winsize ws = { .ws_row = 24, .ws_col = 80 };
	char *buf = NULL, *line, *save = NULL, when[48], head[160];
	char *frame = NULL;
	size_t len = 0, frame_len = 0;
	unsigned int i, row = 1;
	FILE *mem;

	ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws);
	if (mf_table_width)	/* not --wide: the window's width */
		mf_table_width = ws.ws_col;
	for (i = 0; i < mf_view_nfiles(v); i++)
		fp[i] = &f[i];
	mem = open_memstream(&buf, &len);
	if (!mem)
		return;
	mf_top_activity(mem, v, d, secs, w);
	/* the stalls next: what a task waited for, before the zones */
	mf_summary_stalls_line(mem, fp);
	mf_summary_zones_text(mem, fp);
	fputs("\nTotals since the module was loaded or reset\n", mem);
	mf_summary_totals_but_stalls(mem, fp);
	fclose(mem);
	mem = open_memstream(&frame, &frame_len);
	if (!mem) {
		free(buf);
		return;
	}
	mf_top_time(when, sizeof(when), w, replay);
	/* One line: a header wider than the window would scroll it. */
	snprintf(head, sizeof(head),
		 "memfrag top %s  sample %lu  zones by %s  ? keys",
		 when, n, mf_sort_names[mf_zone_sort_key]);
	fprintf(mem, "\033[H\033[7m%-*.*s\033[0m\r\n", ws.ws_col, ws.ws_col,
		head);
	for (line = strtok_r(buf, "\n", &save); line && row + 1 < ws.ws_row;
	     line = strtok_r(NULL, "\n", &save), row++)
		fprintf(mem, "%.*s\033[K\r\n", ws.ws_col, line);
	fputs("\033[J", mem);
	fclose(mem);
	fwrite(frame, 1, frame_len, stdout);
	fflush(stdout);
	free(frame);
	free(buf);
}

/* Waits up to secs for a key; returns it, or 0. */
static int mf_top_key(double secs)
{
	struct pollfd p = { .fd = STDIN_FILENO, .events = POLLIN };
	char c;

	if (poll(&p, 1, (int)(secs * 1000)) > 0 &&
	    read(STDIN_FILENO, &c, 1) == 1)
		return c;
	return 0;
}

/* The module's load and reset of a sample: its status file's ids. */
static void mf_top_ids(struct mf_module_id *id, const struct mf_file *f,
		       unsigned int nf)
{
	unsigned int i;

	mf_module_id_of(id, NULL);
	for (i = 0; i < nf; i++)
		if (!strcmp(f[i].name, MEMFRAG_FILE_STATUS))
			mf_module_id_of(id, &f[i]);
}

int mf_top_main(int argc, char **argv, const struct mf_globals *g,
		struct mf_source *src, struct mf_error *err)
{
	const struct mf_view *v = &mf_views[0];
	struct mf_file old[MF_VIEW_FILES], new[MF_VIEW_FILES];
	struct mf_file delta[MF_VIEW_FILES];
	struct mf_top_when w, nw;
	struct mf_module_id oid, nid;
	double since = -1;
	int have_delta = 0, help = 0, replay = src->ndirs > 0;
	struct mf_globals plain = *g;
	double secs = g->interval ? g->interval : 1;
	unsigned int nf = mf_view_nfiles(v);
	unsigned long n = 1;
	unsigned int i;
	int c, ret, redraw;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "s:", NULL, NULL)) != -1)
		if (c != 's' || mf_top_sort(optarg))
			return mf_usage_error("top: -s takes score, free or name, not '%s'",
					      optarg ? optarg : "");
	if (optind < argc)
		return mf_usage_error("unexpected argument '%s'", argv[optind]);
	if (g->json || !isatty(STDOUT_FILENO)) {
		plain.interval = secs;
		return mf_view_main(v, &plain, src, err);
	}
	ret = mf_view_load(v, g, src, old, err);
	if (ret)
		return ret;
	mf_view_sample_time(src, &w.wall, &w.monotonic);
	mf_top_setup();
	mf_top_draw(v, old, NULL, since, n, &w, replay);
	while (!mf_top_stop) {
		c = mf_top_key(secs);
		redraw = 1;
		if (c == 'q' || c == 'Q' || mf_top_stop)
			break;
		else if (c == '?' || c == 'h') {
			help = 1;
			mf_top_help();
			continue;
		} else if (help && c)
			help = 0;	/* any key: back to the screen */
		else if (c == 's')
			mf_zone_sort_key = MF_SORT_SCORE;
		else if (c == 'f')
			mf_zone_sort_key = MF_SORT_FREE;
		else if (c == 'n')
			mf_zone_sort_key = MF_SORT_NAME;
		else if (c)
			redraw = 0;
		if (!c) {
			/* a refresh: the next sample */
			if (g->count && n >= g->count)
				break;
			mf_source_next(src);
			ret = mf_view_load(v, g, src, new, err);
			if (ret)
				break;
			/* the real gap: the samples' own times, if known */
			mf_view_sample_time(src, &nw.wall, &nw.monotonic);
			since = w.monotonic >= 0 && nw.monotonic >= w.monotonic ?
				nw.monotonic - w.monotonic : -1;
			w = nw;
			if (have_delta)
				mf_free_files(delta, nf);
			mf_top_ids(&oid, old, nf);
			mf_top_ids(&nid, new, nf);
			for (i = 0; i < nf; i++)
				mf_delta_ids(&old[i], &new[i], &delta[i],
					     &oid, &nid);
			have_delta = 1;
			mf_free_files(old, nf);
			memcpy(old, new, sizeof(new));
			n++;
		}
		if (redraw && !help)
			mf_top_draw(v, old, have_delta ? delta : NULL, since,
				    n, &w, replay);
	}
	if (have_delta)
		mf_free_files(delta, nf);
	mf_free_files(old, nf);
	mf_top_restore();
	if (mf_top_stop)
		fprintf(stderr, "%s top: stopped by signal %d\n", MF_PROG,
			(int)mf_top_stop);
	return ret;
}

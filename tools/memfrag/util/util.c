// SPDX-License-Identifier: GPL-2.0
/*
 * Small helpers: error reporting, an allocation arena, number parsing.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

int mf_fail(struct mf_error *err, int status, const char *fmt, ...)
{
	va_list ap;

	if (err->status)	/* keep the first error */
		return err->status;
	err->status = status;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return status;
}

void *mf_xmalloc(size_t size)
{
	void *p = malloc(size ? size : 1);

	if (!p) {
		fprintf(stderr, "%s: out of memory\n", MF_PROG);
		exit(MF_EXIT_ERROR);
	}
	return p;
}

void *mf_xrealloc(void *p, size_t size)
{
	p = realloc(p, size ? size : 1);
	if (!p) {
		fprintf(stderr, "%s: out of memory\n", MF_PROG);
		exit(MF_EXIT_ERROR);
	}
	return p;
}

struct mf_chunk {
	struct mf_chunk *next;
	max_align_t data[];
};

void *mf_alloc(struct mf_arena *a, size_t size)
{
	struct mf_chunk *c;

	c = mf_xmalloc(sizeof(*c) + size);
	memset(c->data, 0, size);
	c->next = a->chunks;
	a->chunks = c;
	return c->data;
}

char *mf_strndup(struct mf_arena *a, const char *s, size_t len)
{
	char *p = mf_alloc(a, len + 1);

	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

char *mf_strdup(struct mf_arena *a, const char *s)
{
	return mf_strndup(a, s, strlen(s));
}

char *mf_printf(struct mf_arena *a, const char *fmt, ...)
{
	va_list ap;
	char buf[256];

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	return mf_strdup(a, buf);
}

void mf_arena_free(struct mf_arena *a)
{
	struct mf_chunk *c, *next;

	for (c = a->chunks; c; c = next) {
		next = c->next;
		free(c);
	}
	a->chunks = NULL;
}

int mf_parse_u64(const char *s, uint64_t *v)
{
	unsigned long long n;
	char *end;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	n = strtoull(s, &end, 10);
	if (errno || *end)
		return -1;
	*v = n;
	return 0;
}

int mf_parse_int(const char *s, long long *v)
{
	long long n;
	char *end;
	const char *d = *s == '-' ? s + 1 : s;

	if (*d < '0' || *d > '9')
		return -1;
	errno = 0;
	n = strtoll(s, &end, 10);
	if (errno || *end || n < INT_MIN || n > INT_MAX)
		return -1;
	*v = n;
	return 0;
}

int mf_parse_milli(const char *s, long long *v)
{
	const char *p = s;
	long long whole = 0;
	int neg = 0, i;

	if (*p == '-') {
		neg = 1;
		p++;
	}
	if (*p < '0' || *p > '9')
		return -1;
	while (*p >= '0' && *p <= '9') {
		whole = whole * 10 + (*p++ - '0');
		if (whole > 1000000)
			return -1;
	}
	if (*p++ != '.')
		return -1;
	for (i = 0; i < 3; i++) {
		if (p[i] < '0' || p[i] > '9')
			return -1;
		whole = whole * 10 + (p[i] - '0');
	}
	if (p[3])
		return -1;
	*v = neg ? -whole : whole;
	return 0;
}

int mf_parse_seconds(const char *s, double max, double *v)
{
	char *end;

	errno = 0;
	*v = strtod(s, &end);
	return errno || end == s || *end || !(*v > 0 && *v <= max) ? -1 : 0;
}

const char *mf_fmt_milli(char *buf, size_t size, long long milli)
{
	unsigned long long a = milli < 0 ? -(unsigned long long)milli :
						 (unsigned long long)milli;

	snprintf(buf, size, "%s%llu.%03llu", milli < 0 ? "-" : "",
		 a / 1000, a % 1000);
	return buf;
}

int mf_page_size_ok(uint64_t bytes)
{
	return bytes >= MF_PAGE_SIZE_MIN && bytes <= MF_PAGE_SIZE_MAX &&
	       !(bytes & (bytes - 1));
}

const char *mf_fmt_bytes(char *buf, size_t size, double bytes)
{
	static const char *const units[] = { "bytes", "KiB", "MiB", "GiB", "TiB" };
	unsigned int u = 0;

	while (bytes >= 1024 && u + 1 < MF_ARRAY_SIZE(units)) {
		bytes /= 1024;
		u++;
	}
	snprintf(buf, size, "%.4g %s", bytes, units[u]);
	return buf;
}

unsigned int mf_log2_bucket(uint64_t from)
{
	unsigned int b = 0;

	while (from) {
		b++;
		from >>= 1;
	}
	return b;
}

unsigned long long mf_log2_from(unsigned int b)
{
	return b ? 1ULL << (b - 1) : 0;
}

unsigned long long mf_log2_to(unsigned int b)
{
	return b ? (b >= 64 ? ~0ULL : (1ULL << b) - 1) : 0;
}

void mf_getopt_init(struct mf_getopt *g, const struct mf_opt *opts,
		    unsigned int n)
{
	unsigned int i, k = 0;

	memset(g, 0, sizeof(*g));
	/* a leading ':' makes getopt_long() report missing arguments */
	g->shortopts[k++] = ':';
	for (i = 0; i < n && i < MF_MAX_OPTS; i++) {
		g->longopts[i].name = opts[i].name;
		g->longopts[i].has_arg = opts[i].arg ? required_argument :
						       no_argument;
		g->longopts[i].val = opts[i].key;
		g->shortopts[k++] = (char)opts[i].key;
		if (opts[i].arg)
			g->shortopts[k++] = ':';
	}
	opterr = 0;
	optind = 1;
}

/*
 * '=' if name is one of g's long options (so "--name=x" gave it an
 * argument it does not take), else '?'.
 */
static int mf_long_known(const struct mf_getopt *g, const char *name)
{
	const struct option *o;

	for (o = g->longopts; o->name; o++)
		if (!strcmp(o->name, name))
			return '=';
	return '?';
}

int mf_getopt(struct mf_getopt *g, int argc, char **argv, const char **bad)
{
	int c = getopt_long(argc, argv, g->shortopts, g->longopts, NULL);

	*bad = argv[optind - 1];
	/* a long option's own name, not its short letter ("--json=yes") */
	if ((c == '?' || c == ':') && !strncmp(*bad, "--", 2)) {
		const char *arg = *bad;
		size_t n = strcspn(arg, "=");

		snprintf(g->bad, sizeof(g->bad), "%.*s", (int)n, arg);
		*bad = g->bad;
		if (c == '?' && arg[n] == '=')
			return mf_long_known(g, g->bad + 2);
		return c;
	}
	if (c == '?' && optopt) {
		g->bad[0] = '-';
		g->bad[1] = (char)optopt;
		*bad = g->bad;
	}
	return c;
}

/*
 * Prints text from column indent on, its words wrapped to end before
 * column MF_HELP_COLUMNS (a word longer than a line gets a line of its
 * own), every line after the first indented by indent spaces.
 */
static void mf_print_wrapped(FILE *out, const char *text, int indent)
{
	int col = indent;
	size_t n;

	for (text += strspn(text, " "); *text; text += strspn(text, " ")) {
		n = strcspn(text, " ");
		if (col > indent && col + 1 + (int)n > MF_HELP_COLUMNS) {
			fprintf(out, "\n%*s", indent, "");
			col = indent;
		}
		if (col > indent) {
			fputc(' ', out);
			col++;
		}
		fprintf(out, "%.*s", (int)n, text);
		col += (int)n;
		text += n;
	}
	fputc('\n', out);
}

void mf_print_options(FILE *out, const struct mf_opt *opts, unsigned int n,
		      int width)
{
	unsigned int i;
	char opt[64];

	for (i = 0; i < n; i++) {
		snprintf(opt, sizeof(opt), "-%c, --%s%s%s", opts[i].key,
			 opts[i].name, opts[i].arg ? " " : "",
			 opts[i].arg ? opts[i].arg : "");
		fprintf(out, "  %-*s ", width, opt);
		mf_print_wrapped(out, opts[i].help, width + 3);
	}
}

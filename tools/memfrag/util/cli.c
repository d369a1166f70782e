// SPDX-License-Identifier: GPL-2.0
/*
 * The command line (cli.h): global options anywhere, a subcommand's own
 * options after its name, MEMFRAG_DIR wherever -d is not given.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <memfrag/memfrag.h>

#include "cli.h"
#include "filter.h"
#include "names.h"

const struct mf_opt mf_global_opts[] = {
	{ 'j', "json", NULL, "JSON (with -i: one object per line)" },
	{ 'i', "interval", "SECONDS",
	  "every SECONDS (0.01-86400): what changed" },
	{ 'c', "count", "COUNT",	/* an option, not a column name */
	  "with -i: stop after COUNT intervals" },
	{ 'd', "dir", "DIR",
	  "read DIR, not the live files; one per -i sample" },
	{ 'n', "node", "NODE",	/* an option, not a column name */
	  "only NUMA node NODE" },
	{ 'z', "zone", "ZONE",	/* an option, not a column name */
	  "only zones named ZONE (DMA32, Normal, ...)" },
	{ 't', "trigger", "TRIGGER",	/* an option, not a column name */
	  "only runs of TRIGGER (direct, kcompactd, ...)" },
	{ 'w', "wide", NULL, "wider tables (more columns than 80)" },
	{ 'h', "help", NULL, "show this help and exit" },
	{ 'V', "version", NULL, "show the version and exit" },
	{ 0, NULL, NULL, NULL }
};

unsigned int mf_nopts(const struct mf_opt *opts)
{
	unsigned int n = 0;

	while (opts && opts[n].key)
		n++;
	return n;
}

int mf_usage_error(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", MF_PROG);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry '%s --help'.\n", MF_PROG);
	return MF_EXIT_USAGE;
}

int mf_parse_decimal_seconds(const char *s, double min, double max,
			     double *v)
{
	const char *p = s;

	while (isdigit((unsigned char)*p))
		p++;
	if (p == s)
		return -1;
	if (*p == '.') {
		const char *frac = ++p;

		while (isdigit((unsigned char)*p))
			p++;
		if (p == frac)
			return -1;
	}
	if (*p)
		return -1;
	*v = strtod(s, NULL);
	return *v >= min && *v <= max ? 0 : -1;
}

static const struct mf_opt *mf_opt_short(const struct mf_opt *opts, int c)
{
	for (; opts && opts->key; opts++)
		if (opts->key == c)
			return opts;
	return NULL;
}

static const struct mf_opt *mf_opt_long(const struct mf_opt *opts,
					const char *name, size_t len)
{
	for (; opts && opts->key; opts++)
		if (strlen(opts->name) == len && !strncmp(opts->name, name, len))
			return opts;
	return NULL;
}

/* Whether argv[i], an option, takes the next argument as its own. */
static int mf_takes_next(const char *a, const struct mf_opt *global)
{
	const struct mf_opt *o;

	if (a[1] == '-') {
		size_t len = strcspn(a + 2, "=");

		o = mf_opt_long(global, a + 2, len);
		return o && o->arg && !a[2 + len];
	}
	for (a++; *a; a++) {
		o = mf_opt_short(global, *a);
		if (o && o->arg)
			return !a[1];
	}
	return 0;
}

const char *mf_cli_target_name(int argc, char **argv,
			       const struct mf_opt *global)
{
	int i;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "--"))
			return i + 1 < argc ? argv[i + 1] : NULL;
		if (a[0] != '-' || !a[1])
			return a;
		if (mf_takes_next(a, global))
			i++;
	}
	return NULL;
}

static void mf_out_push(struct mf_args_out *out, const char *arg)
{
	out->argv = mf_xrealloc(out->argv, (out->argc + 2) * sizeof(char *));
	out->argv[out->argc] = strdup(arg);
	if (!out->argv[out->argc]) {
		fprintf(stderr, "%s: out of memory\n", MF_PROG);
		exit(MF_EXIT_ERROR);
	}
	out->argv[++out->argc] = NULL;
}

void mf_cli_free(struct mf_args_out *out)
{
	int i;

	for (i = 0; i < out->argc; i++)
		free(out->argv[i]);
	free(out->argv);
	out->argv = NULL;
	out->argc = 0;
}

static int mf_global(int c, const char *arg, struct mf_globals *g,
		     struct mf_source *src, int *ndirs)
{
	struct mf_error err = { 0 };
	char *end;

	switch (c) {
	case 'j':
		g->json = 1;
		return 0;
	case 'w':
		g->wide = 1;
		return 0;
	case 'i':
		if (mf_parse_decimal_seconds(arg, MF_MIN_INTERVAL,
					     MF_MAX_INTERVAL, &g->interval))
			return mf_usage_error("-i: '%s' is not a number of seconds from %g to %g",
					      arg, MF_MIN_INTERVAL,
					      MF_MAX_INTERVAL);
		return 0;
	case 'c':
		errno = 0;
		g->count = strtoul(arg, &end, 10);
		if (errno || end == arg || *end || !g->count ||
		    !isdigit((unsigned char)*arg))
			return mf_usage_error("-c: '%s' is not a positive count",
					      arg);
		return 0;
	case 'd':
		if (!*arg)
			return mf_usage_error("%s", "-d: empty directory name");
		mf_source_add_dir(src, arg);
		(*ndirs)++;
		return 0;
	case 'n':
		if (mf_filter_node(arg, &g->node, &err))
			return mf_usage_error("%s", err.msg);
		return 0;
	case 'z':
		if (mf_filter_zone(arg, &g->zone, &err))
			return mf_usage_error("%s", err.msg);
		return 0;
	case 't':
		if (mf_filter_trigger(arg, &g->trigger, &err))
			return mf_usage_error("%s", err.msg);
		return 0;
	case 'V':
		printf("%s %s (reads formats %d to %d)\n", MF_PROG,
		       MEMFRAG_VERSION, MEMFRAG_FORMAT_OLDEST,
		       MEMFRAG_FORMAT_VERSION);
		exit(fflush(stdout) ? MF_EXIT_ERROR : MF_EXIT_OK);
	}
	return -1;
}

/* MEMFRAG_DIR=DIR[:DIR]..., read when no -d was given. */
static void mf_env_dirs(struct mf_source *src)
{
	const char *env = getenv("MEMFRAG_DIR");
	char *dirs, *save, *d;

	if (!env || !*env)
		return;
	dirs = strdup(env);
	if (!dirs) {
		fprintf(stderr, "%s: out of memory\n", MF_PROG);
		exit(MF_EXIT_ERROR);
	}
	for (d = strtok_r(dirs, ":", &save); d; d = strtok_r(NULL, ":", &save))
		mf_source_add_dir(src, d);
	free(dirs);
}

int mf_cli_parse(int argc, char **argv, const struct mf_opt *cmd_opts,
		 struct mf_globals *g, struct mf_source *src,
		 struct mf_args_out *out)
{
	struct mf_opt all[MF_MAX_OPTS];
	unsigned int ng = mf_nopts(mf_global_opts), nc = mf_nopts(cmd_opts);
	struct mf_getopt go;
	const char *bad;
	char opt[3] = "-";
	int c, ret, ndirs = 0;

	memset(out, 0, sizeof(*out));
	if (ng + nc > MF_MAX_OPTS)
		return mf_usage_error("%s", "too many options (MF_MAX_OPTS)");
	memcpy(all, mf_global_opts, ng * sizeof(*all));
	if (nc)
		memcpy(all + ng, cmd_opts, nc * sizeof(*all));
	mf_out_push(out, "");
	mf_getopt_init(&go, all, ng + nc);
	while ((c = mf_getopt(&go, argc, argv, &bad)) != -1) {
		if (c == 'h')
			return MF_CLI_HELP;
		if (c == ':')
			return mf_usage_error("option '%s' needs an argument",
					      bad);
		if (c == '=')
			return mf_usage_error("option '%s' takes no argument",
					      bad);
		if (c == '?')
			return mf_usage_error("unknown option '%s'", bad);
		if (mf_opt_short(cmd_opts, c)) {
			opt[1] = (char)c;
			mf_out_push(out, opt);
			if (mf_opt_short(cmd_opts, c)->arg)
				mf_out_push(out, optarg);
			continue;
		}
		ret = mf_global(c, optarg, g, src, &ndirs);
		if (ret)
			return ret;
	}
	/* the operands: the subcommand's name, then the command's own */
	if (optind < argc) {
		free(out->argv[0]);
		out->argv[0] = strdup(argv[optind++]);
	}
	while (optind < argc)
		mf_out_push(out, argv[optind++]);
	if (!ndirs)
		mf_env_dirs(src);
	return 0;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * memfrag plot FILE [-o DIR]: draws a recording (util/plot.c) as SVG
 * pictures with an index.html.
 */
#include <stdio.h>
#include <unistd.h>

#include "builtin.h"
#include "util/filter.h"
#include "util/plot.h"
#include "util/recording.h"

const struct mf_opt mf_plot_opts[] = {
	{ 'o', "output", "DIR",
	  "write the pictures and index.html into DIR (default memfrag-plot)" },
	{ 0, NULL, NULL, NULL }
};

/* The -n, -z and -t filters, as every command applies them. */
static int mf_plot_match(const void *arg, long long node, const char *zone,
			 const char *trigger)
{
	return mf_filter_match(arg, node, zone, trigger);
}

static int mf_plot_usage_error(const char *what, const char *arg)
{
	fprintf(stderr, "%s plot: %s%s%s\nTry '%s plot --help'.\n", MF_PROG,
		what, arg ? " " : "", arg ? arg : "", MF_PROG);
	return MF_EXIT_USAGE;
}

int mf_plot_main(int argc, char **argv, const struct mf_globals *g,
		 struct mf_source *src, struct mf_error *err)
{
	struct mf_rec_opts opts = { .allow_cut = 1 };
	struct mf_recording rec;
	const char *dir = "memfrag-plot";
	char filters[120];
	struct mf_getopt go;
	size_t n;
	const char *bad;
	int c, ret;

	(void)src;
	if (g->node >= 0 || g->zone || g->trigger) {
		opts.match = mf_plot_match;
		opts.arg = g;
	}
	mf_getopt_init(&go, mf_plot_opts, mf_nopts(mf_plot_opts));
	while ((c = mf_getopt(&go, argc, argv, &bad)) != -1) {
		if (c == 'o')
			dir = optarg;
		else if (c == ':')
			return mf_plot_usage_error("option needs an argument:", bad);
		else
			return mf_plot_usage_error("unknown option", bad);
	}
	if (optind != argc - 1)
		return mf_plot_usage_error(optind < argc ? "one recording only; unexpected:" :
					   "which recording? (memfrag plot FILE)",
					   optind < argc ? argv[optind + 1] : NULL);
	ret = mf_rec_read_opts(&rec, argv[optind], &opts, err);
	if (ret) {
		mf_rec_release(&rec);
		return ret;
	}
	if (rec.cut)
		fprintf(stderr, "%s plot: %s: cut short at %.3f s (%s): plotting what it holds\n",
			MF_PROG, rec.path, rec.cut_t, rec.cut_why);
	n = 0;
	filters[0] = 0;
	if (g->node >= 0)
		n += snprintf(filters + n, sizeof(filters) - n, " -n %lld", g->node);
	if (g->zone)
		n += snprintf(filters + n, sizeof(filters) - n, " -z %.40s", g->zone);
	if (g->trigger)
		snprintf(filters + n, sizeof(filters) - n, " -t %.40s", g->trigger);
	ret = mf_plot_recording_filtered(&rec, dir, filters[0] ? filters + 1 : NULL,
					 err);
	mf_rec_release(&rec);
	if (!ret)
		fprintf(stderr, "%s plot: %s/index.html and %u figures\n",
			MF_PROG, dir, mf_plot_nfigures);
	return ret;
}

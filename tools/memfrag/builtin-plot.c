// SPDX-License-Identifier: GPL-2.0
/*
 * memfrag plot FILE [-o DIR]: draws a recording (util/plot.c) as SVG
 * pictures with an index.html.
 */
#include <stdio.h>
#include <unistd.h>

#include "builtin.h"
#include "util/plot.h"
#include "util/recording.h"

const struct mf_opt mf_plot_opts[] = {
	{ 'o', "output", "DIR",
	  "write the pictures and index.html into DIR (default memfrag-plot)" },
	{ 0, NULL, NULL, NULL }
};

static int mf_plot_usage_error(const char *what, const char *arg)
{
	fprintf(stderr, "%s plot: %s%s%s\nTry '%s plot --help'.\n", MF_PROG,
		what, arg ? " " : "", arg ? arg : "", MF_PROG);
	return MF_EXIT_USAGE;
}

int mf_plot_main(int argc, char **argv, const struct mf_globals *g,
		 struct mf_source *src, struct mf_error *err)
{
	struct mf_recording rec;
	const char *dir = "memfrag-plot";
	struct mf_getopt go;
	const char *bad;
	int c, ret;

	(void)g;
	(void)src;
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
	ret = mf_rec_read(&rec, argv[optind], err);
	if (ret) {
		mf_rec_release(&rec);
		return ret;
	}
	ret = mf_plot_recording(&rec, dir, err);
	mf_rec_release(&rec);
	if (!ret)
		fprintf(stderr, "%s plot: %s/index.html and %u figures\n",
			MF_PROG, dir, mf_plot_nfigures);
	return ret;
}

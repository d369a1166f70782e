/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A recording's pictures (SVG) and an index.html showing them with the
 * recording's header: memfrag plot draws them, memfrag compare uses the
 * helpers.
 */
#ifndef MEMFRAG_TOOL_PLOT_H
#define MEMFRAG_TOOL_PLOT_H

#include <stdio.h>

#include "recording.h"

/* Draws rec's figures and index.html into dir (the fuzzer calls it). */
int mf_plot_recording(const struct mf_recording *rec, const char *dir,
		      struct mf_error *err);
/*
 * The same, saying on every figure which filters (e.g. "-z DMA32") rec was
 * read with (NULL: none).
 */
int mf_plot_recording_filtered(const struct mf_recording *rec,
			       const char *dir, const char *filters,
			       struct mf_error *err);
/* How many figures mf_plot_recording() draws. */
extern const unsigned int mf_plot_nfigures;

/* Shared with compare. */
/* Creates DIR (and no parents); an existing directory is fine. */
int mf_plot_mkdir(const char *dir, struct mf_error *err);
/* Opens DIR/NAME for writing. */
FILE *mf_plot_open(const char *dir, const char *name, struct mf_error *err);
/* Closes f, reporting a failed write. */
int mf_plot_close(FILE *f, const char *dir, const char *name,
		  struct mf_error *err);
/* "Unmovable→Movable" for the pair a, f. */
const char *mf_plot_pair(unsigned int a, unsigned int f, char *buf,
			 size_t size);
/* The script with which a browser checks every image loaded. */
/* Copies the SVG dir/name into out, for a page that shows its tooltips. */
int mf_html_inline(FILE *out, const char *dir, const char *name,
		   struct mf_error *err);
/* Writes s escaped for HTML. */
void mf_html_escape(FILE *out, const char *s);

#endif /* MEMFRAG_TOOL_PLOT_H */

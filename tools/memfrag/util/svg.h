/* SPDX-License-Identifier: GPL-2.0 */
/*
 * SVG written by hand, the way perf timechart's svghelper does: no
 * plotting library where memfrag runs.  Shapes, text (escaped), colours
 * that colour-blind readers can tell apart (Okabe and Ito's palette for
 * categories, viridis for quantities), and round axis steps.
 */
#ifndef MEMFRAG_TOOL_SVG_H
#define MEMFRAG_TOOL_SVG_H

#include <stdio.h>

#include "util.h"

struct mf_svg {
	FILE *out;
	double w, h;
};

/* Starts a picture w x h pixels with a white background and a title. */
void mf_svg_begin(struct mf_svg *s, FILE *out, double w, double h,
		  const char *title);
void mf_svg_end(struct mf_svg *s);

/*
 * A rectangle; cls (may be NULL) is its class, tip (may be NULL) its
 * tooltip.  Rectangles with a class are the data: tests count them.
 */
void mf_svg_rect(struct mf_svg *s, double x, double y, double w, double h,
		 const char *fill, const char *cls, const char *tip);
/* A rectangle's outline only. */
void mf_svg_frame(struct mf_svg *s, double x, double y, double w, double h,
		  const char *stroke, double width, const char *dash);
void mf_svg_line(struct mf_svg *s, double x1, double y1, double x2,
		 double y2, const char *stroke, double width, const char *dash);
/* A polyline through n points; cls names the series. */
void mf_svg_polyline(struct mf_svg *s, const double *x, const double *y,
		     unsigned int n, const char *stroke, double width,
		     const char *dash, const char *cls);
void mf_svg_circle(struct mf_svg *s, double x, double y, double r,
		   const char *fill, const char *cls, const char *tip);

/* A mark told apart by shape, not colour alone, with a thin outline. */
enum mf_shape { MF_CIRCLE, MF_SQUARE, MF_TRIANGLE };
void mf_svg_mark(struct mf_svg *s, enum mf_shape shape, double x, double y,
		 double r, const char *fill, const char *cls, const char *tip);

enum mf_anchor { MF_START, MF_MIDDLE, MF_END };
/* Text at (x, y); rotate in degrees (-90: reads upwards). */
void mf_svg_text(struct mf_svg *s, double x, double y, enum mf_anchor a,
		 double size, int bold, double rotate, const char *fill,
		 const char *fmt, ...) MF_PRINTF(9, 10);

/* The i-th categorical colour (Okabe-Ito, 8; wraps). */
const char *mf_svg_cat(unsigned int i);
#define MF_SVG_NCAT	8
/* The colour of compaction result r (by the kernel's value). */
const char *mf_svg_result(unsigned int r);
/* A colour from viridis for f in [0, 1], into buf (8 bytes). */
const char *mf_svg_seq(double f, char buf[8]);
/* Black or white, whichever reads on the viridis colour for f. */
const char *mf_svg_seq_ink(double f);
/* A round step (1, 2 or 5 times a power of 10) giving about n ticks. */
double mf_svg_step(double range, int n);
/* A number as a tick label: "1.5", "20k", "3M". */
const char *mf_svg_num(double v, char *buf, size_t size);
/* Microseconds as "500 µs", "2 ms", "1.5 s". */
const char *mf_svg_usecs(double us, char *buf, size_t size);

#endif /* MEMFRAG_TOOL_SVG_H */

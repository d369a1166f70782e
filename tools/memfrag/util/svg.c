// SPDX-License-Identifier: GPL-2.0
/*
 * SVG primitives (svg.h).  Coordinates are printed with one decimal: the
 * pictures are 1200 pixels wide, finer is noise.
 */
#include <math.h>
#include <stdarg.h>
#include <string.h>

#include "svg.h"

static void mf_svg_escape(FILE *out, const char *p)
{
	for (; *p; p++) {
		switch (*p) {
		case '<':
			fputs("&lt;", out);
			break;
		case '>':
			fputs("&gt;", out);
			break;
		case '&':
			fputs("&amp;", out);
			break;
		case '"':
			fputs("&quot;", out);
			break;
		default:
			/* control characters are not XML; UTF-8 passes */
			if ((unsigned char)*p >= 0x20 || *p == '\n')
				fputc(*p, out);
		}
	}
}

void mf_svg_begin(struct mf_svg *s, FILE *out, double w, double h,
		  const char *title)
{
	s->out = out;
	s->w = w;
	s->h = h;
	fprintf(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\" font-family=\"DejaVu Sans, Verdana, sans-serif\">\n<title>",
		w, h, w, h);
	mf_svg_escape(out, title);
	fputs("</title>\n", out);
	fprintf(out, "<rect x=\"0\" y=\"0\" width=\"%.0f\" height=\"%.0f\" fill=\"#ffffff\"/>\n",
		w, h);
}

void mf_svg_end(struct mf_svg *s)
{
	fputs("</svg>\n", s->out);
}

static void mf_svg_tip(struct mf_svg *s, const char *tip, const char *tag)
{
	if (!tip) {
		fputs("/>\n", s->out);
		return;
	}
	fputs("><title>", s->out);
	mf_svg_escape(s->out, tip);
	fprintf(s->out, "</title></%s>\n", tag);
}

void mf_svg_rect(struct mf_svg *s, double x, double y, double w, double h,
		 const char *fill, const char *cls, const char *tip)
{
	fprintf(s->out, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"",
		x, y, w > 0 ? w : 0, h > 0 ? h : 0, fill);
	if (cls)
		fprintf(s->out, " class=\"%s\"", cls);
	mf_svg_tip(s, tip, "rect");
}

void mf_svg_frame(struct mf_svg *s, double x, double y, double w, double h,
		  const char *stroke, double width, const char *dash)
{
	fprintf(s->out, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"none\" stroke=\"%s\" stroke-width=\"%.1f\"%s%s%s/>\n",
		x, y, w, h, stroke, width, dash ? " stroke-dasharray=\"" : "",
		dash ? dash : "", dash ? "\"" : "");
}

void mf_svg_line(struct mf_svg *s, double x1, double y1, double x2,
		 double y2, const char *stroke, double width, const char *dash)
{
	fprintf(s->out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"%.1f\"%s%s%s/>\n",
		x1, y1, x2, y2, stroke, width, dash ? " stroke-dasharray=\"" : "",
		dash ? dash : "", dash ? "\"" : "");
}

void mf_svg_polyline(struct mf_svg *s, const double *x, const double *y,
		     unsigned int n, const char *stroke, double width,
		     const char *dash, const char *cls)
{
	unsigned int i;

	if (!n)
		return;
	fputs("<polyline points=\"", s->out);
	for (i = 0; i < n; i++)
		fprintf(s->out, "%s%.1f,%.1f", i ? " " : "", x[i], y[i]);
	fprintf(s->out, "\" fill=\"none\" stroke=\"%s\" stroke-width=\"%.1f\" stroke-linejoin=\"round\"",
		stroke, width);
	if (dash)
		fprintf(s->out, " stroke-dasharray=\"%s\"", dash);
	if (cls)
		fprintf(s->out, " class=\"%s\"", cls);
	fputs("/>\n", s->out);
}

void mf_svg_circle(struct mf_svg *s, double x, double y, double r,
		   const char *fill, const char *cls, const char *tip)
{
	fprintf(s->out, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\" fill=\"%s\"",
		x, y, r, fill);
	if (cls)
		fprintf(s->out, " class=\"%s\"", cls);
	mf_svg_tip(s, tip, "circle");
}

void mf_svg_mark(struct mf_svg *s, enum mf_shape shape, double x, double y,
		 double r, const char *fill, const char *cls, const char *tip)
{
	if (shape == MF_CIRCLE) {
		mf_svg_circle(s, x, y, r, fill, cls, tip);
		return;
	}
	if (shape == MF_SQUARE)
		fprintf(s->out, "<path d=\"M%.1f %.1fh%.1fv%.1fh%.1fz\"",
			x - r, y - r, 2 * r, 2 * r, -2 * r);
	else
		fprintf(s->out, "<path d=\"M%.1f %.1fL%.1f %.1fL%.1f %.1fz\"",
			x - r * 1.2, y - r, x + r * 1.2, y - r, x, y + r * 1.2);
	fprintf(s->out, " fill=\"%s\" stroke=\"#000000\" stroke-width=\"0.6\"",
		fill);
	if (cls)
		fprintf(s->out, " class=\"%s\"", cls);
	mf_svg_tip(s, tip, "path");
}

void mf_svg_text(struct mf_svg *s, double x, double y, enum mf_anchor a,
		 double size, int bold, double rotate, const char *fill,
		 const char *fmt, ...)
{
	static const char *const anchors[] = { "start", "middle", "end" };
	char buf[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	fprintf(s->out, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"%.0f\" text-anchor=\"%s\" fill=\"%s\"%s",
		x, y, size, anchors[a], fill, bold ? " font-weight=\"bold\"" : "");
	if (rotate)
		fprintf(s->out, " transform=\"rotate(%.0f %.1f %.1f)\"", rotate,
			x, y);
	fputc('>', s->out);
	mf_svg_escape(s->out, buf);
	fputs("</text>\n", s->out);
}

/* Okabe and Ito, "Color Universal Design" (2008). */
static const char *const mf_okabe_ito[MF_SVG_NCAT] = {
	"#0072B2", "#E69F00", "#009E73", "#CC79A7",
	"#56B4E9", "#D55E00", "#F0E442", "#000000",
};

const char *mf_svg_cat(unsigned int i)
{
	return mf_okabe_ito[i % MF_SVG_NCAT];
}

/*
 * One colour per compaction result, the same in every figure: the eight
 * of Okabe and Ito for the results seen most, greys for the two rare
 * ones (not_suitable_zone, other).  success alone is blue; the results
 * that often stand beside it (partial_skipped, complete) are far from
 * blue in hue, and the rare continue takes the light blue.
 */
static const char *const mf_result_colours[] = {
	"#999999", "#CC79A7", "#F0E442", "#009E73", "#56B4E9",
	"#E69F00", "#D55E00", "#000000", "#0072B2", "#666666",
};

const char *mf_svg_result(unsigned int r)
{
	return r < MF_ARRAY_SIZE(mf_result_colours) ? mf_result_colours[r] :
	       "#666666";
}

/* viridis at 0, 1/8, ..., 1 */
static const unsigned char mf_viridis[9][3] = {
	{ 68, 1, 84 }, { 71, 44, 122 }, { 59, 81, 139 }, { 44, 113, 142 },
	{ 33, 144, 141 }, { 39, 173, 129 }, { 92, 200, 99 },
	{ 170, 220, 50 }, { 253, 231, 37 },
};

const char *mf_svg_seq(double f, char buf[8])
{
	double pos;
	unsigned int i, c[3], k;

	if (!(f > 0))
		f = 0;
	if (f > 1)
		f = 1;
	pos = f * 8;
	i = pos >= 8 ? 7 : (unsigned int)pos;
	pos -= i;
	for (k = 0; k < 3; k++)
		c[k] = (unsigned int)(mf_viridis[i][k] +
				      pos * (mf_viridis[i + 1][k] - mf_viridis[i][k]) + 0.5);
	snprintf(buf, 8, "#%02x%02x%02x", c[0] & 0xff, c[1] & 0xff, c[2] & 0xff);
	return buf;
}

const char *mf_svg_seq_ink(double f)
{
	return f > 0.55 ? "#000000" : "#ffffff";
}

double mf_svg_step(double range, int n)
{
	double raw, mag, r;

	if (!(range > 0) || n < 1)
		return 1;
	raw = range / n;
	mag = pow(10, floor(log10(raw)));
	r = raw / mag;
	return (r <= 1 ? 1 : r <= 2 ? 2 : r <= 5 ? 5 : 10) * mag;
}

const char *mf_svg_num(double v, char *buf, size_t size)
{
	double a = fabs(v);

	if (a >= 1e9)
		snprintf(buf, size, "%.3gG", v / 1e9);
	else if (a >= 1e6)
		snprintf(buf, size, "%.3gM", v / 1e6);
	else if (a >= 1e4)
		snprintf(buf, size, "%.3gk", v / 1e3);
	else
		snprintf(buf, size, "%.4g", fabs(v) < 1e-9 ? 0 : v);
	return buf;
}

const char *mf_svg_usecs(double us, char *buf, size_t size)
{
	if (us >= 1e6)
		snprintf(buf, size, "%.3g s", us / 1e6);
	else if (us >= 1e3)
		snprintf(buf, size, "%.3g ms", us / 1e3);
	else
		snprintf(buf, size, "%.3g µs", us);
	return buf;
}

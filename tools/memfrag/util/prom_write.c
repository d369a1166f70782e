// SPDX-License-Identifier: GPL-2.0
/*
 * A scrape as Prometheus's text exposition format, and a file written
 * whole or not at all.
 *
 * node_exporter's textfile collector reads every *.prom file of its
 * directory at each scrape; the file is written to a temporary name in
 * the same directory (not ending in .prom, so never read half-written)
 * and renamed over memfrag.prom, which is atomic within a file system.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "prom.h"

void mf_prom_decimal(char *buf, size_t size, uint64_t v,
		     unsigned long divisor)
{
	int digits = 0, n;
	unsigned long d;

	for (d = divisor; d > 1; d /= 10)
		digits++;
	if (!digits) {
		snprintf(buf, size, "%llu", (unsigned long long)v);
		return;
	}
	n = snprintf(buf, size, "%llu.%0*llu",
		     (unsigned long long)(v / divisor), digits,
		     (unsigned long long)(v % divisor));
	/* "0.000256", "1", not "0.000256000" or "1.000000" */
	while (n > 0 && (size_t)n < size && buf[n - 1] == '0')
		buf[--n] = '\0';
	if (n > 0 && (size_t)n < size && buf[n - 1] == '.')
		buf[--n] = '\0';
}

static int mf_prom_sample_cmp(const void *a, const void *b)
{
	const struct mf_prom_sample *x = a, *y = b;

	if (x->metric != y->metric)
		return x->metric < y->metric ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static void mf_prom_help(FILE *out, const char *help)
{
	for (; *help; help++) {
		if (*help == '\\')
			fputs("\\\\", out);
		else if (*help == '\n')
			fputs("\\n", out);
		else
			fputc(*help, out);
	}
}

void mf_prom_write(struct mf_prom *p, FILE *out)
{
	const struct mf_prom_sample *s;
	unsigned int last = ~0u;
	char v[48];

	qsort(p->samples, p->nsamples, sizeof(*p->samples), mf_prom_sample_cmp);
	for (s = p->samples; s < p->samples + p->nsamples; s++) {
		if (s->metric != last) {
			last = s->metric;
			fprintf(out, "# HELP %s ", p->metrics[last].name);
			mf_prom_help(out, p->metrics[last].help);
			fprintf(out, "\n# TYPE %s %s\n", p->metrics[last].name,
				p->metrics[last].type);
		}
		if (s->counter)
			mf_prom_decimal(v, sizeof(v), s->raw + s->offset,
					s->divisor);
		fprintf(out, "%s %s\n", s->series, s->counter ? v : s->text);
	}
}

int mf_prom_write_atomic(const char *dir, const char *name, const char *data,
			 size_t len, struct mf_error *err)
{
	char tmp[4352], path[4352];
	size_t done = 0;
	ssize_t w;
	int fd;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	/* a name node_exporter does not read: it ends in random letters */
	snprintf(tmp, sizeof(tmp), "%s/.%s.XXXXXX", dir, name);
	fd = mkstemp(tmp);
	if (fd < 0)
		return mf_fail(err, errno == ENOENT || errno == ENOTDIR ?
			       MF_EXIT_NO_FILE : MF_EXIT_ERROR,
			       "cannot create a file in %s: %s", dir,
			       strerror(errno));
	while (done < len) {
		w = write(fd, data + done, len - done);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			break;
		done += (size_t)w;
	}
	if (done < len || fchmod(fd, 0644) || fsync(fd)) {
		mf_fail(err, MF_EXIT_ERROR, "writing %s failed: %s", tmp,
			strerror(errno ? errno : EIO));
		close(fd);
		unlink(tmp);
		return err->status;
	}
	if (close(fd) || rename(tmp, path)) {
		mf_fail(err, MF_EXIT_ERROR, "cannot write %s: %s", path,
			strerror(errno));
		unlink(tmp);
		return err->status;
	}
	return 0;
}

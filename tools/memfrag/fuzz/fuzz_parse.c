// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer harness for the memfrag tool's parser and everything that
 * renders what it parsed: make -C tools/memfrag fuzz, then
 * tools/memfrag/fuzz/run-fuzz.sh.
 *
 * Input: one byte choosing the file (status, compaction, ..., zones) and,
 * by its top bit, whether vm.compaction_proactiveness is known, then the
 * file's text.  A NUL byte, if any, splits the text into two reads of
 * the file, for the interval deltas.  The file is parsed and validated;
 * when valid, every view reading it renders it (text, JSON and the -i
 * line), with valid empty copies of the summary's other files, and so
 * does the delta between the two reads.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/delta.h"
#include "../util/json.h"
#include "../util/schema.h"
#include "../util/views.h"
#include "fuzz.h"

/*
 * A valid value of each type a "key: value" line has (a gauge's is a
 * page size too, which must be a power of two from 4096).
 */
static const char *const mf_sample[] = {
	[MF_T_STR] = "x", [MF_T_INT] = "0", [MF_T_GAUGE] = "4096",
	[MF_T_PAIRS] = "x=0", [MF_T_TPCOUNT] = "0 known, 0 attached",
	[MF_T_WORDS] = "none", [MF_T_INT_OR_UNKNOWN] = "unknown",
};

/*
 * The files the tool reads, in the order of the schema (which the seeds
 * of run-fuzz.sh follow), and the smallest valid copy of each, made from
 * the schema: every key, every section, no rows.
 */
static const struct mf_filespec *mf_specs[MEMFRAG_NR_FILES];
static unsigned int mf_nspecs;
static struct mf_file mf_empty_file[MEMFRAG_NR_FILES];

/* The smallest valid copy of fs's file, to be freed. */
static char *mf_empty_text(const struct mf_filespec *fs, size_t *len)
{
	const struct mf_secspec *ss;
	const struct mf_colspec *c;
	char *text;
	FILE *m = open_memstream(&text, len);

	if (!m)
		abort();
	fprintf(m, "memfrag %s\nformat: %d\n", MEMFRAG_VERSION,
		MEMFRAG_FORMAT_VERSION);
	for (c = fs->kv; c->name; c++)
		fprintf(m, "%s: %s\n", c->name, mf_sample[c->type]);
	for (ss = fs->secs; ss->name; ss++) {
		if (*ss->name)	/* status's table has no "[name]" line */
			fprintf(m, "[%s]\n", ss->name);
		if (ss->flags & MEMFRAG_SEC_NOTE)
			fputs("a note", m);
		for (c = ss->cols; c->name; c++)
			fprintf(m, "%s ", c->name);
		if (ss->flags & MEMFRAG_SEC_ORDERS)
			fputs("0", m);
		fputc('\n', m);
	}
	if (fclose(m))
		abort();
	return text;
}

static FILE *mf_null;

/*
 * vm.compaction_proactiveness for the keys the tool computes (the zones
 * thresholds): known or not, by the input's first byte.
 */
static const char *mf_proactiveness;

static int mf_read(const char *name, const char *data, size_t len,
		   struct mf_file *f)
{
	struct mf_error err = { 0 };

	if (mf_parse(f, name, name, data, len, &err) ||
	    mf_validate(f, &err))
		return -1;
	if (mf_has_tool_keys(f))
		mf_add_tool_keys(f, mf_proactiveness);
	return 0;
}

/* Renders every view that reads file sel, from f (the others empty). */
static void mf_render_all(unsigned int sel, struct mf_file *f)
{
	struct mf_file *empty = mf_empty_file;
	struct mf_file *files[MF_VIEW_FILES];
	unsigned int v, k, i, uses;
	struct mf_json j;

	for (v = 0; v < mf_nviews; v++) {
		const struct mf_view *view = &mf_views[v];

		uses = 0;
		for (k = 0; k < MF_VIEW_FILES && view->files[k]; k++) {
			for (i = 0; i < mf_nspecs; i++)
				if (!strcmp(mf_specs[i]->name, view->files[k]))
					break;
			if (i == sel) {
				files[k] = f;
				uses = 1;
			} else {
				files[k] = &empty[i];
			}
		}
		if (!uses)
			continue;
		view->text(mf_null, files);
		mf_json_init(&j, mf_null, 1);
		mf_json_begin(&j, NULL, '{');
		view->json(&j, files);
		mf_json_end(&j, '}');
		mf_json_done(&j);
		if (view->line) {
			view->line(mf_null, NULL, files, 1, 1.0);
			mf_json_init(&j, mf_null, 0);
			view->line(mf_null, &j, files, 1, 1.0);
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mf_file a, b, d;
	const char *text, *nul;
	size_t alen, blen;
	unsigned int sel;

	if (!mf_null) {
		mf_null = fopen("/dev/null", "w");
		/* the tool's spec of each file (tasks: not MEMFRAG_FILES') */
		for (sel = 0; sel < mf_nfiles; sel++)
			if (mf_filespec(mf_files[sel].name))
				mf_specs[mf_nspecs++] =
					mf_filespec(mf_files[sel].name);
		for (sel = 0; sel < mf_nspecs; sel++) {
			size_t len;
			char *empty = mf_empty_text(mf_specs[sel], &len);

			if (mf_read(mf_specs[sel]->name, empty, len,
				    &mf_empty_file[sel]))
				abort();	/* the harness's files are valid */
			free(empty);
		}
	}
	if (!size)
		return 0;
	sel = data[0] % mf_nspecs;
	mf_proactiveness = data[0] & 0x80 ? NULL : "20";
	text = (const char *)data + 1;
	size--;
	nul = memchr(text, '\0', size);
	alen = nul ? (size_t)(nul - text) : size;
	blen = nul ? size - alen - 1 : 0;

	if (!mf_read(mf_specs[sel]->name, text, alen, &a)) {
		mf_render_all(sel, &a);
		if (nul && !mf_read(mf_specs[sel]->name, nul + 1, blen, &b)) {
			mf_delta(&a, &b, &d);
			mf_render_all(sel, &d);
			mf_file_free(&d);
		}
		if (nul)
			mf_file_free(&b);
	}
	mf_file_free(&a);
	return 0;
}

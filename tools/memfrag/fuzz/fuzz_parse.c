// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer harness for the memfrag tool's parser and everything that
 * renders what it parsed: make -C tools/memfrag fuzz, then
 * tools/memfrag/fuzz/run-fuzz.sh.
 *
 * Input: one byte choosing the file (status, compaction, ..., zones), then
 * the file's text.  A NUL byte, if any, splits the text into two reads of
 * the file, for the interval deltas.  The file is parsed and validated;
 * when valid, every view reading it renders it (text, JSON and the -i
 * line), with valid empty copies of the summary's other files, and so
 * does the delta between the two reads.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../delta.h"
#include "../json.h"
#include "../schema.h"
#include "../views.h"

#define HDR	"memfrag 0.1.0\nformat: 1\n"

/* The smallest valid copy of each file: every section, no rows. */
static const struct {
	const char *name;
	const char *text;
} mf_empty[] = {
	{ "status", HDR "kernel: 6.12.0\nmemory_bytes: 1\n"
		"drops: no_zone=0\ntracepoints: 0 known, 0 attached\n"
		"tracepoint state hits\n" },
	{ "compaction", HDR "[runs]\nnode zone trigger mode result runs\n"
		"[begins]\nnode zone begins\n" },
	{ "latency", HDR "[latency]\nnode zone trigger usecs_from usecs_to count\n"
		"[timed]\nnode zone trigger runs total_us mean_us\n" },
	{ "direct", HDR "[try_to_compact_pages]\norder prio count\n"
		"[suitable]\nnode zone order result count\n"
		"[finished]\nnode zone order result count\n"
		"[deferred]\nnode zone order count\n"
		"[defer_compaction]\nnode zone order count\n"
		"[defer_reset]\nnode zone order count\n" },
	{ "kcompactd", HDR "[wakeup_kcompactd]\nnode order highest_zone count\n"
		"[kcompactd_wake]\nnode order highest_zone count\n"
		"[kcompactd_sleep]\nnode count\n" },
	{ "migration", HDR "unreported: none\n[migration]\nnode zone migrate_scanned migrate_isolated free_scanned free_isolated fast_free_scanned fast_free_isolated migrated failed\n" },
	{ "extfrag", HDR "pageblock_order: 9\n"
		"[order]\nnode zone alloc_order fallback_order fragmenting count\n"
		"[migratetype]\nnode zone alloc_type fallback_type fragmenting count\n"
		"[ownership]\nunavailable: x\n" },
	{ "zones", HDR "compaction_proactiveness: 20\nscore_order: 9\n"
		"score_low: 80\nscore_high: 90\n"
		"[zones]\nnode zone present managed free min low high boost score\n"
		"[nodes]\nnode score\n[free_blocks]\nnode zone 0\n"
		"[unusable_index]\nnode zone 0\n"
		"[fragmentation_index]\nnode zone 0\n" },
};

#define MF_NFILES	MF_ARRAY_SIZE(mf_empty)

static FILE *mf_null;
static struct mf_file mf_empty_file[MF_NFILES];	/* parsed once */

static int mf_read(const char *name, const char *data, size_t len,
		   struct mf_file *f)
{
	struct mf_error err = { 0 };

	if (mf_parse(f, name, name, data, len, &err))
		return -1;
	return mf_validate(f, &err) ? -1 : 0;
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
			for (i = 0; i < MF_NFILES; i++)
				if (!strcmp(mf_empty[i].name, view->files[k]))
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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mf_file a, b, d;
	const char *text, *nul;
	size_t alen, blen;
	unsigned int sel;

	if (!mf_null) {
		mf_null = fopen("/dev/null", "w");
		for (sel = 0; sel < MF_NFILES; sel++)
			if (mf_read(mf_empty[sel].name, mf_empty[sel].text,
				    strlen(mf_empty[sel].text),
				    &mf_empty_file[sel]))
				abort();	/* the harness's files are valid */
	}
	if (!size)
		return 0;
	sel = data[0] % MF_NFILES;
	text = (const char *)data + 1;
	size--;
	nul = memchr(text, '\0', size);
	alen = nul ? (size_t)(nul - text) : size;
	blen = nul ? size - alen - 1 : 0;

	if (!mf_read(mf_empty[sel].name, text, alen, &a)) {
		mf_render_all(sel, &a);
		if (nul && !mf_read(mf_empty[sel].name, nul + 1, blen, &b)) {
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

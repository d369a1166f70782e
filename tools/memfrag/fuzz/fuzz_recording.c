// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer harness for the reader of memfrag record's recordings (and
 * the pictures drawn from one): make -C tools/memfrag fuzz, then
 * tools/memfrag/fuzz/run-fuzz.sh.  The input is a recording; when it
 * reads, every figure is drawn into a scratch directory, so values no
 * real recording has (huge, negative, NaN-making) go through the drawing
 * code too.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "../util/plot.h"
#include "../util/recording.h"
#include "fuzz.h"

static char mf_dir[64];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mf_recording rec;
	struct mf_error err = { 0 };

	if (!mf_dir[0]) {
		snprintf(mf_dir, sizeof(mf_dir), "/tmp/memfrag-fuzz-plot.%d",
			 (int)getpid());
	}
	if (!mf_rec_parse(&rec, "fuzz", (const char *)data, size, &err))
		mf_plot_recording(&rec, mf_dir, &err);
	mf_rec_release(&rec);
	return 0;
}

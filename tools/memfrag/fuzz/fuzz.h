/* SPDX-License-Identifier: GPL-2.0 */
/* The entry point libFuzzer calls, shared by memfrag's fuzz targets. */
#ifndef MEMFRAG_FUZZ_H
#define MEMFRAG_FUZZ_H

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif

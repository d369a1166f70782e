#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# show.sh RESULTS: prints a results file of tools/bench/bench.sh as tables.
set -euo pipefail
results=${1:?usage: show.sh RESULTS}

awk '
function val(key,    i, kv) {
	for (i = 2; i <= NF; i++) {
		split($i, kv, "=")
		if (kv[1] == key)
			return substr($i, length(key) + 2)
	}
	return "-"
}
/^#/ { print; next }
$1 == "meta" { sub(/^meta /, ""); print "# " $0; next }
$1 == "workload" {
	if (!w++)
		printf "\n%-9s %4s %10s %10s %10s %7s %8s %10s %8s %10s %7s\n",
		       "mode", "runs", "median_ms", "min_ms", "max_ms", "ratio",
		       "events", "pages", "cost_ns", "rescan_ms", "ratio"
	printf "%-9s %4s %10s %10s %10s %7s %8s %10s %8s %10s %7s\n", $2,
	       val("runs"), val("median_ms"), val("min_ms"), val("max_ms"),
	       val("ratio"), val("events"), val("pages"), val("cost_ns"),
	       val("rescan_ms"), val("rescan_ratio")
}
$1 == "probe" {
	if (!p++)
		printf "\n%-38s %10s %12s %7s\n", "tracepoint (ns per call)",
		       "empty", "memfrag", "ratio"
	printf "%-38s %10s %12s %7s\n", $2, val("empty_ns"), val("memfrag_ns"),
	       val("ratio")
}
$1 == "read" {
	if (!r++)
		printf "\n%-44s %10s %10s %8s\n", "file (read once)", "median_us",
		       "min_us", "bytes"
	printf "%-44s %10s %10s %8s\n", $2, val("median_us"), val("min_us"),
	       val("bytes")
}
$1 == "memory" {
	printf "\nmemory: module %s bytes (text and data), %s bytes allocated at load\n",
	       val("module_bytes"), val("memory_bytes")
}' "$results"

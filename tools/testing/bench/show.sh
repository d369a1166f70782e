#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# show.sh RESULTS: prints a results file of tools/testing/bench/bench.sh as tables.
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
		printf "\n%-9s %4s %10s %7s %8s %10s %8s %10s %7s\n",
		       "mode", "runs", "median_ms", "ratio", "events", "pages",
		       "cost_ns", "rescan_ms", "ratio"
	printf "%-9s %4s %10s %7s %8s %10s %8s %10s %7s\n", $2,
	       val("runs"), val("median_ms"), val("ratio"), val("events"),
	       val("pages"), val("cost_ns"), val("rescan_ms"),
	       val("rescan_ratio")
	line[w] = sprintf("%-9s %11s %11s %11s %7s %7s %12s", $2,
			  val("ns_per_page"), val("min_ns_per_page"),
			  val("max_ns_per_page"), val("spread_pct"),
			  val("page_ratio"), val("page_cost_ns"))
}
$1 == "probe" {
	if (!p++)
		printf "\n%-38s %8s %8s %8s %8s %8s %6s %9s %6s\n",
		       "tracepoint (ns per call)", "empty", "memfrag", "ftrace",
		       "perf", "bpftrace", "ratio", "cheapest", "ratio"
	printf "%-38s %8s %8s %8s %8s %8s %6s %9s %6s\n", $2, val("empty_ns"),
	       val("memfrag_ns"), val("ftrace_ns"), val("perf_ns"),
	       val("bpftrace_ns"), val("ratio"), val("cheapest_peer"),
	       val("peer_ratio")
}
$1 == "stackpeer" {
	if (!sp++)
		printf "\n%-38s %8s %13s %15s %6s\n",
		       "with a stack per call (ns per call)", "memfrag",
		       "ftrace+stack", "bpftrace+kstack", "ratio"
	printf "%-38s %8s %13s %15s %6s\n", $2, val("memfrag_ns"),
	       val("ftrace_stack_ns"), val("bpftrace_stack_ns"),
	       val("peer_ratio")
}
$1 == "atomics" {
	if (!a++)
		printf "\n%-38s %5s %8s %5s  %s\n",
		       "atomic instructions of a probe", "own", "callees",
		       "rare", "in"
	printf "%-38s %5s %8s %5s  %s\n", $2, val("own"), val("callees"),
	       val("rare"), val("via")
}
$1 == "read" {
	if (!r++)
		printf "\n%-44s %10s %10s %8s\n", "file (read once)", "median_us",
		       "min_us", "bytes"
	printf "%-44s %10s %10s %8s\n", $2, val("median_us"), val("min_us"),
	       val("bytes")
}
END {
	if (!w)
		exit
	printf "\nnormalised by the work done (pages scanned), spread = (max - min) / median\n"
	printf "%-9s %11s %11s %11s %7s %7s %12s\n", "mode", "ns_per_page",
	       "min", "max", "spread%", "ratio", "ns_per_event"
	for (i = 1; i <= w; i++)
		print line[i]
}
$1 == "memory" {
	printf "\nmemory: module %s bytes (text and data), %s bytes allocated at load\n",
	       val("module_bytes"), val("memory_bytes")
}' "$results"

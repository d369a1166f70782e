#!/usr/bin/awk -f
# SPDX-License-Identifier: GPL-2.0
#
# summarize.awk GUEST-OUTPUT: turns bench-guest.sh's output into results,
# one figure per line, "<kind> <name> key=value ...":
#   meta     the kernel, the guest, the workload, and the kernel's own
#            count of events per run: the records the ring buffer wrote in
#            the ftrace runs (median)
#   workload <mode>:
#            runs, median/min/max milliseconds of the workload's phases
#            (summed, as the workload times them: process start and exit,
#            and the shell around them, are left out), ratio of the median to the
#            median with no tracing, the median events the mode counted,
#            the median pages the compaction scanners looked at (the
#            kernel's measure of the work a run did, /proc/vmstat; it shows
#            how much the work varied), cost_ns = (median - median with no
#            tracing) / the kernel's events per run, and rescan_ms: the
#            median of the rescan phase alone, where events are densest,
#            with its ratio to no tracing.
#   probe    <tracepoint>: ns per call of the empty probe and memfrag's
#   read     <file>: median and minimum microseconds to read it once
#   memory   memfrag's module size and load-time allocations

function median(list,    n, v, i, j, t) {
	n = split(list, v, " ")
	for (i = 2; i <= n; i++)
		for (j = i; j > 1 && v[j - 1] + 0 > v[j] + 0; j--) {
			t = v[j]; v[j] = v[j - 1]; v[j - 1] = t
		}
	return n ? v[int((n + 1) / 2)] : "-"
}
function extreme(list, want_max,    n, v, i, r) {
	n = split(list, v, " ")
	r = v[1]
	for (i = 2; i <= n; i++)
		if (want_max ? v[i] + 0 > r + 0 : v[i] + 0 < r + 0)
			r = v[i]
	return r
}

$1 == "kernel" { print "meta kernel release=" $2 }
$1 == "guest" { $1 = ""; print "meta guest" $0 }
$1 == "workload" { $1 = ""; sub(/^ /, ""); print "meta workload command=\"" $0 "\"" }
# Phase lines come after their run line.
$1 == "run" {
	if (!($2 in pages))
		order[++nmodes] = $2
	pages[$2] = pages[$2] " " $6
	if ($5 != "-")
		ev[$2] = ev[$2] " " $5
}
$1 == "phase" {
	work[$2, $3] += $5 * 1e6
	if (!(($2, $3) in seen)) {
		seen[$2, $3] = 1
		runs_of[$2] = runs_of[$2] " " $3
	}
	if ($4 == "rescan")
		rescan[$2] = rescan[$2] " " $5
}
$1 == "memory" || $1 == "read" { print }
$1 == "probe" && $2 !~ /^#/ {
	printf "probe %s empty_ns=%s memfrag_ns=%s ratio=%s\n", $2, $3, $4, $5
}
END {
	for (i = 1; i <= nmodes; i++) {
		m = order[i]
		n = split(runs_of[m], rounds, " ")
		for (j = 1; j <= n; j++)
			ns[m] = ns[m] " " work[m, rounds[j]]
	}
	base = median(ns["none"])
	rbase = "none" in rescan ? median(rescan["none"]) : "-"
	kernel = "ftrace" in ev ? median(ev["ftrace"]) : "-"
	printf "meta events kernel_count=%s source=%s\n", kernel,
	       kernel != "-" ? "ftrace_ring_buffer" : "none"
	for (i = 1; i <= nmodes; i++) {
		m = order[i]
		med = median(ns[m])
		printf "workload %s runs=%d median_ms=%.1f min_ms=%.1f max_ms=%.1f",
		       m, split(ns[m], tmp, " "), med / 1e6,
		       extreme(ns[m], 0) / 1e6, extreme(ns[m], 1) / 1e6
		printf " ratio=%s", base != "-" ? sprintf("%.4f", med / base) : "-"
		printf " events=%s pages=%s", m in ev ? median(ev[m]) : "-",
		       median(pages[m])
		if (base != "-" && kernel != "-" && kernel > 0 && m != "none")
			printf " cost_ns=%.0f", (med - base) / kernel
		else
			printf " cost_ns=-"
		r = m in rescan ? median(rescan[m]) : "-"
		printf " rescan_ms=%s rescan_ratio=%s\n", r,
		       r != "-" && rbase != "-" ? sprintf("%.4f", r / rbase) : "-"
	}
}

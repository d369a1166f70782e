#!/usr/bin/awk -f
# SPDX-License-Identifier: GPL-2.0
#
# summarize.awk GUEST-OUTPUT: turns bench-guest.sh's output into results,
# one figure per line, "<kind> <name> key=value ...":
#   meta    the kernel, the guest and the workload
#   workload <mode>: runs, median/min/max milliseconds, ratio of the median
#           to the median with no tracing, median events the mode counted,
#           and cost_ns = (median - median with no tracing) / events,
#           where events is the kernel's own count: the ring buffer's
#           written records in the ftrace mode (median over its runs)
#   probe   <tracepoint>: ns per call of the empty probe and memfrag's
#   read    <file>: median and minimum microseconds to read it once
#   memory  memfrag's module size and load-time allocations

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
$1 == "run" {
	if (!($2 in ns))
		order[++nmodes] = $2
	ns[$2] = ns[$2] " " $4
	if ($5 != "-")
		ev[$2] = ev[$2] " " $5
}
$1 == "memory" || $1 == "read" { print }
$1 == "probe" && $2 !~ /^#/ {
	printf "probe %s empty_ns=%s memfrag_ns=%s ratio=%s\n", $2, $3, $4, $5
}
END {
	base = median(ns["none"])
	kernel = "ftrace" in ev ? median(ev["ftrace"]) : "-"
	print "meta events kernel_count=" kernel " source=" \
	      ("ftrace" in ev ? "ftrace_ring_buffer" : "none")
	for (i = 1; i <= nmodes; i++) {
		m = order[i]
		med = median(ns[m])
		printf "workload %s runs=%d median_ms=%.1f min_ms=%.1f max_ms=%.1f",
		       m, split(ns[m], tmp, " "), med / 1e6,
		       extreme(ns[m], 0) / 1e6, extreme(ns[m], 1) / 1e6
		printf " ratio=%s", base != "-" ? sprintf("%.4f", med / base) : "-"
		printf " events=%s", m in ev ? median(ev[m]) : "-"
		if (base != "-" && kernel != "-" && kernel > 0 && m != "none")
			printf " cost_ns=%.0f\n", (med - base) / kernel
		else
			printf " cost_ns=-\n"
	}
}

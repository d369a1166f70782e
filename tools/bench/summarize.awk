#!/usr/bin/awk -f
# SPDX-License-Identifier: GPL-2.0
#
# summarize.awk GUEST-OUTPUT: turns bench-guest.sh's output into results,
# one figure per line, "<kind> <name> key=value ...":
#   meta     the kernel, the guest, the workload, and the kernel's own
#            count of events per scanned page (ftrace runs)
#   workload <mode>:
#            runs, median/min/max milliseconds, ratio of the median to the
#            median with no tracing, the median events the mode counted,
#            the median pages the compaction scanners looked at (the
#            kernel's measure of the work a run did, /proc/vmstat), and
#            norm_ratio: the median of (run time / pages scanned) over the
#            same with no tracing.  Compaction does not do exactly the same
#            work every run, so this ratio, not the raw one, is the
#            overhead.  cost_ns = (median time per page - same with no
#            tracing) / events per page: what one event costs.  rescan_ms:
#            the median of the rescan phase alone, where events are densest.
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
$1 == "run" {
	if (!($2 in ns))
		order[++nmodes] = $2
	ns[$2] = ns[$2] " " $4
	pages[$2] = pages[$2] " " $6
	if ($6 > 0)
		per_page[$2] = per_page[$2] " " $4 / $6
	if ($5 != "-") {
		ev[$2] = ev[$2] " " $5
		if ($6 > 0)
			ev_per_page[$2] = ev_per_page[$2] " " $5 / $6
	}
}
$1 == "phase" && $4 == "rescan" { rescan[$2] = rescan[$2] " " $5 }
$1 == "memory" || $1 == "read" { print }
$1 == "probe" && $2 !~ /^#/ {
	printf "probe %s empty_ns=%s memfrag_ns=%s ratio=%s\n", $2, $3, $4, $5
}
END {
	base = median(ns["none"])
	nbase = "none" in per_page ? median(per_page["none"]) : "-"
	rbase = "none" in rescan ? median(rescan["none"]) : "-"
	epp = "ftrace" in ev_per_page ? median(ev_per_page["ftrace"]) : "-"
	printf "meta events kernel_events_per_page=%s source=%s\n",
	       epp != "-" ? sprintf("%.4f", epp) : "-",
	       epp != "-" ? "ftrace_ring_buffer" : "none"
	for (i = 1; i <= nmodes; i++) {
		m = order[i]
		med = median(ns[m])
		norm = m in per_page ? median(per_page[m]) : "-"
		printf "workload %s runs=%d median_ms=%.1f min_ms=%.1f max_ms=%.1f",
		       m, split(ns[m], tmp, " "), med / 1e6,
		       extreme(ns[m], 0) / 1e6, extreme(ns[m], 1) / 1e6
		printf " ratio=%s", base != "-" ? sprintf("%.4f", med / base) : "-"
		printf " events=%s pages=%s", m in ev ? median(ev[m]) : "-",
		       median(pages[m])
		printf " ns_per_page=%s norm_ratio=%s",
		       norm != "-" ? sprintf("%.1f", norm) : "-",
		       norm != "-" && nbase != "-" ? sprintf("%.4f", norm / nbase) : "-"
		if (norm != "-" && nbase != "-" && epp != "-" && epp > 0 && m != "none")
			printf " cost_ns=%.0f", (norm - nbase) / epp
		else
			printf " cost_ns=-"
		r = m in rescan ? median(rescan[m]) : "-"
		printf " rescan_ms=%s rescan_ratio=%s\n", r,
		       r != "-" && rbase != "-" ? sprintf("%.4f", r / rbase) : "-"
	}
}

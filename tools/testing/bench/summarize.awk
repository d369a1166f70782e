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
#            Normalised by the work done, so that a mode that changes the
#            work cannot look cheaper: ns_per_page, each run's time over
#            the pages its scanners looked at (median, min, max, and the
#            spread, (max - min) / median in percent), its ratio to no
#            tracing (page_ratio), and page_cost_ns = the extra ns per
#            page over no tracing / the kernel's events per page (the
#            ftrace runs' records over their pages).
#   probe    <tracepoint>: ns per call of the empty probe, memfrag's and
#            its peers' (ftrace, perf, bpftrace; - when not measured),
#            memfrag's ratio to the empty probe and to the cheapest peer
#   stackpeer <tracepoint>: memfrag beside the peers that keep a stack
#            per call as it does there (ftrace with a stacktrace trigger,
#            bpftrace counting by kstack), and its ratio to the cheaper
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
	run_pages[$2, $3] = $6
	if ($5 != "-") {
		ev[$2] = ev[$2] " " $5
		run_ev[$2, $3] = $5
	}
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
# probe tables: label empty memfrag ftrace perf bpf ratio; each peer's
# column from the table read while it was attached.
$1 ~ /^probe/ && $2 !~ /^#/ {
	if (!($2 in probe_seen)) {
		probe_seen[$2] = 1
		probes[++nprobes] = $2
	}
	if ($1 == "probe") {
		p_empty[$2] = $3
		p_memfrag[$2] = $4
	}
	if ($1 == "probe_ftrace")
		p_ftrace[$2] = $5
	if ($1 == "probe_perf")
		p_perf[$2] = $6
	if ($1 == "probe_bpf")
		p_bpf[$2] = $7
	if ($1 == "probe_ftrace_stack" && $5 != "-")
		p_ftrace_stack[$2] = $5
	if ($1 == "probe_bpf_stack" && $7 != "-")
		p_bpf_stack[$2] = $7
}
function or_dash(v) { return v == "" ? "-" : v }
function probe_line(tp,    e, f, best, name, peer, i, v, n) {
	e = or_dash(p_empty[tp]); f = or_dash(p_memfrag[tp])
	printf "probe %s empty_ns=%s memfrag_ns=%s ftrace_ns=%s perf_ns=%s bpftrace_ns=%s",
	       tp, e, f, or_dash(p_ftrace[tp]), or_dash(p_perf[tp]),
	       or_dash(p_bpf[tp])
	v = e != "-" && f != "-" && e > 0 ? sprintf("%.2f", f / e) : "-"
	printf " ratio=%s", v
	n = split("ftrace perf bpftrace", name, " ")
	peer["ftrace"] = p_ftrace[tp]; peer["perf"] = p_perf[tp]
	peer["bpftrace"] = p_bpf[tp]
	best = ""
	for (i = 1; i <= n; i++) {
		v = peer[name[i]]
		if (v != "" && v != "-" && (best == "" || v + 0 < peer[best] + 0))
			best = name[i]
	}
	if (best != "" && f != "-" && peer[best] > 0)
		printf " cheapest_peer=%s peer_ratio=%.2f\n", best, f / peer[best]
	else
		printf " cheapest_peer=- peer_ratio=-\n"
}
# memfrag beside the peers that keep a stack per call, as it does.
function stack_line(tp,    f, a, b, best) {
	f = or_dash(p_memfrag[tp]); a = or_dash(p_ftrace_stack[tp])
	b = or_dash(p_bpf_stack[tp])
	printf "stackpeer %s memfrag_ns=%s ftrace_stack_ns=%s bpftrace_stack_ns=%s",
	       tp, f, a, b
	best = a != "-" && (b == "-" || a + 0 <= b + 0) ? a : b
	if (f != "-" && best != "-" && best > 0)
		printf " cheapest_peer=%s peer_ratio=%.2f\n",
		       best == a ? "ftrace_stack" : "bpftrace_stack", f / best
	else
		printf " cheapest_peer=- peer_ratio=-\n"
}
END {
	for (i = 1; i <= nprobes; i++)
		probe_line(probes[i])
	for (i = 1; i <= nprobes; i++)
		if (probes[i] in p_ftrace_stack || probes[i] in p_bpf_stack)
			stack_line(probes[i])
	for (i = 1; i <= nmodes; i++) {
		m = order[i]
		n = split(runs_of[m], rounds, " ")
		for (j = 1; j <= n; j++) {
			r = rounds[j]
			ns[m] = ns[m] " " work[m, r]
			if (run_pages[m, r] > 0)
				nspp[m] = nspp[m] " " work[m, r] / run_pages[m, r]
			if (m == "ftrace" && run_pages[m, r] > 0 && (m, r) in run_ev)
				epp = epp " " run_ev[m, r] / run_pages[m, r]
		}
	}
	pbase = "none" in nspp ? median(nspp["none"]) : "-"
	kepp = epp != "" ? median(epp) : "-"
	base = median(ns["none"])
	rbase = "none" in rescan ? median(rescan["none"]) : "-"
	kernel = "ftrace" in ev ? median(ev["ftrace"]) : "-"
	printf "meta events kernel_count=%s per_page=%s source=%s\n", kernel,
	       kepp, kernel != "-" ? "ftrace_ring_buffer" : "none"
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
		printf " rescan_ms=%s rescan_ratio=%s", r,
		       r != "-" && rbase != "-" ? sprintf("%.4f", r / rbase) : "-"
		if (m in nspp) {
			pm = median(nspp[m])
			printf " ns_per_page=%.3f min_ns_per_page=%.3f max_ns_per_page=%.3f spread_pct=%.1f",
			       pm, extreme(nspp[m], 0), extreme(nspp[m], 1),
			       (pm > 0 ? (extreme(nspp[m], 1) - extreme(nspp[m], 0)) * 100 / pm : 0)
			pr = pbase != "-" && pbase > 0 ? sprintf("%.4f", pm / pbase) : "-"
			printf " page_ratio=%s", pr
			if (pbase != "-" && kepp != "-" && kepp > 0 && m != "none")
				printf " page_cost_ns=%.0f", (pm - pbase) / kepp
			else
				printf " page_cost_ns=-"
		}
		printf "\n"
	}
}

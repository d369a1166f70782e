# SPDX-License-Identifier: GPL-2.0
#
# prom-expected.awk: what each shipped PromQL expression (over the
# counters' totals: prom-expressions.py) must answer for one recording,
# computed from the module's files as awk reads them, not by memfrag.
# awk -f prom-expected.awk DIR/{zones,compaction,direct,extfrag,latency,status}
#	[DIR/compaction_proactiveness]
# prints "ANSWER<TAB>LABELS<TAB>VALUE", LABELS sorted by name and joined
# by commas, without instance and job; prometheus-e2e.sh names which
# answer each expression must give.
#
# Latency buckets as exported: le 4^j us (j = 0 .. 17), then +Inf; the
# module's bucket of le 2^b us falls in the first of them at or above.
function lbl(n, v) { return n "=" v }
function sec6(v,   s) { s = sprintf("%d.%06d", int(v / 1000000), v % 1000000)
	sub(/0+$/, "", s); sub(/\.$/, "", s); return s }
function out(a, l, v) {
	if (v "" != "NaN") v = sprintf("%.12g", v)
	printf "%s\t%s\t%s\n", a, l, v
}
# histogram_quantile as Prometheus computes it (promql/quantile.go) over
# the cumulative counts cum[k, 0 .. 18] (18: +Inf) of key k.
function quantile(q, k,   rank, b, lo, n) {
	if (!cum[k, 18]) return "NaN"
	rank = q * cum[k, 18]
	for (b = 0; b < 18 && cum[k, b] < rank; b++) ;
	if (b == 18) return 2 ^ 34 / 1e6
	lo = b ? 2 ^ (2 * (b - 1)) / 1e6 : 0
	n = cum[k, b] - (b ? cum[k, b - 1] : 0)
	return lo + (2 ^ (2 * b) / 1e6 - lo) * (rank - (b ? cum[k, b - 1] : 0)) / n
}
function add_bucket(k, from, n,   j) {
	if (from == "inf") { cum[k, 18] += n; keys[k] = 1; return }
	# le 2^b us with 2^(b-1) <= from < 2^b; b = 0 for from 0
	for (b = 0; 2 ^ b <= from; b++) ;
	for (j = int((b + 1) / 2); j <= 18; j++) cum[k, j] += n
	keys[k] = 1
}
FNR == 1 { file = FILENAME; sub(/.*\//, "", file); sec = "" }
/^\[/ { sec = substr($0, 2, length($0) - 2); next }
file == "zones" && /^score_(low|high): / { score[substr($1, 7, length($1) - 7)] = $2 }
# a format without the thresholds: the copy of vm.compaction_proactiveness
# beside the files, by mm/compaction.c's fragmentation_score_wmark()
file == "compaction_proactiveness" { pro = $1 }
file == "zones" && sec == "zones" && $1 ~ /^[0-9]+$/ { zone[$1 " " $2] = 1 }
file == "zones" && sec == "nodes" && $1 ~ /^[0-9]+$/ { out("nodescore", lbl("node", $1), $2) }
file == "zones" && (sec == "unusable_index" || sec == "free_blocks") && $1 == "node" {
	for (i = 3; i <= NF; i++) order[i] = $i
	top = $NF }
file == "zones" && sec == "unusable_index" && $1 ~ /^[0-9]+$/ {
	for (i = 3; i <= NF; i++) unusable[$1 " " $2, order[i]] = $i }
file == "zones" && sec == "free_blocks" && $1 ~ /^[0-9]+$/ {
	for (i = 3; i <= NF; i++) { fb[order[i]] += $i
		if (order[i] >= 9) big[$1 " " $2] += $i } }
file == "compaction" && sec == "runs" && $1 ~ /^[0-9]+$/ {
	byres[$3 " " $5] += $6
	if ($3 == "direct") { direct += $6; if ($5 == "success") success += $6 } }
file == "direct" && sec == "defer_compaction" && $1 ~ /^[0-9]+$/ {
	defers[$3] += $4; defzone[$2] += $4 }
file == "direct" && sec == "deferred" && $1 ~ /^[0-9]+$/ { deferred[$3] += $4 }
file == "extfrag" && /^pageblock_order: / { pb = $2 }
file == "extfrag" && sec == "migratetype" && $1 ~ /^[0-9]+$/ && $5 == 1 { mt[$3 " " $4] += $6 }
file == "extfrag" && sec == "claims" { claims = 1 }
file == "extfrag" && sec == "claims" && $1 ~ /^[0-9]+$/ { claimed += $6; stolen += $7 }
file == "latency" && sec == "latency" && $1 ~ /^[0-9]+$/ {
	add_bucket(lbl("node", $1) "," lbl("trigger", $3) "," lbl("zone", $2), $5, $6)
	if ($3 == "direct") { add_bucket("zone=" $2, $5, $6); add_bucket("", $5, $6) } }
file == "latency" && sec == "timed" && $1 ~ /^[0-9]+$/ && $3 == "direct" { stall_us += $5 }
file == "status" && /^drops: / { for (i = 2; i <= NF; i++) { split($i, kv, "=")
	dropsum += kv[2]; if (kv[2] > 0) out("dropalert", lbl("reason", kv[1]), kv[2]) } }
END {
	out("up", "", 1)
	out("dropsum", "", dropsum + 0)
	out("stall", "", stall_us / 1e6)
	if (stall_us / 1e6 > 0.05) out("stallalert", "", stall_us / 1e6)
	out("fail", "", direct ? 1 - success / direct : "NaN")
	for (k in keys) if (k ~ /^node=/) out("p99", k, quantile(0.99, k))
	for (k in keys) if (k ~ /^zone=/) out("p99zone", k, quantile(0.99, k))
	for (j = 0; j <= 18; j++)
		out("lebuckets", lbl("le", j < 18 ? sec6(4 ^ j) : "+Inf"), cum["", j] + 0)
	# the exporter's zeros: every trigger, its modes and the four results
	# a run ends with, every order from 1, in every zone
	split("direct kcompactd proactive manual", trig, " ")
	split("complete partial_skipped success contended", res, " ")
	for (t in trig) for (r in res) byres[trig[t] " " res[r]] += 0
	for (k in byres) { split(k, p, " ")
		out("runsby", lbl("result", p[2]) "," lbl("trigger", p[1]), byres[k]) }
	for (o = 1; o <= top; o++) { defers[o] += 0; deferred[o] += 0 }
	for (o in defers) out("defers", lbl("order", o), defers[o])
	for (o in deferred) out("deferred", lbl("order", o), deferred[o])
	for (z in zone) { split(z, p, " "); defzone[p[2]] += 0
		out("unusable", lbl("node", p[1]) "," lbl("zone", p[2]), unusable[z, pb])
		out("unusablepb", lbl("node", p[1]) "," lbl("order", pb) "," lbl("zone", p[2]), unusable[z, pb])
		out("bigblocks", lbl("node", p[1]) "," lbl("zone", p[2]), big[z] + 0) }
	for (z in defzone) out("defersbyzone", lbl("zone", z), defzone[z])
	for (o in fb) out("freeblocks", lbl("order", o), fb[o])
	if (score["low"] == "" && pro != "") {
		score["low"] = 100 - pro < 5 ? 5 : 100 - pro
		score["high"] = score["low"] + 10 < 100 ? score["low"] + 10 : 100
	}
	out("scorehigh", "", score["high"])
	out("scorelow", "", score["low"])
	if (claims) { out("claimed", "", claimed); out("stolen", "", stolen) }
	for (k in mt) { split(k, p, " ")
		out("fallbackmt", lbl("alloc_migratetype", p[1]) "," lbl("fallback_migratetype", p[2]), mt[k]) }
}

#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# prometheus-e2e.sh: memfrag's metrics through the real components, all on
# loopback and started and stopped here: `memfrag prometheus --textfile`
# writes into a directory that node_exporter's textfile collector reads
# (--collector.textfile.directory), and a Prometheus server scrapes that
# node_exporter every second.  The test then asks Prometheus's HTTP API
#  - memfrag_compaction_runs_total summed by node and zone,
#  - histogram_quantile(0.5 and 0.9) over memfrag_compaction_latency_seconds
#    of direct compaction per zone, and their _count and _sum,
#  - memfrag_zone_free_bytes and memfrag_up,
#  - every PromQL example of the README (it must run),
#  - every expression memfrag ships: the rules of prometheus/ (loaded into
#    this Prometheus), each panel of the Grafana dashboard, each README
#    query (prom-expressions.py), run as shipped and, over the counters'
#    totals, answering what prom-expected.awk computes from the files,
# and checks each value equals what the module's files say, computed here
# with awk from the files themselves (Prometheus's quantile interpolation
# included).  Then it writes a later sample, and one after a reset, with
# --state, and checks resets() over the scraped counter is 0 while
# memfrag_resets_total is 1.
#
# The module's files are recordings (tests/tool/recorded/): the host
# cannot load memfrag.ko (its kernel is not one of the matrix), and a
# Prometheus server in a TCG guest takes minutes to start; the recordings
# were read from a live module in QEMU, and the exporter reads them the
# same way (-d DIR is what /sys/kernel/debug/memfrag is otherwise).
#
# Ports: PROM_PORT (default 19090) and NODE_PORT (default 19100), away
# from the distribution's 9090 and 9100.  Ends with
# "memfrag-prometheus-e2e: N passed, N failed, N skipped".
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
PROM_PORT=${PROM_PORT:-19090}
NODE_PORT=${NODE_PORT:-19100}
# The NUMA recordings: two nodes, several zones and triggers.
rec1=$here/recorded/6.12-numa/1
rec2=$here/recorded/6.12-numa/2
tmp=$(mktemp -d "${TMPDIR:-/tmp}/memfrag-prom-e2e.XXXXXX")
# a copy: the tests do not see a rebuild of the tree's tool halfway
tool=$tmp/memfrag
pids=()
cleanup() {
	local p
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
	for p in "${pids[@]}"; do wait "$p" 2>/dev/null; done
	rm -rf "$tmp"
}
trap cleanup EXIT
unset MEMFRAG_DIR MEMFRAG_DEBUGFS

passed=0 failed=0 skipped=0
ok() { passed=$((passed + 1)); echo "ok - $1"; }
not_ok() {
	failed=$((failed + 1))
	echo "not ok - $1"
	[ -n "${2:-}" ] && [ -s "$2" ] && sed 's/^/#   /' "$2" | head -n 20
	return 0
}
# finish: the counts; exit 1 on a failure, 4 (kselftest's SKIP, which
# tools/testing/run-tests.sh counts as skipped) when a tool is missing.
finish() {
	echo "memfrag-prometheus-e2e: $passed passed, $failed failed, $skipped skipped"
	[ "$failed" -eq 0 ] || exit 1
	[ "$skipped" -eq 0 ] || { echo "skipped: $skip_why"; exit 4; }
	exit 0
}

nodeexp=$(command -v prometheus-node-exporter || command -v node_exporter)
prom=$(command -v prometheus)
for b in nodeexp prom; do
	if [ -z "${!b}" ]; then
		skipped=$((skipped + 1))
		[ "$b" = nodeexp ] && b=node_exporter || b=prometheus
		skip_why="$b not installed (scripts/install-deps.sh installs prometheus and prometheus-node-exporter)"
		echo "ok - # SKIP $skip_why"
		finish
	fi
done
for c in curl jq; do
	command -v $c >/dev/null || { not_ok "$c is needed"; finish; }
done
make -s -C "$top/tools/memfrag" memfrag >"$tmp/build.log" 2>&1 &&
	cp "$top/tools/memfrag/memfrag" "$tool" ||
	{ not_ok "build" "$tmp/build.log"; finish; }

mkdir -p "$tmp/textfile" "$tmp/tsdb"
"$tool" prometheus -d "$rec1" --textfile "$tmp/textfile" 2>"$tmp/err" ||
	{ not_ok "memfrag prometheus --textfile" "$tmp/err"; finish; }

# node_exporter with the textfile collector only: nothing of this host.
"$nodeexp" --web.listen-address="127.0.0.1:$NODE_PORT" \
	--collector.disable-defaults --collector.textfile \
	--collector.textfile.directory="$tmp/textfile" >"$tmp/node.log" 2>&1 &
pids+=($!)
cat >"$tmp/prometheus.yml" <<EOF
global:
  scrape_interval: 1s
  evaluation_interval: 1s
rule_files:
  - $top/prometheus/memfrag.rules.yml
scrape_configs:
  - job_name: memfrag
    static_configs:
      - targets: ['127.0.0.1:$NODE_PORT']
EOF
"$prom" --config.file="$tmp/prometheus.yml" --storage.tsdb.path="$tmp/tsdb" \
	--web.listen-address="127.0.0.1:$PROM_PORT" >"$tmp/prom.log" 2>&1 &
pids+=($!)

api="http://127.0.0.1:$PROM_PORT/api/v1"
# query PROMQL: the result vector as "labels value" lines, sorted.
query() {
	curl -sf --max-time 5 "$api/query" --data-urlencode "query=$1" |
		jq -r '.data.result[] | "\(.metric | to_entries | map("\(.key)=\(.value)") | join(","))\t\(.value[1])"' |
		sort
}
# wait_for PROMQL WANT SECONDS: until the query's answer is WANT.
wait_for() {
	local i
	for ((i = 0; i < $3 * 2; i++)); do
		[ "$(query "$1" 2>/dev/null)" = "$2" ] && return 0
		sleep 0.5
	done
	return 1
}

if wait_for 'sum(memfrag_up)' "$(printf '\t1')" 60; then
	ok "Prometheus scraped memfrag_up 1 through node_exporter"
else
	cat "$tmp/node.log" "$tmp/prom.log" >"$tmp/logs" 2>/dev/null
	not_ok "no memfrag_up from Prometheus within 60 s" "$tmp/logs"
	finish
fi

# check NAME PROMQL EXPECTED-FILE: the query's answer equals the file.
check() {
	query "$2" >"$tmp/got" 2>&1
	if [ -s "$3" ] && diff -u "$3" "$tmp/got" >"$tmp/diff"; then
		ok "$1 ($(wc -l <"$3") values equal the module's files)"
	else
		not_ok "$1" "$tmp/diff"
	fi
}

# runs by node and zone, from compaction's [runs]
runs_by_zone() {
	awk '/^\[/ { s = $0; next } s == "[runs]" && $1 ~ /^[0-9]+$/ { n[$1 "," $2] += $6 }
	     END { for (k in n) { split(k, p, ","); printf "node=%s,zone=%s\t%d\n", p[1], p[2], n[k] } }' \
		"$1/compaction" | sort
}
runs_by_zone "$rec1" >"$tmp/want"
check "sum by (node, zone) (memfrag_compaction_runs_total)" \
	'sum by (node, zone) (memfrag_compaction_runs_total)' "$tmp/want"

# histogram_quantile as Prometheus computes it (promql/quantile.go):
# rank q * count, the bucket it falls in, linear within that bucket from
# the previous bound (0 for the first); in +Inf, the highest finite bound.
quantiles() {
	awk -v q="$2" '/^\[/ { s = $0; next }
	s == "[latency]" && $3 == "direct" && $1 ~ /^[0-9]+$/ {
		k = $1 "," $2; keys[k] = 1
		if ($5 == "inf") inf[k] += $6; else c[k, $5 + 1] += $6 }
	END {
		for (k in keys) {
			total = inf[k]
			for (b = 0; b <= 34; b++) total += c[k, 2 ^ b]
			# the exported bounds are 4^j us: a module bucket of le 2^b
			# falls in the first bound at or above it
			rank = q * total; cum = 0; prev = 0; v = ""
			for (b = 0; b <= 34; b += 2) {
				le = 2 ^ b / 1e6; n = c[k, 2 ^ b] + (b ? c[k, 2 ^ (b - 1)] : 0)
				if (cum + n >= rank && n > 0) { v = prev + (le - prev) * (rank - cum) / n; break }
				cum += n; prev = le
			}
			if (v == "") v = 2 ^ 34 / 1e6
			split(k, p, ",")
			printf "node=%s,zone=%s\t%.9g\n", p[1], p[2], v
		}
	}' "$1/latency" | sort
}
# Prometheus prints floats with up to 17 significant digits: compare to 9.
round() { awk -F'\t' '{ printf "%s\t%.9g\n", $1, $2 }'; }
for q in 0.5 0.9; do
	quantiles "$rec1" "$q" >"$tmp/want"
	query "histogram_quantile($q, sum by (node, zone, le) (memfrag_compaction_latency_seconds_bucket{trigger=\"direct\"}))" |
		round >"$tmp/got"
	if [ -s "$tmp/want" ] && diff -u "$tmp/want" "$tmp/got" >"$tmp/diff"; then
		ok "histogram_quantile($q) of direct compaction latency by zone ($(wc -l <"$tmp/want") zones: $(tr '\t\n' '= ' <"$tmp/got"))"
	else
		not_ok "histogram_quantile($q) of direct compaction latency" "$tmp/diff"
	fi
done
awk '/^\[/ { s = $0; next } s == "[timed]" && $1 ~ /^[0-9]+$/ {
	printf "node=%s,trigger=%s,zone=%s\t%d\n", $1, $3, $2, $4 }' "$rec1/latency" | sort >"$tmp/want"
check "memfrag_compaction_latency_seconds_count" \
	'sum without (instance, job) (memfrag_compaction_latency_seconds_count)' "$tmp/want"
awk '/^\[/ { s = $0; next } s == "[timed]" && $1 ~ /^[0-9]+$/ {
	printf "node=%s,trigger=%s,zone=%s\t%.9g\n", $1, $3, $2, $5 / 1e6 }' "$rec1/latency" | sort >"$tmp/want"
query 'sum without (instance, job) (memfrag_compaction_latency_seconds_sum)' | round >"$tmp/got"
if diff -u "$tmp/want" "$tmp/got" >"$tmp/diff"; then
	ok "memfrag_compaction_latency_seconds_sum equals total_us / 10^6"
else
	not_ok "memfrag_compaction_latency_seconds_sum" "$tmp/diff"
fi
# free memory in bytes: free pages of page_size (4096 before format 4)
awk '/^page_size: / { page = $2 } /^\[/ { s = $0; next } s == "[zones]" && $1 ~ /^[0-9]+$/ {
	printf "node=%s,zone=%s\t%.0f\n", $1, $2, $5 * (page ? page : 4096) }' "$rec1/zones" |
	sort >"$tmp/want"
check "memfrag_zone_free_bytes" \
	'sum without (instance, job) (memfrag_zone_free_bytes)' "$tmp/want"

# Every expression memfrag ships (the rules, the dashboard's panels, the
# README's queries) against this Prometheus: each as shipped must run,
# and each over the counters' totals (prom-expressions.py) must answer
# what prom-expected.awk computes from the recorded files.  answer KEY:
# the expected answer's name; "none" is an empty answer (an alert that
# must not fire on this machine), "age" the textfile's age (0 to 120 s).
answer() {
	case $1 in
	rule:instance:memfrag_direct_compaction_stall_seconds:rate5m) echo stall ;;
	rule:instance_node_zone_trigger:memfrag_compaction_latency_seconds:p99_5m) echo p99 ;;
	rule:instance:memfrag_direct_compaction_failure_ratio:rate1h) echo fail ;;
	alert:MemfragDown | alert:MemfragMetricsMissing | alert:MemfragTextfileStale) echo none ;;
	alert:MemfragDirectCompactionStalls) echo stallalert ;;
	alert:MemfragCountingDrops) echo dropalert ;;
	panel:1/A) echo stall ;;
	panel:2/A) echo lebuckets ;;
	panel:3/A) echo fail ;;
	panel:4/A) echo defers ;;
	panel:4/B) echo deferred ;;
	panel:5/A) echo claimed ;;
	panel:5/B) echo stolen ;;
	panel:6/A) echo unusablepb ;;
	panel:7/A) echo freeblocks ;;
	panel:8/A) echo nodescore ;;
	panel:8/B) echo scorehigh ;;
	panel:8/C) echo scorelow ;;
	panel:9/A) echo up ;;
	panel:9/B) echo dropsum ;;
	panel:9/C) echo age ;;
	readme:1) echo stall ;;
	readme:2) echo p99zone ;;
	readme:3) echo fail ;;
	readme:4) echo runsby ;;
	readme:5) echo defersbyzone ;;
	readme:6) echo unusable ;;
	readme:7) echo bigblocks ;;
	readme:8) echo nodescore ;;
	readme:9) echo fallbackmt ;;
	readme:10) echo dropalert ;;
	esac
}
# values PROMQL: "labels<TAB>value", labels sorted, without the scrape's
# instance and job and the metric's name.
values() {
	curl -sf --max-time 5 "$api/query" --data-urlencode "query=$1" |
		jq -r '.data.result[] | "\(.metric | del(.__name__, .instance, .job) | to_entries | sort_by(.key) | map("\(.key)=\(.value)") | join(","))\t\(.value[1])"' |
		sort
}
# same WANT GOT: the same label sets, values within 1e-9 (NaN is NaN).
# A bucket's le is a number: node_exporter prints 0.000016 as 1.6e-05.
same() {
	awk -F'\t' 'function le(l) { return l ~ /^le=[0-9]/ ? sprintf("le=%.12g", substr(l, 4) + 0) : l }
	{ $1 = le($1) }
	NR == FNR { want[$1] = $2; n++; next }
	{ got++; if (!($1 in want)) { print "unexpected: " $0; bad++; next }
	  w = want[$1]; delete want[$1]
	  if (w == "NaN" || $2 == "NaN") { if (w != $2) { print "differs: " $1 " want " w " got " $2; bad++ } }
	  else if ((w - $2) > 1e-9 * (w < 0 ? -w : w) + 1e-12 || ($2 - w) > 1e-9 * (w < 0 ? -w : w) + 1e-12) {
		print "differs: " $1 " want " w " got " $2; bad++ } }
	END { for (k in want) { print "missing: " k " " want[k]; bad++ }; exit bad > 0 }' "$1" "$2"
}
if ! python3 "$here/prom-expressions.py" "$top/prometheus/memfrag.rules.yml" \
	"$top/prometheus/memfrag-dashboard.json" "$top/README.md" >"$tmp/exprs" 2>"$tmp/err"; then
	not_ok "the shipped PromQL expressions could not be read" "$tmp/err"
fi
# the rules are loaded: Prometheus evaluates them itself
if wait_for 'count(instance:memfrag_direct_compaction_failure_ratio:rate1h)' "$(printf '\t1')" 20; then
	ok "Prometheus loaded prometheus/memfrag.rules.yml and records its rules"
else
	curl -s "$api/rules" >"$tmp/rules" 2>&1
	not_ok "the rules were not loaded or recorded nothing" "$tmp/rules"
fi
# check_expressions DIR: every shipped expression against what
# Prometheus scrapes now, the recording in DIR.
check_expressions() {
	local d=$1 key exact over a st pro=()
	# a format without score_low and score_high: the tool's copy of the
	# sysctl beside the files
	[ -e "$d/compaction_proactiveness" ] && pro=("$d/compaction_proactiveness")
	awk -f "$here/prom-expected.awk" "$d/zones" "$d/compaction" "$d/direct" \
		"$d/extfrag" "$d/latency" "$d/status" "${pro[@]}" >"$tmp/answers"
	set -- "${d#"$here"/recorded/}"
	set -- "${1#"$tmp"/}"
	while IFS=$'\t' read -r key exact over; do
		a=$(answer "$key")
		st=$(curl -s --max-time 5 "$api/query" --data-urlencode "query=$exact" | jq -r .status)
		if [ "$st" != success ]; then
			echo "$exact: $st" >"$tmp/diff"
			not_ok "$1: $key: Prometheus refuses it" "$tmp/diff"
			continue
		fi
		values "$over" >"$tmp/got"
		case $a in
		"")
			echo "$over" >"$tmp/diff"
			not_ok "$1: $key: no independent answer for it in prometheus-e2e.sh" "$tmp/diff"
			continue ;;
		none) : >"$tmp/want" ;;
		age)
			if [ "$(wc -l <"$tmp/got")" = 1 ] &&
				awk -F'\t' '{ exit !($2 >= 0 && $2 <= 120) }' "$tmp/got"; then
				ok "$1: $key: the textfile's age, $(cut -f2 "$tmp/got") s"
			else
				not_ok "$1: $key: the textfile's age" "$tmp/got"
			fi
			continue ;;
		*) awk -F'\t' -v a="$a" '$1 == a { print $2 "\t" $3 }' "$tmp/answers" | sort >"$tmp/want" ;;
		esac
		if same "$tmp/want" "$tmp/got" >"$tmp/diff"; then
			ok "$1: $key: $(wc -l <"$tmp/want") values equal the files ($a)"
		else
			echo "over the totals: $over" >>"$tmp/diff"
			not_ok "$1: $key: differs from the files ($a)" "$tmp/diff"
		fi
	done <"$tmp/exprs"
}
check_expressions "$rec1"

# A later sample, then one after a reset (the first again: smaller
# counters), with the totals kept in --state: the scraped counter never
# goes backwards.
st=$tmp/state
"$tool" prometheus -d "$rec1" --state "$st" --textfile "$tmp/textfile" &&
	sleep 3 &&
	"$tool" prometheus -d "$rec2" --state "$st" --textfile "$tmp/textfile" 2>"$tmp/err" || true
runs_by_zone "$rec2" >"$tmp/want"
if wait_for 'sum by (node, zone) (memfrag_compaction_runs_total)' "$(cat "$tmp/want")" 20; then
	ok "after the next sample: runs by zone equal the second recording's"
else
	query 'sum by (node, zone) (memfrag_compaction_runs_total)' >"$tmp/got"
	diff -u "$tmp/want" "$tmp/got" >"$tmp/diff"
	not_ok "the second sample did not reach Prometheus" "$tmp/diff"
fi
sleep 3
"$tool" prometheus -d "$rec1" --state "$st" --textfile "$tmp/textfile" 2>"$tmp/err"
if wait_for 'sum(memfrag_resets_total)' "$(printf '\t1')" 20; then
	ok "after a reset: memfrag_resets_total 1"
else
	not_ok "memfrag_resets_total did not become 1" "$tmp/err"
fi
sleep 2
r=$(query 'sum(resets(memfrag_compaction_runs_total[1m])) + sum(resets(memfrag_compaction_latency_seconds_bucket[1m]))')
if [ "$r" = "$(printf '\t0')" ]; then
	ok "after a reset: resets() of the runs and latency counters over the scrapes is 0"
else
	echo "$r" >"$tmp/got"
	not_ok "counters went backwards in Prometheus" "$tmp/got"
fi

# Again on a recording of format 3, whose extfrag has [claims]: the
# claimed and stolen fallbacks (none in the NUMA recording).  Without
# --state: the module's own values.
rec3=$here/recorded/6.12/1
"$tool" prometheus -d "$rec3" --textfile "$tmp/textfile" 2>"$tmp/err"
runs_by_zone "$rec3" >"$tmp/want"
if wait_for 'sum by (node, zone) (memfrag_compaction_runs_total)' "$(cat "$tmp/want")" 20; then
	check_expressions "$rec3"
else
	not_ok "the format 3 recording did not reach Prometheus" "$tmp/err"
fi

# A machine whose direct runs never succeeded: the format 3 recording
# without its success rows.  The module prints no zero rows; the
# exporter's zeros make the failure ratio 1 there, not an empty answer.
never=$tmp/never-succeeded
mkdir -p "$never" && cp "$rec3"/* "$never/" &&
	awk '/^\[/ { s = $0 } !(s == "[runs]" && $5 == "success")' "$rec3/compaction" >"$never/compaction"
"$tool" prometheus -d "$never" --textfile "$tmp/textfile" 2>"$tmp/err"
runs_by_zone "$never" >"$tmp/want"
if wait_for 'sum by (node, zone) (memfrag_compaction_runs_total)' "$(cat "$tmp/want")" 20; then
	check_expressions "$never"
	if awk -F'\t' '$1 == "fail" { exit $3 != 1 }' "$tmp/answers"; then
		ok "never-succeeded: the failure ratio the files give is 1"
	else
		not_ok "never-succeeded: the derived recording still has a success" "$tmp/answers"
	fi
else
	not_ok "the never-succeeded recording did not reach Prometheus" "$tmp/err"
fi

# The README's PromQL examples: each must be a query Prometheus runs.
awk '/^The main questions, in PromQL:/ { on = 1; next }
     on && /^[^ ]/ && NF { exit }
     on && /^    / { sub(/^    /, "")
	if (/^#/) next
	if (/^  /) { q = q " " $0; next }
	if (q != "") print q; q = $0 }
     END { if (q != "") print q }' "$top/README.md" >"$tmp/readme-queries"
nq=0 bad=0
while IFS= read -r q; do
	nq=$((nq + 1))
	st=$(curl -s --max-time 5 "$api/query" --data-urlencode "query=$q" | jq -r .status)
	[ "$st" = success ] || { echo "$q: $st"; bad=$((bad + 1)); } >>"$tmp/readme-bad"
done <"$tmp/readme-queries"
if [ "$nq" -gt 0 ] && [ "$bad" -eq 0 ]; then
	ok "the README's $nq PromQL examples run"
else
	not_ok "the README's PromQL examples: $nq found, $bad refused" "$tmp/readme-bad"
fi
finish

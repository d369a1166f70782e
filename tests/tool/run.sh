#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# run.sh: host-side tests of the memfrag tool (tools/memfrag), against
# copies of the module's files recorded in QEMU (tests/tool/recorded/, made
# by tests/tool/record.sh).
#
#   every view, as text and as JSON (checked with jq), of every recording,
#   compared with tests/tool/expected/; -i deltas between two recordings;
#   the sizes of pages other than 4 KiB (pagesize-test.sh); runs of
#   hours in the exporter's buckets and the view (latency-test.sh);
#   every error (exit status and message); truncated, empty and malformed
#   files and the fuzzer's crashers (tests/tool/crashers/) under ASan and
#   UBSan; --help against the option parser; make install.
#
# Prints "ok N - ..." / "not ok N - ..." lines and ends with
# "memfrag-tool: N passed, N failed"; exits non-zero on a failure.
# UPDATE=1 rewrites the expected outputs instead of comparing (review the
# diff before committing it).
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
tooldir=$top/tools/memfrag
rec=$here/recorded
exp=$here/expected
update=${UPDATE:-0}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/memfrag-tool-test.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# shellcheck source=tests/tool/tap.sh
. "$here/tap.sh"

# Build, once: the tool, and a copy with ASan and UBSan for bad inputs.
if ! make -s -C "$tooldir" memfrag memfrag-asan >"$tmp/build.log" 2>&1; then
	not_ok "build (make -C tools/memfrag)" "$tmp/build.log"
	echo "memfrag-tool: $passed passed, $failed failed"
	exit 1
fi
ok "build with -Wall -Wextra -Werror"
tool=$tooldir/memfrag
asan=$tooldir/memfrag-asan
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:exitcode=99
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:exitcode=98
unset MEMFRAG_DIR MEMFRAG_DEBUGFS

# Paths in messages vary; expected files say TMP, REC.
normalize() { sed -e "s|$tmp|TMP|g" -e "s|$rec|REC|g"; }

# compare NAME EXPECTED ACTUAL: ACTUAL must equal EXPECTED (or, with
# UPDATE=1, becomes it).
compare() {
	local name=$1 want=$2 got=$3
	if [ "$update" = 1 ]; then
		mkdir -p "$(dirname "$want")"
		cp "$got" "$want"
		ok "$name (expected output updated)"
	elif [ ! -e "$want" ]; then
		not_ok "$name: no expected output ${want#"$top"/}"
	elif diff -u "$want" "$got" >"$tmp/diff" 2>&1; then
		ok "$name"
	else
		not_ok "$name: differs from ${want#"$top"/}" "$tmp/diff"
	fi
}

# valid_json FILE: FILE (a document or JSON Lines) validates against the
# published schema (python3-jsonschema); its errors in $tmp/schema.
schema=$tooldir/memfrag.schema.json
if ! python3 -c 'import jsonschema' 2>/dev/null; then
	not_ok "python3-jsonschema is not installed (scripts/install-deps.sh)"
fi
valid_json() {
	python3 "$here/validate-json.py" "$schema" "$1" >"$tmp/schema" 2>&1
}

# run_view NAME EXPECTED_BASE ARGS...: runs the tool (exit 0 expected) as
# text and with --json, compares both, and checks the JSON with jq.
run_view() {
	local name=$1 base=$2 rc
	shift 2
	"$tool" "$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	if [ $rc -ne 0 ] || [ -s "$tmp/err" ] || [ ! -s "$tmp/out" ]; then
		not_ok "$name: exit $rc" "$tmp/err"
	else
		compare "$name" "$base.txt" "$tmp/out"
	fi
	"$tool" --json "$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	if [ $rc -ne 0 ] || [ -s "$tmp/err" ]; then
		not_ok "$name --json: exit $rc" "$tmp/err"
	elif ! jq -e . "$tmp/out" >/dev/null 2>"$tmp/jq"; then
		not_ok "$name --json: not valid JSON" "$tmp/jq"
	elif ! valid_json "$tmp/out"; then
		not_ok "$name --json: does not validate against memfrag.schema.json" "$tmp/schema"
	else
		compare "$name --json" "$base.json" "$tmp/out"
	fi
}

views="summary runs latency direct kcompactd migration extfrag zones status tasks"
viewarg() { [ "$1" = summary ] || echo "$1"; }
# the views of a recording: tasks only where it was recorded
views_of() { local v; for v in $views; do
	[ "$v" != tasks ] || [ -e "$1/1/tasks" ] && echo "$v"; done; }

# --- every view of every recording -------------------------------------
for d in "$rec"/*/; do
	r=$(basename "$d")
	for v in $(views_of "$d"); do
		# shellcheck disable=SC2046
		run_view "$r: $v" "$exp/$r/$v" -d "$d/1" $(viewarg "$v")
	done
	# MEMFRAG_DIR works as -d
	MEMFRAG_DIR=$d/1 "$tool" >"$tmp/out" 2>&1
	if "$tool" -d "$d/1" | cmp -s - "$tmp/out"; then
		ok "$r: MEMFRAG_DIR is read as -d"
	else
		not_ok "$r: MEMFRAG_DIR output differs from -d" "$tmp/out"
	fi
done

# --- -i deltas between two recordings -----------------------------------
for d in "$rec"/*/; do
	r=$(basename "$d")
	[ -d "$d/2" ] || continue
	for v in $(views_of "$d"); do
		# shellcheck disable=SC2046
		run_view "$r: $v -i (sample 1 -> 2)" "$exp/$r/delta-$v" \
			-d "$d/1" -d "$d/2" -i 0.01 -c 1 $(viewarg "$v")
	done
	# three intervals: 1 -> 2, then 2 -> 2 (nothing changed), as JSON Lines
	"$tool" --json -d "$d/1" -d "$d/2" -i 0.01 -c 3 >"$tmp/out" 2>&1
	if [ "$(jq -c . "$tmp/out" | wc -l)" -eq 3 ] &&
	   jq -e 'select(.interval > 1) | .compaction.runs == 0 and .extfrag.fallbacks == 0' \
		"$tmp/out" >/dev/null; then
		ok "$r: -i -c 3 prints 3 JSON lines, later ones without changes"
	else
		not_ok "$r: -i -c 3 --json" "$tmp/out"
	fi
	# a counter that went down was reset: its delta is its new value
	run_view "$r: runs -i (sample 2 -> 1: counters reset)" \
		"$exp/$r/delta-reset-runs" -d "$d/2" -d "$d/1" -i 0.01 -c 1 runs
	if "$tool" --json -d "$d/2" -d "$d/1" -i 0.01 -c 1 |
	   jq -e '.reset == true' >/dev/null &&
	   "$tool" --json -d "$d/1" -d "$d/2" -i 0.01 -c 1 |
	   jq -e '.reset == false' >/dev/null; then
		ok "$r: -i flags the interval with a reset, only that one"
	else
		not_ok "$r: -i reset flag"
	fi
	# MEMFRAG_DIR=DIR:DIR works as -d DIR -d DIR
	MEMFRAG_DIR=$d/1:$d/2 "$tool" -i 0.01 -c 1 >"$tmp/out" 2>&1
	if "$tool" -d "$d/1" -d "$d/2" -i 0.01 -c 1 | cmp -s - "$tmp/out"; then
		ok "$r: MEMFRAG_DIR=DIR:DIR is read as -d DIR -d DIR"
	else
		not_ok "$r: MEMFRAG_DIR=DIR:DIR" "$tmp/out"
	fi
done

# deltas must add up: sample 1 plus the delta 1 -> 2 is sample 2
d=$rec/6.12
if [ -d "$d/2" ]; then
	a=$("$tool" --json -d "$d/1" runs | jq '[.runs[].runs] | add')
	b=$("$tool" --json -d "$d/2" runs | jq '[.runs[].runs] | add')
	c=$("$tool" --json -d "$d/1" -d "$d/2" -i 0.01 -c 1 runs |
		jq '[.runs[].runs] | add // 0')
	if [ -n "$a" ] && [ "$((a + c))" = "$b" ]; then
		ok "6.12: runs 1 + delta = runs 2 ($a + $c = $b)"
	else
		not_ok "6.12: runs 1 + delta != runs 2 ($a + $c != $b)"
	fi
fi

# --- restarts told by status's load_id and reset_generation (format 6) ---
# restart.sh makes format-6 copies of 6.12's two samples: the counters of
# sample 2 are all at least sample 1's, so only the ids can say a reset.
# shellcheck source=tests/tool/restart.sh
. "$here/restart.sh"
d=$rec/6.12 id=0123456789abcdef
restart_dir "$d/1" "$tmp/gen0" $id 0
restart_dir "$d/2" "$tmp/gen0-2" $id 0
restart_dir "$d/2" "$tmp/gen1-2" $id 1
restart_dir "$d/2" "$tmp/reload-2" fedcba9876543210 0
runs_of() { "$tool" --json "$@" runs | jq -c '[.reset, [.runs[].runs]]'; }
# every view of a format-6 sample reads and validates
bad=
for v in $views; do
	# shellcheck disable=SC2046
	"$tool" --json -d "$tmp/gen0" $(viewarg "$v") >"$tmp/out" 2>"$tmp/err" &&
		valid_json "$tmp/out" || bad="$bad $v"
done
if [ -z "$bad" ]; then
	ok "format 6: every view reads status's load_id and reset_generation, its JSON validates"
else
	not_ok "format 6: views:$bad" "$tmp/schema"
fi
# a reset between the samples: the deltas are sample 2's own values
want=$(runs_of -d "$tmp/gen1-2" | jq -c '[true, .[1]]')
got=$(runs_of -d "$tmp/gen0" -d "$tmp/gen1-2" -i 0.01 -c 1)
if [ -n "$want" ] && [ "$got" = "$want" ]; then
	ok "format 6: reset_generation 0 -> 1 is a reset though no counter went down: deltas = sample 2"
else
	not_ok "format 6: reset_generation 0 -> 1: got $got, want $want"
fi
# the same ids: the deltas of the files without the ids, no reset
want=$(runs_of -d "$d/1" -d "$d/2" -i 0.01 -c 1)
got=$(runs_of -d "$tmp/gen0" -d "$tmp/gen0-2" -i 0.01 -c 1)
if [ -n "$want" ] && [ "$got" = "$want" ]; then
	ok "format 6: the same load_id and reset_generation: no reset, the same deltas as format 3"
else
	not_ok "format 6: same ids: got $got, want $want"
fi
# tracepoint hits count since load: a reset leaves their deltas, a reload
# (another load_id) restarts them too
hits_of() { "$tool" --json "$@" status |
	jq -c '[.probes[] | select(.tracepoint == "compaction:mm_compaction_begin") | .hits][0]'; }
h1=$(hits_of -d "$tmp/gen0") h2=$(hits_of -d "$tmp/gen1-2")
reset_hits=$(hits_of -d "$tmp/gen0" -d "$tmp/gen1-2" -i 0.01 -c 1)
reload_hits=$(hits_of -d "$tmp/gen0" -d "$tmp/reload-2" -i 0.01 -c 1)
reload=$(runs_of -d "$tmp/gen0" -d "$tmp/reload-2" -i 0.01 -c 1 | jq '.[0]')
if [ -n "$h1" ] && [ "$reset_hits" = "$((h2 - h1))" ] &&
   [ "$reload_hits" = "$h2" ] && [ "$reload" = true ]; then
	ok "format 6: begin hits $h1 -> $h2: delta $reset_hits across a reset, $reload_hits across a reload"
else
	not_ok "format 6: hits $h1 -> $h2: reset $reset_hits, reload $reload_hits, runs reset $reload"
fi

# --- the schema rejects what memfrag never prints ----------------------------
# Each case is a view's JSON (of 6.12's first sample, which validates
# above) changed by jq; validate-json.py must fail on every one.
d=$rec/6.12/1
bad=
while IFS='|' read -r view change; do
	# shellcheck disable=SC2046
	"$tool" --json -d "$d" $(viewarg "$view") | jq -c "$change" >"$tmp/neg.json" 2>/dev/null
	if [ ! -s "$tmp/neg.json" ] || valid_json "$tmp/neg.json"; then
		bad="$bad [$view: $change]"
	fi
done <<'CASES'
zones|{view: "zones"}
zones|del(.zones)
runs|.runs = "lol"
runs|.surprise = 1
runs|.runs[0].trigger = "sometimes"
runs|.runs[0].runs = "12"
runs|.runs[0].extra = 1
latency|.latency[0].usecs_to = "inf"
direct|.finished[0].order = [1]
direct|del(.suitable[0].result)
extfrag|.order = 5
extfrag|.migratetype[0].alloc_type = "Sticky"
migration|.migration[0].migrated = -1
status|.drops.bogus = 1
status|.load_id = "xyz"
status|del(.probes)
status|.probes[0].tracepoint = "compaction:mm_nothing"
zones|.unusable_index[0].orders[0] = 2.5
zones|.free_blocks[0].orders = []
kcompactd|.wakeup_kcompactd = []
tasks|.direct[0].pid = -1
summary|.extra = 1
summary|.drops.bogus = 1
runs|.view = "nonsense"
stacks|.direct[0].count = "x"
stacks|.direct[0].extra = 1
stacks|.extra = 1
snoop|select(.record == "run") | .trigger = "sometimes"
snoop|select(.record == "run") | .extra = 1
snoop|select(.record == "run") | {view, version, format, record: "dropped", dropped: -1}
CASES
if [ -z "$bad" ]; then
	ok "schema: 30 changed views fail validation ({\"view\":\"zones\"}, \"runs\":\"lol\", unknown keys, names not in the lists, ...)"
else
	not_ok "schema: these validate but must not:$bad"
fi

# --- one grammar, new views, drops, filters, intervals ---------------------
n12=$rec/6.12 n61=$rec/6.1
# global options anywhere, and MEMFRAG_DIR for every subcommand
bad=
for v in runs tasks; do
	a=$("$tool" -j -d "$n12/1" "$v" | md5sum)
	b=$("$tool" "$v" -d "$n12/1" --json | md5sum)
	c=$(MEMFRAG_DIR=$n12/1 "$tool" "$v" -j | md5sum)
	[ "$a" = "$b" ] && [ "$a" = "$c" ] || bad="$bad $v"
done
if [ -z "$bad" ]; then
	ok "global options before or after the view, and MEMFRAG_DIR, read the same"
else
	not_ok "global options anywhere:$bad"
fi
# snoop and events replay a saved stream to its end, exit 0
runs=$(grep -c '^[0-9]' "$n12/2/events")
lost=$(sed -n 's/^# dropped //p' "$n12/2/events")
for cmd in "snoop" "events"; do
	# shellcheck disable=SC2086
	"$tool" -d "$n12/2" $cmd --json >"$tmp/snoop.json" 2>"$tmp/err"
	rc=$?
	if [ $rc -eq 0 ] && [ ! -s "$tmp/err" ] && valid_json "$tmp/snoop.json" &&
	   [ "$(jq -s '[.[] | select(.record == "run")] | length' "$tmp/snoop.json")" = "$runs" ] &&
	   [ "$(jq -s '[.[] | select(.record == "dropped") | .dropped] | add' "$tmp/snoop.json")" = "$lost" ]; then
		ok "$cmd --json: a saved stream replays to its end (exit 0): $runs runs, $lost dropped, valid JSON"
	else
		not_ok "$cmd --json: exit $rc" "$tmp/err"
	fi
done
MEMFRAG_DIR=$n12/2 "$tool" snoop -t direct -K >"$tmp/out" 2>&1
direct=$(awk '/^[0-9]/ && $7 == "direct"' "$n12/2/events" | wc -l)
if [ $? -eq 0 ] && [ "$(grep -c ' direct *$' "$tmp/out")" = "$direct" ] &&
   grep -q '^    try_to_compact_pages' "$tmp/out"; then
	ok "snoop: MEMFRAG_DIR, -t direct ($direct runs) with their stacks (-K)"
else
	not_ok "snoop -t direct -K" "$tmp/out"
fi
# drops and tracepoints that are not attached, from status's own lines
for r in 6.12 6.1; do
	st=$rec/$r/2/status
	dropped=$(sed -n 's/^events: .*dropped=\([0-9]*\)$/\1/p' "$st")
	notatt=$(awk 't && $2 != "attached" { print $1 } /^tracepoint +state +hits/ { t = 1 }' "$st" | sort | tr '\n' ' ')
	"$tool" -d "$rec/$r/2" --json >"$tmp/out.json"
	if [ -n "$dropped" ] && [ "$dropped" -gt 0 ] &&
	   [ "$(jq .events.dropped "$tmp/out.json")" = "$dropped" ] &&
	   "$tool" -d "$rec/$r/2" | grep -q "^event records dropped: $dropped," &&
	   [ "$(jq -r '.tracepoints_not_attached[].tracepoint' "$tmp/out.json" | sort | tr '\n' ' ')" = "$notatt" ]; then
		ok "$r: the summary shows status's $dropped dropped event records and the tracepoints not attached (${notatt:-none})"
	else
		not_ok "$r: drops $dropped, not attached '$notatt'" "$tmp/out.json"
	fi
done
# stalls are direct runs only; the others are listed apart
"$tool" -d "$n61/2" --json >"$tmp/out.json"
want=$(awk 'NR > 3 && $3 == "direct" { n += $6 } END { print n }' "$n61/2/compaction")
if [ "$(jq '.stalls.latency.runs' "$tmp/out.json")" = "$want" ] &&
   jq -e '.background | keys == ["kcompactd", "manual", "proactive"]' "$tmp/out.json" >/dev/null; then
	ok "stalls: the $want direct runs of [runs]; kcompactd, proactive, manual apart"
else
	not_ok "stalls: want $want direct runs" "$tmp/out.json"
fi
# p50/p90/p99: the upper bound of the bucket holding that run, from the
# latency file's histograms merged over zones
# pcts FILE TRIGGER: "P50 P90 P99 " of TRIGGER's rows of latency file FILE
pcts() {
	awk -v t="$2" '/^\[latency\]/ { s = 1; next } /^\[/ { s = 0 }
	s && $3 == t && $6 > 0 { print $5, $6 }' "$1" |
	sort -n -k1,1 | awk '{ c[NR] = $2; to[NR] = $1; t += $2 }
	END { split("50 90 99", p, " ")
		for (i = 1; i <= 3; i++) { w = int((t * p[i] + 99) / 100); s2 = 0
			for (j = 1; j <= NR; j++) { s2 += c[j]; if (s2 >= w) { printf "%s ", to[j]; break } } } }'
}
want=$(pcts "$n61/2/latency" direct)
got=$(jq -r '.stalls.latency | "\(.p50_us) \(.p90_us) \(.p99_us) "' "$tmp/out.json")
if [ "$got" = "$want" ]; then
	ok "stalls: p50 p90 p99 = $got(bucket upper bounds, from the latency file)"
else
	not_ok "stalls: percentiles '$got', awk says '$want'"
fi
# filters: every row of the view is of that node, zone or trigger, and the
# totals are the file's rows of it
numa=$rec/6.12-numa/1
# the latency view: each trigger's histograms merged over nodes and zones
# (direct has two on the NUMA recording), with the same percentiles
bad=
for t in direct proactive manual; do
	want=$(pcts "$numa/latency" "$t")
	got=$("$tool" -d "$numa" latency |
		awk -v t="$t" '$0 ~ "^all nodes and zones, trigger " t ":" { m = 1 }
		m && /^  p50 <= / { print $3, $7, $11; exit }' | tr '\n' ' ')
	[ -n "$want" ] && [ "$got" = "$want" ] || bad="$bad [$t: '$got', awk '$want']"
done
if [ -z "$bad" ]; then
	ok "latency: direct, proactive, manual merged over nodes and zones, p50 p90 p99 as the file's rows say"
else
	not_ok "latency: merged percentiles:$bad"
fi
"$tool" -d "$numa" -n 1 runs --json >"$tmp/out.json"
want=$(awk 'NR > 3 && /^ *1 / && NF == 6 { n += $6 } END { print n }' "$numa/compaction")
got=$(jq '[.runs[] | .runs] | add' "$tmp/out.json")
if jq -e '[.runs[], .begins[]] | all(.node == 1)' "$tmp/out.json" >/dev/null &&
   [ "$got" = "$want" ] &&
   "$tool" -d "$numa" -z movable -t direct latency --json |
	jq -e '[.latency[], .timed[]] | length > 0 and all(.zone == "Movable" and .trigger == "direct")' >/dev/null &&
   [ "$("$tool" -d "$numa" -n 1 -j | jq '[.zones[] | .node] | unique')" = "$(printf '[\n  1\n]')" ]; then
	ok "filters: -n 1 ($got runs of node 1), -z movable -t direct, the summary's zones"
else
	not_ok "filters: -n 1: $got runs, file says $want" "$tmp/out.json"
fi
# intervals: the samples' times, as the recording kept them; no sleeping
wall=$(sed -n 's/^wall: //p' "$n12/2/timestamps")
m1=$(sed -n 's/^monotonic: //p' "$n12/1/timestamps")
m2=$(sed -n 's/^monotonic: //p' "$n12/2/timestamps")
if timeout 10 "$tool" -d "$n12/1" -d "$n12/2" -i 3600 -c 1 --json >"$tmp/out.json" &&
   [ "$(jq .wall "$tmp/out.json")" = "$wall" ] &&
   [ "$(jq .monotonic "$tmp/out.json")" = "$m2" ] &&
   jq -e --argjson a "$m1" --argjson b "$m2" '(.seconds - ($b - $a)) | fabs < 0.001' "$tmp/out.json" >/dev/null &&
   "$tool" -d "$n12/1" -d "$n12/2" -i 1 -c 1 runs | head -1 |
	grep -q "^--- interval 1: .* to $(date -u -d "@$wall" +%Y-%m-%dT%H:%M:%SZ) (monotonic $m2"; then
	ok "-i: wall-clock $wall and monotonic $m2 of the recording; -i 3600 replays without sleeping"
else
	not_ok "-i timestamps / sleeping" "$tmp/out.json"
fi
# kcompactd: requested against taken by node and order, the same rows in
# text and JSON, as awk sums the file's [wakeup_kcompactd] and
# [kcompactd_wake] rows (whatever their highest zone)
bad=
for d in "$rec"/*/1; do
	awk '/^\[/ { s = $0; next } $1 !~ /^[0-9]+$/ { next }
	     s == "[wakeup_kcompactd]" { req[$1 " " $2] += $4; k[$1 " " $2] = 1 }
	     s == "[kcompactd_wake]" { tak[$1 " " $2] += $4; k[$1 " " $2] = 1 }
	     END { for (x in k) print x, req[x] + 0, tak[x] + 0 }' \
		"$d/kcompactd" | sort -n -k1,1 -k2,2 >"$tmp/kc.want"
	"$tool" -d "$d" --json kcompactd |
		jq -r '.wakeups[] | "\(.node) \(.order) \(.requested) \(.taken)"' |
		sort -n -k1,1 -k2,2 >"$tmp/kc.json"
	"$tool" -d "$d" kcompactd |
		awk '/^  node  order  requested  taken$/ { t = 1; next }
		     t && NF == 4 && $1 ~ /^[0-9]+$/ { print $1, $2, $3, $4; next } { t = 0 }' |
		sort -n -k1,1 -k2,2 >"$tmp/kc.text"
	if [ ! -s "$tmp/kc.want" ] || ! cmp -s "$tmp/kc.want" "$tmp/kc.json" ||
	   ! cmp -s "$tmp/kc.want" "$tmp/kc.text"; then
		bad="$bad $(basename "$(dirname "$d")")"
		diff "$tmp/kc.want" "$tmp/kc.json" >>"$tmp/kc.diff"
		diff "$tmp/kc.want" "$tmp/kc.text" >>"$tmp/kc.diff"
	fi
done
"$tool" -d "$numa" -d "$rec/6.12-numa/2" -i 0.01 -c 1 --json kcompactd >"$tmp/out.json"
if [ -z "$bad" ] && valid_json "$tmp/out.json" &&
   jq -e '(.wakeups | length > 0) and (.sleeps | length > 0) and
	  ([.wakeup_kcompactd, .kcompactd_wake, .kcompactd_sleep] == [null, null, null])' \
	"$tmp/out.json" >/dev/null; then
	ok "kcompactd: requested and taken by node and order in text and JSON, as the file's rows add up (every recording; -i too)"
else
	not_ok "kcompactd: rows differ from the file's in:$bad" "$tmp/kc.diff"
fi
# tasks and stacks: the file's rows
"$tool" -d "$n12/2" stacks --json >"$tmp/out.json"
want=$(grep -c '^count ' "$n12/2/stacks")
if valid_json "$tmp/out.json" && [ "$(jq '.direct | length' "$tmp/out.json")" = "$want" ] &&
   [ "$(jq '[.direct[].frames | length] | add' "$tmp/out.json")" = "$(grep -c '^  ' "$n12/2/stacks")" ]; then
	ok "stacks: the file's $want stacks and their frames, valid JSON"
else
	not_ok "stacks" "$tmp/schema"
fi
# memfrag top in a real terminal (tmux)
"$here/top-test.sh" "$tool" "$rec" >"$tmp/top.out" 2>&1
case $? in
0) ok "top in tmux: $(grep -c '^ok' "$tmp/top.out") checks" ;;
77) skip "top: $(cat "$tmp/top.out")" ;;
*) not_ok "top in tmux" "$tmp/top.out" ;;
esac
sed 's/^/#   /' "$tmp/top.out"
# layout: 80 columns, as many fields a row as its heading (layout-test.sh)
if "$here/layout-test.sh" "$tool" "$rec" >"$tmp/layout.out" 2>&1; then
	ok "layout: $(grep -c '^ok' "$tmp/layout.out") checks"
else
	not_ok "layout" "$tmp/layout.out"
fi
sed 's/^/#   /' "$tmp/layout.out"
# record, plot and compare (tests/tool/plot-test.sh)
"$here/plot-test.sh" >"$tmp/plot.out" 2>&1 && ok "record, plot, compare: $(tail -n 1 "$tmp/plot.out")" || not_ok "record, plot, compare: $(tail -n 1 "$tmp/plot.out")" "$tmp/plot.out"
# compare of named recordings against values computed from their JSON
"$here/compare-test.sh" >"$tmp/compare.out" 2>&1 && ok "compare: $(tail -n 1 "$tmp/compare.out")" || not_ok "compare: $(tail -n 1 "$tmp/compare.out")" "$tmp/compare.out"
# runs of hours: the exporter's buckets and the view (tests/tool/latency-test.sh)
"$here/latency-test.sh" "$tool" >"$tmp/latency.out" 2>&1 && ok "runs of hours: $(tail -n 1 "$tmp/latency.out")" || not_ok "runs of hours: $(tail -n 1 "$tmp/latency.out")" "$tmp/latency.out"
# the command line and the text views (tests/tool/cli-test.sh)
"$here/cli-test.sh" "$tool" >"$tmp/cli.out" 2>&1 && ok "command line: $(tail -n 1 "$tmp/cli.out")" || not_ok "command line: $(tail -n 1 "$tmp/cli.out")" "$tmp/cli.out"
# sizes of the kernel's pages, 16 KiB and 4 KiB (tests/tool/pagesize-test.sh)
"$here/pagesize-test.sh" >"$tmp/pagesize.out" 2>&1 && ok "page sizes: $(tail -n 1 "$tmp/pagesize.out")" || not_ok "page sizes: $(tail -n 1 "$tmp/pagesize.out")" "$tmp/pagesize.out"

# --- errors: exit status and message -------------------------------------
# expect_error NAME STATUS ARGS...: the tool must exit with STATUS, print
# nothing on stdout and the message in expected/errors/NAME.txt on stderr.
expect_error() {
	local name=$1 want=$2 rc
	shift 2
	"$@" >"$tmp/out" 2>"$tmp/err.raw"
	rc=$?
	normalize <"$tmp/err.raw" >"$tmp/err"
	if [ $rc -ne "$want" ]; then
		cat "$tmp/out" >>"$tmp/err"
		not_ok "error $name: exit $rc, expected $want" "$tmp/err"
	elif [ -s "$tmp/out" ]; then
		not_ok "error $name: wrote to stdout" "$tmp/out"
	else
		compare "error $name: exit $want" "$exp/errors/$name.txt" \
			"$tmp/err"
	fi
}

good=$rec/6.12-format1/1
# mkcopy NAME: a writable copy of a recording in $tmp/NAME
mkcopy() { rm -rf "${tmp:?}/$1"; cp -r "$good" "$tmp/$1"; }

expect_error no-such-dir 8 "$tool" -d "$tmp/nonexistent"
expect_error no-such-dir-env 8 env MEMFRAG_DIR="$tmp/nonexistent" "$tool" runs
mkcopy missing-file; rm "$tmp/missing-file/latency"
expect_error missing-file 8 "$tool" -d "$tmp/missing-file" latency
mkcopy format99; sed -i 's/^format: 1$/format: 99/' "$tmp/format99/compaction"
expect_error format-99 6 "$tool" -d "$tmp/format99" runs
expect_error format-99-summary 6 "$tool" -d "$tmp/format99"
expect_error unknown-subcommand 2 "$tool" -d "$good" frobnicate
expect_error unknown-long-option 2 "$tool" --frobnicate
expect_error unknown-short-option 2 "$tool" -x runs
expect_error missing-argument 2 "$tool" runs -i
expect_error bad-interval 2 "$tool" -i abc
expect_error zero-interval 2 "$tool" -i 0
expect_error bad-count 2 "$tool" -i 1 -c -3
expect_error count-without-interval 2 "$tool" -c 3
expect_error extra-argument 2 "$tool" runs zones
expect_error reset-with-interval 2 "$tool" reset -i 1
expect_error json-with-argument 2 "$tool" --json=yes
expect_error interval-exponent 2 "$tool" -i 1e-9
expect_error interval-too-short 2 "$tool" -i 0.001
expect_error unknown-trigger 2 "$tool" -t kswapd runs
expect_error snoop-with-interval 2 "$tool" snoop -i 1
expect_error delta-across-kernels 1 "$tool" -d "$rec/6.12/1" -d "$rec/6.1/2" -i 1 -c 1
expect_error delta-across-zones 1 "$tool" -d "$good" -d "$rec/6.12-numa/2" -i 1 -c 1
mkcopy empty; : >"$tmp/empty/zones"
expect_error empty-file 7 "$tool" -d "$tmp/empty" zones
mkcopy trunc-mid-line; head -c 500 "$good/latency" >"$tmp/trunc-mid-line/latency"
expect_error truncated-mid-line 7 "$tool" -d "$tmp/trunc-mid-line" latency
mkcopy trunc-section; head -n 8 "$good/extfrag" >"$tmp/trunc-section/extfrag"
expect_error truncated-section 7 "$tool" -d "$tmp/trunc-section" extfrag
mkcopy trunc-row; { head -n 6 "$good/compaction"; echo "   0 DMA32    kcompactd"; } \
	>"$tmp/trunc-row/compaction"
expect_error truncated-row 7 "$tool" -d "$tmp/trunc-row" runs
mkcopy trunc-header; printf 'memfrag 0.1.0\n' >"$tmp/trunc-header/status"
expect_error truncated-header 7 "$tool" -d "$tmp/trunc-header" status
mkcopy not-memfrag; printf 'hello\nworld\n' >"$tmp/not-memfrag/direct"
expect_error not-a-memfrag-file 7 "$tool" -d "$tmp/not-memfrag" direct
mkcopy binary; printf 'memfrag 0.1.0\nformat: 1\n\0\n' >"$tmp/binary/kcompactd"
expect_error binary-file 7 "$tool" -d "$tmp/binary" kcompactd
mkcopy bad-number; sed -i 's/ 3194$/ 31x4/' "$tmp/bad-number/status"
expect_error bad-number 7 "$tool" -d "$tmp/bad-number" status
# the indexes are 0.000 to 1.000, or -1.000: 7.000 and -1.500 are malformed
mkcopy unusable-7
awk '/^\[unusable_index\]/ { f = 1 } f && / DMA / && !d { sub(/0\.000/, "7.000"); d = 1 } 1' \
	"$good/zones" >"$tmp/unusable-7/zones"
expect_error unusable-index-7 7 "$tool" -d "$tmp/unusable-7" zones
mkcopy fragindex-1.5
awk '/^\[fragmentation_index\]/ { f = 1 } f && / DMA / && !d { sub(/-1\.000/, "-1.500"); d = 1 } 1' \
	"$good/zones" >"$tmp/fragindex-1.5/zones"
expect_error fragmentation-index-minus-1.5 7 "$tool" -d "$tmp/fragindex-1.5" zones
mkcopy missing-column; sed -i 's/ result / outcome /' "$tmp/missing-column/compaction"
expect_error missing-column 7 "$tool" -d "$tmp/missing-column" runs
mkcopy module-error; { head -n 4 "$good/migration"; echo "error: out of memory"; } \
	>"$tmp/module-error/migration"
expect_error module-error 1 "$tool" -d "$tmp/module-error" migration
# the live directory: debugfs not mounted, module not loaded, not root
mkdir -p "$tmp/not-debugfs"
expect_error debugfs-not-mounted 3 env MEMFRAG_DEBUGFS="$tmp/not-debugfs" "$tool"
mkdir -p "$tmp/debugfs"
if unshare -m sh -c "mount -t debugfs none '$tmp/debugfs'" 2>/dev/null; then
	expect_error module-not-loaded 4 unshare -m sh -c \
		"mount -t debugfs none '$tmp/debugfs' && MEMFRAG_DEBUGFS='$tmp/debugfs' exec '$tool' runs"
else
	skip "module not loaded: cannot mount debugfs in a private mount namespace (needs root)"
fi
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
	mkcopy perm; chmod 0400 "$tmp/perm"/*; chmod 0755 "$tmp" "$tmp/perm"
	expect_error permission-denied 5 setpriv --reuid=65534 --regid=65534 \
		--clear-groups "$tool" -d "$tmp/perm" status
else
	skip "permission denied: needs root and setpriv"
fi

# --- format 2: the tool computes the zones thresholds ------------------------
# Format 2's zones file has no compaction_proactiveness, score_low and
# score_high: the tool reads the sysctl (the live module) or its copy in the
# -d directory, and computes them.  The recordings are format 1, which has
# them; mkv2 NAME [SAMPLE] makes a format-2 copy of $good (or SAMPLE).
format=$(sed -n 's/^#define MEMFRAG_FORMAT_VERSION[[:space:]]*\([0-9]*\)/\1/p' \
	"$top/include/memfrag/memfrag.h")
oldest=$(sed -n 's/^#define MEMFRAG_FORMAT_OLDEST[[:space:]]*\([0-9]*\)/\1/p' \
	"$top/include/memfrag/memfrag.h")
thresholds='compaction_proactiveness\|score_low\|score_high'
mkv2() {
	rm -rf "${tmp:?}/$1"
	cp -r "${2:-$good}" "$tmp/$1"
	sed -i 's/^format: 1$/format: 2/' "$tmp/$1"/*
	sed -i "/^\($thresholds\): /d" "$tmp/$1/zones"
}
# the JSON's thresholds: "proactiveness low high"
json_thresholds() {
	"$tool" --json "$@" |
		jq -r '"\(.compaction_proactiveness) \(.score_low) \(.score_high)"'
}

mkv2 v2
if [ "$format" -ge 2 ] && [ "$oldest" = 1 ] &&
   ! grep -q "^\($thresholds\):" "$tmp/v2/zones" &&
   grep -q '^score_order: 9$' "$tmp/v2/zones"; then
	ok "format 2 ($oldest to $format): a zones file without the thresholds, score_order kept"
else
	not_ok "format 2: MEMFRAG_FORMAT_VERSION $format, MEMFRAG_FORMAT_OLDEST $oldest" "$tmp/v2/zones"
fi
# no copy of the sysctl: the thresholds are unknown, everything else shown
run_view "format 2: zones, no compaction_proactiveness copy" \
	"$exp/format2/zones-unknown" -d "$tmp/v2" zones
run_view "format 2: summary, no compaction_proactiveness copy" \
	"$exp/format2/summary-unknown" -d "$tmp/v2"
# with the copy the recording was made with, the views say what format 1's
# file said: the same text, the same JSON but for "format"
echo 20 >"$tmp/v2/compaction_proactiveness"
for v in zones summary; do
	# shellcheck disable=SC2046
	"$tool" -d "$tmp/v2" $(viewarg "$v") 2>&1 |
		sed 's/(format 2)/(format 1)/' >"$tmp/out"
	compare "format 2: $v with compaction_proactiveness 20 = format 1's" \
		"$exp/6.12-format1/$v.txt" "$tmp/out"
	# shellcheck disable=SC2046
	"$tool" --json -d "$tmp/v2" $(viewarg "$v") >"$tmp/out.json" 2>&1
	if jq -e '.format == 2' "$tmp/out.json" >/dev/null &&
	   diff -u <(jq 'del(.format)' "$exp/6.12-format1/$v.json") \
		<(jq 'del(.format)' "$tmp/out.json") >"$tmp/diff" 2>&1; then
		ok "format 2: $v --json with compaction_proactiveness 20 = format 1's but \"format\": 2"
	else
		not_ok "format 2: $v --json differs from format 1's" "$tmp/diff"
	fi
done
# mm/compaction.c's fragmentation_score_wmark(): low = max(100 - p, 5),
# high = min(low + 10, 100), both clamps
bad=
for c in "35 65 75" "0 100 100" "96 5 15" "100 5 15" "1 99 100"; do
	# shellcheck disable=SC2086
	set -- $c
	printf '%s\n' "$1" >"$tmp/v2/compaction_proactiveness"
	for v in zones summary; do
		# shellcheck disable=SC2046
		got=$(json_thresholds -d "$tmp/v2" $(viewarg "$v"))
		[ "$got" = "$c" ] || bad="$bad [$v: $c: $got]"
	done
	if [ "$1" = 0 ]; then
		want="compaction_proactiveness 0: proactive compaction is off (score order 9)"
	else
		want="compaction_proactiveness $1: kcompactd compacts a node whose score exceeds $3, down to $2 (score order 9)"
	fi
	# the note's first line, with its continuation (wrapped at 80)
	[ "$("$tool" -d "$tmp/v2" zones | awk 'NR == 1 { s = $0 }
		NR == 2 && sub(/^  /, " ") { s = s $0 } END { print s }')" = "$want" ] ||
		bad="$bad [text: $c]"
done
if [ -z "$bad" ]; then
	ok "format 2: thresholds computed from the copy (35, 0, 96, 100, 1), text and JSON"
else
	not_ok "format 2: thresholds:$bad"
fi
# a copy without a newline is read as well
printf 35 >"$tmp/v2/compaction_proactiveness"
if [ "$(json_thresholds -d "$tmp/v2" zones)" = "35 65 75" ]; then
	ok "format 2: a copy without a newline"
else
	not_ok "format 2: a copy without a newline: $(json_thresholds -d "$tmp/v2" zones)"
fi
# a copy that is not a value of the sysctl is an error, in every view that
# reads zones; the other views do not read it
printf 'abc\n' >"$tmp/v2/compaction_proactiveness"
expect_error proactiveness-not-a-number 7 "$tool" -d "$tmp/v2" zones
bad=
for v in 101 -1 "" "20 30" 1x; do
	printf '%s\n' "$v" >"$tmp/v2/compaction_proactiveness"
	"$tool" -d "$tmp/v2" >/dev/null 2>&1
	[ $? = 7 ] || bad="$bad '$v'"
done
if [ -z "$bad" ] && "$tool" -d "$tmp/v2" runs >/dev/null 2>&1; then
	ok "format 2: copies 101, -1, empty, '20 30', 1x are malformed (exit 7); runs does not read it"
else
	not_ok "format 2: bad copies accepted:$bad"
fi
# a format-2 file that has the lines anyway: the tool computes them
mkv2 v2-lines
sed -i 's/^score_order: 9$/compaction_proactiveness: 50\nscore_order: 9\nscore_low: 1\nscore_high: 2/' \
	"$tmp/v2-lines/zones"
a=$(json_thresholds -d "$tmp/v2-lines" zones)
echo 35 >"$tmp/v2-lines/compaction_proactiveness"
b=$(json_thresholds -d "$tmp/v2-lines" zones)
if [ "$a" = "null null null" ] && [ "$b" = "35 65 75" ]; then
	ok "format 2: the tool's thresholds, not lines a format-2 file should not have"
else
	not_ok "format 2: lines in a format-2 file: without copy '$a', with 35 '$b'"
fi
# format 1: the file's own thresholds, whatever copy the directory has
mkcopy v1-copy
echo 35 >"$tmp/v1-copy/compaction_proactiveness"
"$tool" -d "$tmp/v1-copy" zones >"$tmp/out" 2>&1
compare "format 1: the file's thresholds, not a copy of the sysctl" \
	"$exp/6.12-format1/zones.txt" "$tmp/out"
mkcopy v1-missing
sed -i '/^score_high: /d' "$tmp/v1-missing/zones"
expect_error format-1-without-score-high 7 "$tool" -d "$tmp/v1-missing" zones
# older than the oldest format
mkcopy format0; sed -i 's/^format: 1$/format: 0/' "$tmp/format0/zones"
expect_error format-0 6 "$tool" -d "$tmp/format0" zones
# -i: each sample's thresholds, from its own copy; format 1 to 2 as well
mkv2 v2-2 "$rec/6.12-format1/2"
echo 20 >"$tmp/v2/compaction_proactiveness"
echo 96 >"$tmp/v2-2/compaction_proactiveness"
a=$(json_thresholds -d "$tmp/v2" -d "$tmp/v2-2" -i 0.01 -c 1 zones)
# format 1 against format 2: refused (nothing on stdout)
b=$(json_thresholds -d "$good" -d "$tmp/v2-2" -i 0.01 -c 1 zones 2>/dev/null)
c=$(json_thresholds -d "$tmp/v2-2" -d "$good" -i 0.01 -c 1 zones 2>/dev/null)
"$tool" --json -d "$tmp/v2" -d "$tmp/v2-2" -i 0.01 -c 1 runs >"$tmp/out.json"
if [ "$a" = "96 5 15" ] && [ -z "$b" ] && [ -z "$c" ] &&
   diff -u <(jq -c 'del(.format)' "$exp/6.12-format1/delta-runs.json") \
	<(jq -c 'del(.format)' "$tmp/out.json") >"$tmp/diff"; then
	ok "format 2: -i shows the newer sample's thresholds (2 -> 2); 1 -> 2 and 2 -> 1 refused; deltas unchanged"
else
	not_ok "format 2: -i: '$a' '$b' '$c'" "$tmp/diff"
fi
# the live module (no -d): the sysctl itself, read afresh.  A directory
# that is not debugfs stands in for it here (MEMFRAG_DEBUGFS).
mkdir -p "$tmp/live"
mkv2 live/memfrag
if [ -r /proc/sys/vm/compaction_proactiveness ]; then
	p=$(cat /proc/sys/vm/compaction_proactiveness)
	low=$((100 - p > 5 ? 100 - p : 5))
	high=$((low + 10 < 100 ? low + 10 : 100))
	got=$(MEMFRAG_DEBUGFS=$tmp/live json_thresholds zones)
	if [ "$got" = "$p $low $high" ]; then
		ok "format 2, live: the thresholds follow /proc/sys/vm/compaction_proactiveness ($got)"
	else
		not_ok "format 2, live: '$got', sysctl $p"
	fi
else
	skip "format 2, live: no /proc/sys/vm/compaction_proactiveness here"
fi
if unshare -m true 2>/dev/null; then
	echo 35 >"$tmp/sysctl-35"
	got=$(unshare -m sh -c "mount --make-rprivate / &&
		mount --bind '$tmp/sysctl-35' /proc/sys/vm/compaction_proactiveness &&
		MEMFRAG_DEBUGFS='$tmp/live' '$tool' --json zones" |
		jq -r '"\(.compaction_proactiveness) \(.score_low) \(.score_high)"')
	got2=$(unshare -m sh -c "mount --make-rprivate / &&
		mount -t tmpfs none /proc &&
		MEMFRAG_DEBUGFS='$tmp/live' '$tool' --json zones" |
		jq -r '"\(.compaction_proactiveness) \(.score_low) \(.score_high)"')
	if [ "$got" = "35 65 75" ] && [ "$got2" = "null null null" ]; then
		ok "format 2, live: the sysctl as the tool sees it (35 -> 65 75); unknown without /proc"
	else
		not_ok "format 2, live: sysctl 35: '$got'; no /proc: '$got2'"
	fi
else
	skip "format 2, live: no private mount namespace (needs root)"
fi

# --- reset -----------------------------------------------------------------
mkcopy reset; : >"$tmp/reset/reset"
if "$tool" -d "$tmp/reset" reset >"$tmp/out" 2>&1 && [ ! -s "$tmp/out" ] &&
   [ "$(cat "$tmp/reset/reset")" = 1 ]; then
	ok "reset writes 1 to the reset file"
else
	not_ok "reset" "$tmp/out"
fi
if "$tool" --json -d "$tmp/reset" reset | jq -e '.reset == true' >/dev/null; then
	ok "reset --json"
else
	not_ok "reset --json"
fi
mkcopy no-reset
expect_error reset-missing 8 "$tool" -d "$tmp/no-reset" reset

# --- help, version ---------------------------------------------------------
"$tool" --help >"$tmp/help" 2>&1
rc=$?
if [ $rc -eq 0 ]; then
	compare "--help" "$exp/help.txt" "$tmp/help"
else
	not_ok "--help: exit $rc" "$tmp/help"
fi
# every option --help lists is one the parser accepts (with its argument)
bad=
while read -r short long arg; do
	short=${short%,}
	for o in "$short" "$long"; do
		case $arg in
		SECONDS) set -- "$o" 0.01 -c 1 -d "$good" ;;
		COUNT) set -- -i 0.01 "$o" 1 -d "$good" ;;
		DIR) set -- "$o" "$good" ;;
		NODE) set -- "$o" 0 -d "$good" ;;
		ZONE) set -- "$o" DMA32 -d "$good" ;;
		TRIGGER) set -- "$o" direct -d "$good" ;;
		'') set -- "$o" -d "$good" ;;
		*) set -- "$o" x -d "$good" ;;
		esac
		"$tool" "$@" runs >/dev/null 2>"$tmp/err" || bad="$bad $o"
	done
done < <(sed -n 's/^  \(-[a-zA-Z], --[a-z]*\)\( [A-Z]*\)\{0,1\}  .*/\1\2/p' "$tmp/help")
if [ -z "$bad" ] && [ "$(grep -c '^  -[a-zA-Z], --' "$tmp/help")" -ge 6 ]; then
	ok "--help: every option it lists is accepted"
else
	not_ok "--help: options rejected:$bad" "$tmp/err"
fi
# every subcommand --help lists is accepted
bad=
while read -r v; do
	# accepted: its --help, not "unknown subcommand" (reset and snoop
	# need the live module, top a terminal, record, plot and compare
	# operands, pagetypes, tasks, stacks and events files that not every
	# recording has: the guest test, top-test.sh and plot-test.sh run
	# them)
	"$tool" "$v" --help >/dev/null 2>&1 || bad="$bad $v"
done < <(sed -n '/^\(Views\|Commands\)/,/^$/s/^  \([a-z]\{1,\}\) .*/\1/p' "$tmp/help")
if [ -z "$bad" ]; then
	ok "--help: every subcommand it lists is accepted"
else
	not_ok "--help: subcommands rejected:$bad"
fi
ver=$(sed -n 's/^#define MEMFRAG_VERSION[[:space:]]*"\(.*\)"/\1/p' \
	"$top/include/memfrag/memfrag.h")
formats="reads formats $oldest to $format"
if [ "$("$tool" --version)" = "memfrag $ver ($formats)" ] &&
   [ "$("$tool" -V)" = "memfrag $ver ($formats)" ]; then
	ok "--version: memfrag $ver ($formats)"
else
	not_ok "--version: $("$tool" --version)"
fi

# --- bad input under ASan and UBSan: never a crash ----------------------------
# asan_run NAME DIR ARGS...: exit 0 (a valid file) or 7 (malformed), and
# nothing from the sanitizers.
asan_bad=0 asan_runs=0
asan_run() {
	local name=$1 rc
	shift
	"$asan" "$@" >/dev/null 2>"$tmp/asan.err"
	rc=$?
	asan_runs=$((asan_runs + 1))
	if { [ $rc -ne 0 ] && [ $rc -ne 7 ]; } ||
	   grep -q 'Sanitizer\|runtime error' "$tmp/asan.err"; then
		asan_bad=$((asan_bad + 1))
		echo "#   $name: exit $rc"
		sed 's/^/#     /' "$tmp/asan.err" | head -n 10
	fi
}

# every view of every recording, and every -i, under the sanitizers
for d in "$rec"/*/; do
	for v in $(views_of "$d"); do
		# shellcheck disable=SC2046
		asan_run "$(basename "$d") $v" -d "$d/1" $(viewarg "$v")
		# shellcheck disable=SC2046
		[ -d "$d/2" ] && asan_run "$(basename "$d") $v -i" --json \
			-d "$d/1" -d "$d/2" -i 0.01 -c 2 $(viewarg "$v")
	done
done
# a format-2 copy, with and without the copy of the sysctl
mkv2 v2-asan
for v in $(views_of "$good/.."); do
	# shellcheck disable=SC2046
	asan_run "format 2 $v" -d "$tmp/v2-asan" $(viewarg "$v")
done
echo 35 >"$tmp/v2-asan/compaction_proactiveness"
for v in $(views_of "$good/.."); do
	# shellcheck disable=SC2046
	asan_run "format 2 $v (35)" --json -d "$tmp/v2-asan" -d "$tmp/v2-asan" \
		-i 0.01 -c 1 $(viewarg "$v")
done
if [ $asan_bad -eq 0 ]; then
	ok "ASan/UBSan: every view of every recording ($asan_runs runs)"
else
	not_ok "ASan/UBSan: $asan_bad of $asan_runs runs failed"
fi

# every file cut at every line and in the middle of every line
asan_bad=0 asan_runs=0
for f in status compaction latency direct kcompactd migration extfrag zones; do
	lines=$(wc -l <"$good/$f")
	for ((l = 0; l <= lines; l++)); do
		mkcopy cut
		head -n "$l" "$good/$f" >"$tmp/cut/$f"
		asan_run "$f cut after line $l" -d "$tmp/cut" "$(
			case $f in compaction) echo runs ;; *) echo "$f" ;; esac)"
		asan_run "$f cut after line $l (summary)" -d "$tmp/cut"
		head -n "$((l + 1))" "$good/$f" | head -c -7 >"$tmp/cut/$f"
		asan_run "$f cut in line $((l + 1))" -d "$tmp/cut" --json \
			-i 0.01 -c 1 "$(case $f in compaction) echo runs ;; *) echo "$f" ;; esac)"
	done
done
if [ $asan_bad -eq 0 ]; then
	ok "ASan/UBSan: every file truncated at every line and mid-line ($asan_runs runs)"
else
	not_ok "ASan/UBSan: truncated files: $asan_bad of $asan_runs runs failed"
fi

# the fuzzer's crashers: tests/tool/crashers/<file>--<what> replaces <file>;
# tests/tool/crashers/recordings/*.jsonl are recordings
asan_bad=0 asan_runs=0
for c in "$here"/crashers/*--*; do
	[ -e "$c" ] || continue
	f=$(basename "$c")
	f=${f%%--*}
	mkcopy crash
	cp "$c" "$tmp/crash/$f"
	for v in $(views_of "$good/.."); do
		# shellcheck disable=SC2046
		asan_run "crasher $(basename "$c") $v" -d "$tmp/crash" $(viewarg "$v")
		# shellcheck disable=SC2046
		asan_run "crasher $(basename "$c") $v -i" -d "$good" -d "$tmp/crash" \
			-i 0.01 -c 1 $(viewarg "$v")
	done
done
# and the recordings' reader's: plot and compare each
for c in "$here"/crashers/recordings/*.jsonl; do
	[ -e "$c" ] || continue
	asan_run "crasher $(basename "$c") plot" plot -o "$tmp/crash-plot" "$c"
	rm -rf "$tmp/crash-plot"
	asan_run "crasher $(basename "$c") compare" compare "a=$c" "b=$c"
done
if [ $asan_runs -eq 0 ]; then
	skip "no crashers in tests/tool/crashers"
elif [ $asan_bad -eq 0 ]; then
	ok "ASan/UBSan: crasher regression inputs ($asan_runs runs)"
else
	not_ok "ASan/UBSan: crashers: $asan_bad of $asan_runs runs failed"
fi

# --- fallback severity ---------------------------------------------------------
# Each [claims] row of a format-3 recording gets the severity its
# migratetypes and fragmenting flag call for, computed here from the raw
# file: unmovable or reclaimable pages mixed into a movable block are
# high, into each other medium, everything else (whole blocks claimed,
# movable allocations) low.
sev_dir="$here/recorded/6.12-format3/1"
awk '/^\[claims\]/ { s = 1; getline; next } /^(\[|$)/ { s = 0 }
     s { sev = "low"
	 if ($5 > 0 && $3 != "Movable") sev = ($4 == "Movable") ? "high" : "medium"
	 print $3 ">" $4, $5, $6, $7, sev }' "$sev_dir/extfrag" >"$tmp/sev.want"
"$tool" -d "$sev_dir" extfrag |
	awk '/^  alloc_type>fallback_type/ { s = 1; next } /^ *$/ { s = 0 }
	     s { print $1, $2, $3, $4, $5 }' >"$tmp/sev.got"
if [ -s "$tmp/sev.want" ] && grep -q high "$tmp/sev.want" &&
   cmp -s "$tmp/sev.want" "$tmp/sev.got"; then
	ok "extfrag: each claims row's severity ($(wc -l <"$tmp/sev.want") rows, $(grep -c high "$tmp/sev.want") high)"
else
	not_ok "extfrag: severity differs from the raw [claims] rows: $(diff "$tmp/sev.want" "$tmp/sev.got" | head -5)"
fi

# --- install ---------------------------------------------------------------
if make -s -C "$tooldir" install DESTDIR="$tmp/inst" PREFIX=/opt/mf \
	>"$tmp/inst.log" 2>&1 && [ -x "$tmp/inst/opt/mf/bin/memfrag" ] &&
   [ -f "$tmp/inst/opt/mf/share/man/man8/memfrag.8" ]; then
	ok "make install DESTDIR= PREFIX= (bin/memfrag, share/man/man8/memfrag.8)"
else
	not_ok "make install" "$tmp/inst.log"
fi
if command -v man >/dev/null; then
	if man --warnings -l "$tooldir/memfrag.8" >/dev/null 2>"$tmp/man.err" &&
	   [ ! -s "$tmp/man.err" ]; then
		ok "memfrag.8 renders without warnings"
	else
		not_ok "memfrag.8 warnings" "$tmp/man.err"
	fi
fi

echo "memfrag-tool: $passed passed, $failed failed"
[ "$failed" -eq 0 ]

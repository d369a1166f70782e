#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# compare-test.sh: host tests of memfrag compare against the recordings
# in tests/tool/recordings/, each value checked against what
# compare-expect.py computes from the recording's JSON with the kernel's
# formulas (not through the tool):
#  - three named recordings (6.1=, 6.12=, pro50=): one column each; the
#    totals, rates over the active time, direct success, fallbacks,
#    free blocks, unusable index and fragmentation score of each;
#  - -z ZONE and -t TRIGGER filter what compare sums;
#  - another zone set or file format is compared on what is shared, with
#    a line naming the rest;
#  - fallback pairs and totals in two pictures; every picture valid XML
#    (xmllint) and rendered (rsvg-convert), one bar class per recording;
#  - the text table of three fits 80 columns; index.html loads every
#    picture in headless chromium;
#  - bad arguments: exit 2 and a message; a snapshot value that does not
#    fit the schema: exit 7.
# MEMFRAG=PATH runs another build of the tool.
# Ends with "memfrag-compare: N passed, N failed, N skipped".
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)

# shellcheck source=tests/tool/tap.sh
. "$here/tap.sh"
tap_tmpdir memfrag-compare-test
finish() {
	echo "memfrag-compare: $passed passed, $failed failed, $skipped skipped"
	[ "$failed" -eq 0 ]
	exit
}

tool=${MEMFRAG:-}
if [ -z "$tool" ]; then
	if ! make -s -C "$top/tools/memfrag" memfrag >"$tmp/build.log" 2>&1; then
		not_ok "build" "$tmp/build.log"
		finish
	fi
	tool=$top/tools/memfrag/memfrag
fi
for c in jq python3 xmllint rsvg-convert; do
	command -v $c >/dev/null || { skip "$c is not installed (scripts/install-deps.sh)"; finish; }
done
for r in 6.1-workload 6.12-workload 6.12-pro50; do
	gunzip -c "$here/recordings/$r.jsonl.gz" >"$tmp/$r.jsonl"
done
recs=("6.1=$tmp/6.1-workload.jsonl" "6.12=$tmp/6.12-workload.jsonl"
      "pro50=$tmp/6.12-pro50.jsonl")
files=("$tmp/6.1-workload.jsonl" "$tmp/6.12-workload.jsonl" "$tmp/6.12-pro50.jsonl")

# check NAME TOOL.json EXPECT.json: every value of EXPECT (one object per
# recording, "metric.key" -> value) equals the tool's row's, 1e-6 relative.
check() {
	local bad
	bad=$(jq -n -r --slurpfile got "$2" --slurpfile want "$3" '
	  $got[0] as $g | $want[0] as $w
	  | [range(0; $w | length) as $i | $w[$i] | to_entries[]
	     | select(.key | startswith("module_") | not)
	     | .key as $k | .value as $v
	     | ([$g.rows[] | select("\(.metric).\(.key)" == $k)][0].values[$i]) as $t
	     | select(($v == null and $t != null) or ($v != null and
		      ($t == null or (($t - $v) | fabs) > 1e-6 * (1 + ($v | fabs)))))
	     | "\($g.recordings[$i].name) \($k): tool \($t), expected \($v)"]
	  | join("; ")' 2>&1)
	if [ -z "$bad" ]; then
		ok "$1"
	else
		echo "$bad" >"$tmp/bad"
		not_ok "$1: $bad"
	fi
}

# --- three named recordings --------------------------------------------------
"$tool" compare -o "$tmp/cmp" "${recs[@]}" >"$tmp/cmp.txt" 2>"$tmp/err" &&
	"$tool" -j compare "${recs[@]}" >"$tmp/cmp.json" 2>>"$tmp/err"
rc=$?
python3 "$here/compare-expect.py" "${files[@]}" >"$tmp/want.json"
if [ $rc = 0 ] && jq -e '[.recordings[].name] == ["6.1", "6.12", "pro50"]' "$tmp/cmp.json" >/dev/null; then
	ok "compare of 3 named recordings: JSON names them 6.1, 6.12, pro50"
else
	not_ok "compare of 3 named recordings: exit $rc" "$tmp/err"
fi
check "overview: totals, active time, rates, success, fallbacks, free blocks, unusable index, score as computed from the JSON" \
	"$tmp/cmp.json" "$tmp/want.json"
# the rates are over the active time: 6.1 against 6.12 as their totals
ratio=$(jq -r '[.rows[] | select(.metric == "runs_rate" and .key == "direct") | .values] | .[0] | .[1] / .[0]' "$tmp/cmp.json")
tot=$(jq -r '[.rows[] | select(.metric == "runs" and .key == "direct") | .values] | .[0] | .[1] / .[0]' "$tmp/cmp.json")
if jq -n --argjson r "$ratio" --argjson t "$tot" '($r - $t) | fabs < 0.01' | grep -q true; then
	ok "6.12/6.1 direct runs per active second $ratio, as their totals ($tot): idle time does not dilute"
else
	not_ok "6.12/6.1 direct runs per active second $ratio against totals $tot"
fi
# the kernel's score by the module, in the last snapshot of each
want=$(jq -c '[.[]["module_score_end.node_0"]]' "$tmp/want.json")
got=$(jq -c '[.rows[] | select(.metric == "score_end") | .values] | .[0]' "$tmp/cmp.json")
[ "$want" = "$got" ] && ok "score_end.node_0 $got = the module's node score in the last snapshot" ||
	not_ok "score_end.node_0 $got, the module says $want"
if head -n 3 "$tmp/cmp.txt" | grep -q '^6.1: .*s active)$' &&
   grep -qE '^metric +unit +6\.1 +6\.12 +pro50$' "$tmp/cmp.txt" &&
   grep -q 'rates per second of its active time' "$tmp/cmp.txt"; then
	ok "text: one line and one column per recording, the active time defined"
else
	not_ok "text output" "$tmp/cmp.txt"
fi

# --- pictures ------------------------------------------------------------------
bad=
for f in runs latency fallbacks fallback-totals free-blocks; do
	s=$tmp/cmp/compare-$f.svg
	xmllint --noout "$s" 2>/dev/null && rsvg-convert -w 1200 "$s" -o "${s%.svg}.png" ||
		bad="$bad $f"
	for k in 0 1 2; do
		grep -q "class=\"bar-$k\"" "$s" || [ $f = fallbacks ] || [ $f = fallback-totals ] ||
			[ $f = latency ] || [ $k = 2 ] || bad="$bad $f(bar-$k)"
	done
done
[ -z "$bad" ] && ok "5 pictures, valid and rendered, bars of each recording" ||
	not_ok "pictures:$bad"
# bars: one per non-zero value of each recording, pairs and totals apart
bars() { grep -o "class=\"bar-$2\"" "$1" | wc -l; }
bad=
for k in 0 1 2; do
	want=$(jq --argjson k "$k" '[.rows[] | select(.metric == "fallbacks_rate" and .values[$k] > 0)] | length' "$tmp/cmp.json")
	got=$(bars "$tmp/cmp/compare-fallbacks.svg" "$k")
	[ "$got" = "$want" ] || bad="$bad pairs[$k]=$got/$want"
	want=$(jq --argjson k "$k" '[.rows[] | select(.metric == "fallbacks_all_rate" and .values[$k] > 0)] | length' "$tmp/cmp.json")
	got=$(bars "$tmp/cmp/compare-fallback-totals.svg" "$k")
	[ "$got" = "$want" ] || bad="$bad totals[$k]=$got/$want"
done
if [ -z "$bad" ] && ! grep -q '>fragmenting<\|>all<' "$tmp/cmp/compare-fallbacks.svg" &&
   grep -q '>fragmenting<' "$tmp/cmp/compare-fallback-totals.svg"; then
	ok "fallback pairs and totals in two pictures, one bar per non-zero rate"
else
	not_ok "fallback pictures:$bad"
fi
long=$(awk 'length > 80' "$tmp/cmp.txt" | grep -v '^[^ ]*: /' | head -n 1)
[ -z "$long" ] && ok "text: the table of three recordings fits 80 columns" ||
	not_ok "text: a line wider than 80 columns: $long"
# Inline, so that the pictures' tooltips show; no script on the page.
if grep -q '<th>pro50</th>' "$tmp/cmp/index.html" &&
   [ "$(grep -c '^<svg ' "$tmp/cmp/index.html")" = 5 ] &&
   ! grep -q '<img\|<script' "$tmp/cmp/index.html"; then
	ok "index.html: a column per recording, 5 pictures inline, no script"
else
	not_ok "index.html"
fi

chrome=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$chrome" ]; then
	skip "chromium is not installed (scripts/install-deps.sh): index.html not opened"
else
	timeout 120 "$chrome" --headless --no-sandbox --disable-gpu \
		--disable-background-networking --disable-component-update \
		--no-first-run --user-data-dir="$tmp/chrome" \
		--virtual-time-budget=10000 --dump-dom "file://$tmp/cmp/index.html" \
		>"$tmp/dom.html" 2>"$tmp/chrome.err"
	nsvg=$(grep -c '<svg ' "$tmp/dom.html")
	ntitle=$(grep -c '<title>' "$tmp/dom.html")
	[ "$nsvg" = 5 ] && [ "$ntitle" -gt 5 ] &&
		ok "chromium: the page holds 5 inline pictures, $ntitle tooltips" ||
		not_ok "chromium: $nsvg inline pictures, $ntitle tooltips in the page" "$tmp/chrome.err"
fi

# --- -z and -t -------------------------------------------------------------------
"$tool" -j compare -z DMA32 -t direct "${recs[@]:0:2}" >"$tmp/zt.json" 2>"$tmp/err"
python3 "$here/compare-expect.py" -z DMA32 -t direct "${files[@]:0:2}" >"$tmp/zt-want.json"
check "-z DMA32 -t direct: what compare sums is filtered as the views filter" \
	"$tmp/zt.json" "$tmp/zt-want.json"
got=$(jq -c '[.rows[] | select(.metric == "runs" and .key == "kcompactd") | .values] | .[0]' "$tmp/zt.json")
[ "$got" = "[0,0]" ] && ok "-t direct: no kcompactd runs counted" ||
	not_ok "-t direct: kcompactd runs $got"
"$tool" compare -z Movable "${recs[@]:0:2}" >"$tmp/out" 2>"$tmp/err"
rc=$?
[ $rc = 2 ] && grep -q 'no recording has a zone' "$tmp/err" && [ ! -s "$tmp/out" ] &&
	ok "-z naming a zone no recording has: exit 2, '$(cat "$tmp/err")'" ||
	not_ok "-z Movable: exit $rc" "$tmp/err"

# --- other zones, other formats -----------------------------------------------------
# pro50 with a Movable zone: its rows are large, and must not be counted
jq -c 'if .type == "header" then .zones += [{"node": 0, "zone": "Movable", "present": 262144, "managed": 262144}]
       elif .type == "snapshot" then
	 .files.zones.free_blocks += [{"node": 0, "zone": "Movable", "orders": [1000,0,0,0,0,0,0,0,0,0,0]}]
	 | .files.zones.unusable_index += [{"node": 0, "zone": "Movable", "orders": [0,1,1,1,1,1,1,1,1,1,1]}]
	 | .files.zones.zones += [.files.zones.zones[0] | .zone = "Movable"]
	 | .files.compaction.runs += [{"node": 0, "zone": "Movable", "trigger": "direct", "mode": "sync", "result": "success", "runs": (.n * 10)}]
       else . end' "$tmp/6.12-pro50.jsonl" >"$tmp/movable.jsonl"
"$tool" -j compare "${recs[0]}" "pro50=$tmp/movable.jsonl" >"$tmp/mv.json" 2>"$tmp/err"
rc=$?
python3 "$here/compare-expect.py" "${files[0]}" "${files[2]}" | jq '.[1]["score_end.node_0"] = null | .[1]["score_mean.node_0"] = null | map(del(.["score_end.node_0"], .["score_mean.node_0"]))' >"$tmp/mv-want.json"
if [ $rc = 0 ] && jq -e '.not_compared == "zone 0/Movable only in pro50"' "$tmp/mv.json" >/dev/null; then
	ok "another zone set: compared, 'zone 0/Movable only in pro50' said"
else
	not_ok "another zone set: exit $rc, $(jq -r .not_compared "$tmp/mv.json" 2>/dev/null)" "$tmp/err"
fi
check "another zone set: the shared zones' values, none of Movable's" "$tmp/mv.json" "$tmp/mv-want.json"
"$tool" compare "${recs[0]}" "pro50=$tmp/movable.jsonl" | grep -q '^Not compared: zone 0/Movable only in pro50\.$' &&
	ok "text: a 'Not compared:' line names the zone" || not_ok "text: no 'Not compared:' line"
jq -c 'if .type == "header" then .format = 99 else . end' "$tmp/6.12-workload.jsonl" >"$tmp/format.jsonl"
"$tool" -j compare "${recs[0]}" "f99=$tmp/format.jsonl" >"$tmp/f.json" 2>"$tmp/err"
rc=$?
if [ $rc = 0 ] && jq -e '(.not_compared | test("f99: file format 99")) and ([.rows[] | select(.metric == "runs" and .key == "direct") | .values] | .[0] == [70, 87])' "$tmp/f.json" >/dev/null; then
	ok "another file format: compared, the formats named ($(jq -r .not_compared "$tmp/f.json"))"
else
	not_ok "another file format: exit $rc" "$tmp/err"
fi

# --- bad arguments ------------------------------------------------------------
bad_args() {
	local rc
	"$tool" compare "${@:3}" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	if [ $rc = 2 ] && grep -q "$2" "$tmp/err" && [ ! -s "$tmp/out" ]; then
		ok "$1: exit 2, '$(head -n 1 "$tmp/err")'"
	else
		not_ok "$1: exit $rc" "$tmp/err"
	fi
}
bad_args "one recording" "needs 2 to" "${recs[0]}"
bad_args "two recordings of one name" "two recordings named 'x'" "x=${files[0]}" "x=${files[1]}"
bad_args "an empty name" "NAME=PATH" "=${files[0]}" "${recs[1]}"
# --- sections and resets ---------------------------------------------------------
# Claimed and stolen fallbacks come from [claims] alone: sections of other
# names (here two that only sound like it) count nothing.
a=${files[1]}
jq -c 'if .type == "snapshot" then .files.extfrag.stealth = .files.extfrag.migratetype
       | .files.extfrag.unclaimed = .files.extfrag.migratetype else . end' \
	"$a" >"$tmp/soundalike.jsonl"
"$tool" --json compare "sa=$tmp/soundalike.jsonl" "a=$a" >"$tmp/cmp-sa.json" 2>"$tmp/err"
bad=
for c in claimed stolen; do
	want=$(jq -n --arg c "$c" '[inputs | select(.type == "snapshot")] as $s
	  | def n(x): [x.files.extfrag.claims[]?[$c]] | add // 0;
	    n($s[-1]) - n($s[0])' "$a")
	got=$(jq -c "[.rows[] | select(.metric == \"fallbacks_all\" and .key == \"$c\") | .values[]]" "$tmp/cmp-sa.json")
	[ "$got" = "[$want,$want]" ] || bad="$bad $c=$got(jq:$want)"
done
if [ -z "$bad" ]; then
	ok "claimed and stolen are [claims]' own, as jq sums them; other sections count nothing"
else
	not_ok "claimed/stolen:$bad" "$tmp/err"
fi
# Format 6: a reset_generation that steps at snapshot k is a reset there
# though no counter went down: the interval to k grew by k's own values.
# shellcheck source=tests/tool/restart.sh
. "$here/restart.sh"
k=$(jq -n '[inputs | select(.type == "snapshot")
	| [.files.compaction.runs[] | select(.trigger == "direct") | .runs] | add // 0]
	| (map(. > 0) | index(true)) + 1' "$a")
restart_recording "$a" "$tmp/gen.jsonl" 0123456789abcdef \
	$(for ((i = 0; i < k; i++)); do printf '0 '; done) 1
want=$(jq -n --argjson k "$k" '[inputs | select(.type == "snapshot")] as $s
	| def runs(x): [x.files.compaction.runs[] | select(.trigger == "direct") | .runs] | add // 0;
	  runs($s[-1]) - runs($s[0]) + runs($s[$k - 1])' "$a")
got=$("$tool" --json compare "g=$tmp/gen.jsonl" "a=$a" 2>"$tmp/err" |
	jq '.rows[] | select(.metric == "runs" and .key == "direct") | .values[0]')
if [ "${got:-x}" = "$want" ]; then
	ok "format 6: reset_generation stepping at snapshot $k is a reset: $got direct runs, as jq sums them"
else
	not_ok "format 6: reset_generation step: ${got:-none} direct runs, jq says $want" "$tmp/err"
fi
# A snapshot's files are read through the parser and the schema that read
# the module's text: a value that does not fit its column is malformed
# (exit 7), naming the section, in compare as in plot.
jq -c 'if .type == "snapshot" and .n == 2 then .files.zones.zones[0].score = "lol"
       else . end' "$a" >"$tmp/lol.jsonl"
for cmd in "compare x=$tmp/lol.jsonl a=$a" "plot -o $tmp/plot-lol $tmp/lol.jsonl"; do
	# shellcheck disable=SC2086 # cmd is split into its words
	"$tool" $cmd >/dev/null 2>"$tmp/err"
	rc=$?
	if [ "$rc" = 7 ] && grep -q '\[zones\]: bad score "lol"' "$tmp/err"; then
		ok "${cmd%% *}: a snapshot's zones row with score \"lol\": exit 7, '$(cat "$tmp/err")'"
	else
		not_ok "${cmd%% *}: a snapshot's score \"lol\": exit $rc" "$tmp/err"
	fi
done
finish

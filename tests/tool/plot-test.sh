#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# plot-test.sh [RECORDING.jsonl[.gz]...]: host tests of memfrag record,
# plot (and compare's JSON), against recordings made in QEMU by `memfrag record`
# while memfrag_workload ran (tests/tool/recordings/, made by
# tests/tool/plot-record.sh; or the recordings named):
#  - every SVG plot and compare write is valid XML (xmllint --noout) and
#    renders (rsvg-convert, 1200 pixels wide);
#  - the marks drawn are the recording's, counted with jq and not through
#    the tool: bars of runs = non-zero (interval, trigger, result), cells
#    of latency = non-zero (interval, trigger, bucket), cells of free
#    blocks = non-zero (snapshot, zone, order), matrix cells = pairs that
#    fell back; every axis label carries its unit;
#  - compare's JSON follows the schema (compare-test.sh tests the rest);
#  - index.html in headless chromium: a screenshot, and the page's own
#    check that every image loaded;
#  - truncated, corrupt, empty and foreign recordings: a clear error and
#    exit 6, 7 or 8, never a crash (ASan, UBSan);
#  - record from recorded copies (-d): the snapshots, the size limit and
#    SIGINT leave complete recordings.
# Ends with "memfrag-plot: N passed, N failed, N skipped".
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:exitcode=99
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:exitcode=98

# shellcheck source=tests/tool/tap.sh
. "$here/tap.sh"
tap_tmpdir memfrag-plot-test
finish() {
	echo "memfrag-plot: $passed passed, $failed failed, $skipped skipped"
	[ "$failed" -eq 0 ]
	exit
}

if ! make -s -C "$top/tools/memfrag" memfrag memfrag-asan >"$tmp/build.log" 2>&1; then
	not_ok "build" "$tmp/build.log"
	finish
fi
cp "$top/tools/memfrag/memfrag" "$tmp/memfrag"
cp "$top/tools/memfrag/memfrag-asan" "$tmp/memfrag-asan"
tool=$tmp/memfrag
asan=$tmp/memfrag-asan
for c in jq xmllint rsvg-convert; do
	command -v $c >/dev/null || { not_ok "$c is not installed (scripts/install-deps.sh)"; finish; }
done

# the recordings, uncompressed into $tmp/rec/
mkdir -p "$tmp/rec"
[ $# -gt 0 ] || set -- "$here"/recordings/*.jsonl.gz
for r in "$@"; do
	b=$(basename "$r" .gz)
	case $r in *.gz) gunzip -c "$r" >"$tmp/rec/$b" ;; *) cp "$r" "$tmp/rec/$b" ;; esac
done

# --- what the recording holds, by jq --------------------------------------
# The snapshots of a recording, one per line.
snaps() { jq -c 'select(.type == "snapshot")' "$1"; }
# nonzero_deltas FILE JQ-ROWS JQ-KEY JQ-VALUE: how many (interval, key)
# grew from one snapshot to the next (no reset inside a test recording).
nonzero_deltas() {
	jq -n --argjson dummy 0 "
	  def sums(rows): reduce rows as \$r ({}; .[\$r | $3] += (\$r | $4));
	  [inputs | select(.type == \"snapshot\")] as \$s
	  | [range(1; \$s | length) as \$i
	     | (\$s[\$i].files | sums($2)) as \$new
	     | (\$s[\$i - 1].files | sums($2)) as \$old
	     | \$new | to_entries[] | select(.value - (\$old[.key] // 0) > 0)]
	  | length" "$1"
}
count_class() { grep -o "class=\"$2\"" "$1" | wc -l; }

figures="runs stall latency fallbacks fallback-matrix free-blocks unusable score"
for r in "$tmp"/rec/*.jsonl; do
	name=$(basename "$r" .jsonl)
	out=$tmp/plot-$name
	if ! "$tool" plot -o "$out" "$r" >"$tmp/out" 2>&1; then
		not_ok "$name: plot exits 0" "$tmp/out"
		continue
	fi
	bad=
	for f in $figures; do
		[ -s "$out/$f.svg" ] || { bad="$bad $f(missing)"; continue; }
		xmllint --noout "$out/$f.svg" 2>>"$tmp/xml" || bad="$bad $f(xml)"
		rsvg-convert -w 1200 "$out/$f.svg" -o "$out/$f.png" 2>>"$tmp/xml" &&
			[ -s "$out/$f.png" ] || bad="$bad $f(render)"
	done
	if [ -z "$bad" ]; then
		ok "$name: 8 figures, valid XML (xmllint), rendered at 1200 px (rsvg-convert)"
	else
		not_ok "$name: figures:$bad" "$tmp/xml"
	fi
	# marks against the recording
	want=$(nonzero_deltas "$r" '.compaction.runs[]' '"\(.trigger)/\(.result)"' '.runs')
	got=$(count_class "$out/runs.svg" bar)
	[ "$got" = "$want" ] && ok "$name: runs.svg draws $got bars = non-zero (interval, trigger, result)" ||
		not_ok "$name: runs.svg draws $got bars, the recording has $want non-zero (interval, trigger, result)"
	want=$(nonzero_deltas "$r" '.latency.latency[]' '"\(.trigger)/\(.usecs_from)"' '.count')
	got=$(count_class "$out/latency.svg" cell)
	[ "$got" = "$want" ] && ok "$name: latency.svg draws $got cells = non-zero (interval, trigger, bucket)" ||
		not_ok "$name: latency.svg draws $got cells, the recording has $want non-zero (interval, trigger, bucket)"
	want=$(nonzero_deltas "$r" '.latency.timed[] | select(.trigger == "direct")' '"direct"' '.total_us')
	got=$(count_class "$out/stall.svg" bar)
	[ "$got" = "$want" ] && ok "$name: stall.svg draws $got bars = intervals with direct stall" ||
		not_ok "$name: stall.svg draws $got bars, $want intervals with direct stall"
	want=$(jq -n '[inputs] | (.[0].zones | map(select(.managed > 0) | "\(.node)/\(.zone)")) as $z
		| [.[] | select(.type == "snapshot")] | .[1:]
		| [.[].files.zones.free_blocks[] | select("\(.node)/\(.zone)" as $k | $z | index($k))
		   | .orders[] | select(. > 0)] | length' "$r")
	got=$(count_class "$out/free-blocks.svg" cell)
	[ "$got" = "$want" ] && ok "$name: free-blocks.svg draws $got cells = non-zero (snapshot, zone, order)" ||
		not_ok "$name: free-blocks.svg draws $got cells, the recording has $want non-zero"
	want=$(jq -n '[inputs | select(.type == "snapshot")] as $s
		| def sums(rows): reduce rows as $r ({}; .["\($r.alloc_type)/\($r.fallback_type)"] += $r.count);
		  ($s[-1].files.extfrag.migratetype | sums(.[])) as $new
		| ($s[0].files.extfrag.migratetype | sums(.[])) as $old
		| [$new | to_entries[] | select(.value - ($old[.key] // 0) > 0)] | length' "$r")
	got=$(count_class "$out/fallback-matrix.svg" cell)
	[ "$got" = "$want" ] && ok "$name: fallback-matrix.svg draws $got cells = migratetype pairs that fell back" ||
		not_ok "$name: fallback-matrix.svg draws $got cells, $want pairs fell back"
	got=$(count_class "$out/score.svg" line)
	want=$(jq -n 'input.zones | map(select(.managed > 0)) | length' "$r")
	[ "$got" = "$want" ] && ok "$name: score.svg draws one line per zone ($got)" ||
		not_ok "$name: score.svg draws $got lines for $want zones"
	# units on the axes
	bad=
	for want in "runs.svg:runs per second (runs/s)" "runs.svg:time since the recording started (s)" \
		"stall.svg:stall (ms per s)" "stall.svg:stall per run (ms)" \
		"latency.svg:run latency (µs, log2 buckets)" "fallbacks.svg:fallbacks per second (1/s)" \
		"free-blocks.svg:order · block size" "unusable.svg:unusable index (0 to 1)" \
		"score.svg:score (0 to 100)" "fallback-matrix.svg:fallbacks (count, log scale)"; do
		grep -qF ">${want#*:}<" "$out/${want%%:*}" || bad="$bad '$want'"
	done
	[ -z "$bad" ] && ok "$name: axis labels with units" || not_ok "$name: labels missing:$bad"
	# the header in index.html
	kernel=$(jq -r 'select(.type == "header") | .kernel' "$r")
	events=$(jq -r 'select(.type == "end") | "\(.events) recorded, \(.dropped) dropped"' "$r")
	read_events=$(jq -r 'select(.type == "header") | .events' "$r")
	if grep -qF "$kernel" "$out/index.html" &&
	   grep -qF "<td>$events by the module$([ "$read_events" = true ] && echo '</td>' || echo ' (not read')" "$out/index.html" &&
	   [ "$(grep -c '<img src=' "$out/index.html")" = 8 ]; then
		ok "$name: index.html has the header ($kernel; events: $events) and 8 figures"
	else
		not_ok "$name: index.html"
	fi
	# under the sanitizers
	if "$asan" plot -o "$tmp/asan-$name" "$r" >"$tmp/asan.err" 2>&1 &&
	   ! grep -q 'Sanitizer\|runtime error' "$tmp/asan.err"; then
		ok "$name: plot under ASan and UBSan"
	else
		not_ok "$name: plot under ASan and UBSan" "$tmp/asan.err"
	fi
done

# --- the published schema (tools/memfrag/recording.schema.json) -------------
schema=$top/tools/memfrag/recording.schema.json
if python3 -c 'import jsonschema' 2>/dev/null; then
	bad=
	for r in "$tmp"/rec/*.jsonl; do
		python3 "$here/validate-json.py" "$schema" "$r" >"$tmp/schema" 2>&1 ||
			bad="$bad $(basename "$r")"
	done
	"$tool" --json compare a="$r" b="$r" >"$tmp/cj.json" 2>/dev/null
	python3 "$here/validate-json.py" "$schema" "$tmp/cj.json" >>"$tmp/schema" 2>&1 ||
		bad="$bad compare"
	jq -c 'if .type == "snapshot" then del(.files.zones) else . end' "$r" >"$tmp/nozones.jsonl"
	if [ -z "$bad" ] &&
	   ! python3 "$here/validate-json.py" "$schema" "$tmp/nozones.jsonl" >/dev/null 2>&1; then
		ok "schema: every recording's lines and compare's JSON validate; a snapshot without zones does not"
	else
		not_ok "schema:$bad" "$tmp/schema"
	fi
else
	not_ok "python3-jsonschema is not installed (scripts/install-deps.sh)"
fi

# --- index.html in a real browser ------------------------------------------
first=$(ls -d "$tmp"/plot-* 2>/dev/null | head -n 1)
chrome=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$chrome" ]; then
	skip "chromium is not installed (scripts/install-deps.sh)"
elif [ -z "$first" ]; then
	not_ok "no plot to open in chromium"
else
	flags=(--headless --no-sandbox --disable-gpu --disable-background-networking
	       --disable-component-update --no-first-run)
	timeout 120 "$chrome" "${flags[@]}" --user-data-dir="$tmp/chrome1" \
		--virtual-time-budget=10000 --dump-dom "file://$first/index.html" \
		>"$tmp/dom.html" 2>"$tmp/chrome.err"
	timeout 120 "$chrome" "${flags[@]}" --user-data-dir="$tmp/chrome2" \
		--window-size=1280,2000 --screenshot="$tmp/shot.png" \
		"file://$first/index.html" >/dev/null 2>>"$tmp/chrome.err"
	if grep -q 'memfrag-images: 8 of 8 loaded' "$tmp/dom.html" && [ -s "$tmp/shot.png" ]; then
		ok "chromium: index.html says 'memfrag-images: 8 of 8 loaded'; screenshot $(stat -c %s "$tmp/shot.png") bytes"
		[ -n "${PLOT_KEEP:-}" ] && cp "$tmp/shot.png" "$PLOT_KEEP/"
	else
		grep -o 'memfrag-images[^<]*' "$tmp/dom.html" >>"$tmp/chrome.err"
		not_ok "chromium: not every image loaded" "$tmp/chrome.err"
	fi
	# the check can fail: a missing figure is reported
	rm "$first/stall.svg"
	timeout 120 "$chrome" "${flags[@]}" --user-data-dir="$tmp/chrome3" \
		--virtual-time-budget=10000 --dump-dom "file://$first/index.html" \
		>"$tmp/dom.html" 2>/dev/null
	if grep -q 'memfrag-images: 7 of 8 loaded; failed: stall.svg' "$tmp/dom.html"; then
		ok "chromium: a missing figure is reported (7 of 8 loaded; failed: stall.svg)"
	else
		not_ok "chromium: a missing figure went unnoticed"
	fi
fi

# compare: tests/tool/compare-test.sh
set -- "$tmp"/rec/*.jsonl
a=${*: -1}

# --- bad recordings: a clear error, never a crash ---------------------------
# expect NAME STATUS PATTERN FILE
expect() {
	local rc
	"$asan" plot -o "$tmp/bad" "$4" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	if [ $rc = "$2" ] && grep -q "$3" "$tmp/err" &&
	   ! grep -q 'Sanitizer\|runtime error' "$tmp/err"; then
		ok "bad recording, $1: exit $2, '$(head -n 1 "$tmp/err" | cut -c1-90)'"
	else
		not_ok "bad recording, $1: exit $rc" "$tmp/err"
	fi
}
size=$(stat -c %s "$a")
head -c $((size / 2)) "$a" >"$tmp/half.jsonl"
expect "cut mid-line" 7 'truncated: the last line is incomplete' "$tmp/half.jsonl"
head -n 3 "$a" >"$tmp/noend.jsonl"
expect "cut after a line" 7 'truncated: no end line' "$tmp/noend.jsonl"
sed '3s/{/[/' "$a" >"$tmp/corrupt.jsonl"
expect "corrupt line" 7 ':3: not JSON' "$tmp/corrupt.jsonl"
: >"$tmp/empty.jsonl"
expect "empty" 7 'empty' "$tmp/empty.jsonl"
echo '{"hello": "world"}' >"$tmp/foreign.jsonl"
expect "not a recording" 7 'not a memfrag recording' "$tmp/foreign.jsonl"
sed '1s/"memfrag_recording":1/"memfrag_recording":99/' "$a" >"$tmp/v99.jsonl"
expect "recording format 99" 6 'recording format 99' "$tmp/v99.jsonl"
expect "no such file" 8 'cannot open' "$tmp/nonexistent.jsonl"
head -c 4096 /dev/urandom >"$tmp/random.jsonl"
expect "random bytes" 7 '' "$tmp/random.jsonl"
# cut at 64 places through the file: exit 7 every time, no sanitizer report
bad=0
for ((i = 1; i < 64; i++)); do
	head -c $((size * i / 64)) "$a" >"$tmp/cut.jsonl"
	"$asan" plot -o "$tmp/bad" "$tmp/cut.jsonl" >/dev/null 2>"$tmp/err"
	rc=$?
	{ [ $rc = 7 ] && ! grep -q 'Sanitizer\|runtime error' "$tmp/err"; } ||
		{ bad=$((bad + 1)); sed 's/^/#   /' "$tmp/err" | head -n 5; }
done
[ $bad = 0 ] && ok "bad recording: cut at 63 places, exit 7 each, no sanitizer report" ||
	not_ok "bad recording: $bad of 63 cuts"

# --- record, from recorded copies ---------------------------------------------
d=$here/recorded/6.12
if [ -d "$d/2" ]; then
	"$tool" -d "$d/1" -d "$d/2" -i 0.05 record -D 0.5 -o "$tmp/r.jsonl" 2>"$tmp/err"
	rc=$?
	s=$(jq -s '[.[] | select(.type == "snapshot")] | length' "$tmp/r.jsonl" 2>/dev/null)
	if [ $rc = 0 ] && [ "$s" -ge 9 ] && [ "$s" -le 12 ] &&
	   [ "$(tail -n 1 "$tmp/r.jsonl" | jq -r .reason)" = duration ] &&
	   "$tool" plot -o "$tmp/rp" "$tmp/r.jsonl" 2>/dev/null; then
		ok "record -i 0.05 -D 0.5: $s snapshots, ends 'duration', plot reads it"
	else
		not_ok "record -D: exit $rc, $s snapshots" "$tmp/err"
	fi
	"$tool" -d "$d/1" -i 0.01 record -D 30 -m 0.2 -o "$tmp/m.jsonl" 2>"$tmp/err"
	rc=$?
	if [ $rc = 0 ] && [ "$(stat -c %s "$tmp/m.jsonl")" -le $((2 * 1024 * 1024 / 10)) ] &&
	   [ "$(tail -n 1 "$tmp/m.jsonl" | jq -r .reason)" = size_limit ] &&
	   grep -q 'reached its limit of 0.20 MiB' "$tmp/err" &&
	   "$tool" plot -o "$tmp/mp" "$tmp/m.jsonl" 2>/dev/null; then
		ok "record -m 0.2: stops under 0.2 MiB ($(stat -c %s "$tmp/m.jsonl") bytes), says so, the file reads"
	else
		not_ok "record -m: exit $rc" "$tmp/err"
	fi
	"$tool" -d "$d/1" -i 0.05 record -o "$tmp/int.jsonl" 2>"$tmp/err" &
	pid=$!
	sleep 1
	kill -INT $pid
	wait $pid
	rc=$?
	if [ $rc = 0 ] && [ "$(tail -n 1 "$tmp/int.jsonl" | jq -r .reason)" = interrupted ] &&
	   "$tool" plot -o "$tmp/ip" "$tmp/int.jsonl" 2>/dev/null; then
		ok "record: SIGINT (Ctrl-C) leaves a complete recording (ends 'interrupted'), plot reads it"
	else
		not_ok "record: SIGINT: exit $rc" "$tmp/err"
	fi
	"$tool" -d "$d/1" -i 0.01 -c 3 record -o "$tmp/c.jsonl" 2>"$tmp/err"
	[ "$(jq -s '[.[] | select(.type == "snapshot")] | length' "$tmp/c.jsonl")" = 4 ] &&
		ok "record -c 3: three intervals, four snapshots" || not_ok "record -c 3" "$tmp/err"
	"$tool" record >"$tmp/out" 2>"$tmp/err"
	[ $? = 2 ] && grep -q -- '-o FILE is required' "$tmp/err" &&
		ok "record without -o: usage error (exit 2)" || not_ok "record without -o" "$tmp/err"
	"$tool" -d "$tmp/nonexistent" record -o "$tmp/x.jsonl" >"$tmp/out" 2>"$tmp/err"
	[ $? = 8 ] && [ ! -e "$tmp/x.jsonl" ] &&
		ok "record from a missing directory: exit 8, no file left" ||
		not_ok "record from a missing directory" "$tmp/err"
else
	skip "record: no tests/tool/recorded/6.12/2"
fi
finish

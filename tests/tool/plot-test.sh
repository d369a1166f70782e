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
#  - index.html in headless chromium: the DOM holds the figures inline
#    with their tooltips, and a screenshot is not blank;
#  - what each picture claims, against what jq computes: the
#    node's score as the kernel's, the colour scales, hues of success and
#    failure, units, the events timeline, .gz and stdin, recordings cut
#    short, the -z and -t filters;
#  - corrupt, empty and foreign recordings, and ones cut before a whole
#    snapshot: a clear error and exit 6, 7 or 8, never a crash (ASan,
#    UBSan);
#  - record from recorded copies (-d): the snapshots, the size limit and
#    SIGINT leave complete recordings.
# Ends with "memfrag-plot: N passed, N failed, N skipped".
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)

# shellcheck source=tests/tool/tap.sh
. "$here/tap.sh"
tap_begin memfrag-plot

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

figures="runs stall latency fallbacks fallback-matrix free-blocks unusable score events"
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
		ok "$name: 9 figures, valid XML (xmllint), rendered at 1200 px (rsvg-convert)"
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
	want=$(jq -n 'input.zones | map(select(.managed > 0) | .node) | unique | length' "$r")
	[ "$got" = "$want" ] && ok "$name: score.svg draws one line per node ($got)" ||
		not_ok "$name: score.svg draws $got lines for $want nodes"
	# units on the axes
	bad=
	for want in "runs.svg:runs per second (runs/s)" "runs.svg:time since the recording started (s)" \
		"stall.svg:stall (ms per s)" "stall.svg:stall per run (ms)" \
		"latency.svg:run latency (log2 buckets)" "fallbacks.svg:fallbacks per second (1/s)" \
		"events.svg:order compacted for" \
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
	   [ "$(grep -c '^<svg ' "$out/index.html")" = 9 ] &&
	   ! grep -q '<img\|<script\|memfrag-images' "$out/index.html"; then
		ok "$name: index.html has the header ($kernel; events: $events) and 9 figures inline, no script"
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

# --- what each picture claims, against what jq computes ---------------------
w=$tmp/rec/6.12-workload.jsonl
[ -f "$w" ] || w=$(ls "$tmp"/rec/*.jsonl | head -n 1)
# svg_tips FILE CLASS: the tooltips of the marks of CLASS, one a line.
svg_tips() {
	grep -o "class=\"$2\"><title>[^<]*" "$1" | sed 's/.*<title>//'
}
# svg_fills FILE CLASS PATTERN: the fills of the marks of CLASS whose
# tooltip matches PATTERN, one a line, sorted and unique.
svg_fills() {
	grep "class=\"$2\"><title>[^<]*$3" "$1" | grep -o 'fill="#[0-9a-fA-F]*"' |
		sed 's/fill="//; s/"//' | sort -u
}
# hue_apart A B: the two colours' hues (HSV) are at least 40 degrees apart.
hue_apart() {
	python3 - "$1" "$2" <<'EOF'
import colorsys, sys
h = [colorsys.rgb_to_hsv(*(int(c[i:i + 2], 16) / 255 for i in (1, 3, 5)))[0] * 360
     for c in sys.argv[1:]]
d = abs(h[0] - h[1]) % 360
sys.exit(0 if min(d, 360 - d) >= 40 else 1)
EOF
}
p=$tmp/defects
"$tool" plot -o "$p" "$w" >/dev/null 2>&1

# score.svg: the node's score as mm/compaction.c computes it from the free
# blocks (fragmentation_score_node(): the sum over the node's zones of
# present * extfrag_for_order(score_order) / (node present + 1)), on a
# recording given a second large zone (Normal, a copy of DMA32): a zone's
# weighted score alone then stays under half, the node's reaches the
# thresholds (pro50: vm.compaction_proactiveness 50, thresholds 50 to 60).
sc=$tmp/rec/6.12-pro50.jsonl
# run on other recordings (plot-record.sh): the repository's pro50
[ -f "$sc" ] || { sc=$tmp/pro50.jsonl; gzip -dc "$here/recordings/6.12-pro50.jsonl.gz" >"$sc"; }
kscore='
  def extfrag($nr; $order):
    ([range(0; $nr | length) as $o | $nr[$o] * pow(2; $o)] | add) as $free
    | ([range($order; $nr | length) as $o | $nr[$o] * pow(2; $o - $order)] | add) as $fit
    | if $free == 0 then 0 else ((($free - $fit * pow(2; $order)) * 100 / $free) | floor) end;
  def weighted($zones; $s):
    [$s.files.zones.free_blocks[] as $f
     | ($zones[] | select(.node == $f.node and .zone == $f.zone)) as $z
     | ([$zones[] | select(.node == $f.node) | .present] | add) as $np
     | {node: $f.node, zone: $f.zone,
        score: (($z.present * extfrag($f.orders; $s.files.zones.score_order)) / ($np + 1) | floor)}];'
jq -c 'if .type == "header" then .zones += [.zones[] | select(.zone == "DMA32") | .zone = "Normal"]
	elif .type == "snapshot" then
	  .files.zones.zones += [.files.zones.zones[] | select(.zone == "DMA32") | .zone = "Normal"]
	  | .files.zones.free_blocks += [.files.zones.free_blocks[] | select(.zone == "DMA32") | .zone = "Normal"]
	  | .files.zones.unusable_index += [.files.zones.unusable_index[] | select(.zone == "DMA32") | .zone = "Normal"]
	else . end' "$sc" >"$tmp/twozones.jsonl"
jq -c -n "$kscore"' [inputs] | .[0].zones as $z | .[]
	| if .type == "snapshot" then
	    weighted($z; .) as $w
	    | .files.zones.zones |= map(. as $r | .score = ($w[] | select(.zone == $r.zone and .node == $r.node) | .score))
	  else . end' "$tmp/twozones.jsonl" >"$tmp/twozones2.jsonl"
mv "$tmp/twozones2.jsonl" "$tmp/twozones.jsonl"
# the formula is the module's: it gives the recorded zone scores
same=$(jq -n "$kscore"' [inputs] | .[0].zones as $z
	| [.[] | select(.type == "snapshot") | weighted($z; .) as $w
	   | .files.zones.zones[] | . as $r | ($w[] | select(.zone == $r.zone)).score == $r.score]
	| all' "$sc")
want=$(jq -r -n "$kscore"' [inputs] | .[0].zones as $z | [.[] | select(.type == "snapshot")] as $s
	| range(0; $s | length) as $i
	| "\($s[$i].t - $s[0].t) \([weighted($z; $s[$i])[] | select(.node == 0) | .score] | add)"' \
	"$tmp/twozones.jsonl" | awk '{ printf "%.3f %d\n", $1, $2 }')
"$tool" plot -o "$tmp/tz" "$tmp/twozones.jsonl" >/dev/null 2>&1
got=$(svg_tips "$tmp/tz/score.svg" node-score | sed -n 's/^\([0-9.]*\) s: node 0 score \([0-9.]*\) .*/\1 \2/p')
# snapshots where the node's score is at or above score_high and no zone's is
reach=$(jq -n "$kscore"' [inputs] | .[0].zones as $z
	| [.[] | select(.type == "snapshot") | weighted($z; .) as $w | .files.zones.score_high as $h
	   | select(([$w[].score] | add) >= $h and ([$w[].score] | max) < $h)] | length' "$tmp/twozones.jsonl")
if [ "$same" = true ] && [ -n "$got" ] && [ "$got" = "$want" ] && [ "$reach" -gt 0 ]; then
	ok "score.svg: node 0's score at each of $(echo "$got" | wc -l) snapshots is the kernel's (jq, from the free blocks); with DMA32 and Normal it passes score_high at $reach snapshots where no zone's share does"
else
	diff <(echo "$want") <(echo "$got") | head -n 5 >"$tmp/want"
	not_ok "score.svg: node scores (the formula gives the module's zone scores: $same; passes score_high at $reach snapshots)" "$tmp/want"
fi

# free-blocks.svg and latency.svg: counts on a log scale per zone (per
# figure for latency), 1 at the bottom of viridis, the largest at its top,
# 0 no cell; and the colour bar says so
bad=
for zone in $(jq -r 'select(.type == "header") | .zones[] | select(.managed > 0) | .zone' "$w"); do
	max=$(jq -s --arg z "$zone" '[.[] | select(.type == "snapshot")][1:] | [.[].files.zones.free_blocks[] | select(.zone == $z) | .orders[]] | max' "$w")
	[ "$max" -gt 1 ] || continue
	f=$(svg_fills "$p/free-blocks.svg" cell " $zone order [0-9]*: $max free blocks")
	[ "$f" = "#fde725" ] || bad="$bad $zone:max($max)=$f"
	f=$(svg_fills "$p/free-blocks.svg" cell " $zone order [0-9]*: 1 free blocks")
	[ -z "$f" ] || [ "$f" = "#440154" ] || bad="$bad $zone:1=$f"
done
grep -q '>0: none<' "$p/free-blocks.svg" || bad="$bad no-0-swatch"
f=$(svg_fills "$p/latency.svg" cell ": 1 [a-z]* runs of")
[ -z "$f" ] || [ "$f" = "#440154" ] || bad="$bad latency:1=$f"
[ -z "$bad" ] && ok "free-blocks.svg: each zone's largest count is viridis' top, 1 its bottom, 0 a white swatch; latency.svg's 1 is the bottom" ||
	not_ok "colour scales:$bad"

# runs.svg: direct success and its failures in hues apart
s=$(svg_fills "$p/runs.svg" bar "direct runs, success")
bad=
for r in partial_skipped complete skipped deferred contended no_suitable_page; do
	f=$(svg_fills "$p/runs.svg" bar "direct runs, $r")
	[ -n "$f" ] || continue
	hue_apart "$s" "$f" || bad="$bad $r($f)"
done
[ -n "$s" ] && [ -z "$bad" ] && ok "runs.svg: direct success ($s) and each failure drawn are 40 degrees of hue apart" ||
	not_ok "runs.svg: direct success $s, failures too close in hue:$bad"

# latency.svg: the axis' unit is every tick's unit
ylabel=$(grep -o 'rotate(-90[^>]*>run latency[^<]*' "$p/latency.svg" | head -n 1 | sed 's/.*>//')
ticks=$(grep -o 'text-anchor="end" fill="#222222">[0-9.]* [µm]*s<' "$p/latency.svg" | sed 's/.*> *[0-9.]* //; s/<//' | sort -u | tr '\n' ' ')
unit=$(echo "$ylabel" | grep -o 'µs\|ms\| s[,)]' | head -n 1)
if [ -n "$ylabel" ] && { [ -z "$unit" ] || [ "$ticks" = "$unit " ]; }; then
	ok "latency.svg: axis '$ylabel' names no unit its ticks ($ticks) do not carry"
else
	not_ok "latency.svg: axis '$ylabel' says $unit, ticks say $ticks"
fi

# events.svg: one mark per run record of the events lines (jq), success,
# complete and the rest in three shapes and hues; tooltips name the task
want=$(jq -r 'select(.type == "events") | .lines[] | select(test("^[0-9]"))' "$w" | wc -l)
succ=$(jq -r 'select(.type == "events") | .lines[] | select(test("^[0-9]")) | split(" ")[9]' "$w" | grep -c '^success$')
got=$(count_class "$p/events.svg" run)
gsucc=$(grep -c '<circle[^>]*class="run"><title>[^<]*: success;' "$p/events.svg")
gfail=$(grep -c '<path[^>]*class="run"><title>[^<]*: \(partial_skipped\|skipped\|deferred\|contended\|no_suitable_page\);' "$p/events.svg")
fs=$(svg_fills "$p/events.svg" run ": success;")
ff=$(svg_fills "$p/events.svg" run ": partial_skipped;")
pid=$(jq -r 'select(.type == "events") | .lines[0] // empty' "$w" | head -n 1 | awk '{ print "pid " $2 " " $3 }')
if [ "$want" -gt 0 ] && [ "$got" = "$want" ] && [ "$gsucc" = "$succ" ] && [ "$gfail" -gt 0 ] &&
   [ -n "$fs" ] && [ -n "$ff" ] && hue_apart "$fs" "$ff" &&
   grep -q "<title>[^<]*$pid, node [^<]*fragindex [^<]*latency [0-9]" "$p/events.svg"; then
	ok "events.svg: $got marks = run records (jq), $gsucc successes as circles ($fs), failures as triangles ($ff); tooltips with pid, comm, fragindex, latency"
else
	not_ok "events.svg: $got marks for $want records, $gsucc of $succ successes, $gfail failures, fills $fs $ff"
fi
# a big recording: every 2nd of 12,000 records, and the picture says so
jq -c 'if .type == "events" then .lines |= [range(0; 120) as $k | .[]] else . end' "$w" >"$tmp/many.jsonl"
big=$(jq -r 'select(.type == "events") | .lines[] | select(test("^[0-9]"))' "$tmp/many.jsonl" | wc -l)
"$tool" plot -o "$tmp/many" "$tmp/many.jsonl" >/dev/null 2>&1
got=$(count_class "$tmp/many/events.svg" run)
# every trigger that ran keeps marks, however few its runs
lost=
for trig in $(jq -r 'select(.type == "events") | .lines[] | select(test("^[0-9]")) | split(" ")[6]' "$w" | sort -u); do
	grep -q "class=\"run\"><title>[^<]*, order -\?[0-9]*, $trig " "$tmp/many/events.svg" || lost="$lost $trig"
done
if [ "$got" -le 6000 ] && [ "$got" -gt 0 ] && [ -z "$lost" ] &&
   grep -q ">$got of $big runs drawn: one in [0-9]* of each trigger" "$tmp/many/events.svg"; then
	ok "events.svg: $big records, $got marks drawn, and the picture says '$got of $big runs drawn'"
else
	not_ok "events.svg: $big records, $got marks, no note of those left out, or triggers lost:$lost"
fi

# plot reads the repository's .gz recordings, and stdin
gz=$here/recordings/$(basename "$w").gz
# run on another recording (plot-record.sh): its own, gzip'd here
[ -f "$gz" ] || { gz=$tmp/$(basename "$w").gz; gzip -c "$w" >"$gz"; }
bad=
for how in gz stdin stdin-gz; do
	case $how in
	gz) "$tool" plot -o "$tmp/$how" "$gz" ;;
	stdin) "$tool" plot -o "$tmp/$how" - <"$w" ;;
	stdin-gz) "$tool" plot -o "$tmp/$how" - <"$gz" ;;
	esac >/dev/null 2>"$tmp/err" || { bad="$bad $how(exit)"; continue; }
	for f in "$p"/*.svg; do
		cmp -s "$f" "$tmp/$how/$(basename "$f")" || bad="$bad $how:$(basename "$f")"
	done
done
printf 'not gzip at all' | gzip -c | head -c 20 >"$tmp/bad.gz"
"$tool" plot -o "$tmp/badgz" "$tmp/bad.gz" >/dev/null 2>"$tmp/err"
rc=$?
[ -f "$gz" ] && [ -z "$bad" ] && [ $rc = 7 ] && grep -q 'gzip -dc failed' "$tmp/err" &&
	ok "plot FILE.gz, plot - <FILE, plot - <FILE.gz draw the same figures; a cut .gz: exit 7, '$(head -c 60 "$tmp/err")'" ||
	not_ok "plot of .gz or stdin:$bad; cut .gz: exit $rc" "$tmp/err"

# a recording cut short (no end line, half a last line) is plotted up to
# its last snapshot, and says so on stderr, every figure and the index
nl=$(wc -l <"$w")
bad=
for cut in lines bytes; do
	if [ $cut = lines ]; then
		head -n $((nl * 2 / 3)) "$w" >"$tmp/cut.jsonl"
	else
		head -n $((nl * 2 / 3)) "$w" >"$tmp/cut.jsonl"
		sed -n "$((nl * 2 / 3 + 1))p" "$w" | head -c 100 >>"$tmp/cut.jsonl"
	fi
	t=$(head -n $((nl * 2 / 3)) "$w" | jq -r 'select(.type == "snapshot" or .type == "events") | .t' |
		sort -g | tail -n 1 | awk '{ printf "%.3f", $1 }')
	snaps=$(jq -s '[.[] | select(.type == "snapshot")] | length' <(head -n $((nl * 2 / 3)) "$w"))
	"$tool" plot -o "$tmp/cutp" "$tmp/cut.jsonl" >/dev/null 2>"$tmp/err" || { bad="$bad $cut(exit)"; continue; }
	grep -q "cut short at $t s" "$tmp/err" || bad="$bad $cut(stderr)"
	grep -q "cut short at $t s" "$tmp/cutp/index.html" || bad="$bad $cut(index)"
	grep -q "$snaps snapshots · CUT SHORT at" "$tmp/cutp/runs.svg" || bad="$bad $cut(figure)"
done
[ -z "$bad" ] && ok "a recording cut short (no end line; and half a line): plotted, 'cut short at $t s' on stderr, index and figures" ||
	not_ok "cut short:$bad" "$tmp/err"

# -z and -t: the figures hold the zone's and the trigger's rows only
"$tool" -z DMA32 -t direct plot -o "$tmp/filt" "$w" >/dev/null 2>"$tmp/err"
want=$(jq -n '[inputs | select(.type == "snapshot")] | .[1:]
	| [.[].files.zones.free_blocks[] | select(.zone == "DMA32") | .orders[] | select(. > 0)] | length' "$w")
got=$(count_class "$tmp/filt/free-blocks.svg" cell)
wruns=$(nonzero_deltas "$w" '.compaction.runs[] | select(.zone == "DMA32" and .trigger == "direct")' '"\(.result)"' '.runs')
gruns=$(count_class "$tmp/filt/runs.svg" bar)
wev=$(jq -r 'select(.type == "events") | .lines[] | select(test("^[0-9]")) | split(" ") | select(.[4] == "DMA32" and .[6] == "direct")' "$w" | grep -c '^\[')
gev=$(count_class "$tmp/filt/events.svg" run)
if [ "$got" = "$want" ] && [ "$gruns" = "$wruns" ] && [ "$gev" = "$wev" ] &&
   [ "$gev" -gt 0 ] && grep -q 'only -z DMA32 -t direct' "$tmp/filt/runs.svg"; then
	ok "-z DMA32 -t direct: free-blocks.svg $got cells, runs.svg $gruns bars, events.svg $gev marks: DMA32's direct rows (jq)"
else
	not_ok "-z DMA32 -t direct: free blocks $got cells (jq $want), runs $gruns bars (jq $wruns), events $gev (jq $wev)" "$tmp/err"
fi

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
# ink PNG: how many pixels of a PNG (8-bit, not interlaced, as chromium
# writes them) are not white, decoded here with zlib alone.
ink() {
	python3 - "$1" <<'EOF'
import struct, sys, zlib
data = open(sys.argv[1], 'rb').read()
pos, idat, w = 8, b'', 0
while pos < len(data):
    n, kind = struct.unpack('>I4s', data[pos:pos + 8])
    body = data[pos + 8:pos + 8 + n]
    if kind == b'IHDR':
        w, h, depth, ctype = struct.unpack('>IIBB', body[:10])
        bpp = {2: 3, 6: 4}[ctype]
    elif kind == b'IDAT':
        idat += body
    pos += 12 + n
raw, stride, prev, ink, i = zlib.decompress(idat), w * bpp, None, 0, 0
for y in range(h):
    f, line = raw[i], bytearray(raw[i + 1:i + 1 + stride])
    i += 1 + stride
    for x in range(stride):
        a = line[x - bpp] if x >= bpp else 0
        b = prev[x] if prev else 0
        c = prev[x - bpp] if prev and x >= bpp else 0
        if f == 1: line[x] = (line[x] + a) & 255
        elif f == 2: line[x] = (line[x] + b) & 255
        elif f == 3: line[x] = (line[x] + (a + b) // 2) & 255
        elif f == 4:
            p = a + b - c
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
    ink += sum(1 for x in range(0, stride, bpp) if min(line[x:x + 3]) < 240)
    prev = line
print(ink)
EOF
}
first=$tmp/plot-6.12-workload
[ -d "$first" ] || first=$(ls -d "$tmp"/plot-* 2>/dev/null | head -n 1)
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
		--window-size=1280,2400 --screenshot="$tmp/shot.png" \
		"file://$first/index.html" >/dev/null 2>>"$tmp/chrome.err"
	nsvg=$(grep -c '<svg ' "$tmp/dom.html")
	ntitle=$(grep -o '<title>[^<]*s: [^<]*</title>' "$tmp/dom.html" | wc -l)
	px=$( [ -s "$tmp/shot.png" ] && ink "$tmp/shot.png" 2>>"$tmp/chrome.err" || echo 0)
	# a page of figures inks far more than its header table alone
	if [ "$nsvg" = 9 ] && [ "$ntitle" -gt 100 ] && [ "$px" -gt 100000 ]; then
		ok "chromium: the DOM holds 9 inline <svg> with $ntitle mark tooltips (<title>); the 1280x2400 screenshot has $px pixels of ink"
		[ -n "${PLOT_KEEP:-}" ] && cp "$tmp/shot.png" "$PLOT_KEEP/"
	else
		not_ok "chromium: $nsvg inline <svg>, $ntitle tooltips, $px pixels of ink" "$tmp/chrome.err"
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
expect "cut mid-line, snapshots before" 0 'cut short at .*the last line is incomplete' "$tmp/half.jsonl"
head -n 3 "$a" >"$tmp/noend.jsonl"
expect "cut after a line" 0 'cut short at .*no end line' "$tmp/noend.jsonl"
head -n 1 "$a" >"$tmp/header.jsonl"
expect "cut after the header" 7 'truncated: no end line' "$tmp/header.jsonl"
head -c 200 "$a" >"$tmp/headerhalf.jsonl"
expect "cut in the header" 7 'truncated: the last line is incomplete' "$tmp/headerhalf.jsonl"
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
# cut at 64 places through the file: plotted and said to be cut short when
# a snapshot line is whole, else exit 7; never a sanitizer report
bad=0
for ((i = 1; i < 64; i++)); do
	head -c $((size * i / 64)) "$a" >"$tmp/cut.jsonl"
	"$asan" plot -o "$tmp/bad" "$tmp/cut.jsonl" >/dev/null 2>"$tmp/err"
	rc=$?
	# the whole lines are those a newline ends
	whole=$(head -c $((size * i / 64)) "$a" | grep -c '^{"type":"snapshot".*}$')
	[ "$(tail -c 1 "$tmp/cut.jsonl" | od -An -tx1 | tr -d ' ')" = 0a ] ||
		whole=$(sed '$d' "$tmp/cut.jsonl" | grep -c '^{"type":"snapshot"')
	if [ "$whole" -gt 0 ]; then
		want=0 msg='cut short at'
	else
		want=7 msg='truncated'
	fi
	{ [ $rc = $want ] && grep -q "$msg" "$tmp/err" &&
	  ! grep -q 'Sanitizer\|runtime error' "$tmp/err"; } ||
		{ bad=$((bad + 1)); echo "#   cut $i: exit $rc, want $want"; sed 's/^/#   /' "$tmp/err" | head -n 5; }
done
[ $bad = 0 ] && ok "bad recording: cut at 63 places: plotted when a snapshot line is whole, else exit 7; no sanitizer report" ||
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

#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# kill-test.sh KILLED.jsonl ORACLE HALF.jsonl FULL.jsonl: recordings that a
# real memfrag record left when SIGKILL ended it in a guest
# (kill-guest.sh, run by plot-record.sh), read here as plot and compare
# read them (ASan, UBSan):
#  - KILLED (killed after the snapshot line that holds a manual
#    compaction, most often between two lines): plot draws it up to its
#    last whole line and says so, at the time jq reads there; its runs
#    total (the bars' tooltips) is jq's, from its first to its last
#    snapshot, and lies within what ORACLE, an ftrace hist trigger on
#    compaction:mm_compaction_end, counted around those snapshots: from
#    its first snapshot line to the end of the manual compaction that
#    only the last snapshot holds, at least; from before it started to
#    its last snapshot line, at most.  The snapshot before the last
#    cannot reach that least (else the check could not tell them apart);
#  - HALF (killed blocked in write() in the middle of a line): the same,
#    the half line neither counted nor refused;
#  - compare refuses either, exit 7, naming where it ends (as
#    Documentation/record-plot.rst says), FULL beside it.
# Ends with "memfrag-kill: N passed, N failed, N skipped".
set -uo pipefail
[ $# = 4 ] || { echo "usage: $0 KILLED.jsonl ORACLE HALF.jsonl FULL.jsonl" >&2; exit 2; }
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)

# shellcheck source=tests/tool/tap.sh
. "$here/tap.sh"
tap_begin memfrag-kill
killed=$1 oracle=$2 half=$3 full=$4
if ! make -s -C "$top/tools/memfrag" memfrag-asan >"$tmp/build.log" 2>&1; then
	not_ok "build" "$tmp/build.log"
	finish
fi
tool=$tmp/memfrag-asan
cp "$top/tools/memfrag/memfrag-asan" "$tool"

# What jq reads in a recording's whole lines (up to its last newline):
# whole LINES, the whole snapshot lines SNAPS, the last one's n LAST_N,
# the runs of every trigger from the first snapshot to the last RUNS and
# to the one before PREV, the time of the last line read CUT_T.
whole() {
	local f=$1 w=$tmp/whole.jsonl
	LINES=$(wc -l <"$f")
	head -n "$LINES" "$f" >"$w"
	read -r SNAPS LAST_N RUNS PREV < <(jq -rn '[inputs | select(.type == "snapshot")
		| {n, r: ([.files.compaction.runs[].runs] | add // 0)}]
		| [length, .[-1].n, .[-1].r - .[0].r, (if length > 1 then .[-2].r - .[0].r else 0 end)]
		| @tsv' "$w")
	CUT_T=$(jq -r 'select(.type == "snapshot" or .type == "events") | .t' "$w" |
		sort -g | tail -n 1 | awk '{ printf "%.3f", $1 }')
	# where and why plot and compare say it was cut
	HALF=$(($(wc -c <"$f") - $(wc -c <"$w")))
	if [ "$HALF" = 0 ]; then
		CUT_LINE=$LINES WHY="no end line after line $LINES"
	else
		CUT_LINE=$((LINES + 1)) WHY="the last line is incomplete"
	fi
}
# plot_cut NAME FILE REASON: plotted, cut short at CUT_T for REASON on
# stderr, in the index and every figure, with SNAPS snapshots and RUNS
# runs in the bars (their tooltips "A-B s: N trigger runs, result")
plot_cut() {
	local name=$1 f=$2 why=$3 out=$tmp/plot-$1 bad='' drawn rc fig
	"$tool" plot -o "$out" "$f" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	if [ $rc != 0 ] || grep -q 'Sanitizer\|runtime error' "$tmp/err"; then
		not_ok "$name: plot exits 0 (exit $rc)" "$tmp/err"
		return 1
	fi
	grep -q "cut short at $CUT_T s ($why" "$tmp/err" || bad="$bad stderr"
	grep -q "cut short at $CUT_T s" "$out/index.html" || bad="$bad index"
	for fig in "$out"/*.svg; do
		grep -q "· $SNAPS snapshots · CUT SHORT at" "$fig" || bad="$bad $(basename "$fig")"
	done
	drawn=$(grep -o '<title>[0-9.]*-[0-9.]* s: [0-9.e+]* [a-z]* runs, ' "$out/runs.svg" |
		awk '{ n += $3 } END { print n + 0 }')
	[ "$drawn" = "$RUNS" ] || bad="$bad runs($drawn drawn, jq $RUNS)"
	if [ -z "$bad" ]; then
		ok "$name: plotted up to its last whole line: 'cut short at $CUT_T s ($why', $SNAPS snapshots in every figure, $drawn runs drawn = jq's"
	else
		not_ok "$name: plot of the cut recording:$bad" "$tmp/err"
	fi
	PLOT_RUNS=$drawn
}
# compare_refuses NAME FILE LINE WHY: compare of FULL and FILE exits 7,
# "FILE:LINE: truncated: WHY"
compare_refuses() {
	local rc
	"$tool" compare full="$full" "$1"="$2" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	if [ $rc = 7 ] && grep -qF "$2:$3: truncated: $4" "$tmp/err" &&
	   ! grep -q 'Sanitizer\|runtime error' "$tmp/err"; then
		ok "$1: compare beside the full recording refuses it: exit 7, '$(sed "s|$tmp/||" "$tmp/err" | head -n 1)'"
	else
		not_ok "$1: compare: exit $rc, want 7 and '$3: truncated: $4'" "$tmp/err"
	fi
}

for f in "$killed" "$oracle" "$half" "$full"; do
	[ -s "$f" ] || { not_ok "no $f"; finish; }
done
cp "$killed" "$tmp/killed.jsonl"
cp "$half" "$tmp/half.jsonl"
cp "$full" "$tmp/full.jsonl"
killed=$tmp/killed.jsonl half=$tmp/half.jsonl full=$tmp/full.jsonl
hit() { awk -v k="$1" '$1 == k { print $2 }' "$oracle"; }

# --- killed after the snapshot that holds the manual compaction --------
whole "$killed"
if [ "$(hit rec_status)" = 137 ] && [ "$LAST_N" = "$(hit last_n)" ]; then
	where="between two lines"
	[ "$HALF" = 0 ] || where="$HALF bytes into line $CUT_LINE"
	ok "killed: the recorder died of SIGKILL (exit 137) after snapshot $LAST_N, its last whole one, $where"
else
	not_ok "killed: exit $(hit rec_status), last whole snapshot $LAST_N, killed after $(hit last_n)"
fi
PLOT_RUNS=
plot_cut killed "$killed" "$WHY"
low=$(($(hit after) - $(hit first))) high=$(($(hit last) - $(hit start)))
prev_max=$(($(hit before) - $(hit start)))
if [ "$prev_max" -ge "$low" ]; then
	not_ok "killed: the oracle cannot tell the last snapshot from the one before: it may hold up to $prev_max runs, the last at least $low"
elif [ -n "$PLOT_RUNS" ] && [ "$low" -le "$PLOT_RUNS" ] && [ "$PLOT_RUNS" -le "$high" ] &&
	[ "$PREV" -le "$prev_max" ]; then
	ok "killed: plot's $PLOT_RUNS runs over its $SNAPS snapshots lie within the hist trigger's $low .. $high (to the snapshot before the last: $PREV, at most $prev_max)"
else
	not_ok "killed: plot's '$PLOT_RUNS' runs, the hist trigger's $low .. $high; jq: $RUNS to the last snapshot, $PREV to the one before (at most $prev_max)"
fi
compare_refuses killed "$killed" "$CUT_LINE" "$WHY"

# --- killed in the middle of a line ---------------------------------------
whole "$half"
if [ "$HALF" -gt 0 ] && [ "$SNAPS" -gt 0 ]; then
	ok "half: killed in the middle of line $CUT_LINE: $HALF bytes of it, after $SNAPS whole snapshots"
else
	not_ok "half: $SNAPS whole snapshots, then $HALF bytes of a line"
fi
plot_cut half "$half" "$WHY"
compare_refuses half "$half" "$CUT_LINE" "$WHY"
finish

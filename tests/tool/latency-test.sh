#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# latency-test.sh [TOOL]: host tests of runs that took up to hours, on
# copies of tests/tool/recorded/6.12/1 whose latency file gains rows:
#  - a run of 2^31 to 2^32 - 1 us and one in the open bucket (from 2^34
#    us, "inf"): `memfrag prometheus` exports 19 buckets, le 4^j us up
#    to 2^34 us (17179.869184 s) and +Inf, the first run in le 2^32 us
#    and on, the open one in +Inf alone;
#  - the open bucket of a module with fewer buckets ("1073741824 inf"):
#    in +Inf alone, not in the bound above 2^30 us;
#  - the latency view draws both rows, the open one as "...-inf".
# TOOL defaults to tools/memfrag/memfrag (built first).  Ends with
# "memfrag-latency: N passed, N failed, N skipped".
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
rec=$here/recorded
# shellcheck source=tests/tool/tap.sh
. "$here/tap.sh"
tap_tmpdir memfrag-latency-test

tap_tool "${1:-}"

# latency_copy NAME RUNS TOTAL_US ROWS: a copy of 6.12/1 in $tmp/NAME
# whose DMA zone's manual runs (32-63 and 512-1023 us) are followed by
# ROWS, their [timed] row saying RUNS runs and TOTAL_US.
latency_copy() {
	local d=$tmp/$1
	cp -r "$rec/6.12/1" "$d"
	awk -v runs="$2" -v total="$3" -v rows="$4" '
	/^\[/ { sec = $0 }
	sec == "[timed]" && $1 == 0 && $2 == "DMA" && $3 == "manual" {
		printf "%4d %-8s %-10s %12d %14s %12.0f\n", 0, "DMA", "manual",
		       runs, total, int(total / runs); next }
	{ print }
	sec == "[latency]" && $2 == "DMA" && $3 == "manual" && $4 == 512 { printf "%s", rows }
	' "$rec/6.12/1/latency" >"$d/latency"
}

# buckets NAME: "le count" of the DMA zone's manual histogram, exported.
buckets() {
	"$tool" prometheus -d "$tmp/$1" 2>"$tmp/err" |
		sed -n 's/^memfrag_compaction_latency_seconds_bucket{node="0",zone="DMA",trigger="manual",le="\([^"]*\)"} /\1 /p'
}

# the bounds: 4^j us, j = 0 .. 17, then +Inf
les="0.000001 0.000004 0.000016 0.000064 0.000256 0.001024 0.004096
0.016384 0.065536 0.262144 1.048576 4.194304 16.777216 67.108864
268.435456 1073.741824 4294.967296 17179.869184 +Inf"

# want COUNTS...: "le count" lines of les with these cumulative counts.
want() { paste -d ' ' <(tr -s ' \n' '\n' <<<"$les") <(printf '%s\n' "$@"); }

latency_copy hours 4 23000000621 "\
   0 DMA      manual       2147483648   4294967295            1
   0 DMA      manual      17179869184          inf            1
"
want 0 0 0 1 1 2 2 2 2 2 2 2 2 2 2 2 3 3 4 >"$tmp/want"
buckets hours >"$tmp/got"
if diff -u "$tmp/want" "$tmp/got" >"$tmp/diff" 2>&1; then
	ok "prometheus: 19 buckets to 2^34 us; a run of 2^31 us in le=4294.967296 on, the open bucket in +Inf alone"
else
	cat "$tmp/err" >>"$tmp/diff"
	not_ok "prometheus: buckets of runs of hours" "$tmp/diff"
fi

latency_copy old-open 3 1500000621 "\
   0 DMA      manual       1073741824          inf            1
"
want 0 0 0 1 1 2 2 2 2 2 2 2 2 2 2 2 2 2 3 >"$tmp/want"
buckets old-open >"$tmp/got"
if diff -u "$tmp/want" "$tmp/got" >"$tmp/diff" 2>&1; then
	ok "prometheus: an open bucket from 2^30 us (a module of fewer buckets) in +Inf alone"
else
	cat "$tmp/err" >>"$tmp/diff"
	not_ok "prometheus: the open bucket of a module of fewer buckets" "$tmp/diff"
fi

"$tool" -d "$tmp/hours" -z DMA -t manual latency >"$tmp/out" 2>&1
if grep -Eq '^ +2147483648-4294967295 +1 +\|\*+$' "$tmp/out" &&
   grep -Eq '^ +8589934592-17179869183 +0 +\|$' "$tmp/out" &&
   grep -Eq '^ +17179869184-inf +1 +\|\*+$' "$tmp/out"; then
	ok "latency view: the buckets up to 2^34 us and the open one"
else
	not_ok "latency view of runs of hours" "$tmp/out"
fi

echo "memfrag-latency: $passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]

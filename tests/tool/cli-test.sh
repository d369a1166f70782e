#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# cli-test.sh [TOOL]: host tests of memfrag's command line and text views
# against the module's files recorded in QEMU (tests/tool/recorded/),
# each checked against the files themselves, not against the tool:
#  - every subcommand --help lists is a subcommand, summary among them;
#  - every line of every --help fits 80 columns;
#  - memfrag(8) renders with groff without warnings and without a roff
#    request shown as text;
#  - status shows the event records the module dropped (status's events
#    line);
#  - a filter value that names nothing (-z Nromal, -t, -n) is refused
#    with the valid values, exit 2, and no file is written;
#  - the summary's worst orders: on a tie the highest order first;
#  - record: -o refuses an existing file without -f, -o - writes to
#    standard output, a stop by -c is logged as count, and -n/-z/-t are
#    refused (a recording keeps everything);
#  - seconds between samples: the timestamps' difference, a float, or
#    null when unknown, never the nominal -i.
# TOOL defaults to tools/memfrag/memfrag (built first).  Ends with
# "memfrag-cli: N passed, N failed, N skipped".
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
rec=$here/recorded
# shellcheck source=tests/tool/tap.sh
. "$here/tap.sh"
tap_tmpdir memfrag-cli-test

tap_tool "${1:-}"
good=$rec/6.12/1

# --- subcommands and --help ----------------------------------------------
"$tool" --help >"$tmp/help" 2>&1
names=$(sed -n '/^\(Views\|Commands\)/,/^$/s/^  \([a-z]\{1,\}\) .*/\1/p' \
	"$tmp/help" | tr '\n' ' ')
if [ "$(echo "$names" | wc -w)" -lt 10 ]; then
	not_ok "--help lists views and commands" "$tmp/help"
fi
bad=
for v in $names; do
	"$tool" "$v" --help >"$tmp/sub" 2>&1 || bad="$bad $v"
done
# the man page's and README's subcommands are the tool's too
man=$(awk '/^\.SH SUBCOMMANDS/ { s = 1; next } /^\.SH/ { s = 0 }
	s && prev == ".TP" && /^\.B [a-z]+$/ { print $2 }
	s && prev == ".TP" && /summary$/ { print "summary" } { prev = $0 }' \
	"$top/tools/memfrag/memfrag.8")
[ "$(echo "$man" | wc -w)" -ge 10 ] || not_ok "memfrag(8)'s subcommands: $man"
for v in $man; do
	case " $names " in *" $v "*) ;; *) bad="$bad $v(not in --help)" ;; esac
done
if [ -z "$bad" ]; then
	ok "every subcommand of --help and memfrag(8) is accepted ($(echo $names | wc -w))"
else
	not_ok "subcommands refused:$bad"
fi
if "$tool" -d "$good" summary >"$tmp/summary" 2>&1 &&
   "$tool" -d "$good" | cmp -s - "$tmp/summary"; then
	ok "summary: the view shown without a subcommand"
else
	not_ok "summary is not the default view" "$tmp/summary"
fi

long=
for v in "" $names; do
	# shellcheck disable=SC2086
	"$tool" $v --help 2>&1 | awk -v v="${v:-memfrag}" \
		'length > 80 { printf "%s: %d columns: %s\n", v, length, $0 }' \
		>>"$tmp/long"
done
if [ ! -s "$tmp/long" ]; then
	ok "every --help line is at most 80 columns"
else
	not_ok "--help lines past 80 columns" "$tmp/long"
fi

# --- memfrag(8): no roff request printed as text ------------------------
if command -v groff >/dev/null; then
	groff -man -Tutf8 -ww "$top/tools/memfrag/memfrag.8" \
		>"$tmp/man" 2>"$tmp/man.warn"
	grep -n '\(^\|[^a-zA-Z0-9]\)\.\(br\|B\|BR\|RB\|I\|IR\|RI\|TP\|PP\|RS\|RE\)\b' \
		"$tmp/man" | grep -v 'memfrag\.ko\|\.jsonl\|\.rst\|\.prom\|\.state\|\.html\|\.service' \
		>>"$tmp/man.warn"
	if [ ! -s "$tmp/man.warn" ]; then
		ok "memfrag(8) renders without warnings or requests shown as text"
	else
		not_ok "memfrag(8) renders badly" "$tmp/man.warn"
	fi
else
	skip "memfrag(8): groff is not installed"
fi

# --- status: the event records the module dropped -------------------------
for d in "$rec"/*/*/; do
	want=$(sed -n 's/^events: .*dropped=\([0-9]*\)$/\1/p' "$d/status")
	[ -n "$want" ] || continue
	"$tool" -d "$d" status >"$tmp/status" 2>&1
	if grep -q "^event records dropped: $want\b" "$tmp/status"; then
		ok "status shows dropped=$want of ${d#"$rec"/}"
	else
		not_ok "status hides dropped=$want of ${d#"$rec"/}" "$tmp/status"
	fi
done

# --- filter values -------------------------------------------------------
# bad VALUE-ARGS... EXPECTED-WORDS: exit 2, the valid values named, nothing
# on stdout, no file written
refused() {
	local what=$1 words=$2 rc
	shift 2
	(cd "$tmp/cwd" && timeout 10 "$tool" "$@" </dev/null >"$tmp/out" 2>"$tmp/err")
	rc=$?
	if [ $rc -ne 2 ]; then
		not_ok "$what: exit $rc, expected 2" "$tmp/err"
	elif [ -s "$tmp/out" ]; then
		not_ok "$what: wrote to stdout" "$tmp/out"
	elif [ -n "$(ls -A "$tmp/cwd")" ]; then
		not_ok "$what: left files: $(ls -A "$tmp/cwd")"
	elif ! grep -q -- "$words" "$tmp/err"; then
		not_ok "$what: the message does not name '$words'" "$tmp/err"
	else
		ok "$what: refused, exit 2: $(head -n 1 "$tmp/err")"
	fi
	rm -rf "${tmp:?}/cwd"/* "$tmp/cwd"/.[!.]* 2>/dev/null
}
mkdir -p "$tmp/cwd"
zones="DMA, DMA32, Normal, HighMem, Movable, Device"
for cmd in "" runs zones summary status top stacks prometheus events; do
	# shellcheck disable=SC2086
	refused "-z Nromal ${cmd:-(summary)}" "$zones" -d "$good" -z Nromal $cmd
done
refused "-z Nromal record" "$zones" -d "$good" -z Nromal record -o r.jsonl
refused "-z Nromal plot" "$zones" -z Nromal plot \
	"$here/recordings/6.12-workload.jsonl.gz" -o plot
refused "-z Nromal compare" "$zones" -z Nromal compare \
	"$here/recordings/6.12-pro0.jsonl.gz" \
	"$here/recordings/6.12-pro50.jsonl.gz" -o cmp
# a recording keeps every node, zone and trigger: plot and compare filter
refused "record -z DMA" "plot or compare" -d "$good" -z DMA record -o r.jsonl
refused "record -t direct" "plot or compare" -d "$good" -t direct record \
	-o r.jsonl
refused "-t kswapd" "direct, kcompactd, proactive, manual" -d "$good" \
	-t kswapd runs
refused "-n 1024" "0 to 1023" -d "$good" -n 1024
refused "-z ''" "$zones" -d "$good" -z ''
# a zone named in any case is the kernel's zone
if "$tool" -d "$good" -z dma32 runs >"$tmp/lower" 2>&1 &&
   "$tool" -d "$good" -z DMA32 runs | cmp -s - "$tmp/lower" &&
   grep -q '0:DMA32' "$tmp/lower" && ! grep -q '0:DMA ' "$tmp/lower"; then
	ok "-z dma32 is -z DMA32"
else
	not_ok "-z dma32 differs from -z DMA32" "$tmp/lower"
fi

# --- the summary's worst orders: the highest order on a tie ---------------
# From the zones file: the 3 orders with the highest unusable index above
# 0, higher orders first on a tie, as "order:index".
worst() {
	awk -v zone="$2" '/^\[/ { s = ($0 == "[unusable_index]"); next }
		s && $2 == zone {
			for (i = 3; i <= NF; i++) if ($i > 0) print i - 3, $i }' \
		"$1" | sort -k2,2gr -k1,1nr | head -n 3 |
		awk '{ printf "%s%s:%s", (NR > 1 ? "," : ""), $1, $2 }'
}
for d in "$rec"/*/1; do
	for z in DMA DMA32; do
		want=$(worst "$d/zones" "$z")
		got=$("$tool" -d "$d" | awk -v z="0:$z" \
			'/worst_unusable/ { s = 1; next } s && $1 == z { print $2; exit }')
		if [ "$got" = "${want:--}" ]; then
			ok "worst_unusable of $(basename "$(dirname "$d")") $z: $got"
		else
			not_ok "worst_unusable of $(basename "$(dirname "$d")") $z: $got, the file says $want"
		fi
	done
done

# --- record: its output file ---------------------------------------------
cd "$tmp" || exit 1
two=(-d "$rec/6.12/1" -d "$rec/6.12/2" -i 0.01 -c 1)
echo keep >existing.jsonl
"$tool" record "${two[@]}" -o existing.jsonl >"$tmp/out" 2>"$tmp/err"
rc=$?
if [ $rc -ne 0 ] && [ "$(cat existing.jsonl)" = keep ] &&
   grep -q 'existing.jsonl.*-f' "$tmp/err"; then
	ok "record -o FILE refuses an existing FILE: $(head -n 1 "$tmp/err")"
else
	not_ok "record -o FILE overwrote an existing FILE (exit $rc)" "$tmp/err"
fi
if "$tool" record "${two[@]}" -o existing.jsonl -f 2>"$tmp/err" &&
   [ "$(tail -n 1 existing.jsonl | jq -r .type)" = end ]; then
	ok "record -f -o FILE overwrites FILE"
else
	not_ok "record -f -o FILE" "$tmp/err"
fi
mkdir -p stdout && cd stdout || exit 1
if "$tool" record "${two[@]}" -o - >"$tmp/rec.jsonl" 2>"$tmp/err" &&
   [ -z "$(ls -A)" ] &&
   [ "$(jq -r .type "$tmp/rec.jsonl" | sort | uniq -c | awk '{ print $2 $1 }' |
	tr '\n' ' ')" = "end1 events1 header1 snapshot2 " ]; then
	ok "record -o - writes the recording to standard output"
else
	not_ok "record -o -: $(ls -A) $(jq -r .type "$tmp/rec.jsonl" 2>&1 | tr '\n' ' ')" "$tmp/err"
fi
cd "$tmp" || exit 1
reason=$(tail -n 1 "$tmp/rec.jsonl" | jq -r .reason)
if [ "$reason" = count ] && grep -q 'stopped: count' "$tmp/err"; then
	ok "record -c: the recording ends 'count'"
else
	not_ok "record -c: the recording ends '$reason'" "$tmp/err"
fi
if "$tool" record -d "$rec/6.12/1" -D 0.01 -i 0.01 -o dur.jsonl 2>/dev/null &&
   [ "$(tail -n 1 dur.jsonl | jq -r .reason)" = duration ]; then
	ok "record -D: the recording ends 'duration'"
else
	not_ok "record -D: the recording ends '$(tail -n 1 dur.jsonl | jq -r .reason)'"
fi

# --- seconds between samples ------------------------------------------------
# What elapsed, from the samples' monotonic times (their timestamps file),
# always a JSON float; null, never the nominal -i, when the samples carry
# no time (format 1) or run backwards (a replay from 2 to 1).
cd "$top" || exit 1
want=$(awk '/^monotonic:/ { m[++n] = $2 } END { printf "%.6f", m[2] - m[1] }' \
	"$rec/6.12/1/timestamps" "$rec/6.12/2/timestamps")
secs() {
	"$tool" --json -i 7 -c 1 "$@" runs 2>"$tmp/err" |
		python3 -c 'import json, sys; v = json.load(sys.stdin)["seconds"]; print("null" if v is None else "%s %.6f" % (type(v).__name__, v))'
}
got=$(secs -d "$rec/6.12/1" -d "$rec/6.12/2")
[ "$got" = "float $want" ] &&
	ok "seconds: $got, the timestamps' monotonic difference" ||
	not_ok "seconds: '$got', the timestamps say $want" "$tmp/err"
got=$(secs -d "$rec/6.12-format1/1" -d "$rec/6.12-format1/2")
"$tool" -i 7 -c 1 -d "$rec/6.12-format1/1" -d "$rec/6.12-format1/2" runs >"$tmp/text" 2>&1
if [ "$got" = null ] && grep -q '^--- interval 1: time of the samples unknown ---$' "$tmp/text" &&
   ! grep -q '7\.000 s' "$tmp/text"; then
	ok "seconds: null and 'time of the samples unknown' when the samples carry no time, not -i's 7"
else
	not_ok "seconds without times: '$got', $(grep -- '^---' "$tmp/text" | head -n 1)" "$tmp/text"
fi
got=$(secs -d "$rec/6.12/2" -d "$rec/6.12/1")
[ "$got" = null ] && ok "seconds: null for samples out of order (a replay)" ||
	not_ok "seconds of samples out of order: '$got'" "$tmp/err"


echo "memfrag-cli: $passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]

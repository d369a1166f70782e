#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# layout-test.sh TOOL RECORDED: the layout of the tool's text output, over
# every recording in RECORDED: every view of every sample, every view's -i
# from sample 1 to 2 (two intervals), every view of the NUMA recording
# under each --node, --zone and --trigger, and snoop.
#
#   width: no line of the default output is wider than 80 columns;
#   fields: every data row of every table has as many whitespace-separated
#   fields as its heading.  The tables are the lines between <table> and
#   </table>, which the tool prints around each table when
#   MEMFRAG_TABLE_MARKS is set (no guessing where a table ends and a note
#   begins); the summary's -i lines and snoop's lines are tables of their
#   own, with their heading first.
#
# Prints "ok"/"not ok" lines like run.sh and exits 1 on a failure.
set -uo pipefail
tool=$1 rec=$2
tmp=$(mktemp -d "${TMPDIR:-/tmp}/memfrag-layout.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
export LC_ALL=C.UTF-8 MEMFRAG_TABLE_MARKS=1
views="summary runs latency direct kcompactd migration extfrag zones status
	tasks stacks events"
arg() { [ "$1" = summary ] || echo "$1"; }

# every command line to look at, one a line
{
	for d in "$rec"/*/; do
		for s in "$d"*/; do
			for v in $views snoop; do
				echo "-d ${s%/} $(arg "$v")"
			done
		done
		[ -d "$d/2" ] || continue
		for v in $views; do
			echo "-d ${d}1 -d ${d}2 -i 0.01 -c 2 $(arg "$v")"
		done
	done
	numa=$rec/6.12-numa/1
	for f in "-n 0" "-n 1" "-z DMA" "-z DMA32" "-z Normal" "-z Movable" \
		 "-t direct" "-t kcompactd" "-t proactive" "-t manual" \
		 "-n 1 -z Movable"; do
		for v in $views; do
			echo "-d $numa $f $(arg "$v")"
		done
	done
} >"$tmp/cmds"

runs=0 refused=0 lines=0 tables=0
: >"$tmp/wide" ; : >"$tmp/ragged"
while read -r -a args; do
	# a view a recording cannot show (no tasks file, a filter no row
	# has) is refused with an error: nothing to lay out
	if ! "$tool" "${args[@]}" </dev/null >"$tmp/out" 2>/dev/null; then
		refused=$((refused + 1))
		continue
	fi
	runs=$((runs + 1))
	lines=$((lines + $(grep -cv '^</\{0,1\}table>$' "$tmp/out")))
	awk -v cmd="${args[*]}" '!/^<\/?table>$/ && length($0) > 80 {
		printf "%s: %d columns: %s\n", cmd, length($0), $0 }' \
		"$tmp/out" >>"$tmp/wide"
	# tables: marked ones; the -i summary's and snoop's lines
	stream=0
	case " ${args[*]} " in
	*" -i "*" -c 2 ") stream=1 ;;
	*" snoop "* | *" events ") stream=1 ;;
	esac
	awk -v cmd="${args[*]}" -v stream=$stream '
		function heading() { t = 1; h = -1; n++ }
		NR == 1 && stream { heading() }
		/^<table>$/ { heading(); next }
		/^<\/table>$/ { t = 0; next }
		# snoop: stack frames, losses; -i: the heading repeated
		stream && (/^    / || /^LOST / || /^$/) { next }
		t && h < 0 { h = NF; head = $0; next }
		t && NF != h { printf "%s: %d fields under a heading of %d: %s (heading: %s)\n",
				    cmd, NF, h, $0, head }
		END { print n + 0 > "/dev/stderr" }' "$tmp/out" >>"$tmp/ragged" \
		2>"$tmp/n"
	tables=$((tables + $(cat "$tmp/n")))
done <"$tmp/cmds"

rc=0
if [ $runs -lt 100 ]; then
	echo "not ok - layout: only $runs of $((runs + refused)) command lines ran"
	rc=1
fi
if [ -s "$tmp/wide" ]; then
	echo "not ok - width: $(wc -l <"$tmp/wide") of $lines lines wider than 80 columns ($runs outputs)"
	sed 's/^/#   /' "$tmp/wide" | cut -c1-160 | sort -u -t: -k2 | head -20
	rc=1
else
	echo "ok - width: $lines lines of $runs outputs, none wider than 80 columns ($refused command lines refused)"
fi
if [ "$tables" -lt 100 ]; then
	echo "not ok - fields: only $tables tables found (MEMFRAG_TABLE_MARKS)"
	rc=1
elif [ -s "$tmp/ragged" ]; then
	echo "not ok - fields: $(wc -l <"$tmp/ragged") rows of $tables tables with another number of fields than their heading"
	sed 's/^/#   /' "$tmp/ragged" | cut -c1-200 | head -20
	rc=1
else
	echo "ok - fields: every row of $tables tables has its heading's number of fields"
fi
exit $rc

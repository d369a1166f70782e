#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# plot-record.sh [--ab] [--keep DIR] [MEMFRAG-VM OPTION]...: memfrag
# record in a QEMU guest while memfrag_workload runs (plot-guest.sh), then
# memfrag plot and compare of that fresh recording on this host
# (plot-test.sh: xmllint, rsvg-convert, marks against the recording,
# chromium).  --ab also records the vm.compaction_proactiveness pair;
# --keep DIR keeps the recordings, gzipped, as <release>-<name>.jsonl.gz
# (tests/tool/recordings/ holds the ones the host tests read).  In the
# same guest kill-guest.sh kills memfrag record with SIGKILL, between two
# lines and in the middle of one; kill-test.sh reads what it left here.
# Needs make modules-matrix selftests and make -C tools/memfrag static.
#   tests/tool/plot-record.sh -k 6.12 -M build/<release>/memfrag.ko
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
phases=workload keep=
while [ $# -gt 0 ]; do
	case $1 in
	--ab) phases=all; shift ;;
	--keep) keep=$2; shift 2 ;;
	*) break ;;
	esac
done
tmp=$(mktemp -d "${TMPDIR:-/tmp}/memfrag-plot-record.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
cd "$top" || exit 1

if ! tools/testing/vm/memfrag-vm --logdir "$tmp/vm" "$@" \
	-a tools/memfrag/memfrag-static -a build/selftests/memfrag_workload \
	-a "$here/plot-guest.sh" -a "$here/kill-guest.sh" \
	-- sh -c "PHASES=$phases sh ./plot-guest.sh; rc=\$?; sh ./kill-guest.sh || rc=1; exit \$rc" \
	>"$tmp/guest.out" 2>"$tmp/guest.err"; then
	echo "not ok - the guest failed"
	sed 's/^/#   /' "$tmp/guest.err" "$tmp/guest.out" | grep -v '^#   [A-Za-z0-9+/=]\{60,\}$' | tail -n 30
	exit 1
fi
grep '^memfrag record\|^kill-guest' "$tmp/guest.out" | sed 's/^/# /'
release=$(sed -n 's/.*booting \([^ ]*\) .*/\1/p' "$tmp/guest.err" | head -n 1)
recs=()
for name in $(sed -n 's/^=== end \(.*\)/\1/p' "$tmp/guest.out"); do
	[ "$name" = calibrate ] && continue
	awk -v n="$name" '$0 == "=== end " n { p = 0 } p { print } $0 == "=== " n { p = 1 }' \
		"$tmp/guest.out" | base64 -d | gunzip >"$tmp/$release-$name.jsonl" || {
		echo "not ok - recording $name does not decode"
		exit 1
	}
	# kill-guest.sh's, for kill-test.sh
	case $name in killed*) continue ;; esac
	recs+=("$tmp/$release-$name.jsonl")
done
# the workload ran while it recorded: runs grew, events were read
w=$tmp/$release-workload.jsonl
if [ ! -s "$w" ]; then
	echo "not ok - no workload recording"
	exit 1
fi
runs=$(jq -n '[inputs | select(.type == "snapshot") | [.files.compaction.runs[].runs] | add // 0]
	| .[-1] - .[0]' "$w")
events=$(tail -n 1 "$w" | jq .events)
if [ "$runs" -gt 0 ] && [ "$events" -gt 0 ]; then
	echo "ok - $release: the recording saw $runs compaction runs and $events events while the workload ran"
else
	echo "not ok - $release: the recording saw $runs runs, $events events"
	exit 1
fi
if [ -n "$keep" ]; then
	mkdir -p "$keep"
	for r in "${recs[@]}"; do
		gzip -9 -c "$r" >"$keep/$(basename "$r").gz"
	done
fi
"$here/plot-test.sh" "${recs[@]}"
rc=$?
"$here/kill-test.sh" "$tmp/$release-killed.jsonl" "$tmp/$release-killed-oracle.jsonl" \
	"$tmp/$release-killed-half.jsonl" "$w" || rc=1
exit $rc

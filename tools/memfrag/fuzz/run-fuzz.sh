#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# run-fuzz.sh [SECONDS]: fuzz the memfrag tool's parser and views with
# libFuzzer, ASan and UBSan for SECONDS (default 180), starting from the
# recorded files in tests/tool/recorded.  Crashing inputs are left in
# $WORK/crashes (WORK defaults to /tmp/memfrag-fuzz); reduce one and keep
# it in tests/tool/crashers/ once it is fixed.
# Needs clang and libclang-rt-14-dev (apt-get install clang libclang-rt-14-dev).
set -eu
secs=${1:-180}
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../../.." && pwd)
work=${WORK:-/tmp/memfrag-fuzz}
mkdir -p "$work/corpus" "$work/crashes"
make -C "$here/.." fuzz >/dev/null
# the dictionary: memfrag.dict's tokens and every name of include/memfrag/
{ cat "$here/memfrag.dict"; "$top/scripts/lists.sh" print dict; } >"$work/memfrag.dict"

# seeds: <file index byte><recorded file>, and pairs for the deltas
i=0
for f in status compaction latency direct kcompactd migration extfrag zones \
	 tasks; do
	b=$(printf '\\%03o' "$i")
	for d in "$top"/tests/tool/recorded/*; do
		n=$(basename "$d")
		[ -e "$d/1/$f" ] || continue
		# shellcheck disable=SC2059
		{ printf "$b"; cat "$d/1/$f"; } >"$work/corpus/$f-$n"
		[ -e "$d/2/$f" ] || continue
		# shellcheck disable=SC2059
		{ printf "$b"; cat "$d/1/$f"; printf '\0'; cat "$d/2/$f"; } \
			>"$work/corpus/$f-$n-delta"
	done
	# format 2: zones without the thresholds, which the tool computes
	# (the first byte's top bit: from a known sysctl value or not)
	for d in "$top"/tests/tool/recorded/*; do
		[ "$f" = zones ] || break
		for t in "$i" "$((i + 128))"; do
			# shellcheck disable=SC2059
			{ printf "$(printf '\\%03o' "$t")"
			  sed -e 's/^format: 1$/format: 2/' \
			      -e '/^\(compaction_proactiveness\|score_low\|score_high\): /d' \
			      "$d/1/$f"; } >"$work/corpus/$f-$(basename "$d")-format2-$t"
		done
	done
	i=$((i + 1))
done

# the format-3 sections and bad indexes (7.000, -1.500)
for d in "$top"/tests/tool/recorded/*; do
	[ "$(sed -n 2p "$d/1/zones")" = "format: 3" ] || continue
	n=$(basename "$d")
	awk '/^\[unusable_index\]/ { f = 1 } f && / DMA / && !x { sub(/0\.000/, "7.000"); x = 1 } 1' \
		"$d/1/zones" | { printf '\007'; cat; } >"$work/corpus/zones-$n-unusable-7"
	awk '/^\[fragmentation_index\]/ { f = 1 } f && / DMA / && !x { sub(/-1\.000/, "-1.500"); x = 1 } 1' \
		"$d/1/zones" | { printf '\007'; cat; } >"$work/corpus/zones-$n-fragindex-1.5"
done

cd "$work"
"$here/fuzz-parse" -max_total_time="$secs" -max_len=65536 -timeout=10 \
	-dict="$work/memfrag.dict" \
	-artifact_prefix="$work/crashes/" -print_final_stats=1 \
	"$work/corpus"

# memfrag record's recordings: the reader and the pictures drawn from one,
# for a third as long, from each test recording cut to its header, three
# snapshots and its end line
mkdir -p "$work/recording-corpus"
for r in "$top"/tests/tool/recordings/*.jsonl.gz; do
	gunzip -c "$r" | sed -n '1,4p;$p' >"$work/recording-corpus/$(basename "$r" .gz)"
done
"$here/fuzz-recording" -max_total_time="$((secs / 3))" -max_len=262144 \
	-timeout=10 -artifact_prefix="$work/crashes/" -print_final_stats=1 \
	"$work/recording-corpus"

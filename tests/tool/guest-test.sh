#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# guest-test.sh: the memfrag tool against the live module, as root, in a
# QEMU guest or on a test machine.  POSIX sh; works with busybox.
#
#   make -C tools/memfrag static
#   tools/testing/vm/memfrag-vm -k 6.12 -a tools/memfrag/memfrag-static \
#	-a tests/tool/guest-test.sh -- sh ./guest-test.sh
#
# The tool is $MEMFRAG, else memfrag-static or memfrag next to this script
# or in tools/memfrag of the tree it is in, else memfrag in PATH.  If debugfs is not mounted it checks the tool says
# so, then mounts it; if the module is not loaded it checks the tool says
# so, then loads $MEMFRAG_KO (insmod) or runs modprobe memfrag.  Then every
# view with and without --json (checked with jq when there is one), -i,
# reset and the errors it can cause for real (not root: as user nobody).  What it mounted or loaded
# it unmounts or unloads at the end.
#
# Ends with "memfrag-guest: N passed, N failed, N skipped"; exits 1 if a
# check failed.
set -u

here=$(cd "$(dirname "$0")" && pwd)
tool=${MEMFRAG:-}
if [ -z "$tool" ]; then
	for t in "$here/memfrag-static" "$here/memfrag" \
		"$here/../../tools/memfrag/memfrag-static" \
		"$here/../../tools/memfrag/memfrag"; do
		if [ -x "$t" ]; then
			tool=$t
			break
		fi
	done
fi
[ -n "$tool" ] || tool=$(command -v memfrag) || {
	echo "guest-test: no memfrag tool (set MEMFRAG=)" >&2
	exit 1
}
dbg=/sys/kernel/debug
tmp=${TMPDIR:-/tmp}/memfrag-guest.$$
mkdir -p "$tmp" || exit 1
mounted_here=0 loaded_here=0
passed=0 failed=0 skipped=0 n=0

cleanup() {
	[ $loaded_here = 1 ] && rmmod memfrag
	[ $mounted_here = 1 ] && umount "$dbg"
	rm -rf "$tmp"
}
trap cleanup EXIT

ok() {
	n=$((n + 1))
	passed=$((passed + 1))
	echo "ok $n - $1"
}

not_ok() {
	n=$((n + 1))
	failed=$((failed + 1))
	echo "not ok $n - $1"
	for f in "$tmp/err" "$tmp/out"; do
		[ -s "$f" ] && head -n 10 "$f" | sed 's/^/#   /'
	done
	return 0
}

skip() {
	skipped=$((skipped + 1))
	echo "# SKIP $1"
}

# expect NAME STATUS PATTERN CMD...: CMD exits with STATUS and, unless
# PATTERN is empty, says PATTERN on stderr.
expect() {
	name=$1 want=$2 pattern=$3
	shift 3
	"$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	if [ $rc -ne "$want" ]; then
		not_ok "$name: exit $rc, expected $want"
	elif [ -n "$pattern" ] && ! grep -q -- "$pattern" "$tmp/err"; then
		not_ok "$name: the message does not say '$pattern'"
	else
		ok "$name (exit $rc)"
	fi
}

# valid_json FILE: jq if there is one, else the shape of one object.
valid_json() {
	if command -v jq >/dev/null 2>&1; then
		jq -e . "$1" >/dev/null 2>&1
	else
		[ "$(head -c 1 "$1")" = "{" ] && [ "$(tail -n 1 "$1")" = "}" ]
	fi
}

# view NAME ARGS...: exit 0, output, nothing on stderr; then with --json.
view() {
	name=$1
	shift
	"$tool" "$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	if [ $rc -eq 0 ] && [ -s "$tmp/out" ] && [ ! -s "$tmp/err" ]; then
		ok "$name"
	else
		not_ok "$name: exit $rc"
	fi
	"$tool" --json "$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	if [ $rc -eq 0 ] && [ -s "$tmp/out" ] && [ ! -s "$tmp/err" ] &&
	   valid_json "$tmp/out"; then
		ok "$name --json"
		# for the host, which validates it against the schema
		# (tests/tool/guest-json.sh): the guest may have no python3
		echo "# json $name: $(tr -d '\n' <"$tmp/out")"
	else
		not_ok "$name --json: exit $rc or not JSON"
	fi
}

echo "# tool: $tool ($("$tool" --version))"
command -v jq >/dev/null 2>&1 || echo "# no jq here: JSON is checked for exit status and shape only"

if [ "$(id -u)" -ne 0 ]; then
	expect "not root" 5 "run memfrag as root" "$tool" status
	echo "memfrag-guest: $passed passed, $failed failed, $skipped skipped (not root)"
	[ $failed -eq 0 ]
	exit
fi

# debugfs not mounted: only checked where this script mounts it itself
if ! grep -q " $dbg debugfs " /proc/mounts; then
	expect "debugfs not mounted" 3 "mount -t debugfs none $dbg" \
		"$tool" status
	mount -t debugfs none "$dbg" || { echo "cannot mount debugfs" >&2; exit 1; }
	mounted_here=1
else
	# the same check, pointed at a directory that is not debugfs
	mkdir -p "$tmp/not-debugfs"
	expect "debugfs not mounted (MEMFRAG_DEBUGFS=a plain directory)" 3 \
		"mount -t debugfs none $tmp/not-debugfs" \
		env MEMFRAG_DEBUGFS="$tmp/not-debugfs" "$tool" status
fi

# module not loaded: only checked where this script loads it itself
if [ ! -d "$dbg/memfrag" ]; then
	expect "module not loaded" 4 "insmod memfrag.ko" "$tool" runs
	if [ -n "${MEMFRAG_KO:-}" ]; then
		insmod "$MEMFRAG_KO"
	else
		modprobe memfrag
	fi || { echo "cannot load memfrag" >&2; exit 1; }
	loaded_here=1
else
	skip "module not loaded: it is loaded already"
fi

# some compaction to show
echo 1 >/proc/sys/vm/compact_memory

for v in runs latency direct kcompactd migration extfrag zones pagetypes status; do
	view "$v" "$v"
done
view "summary"

# the zones thresholds follow vm.compaction_proactiveness: since format 2
# the module does not print them and the tool computes them from the sysctl
# (mm/compaction.c: low = max(100 - p, 5), high = min(low + 10, 100))
pro=/proc/sys/vm/compaction_proactiveness
if [ -w "$pro" ]; then
	orig=$(cat "$pro")
	bad=
	for c in "35 65 75" "0 100 100" "96 5 15"; do
		# shellcheck disable=SC2086
		set -- $c
		echo "$1" >"$pro" || bad="$bad [cannot set $1]"
		if [ "$1" = 0 ]; then
			want="compaction_proactiveness 0: proactive compaction is off ("
			wsum="Zones (compaction_proactiveness 0: no proactive compaction)"
			wsum2=$wsum
		else
			want="compaction_proactiveness $1: kcompactd compacts a node whose score exceeds $3, down to $2 ("
			# the summary's heading, wrapped to fit 80 columns
			wsum="Zones (compaction_proactiveness $1: kcompactd compacts a node above"
			wsum2="score $3, down to $2)"
		fi
		# the note's first line and its continuation (wrapped at 80)
		line=$("$tool" zones 2>&1 | awk 'NR == 1 { s = $0 }
			NR == 2 && sub(/^  /, " ") { s = s $0 } END { print s }')
		case $line in
		"$want"*) ;;
		*) bad="$bad [zones at $1: $line]" ;;
		esac
		"$tool" >"$tmp/sum"
		grep -qF "$wsum" "$tmp/sum" && grep -qF "$wsum2" "$tmp/sum" ||
			bad="$bad [summary at $1]"
		# zones --json, then the summary's: each has the three once
		"$tool" --json zones >"$tmp/out"
		"$tool" --json >>"$tmp/out"
		for kv in "compaction_proactiveness\": $1" "score_low\": $2" \
			"score_high\": $3"; do
			[ "$(grep -c "\"$kv," "$tmp/out")" = 2 ] ||
				bad="$bad [--json at $1: not 2 of \"$kv]"
		done
	done
	echo "$orig" >"$pro"
	[ "$(cat "$pro")" = "$orig" ] || bad="$bad [not restored to $orig]"
	if grep -qE '^(compaction_proactiveness|score_low|score_high):' \
		"$dbg/memfrag/zones"; then
		bad="$bad [the module's zones file has the thresholds]"
	fi
	if [ -z "$bad" ]; then
		ok "the tool's thresholds follow the sysctl (35: 65 75, 0: off, 96: 5 15; restored $orig)"
	else
		not_ok "thresholds and the sysctl:$bad"
	fi
else
	skip "thresholds: $pro is not writable"
fi

# the tool shows what the files say
if "$tool" status | grep -q "kernel $(uname -r)"; then
	ok "status names the running kernel"
else
	not_ok "status does not name kernel $(uname -r)"
fi
if "$tool" runs | grep -q " manual "; then
	ok "runs shows the manual compaction (compact_memory)"
else
	not_ok "runs does not show the manual compaction"
fi
# pagetypes walks the free lists with interrupts off: exported on request
# only, then one pageblocks row per zone and migratetype of the file
"$tool" prometheus >"$tmp/out" 2>"$tmp/err"
"$tool" prometheus --pagetypes >"$tmp/out2" 2>>"$tmp/err"
want=$(sed -n '/^\[pageblocks\]/,/^\[/p' "$dbg/memfrag/pagetypes" | grep -c '^ *[0-9]')
got=$(grep -c '^memfrag_zone_pageblocks{' "$tmp/out2")
if ! grep -q '^memfrag_zone_pageblocks{\|^memfrag_zone_free_blocks_by_migratetype{' "$tmp/out" &&
   [ "$want" -gt 0 ] && [ "$got" = "$want" ]; then
	ok "prometheus: pagetypes only with --pagetypes ($got pageblocks series)"
else
	not_ok "prometheus: pagetypes without --pagetypes, or $got pageblocks series for $want rows"
fi
rm -f "$tmp/out2"
"$tool" --json status >"$tmp/out"
if grep -q '"hits": [0-9]' "$tmp/out" && grep -q '"known": [0-9]' "$tmp/out"; then
	ok "status --json: hits and tracepoint counts are numbers"
else
	not_ok "status --json: no numeric hits"
fi

# -i: one line per interval (after a heading), one JSON object per line
if "$tool" -i 0.2 -c 3 >"$tmp/out" 2>"$tmp/err" &&
   [ "$(wc -l <"$tmp/out")" -eq 4 ]; then
	ok "-i 0.2 -c 3: heading and 3 lines"
else
	not_ok "-i 0.2 -c 3"
fi
if "$tool" --json -i 0.2 -c 2 >"$tmp/out" 2>"$tmp/err" &&
   [ "$(grep -c '^{"view":"summary",.*"interval":[12],' "$tmp/out")" -eq 2 ] &&
   [ "$(wc -l <"$tmp/out")" -eq 2 ]; then
	ok "-i --json: one object per line and interval"
else
	not_ok "-i --json"
fi
for v in runs latency migration status; do
	if "$tool" -i 0.2 -c 1 "$v" >"$tmp/out" 2>"$tmp/err" &&
	   grep -q '^--- interval 1: ' "$tmp/out"; then
		ok "$v -i"
	else
		not_ok "$v -i"
	fi
done
# a compaction during an interval shows as a delta
( sleep 1; echo 1 >/proc/sys/vm/compact_memory ) &
"$tool" --json -i 3 -c 1 >"$tmp/out" 2>"$tmp/err"
wait
if grep -q '"manual": *{"runs": *[1-9]' "$tmp/out"; then
	ok "-i: a compaction during the interval is counted"
else
	not_ok "-i: compaction during the interval not counted"
fi

# reset clears the counters, not the hits
before=$("$tool" --json runs | grep -c '"runs": [1-9]')
hits=$("$tool" --json status | sed -n 's/.*"hits": \([0-9]*\).*/\1/p' | head -n 1)
expect "reset" 0 "" "$tool" reset
after=$("$tool" --json runs | grep -c '"runs": [1-9]')
hits2=$("$tool" --json status | sed -n 's/.*"hits": \([0-9]*\).*/\1/p' | head -n 1)
if [ "$before" -gt 0 ] && [ "$after" -lt "$before" ] &&
   [ "$hits2" -ge "$hits" ]; then
	ok "reset cleared the runs ($before rows, now $after), kept the hits"
else
	not_ok "reset: runs rows $before -> $after, hits $hits -> $hits2"
fi

# snoop -p PID -d N: only that process's runs, and it ends after N seconds.
# Two shells compact memory after a second; the redirection runs in the
# shell itself, so $! is the compacting process.
sh -c 'sleep 1; echo 1 > /proc/sys/vm/compact_memory' & mine=$!
sh -c 'sleep 1; echo 1 > /proc/sys/vm/compact_memory' & other=$!
start=$(date +%s)
"$tool" snoop -T -e -p "$mine" -D 4 >/tmp/snoop.out 2>/tmp/snoop.err
rc=$?
elapsed=$(($(date +%s) - start))
wait $mine $other 2>/dev/null
lines=$(awk 'NR > 1' /tmp/snoop.out | wc -l)
strangers=$(awk -v p="$mine" 'NR > 1 && $3 != p' /tmp/snoop.out | wc -l)
if [ $rc = 0 ] && head -n 1 /tmp/snoop.out | grep -q '^TIME(s) *COMM *PID *NODE *ZONE *ORD *MODE *FRAGIDX' &&
   [ "$lines" -gt 0 ] && [ "$strangers" = 0 ] &&
   [ "$elapsed" -ge 3 ] && [ "$elapsed" -le 7 ]; then
	ok "snoop -T -e -p $mine -D 4: $lines runs, all of that pid, ended after ${elapsed}s"
else
	not_ok "snoop -p -D: rc $rc, $lines runs, $strangers of other pids, ${elapsed}s: $(head -c 600 /tmp/snoop.out /tmp/snoop.err)"
fi

# snoop -K: direct compaction runs come with their kernel stacks
if [ -x ./memfrag_workload ]; then
	"$tool" snoop -K -D 60 >/tmp/snoopk.out 2>&1 &
	snooper=$!
	sleep 1
	./memfrag_workload -s 25 fragment direct >/dev/null 2>&1
	wait $snooper
	if grep -q ' direct *$' /tmp/snoopk.out && grep -q '^    .*alloc_pages' /tmp/snoopk.out; then
		ok "snoop -K: direct runs with kernel stacks through the allocator"
	else
		not_ok "snoop -K: no direct run with a stack: $(head -c 600 /tmp/snoopk.out)"
	fi
else
	skip "snoop -K: no ./memfrag_workload to cause direct compaction"
fi
expect "snoop: unknown option" 2 "unknown option" "$tool" snoop -x

expect "unknown subcommand" 2 "unknown subcommand" "$tool" frobnicate
expect "unknown option" 2 "unknown option" "$tool" --frobnicate
expect "no such directory" 8 "no such directory" "$tool" -d /nonexistent

# not root: needs a user to run as; memfrag-vm's throwaway guest (it has
# /memfrag-vm) gets one
if ! grep -q '^nobody:' /etc/passwd 2>/dev/null && [ -d /memfrag-vm ]; then
	mkdir -p /etc
	echo 'nobody:x:65534:65534:nobody:/:/bin/sh' >>/etc/passwd
fi
if grep -q '^nobody:' /etc/passwd 2>/dev/null && command -v su >/dev/null; then
	expect "not root" 5 "run memfrag as root" su -s /bin/sh nobody -c "$tool status"
else
	skip "not root: no user nobody"
fi

echo "memfrag-guest: $passed passed, $failed failed, $skipped skipped"
[ $failed -eq 0 ]

#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# irqsoff.sh [MEM...]: the longest section with interrupts off that reading
# each memfrag file costs, beside /proc/buddyinfo and /proc/pagetypeinfo,
# in two-node guests of each size (default 4G 16G, run at the same time,
# one guest CPU each) of the irqsoff debug kernel (scripts/debug-kernel.sh
# build irqsoff), with free memory fragmented and "memfrag record -i 1"
# running.  One CPU, and guest time counted in instructions (memfrag-vm
# --icount 0), so that the host's load does not lengthen a section.
# Reports figures; never passes or fails on them.
#
# The irqsoff tracer runs without its function trace (options/function-trace
# off: tracing every function called with interrupts off would lengthen the
# sections it measures).  Each read is one run of irqsoff-read under a name
# of the file's (rd-zones, ...): it resets tracing_max_latency, reads the
# file whole and turns the ring buffer off, which freezes the tracer's
# snapshot on the longest section of that window.  The snapshot's "task:"
# names the task the section ended in: a section counts as the reader's own
# only if that is the reader and the section did not start at an interrupt
# or exception entry (a timer tick that hit the reader is not its doing)
# nor in __schedule (the switch into the reader from another task).
# Otherwise the read is tried again, up to TRIES times; a read never
# attributed in TRIES tries is bounded by the shortest snapshot it got
# (the reader's own longest section was no longer).  That bound is rarely
# under 3 us: each new maximum makes the kernel raise an irq_work to
# notify readers of tracing_max_latency (latency_fsnotify()), and the
# handler's own section, 3 to 4 us here, becomes the maximum whenever the
# reader's sections are shorter, so they cannot be told apart below that.
#
# For each file and size a line
#
#   irqsoff <file> mem=<size> max_us=<N> each=<N>,... own=<K>/<READS> tries=<N>
#           at=<frame>:<start>..<end> idle_us=<N>
#
# max_us is the reader's longest own section over READS reads, or "<=B"
# when a read left unattributed allows up to B and B is above the rest;
# each the figure of every read; own the reads attributed; tries the
# reads done in all; at where the longest section was: the function it
# ended in (the first frame of the tracer's stack), and the functions that
# turned interrupts off and on.
# /dev/null's line is the reader's floor: its open, read and close of a file
# that costs nothing.  idle_us is the longest section of any task over READS
# sleeps of 0.2 s, what the guest does without a read (its task and
# function on a "# idle" line).  The guest's /proc/pagetypeinfo free lists
# are summed up on a "# longest free list" line.  Results:
# build/bench/irqsoff-<kernel release>.txt.
#
# Environment: READS (default 5), TRIES (default 20), SCALE (the workload's
# -s, default 30).
set -euo pipefail

top=$(cd "$(dirname "$0")/../../.." && pwd)
cd "$top"
sizes=${*:-4G 16G}
reads=${READS:-5}
tries=${TRIES:-20}
scale=${SCALE:-30}

kdir=$(scripts/debug-kernel.sh path irqsoff) ||
	{ echo "irqsoff.sh: build the kernel first: scripts/debug-kernel.sh build irqsoff" >&2; exit 2; }
# Built from this tree's sources every time (kbuild.sh copies module/ and
# include/), so the guest runs the memfrag being measured.
ko=$(scripts/debug-kernel.sh module irqsoff)
make -s selftests tool-static >/dev/null
mkdir -p build/bench
cc -O2 -Wall -static -o build/bench/irqsoff-read tools/testing/bench/irqsoff-read.c
release=$(cat "$kdir/include/config/kernel.release")
out=build/bench/irqsoff-$release.txt

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
guest=$tmp/irqsoff-guest.sh
cat >"$guest" <<'GUEST'
t=/sys/kernel/tracing
grep -q " $t tracefs " /proc/mounts || mount -t tracefs none $t
grep -q " /sys/kernel/debug debugfs " /proc/mounts ||
	mount -t debugfs none /sys/kernel/debug
insmod ./memfrag.ko
./memfrag_workload -s "$SCALE" fragment 2>&1 | sed 's/^/# /'
sed 's/^/# /' /proc/buddyinfo
awk '/^Node .*type/ {
	gsub(",", "")
	for (i = 7; i <= NF; i++) {
		v = $i; sub(">", "", v); n += v; lists++
		if (v + 0 > m) {
			m = v + 0; at = $i " (node " $2 " " $4 " " $6 " order " i - 7 ")"
		}
	}
} END { print "# longest free list: " at ", " n " blocks on " lists " lists" }' /proc/pagetypeinfo
./memfrag-static -i 1 record -o /tmp/rec.jsonl >/dev/null 2>&1 &
rec=$!
echo 0 >$t/options/function-trace
echo irqsoff >$t/current_tracer
echo 1 >$t/tracing_on

# snap: the frozen snapshot as "US TASK WHERE", WHERE being
# FRAME:START..END: the function the section ended in (the first frame of
# the tracer's stack), and the functions that turned interrupts off and on.
snap() {
	awk '/^# latency:/ { us = $3 }
		/^#    \| task:/ { task = $4 }
		/=> started at:/ { start = $NF }
		/=> ended at:/ { end = $NF }
		/<stack trace>/ { st = 1; next }
		st && /^ => / && frame == "" { frame = $2 }
		END { print us, task, (frame == "" ? "-" : frame) ":" start ".." end }' $t/trace
}
# Not the reader's own: a section started at an interrupt or exception
# entry is the handler's, whatever task it interrupted; one started in
# __schedule is the switch from another task into the reader.
notown=':(asm_|irqentry_|sysvec_|common_interrupt|exc_|__schedule)'

idle=0
for i in $(seq "$READS"); do
	echo 0 >$t/tracing_max_latency
	usleep 200000
	echo 0 >$t/tracing_on
	set -- $(snap)
	[ "$1" -gt "$idle" ] && { idle=$1; echo "# idle: $1 us in $2 at $3"; }
	echo 1 >$t/tracing_on
done

for f in /dev/null /sys/kernel/debug/memfrag/* /proc/buddyinfo /proc/pagetypeinfo; do
	case $f in */reset | */events) continue ;; esac
	rd=/tmp/rd-$(basename "$f")
	cp ./irqsoff-read "$rd"
	max=-1 bound=0 own=0 n=0 at=- each=
	for i in $(seq "$READS"); do
		least=
		for j in $(seq "$TRIES"); do
			n=$((n + 1))
			echo 1 >$t/tracing_on
			"$rd" $t "$f" || exit 1
			set -- $(snap)
			[ -n "$DEBUG" ] && echo "# try $f: $*"
			if [ "${2%-*}" = "${rd#/tmp/}" ] && ! echo "$3" | grep -Eq "$notown"; then
				own=$((own + 1))
				[ "$1" -gt "$max" ] && { max=$1; at=$3; }
				least=
				break
			fi
			[ -z "$least" ] || [ "$1" -lt "$least" ] && least=$1
		done
		if [ -n "$least" ]; then
			[ "$least" -gt "$bound" ] && bound=$least
			each=$each,"<=$least"
		else
			each=$each,$1
		fi
	done
	m=$max
	[ "$bound" -gt "$max" ] && m="<=$bound"
	echo "irqsoff $f mem=$MEM max_us=$m each=${each#,} own=$own/$READS tries=$n at=$at idle_us=$idle"
done
echo 1 >$t/tracing_on
kill $rec 2>/dev/null
echo nop >$t/current_tracer
GUEST

# run MEM: one guest, its lines on stdout.
run() {
	tools/testing/vm/memfrag-vm --kernel-dir "$kdir" --append no5lvl \
		--numa 2 --mem "$1" --smp 1 --icount 0 --timeout 3600 \
		--logdir "build/bench/irqsoff-vm-$1" \
		-M "$ko" -a build/selftests/memfrag_workload \
		-a tools/memfrag/memfrag-static -a build/bench/irqsoff-read \
		-a "$guest" \
		-- env MEM="$1" READS="$reads" TRIES="$tries" SCALE="$scale" \
		DEBUG="${DEBUG:-}" sh "./$(basename "$guest")" | grep '^irqsoff \|^# '
}

# The guests run at the same time, one host CPU each (guest time counts
# instructions, so sharing the host does not change a figure); their lines
# are printed in the order of the sizes.
pids=()
for mem in $sizes; do
	run "$mem" >"$tmp/$mem.txt" 2>"$tmp/$mem.err" &
	pids+=($!)
done
status=0
for pid in "${pids[@]}"; do
	wait "$pid" || status=1
done
{
	echo "# memfrag IRQs-off sections of each file's reader, $(date -u +%Y-%m-%dT%H:%MZ)," \
	     "memfrag $(git describe --always --dirty 2>/dev/null || echo unknown)," \
	     "kernel $release ($(basename "$kdir")), $reads reads each (up to $tries tries a read), workload -s $scale fragment"
	for mem in $sizes; do
		cat "$tmp/$mem.txt"
	done
} | tee "$out"
for mem in $sizes; do
	cat "$tmp/$mem.err" >&2
done
echo "irqsoff.sh: results in $out" >&2
exit $status

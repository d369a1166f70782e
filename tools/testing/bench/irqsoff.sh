#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# irqsoff.sh [MEM...]: the longest section with interrupts off while each
# memfrag file is read, beside /proc/buddyinfo and /proc/pagetypeinfo, in
# two-node guests of each size (default 4G 16G) of the irqsoff debug
# kernel (scripts/debug-kernel.sh build irqsoff), with free memory
# fragmented and "memfrag record -i 1" running.  One CPU, and guest time
# counted in instructions (memfrag-vm --icount 0), so that the host's load
# does not lengthen a section.  Reports figures; never passes or fails on
# them.
#
# For each file and size a line
#
#   irqsoff <file> mem=<size> max_us=<N> idle_us=<N>
#
# max_us is the largest tracing_max_latency of READS reads of the file
# (reset before each); idle_us the same over as long a sleep, what the
# guest does without the read.  Results: build/bench/irqsoff-<release>.txt.
#
# Environment: READS (default 5), SCALE (the workload's -s, default 30).
set -euo pipefail

top=$(cd "$(dirname "$0")/../../.." && pwd)
cd "$top"
sizes=${*:-4G 16G}
reads=${READS:-5}
scale=${SCALE:-30}

kdir=$(scripts/debug-kernel.sh path irqsoff) ||
	{ echo "irqsoff.sh: build the kernel first: scripts/debug-kernel.sh build irqsoff" >&2; exit 2; }
ko=$(scripts/debug-kernel.sh module irqsoff)
make -s selftests tool-static >/dev/null
release=$(basename "$kdir")
out=build/bench/irqsoff-$release.txt
mkdir -p build/bench

guest=$(mktemp)
trap 'rm -f "$guest"' EXIT
cat >"$guest" <<'GUEST'
t=/sys/kernel/tracing
grep -q " $t tracefs " /proc/mounts || mount -t tracefs none $t
grep -q " /sys/kernel/debug debugfs " /proc/mounts ||
	mount -t debugfs none /sys/kernel/debug
insmod ./memfrag.ko
./memfrag_workload -s "$SCALE" fragment 2>&1 | sed 's/^/# /'
cat /proc/buddyinfo | sed 's/^/# /'
./memfrag-static -i 1 record -o /tmp/rec.jsonl >/dev/null 2>&1 &
rec=$!
echo irqsoff >$t/current_tracer
echo 1 >$t/tracing_on
# max_us COMMAND...: the longest IRQs-off section over READS runs.
max_us() {
	local i m=0 v
	for i in $(seq "$READS"); do
		echo 0 >$t/tracing_max_latency
		"$@" >/dev/null 2>&1
		v=$(cat $t/tracing_max_latency)
		[ "$v" -gt "$m" ] && m=$v
	done
	echo "$m"
}
idle=$(max_us usleep 200000)
for f in /sys/kernel/debug/memfrag/* /proc/buddyinfo /proc/pagetypeinfo; do
	case $f in */reset | */events) continue ;; esac
	echo "irqsoff $f mem=$MEM max_us=$(max_us cat "$f") idle_us=$idle"
done
kill $rec 2>/dev/null
echo nop >$t/current_tracer
GUEST

{
	echo "# memfrag IRQs-off sections while reading, $(date -u +%Y-%m-%dT%H:%MZ)," \
	     "memfrag $(git describe --always --dirty 2>/dev/null || echo unknown)," \
	     "kernel $release, $reads reads each, workload -s $scale fragment"
	for mem in $sizes; do
		tools/testing/vm/memfrag-vm --kernel-dir "$kdir" --append no5lvl \
			--numa 2 --mem "$mem" --smp 1 --icount 0 --timeout 3600 \
			--logdir "build/bench/irqsoff-vm-$mem" \
			-M "$ko" -a build/selftests/memfrag_workload \
			-a tools/memfrag/memfrag-static -a "$guest" \
			-- env MEM="$mem" READS="$reads" SCALE="$scale" \
			sh "./$(basename "$guest")" | grep '^irqsoff \|^# '
	done
} | tee "$out"
echo "irqsoff.sh: results in $out" >&2

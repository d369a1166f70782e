#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# plot-guest.sh (in a memfrag-vm guest, with memfrag-static and
# memfrag_workload): recordings for memfrag plot and memfrag compare,
# printed gzipped and base64-encoded between "=== <name>" lines
# (plot-record.sh splits them):
#   workload  memfrag record -i 1 while memfrag_workload runs every phase;
#             stopped with SIGINT (as Ctrl-C would) once the workload ends
#   pro<A>, pro<B>  vm.compaction_proactiveness $PRO_A (0), then $PRO_B
#             (50): tmpfs filled with 1 MiB files, every other one deleted
#             (free memory in holes smaller than a pageblock), then
#             PRO_SECONDS of recording with nothing else running: what
#             proactive compaction does alone
#   calibrate  what a snapshot costs here: the module writing the eight
#             files (cat), and the tool reading copies of them (record -d)
# PHASES=workload skips the A/B pair.
set -u
mount -t debugfs none /sys/kernel/debug 2>/dev/null
insmod "$MEMFRAG_KO" || exit 1
tool=./memfrag-static
PRO_SECONDS=${PRO_SECONDS:-40}
rc=0

emit() {
	echo "=== $1"
	gzip -c "$2" | base64
	echo "=== end $1"
}

# the workload recording
$tool -i 1 record -o /tmp/workload.jsonl 2>/tmp/workload.err &
rec=$!
sleep 3
./memfrag_workload -s 30 fragment manual direct kcompactd proactive extfrag \
	>/dev/null 2>&1 || { echo "workload: exit $?" >&2; rc=1; }
sleep 3
kill -INT $rec
wait $rec || { echo "record: exit $?" >&2; rc=1; }
cat /tmp/workload.err >&2
emit workload /tmp/workload.jsonl

case ${PHASES:-all} in workload) exit $rc ;; esac

# calibration: 50 reads of the files by cat, and 50 snapshots of copies
mkdir -p /tmp/copy
for f in status compaction latency direct kcompactd migration extfrag zones; do
	cat /sys/kernel/debug/memfrag/$f >/tmp/copy/$f
done
cat /proc/sys/vm/compaction_proactiveness >/tmp/copy/compaction_proactiveness
echo "=== calibrate"
time sh -c 'for i in $(seq 50); do for f in status compaction latency direct kcompactd migration extfrag zones; do cat /sys/kernel/debug/memfrag/$f; done; done >/dev/null' 2>&1
$tool -d /tmp/copy -i 0.02 record -D 1 -o /tmp/copy.jsonl 2>&1
echo "=== end calibrate"

# the A/B pair: the same fragmented tmpfs, proactive compaction off and on
for p in ${PRO_A:-0} ${PRO_B:-50}; do
	echo 3 >/proc/sys/vm/drop_caches
	mkdir -p /tmp/frag
	mount -t tmpfs -o size=95% none /tmp/frag
	avail=$(awk '/^MemAvailable:/ { print int($2 / 1024) }' /proc/meminfo)
	n=$((avail - 256))
	i=0
	while [ $i -lt $n ]; do
		dd if=/dev/zero of=/tmp/frag/$i bs=1M count=1 2>/dev/null || break
		i=$((i + 1))
	done
	i=0
	while [ $i -lt $n ]; do
		rm -f /tmp/frag/$i
		i=$((i + 2))
	done
	echo $p >/proc/sys/vm/compaction_proactiveness
	$tool -i 1 record -D "$PRO_SECONDS" -o /tmp/pro$p.jsonl 2>/tmp/pro.err ||
		{ echo "record pro$p: exit $?" >&2; rc=1; }
	cat /tmp/pro.err >&2
	umount /tmp/frag
	emit pro$p /tmp/pro$p.jsonl
done
echo 20 >/proc/sys/vm/compaction_proactiveness
exit $rc

#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# record-guest.sh (in a memfrag-vm guest, with memfrag_workload): two
# samples of every memfrag file, with a workload before each, and of
# vm.compaction_proactiveness (the tool computes the zones thresholds from
# it, format 2), and the time of each sample (wall-clock and monotonic
# seconds: timestamps).  The second workload rescans memory 256 times
# without a reader of events, so its buffer fills: the second sample has
# event drops.  Each file is preceded by a line "=== <sample> <file>";
# split-recording.sh splits the output.
mount -t debugfs none /sys/kernel/debug 2>/dev/null
insmod "$MEMFRAG_KO" || exit 1
dump() {
	echo "=== $1 timestamps"
	echo "wall: $(date +%s)"
	echo "monotonic: $(cut -d' ' -f1 /proc/uptime)"
	for f in status compaction latency direct kcompactd migration extfrag \
		 zones tasks stacks; do
		echo "=== $1 $f"
		cat /sys/kernel/debug/memfrag/$f
	done
	# reading events blocks once it is empty: stop after a second
	echo "=== $1 events"
	# (in sh -c, which is not killed: busybox's "Terminated" for cat
	# goes to its stderr, /dev/null)
	sh -c 'timeout 1 cat /sys/kernel/debug/memfrag/events; true' 2>/dev/null
	echo "=== $1 compaction_proactiveness"
	cat /proc/sys/vm/compaction_proactiveness
}
./memfrag_workload -s 30 fragment manual direct kcompactd proactive extfrag \
	>/dev/null 2>&1 || echo "workload 1: exit $?" >&2
dump 1
sleep 2
./memfrag_workload -s 30 fragment manual direct kcompactd extfrag rescan \
	>/dev/null 2>&1 || echo "workload 2: exit $?" >&2
dump 2
echo "=== end"

#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# plot-guest.sh (in a memfrag-vm guest, with memfrag-static and
# memfrag_workload): recordings for memfrag plot and memfrag compare,
# printed gzipped and base64-encoded between "=== <name>" lines
# (plot-record.sh splits them):
#   workload  memfrag record -i 1 while memfrag_workload runs every phase;
#             stopped with SIGINT (as Ctrl-C would) once the workload ends
#   pro0, pro20  vm.compaction_proactiveness 0, then 20: tmpfs filled with
#             1 MiB files, every other one deleted (free memory in holes
#             smaller than a pageblock), then PRO_SECONDS of recording with
#             nothing else running: what proactive compaction does alone
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

# the A/B pair: the same fragmented tmpfs, proactive compaction off and on
for p in 0 20; do
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

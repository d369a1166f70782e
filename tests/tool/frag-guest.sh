#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# frag-guest.sh (in a memfrag-vm guest, with memfrag_workload): the zones
# file every second while memfrag_workload holds fragmented memory
# ("=== z<N> zones"), then every file once ("=== f <file>"); each time with
# vm.compaction_proactiveness ("=== <sample> compaction_proactiveness").
mount -t debugfs none /sys/kernel/debug 2>/dev/null
insmod "$MEMFRAG_KO" || exit 1
./memfrag_workload -s 60 fragment extfrag direct >/dev/null 2>&1 &
pid=$!
i=0
while kill -0 $pid 2>/dev/null && [ $i -lt 40 ]; do
	i=$((i + 1))
	echo "=== z$i zones"
	cat /sys/kernel/debug/memfrag/zones
	echo "=== z$i compaction_proactiveness"
	cat /proc/sys/vm/compaction_proactiveness
	sleep 1
done
wait $pid
for f in status compaction latency direct kcompactd migration extfrag zones; do
	echo "=== f $f"
	cat /sys/kernel/debug/memfrag/$f
done
echo "=== f compaction_proactiveness"
cat /proc/sys/vm/compaction_proactiveness
echo "=== end"

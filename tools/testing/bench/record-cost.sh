#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# record-cost.sh [SERIES...]: what `memfrag record -i 1` costs, in CPU,
# on a 2-CPU guest of each kernel series (default: 6.12 6.1); 6.1's is a
# 1-CPU guest: under -icount it hangs bringing up a second CPU.
#
# The guest runs under -icount shift=0: its clock advances one nanosecond
# per instruction it executes, so the CPU time the guest accounts to
# record (its end line: cpu_seconds, cpu_system_seconds) is the number of
# instructions record and the module's file rendering took, over 10^9.
# That is record's share of a CPU that executes one instruction per
# nanosecond, whatever the host's load; a real CPU executes several, so
# its share there is smaller.  Two runs per kernel, of RECORD_SECONDS
# (default 60) of guest time each: idle, and while memfrag_workload
# (fragment, manual, direct, extfrag) runs in a loop.  Reports figures,
# never passes or fails on them; writes build/bench/record-<release>.txt.
set -euo pipefail

top=$(cd "$(dirname "$0")/../../.." && pwd)
cd "$top"
series=${*:-6.12 6.1}
seconds=${RECORD_SECONDS:-60}
mkdir -p build/bench
make -s modules-matrix selftests >/dev/null
make -s -C tools/memfrag static >/dev/null

# $1: what runs beside record (idle or workload).
guest_cmd() {
	local beside=:
	[ "$1" = workload ] &&
		beside='while :; do ./memfrag_workload -s 30 fragment manual direct extfrag >/dev/null 2>&1; done'
	printf '%s\n' "insmod ./memfrag.ko || exit 1
($beside) & b=\$!
./memfrag-static record -i 1 -D $seconds -o /tmp/r.jsonl >/dev/null 2>&1
kill \$b 2>/dev/null
tail -n 1 /tmp/r.jsonl"
}

for s in $series; do
	release=$(scripts/kernels.sh release "$s")
	out=build/bench/record-$release.txt
	smp=2
	[ "$s" = 6.1 ] && smp=1
	: >"$out"
	for mode in idle workload; do
		line=$(tools/testing/vm/memfrag-vm -k "$release" --smp "$smp" --icount 0 \
			--timeout 1800 -M "build/$release/memfrag.ko" \
			-a tools/memfrag/memfrag-static \
			-a build/selftests/memfrag_workload \
			-- sh -c "$(guest_cmd "$mode")" 2>/dev/null |
			grep '"type":"end"') || {
			echo "record-cost.sh: $release $mode: no end line" >&2
			continue
		}
		echo "$line" | awk -v rel="$release" -v mode="$mode" -v smp="$smp" '
		function num(k,   m) {
			if (match($0, "\"" k "\":[0-9.]+")) {
				m = substr($0, RSTART, RLENGTH)
				sub(/.*:/, "", m)
				return m
			}
			return "-"
		}
		{
			t = num("t"); cpu = num("cpu_seconds")
			pct = t > 0 ? 100 * cpu / t : 0
			printf "record %s %s cpus=%s seconds=%s snapshots=%s events=%s cpu_s=%s kernel_s=%s one_cpu_pct=%.2f\n",
				rel, mode, smp, t, num("snapshots"), num("events"), cpu,
				num("cpu_system_seconds"), pct
		}' | tee -a "$out"
	done
done

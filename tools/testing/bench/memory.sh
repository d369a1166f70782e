#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# memory.sh [SERIES]: memfrag's kernel memory as a function of possible
# CPUs, nodes and zones, and whether it grows with the number of events.
#
# Boots the Debian kernel of SERIES (default 6.12) in QEMU with several
# CPU/node layouts (MEMORY_LAYOUTS, ";"-separated memfrag-vm options, to
# choose others), some with many more possible CPUs than online ones:
# memfrag-vm --maxcpus (QEMU's maxcpus), and possible_cpus= for more than
# QEMU's machine takes (6.1 honours it; 6.12 only lowers the count with
# it).  memfrag sizes its memory by possible CPUs.  In each guest it reads, before and
# after a compaction workload: the module's size in /proc/modules (text
# and data), the bytes memfrag reports it allocated at load (status:
# memory_bytes), and the kernel's Percpu and Slab counters from
# /proc/meminfo; and it sets memory_bytes beside formula_bytes, the
# formula of Documentation/memfrag.rst ("Memory") for the guest's
# possible CPUs and nodes.  Prints a table and writes it to
# build/bench/memory-<release>.txt.  Reports figures; it does not pass or
# fail on them.
set -euo pipefail

top=$(cd "$(dirname "$0")/../../.." && pwd)
cd "$top"
series=${1:-6.12}
release=$(scripts/kernels.sh release "$series")
out=build/bench/memory-$release.txt
mkdir -p build/bench
make -s modules-matrix selftests >/dev/null

guest=$(mktemp)
trap 'rm -f "$guest"' EXIT
cat >"$guest" <<'GUEST'
grep -q " /sys/kernel/debug debugfs " /proc/mounts ||
	mount -t debugfs none /sys/kernel/debug
meminfo() { awk -v k="$1:" '$1 == k { print $2 }' /proc/meminfo; }
sample() {
	echo "sample $1 module_bytes=$(awk '$1 == "memfrag" { print $2 }' /proc/modules)" \
	     "memory_bytes=$(awk '$1 == "memory_bytes:" { print $2 }' /sys/kernel/debug/memfrag/status)" \
	     "percpu_kb=$(meminfo Percpu) slab_kb=$(meminfo Slab)" \
	     "events=$(awk '$2 == "attached" { n += $3 } END { print n }' /sys/kernel/debug/memfrag/status)"
}
percpu0=$(meminfo Percpu)
insmod "$MEMFRAG_KO"
echo "percpu_before_load_kb=$percpu0"
# "0-447" or "0,2-5": the number of possible CPUs.
possible=$(awk -F, '{ for (i = 1; i <= NF; i++) { n = split($i, r, "-");
	c += n == 2 ? r[2] - r[1] + 1 : 1 } } END { print c }' /sys/devices/system/cpu/possible)
echo "cpus=$(grep -c ^processor /proc/cpuinfo) nodes=$(ls -d /sys/devices/system/node/node* | wc -l)" \
     "zones=$(grep -c '^Node .*zone' /proc/zoneinfo) possible=$possible" \
     "node_ids=$(($(ls -d /sys/devices/system/node/node* | sed 's/.*node//' | sort -n | tail -1) + 1))"
sample before
./memfrag_workload -s 30 fragment manual direct kcompactd extfrag >/dev/null
sample after
GUEST

# percpu_load_kb: the kernel's Percpu counter after insmod minus before;
# percpu_growth_kb: the same across the workload (events): 0 means memfrag
# allocated nothing per event.
layouts=${MEMORY_LAYOUTS:-"--smp 1;--smp 2;--smp 4;--smp 2 --numa 2 --movablecore 512M --mem 3G;--smp 4 --numa 4 --mem 4G;--smp 2 --maxcpus 64;--smp 1 --numa 8 --append possible_cpus=448"}
printf '%-22s %4s %8s %5s %5s %12s %12s %13s %14s %8s %16s\n' layout cpus possible \
	nodes zones module_bytes memory_bytes formula_bytes percpu_load_kb \
	events percpu_growth_kb | tee "$out"
IFS=';' read -r -a layout_list <<<"$layouts"
for layout in "${layout_list[@]}"; do
	# shellcheck disable=SC2086
	log=$(tools/testing/vm/memfrag-vm -k "$release" $layout \
		-a build/selftests/memfrag_workload -a "$guest" \
		-- sh "./$(basename "$guest")" 2>/dev/null) || {
		echo "memory.sh: guest with '$layout' failed" >&2
		continue
	}
	echo "$log" | awk -v layout="$layout" '
		/^percpu_before_load_kb=/ { split($0, p, "="); p0 = p[2] }
		/^cpus=/ {
			split($0, f, /[ =]/)
			cpus = f[2]; nodes = f[4]; zones = f[6]; possible = f[8]
			node_ids = f[10]
		}
		/^sample/ {
			for (i = 3; i <= NF; i++) { split($i, kv, "="); v[$2, kv[1]] = kv[2] }
		}
		# Documentation/memfrag.rst, "Memory": C possible CPUs, N node
		# ids, R(C) event records per CPU.
		function records(c,    r) {
			r = 1
			while (r * 2 <= 4096 / c)
				r *= 2
			if (r < 8)
				r = 8
			if (r > 256)
				r = 256
			return r
		}
		function slots(c,    s) {
			s = 256
			while (s < 4 * c && s < 16384)
				s *= 2
			return s
		}
		END {
			formula = possible * (3048 + 96 * records(possible))
			formula += 64749 * node_ids + 256 * slots(possible) + 40960
			printf "%-22s %4s %8s %5s %5s %12s %12s %13d %14d %8d %16d\n",
			       substr(layout, 1, 22), cpus, possible, nodes, zones,
			       v["before", "module_bytes"], v["before", "memory_bytes"],
			       formula, v["before", "percpu_kb"] - p0,
			       v["after", "events"] - v["before", "events"],
			       v["after", "percpu_kb"] - v["before", "percpu_kb"]
		}' | tee -a "$out"
done
echo "memory.sh: results in $out"

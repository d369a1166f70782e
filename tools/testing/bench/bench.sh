#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# bench.sh [SERIES...]: what memfrag costs, beside an empty probe, ftrace
# events, ftrace hist triggers and bpftrace, measured in one guest boot per
# kernel (default: 6.1 and 6.12).  Reports figures; never passes or fails
# on them.  Documentation/memfrag.rst ("Benchmark") explains the method.
#
# Environment: BENCH_ROUNDS (times each mode runs, alternating; default 3),
# BENCH_SCALE (workload --scale, default 30), BENCH_MODES (default
# "none empty memfrag ftrace hist bpftrace"), BENCH_ICOUNT (the guest's
# -icount shift, default 0: guest time counts instructions, one per ns, and
# does not depend on the host's load; empty: follow the host's clock),
# BENCH_SMP (guest CPUs, default 1: 6.1 does not bring up a second CPU
# under -icount, and one CPU keeps other CPUs' work out of the timings).
#
# For each kernel writes build/bench/results-<release>.txt, one figure per
# line ("<kind> <name> key=value..."), which tools/testing/bench/compare.sh can set
# beside an earlier one, and prints it as tables.  The guest's raw output
# and logs stay in build/bench/.
set -euo pipefail

top=$(cd "$(dirname "$0")/../../.." && pwd)
cd "$top"
series=${*:-6.1 6.12}
rounds=${BENCH_ROUNDS:-3}
scale=${BENCH_SCALE:-30}
modes=${BENCH_MODES:-none empty memfrag ftrace hist bpftrace}
icount=${BENCH_ICOUNT-0}
smp=${BENCH_SMP:-1}

for tool in bpftrace perf qemu-system-x86_64; do
	if ! command -v "$tool" >/dev/null; then
		echo "bench.sh: $tool is missing: run 'make deps'" >&2
		exit 2
	fi
done

mkdir -p build/bench
make -s modules-matrix selftests >/dev/null
cc -O2 -Wall -static -o build/bench/readcost tools/testing/bench/readcost.c

for s in $series; do
	release=$(scripts/kernels.sh release "$s")
	pb=build/$release/probe-bench
	scripts/kbuild.sh probe-bench "$release" "$pb" >/dev/null

	raw=build/bench/guest-$release.txt
	results=build/bench/results-$release.txt
	echo "bench.sh: $release: $rounds round(s) of: $modes (this takes a while)"
	# shellcheck disable=SC2046
	tools/testing/vm/memfrag-vm -k "$release" --hostroot --timeout 7200 --smp "$smp" \
		$([ -z "$icount" ] || echo --icount "$icount") \
		--logdir "build/bench/vm-$release" \
		-a "$pb/memfrag_probe_bench.ko" -a build/selftests/memfrag_workload \
		-a build/bench/readcost -a tools/testing/bench/bench-guest.sh \
		-a "$pb/tracepoints" \
		-- env BENCH_ROUNDS="$rounds" BENCH_SCALE="$scale" \
		BENCH_MODES="$modes" bash ./bench-guest.sh >"$raw"
	clock=host
	[ -z "$icount" ] || clock="icount shift $icount (instructions)"
	{
		echo "# memfrag benchmark, $(date -u +%Y-%m-%dT%H:%MZ)," \
		     "memfrag $(git describe --always --dirty 2>/dev/null || echo unknown)," \
		     "guest clock: $clock"
		tools/testing/bench/summarize.awk "$raw"
		tools/testing/bench/atomics.sh "build/$release/memfrag.ko"
	} >"$results"
	tools/testing/bench/show.sh "$results"
	echo "bench.sh: results in $results"
done

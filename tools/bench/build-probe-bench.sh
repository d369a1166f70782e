#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# build-probe-bench.sh RELEASE|KDIR OUTDIR [make args...]: builds the
# probe-cost benchmark module (tools/bench/probe-cost) against
# linux-headers-RELEASE (or the headers in KDIR, in the build root too) in
# OUTDIR, next to a copy of memfrag's compat.h, and writes OUTDIR/
# tracepoints, memfrag's tracepoints (system:name, one a line) for the
# benchmark's guest.  Extra arguments go to kbuild (e.g. W=1 C=2); with
# STRICT=1 any warning fails the build.
set -euo pipefail

release=${1:?usage: build-probe-bench.sh RELEASE OUTDIR [make args...]}
out=${2:?usage: build-probe-bench.sh RELEASE OUTDIR [make args...]}
shift 2
src=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=tools/lib.sh
. "$src/tools/lib.sh"
kdir=$release
[ -d "$kdir" ] || kdir=/usr/src/linux-headers-$release

rm -rf "$out"
mkdir -p "$out/compat"
out=$(cd "$out" && pwd)
cp "$src"/tools/bench/probe-cost/Kbuild "$src"/tools/bench/probe-cost/*.c "$out/"
cp "$src/module/compat.h" "$out/compat/"
# compat.h checks the kernel's values against memfrag's shared lists.
cp -r "$src/include/memfrag" "$out/compat/"
if ! kmake "$kdir" "$out" M="$out" "$@" modules \
	>"$out/build.log" 2>&1; then
	cat "$out/build.log" >&2
	echo "build-probe-bench: build for $release failed" >&2
	exit 1
fi
if [ "${STRICT:-0}" = 1 ] && grep -E 'warning:|error:' "$out/build.log" >&2; then
	echo "build-probe-bench: warnings building for $release ($*)" >&2
	exit 1
fi
"$src/scripts/lists.sh" print tracepoints >"$out/tracepoints"
echo "build-probe-bench: $out/memfrag_probe_bench.ko"

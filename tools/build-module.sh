#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# build-module.sh KDIR OUTDIR [make args...]
#
# Builds memfrag.ko against the kernel headers in KDIR, in OUTDIR, so that
# builds for several kernels never share object files.  Extra arguments go
# to kbuild (e.g. W=1 C=1).  With STRICT=1 any compiler or sparse warning
# fails the build.
set -euo pipefail

kdir=${1:?usage: build-module.sh KDIR OUTDIR [make args...]}
out=${2:?usage: build-module.sh KDIR OUTDIR [make args...]}
shift 2
src=$(cd "$(dirname "$0")/.." && pwd)

if [ ! -e "$kdir/Makefile" ]; then
	rel=$(basename "$kdir")
	rel=${rel#linux-headers-}
	echo "build-module: no kernel headers in $kdir: apt-get install linux-headers-$rel" >&2
	exit 2
fi

mkdir -p "$out"
out=$(cd "$out" && pwd)
cp -a "$src/Kbuild" "$out/"
rm -rf "$out/module" "$out/include"
cp -a "$src/module" "$src/include" "$out/"

log=$(mktemp)
trap 'rm -f "$log"' EXIT
if ! make -C "$kdir" M="$out" "$@" modules >"$log" 2>&1; then
	cat "$log" >&2
	echo "build-module: build against $kdir failed" >&2
	exit 1
fi
# kbuild's own notes (e.g. no vmlinux for BTF) are not warnings about memfrag.
if [ "${STRICT:-0}" = 1 ] && grep -E 'warning:|error:' "$log" >&2; then
	echo "build-module: warnings building against $kdir ($*)" >&2
	exit 1
fi
echo "build-module: $out/memfrag.ko ($(basename "$kdir"))"

#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# build-module.sh KDIR OUTDIR [make args...]
#
# Builds memfrag.ko against the kernel headers in KDIR, in OUTDIR, so that
# builds for several kernels never share object files.  Extra arguments go
# to kbuild (e.g. W=1 C=1).  With STRICT=1 any compiler or sparse warning
# fails the build.
#
# KDIR may be in the build root (tools/buildroot.sh): the kernels whose
# headers need another Debian release's compiler.  The build then runs
# inside it, with OUTDIR bound at its own path.
#
# KDIR may also be a built kernel tree, such as a debug kernel from
# tools/debug-kernel.sh.  If that tree has its module signing key (its
# config has MODULE_SIG), memfrag.ko is signed with it, so that it loads
# under lockdown= too.
set -euo pipefail

kdir=${1:?usage: build-module.sh KDIR OUTDIR [make args...]}
out=${2:?usage: build-module.sh KDIR OUTDIR [make args...]}
shift 2
src=$(cd "$(dirname "$0")/.." && pwd)

# shellcheck source=tools/lib.sh
. "$src/tools/lib.sh"

if [ ! -e "$kdir/Makefile" ]; then
	rel=$(basename "$kdir")
	case $rel in
	linux-headers-*)
		echo "build-module: no kernel headers in $kdir: apt-get install $rel" >&2 ;;
	*)
		echo "build-module: no kernel headers in $kdir (a Debian linux-headers-* dir or a built kernel tree, e.g. from tools/debug-kernel.sh build kasan)" >&2 ;;
	esac
	exit 2
fi

mkdir -p "$out"
out=$(cd "$out" && pwd)
cp -a "$src/Kbuild" "$out/"
rm -rf "$out/module" "$out/include"
cp -a "$src/module" "$src/include" "$out/"

log=$(mktemp)
trap 'rm -f "$log"' EXIT
if ! kmake "$kdir" "$out" M="$out" "$@" modules >"$log" 2>&1; then
	cat "$log" >&2
	echo "build-module: build against $kdir failed" >&2
	exit 1
fi
# kbuild's own notes (e.g. no vmlinux for BTF) are not warnings about memfrag.
if [ "${STRICT:-0}" = 1 ] && grep -E 'warning:|error:' "$log" >&2; then
	echo "build-module: warnings building against $kdir ($*)" >&2
	exit 1
fi
signed=
key=$kdir/certs/signing_key.pem
if grep -qs '^CONFIG_MODULE_SIG=y' "$kdir/.config" && [ -f "$key" ] &&
	[ -x "$kdir/scripts/sign-file" ]; then
	hash=$(sed -n 's/^CONFIG_MODULE_SIG_HASH="\(.*\)"$/\1/p' "$kdir/.config")
	"$kdir/scripts/sign-file" "${hash:-sha512}" "$key" "$kdir/certs/signing_key.x509" \
		"$out/memfrag.ko"
	signed=", signed"
fi
echo "build-module: $out/memfrag.ko ($(basename "$kdir")$signed)"

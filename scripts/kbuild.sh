#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# kbuild.sh WHAT KDIR OUTDIR [make args...]: builds one of memfrag's
# kernel modules against the kernel in KDIR, in OUTDIR:
#   memfrag      memfrag.ko (Kbuild, module/, include/)
#   tests        the selftests' helper modules: every selftests/<name>/
#                with a Kbuild (memfrag_nest.ko), each in OUTDIR/<name>/,
#                its .ko copied to OUTDIR beside memfrag.ko
#   probe-bench  the probe-cost benchmark module, with OUTDIR/tracepoints
#                (memfrag's tracepoints, one a line, for its guest)
# KDIR is a linux-headers-* directory (in the build root too: kmake runs
# kbuild there), a release whose headers are in /usr/src, or a built
# kernel tree; when that tree has its module signing key (MODULE_SIG),
# the modules are signed with it.  Extra arguments go to kbuild (W=1,
# C=2, ARCH=...); with STRICT=1 any compiler or sparse warning fails.
set -euo pipefail

usage="usage: kbuild.sh memfrag|tests|probe-bench KDIR OUTDIR [make args...]"
what=${1:?$usage}
kdir=${2:?$usage}
out=${3:?$usage}
shift 3
src=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=scripts/lib.sh
. "$src/scripts/lib.sh"
tag=kbuild

[ -d "$kdir" ] || [ "$what" != probe-bench ] || kdir=/usr/src/linux-headers-$kdir
if [ ! -e "$kdir/Makefile" ]; then
	case $(basename "$kdir") in
	linux-headers-*) die "no kernel headers in $kdir: apt-get install $(basename "$kdir")" ;;
	*) die "no kernel headers in $kdir (a Debian linux-headers-* directory or a built kernel tree, e.g. from scripts/debug-kernel.sh build kasan)" ;;
	esac
fi
mkdir -p "$out"
out=$(cd "$out" && pwd)
log=$(mktemp)
trap 'rm -f "$log"' EXIT

# build DIR: kbuild in DIR; its warnings fail it with STRICT=1.
build() {
	local dir=$1
	shift
	if ! kmake "$kdir" "$dir" M="$dir" "$@" modules >"$log" 2>&1; then
		cat "$log" >&2
		fail "$what: build against $kdir failed"
	fi
	if [ "${STRICT:-0}" = 1 ] && grep -E 'warning:|error:' "$log" >&2; then
		fail "$what: warnings building against $kdir ($*)"
	fi
}

# sign KO: with the kernel tree's own key, if it has one.
sign() {
	local key=$kdir/certs/signing_key.pem hash
	grep -qs '^CONFIG_MODULE_SIG=y' "$kdir/.config" && [ -f "$key" ] &&
		[ -x "$kdir/scripts/sign-file" ] || return 1
	hash=$(sed -n 's/^CONFIG_MODULE_SIG_HASH="\(.*\)"$/\1/p' "$kdir/.config")
	"$kdir/scripts/sign-file" "${hash:-sha512}" "$key" \
		"$kdir/certs/signing_key.x509" "$1"
}

case $what in
memfrag)
	cp -a "$src/Kbuild" "$out/"
	rm -rf "$out/module" "$out/include"
	cp -a "$src/module" "$src/include" "$out/"
	build "$out" "$@"
	signed=
	sign "$out/memfrag.ko" && signed=", signed"
	msg "$out/memfrag.ko ($(basename "$kdir")$signed)"
	;;
tests)
	for dir in "$src"/selftests/*/; do
		[ -f "$dir/Kbuild" ] || continue
		obj=$out/$(basename "$dir")
		rm -rf "$obj"
		mkdir -p "$obj"
		# Kernel-version differences are in memfrag's compat.h, for
		# these too.
		cp "$dir"/Kbuild "$dir"/*.c "$src/module/compat.h" "$obj/"
		cp -a "$src/include" "$obj/"
		build "$obj" "$@"
		for ko in "$obj"/*.ko; do
			sign "$ko" || true
			cp "$ko" "$out/"
			msg "$out/$(basename "$ko") ($(basename "$kdir"))"
		done
	done
	;;
probe-bench)
	rm -rf "$out"
	mkdir -p "$out/compat"
	cp "$src"/tools/testing/bench/probe-cost/Kbuild \
		"$src"/tools/testing/bench/probe-cost/*.c "$out/"
	cp "$src/module/compat.h" "$out/compat/"
	# compat.h checks the kernel's values against memfrag's shared lists.
	cp -r "$src/include/memfrag" "$out/compat/"
	build "$out" "$@"
	"$src/scripts/lists.sh" print tracepoints >"$out/tracepoints"
	msg "$out/memfrag_probe_bench.ko"
	;;
*)
	die "$usage"
	;;
esac

#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# sparse-buildroot.sh: sparse (C=2) on memfrag for the build root's
# kernels (scripts/buildroot.sh), with zero warnings, where the kernel
# accepts the build root's sparse.  Their kbuild runs scripts/checker-
# valid.sh first and quietly drops C=2 for a sparse it finds too old (one
# that does not parse __typeof_unqual__), so this asks the same question
# itself: exit 4 (SKIP) with the reason when the answer is no.  Debian's
# kbuild package lacks the script; it is taken from the series' own
# linux-source in the build root (scripts/debug-kernel.sh installs it).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=scripts/lib.sh
. "$here/lib.sh"
tag=sparse-buildroot
root=$("$here/buildroot.sh" path)

for k in $("$here/kernels.sh" list) $("$here/kernels.sh" build-only); do
	[ -n "$("$here/kernels.sh" buildroot "$k")" ] || continue
	kdir=$("$here/kernels.sh" kdir "$k") || die "$k: no headers (scripts/kernels.sh fetch $k)"
	scripts=$(readlink -f "$kdir/scripts")
	if [ ! -e "$scripts/checker-valid.sh" ]; then
		tar=$(ls "$root"/usr/src/linux-source-*.tar.xz 2>/dev/null | sort -V | tail -n 1)
		[ -n "$tar" ] || die "no linux-source in the build root for scripts/checker-valid.sh (scripts/debug-kernel.sh build kasan installs it)"
		tar -xJOf "$tar" --wildcards '*/scripts/checker-valid.sh' >"$scripts/checker-valid.sh"
		chmod 755 "$scripts/checker-valid.sh"
	fi
	ok=$("$here/buildroot.sh" run /tmp -- sh "${scripts#"$root"}/checker-valid.sh" sparse)
	if [ "$ok" != 1 ]; then
		echo "sparse $("$here/buildroot.sh" in sparse --version) in the build root does not parse __typeof_unqual__, which $k's kbuild requires (scripts/checker-valid.sh): not run"
		exit 4
	fi
	r=$("$here/kernels.sh" release "$k")
	km=
	[ "$("$here/kernels.sh" arch "$k")" = arm64 ] && km="ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu-"
	# shellcheck disable=SC2086
	STRICT=1 "$here/kbuild.sh" memfrag "$kdir" "$here/../build/sparse/$r" $km C=2
	# shellcheck disable=SC2086
	STRICT=1 "$here/kbuild.sh" tests "$kdir" "$here/../build/sparse/$r" $km C=2
done

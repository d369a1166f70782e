#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# for-each-kernel.sh [-a ARCH] [-b] CMD [ARG...]
#
# Runs CMD once for every kernel of the matrix that is installed (amd64)
# or fetched (arm64 and the build root's), see scripts/kernels.sh, with in
# its environment:
#   KERNEL   the kernel's name (6.1, 6.12-rt, arm64:6.1, ...)
#   RELEASE  its release (uname -r), which also names build/<RELEASE>/
#   KDIR     its headers, for make -C
#   KMAKE    the make arguments its architecture needs (ARCH=arm64
#            CROSS_COMPILE=aarch64-linux-gnu- for arm64, else nothing)
#   BUILDROOT  the build root its headers need (scripts/buildroot.sh), or
#            empty
# -a ARCH keeps the kernels of one architecture (x86_64, arm64); -b adds
# the series that are only built for (kernels.sh build-only).  Stops at
# the first failure.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
only= extra=
while [ $# -gt 0 ]; do
	case $1 in
	-a) only=${2:?-a ARCH}; shift 2 ;;
	-b) extra=$("$here/kernels.sh" build-only); shift ;;
	*) break ;;
	esac
done
[ $# -gt 0 ] || { sed -n '4,19s/^# \{0,1\}//p' "$0" >&2; exit 2; }

for KERNEL in $("$here/kernels.sh" list) $extra; do
	arch=$("$here/kernels.sh" arch "$KERNEL")
	[ -n "$only" ] && [ "$arch" != "$only" ] && continue
	RELEASE=$("$here/kernels.sh" release "$KERNEL" 2>/dev/null) || continue
	KDIR=$("$here/kernels.sh" kdir "$KERNEL")
	KMAKE=
	[ "$arch" = arm64 ] && KMAKE="ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu-"
	BUILDROOT=$("$here/kernels.sh" buildroot "$KERNEL")
	export KERNEL RELEASE KDIR KMAKE BUILDROOT
	"$@"
done

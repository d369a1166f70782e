#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# dkms-check.sh [RELEASE...]
#
# Proves that dkms.conf works the way a lab machine uses it: copies the
# tree to /usr/src/memfrag-<version>, runs `dkms add` and `dkms build` for
# each kernel (default: every series in the test matrix), checks that the
# module DKMS built is for that kernel, then removes it all again.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
ver=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"$/\1/p' "$top/dkms.conf")
hdr=$(sed -n 's/^#define MEMFRAG_VERSION[[:space:]]*"\(.*\)"$/\1/p' \
	"$top/include/memfrag/memfrag.h")
if [ "$ver" != "$hdr" ]; then
	echo "dkms-check: dkms.conf says $ver but include/memfrag/memfrag.h says $hdr" >&2
	exit 1
fi
command -v dkms >/dev/null || { echo "dkms-check: apt-get install dkms" >&2; exit 2; }

releases=("$@")
[ ${#releases[@]} -gt 0 ] || mapfile -t releases < <("$top/tools/kernels.sh" releases x86_64)

src=/usr/src/memfrag-$ver
cleanup() {
	dkms remove "memfrag/$ver" --all >/dev/null 2>&1 || true
	rm -rf "$src"
}
trap cleanup EXIT
cleanup
mkdir -p "$src"
cp -a "$top/Kbuild" "$top/dkms.conf" "$top/module" "$top/include" "$src/"

dkms add "memfrag/$ver" >/dev/null
for r in "${releases[@]}"; do
	if ! dkms build "memfrag/$ver" -k "$r" >/tmp/dkms-check.$$ 2>&1; then
		cat /tmp/dkms-check.$$ >&2
		cat "/var/lib/dkms/memfrag/$ver/build/make.log" >&2 2>/dev/null || true
		rm -f /tmp/dkms-check.$$
		echo "dkms-check: dkms build for $r failed" >&2
		exit 1
	fi
	rm -f /tmp/dkms-check.$$
	ko=$(find "/var/lib/dkms/memfrag/$ver/$r" -name 'memfrag.ko*' | head -n 1)
	if [ -z "$ko" ]; then
		echo "dkms-check: dkms build for $r produced no memfrag.ko" >&2
		exit 1
	fi
	magic=$(modinfo -F vermagic "$ko")
	if [ "${magic%% *}" != "$r" ]; then
		echo "dkms-check: $ko is for '${magic%% *}', wanted $r" >&2
		exit 1
	fi
	echo "dkms-check: memfrag/$ver built for $r ($(basename "$ko"))"
done

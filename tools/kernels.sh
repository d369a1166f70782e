#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The Debian 12 kernels memfrag is tested on, and the packages that carry
# them.  One place for the series -> release -> package mapping, used by
# the Makefile, the dependency installer and the test runner.
#
#   kernels.sh series              the supported series: 6.1 6.12
#   kernels.sh release SERIES      newest installed release with image and headers
#   kernels.sh releases            one release per series (skips missing ones)
#   kernels.sh packages SERIES     apt package names for image + headers
set -euo pipefail

SERIES="6.1 6.12"

# Glob of the release names a series uses on Debian 12.
release_glob() {
	case "$1" in
	6.1) echo '6.1.0-*-amd64' ;;
	6.12) echo '6.12.*+deb12-amd64' ;;
	*) echo "kernels.sh: unknown series '$1' (known: $SERIES)" >&2; return 2 ;;
	esac
}

release() {
	local glob r best=
	glob=$(release_glob "$1") || return 2
	for img in /boot/vmlinuz-$glob; do
		[ -e "$img" ] || continue
		r=${img#/boot/vmlinuz-}
		[ -e "/usr/src/linux-headers-$r/Makefile" ] || continue
		best=$(printf '%s\n%s\n' "$best" "$r" | sed '/^$/d' | sort -V | tail -n 1)
	done
	[ -n "$best" ] || return 1
	echo "$best"
}

# Newest 6.12 flavour that Debian's archive has as both image and headers.
newest_612_version() {
	apt-cache search --names-only '^linux-headers-6\.12\.[0-9]+\+deb12-amd64$' 2>/dev/null |
		sed -n 's/^linux-headers-\(6\.12\.[0-9]*+deb12\)-amd64 .*/\1/p' |
		sort -V | while read -r v; do
			apt-cache show "linux-image-$v-amd64-unsigned" >/dev/null 2>&1 && echo "$v"
		done | tail -n 1
}

packages() {
	case "$1" in
	6.1) echo "linux-image-amd64 linux-headers-amd64" ;;
	6.12)
		local v
		v=$(newest_612_version)
		if [ -z "$v" ]; then
			echo "kernels.sh: no linux-image-6.12.*+deb12-amd64-unsigned in the apt lists (run apt-get update)" >&2
			return 1
		fi
		echo "linux-image-$v-amd64-unsigned linux-headers-$v-amd64"
		;;
	*) release_glob "$1" ;;
	esac
}

case "${1:-}" in
series) echo "$SERIES" ;;
release) release "${2:?series}" ;;
releases) for s in $SERIES; do release "$s" || true; done ;;
packages) packages "${2:?series}" ;;
*) sed -n '4,12s/^# \{0,1\}//p' "$0" >&2; exit 2 ;;
esac

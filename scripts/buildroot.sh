#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# buildroot.sh: a Debian 13 (trixie) build root for the kernels that Debian
# 12 cannot build modules for.
#
# Debian's newest kernels (trixie-backports: 7.x) ship headers that need
# their own release's compiler (gcc-14-for-host) and kbuild (glibc 2.38).
# As a Debian developer builds for another release, memfrag builds for
# them in a build root of that release: debootstrap --variant=minbase
# trixie, with trixie-backports, the compilers (amd64 and aarch64), sparse
# and kmod.  Kernel headers, images and modules go into it (scripts/kernels.sh
# fetch).
#
#   buildroot.sh path              where it is ($MEMFRAG_BUILDROOT, default
#                                  /var/cache/memfrag/trixie-root)
#   buildroot.sh setup             create it (once), refresh its apt lists
#   buildroot.sh in CMD...         CMD inside it (apt-get, apt-cache, dpkg)
#   buildroot.sh run DIR... -- CMD run CMD inside it, with /proc mounted and
#                                  each DIR bound at its own path, in a
#                                  mount namespace of its own
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
ROOT=${MEMFRAG_BUILDROOT:-/var/cache/memfrag/trixie-root}
SUITE=trixie
MIRROR=${MEMFRAG_MIRROR:-http://deb.debian.org/debian}
PACKAGES="make binutils gcc-14 sparse kmod xz-utils zstd
binutils-aarch64-linux-gnu gcc-14-aarch64-linux-gnu"

# shellcheck source=scripts/lib.sh
. "$here/lib.sh"
tag=buildroot.sh

ready() { [ -x "$ROOT/usr/bin/make" ] && [ -e "$ROOT/etc/apt/sources.list.d/backports.list" ]; }

in_root() { chroot "$ROOT" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 \
	DEBIAN_FRONTEND=noninteractive "$@"; }

setup() {
	[ "$(id -u)" = 0 ] || die "setup: run as root (debootstrap, chroot)"
	if [ ! -x "$ROOT/usr/bin/apt-get" ]; then
		command -v debootstrap >/dev/null ||
			die "setup: debootstrap not found (apt-get install debootstrap)"
		mkdir -p "$(dirname "$ROOT")"
		rm -rf "$ROOT.new"
		debootstrap --variant=minbase "$SUITE" "$ROOT.new" "$MIRROR" >/dev/null ||
			die "setup: debootstrap $SUITE failed"
		mv "$ROOT.new" "$ROOT"
	fi
	echo "deb $MIRROR $SUITE-backports main" >"$ROOT/etc/apt/sources.list.d/backports.list.new"
	mv "$ROOT/etc/apt/sources.list.d/backports.list.new" "$ROOT/etc/apt/sources.list.d/backports.list"
	in_root dpkg --print-foreign-architectures | grep -qx arm64 ||
		in_root dpkg --add-architecture arm64
	apt_update_tolerant in_root apt-get update -q
	# shellcheck disable=SC2086
	in_root apt-get install -y -q --no-install-recommends $PACKAGES >/dev/null ||
		die "setup: apt-get install $(echo $PACKAGES) in $ROOT failed"
}

run() {
	local binds=() d
	while [ $# -gt 0 ] && [ "$1" != -- ]; do
		binds+=("$(cd "$1" && pwd)")
		shift
	done
	[ "${1:-}" = -- ] || die "run: DIR... -- CMD"
	shift
	ready || die "no build root in $ROOT (scripts/buildroot.sh setup)"
	# shellcheck disable=SC2016 # expanded by the inner shell
	unshare -m sh -c '
		root=$1; shift
		mount -t proc proc "$root/proc" || exit 1
		while [ "$1" != -- ]; do
			mkdir -p "$root$1" && mount --bind "$1" "$root$1" || exit 1
			shift
		done
		shift
		exec chroot "$root" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin \
			LANG=C.UTF-8 HOME=/root "$@"' sh "$ROOT" "${binds[@]}" -- "$@"
}

case "${1:-}" in
path) echo "$ROOT" ;;
setup) setup ;;
in) shift; ready || die "no build root in $ROOT (scripts/buildroot.sh setup)"; in_root "$@" ;;
run) shift; run "$@" ;;
*) sed -n '4,22s/^# \{0,1\}//p' "$0" >&2; exit 2 ;;
esac

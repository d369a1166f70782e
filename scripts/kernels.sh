#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The Debian kernels memfrag is tested on, and the packages that carry
# them.  One place for the kernel -> release -> package mapping, used by
# the Makefile, the dependency installer, the VM runner and the test runner.
#
# A kernel is named SERIES[-FLAVOUR], with ARCH: in front for another
# architecture: 6.1, 6.12 (generic amd64), 6.1-rt, 6.12-rt (PREEMPT_RT),
# arm64:6.1, arm64:6.12 (generic arm64): Debian 12's own.  Beside them,
# the newest series Debian ships with headers (trixie-backports: 7.3 today),
# picked from the apt lists, so that the matrix takes the next one without
# a change here: NEW, NEW-rt, arm64:NEW and arm64:NEW-16k (16 KiB pages).
# Their headers, images and modules live in the Debian 13 build root
# (scripts/buildroot.sh), whose compiler builds for them.  Every other
# series Debian ships with headers there (7.2 today) is built for, not
# booted (kernels.sh build-only).
#
#   kernels.sh list                every kernel of the matrix, in test order
#   kernels.sh pick                pick the newest series from the build
#                                  root's apt lists and say which
#   kernels.sh picked              what the last pick chose
#   kernels.sh build-only          the series only built for (7.2 ...)
#   kernels.sh buildroot KERNEL    the build root its headers need, if any
#   kernels.sh series              the generic amd64 kernels: 6.1 6.12
#   kernels.sh release KERNEL      newest release with image and headers
#   kernels.sh releases [ARCH]     one release per installed kernel (of ARCH)
#   kernels.sh arch KERNEL         x86_64 or arm64
#   kernels.sh flavour KERNEL      generic or rt
#   kernels.sh image KERNEL        the kernel image to boot
#   kernels.sh kdir KERNEL         its headers (a build directory for make -C)
#   kernels.sh packages KERNEL     apt packages of image + headers
#   kernels.sh headers KERNEL      apt packages of its headers
#   kernels.sh fetch KERNEL        download and unpack into a cache: Debian 12's
#                                  amd64 images (their headers are installed);
#                                  arm64 and the build root's kernels, image,
#                                  headers and busybox (nothing of them is
#                                  installed on this machine)
#   kernels.sh busybox KERNEL      the static busybox for the kernel's architecture
#   kernels.sh root KERNEL         where its boot/ and lib/modules/ are (and
#                                  usr/src/, but for Debian 12's amd64 ones)
#   kernels.sh id RELEASE          the kernel a release belongs to
#   kernels.sh fetch-i386          download and unpack Debian 12's newest 6.1
#                                  686 (32-bit) headers into a cache: only
#                                  for the build test that memfrag refuses them
#   kernels.sh kdir-i386           those headers (a build directory for make -C)
#
# arm64 files live in $MEMFRAG_ARM64_CACHE (default
# /var/cache/memfrag/arm64), Debian 12's amd64 images, when not installed,
# in $MEMFRAG_AMD64_CACHE (default /var/cache/memfrag/amd64), kept between
# runs on one machine.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=scripts/lib.sh
. "$here/lib.sh"
tag=kernels.sh

DEBIAN12="6.1 6.12 6.1-rt 6.12-rt arm64:6.1 arm64:6.12"
ARM64_CACHE=${MEMFRAG_ARM64_CACHE:-/var/cache/memfrag/arm64}
X86_CACHE=${MEMFRAG_AMD64_CACHE:-/var/cache/memfrag/amd64}
BUILDROOT=$("$here/buildroot.sh" path)
# The pick: one "SERIES VERSION ROLE" line per series, ROLE boot or build.
PICKS=$BUILDROOT/var/lib/memfrag-kernels

apt_update() { apt_update_tolerant apt-get update -q; }

# The newest series' kernels, or nothing before the first pick.
newest() { awk '$3 == "boot" { print $1 }' "$PICKS" 2>/dev/null; }
version_of() { awk -v s="$1" '$1 == s { print $2 }' "$PICKS" 2>/dev/null; }
role_of() { awk -v s="$1" '$1 == s { print $3 }' "$PICKS" 2>/dev/null; }
list() {
	local n
	n=$(newest)
	echo "$DEBIAN12${n:+ $n $n-rt arm64:$n arm64:$n-16k}"
}

# split KERNEL: sets arch, series, flavour.
split() {
	local k=$1
	arch=x86_64
	case "$k" in
	arm64:*) arch=arm64; k=${k#arm64:} ;;
	x86_64:* | amd64:*) k=${k#*:} ;;
	esac
	flavour=generic
	case "$k" in
	*-rt) flavour=rt; k=${k%-rt} ;;
	*-16k) flavour=16k; k=${k%-16k} ;;
	esac
	series=$k
	# In the build root: a picked series (booted or only built).
	inroot=
	case "$series" in
	6.1 | 6.12) ;;
	*)
		[ -n "$(version_of "$series")" ] ||
			die "unknown kernel '$1' (known: $(list); built only: $(build_only))"
		inroot=1
		;;
	esac
	case "$arch:$flavour:$inroot" in
	x86_64:16k:* | arm64:rt:1 | arm64:16k:) die "unknown kernel '$1' (known: $(list))" ;;
	esac
	if [ -z "$inroot" ] && [ "$arch" = arm64 ] && [ "$flavour" != generic ]; then
		die "unknown kernel '$1' (known: $(list))"
	fi
}

# The Debian architecture name and the release suffix of a flavour.
deb_arch() { [ "$arch" = arm64 ] && echo arm64 || echo amd64; }
suffix() {
	case $flavour in
	rt) echo "rt-$(deb_arch)" ;;
	16k) echo "$(deb_arch)-16k" ;;
	*) deb_arch ;;
	esac
}

# Glob of the release names of a kernel: 6.1.0-N-<suffix>, 6.12.N+deb12-<suffix>.
release_glob() {
	case "$series" in
	6.1) echo "6.1.0-*-$(suffix)" ;;
	6.12) echo "6.12.*+deb12-$(suffix)" ;;
	esac
}

# Where a kernel's files are: / for amd64, the unpacked cache for arm64,
# the build root for its series.
root_of() {
	if [ -n "$inroot" ]; then echo "$BUILDROOT"
	elif [ "$arch" = arm64 ]; then echo "$ARM64_CACHE"
	else echo ""; fi
}

# A release matches the kernel only if nothing but digits (and, for 6.12,
# the Debian revision) sits where the glob has its '*': 6.1.0-*-amd64 must
# not take 6.1.0-56-rt-amd64 or 6.1.0-56-cloud-amd64.
release_ok() {
	local r=$1 mid
	case "$series" in
	6.1) mid=${r#6.1.0-}; mid=${mid%-"$(suffix)"} ;;
	6.12) mid=${r#6.12.}; mid=${mid%+deb12-"$(suffix)"} ;;
	esac
	[[ "$mid" =~ ^[0-9]+$ ]]
}

release() {
	local root img r best=
	split "$1"
	root=$(root_of)
	if [ -n "$inroot" ]; then
		r=$(version_of "$series")-$(suffix)
		[ -e "$root/usr/src/linux-headers-$r/Makefile" ] || return 1
		# A built-only series has no image.
		if [ "$(role_of "$series")" = boot ]; then
			[ -e "$root/boot/vmlinuz-$r" ] || return 1
		fi
		echo "$r"
		return 0
	fi
	for img in "$root"/usr/src/linux-headers-$(release_glob)/Makefile; do
		[ -e "$img" ] || continue
		r=${img%/Makefile}
		r=${r##*/linux-headers-}
		release_ok "$r" || continue
		[ -e "$(image_root "$r")/boot/vmlinuz-$r" ] || continue
		best=$(printf '%s\n%s\n' "$best" "$r" | sed '/^$/d' | sort -V | tail -n 1)
	done
	[ -n "$best" ] || return 1
	echo "$best"
}

# headers_release KERNEL: Debian 12's amd64 kernels: the newest release
# whose headers are installed, image or not (fetch unpacks the image).
headers_release() {
	local mk r best=
	for mk in /usr/src/linux-headers-$(release_glob)/Makefile; do
		[ -e "$mk" ] || continue
		r=${mk%/Makefile}
		r=${r##*/linux-headers-}
		release_ok "$r" || continue
		best=$(printf '%s\n%s\n' "$best" "$r" | sed '/^$/d' | sort -V | tail -n 1)
	done
	[ -n "$best" ] && echo "$best"
}

# image_root RELEASE: where the image and modules of a release are (after
# split): the kernel's root, but for Debian 12's amd64 kernels this
# machine's / when the image is installed there, else their cache.
image_root() {
	local r
	r=$(root_of)
	if [ -z "$r" ] && [ "$arch" = x86_64 ] && [ ! -e "/boot/vmlinuz-$1" ]; then
		r=$X86_CACHE
	fi
	echo "$r"
}

# Debian 12's amd64 kernels: their headers are installed as packages
# (DKMS and kbuild need them there), their images only unpacked into
# $X86_CACHE: installing an image would build an initramfs this machine
# never boots (two minutes each) and add it to the boot loader.
fetch_x86() {
	local r tmp p
	r=$(headers_release) ||
		die "fetch: no headers of $1 installed: apt-get install $(headers "$1")"
	[ -e "$(image_root "$r")/boot/vmlinuz-$r" ] &&
		[ -s "$(image_root "$r")/lib/modules/$r/modules.dep" ] && return 0
	mkdir -p "$X86_CACHE"
	tmp=$(mktemp -d)
	chown _apt: "$tmp" 2>/dev/null || true	# apt-get download runs as _apt
	(
		cd "$tmp"
		apt-get download -q "linux-image-$r-unsigned" >/dev/null 2>&1 ||
			apt-get download -q "linux-image-$r" >/dev/null ||
			die "fetch: apt-get download linux-image-$r failed"
		for p in ./*.deb; do dpkg -x "$p" "$X86_CACHE"; done
	)
	rm -rf "$tmp"
	[ -e "$X86_CACHE/boot/vmlinuz-$r" ] || die "fetch: $1: no vmlinuz-$r after unpacking"
	depmod -b "$X86_CACHE" -F "$X86_CACHE/boot/System.map-$r" "$r"
}

# headers KERNEL: the packages of its headers.
headers() {
	packages "$1" | tr ' ' '\n' | grep '^linux-headers-'
}

# Newest 6.12 version that Debian's archive has as both image and headers.
newest_612_version() {
	local sfx=$1 da=$2
	apt-cache search --names-only "^linux-headers-6\\.12\\.[0-9]+\\+deb12-$sfx\$" 2>/dev/null |
		sed -n "s/^linux-headers-\\(6\\.12\\.[0-9]*+deb12\\)-$sfx .*/\\1/p" |
		sort -V | while read -r v; do
			apt-cache show "linux-image-$v-$sfx-unsigned:$da" >/dev/null 2>&1 && echo "$v"
		done | tail -n 1
}

# Newest 6.1 ABI (6.1.0-N) with image and headers for a suffix.
newest_61_abi() {
	local sfx=$1
	apt-cache search --names-only "^linux-headers-6\\.1\\.0-[0-9]+-$sfx\$" 2>/dev/null |
		sed -n "s/^linux-headers-\\(6\\.1\\.0-[0-9]*\\)-$sfx .*/\\1/p" | sort -V | tail -n 1
}

packages() {
	local v sfx
	split "$1"
	sfx=$(suffix)
	if [ -n "$inroot" ]; then
		v=$(version_of "$series")
		echo "linux-headers-$v-$sfx linux-binary-$v-$sfx linux-modules-$v-$sfx linux-base-$v-$sfx"
		return 0
	fi
	case "$arch:$series" in
	x86_64:6.1)
		if [ "$flavour" = rt ]; then
			echo "linux-image-rt-amd64 linux-headers-rt-amd64"
		else
			echo "linux-image-amd64 linux-headers-amd64"
		fi
		;;
	x86_64:6.12 | arm64:6.12)
		v=$(newest_612_version "$sfx" "$(deb_arch)")
		[ -n "$v" ] || {
			echo "kernels.sh: no linux-image-6.12.*+deb12-$sfx-unsigned in the apt lists (run apt-get update)" >&2
			return 1
		}
		echo "linux-image-$v-$sfx-unsigned linux-headers-$v-$sfx"
		;;
	arm64:6.1)
		v=$(newest_61_abi "$sfx")
		[ -n "$v" ] || {
			echo "kernels.sh: no linux-headers-6.1.0-*-arm64 in the apt lists (dpkg --add-architecture arm64; apt-get update)" >&2
			return 1
		}
		echo "linux-image-$v-$sfx-unsigned linux-headers-$v-$sfx"
		;;
	esac
}

# arm64: apt-get download the packages (and the -common headers and
# busybox-static they need) and dpkg -x them into the cache.  The headers'
# scripts link points to linux-kbuild-<series>, which is architecture
# independent in what memfrag uses: the amd64 one of the same version
# (a dependency of the amd64 headers) serves.
fetch() {
	local pkgs p common tmp kb
	split "$1"
	if [ -n "$inroot" ]; then
		fetch_into_root "$1"
		return
	fi
	if [ "$arch" = x86_64 ]; then
		fetch_x86 "$1"
		return
	fi
	release "$1" >/dev/null 2>&1 && [ -x "$(busybox "$1")" ] &&
		[ -e "$(kdir_of "$1")/scripts/Makefile.build" ] && common_of "$1" &&
		depmod_of "$1" && return 0
	dpkg --print-foreign-architectures | grep -qx arm64 || {
		dpkg --add-architecture arm64
		apt_update
	}
	pkgs=$(packages "$1") || {
		apt_update
		pkgs=$(packages "$1")
	}
	# linux-headers-<abi>-arm64 -> linux-headers-<abi>-common (arch: all)
	common=$(echo "$pkgs" | awk '{print $2}' | sed 's/-arm64$/-common/')
	mkdir -p "$ARM64_CACHE"
	tmp=$(mktemp -d)
	chown _apt: "$tmp" 2>/dev/null || true	# apt-get download runs as _apt
	(
		cd "$tmp"
		for p in $pkgs busybox-static; do
			apt-get download -q "$p:arm64" >/dev/null
		done
		apt-get download -q "$common" >/dev/null
		for p in ./*.deb; do dpkg -x "$p" "$ARM64_CACHE"; done
	)
	rm -rf "$tmp"
	# The headers' scripts link: this machine's linux-kbuild of the series.
	for p in "$ARM64_CACHE"/usr/src/linux-headers-*-arm64/scripts; do
		kb=$(readlink "$p" | sed -n 's|.*lib/\(linux-kbuild-[^/]*\)/scripts|\1|p')
		[ -n "$kb" ] || continue
		# Not there when this machine's amd64 kernel is of another version.
		[ -d "/usr/lib/$kb" ] ||
			apt-get install -y -q --no-install-recommends "$kb" >/dev/null ||
			die "fetch: /usr/lib/$kb is missing: apt-get install $kb"
		mkdir -p "$ARM64_CACHE/usr/lib"
		ln -sfn "/usr/lib/$kb" "$ARM64_CACHE/usr/lib/$kb"
	done
	release "$1" >/dev/null || die "fetch: $1 still missing after unpacking"
	common_of "$1"
	depmod_of "$1"
}

# The headers' Makefile includes /usr/src/linux-headers-<abi>-common, an
# absolute path that exists only if this machine's amd64 headers are of
# the same ABI: point it at the cache's copy instead.
common_of() {
	local mk
	mk=$(kdir_of "$1")/Makefile
	sed -i "s|^include /usr/src/|include $ARM64_CACHE/usr/src/|" "$mk"
	[ -e "$(sed -n 's/^include //p' "$mk")" ]
}

# dpkg -x runs no maintainer script: the modules.dep the VM runner needs
# to load the guest's virtio drivers comes from the host's depmod, which
# reads modules of any architecture.
depmod_of() {
	local r
	r=$(release "$1") || return 1
	[ -s "$ARM64_CACHE/lib/modules/$r/modules.dep" ] && return 0
	depmod -b "$ARM64_CACHE" -F "$ARM64_CACHE/boot/System.map-$r" "$r"
}

kdir_of() { echo "$ARM64_CACHE/usr/src/linux-headers-$(release "$1")"; }

# The newest series with amd64 headers in the build root's apt lists
# boots; each other series (not Debian 12's own) is built for.  Debian's
# version is SERIES.PATCH+debN; the newest of each series is taken.
pick() {
	local all new
	"$here/buildroot.sh" setup
	all=$("$here/buildroot.sh" in apt-cache search --names-only '^linux-headers-.*-amd64$' |
		sed -n 's|^linux-headers-\([0-9]*\.[0-9]*\)\.\([0-9]*+deb[0-9]*\)-amd64 .*|\1 \1.\2|p' |
		sort -V | awk '{ v[$1] = $2 } END { for (s in v) print s, v[s] }' | sort -V)
	[ -n "$all" ] || die "pick: no linux-headers-*-amd64 in the build root's apt lists"
	new=$(echo "$all" | tail -n 1 | awk '{ print $1 }')
	mkdir -p "$(dirname "$PICKS")"
	echo "$all" | awk -v n="$new" '$1 != "6.1" && $1 != "6.12" {
		print $1, $2, ($1 == n ? "boot" : "build") }' >"$PICKS.new"
	mv "$PICKS.new" "$PICKS"
	picked
}

picked() {
	[ -s "$PICKS" ] || die "no pick yet (scripts/kernels.sh pick)"
	awk '{ role = $3 == "boot" ? "the newest series with headers: booted" : "another series with headers: built for, not booted"
		printf "kernels.sh: %s %s, %s\n", $1, $2, role }' "$PICKS"
}

build_only() { awk '$3 == "build" { print $1 }' "$PICKS" 2>/dev/null | tr '\n' ' ' | sed 's/ $//'; }

# A build-root kernel: headers installed there (amd64: apt, with their
# compiler; arm64: unpacked, their kbuild is the amd64 one), and for a
# booted series its image, modules and base files unpacked there with
# /boot links, as the VM runner expects, and modules.dep by its depmod.
fetch_into_root() {
	local r pkgs h tmp rel
	if r=$(release "$1" 2>/dev/null); then
		[ "$(role_of "$series")" = build ] && return 0
		[ -s "$BUILDROOT/lib/modules/$r/modules.dep" ] &&
			{ [ "$arch" = x86_64 ] || [ -x "$(busybox "$1")" ]; } && return 0
	fi
	rel=$(version_of "$series")-$(suffix)
	pkgs=$(packages "$1")
	h=${pkgs%% *}
	if [ "$arch" = x86_64 ]; then
		"$here/buildroot.sh" in apt-get install -y -q --no-install-recommends "$h" >/dev/null ||
			die "fetch: apt-get install $h in the build root failed"
	else
		# The amd64 headers of the same version bring -common and kbuild.
		"$here/buildroot.sh" in apt-get install -y -q --no-install-recommends \
			"linux-headers-$(version_of "$series")-amd64" >/dev/null ||
			die "fetch: linux-headers-$(version_of "$series")-amd64 in the build root failed"
	fi
	if [ "$(role_of "$series")" = boot ]; then
		# amd64's headers are installed; arm64's are unpacked too.
		[ "$arch" = x86_64 ] && pkgs=${pkgs#* }
		tmp=/tmp/memfrag-fetch.$$
		mkdir -p "$BUILDROOT$tmp"
		chown _apt: "$BUILDROOT$tmp" 2>/dev/null || true
		for p in $pkgs; do
			[ "$arch" = arm64 ] && p=$p:arm64
			chroot "$BUILDROOT" sh -c "cd $tmp && apt-get download -q $p" >/dev/null 2>&1 ||
				{ rm -rf "${BUILDROOT:?}$tmp"; die "fetch: apt-get download $p in the build root failed"; }
		done
		for p in "$BUILDROOT$tmp"/*.deb; do dpkg -x "$p" "$BUILDROOT"; done
		rm -rf "${BUILDROOT:?}$tmp"
		mkdir -p "$BUILDROOT/boot"
		for p in vmlinuz config System.map; do
			ln -sfn "../usr/lib/modules/$rel/$p" "$BUILDROOT/boot/$p-$rel"
		done
		chroot "$BUILDROOT" depmod "$rel" || die "fetch: depmod $rel failed"
		# The arm64 guest's static busybox, of the build root's release.
		if [ "$arch" = arm64 ] && [ ! -x "$(busybox "$1")" ]; then
			mkdir -p "$BUILDROOT$tmp" "$ARM64_CACHE"
			chown _apt: "$BUILDROOT$tmp" 2>/dev/null || true
			chroot "$BUILDROOT" sh -c "cd $tmp && apt-get download -q busybox-static:arm64" >/dev/null 2>&1 &&
				dpkg -x "$BUILDROOT$tmp"/busybox-static_*.deb "$ARM64_CACHE" ||
				{ rm -rf "${BUILDROOT:?}$tmp"; die "fetch: busybox-static:arm64 failed"; }
			rm -rf "${BUILDROOT:?}$tmp"
		fi
	fi
	release "$1" >/dev/null || die "fetch: $1 still missing after unpacking"
}

busybox() {
	split "$1"
	# Static: one serves every arm64 kernel.
	if [ "$arch" = x86_64 ]; then echo /bin/busybox
	elif [ -x "$ARM64_CACHE/usr/bin/busybox" ]; then echo "$ARM64_CACHE/usr/bin/busybox"
	else echo "$ARM64_CACHE/bin/busybox"; fi
}

id_of() {
	local r=$1 a= s
	case "$r" in
	*-arm64 | *-arm64-16k) a=arm64: ;;
	esac
	case "$r" in
	[0-9]*.[0-9]*.[0-9]*+deb1[3-9]-*)
		s=$(echo "$r" | sed 's/^\([0-9]*\.[0-9]*\)\..*/\1/')
		case "$r" in
		*-rt-*) echo "$a$s-rt" ;;
		*-16k) echo "$a$s-16k" ;;
		*) echo "$a$s" ;;
		esac
		;;
	6.1.0-*-rt-*) echo "${a}6.1-rt" ;;
	6.12.*-rt-*) echo "${a}6.12-rt" ;;
	6.1.0-*) echo "${a}6.1" ;;
	6.12.*) echo "${a}6.12" ;;
	*) die "id: unknown release '$r'" ;;
	esac
}

# i386: memfrag needs a 64-bit kernel, and building it for a 32-bit one
# must fail with memfrag's own message (tools/testing/run-tests.sh).  No i386
# kernel is booted, so only the headers are fetched: Debian's 686 flavour
# of 6.1 (the newest ABI the i386 lists have) and its -common, unpacked
# into $MEMFRAG_I386_CACHE.  The headers' Makefile includes the -common
# one by its absolute /usr/src path: it is pointed into the cache.  The
# scripts link wants linux-kbuild-6.1, which this machine's 6.1 headers
# bring; kbuild's host programs do not depend on the target.
I386_CACHE=${MEMFRAG_I386_CACHE:-/var/cache/memfrag/i386}

i386_kdir() {
	local mk
	mk=$(printf '%s\n' "$I386_CACHE"/usr/src/linux-headers-6.1.0-*-686/Makefile |
		sort -V | tail -n 1)
	[ -e "$mk" ] || return 1
	echo "${mk%/Makefile}"
}

fetch_i386() {
	local abi tmp d kb
	if d=$(i386_kdir) && [ -e "$d/scripts/Makefile.build" ]; then
		echo "$d"
		return 0
	fi
	dpkg --print-foreign-architectures | grep -qx i386 || {
		dpkg --add-architecture i386
		apt_update
	}
	abi=$(newest_61_abi 686)
	[ -n "$abi" ] || {
		apt_update
		abi=$(newest_61_abi 686)
	}
	[ -n "$abi" ] || die "fetch-i386: no linux-headers-6.1.0-*-686 in the apt lists (dpkg --add-architecture i386; apt-get update)"
	mkdir -p "$I386_CACHE"
	tmp=$(mktemp -d)
	chown _apt: "$tmp" 2>/dev/null || true	# apt-get download runs as _apt
	(
		cd "$tmp"
		apt-get download -q "linux-headers-$abi-686:i386" >/dev/null
		apt-get download -q "linux-headers-$abi-common" >/dev/null
		for p in ./*.deb; do dpkg -x "$p" "$I386_CACHE"; done
	)
	rm -rf "$tmp"
	d=$I386_CACHE/usr/src/linux-headers-$abi-686
	[ -e "$d/Makefile" ] || die "fetch-i386: $d/Makefile missing after unpacking"
	sed -i "s|^include /usr/src/|include $I386_CACHE/usr/src/|" "$d/Makefile"
	kb=$(readlink "$d/scripts" | sed -n 's|.*lib/\(linux-kbuild-[^/]*\)/scripts|\1|p')
	[ -n "$kb" ] || die "fetch-i386: $d/scripts is not a linux-kbuild link"
	[ -d "/usr/lib/$kb" ] || die "fetch-i386: /usr/lib/$kb is missing: apt-get install $kb"
	mkdir -p "$I386_CACHE/usr/lib"
	ln -sfn "/usr/lib/$kb" "$I386_CACHE/usr/lib/$kb"
	echo "$d"
}

case "${1:-}" in
list) list ;;
series) echo "6.1 6.12 $(newest)" | sed 's/ $//' ;;
pick) pick ;;
picked) picked ;;
build-only) build_only ;;
buildroot) split "${2:?kernel}"; [ -z "$inroot" ] || echo "$BUILDROOT" ;;
release) release "${2:?kernel}" ;;
releases)
	for k in $(list); do
		split "$k"
		[ -n "${2:-}" ] && [ "$arch" != "$2" ] && continue
		release "$k" || true
	done
	;;
arch) split "${2:?kernel}"; echo "$arch" ;;
flavour) split "${2:?kernel}"; echo "$flavour" ;;
image) split "${2:?kernel}"; r=$(release "$2") && echo "$(image_root "$r")/boot/vmlinuz-$r" ;;
kdir) split "${2:?kernel}"; r=$(release "$2") && echo "$(root_of)/usr/src/linux-headers-$r" ;;
packages) packages "${2:?kernel}" ;;
fetch) fetch "${2:?kernel}" ;;
busybox) busybox "${2:?kernel}" ;;
root)
	split "${2:?kernel}"
	r=$(root_of)
	[ -n "$r" ] || ! rel=$(release "$2") || r=$(image_root "$rel")
	echo "${r:-/}"
	;;
headers) headers "${2:?kernel}" ;;
id) id_of "${2:?release}" ;;
fetch-i386) fetch_i386 ;;
kdir-i386) i386_kdir || die "no i386 headers in $I386_CACHE (kernels.sh fetch-i386)" ;;
*) sed -n '4,44s/^# \{0,1\}//p' "$0" >&2; exit 2 ;;
esac

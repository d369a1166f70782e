#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Installs, with apt-get, everything memfrag's build, checks and QEMU tests
# need on Debian 12: every kernel of the matrix (scripts/kernels.sh list:
# Debian 12's generic and PREEMPT_RT amd64 kernels, their headers
# installed as packages and their images unpacked into a cache; its arm64
# ones downloaded and unpacked into a cache, with the cross compiler and
# qemu-system-aarch64 to build for and boot them; the newest series Debian
# ships, and the ones only built for, in a Debian 13 build root made by
# scripts/buildroot.sh), the kernel source package that carries the
# kselftest framework and checkpatch, QEMU, and the tools the guests
# borrow through the 9p root share.  Idempotent: it runs apt-get only
# when something is missing.  "install-deps.sh early" stops after what
# the debug kernel's build needs (see below); "install-deps.sh all" adds
# the benchmark's tools (make deps).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)

BASE_PACKAGES="build-essential make gcc libc6-dev bc bison flex kmod cpio
xz-utils zstd gzip libelf-dev libssl-dev dwarves sparse dkms
linux-source-6.12 debootstrap qemu-system-x86 busybox-static jq
python3-jsonschema tmux librsvg2-bin libxml2-utils chromium
gcc-aarch64-linux-gnu libc6-dev-arm64-cross qemu-system-arm"
# "install-deps.sh all" (make deps) adds what the benchmark compares
# memfrag with and what --hostroot guests borrow; no test needs them.
BENCH_PACKAGES="bpftrace linux-perf trace-cmd stress-ng"

if [ "$(id -u)" != 0 ]; then
	echo "install-deps: run as root (apt-get needs it)" >&2
	exit 1
fi

missing() {
	local p
	for p in "$@"; do
		dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null |
			grep -q '^install ok installed$' || echo "$p"
	done
}

export DEBIAN_FRONTEND=noninteractive
# shellcheck source=scripts/lib.sh
. "$here/lib.sh"
tag=install-deps
updated=
apt_update_once() {
	[ -n "$updated" ] && return 0
	apt_update_tolerant apt-get update -q
	updated=1
}

# "install-deps.sh early": only what the debug kernel's build needs (its
# compiler and tools, the build root, which holds its source, and the
# pick of the series), so that tools/testing/run-tests.sh can start that long
# build while the rest installs.  The build root's apt is its own.
EARLY_PACKAGES="build-essential bc bison flex libelf-dev libssl-dev dwarves
cpio kmod openssl debootstrap"
# shellcheck disable=SC2086
need=$(echo $(missing $EARLY_PACKAGES))
if [ -n "$need" ]; then
	apt_update_once
	echo "install-deps: [${SECONDS} s] apt-get install $need"
	# shellcheck disable=SC2086
	apt-get install -y -q --no-install-recommends $need >/dev/null
fi
# The build root, and the kernels it picks from Debian's lists: it says
# which.
"$here/buildroot.sh" setup
"$here/kernels.sh" pick | sed 's/^kernels.sh/install-deps/'
# The debug kernels' source: the newest series' (scripts/debug-kernel.sh),
# installed now so that its build uses the build root's apt while nothing
# else does.
src=linux-source-$("$here/kernels.sh" series | awk '{ print $NF }')
"$here/buildroot.sh" in dpkg-query -W -f='${Status}\n' "$src" 2>/dev/null |
	grep -q '^install ok installed$' ||
	"$here/buildroot.sh" in apt-get install -y -q --no-install-recommends "$src" >/dev/null ||
	{ echo "install-deps: [${SECONDS} s] apt-get install $src in the build root failed" >&2; exit 1; }
[ "${1:-}" = early ] && exit 0

# shellcheck disable=SC2086
need=$(missing $BASE_PACKAGES)
# shellcheck disable=SC2086
[ "${1:-}" != all ] || need="$need $(missing $BENCH_PACKAGES)"
# Debian 12's amd64 kernels: their headers (kernels.sh fetch unpacks the
# images below).
for k in $("$here/kernels.sh" list); do
	[ "$("$here/kernels.sh" arch "$k")" = x86_64 ] || continue
	[ -z "$("$here/kernels.sh" buildroot "$k")" ] || continue
	"$here/kernels.sh" release "$k" >/dev/null 2>&1 && continue
	apt_update_once
	# shellcheck disable=SC2046
	need="$need $(missing $("$here/kernels.sh" headers "$k"))"
done

need=$(echo $need)
if [ -n "$need" ]; then
	apt_update_once
	echo "install-deps: [${SECONDS} s] apt-get install $need"
	# shellcheck disable=SC2086
	apt-get install -y -q --no-install-recommends $need >/dev/null
fi

# memfrag prometheus's end-to-end test runs Prometheus and node_exporter
# itself, on loopback ports of its own; the Debian packages (debian/) are
# built with debhelper and dh-dkms and checked with lintian, upgraded in
# a container with systemd-nspawn (systemd-container), and their tests
# run by autopkgtest (autodep8 makes the DKMS test, whose Depends
# linux-doc is installed here rather than in that step).  Installing
# prometheus and prometheus-node-exporter must not start their services
# (on 9090 and 9100): a policy-rc.d that refuses every start is in place
# while they install, and their units are disabled after.
PROM_PACKAGES="prometheus prometheus-node-exporter curl debhelper dh-dkms
lintian dpkg-dev fakeroot systemd-container autopkgtest autodep8 linux-doc"
# shellcheck disable=SC2086
need=$(echo $(missing $PROM_PACKAGES))
if [ -n "$need" ]; then
	apt_update_once
	echo "install-deps: [${SECONDS} s] apt-get install $need (services not started)"
	policy=
	if [ ! -e /usr/sbin/policy-rc.d ]; then
		printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
		chmod 755 /usr/sbin/policy-rc.d
		policy=1
	fi
	rc=0
	# shellcheck disable=SC2086
	apt-get install -y -q --no-install-recommends $need >/dev/null || rc=$?
	[ -z "$policy" ] || rm -f /usr/sbin/policy-rc.d
	[ "$rc" = 0 ] || exit "$rc"
	systemctl disable --now prometheus prometheus-node-exporter \
		>/dev/null 2>&1 || true
fi
for k in $("$here/kernels.sh" build-only); do
	"$here/kernels.sh" fetch "$k" >/dev/null ||
		{ echo "install-deps: scripts/kernels.sh fetch $k failed" >&2; exit 1; }
	echo "install-deps: [${SECONDS} s] kernel $k (built for, not booted): $("$here/kernels.sh" release "$k")"
done
for k in $("$here/kernels.sh" list); do
	if ! out=$("$here/kernels.sh" fetch "$k" 2>&1); then
		printf '%s\n' "$out" >&2
		echo "install-deps: scripts/kernels.sh fetch $k failed" >&2
		exit 1
	fi
	printf '%s\n' "$out" | grep -v -e '^W: Download is performed unsandboxed' -e '^$' || true
	if ! r=$("$here/kernels.sh" release "$k"); then
		echo "install-deps: [${SECONDS} s] kernel $k still missing after install" >&2
		exit 1
	fi
	echo "install-deps: [${SECONDS} s] kernel $k: $r"
done
# The 32-bit build test's headers (i386 686, never booted; gcc builds
# them with -m32, no multilib needed: a module links no libc).
if ! d=$("$here/kernels.sh" fetch-i386 2> >(grep -v '^W: Download is performed unsandboxed' >&2)); then
	echo "install-deps: i386 headers still missing" >&2
	exit 1
fi
echo "install-deps: [${SECONDS} s] i386 headers: $d"

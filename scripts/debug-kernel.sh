#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# debug-kernel.sh - build and cache the debug kernels memfrag is tested
# on: the newest kernel source Debian ships (linux-source-<series> of the
# series scripts/kernels.sh picked, 7.3 today, from the build root's
# trixie-backports) with a lean config: KASAN + lockdep + kmemleak +
# DEBUG_PREEMPT + fault injection, KCSAN, or the irqsoff tracer.
#
#   debug-kernel.sh build VARIANT   build it unless cached; print its dir
#   debug-kernel.sh path VARIANT    print the cached dir (exit 1 if not built)
#   debug-kernel.sh key VARIANT     print the cache key (no build)
#   debug-kernel.sh module VARIANT [OUTDIR]
#                                   build (or reuse) the kernel, build memfrag.ko
#                                   against it in OUTDIR (default
#                                   build/debug-VARIANT), print the .ko's path
#
# VARIANT is kasan, kcsan or irqsoff (for the benchmark: the irqsoff
# latency tracer, nothing else instrumented).  The printed dir is a
# complete built kernel
# tree: use it as KDIR (scripts/kbuild.sh memfrag DIR OUT, or
# make -C DIR M=... modules) and boot it with
# tools/testing/vm/memfrag-vm --kernel-dir DIR.  It holds vmlinux,
# arch/x86/boot/bzImage, .config, Module.symvers, the module signing key in
# certs/, and memfrag-debug-kernel.info (what was built, and how long it
# took).
#
# Cache: $MEMFRAG_DEBUG_KERNEL_CACHE (default /var/cache/memfrag/debug-kernels),
# outside the clone, so every clone and every later run on this machine
# reuses a build.  One dir per key = VARIANT + linux-source-<series>'s package
# version + sha256 of the config recipe (the base steps and the settings in
# the fragments, not their comments), so a new source package or a changed
# setting builds anew and never reuses a stale tree.  A build runs in a
# temporary dir and is renamed into place only when it finished; an
# interrupted build is never taken for a done one (its leftovers are
# removed by the next build of the same key).
#
# Environment: JOBS (make -j, default 2: the machine is shared),
# MEMFRAG_DEBUG_KERNEL_CACHE.
# Exit status: 0 ok, 1 not built (path) or build failed, 2 usage error.
set -euo pipefail

PROG=debug-kernel
SCRIPT_DIR=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)
FRAG_DIR=$SCRIPT_DIR/debug-kernel
CACHE=${MEMFRAG_DEBUG_KERNEL_CACHE:-/var/cache/memfrag/debug-kernels}
# The source comes from the build root (scripts/buildroot.sh), where
# trixie-backports is; it is built here, by this machine's compiler, which
# also builds memfrag.ko for it.
BUILDROOT=$("$SCRIPT_DIR/buildroot.sh" path)
SERIES=$(awk '$3 == "boot" { print $1 }' "$BUILDROOT/var/lib/memfrag-kernels" 2>/dev/null || true)
SRC_PKG=linux-source-${SERIES:-unknown}
SRC_TAR=$BUILDROOT/usr/src/$SRC_PKG.tar.xz
JOBS=${JOBS:-2}
# The steps before the fragments are merged.  Part of the cache key, so a
# change here rebuilds.  tinyconfig (not x86_64_defconfig): the fragments
# add back only what a qemu guest running memfrag's tests needs, so no
# time goes into instrumenting drivers nobody boots (about 7 min for kasan,
# 8.5 min for kcsan with -j2 on an idle 2-core machine).
RECIPE='make tinyconfig; merge_config.sh -m .config kernel/configs/kvm_guest.config common.config VARIANT.config; make olddefconfig; make all'
BUILD_DEPS=(build-essential bc bison flex libelf-dev libssl-dev dwarves cpio kmod openssl)
INFO=memfrag-debug-kernel.info

# shellcheck source=scripts/lib.sh
. "$SCRIPT_DIR/lib.sh"
tag=$PROG
usage() {
	sed -n '10,16s/^# \{0,1\}//p' "$0" >&2
	exit 2
}

variant_check() {
	case ${1:-} in
	kasan | kcsan | irqsoff) ;;
	*) msg "unknown VARIANT '${1:-}' (kasan, kcsan or irqsoff)"; usage ;;
	esac
}

src_version() {
	"$SCRIPT_DIR/buildroot.sh" in dpkg-query -W -f='${Status} ${Version}\n' "$SRC_PKG" 2>/dev/null |
		awk '$3 == "installed" { print $4 }'
}

# key VARIANT [VERSION]: the cache dir's name.  "~" (Debian versions have
# it) is not something to put in a make path.
key() {
	local v=$1 ver=${2:-} sum f
	[[ -n $ver ]] || ver=$(src_version)
	[[ -n $ver ]] || return 1
	for f in "$FRAG_DIR/common.config" "$FRAG_DIR/$v.config"; do
		[[ -f $f ]] || fail "config fragment $f is missing"
	done
	# Only the settings count: a comment edited in a fragment does not
	# throw away a build.
	sum=$( {
		printf '%s\n' "$RECIPE"
		grep -hE '^(CONFIG_|# CONFIG_[A-Za-z0-9_]+ is not set)' \
			"$FRAG_DIR/common.config" "$FRAG_DIR/$v.config"
	} | sha256sum | cut -c1-16)
	printf '%s-%s-%s\n' "$v" "${ver//\~/_}" "$sum"
}

# A cache dir counts as built only if the build finished (it was renamed
# into place after the info file was written) and the kernel is there.
built_dir() {
	local d
	d=$CACHE/$(key "$1") || return 1
	[[ -f $d/$INFO && -f $d/vmlinux && -f $d/arch/x86/boot/bzImage && -f $d/Module.symvers ]] || return 1
	printf '%s\n' "$d"
}

ensure_deps() {
	local missing=() p
	for p in "${BUILD_DEPS[@]}"; do
		dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q ' installed$' || missing+=("$p")
	done
	[[ -n $SERIES ]] || fail "no kernel series picked (scripts/kernels.sh pick)"
	if [[ -z $(src_version) ]]; then
		msg "installing $SRC_PKG in the build root"
		"$SCRIPT_DIR/buildroot.sh" in apt-get install -y -q --no-install-recommends "$SRC_PKG" >&2 ||
			fail "cannot install $SRC_PKG in the build root"
	fi
	[[ ${#missing[@]} -gt 0 ]] || return 0
	msg "installing ${missing[*]}"
	export DEBIAN_FRONTEND=noninteractive
	# The package lists may be stale or empty on a fresh machine: update
	# only when the first try fails.  An index failing to download (a
	# mirror in sync) keeps the lists apt had: the install after decides.
	if ! apt-get install -y --no-install-recommends "${missing[@]}" >&2; then
		apt_update_tolerant apt-get update
		apt-get install -y --no-install-recommends "${missing[@]}" >&2 ||
			fail "cannot install ${missing[*]}"
	fi
}

# verify FRAGMENT...: every option the fragments ask for is in .config as
# asked (the last fragment wins, as in merge_config.sh).  olddefconfig
# drops an option whose dependencies are unmet without a word; a debug
# kernel quietly missing KASAN would pass every test, so fail instead.
verify_config() {
	local bad
	bad=$(awk '
		FNR == NR {
			if (match($0, /^CONFIG_[A-Za-z0-9_]+=/)) {
				have[substr($0, 1, RLENGTH - 1)] = substr($0, RLENGTH + 1)
			}
			next
		}
		/^CONFIG_[A-Za-z0-9_]+=/ {
			i = index($0, "="); want[substr($0, 1, i - 1)] = substr($0, i + 1); next
		}
		/^# CONFIG_[A-Za-z0-9_]+ is not set/ { want[$2] = "n" }
		END {
			for (o in want) {
				w = want[o]
				if (w == "n" || w == "\"\"") {
					if ((o in have) && have[o] != "n" && have[o] != "\"\"")
						print o ": want " (w == "n" ? "not set" : "empty") ", got " have[o]
				} else if (!(o in have)) {
					print o ": want " w ", not in .config (unmet dependency?)"
				} else if (have[o] != w) {
					print o ": want " w ", got " have[o]
				}
			}
		}' .config "$@" | sort)
	if [[ -n $bad ]]; then
		msg "the config lacks options the fragments ask for:"
		printf '  %s\n' "$bad" >&2
		return 1
	fi
}

fmt_secs() { printf '%dm%02ds' $(($1 / 60)) $(($1 % 60)); }

build() {
	local v=$1 ver k dst tmp log start secs rel d
	ver=$(src_version)
	if [[ -z $ver || ! -f $SRC_TAR ]]; then
		ensure_deps
		ver=$(src_version)
	fi
	[[ -n $ver && -f $SRC_TAR ]] || fail "$SRC_PKG is not installed ($SRC_TAR missing)"
	k=$(key "$v" "$ver")
	dst=$CACHE/$k
	if ! mkdir -p "$CACHE" 2>/dev/null || [[ ! -w $CACHE ]]; then
		fail "cannot write $CACHE (run as root, or set MEMFRAG_DEBUG_KERNEL_CACHE)"
	fi

	# One builder per key at a time; a second one waits and then finds
	# the first one's result.
	exec 9>"$CACHE/.$k.lock"
	if ! flock -n 9; then
		msg "another build of $k is running; waiting for it"
		flock 9
	fi
	if d=$(built_dir "$v"); then
		msg "cached: $d ($(sed -n 's/^build_time=//p' "$d/$INFO"))"
		printf '%s\n' "$d"
		return 0
	fi
	ensure_deps
	# Whatever is left of an earlier, interrupted build of this key
	# (we hold the lock, so nobody is using it), or a half-made dst.
	rm -rf "$CACHE/.build-$k".* "$dst"

	tmp=$(mktemp -d "$CACHE/.build-$k.XXXXXX")
	# mktemp's 0700 would keep other users from building against it.
	chmod 0755 "$tmp"
	log=$tmp/memfrag-build.log
	msg "building $k in $tmp (make -j$JOBS; log: $log)"
	start=$(date +%s)
	(
		set -e
		cd "$tmp"
		tar -xJf "$SRC_TAR" --strip-components=1
		make tinyconfig
		scripts/kconfig/merge_config.sh -m .config kernel/configs/kvm_guest.config \
			"$FRAG_DIR/common.config" "$FRAG_DIR/$v.config"
		make olddefconfig
	) >"$log" 2>&1 || {
		tail -n 30 "$log" >&2
		fail "configuring $k failed (log: $log)"
	}
	(cd "$tmp" && verify_config "$FRAG_DIR/common.config" "$FRAG_DIR/$v.config") ||
		fail "the $v config is not what the fragments ask for ($tmp/.config); fix scripts/debug-kernel/*.config"
	# "all" = vmlinux, bzImage, modules (none: everything is built in) and
	# modules_prepare, and modpost writes Module.symvers: all that an
	# out-of-tree module build against this tree needs.
	if ! (cd "$tmp" && make -j"$JOBS" all) >>"$log" 2>&1; then
		tail -n 40 "$log" >&2
		fail "building $k failed (log: $log)"
	fi
	secs=$(($(date +%s) - start))
	rel=$(make -s -C "$tmp" kernelrelease 2>/dev/null)
	{
		echo "variant=$v"
		echo "key=$k"
		echo "source=$SRC_PKG $ver"
		echo "kernelrelease=$rel"
		echo "jobs=$JOBS"
		echo "build_seconds=$secs"
		echo "build_time=built in $(fmt_secs "$secs") with make -j$JOBS on $(nproc) CPUs, $(date -u '+%Y-%m-%d %H:%M UTC')"
	} >"$tmp/$INFO"
	mv -T "$tmp" "$dst"
	msg "built $rel in $(fmt_secs "$secs") (${secs} s wall, unpack + config + make -j$JOBS)"
	printf '%s\n' "$dst"
}

cmd=${1:-}
variant=${2:-}
[[ $# -eq 2 || ($# -eq 3 && $cmd == module) ]] || usage
variant_check "$variant"
case $cmd in
build) build "$variant" ;;
module)
	# memfrag.ko for the debug kernel, signed with its key (scripts/kbuild.sh).
	d=$(build "$variant")
	out=${3:-$SCRIPT_DIR/../build/debug-$variant}
	"$SCRIPT_DIR/kbuild.sh" memfrag "$d" "$out" >&2
	printf '%s\n' "$(cd "$out" && pwd)/memfrag.ko"
	;;
path)
	if d=$(built_dir "$variant"); then
		printf '%s\n' "$d"
	else
		msg "$variant is not built (scripts/debug-kernel.sh build $variant)"
		exit 1
	fi
	;;
key) key "$variant" || fail "$SRC_PKG is not installed" ;;
*) usage ;;
esac

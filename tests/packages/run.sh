#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# run.sh: memfrag's Debian packages, the way a lab machine gets them.
#
#  1. builds memfrag-dkms and memfrag from a copy of the tree with
#     `dpkg-buildpackage -us -uc -b`, and runs lintian on them, Debian
#     12's and Debian 13's (in scripts/buildroot.sh's build root), at
#     --pedantic: no tag (debian/*.lintian-overrides would say why);
#  2. installs both with `apt-get install ./memfrag-dkms_*.deb
#     ./memfrag_*.deb`, as the README says; DKMS must then have built and
#     installed memfrag.ko for every x86_64 kernel of this machine that has
#     headers (scripts/kernels.sh releases), each for its own kernel
#     (vermagic); the tool, its man page and the units are there, the
#     units disabled;
#  3. copies each module DKMS built to DKMS_OUT/<release>/memfrag.ko
#     (default build/dkms), where tools/testing/run-tests.sh boots a guest of that
#     kernel with it and runs the module selftest;
#     the packages are left in PKG_OUT (default build/packages), the
#     release that tests/packages/upgrade-test.sh --release upgrades from;
#  4. purges both packages and checks nothing is left: no package state,
#     no module under /lib/modules, nothing in /usr/src or /var/lib/dkms,
#     no tool, unit, state or enablement link.
# Needs root (apt-get, dkms).  Refuses to run where memfrag is installed
# already (it would remove the administrator's install).
set -uo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
DKMS_OUT=${DKMS_OUT:-$top/build/dkms}
PKG_OUT=${PKG_OUT:-$top/build/packages}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/memfrag-packages.XXXXXX")
installed=
failed=0

say() { printf 'packages: %s\n' "$*"; }
fail() { say "FAIL: $*"; failed=$((failed + 1)); }
die() { say "FAIL: $*"; exit 1; }
cleanup() {
	if [ -n "$installed" ]; then
		DEBIAN_FRONTEND=noninteractive apt-get purge -y -q memfrag memfrag-dkms \
			>/dev/null 2>&1
	fi
	rm -rf "$tmp"
}
trap cleanup EXIT

[ "$(id -u)" = 0 ] || die "run as root (apt-get and dkms need it)"
for c in dpkg-buildpackage dh dh_dkms lintian dkms apt-get modinfo; do
	command -v "$c" >/dev/null ||
		die "$c is missing: scripts/install-deps.sh installs debhelper, dh-dkms, lintian, dkms"
done

# The version, set once in include/memfrag/memfrag.h; debian/rules stops
# the build when debian/changelog says another (tests/packages/version-test.sh).
ver=$(dpkg-parsechangelog -l "$top/debian/changelog" -S Version)
hdr=$(sed -n 's/^#define MEMFRAG_VERSION[[:space:]]*"\(.*\)"$/\1/p' \
	"$top/include/memfrag/memfrag.h")
[ -n "$ver" ] && [ "$ver" = "$hdr" ] ||
	die "versions differ: include/memfrag/memfrag.h '$hdr', debian/changelog '$ver'"
say "version $ver"

for p in memfrag memfrag-dkms; do
	if dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -qv '^unknown'; then
		die "$p is already on this machine ($(dpkg-query -W -f='${Status}' "$p")): purge it first"
	fi
done
[ ! -e "/usr/src/memfrag-$ver" ] && [ ! -e /var/lib/dkms/memfrag ] ||
	die "/usr/src/memfrag-$ver or /var/lib/dkms/memfrag exists: not from the packages, remove it first"

# The modules of an earlier run must not stand in for this one's.
rm -rf "$DKMS_OUT"

# The kernels DKMS must build for: every x86_64 one with headers.
releases=()
for r in $("$top/scripts/kernels.sh" releases x86_64); do
	[ -e "/lib/modules/$r/build/Makefile" ] && releases+=("$r")
done
[ ${#releases[@]} -gt 0 ] || die "no kernel with headers (scripts/install-deps.sh)"
say "kernels with headers: ${releases[*]}"

# 1. Build from a copy: dpkg-buildpackage writes beside the tree and cleans
# tools/memfrag.
t0=$(date +%s)
mkdir "$tmp/src"
(cd "$top" && git ls-files -co --exclude-standard -z) |
	(cd "$top" && tar --null -T - --ignore-failed-read -cf - 2>/dev/null) |
	tar -xf - -C "$tmp/src" || die "cannot copy the tree"
(cd "$tmp/src" && dpkg-buildpackage -us -uc -b) >"$tmp/build.log" 2>&1 || {
	tail -n 30 "$tmp/build.log"
	die "dpkg-buildpackage -us -uc -b failed"
}
debs=("$tmp"/memfrag-dkms_"$ver"_all.deb "$tmp"/memfrag_"$ver"_*.deb)
for d in "${debs[@]}"; do [ -e "$d" ] || die "no $(basename "$d") built"; done
say "built $(cd "$tmp" && echo *.deb) in $(($(date +%s) - t0)) s"
# For tests/packages/upgrade-test.sh --release, which upgrades from them.
rm -rf "$PKG_OUT" && mkdir -p "$PKG_OUT" && cp "${debs[@]}" "$PKG_OUT/"

# lintian_clean NAME CMD...: CMD (a lintian at --pedantic on the packages)
# must exit 0 and print no tag.
lintian_clean() {
	local name=$1 rc
	shift
	"$@" >"$tmp/lintian" 2>&1
	rc=$?
	grep -v '^running with root privileges is not recommended!$' "$tmp/lintian" >"$tmp/lintian.tags"
	if [ $rc -ne 0 ] || [ -s "$tmp/lintian.tags" ]; then
		cat "$tmp/lintian.tags"
		fail "$name: exit $rc"
	else
		say "$name (pedantic): no tag"
	fi
}
changes=$(echo "$tmp"/memfrag_"$ver"_*.changes)
lintian_clean "Debian 12's lintian" lintian --pedantic --fail-on error,warning,pedantic "$changes"

# Debian 13's lintian too, in the build root (scripts/buildroot.sh), where
# it is installed on first use.
broot=$("$top/scripts/buildroot.sh" path)
if [ -x "$broot/usr/bin/apt-get" ]; then
	if [ ! -x "$broot/usr/bin/lintian" ]; then
		"$top/scripts/buildroot.sh" in apt-get install -y -q --no-install-recommends \
			lintian >"$tmp/trixie-lintian-install.log" 2>&1 ||
			fail "cannot install lintian in $broot"
	fi
	lintian_clean "Debian 13's lintian" "$top/scripts/buildroot.sh" run "$tmp" -- \
		lintian --pedantic --display-info --fail-on error,warning,info,pedantic "$changes"
else
	say "SKIP: Debian 13's lintian: no build root in $broot (scripts/buildroot.sh setup)"
fi

# 2. Install, as the README says.
t0=$(date +%s)
installed=1
(cd "$tmp" && DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
	./memfrag-dkms_"$ver"_all.deb ./"$(basename "${debs[1]}")") >"$tmp/install.log" 2>&1 || {
	tail -n 40 "$tmp/install.log"
	tail -n 20 /var/lib/dkms/memfrag/"$ver"/build/make.log 2>/dev/null
	die "apt-get install of the packages failed"
}
say "installed in $(($(date +%s) - t0)) s (DKMS builds included)"
grep -E '^(Building for|Building initial module|Done)' "$tmp/install.log" | sed 's/^/packages: dkms: /'

for r in "${releases[@]}"; do
	st=$(dkms status -m memfrag -v "$ver" -k "$r" 2>/dev/null)
	case $st in
	*": installed"*) ;;
	*) fail "DKMS did not install memfrag for $r (dkms status: '${st:-nothing}')"; continue ;;
	esac
	ko=$(find "/lib/modules/$r/updates/dkms" -name 'memfrag.ko*' 2>/dev/null | head -n 1)
	if [ -z "$ko" ]; then
		fail "no memfrag.ko in /lib/modules/$r/updates/dkms"
		continue
	fi
	magic=$(modinfo -F vermagic "$ko")
	if [ "${magic%% *}" != "$r" ]; then
		fail "$ko is for '${magic%% *}', wanted $r"
		continue
	fi
	if [ "$(modinfo -F version "$ko")" != "$ver" ]; then
		fail "$ko says version '$(modinfo -F version "$ko")', the package $ver"
	fi
	if ! modinfo -k "$r" -n memfrag 2>/dev/null | grep -q "^$ko$"; then
		fail "depmod for $r does not find $ko (modinfo -k $r memfrag)"
	fi
	mkdir -p "$DKMS_OUT/$r"
	case $ko in
	*.xz) xz -dc "$ko" >"$DKMS_OUT/$r/memfrag.ko" ;;
	*.zst) zstd -qdc "$ko" >"$DKMS_OUT/$r/memfrag.ko" ;;
	*.gz) gzip -dc "$ko" >"$DKMS_OUT/$r/memfrag.ko" ;;
	*) cp "$ko" "$DKMS_OUT/$r/memfrag.ko" ;;
	esac
	say "DKMS built and installed $ko for $r (vermagic $r); copied for its guest"
done

# A kernel memfrag cannot build for is skipped, not failed (dkms.conf's
# BUILD_EXCLUSIVE_*): one too old, one without debugfs.  Each is a fake
# headers tree that would fail any build; dkms must refuse it first, say
# so, and exit 77, which the package's postinst (dkms install for each
# kernel) takes as a skip.  Debian 12's dkms "autoinstall" still exits
# 11 for such a kernel: it is not what the postinst runs.
fake_kernel() {
	local r=$1 cfg=$2
	mkdir -p "/lib/modules/$r/build"
	printf 'all:\n\tfalse\nmodules:\n\tfalse\n' >"/lib/modules/$r/build/Makefile"
	printf '%s\n' $cfg >"/lib/modules/$r/build/.config"
}
for fk in "5.10.0-99-memfrag-test:CONFIG_64BIT=y CONFIG_COMPACTION=y CONFIG_TRACEPOINTS=y CONFIG_DEBUG_FS=y CONFIG_STACKTRACE=y CONFIG_KALLSYMS=y" \
	"7.99.0-memfrag-test:CONFIG_64BIT=y CONFIG_COMPACTION=y CONFIG_TRACEPOINTS=y CONFIG_STACKTRACE=y CONFIG_KALLSYMS=y"; do
	r=${fk%%:*}
	fake_kernel "$r" "${fk#*:}"
	dkms build -m memfrag -v "$ver" -k "$r" >"$tmp/exclusive.log" 2>&1
	rc=$?
	dkms install -m memfrag -v "$ver" -k "$r" >"$tmp/install-excl.log" 2>&1
	irc=$?
	if [ "$rc" = 77 ] && grep -q BUILD_EXCLUSIVE "$tmp/exclusive.log" && [ "$irc" = 77 ] &&
		! find "/lib/modules/$r" -name 'memfrag.ko*' | grep -q .; then
		say "DKMS skips $r (build and install exit 77: BUILD_EXCLUSIVE)"
	else
		cat "$tmp/exclusive.log" "$tmp/install-excl.log"
		fail "DKMS on $r: build exit $rc, install exit $irc (want 77 and 77, skipped)"
	fi
	dkms remove -m memfrag -v "$ver" -k "$r" >/dev/null 2>&1
	rm -rf "/lib/modules/$r"
done

# The tool, its man page and the units, which stay disabled.
/usr/bin/memfrag --version >"$tmp/version" 2>&1 &&
	grep -q "$ver" "$tmp/version" || fail "/usr/bin/memfrag --version: $(cat "$tmp/version")"
[ -e /usr/share/man/man8/memfrag.8.gz ] || fail "no man page memfrag(8)"
unit=/usr/lib/systemd/system/memfrag-prometheus.service
[ -e "$unit" ] || fail "no unit $unit"
grep -q '^PACKAGE_VERSION="'"$ver"'"$' "/usr/src/memfrag-$ver/dkms.conf" ||
	fail "/usr/src/memfrag-$ver/dkms.conf does not say PACKAGE_VERSION=\"$ver\""
grep -q '^#memfrag$' /etc/modules-load.d/memfrag.conf ||
	fail "no commented-out /etc/modules-load.d/memfrag.conf"
if find /etc/systemd/system -name 'memfrag-prometheus*' 2>/dev/null | grep -q .; then
	fail "a memfrag-prometheus unit is enabled after install: $(find /etc/systemd/system -name 'memfrag-prometheus*')"
else
	say "unit installed and not enabled"
fi
# What the service does (its ExecStart, on a recording: this kernel has no
# memfrag), so that the purge below must remove its output and state.
tf=$(sed -n 's/^Environment=TEXTFILE_DIR=\([^ ]*\).*/\1/p' "$unit")
made_tf=
[ -d "$tf" ] || { mkdir -p "$tf" && made_tf=1; }
mkdir -p /var/lib/memfrag
if sed -n 's/^ExecStart=//p' "$unit" | grep -q -- "--textfile \${TEXTFILE_DIR} --state /var/lib/memfrag/prometheus.state$" &&
	/usr/bin/memfrag prometheus -d "$top/tests/tool/recorded/6.12/1" \
		--textfile "$tf" --state /var/lib/memfrag/prometheus.state &&
	grep -q '^memfrag_up 1$' "$tf/memfrag.prom" && [ -s /var/lib/memfrag/prometheus.state ]; then
	say "the service's command wrote $tf/memfrag.prom and /var/lib/memfrag/prometheus.state"
else
	fail "the service's command (ExecStart of $unit) did not write $tf/memfrag.prom"
fi
if command -v systemd-analyze >/dev/null; then
	# "man memfrag(8)" is checked above; systemd-analyze cannot run man here.
	systemd-analyze verify "$unit" 2>&1 |
		grep -v "Command 'man memfrag(8)' failed" >"$tmp/verify"
	if [ -s "$tmp/verify" ]; then
		cat "$tmp/verify"
		fail "systemd-analyze verify"
	else
		say "systemd-analyze verify: units clean"
	fi
fi

# 4. Purge, and nothing may be left.
t0=$(date +%s)
DEBIAN_FRONTEND=noninteractive apt-get purge -y -q memfrag memfrag-dkms >"$tmp/purge.log" 2>&1 ||
	{ tail -n 20 "$tmp/purge.log"; fail "apt-get purge failed"; }
installed=
say "purged in $(($(date +%s) - t0)) s"
left=$( {
	for p in memfrag memfrag-dkms; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -qv '^unknown' &&
			echo "package state of $p: $(dpkg-query -W -f='${Status}' "$p")"
	done
	find /lib/modules -name 'memfrag*.ko*' 2>/dev/null
	grep -l 'memfrag\.ko' /lib/modules/*/modules.dep 2>/dev/null
	ls -d /usr/src/memfrag-* /var/lib/dkms/memfrag /usr/bin/memfrag "$tf/memfrag.prom" \
		/usr/share/man/man8/memfrag.8.gz /usr/lib/systemd/system/memfrag-* \
		/lib/systemd/system/memfrag-* /etc/modules-load.d/memfrag.conf \
		/var/lib/memfrag /usr/share/doc/memfrag /usr/share/doc/memfrag-dkms \
		2>/dev/null
	find /etc/systemd/system /var/lib/systemd/deb-systemd-helper-enabled \
		-name 'memfrag*' 2>/dev/null
} )
# node_exporter's directory, if this test made it, is not the packages'.
[ -z "$made_tf" ] || rmdir "$tf" 2>/dev/null
if [ -n "$left" ]; then
	echo "$left"
	fail "purge left files behind"
else
	say "purge left nothing: no module, no /usr/src, /var/lib/dkms or /lib/modules files, no package state"
fi

[ "$failed" -eq 0 ] || die "$failed check(s) failed"
say "ok: built, lintian clean, installed, DKMS built for ${#releases[@]} kernels, purged clean"

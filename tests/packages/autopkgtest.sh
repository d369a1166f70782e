#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# autopkgtest.sh: the packages' autopkgtests, run by autopkgtest itself on
# the built packages, with this machine as the test bed (the null runner):
#
#   autopkgtest --ignore-restrictions=breaks-testbed \
#       --env=ADT_TEST_TRIGGERS=linux-meta/<release> \
#       memfrag-dkms_<v>_all.deb memfrag_<v>_<arch>.deb <copy of the tree>/ -- null
#
# Both tests must run and pass:
#  - prometheus-metrics (debian/tests): the installed tool's `memfrag
#    prometheus -d <recording> | promtool check metrics` on each recording;
#  - dkms-autopkgtest, which debian/control's Testsuite:
#    autopkgtest-pkg-dkms makes autodep8 add: it installs memfrag-dkms and
#    runs `dkms build` and `dkms install` for kernels with headers.  It
#    builds for every /lib/modules/*/build unless ADT_TEST_TRIGGERS names
#    "linux-meta" (dkms-autopkgtest's own filter, then only the releases
#    it names): tests/packages/run.sh builds and checks every kernel
#    already, so here it builds for one, Debian 12's newest generic kernel
#    (scripts/kernels.sh release 6.12), and its output must say
#    "I: PASS <release>" for it.  MEMFRAG_AUTOPKGTEST_KERNELS="all"
#    builds for every kernel with headers, or names the releases.
# Measured on a busy 2-core machine: 140 to 190 s in all, of which the
# DKMS test 90 s (each further kernel adds about 60 s) and the purge 25 s.
# Its test bed is this machine and its tests are marked breaks-testbed,
# which the null runner cannot revert: --ignore-restrictions lets them
# run, and this script reverts instead.  Afterwards every package the run
# installed is purged (memfrag, memfrag-dkms, a test's Depends that was
# missing), DKMS keeps nothing of memfrag, dpkg's selections are as before
# (the DKMS test's `dpkg --remove dkms` marks dkms "deinstall") and
# /etc/dkms/no-autoinstall is gone; a leftover fails the test.
#
#   autopkgtest.sh [DIR]   the packages in DIR (tests/packages/run.sh leaves
#                          them in build/packages); without DIR, or when
#                          DIR has none of the tree's version, they are
#                          built from a copy of the tree.
# Needs root.  A missing autopkgtest, autodep8 or prometheus (the tool
# test's Depends, installed by scripts/install-deps.sh with its service
# not started) or no kernel headers is a SKIP (exit 4, the kselftest
# code); a test that fails, is skipped or does not run, or an autopkgtest
# error, is a FAIL.  memfrag already installed here is a FAIL: it is not
# this test's to remove.
set -uo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/memfrag-autopkgtest.XXXXXX")
failed=0
ran=
t_start=$(date +%s)

say() { printf 'autopkgtest: %s\n' "$*"; }
fail() { say "FAIL: $*"; failed=$((failed + 1)); }
skip() { say "SKIP: $*"; exit 4; }
die() { say "FAIL: $*"; exit 1; }
pkg_installed() {
	dpkg-query -W -f='${Status}\n' "$1" 2>/dev/null | grep -q ' installed$'
}

# revert: what the run changed on this machine, undone.
revert() {
	local new p want left
	[ -n "$ran" ] || return 0
	ran=
	# Every package the run installed (memfrag and memfrag-dkms among them).
	mapfile -t new < <(comm -13 "$tmp/installed.before" <(installed_list))
	if [ ${#new[@]} -gt 0 ]; then
		t0=$(date +%s)
		DEBIAN_FRONTEND=noninteractive apt-get purge -y -q "${new[@]}" \
			>"$tmp/purge.log" 2>&1 ||
			{ tail -n 20 "$tmp/purge.log"; fail "apt-get purge ${new[*]}"; }
		say "purged what the run installed in $(($(date +%s) - t0)) s: ${new[*]}"
	fi
	[ -e "$tmp/no-autoinstall.before" ] || rm -f /etc/dkms/no-autoinstall
	# dpkg's selections of the packages still installed, as they were.
	dpkg --get-selections | sort | comm -23 "$tmp/selections.before" - |
		while read -r p want; do
			pkg_installed "$p" && echo "$p $want" | dpkg --set-selections
		done
	if [ -e /var/lib/dkms/memfrag ]; then
		dkms remove memfrag --all >/dev/null 2>&1
		rm -rf /var/lib/dkms/memfrag
		fail "/var/lib/dkms/memfrag was left after the purge"
	fi
	left=$( {
		for p in memfrag memfrag-dkms; do
			dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -qv '^unknown' &&
				echo "package state of $p"
		done
		ls -d /usr/src/memfrag-* /etc/dkms/no-autoinstall 2>/dev/null
		find /lib/modules -name 'memfrag*.ko*' 2>/dev/null
		dpkg --get-selections | sort | comm -13 "$tmp/selections.before" -
	} )
	if [ -n "$left" ]; then
		echo "$left"
		fail "the run left this behind"
	else
		say "reverted: no package, DKMS, module, selection or /etc/dkms change left"
	fi
}
installed_list() {
	dpkg-query -W -f='${binary:Package} ${Status}\n' |
		awk '$NF == "installed" { print $1 }' | sort
}
finish() {
	revert
	say "$([ "$failed" -eq 0 ] && echo ok || echo "$failed failed") ($(($(date +%s) - t_start)) s)"
	[ "$failed" -eq 0 ]
	exit
}
trap 'revert; rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

[ "$(id -u)" = 0 ] || skip "needs root (the null runner installs the packages here)"
for c in autopkgtest autodep8; do
	command -v "$c" >/dev/null ||
		skip "$c is not installed (scripts/install-deps.sh installs autopkgtest and autodep8)"
done
pkg_installed prometheus ||
	skip "prometheus (prometheus-metrics' Depends) is not installed (scripts/install-deps.sh installs it without starting it)"

ver=$(dpkg-parsechangelog -l "$top/debian/changelog" -S Version) || die "debian/changelog"
for p in memfrag memfrag-dkms; do
	pkg_installed "$p" &&
		die "$p is installed on this machine: the null runner would replace it (purge it first)"
done
[ ! -e /var/lib/dkms/memfrag ] ||
	die "/var/lib/dkms/memfrag exists: not from this test, remove it first"

# The kernels the DKMS test builds for.
releases=()
case ${MEMFRAG_AUTOPKGTEST_KERNELS:-} in
all) for k in /lib/modules/*/build; do
	[ -d "$k" ] && k=${k%/build} && releases+=("${k#/lib/modules/}")
done ;;
"") r=$("$top/scripts/kernels.sh" release 6.12 2>/dev/null) && releases=("$r") ;;
*) read -r -a releases <<<"$MEMFRAG_AUTOPKGTEST_KERNELS" ;;
esac
[ ${#releases[@]} -gt 0 ] || skip "no kernel with headers to build for (scripts/install-deps.sh)"
for r in "${releases[@]}"; do
	[ -d "/lib/modules/$r/build" ] || skip "no headers for $r (scripts/install-deps.sh)"
done
env=()
[ "${MEMFRAG_AUTOPKGTEST_KERNELS:-}" = all ] ||
	env=(--env="ADT_TEST_TRIGGERS=$(printf 'linux-meta/%s ' "${releases[@]}")")

# A copy of the tree: autopkgtest's source, and where the packages are
# built when DIR has none.
mkdir "$tmp/src"
(cd "$top" && git ls-files -co --exclude-standard -z) |
	(cd "$top" && tar --null -T - --ignore-failed-read -cf - 2>/dev/null) |
	tar -xf - -C "$tmp/src" || die "cannot copy the tree"
dir=${1:-}
debs=("$dir"/memfrag-dkms_"${ver}"_all.deb "$dir"/memfrag_"${ver}"_*.deb)
if [ -z "$dir" ] || [ ! -e "${debs[0]}" ] || [ ! -e "${debs[1]}" ]; then
	say "building the packages (${dir:-no DIR}: none of version $ver)"
	cp -a "$tmp/src" "$tmp/build"
	(cd "$tmp/build" && dpkg-buildpackage -us -uc -b) >"$tmp/build.log" 2>&1 ||
		{ tail -n 30 "$tmp/build.log"; die "dpkg-buildpackage -us -uc -b failed"; }
	debs=("$tmp"/memfrag-dkms_"${ver}"_all.deb "$tmp"/memfrag_"${ver}"_*.deb)
fi
for d in "${debs[@]}"; do [ -e "$d" ] || die "no $(basename "$d")"; done

# What the revert goes back to.
installed_list >"$tmp/installed.before"
dpkg --get-selections | sort >"$tmp/selections.before"
[ ! -e /etc/dkms/no-autoinstall ] || touch "$tmp/no-autoinstall.before"

say "autopkgtest on $(cd "$(dirname "${debs[0]}")" && echo "${debs[@]##*/}"), DKMS test for: ${releases[*]}"
t0=$(date +%s)
ran=1
autopkgtest --ignore-restrictions=breaks-testbed "${env[@]}" --timeout-test=1800 \
	-o "$tmp/out" "${debs[@]}" "$tmp/src/" -- null >"$tmp/autopkgtest.log" 2>&1
rc=$?
say "autopkgtest exited $rc after $(($(date +%s) - t0)) s; its phases:"
grep -E '^autopkgtest \[[0-9:]+\]: (test [a-z-]+: (preparing testbed|\[-+|-+\])|@+ summary)' \
	"$tmp/out/log" 2>/dev/null | sed 's/^/autopkgtest:   /'
say "its summary:"
sed 's/^/autopkgtest:   /' "$tmp/out/summary" 2>/dev/null
case $rc in
0) ;;
2 | 8) fail "autopkgtest exit $rc: a test was skipped (both must run)" ;;
4 | 6) fail "autopkgtest exit $rc: a test failed" ;;
12 | 14) fail "autopkgtest exit $rc: erroneous package (a test's Depends not installable?)" ;;
16) fail "autopkgtest exit $rc: the test bed failed" ;;
*) fail "autopkgtest exit $rc: unexpected failure" ;;
esac

# Each test's verdict, from the summary; the DKMS test's per kernel.
for t in prometheus-metrics dkms-autopkgtest; do
	v=$(awk -v t="$t" '$1 == t { $1 = ""; sub(/^ +/, ""); print }' "$tmp/out/summary" 2>/dev/null)
	case $v in
	PASS*) say "ok: $t: $v"; continue ;;
	"") fail "$t did not run (autodep8 installed? debian/control's Testsuite?)" ;;
	*) fail "$t: $v" ;;
	esac
	for f in "$tmp/out/$t-stdout" "$tmp/out/$t-stderr"; do
		[ -s "$f" ] || continue
		say "the end of its ${f##*-}:"
		tail -n 25 "$f"
	done
done
dkms_out=$tmp/out/dkms-autopkgtest-stdout
grep '^I: \(PASS\|FAIL\|SKIP\) ' "$dkms_out" 2>/dev/null | sed 's/^/autopkgtest:   dkms: /'
for r in "${releases[@]}"; do
	grep -qx "I: PASS $r" "$dkms_out" 2>/dev/null ||
		fail "the DKMS test did not build and install memfrag for $r"
done
if [ "$rc" -ne 0 ] && [ ! -s "$tmp/out/summary" ]; then
	say "autopkgtest's output, its end:"
	tail -n 40 "$tmp/autopkgtest.log"
fi
finish

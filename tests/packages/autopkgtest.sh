#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# autopkgtest.sh: runs the tests of debian/tests/control the way
# autopkgtest runs them (from the source tree, AUTOPKGTEST_TMP set), with
# this tree's tool (tools/memfrag, built) first on PATH in place of the
# installed package, so that no package is installed on this machine.
# Each test's Depends other than memfrag must be installed: a missing one
# is a SKIP (exit 4, the kselftest code).  The dkms test that debian/control's
# Testsuite: autopkgtest-pkg-dkms adds needs the package installed on a
# test bed with headers: tests/packages/run.sh does that install.
#
# On a test bed of its own: autopkgtest <memfrag_*.changes> -- null
# (or -- schroot/lxc/qemu ...) runs the same tests on the built packages.
set -uo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/memfrag-autopkgtest.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
say() { printf 'autopkgtest: %s\n' "$*"; }

make -s -C "$top/tools/memfrag" memfrag >"$tmp/make.log" 2>&1 ||
	{ cat "$tmp/make.log"; say "FAIL: make -C tools/memfrag"; exit 1; }

# Tests: and Depends: of each paragraph of debian/tests/control.
tests=()
deps=()
while IFS= read -r line; do
	case $line in
	Tests:*) read -r -a t <<<"${line#Tests:}"; tests+=("${t[@]}") ;;
	Depends:*) IFS=', ' read -r -a d <<<"${line#Depends:}"; deps+=("${d[@]}") ;;
	esac
done <"$top/debian/tests/control"
[ ${#tests[@]} -gt 0 ] || { say "FAIL: no Tests: in debian/tests/control"; exit 1; }
for d in "${deps[@]}"; do
	case $d in memfrag | memfrag-dkms | "") continue ;; esac
	dpkg-query -W -f='${Status}' "$d" 2>/dev/null | grep -q 'install ok installed' || {
		say "SKIP: $d (a test's Depends) is not installed (scripts/install-deps.sh)"
		say "0 passed, 0 failed, ${#tests[@]} skipped"
		exit 4
	}
done

passed=0
failed=0
for t in "${tests[@]}"; do
	mkdir -p "$tmp/$t"
	t0=$(date +%s)
	if (cd "$top" && AUTOPKGTEST_TMP="$tmp/$t" PATH="$top/tools/memfrag:$PATH" \
		"debian/tests/$t") >"$tmp/$t.log" 2>&1; then
		say "PASS $t ($(($(date +%s) - t0)) s): $(tail -n 1 "$tmp/$t.log")"
		passed=$((passed + 1))
	else
		cat "$tmp/$t.log"
		say "FAIL $t"
		failed=$((failed + 1))
	fi
done
say "$passed passed, $failed failed"
[ "$failed" -eq 0 ]

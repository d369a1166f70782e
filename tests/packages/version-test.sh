#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# version-test.sh: the version is set once and the package build refuses
# a tree whose versions differ; snapshot versions increase.
#
#  1. `debian/rules check-version` (the first step of the package build)
#     passes on this tree, and fails, naming both, when debian/changelog
#     says another version than include/memfrag/memfrag.h or dkms.conf
#     has a version of its own instead of dh_dkms's #MODULE_VERSION#;
#  2. scripts/snapshot-version.sh, on a git repository of the tree's
#     memfrag.h and changelog, gives <release>+git<date>.<hash>, which
#     check-version accepts and dpkg orders above the release; a later
#     commit's snapshot is above an earlier one's.
# Needs make, git and dpkg (dpkg-parsechangelog, dpkg --compare-versions);
# no root, a few seconds.
set -uo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/memfrag-version.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
failed=0
passed=0
say() { printf 'version: %s\n' "$*"; }
ok() { say "ok: $*"; passed=$((passed + 1)); }
fail() { say "FAIL: $*"; failed=$((failed + 1)); }

for c in make git dpkg-parsechangelog; do
	command -v "$c" >/dev/null || { say "SKIP: $c is missing"; exit 0; }
done

# A copy of what the check reads, as a git repository.
copy() {
	rm -rf "$tmp/t" && mkdir -p "$tmp/t/include/memfrag" "$tmp/t/debian" &&
		cp "$top/include/memfrag/memfrag.h" "$tmp/t/include/memfrag/" &&
		cp "$top/debian/changelog" "$top/debian/rules" "$tmp/t/debian/" &&
		cp "$top/dkms.conf" "$tmp/t/" &&
		git -C "$tmp/t" init -q && git -C "$tmp/t" add -A &&
		GIT_COMMITTER_DATE="$1" git -C "$tmp/t" -c user.name=t \
			-c user.email=t@t commit -q --date="$1" -m "$1"
}
check() { (cd "$tmp/t" && make -s -f debian/rules check-version) >"$tmp/out" 2>&1; }

copy "2026-01-02T03:04:05Z" || { say "FAIL: cannot copy the tree"; exit 1; }
release=$(dpkg-parsechangelog -l "$tmp/t/debian/changelog" -S Version)
if check; then ok "check-version passes on this tree ($release)"; else
	cat "$tmp/out"; fail "check-version fails on this tree"; fi

sed -i "1s/($release)/(9.9.9)/" "$tmp/t/debian/changelog"
if ! check && grep -q "versions differ.*'9.9.9'.*'$release'" "$tmp/out"; then
	ok "a changelog saying 9.9.9 stops the build: $(head -n 1 "$tmp/out")"
else
	cat "$tmp/out"; fail "a changelog saying 9.9.9 beside MEMFRAG_VERSION $release did not stop the build"
fi

copy "2026-01-02T03:04:05Z"
sed -i 's/^PACKAGE_VERSION=.*/PACKAGE_VERSION="0.0.1"/' "$tmp/t/dkms.conf"
if ! check && grep -q 'MODULE_VERSION' "$tmp/out"; then
	ok "a version of dkms.conf's own stops the build"
else
	cat "$tmp/out"; fail "dkms.conf's PACKAGE_VERSION=\"0.0.1\" did not stop the build"
fi

copy "2026-01-02T03:04:05Z"
v1=$("$top/scripts/snapshot-version.sh" -C "$tmp/t" 2>&1)
h1=$(git -C "$tmp/t" log -1 --format=%h)
if [ "$v1" = "$release+git20260102030405.$h1" ] &&
	[ "$(dpkg-parsechangelog -l "$tmp/t/debian/changelog" -S Version)" = "$v1" ] &&
	grep -q "^#define MEMFRAG_VERSION[[:space:]]*\"$v1\"$" "$tmp/t/include/memfrag/memfrag.h" &&
	check && dpkg --compare-versions "$v1" gt "$release"; then
	ok "snapshot $v1: in memfrag.h and the changelog, accepted, above $release"
else
	cat "$tmp/out"; fail "snapshot version '$v1' (want $release+git20260102030405.$h1, accepted, above $release)"
fi
if ! "$top/scripts/snapshot-version.sh" -C "$tmp/t" >"$tmp/out" 2>&1 &&
	grep -q "snapshot already" "$tmp/out"; then
	ok "a snapshot is not snapshotted again"
else
	fail "snapshot-version.sh ran twice: $(cat "$tmp/out")"
fi

copy "2026-01-02T03:04:06Z"
v2=$("$top/scripts/snapshot-version.sh" -C "$tmp/t" 2>&1)
if dpkg --compare-versions "$v2" gt "$v1"; then
	ok "a commit one second later gives $v2, above $v1"
else
	fail "snapshot $v2 of a later commit is not above $v1"
fi

say "$passed passed, $failed failed"
[ "$failed" -eq 0 ]

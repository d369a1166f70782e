#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# kernels-apt-test.sh: scripts/kernels.sh fetch goes on when apt-get update
# fails on one index, as it does while Debian's mirror syncs ("File has
# unexpected size ... Mirror sync in progress?", exit 100): apt keeps the
# lists it had, and the packages are looked up in them.
#
# apt-get and dpkg are wrapped on PATH: dpkg lists no foreign
# architecture, so fetch adds arm64 and updates; the update fails as apt
# does; a download is logged and refused, so nothing is fetched.  The
# test passes if fetch got past the update to the downloads.  Needs the
# arm64 lists (after scripts/install-deps.sh); SKIP without them.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

if ! "$top/scripts/kernels.sh" packages arm64:6.12 >/dev/null 2>&1; then
	echo "SKIP: no arm64 6.12 kernel in the apt lists"
	exit 4
fi
mkdir "$tmp/bin"
cat >"$tmp/bin/apt-get" <<'WRAP'
#!/bin/sh
case " $* " in
*" update "*)
	echo "E: Failed to fetch Packages.xz  File has unexpected size (346968 != 369616). Mirror sync in progress?" >&2
	exit 100 ;;
*" download "*)
	echo "download $*" >>"$FAKE_APT_LOG"
	exit 1 ;;
esac
exec /usr/bin/apt-get "$@"
WRAP
cat >"$tmp/bin/dpkg" <<'WRAP'
#!/bin/sh
case "$1" in
--print-foreign-architectures | --add-architecture) exit 0 ;;
esac
exec /usr/bin/dpkg "$@"
WRAP
chmod +x "$tmp/bin/apt-get" "$tmp/bin/dpkg"

PATH="$tmp/bin:$PATH" FAKE_APT_LOG="$tmp/apt.log" \
	MEMFRAG_ARM64_CACHE="$tmp/cache" \
	"$top/scripts/kernels.sh" fetch arm64:6.12 >"$tmp/out" 2>&1
if grep -q '^download .*linux-image-6\.12\..*arm64' "$tmp/apt.log" 2>/dev/null &&
	grep -q 'apt-get update reported errors' "$tmp/out"; then
	echo "PASS: fetch went on past a failed apt-get update to the downloads"
	exit 0
fi
echo "FAIL: fetch stopped at the failed apt-get update:"
cat "$tmp/out"
exit 1

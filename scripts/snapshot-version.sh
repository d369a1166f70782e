#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# snapshot-version.sh: give the tree a snapshot version, above its release
# and above every earlier snapshot, so that apt upgrades one to the next:
#
#   <release>+git<commit date, UTC, YYYYMMDDHHMMSS>.<short hash>
#
# from HEAD's commit date (not the build's: two builds of one commit are
# one version).  It is written where the version is set,
# include/memfrag/memfrag.h's MEMFRAG_VERSION, and as a new debian/changelog
# entry, which debian/rules checks agree.  Run in a git checkout (or a
# copy of one: -C DIR); `git checkout include/memfrag/memfrag.h
# debian/changelog` undoes it.  Prints the version.
#
#   snapshot-version.sh [-C DIR]
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
if [ "${1:-}" = -C ] && [ -n "${2:-}" ]; then
	top=$(cd "$2" && pwd)
elif [ $# -ne 0 ]; then
	echo "usage: $0 [-C DIR]" >&2
	exit 2
fi
hdr=$top/include/memfrag/memfrag.h
chg=$top/debian/changelog

release=$(sed -n 's/^#define MEMFRAG_VERSION[[:space:]]*"\(.*\)"$/\1/p' "$hdr")
case $release in
"") echo "$0: no MEMFRAG_VERSION in $hdr" >&2; exit 1 ;;
*+git*) echo "$0: $hdr is a snapshot already ($release)" >&2; exit 1 ;;
esac
ts=$(git -C "$top" log -1 --format=%ct HEAD) ||
	{ echo "$0: $top is not a git checkout (-C DIR names one)" >&2; exit 1; }
hash=$(git -C "$top" log -1 --format=%h HEAD)
version=$release+git$(TZ=UTC date -d "@$ts" +%Y%m%d%H%M%S).$hash

sed -i "s/^\(#define MEMFRAG_VERSION[[:space:]]*\)\"$release\"$/\1\"$version\"/" "$hdr"
dist=$(sed -n '1s/^[^)]*) \([^;]*\);.*/\1/p' "$chg")
{
	printf 'memfrag (%s) %s; urgency=medium\n\n' "$version" "${dist:-unstable}"
	printf '  * Snapshot of %s, commit %s.\n\n' "$release" "$hash"
	printf ' -- %s  %s\n\n' "$(sed -n '0,/^ -- /s/^ -- \(.*>\)  .*/\1/p' "$chg")" \
		"$(TZ=UTC date -R -d "@$ts")"
	cat "$chg"
} >"$chg.new"
mv "$chg.new" "$chg"
echo "$version"

# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# tap.sh: the TAP lines and counters the tool's host tests share; sourced.
# ok NAME; not_ok NAME [LOG] (the log's first 20 lines follow); skip WHY;
# tap_tmpdir NAME; tap_tool [TOOL].

passed=0 failed=0 skipped=0 n=0
ok() { n=$((n + 1)) passed=$((passed + 1)); echo "ok $n - $1"; }
not_ok() {
	n=$((n + 1)) failed=$((failed + 1))
	echo "not ok $n - $1"
	[ -n "${2:-}" ] && [ -s "$2" ] && sed 's/^/#   /' "$2" | head -n 20
	return 0
}
skip() { skipped=$((skipped + 1)); echo "ok $((n += 1)) - # SKIP $1"; }

# tap_tmpdir NAME: $tmp, a new directory removed on exit; and no
# MEMFRAG_DIR or MEMFRAG_DEBUGFS of the caller's for the tool to read.
tap_tmpdir() {
	tmp=$(mktemp -d "${TMPDIR:-/tmp}/$1.XXXXXX")
	# shellcheck disable=SC2064
	trap "rm -rf '$tmp'" EXIT
	unset MEMFRAG_DIR MEMFRAG_DEBUGFS
}

# tap_tool [TOOL]: $tool, TOOL's absolute path, or the tree's
# tools/memfrag/memfrag, built first (a failed build is a not ok).
tap_tool() {
	local dir
	dir=$(dirname "${BASH_SOURCE[0]}")/../../tools/memfrag
	tool=${1:-}
	if [ -z "$tool" ]; then
		make -s -C "$dir" memfrag >"$tmp/build.log" 2>&1 ||
			not_ok "build" "$tmp/build.log"
		tool=$dir/memfrag
	fi
	tool=$(realpath "$tool")
}

# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# tap.sh: the TAP lines and counters the tool's host tests share; sourced.
# ok NAME; not_ok NAME [LOG] (the log's first 20 lines follow); skip WHY;
# tap_tmpdir NAME; tap_tool [TOOL]; tap_begin NAME (and finish).

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

# tap_begin NAME: tap_tmpdir NAME-test, and memfrag-asan's sanitizers:
# leaks count, and a report ends it with an exit status of its own (99
# for ASan, 98 for UBSan); finish then says "NAME: N passed, N failed,
# N skipped" and exits 1 on a failure, else 0.
tap_begin() {
	tap_name=$1
	tap_tmpdir "$1-test"
	export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:exitcode=99
	export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:exitcode=98
}
finish() {
	echo "$tap_name: $passed passed, $failed failed, $skipped skipped"
	[ "$failed" -eq 0 ]
	exit
}

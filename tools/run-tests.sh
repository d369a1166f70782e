#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# run-tests.sh: memfrag's whole test matrix, the README's test command.
#
# Installs what it needs, runs the static checks (W=1, sparse, checkpatch),
# the bad-input checks of the build and the VM runner, DKMS, the memfrag
# tool's host tests (recorded module files), and then the kselftests in
# QEMU on every Debian 12 kernel series, on a plain guest and on a two-node
# NUMA guest with a Movable zone, and the tool against the live module.  Each guest run fails on a
# failed test or on any kernel warning in the guest's log.
#
# Ends with one line "memfrag: N passed, N failed, N skipped".
# Environment: SERIES="6.1 6.12" to pick series, LOGDIR for the logs.
set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
LOGDIR=${LOGDIR:-$top/build/test-logs}
rm -rf "$LOGDIR"
mkdir -p "$LOGDIR"
passed=0 failed=0 skipped=0
failures=()

note() { printf '%s\n' "$*"; }
ok() { passed=$((passed + 1)); note "ok - $1"; }
fail() { failed=$((failed + 1)); failures+=("$1"); note "not ok - $1 (log: $2)"; }

# step NAME CMD...: one pass/fail step, its output in $LOGDIR/NAME.log.
step() {
	local name=$1 log
	shift
	log="$LOGDIR/$name.log"
	if "$@" >"$log" 2>&1; then ok "$name"; else fail "$name" "$log"; fi
}

# expect_fail NAME PATTERN CMD...: CMD must fail and say PATTERN.
expect_fail() {
	local name=$1 pattern=$2 log
	shift 2
	log="$LOGDIR/$name.log"
	if "$@" >"$log" 2>&1; then
		fail "$name: succeeded but should have failed" "$log"
	elif grep -q -- "$pattern" "$log"; then
		ok "$name"
	else
		fail "$name: message does not mention '$pattern'" "$log"
	fi
}

# guest NAME VM-ARGS...: the kselftests in one guest; counts each test.
guest() {
	local name=$1 log p f s rc
	shift
	log="$LOGDIR/$name.log"
	note "# $name: booting (tools/vm/memfrag-vm $*)"
	tools/vm/memfrag-vm --logdir "$LOGDIR/$name.vm" "$@" \
		$(for t in build/selftests/memfrag_*; do printf -- '-a %s ' "$t"; done) \
		-- sh -c 'rc=0; for t in ./memfrag_*_test; do "$t" || rc=1; done; exit $rc' \
		>"$log" 2>&1
	rc=$?
	grep -E '^(not )?ok |^# (Totals|SKIP)|^# .*(Expected|attempt)' "$log" | sed "s/^/# $name: /"
	read -r p f s < <(awk -F'[: ]+' '/^# Totals:/ { p += $4; f += $6; s += $12 }
		END { print p + 0, f + 0, s + 0 }' "$log")
	passed=$((passed + p)) failed=$((failed + f)) skipped=$((skipped + s))
	[ "$f" -gt 0 ] && failures+=("$name: $f selftest(s) failed")
	# A guest that crashed, hung or logged a kernel warning fails on its
	# own, whatever its tests printed.
	if [ "$rc" -ne 0 ] || [ "$p" -eq 0 ]; then
		fail "$name: guest verdict: $(tail -n 1 "$log")" "$log"
	else
		ok "$name: guest verdict"
	fi
}

step install-deps tools/install-deps.sh
step build-matrix make modules-matrix
step build-selftests make selftests
step checkpatch make checkpatch
step w1-sparse make check
expect_fail make-without-headers "apt-get install linux-headers-0.0-none" \
	make module KRELEASE=0.0-none
expect_fail vm-unknown-kernel "linux-image" tools/vm/memfrag-vm -k 5.10 -- true
step dkms tools/dkms-check.sh
# The README's main job: every tracepoint it attached must have fired.
demo_check() {
	tools/demo.sh &&
	awk '/^### cat .*status$/ { s = 1; next } /^###/ { s = 0 }
	     s && $2 == "attached" { a++; if ($3 > 0) hit++ }
	     END { print a " attached, " hit " with hits"; exit !(a > 0 && a == hit) }' \
		"$LOGDIR/demo.log"
}
step demo demo_check
step tool-build make -C tools/memfrag
step tool-static make -C tools/memfrag static
step tool-host-tests tests/tool/run.sh

for series in ${SERIES:-$(tools/kernels.sh series)}; do
	if ! release=$(tools/kernels.sh release "$series"); then
		fail "kernel $series not installed" "$LOGDIR"
		continue
	fi
	# memfrag_nest_test's helper module, built for this kernel by
	# make modules-matrix.
	nest=(-a "build/$release/memfrag_nest.ko")
	guest "guest-$series" -k "$release" "${nest[@]}"
	guest "guest-$series-numa2-movable" -k "$release" --numa 2 \
		--movablecore 512M --mem 3G "${nest[@]}"
	step "tool-guest-$series" tools/vm/memfrag-vm \
		--logdir "$LOGDIR/tool-guest-$series.vm" -k "$release" \
		-a tools/memfrag/memfrag-static -a tests/tool/guest-test.sh \
		-- sh ./guest-test.sh
done

if [ ${#failures[@]} -gt 0 ]; then
	note "# failures:"
	printf '#   %s\n' "${failures[@]}"
fi
note "memfrag: $passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]

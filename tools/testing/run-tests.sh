#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# run-tests.sh: memfrag's whole test matrix, the README's test command.
#
# Installs what it needs (and the Debian 13 build root for the newest
# kernels), runs the static checks (W=1 for every kernel of the matrix and
# every series only built for, sparse where the kernel accepts it,
# checkpatch), the bad-input checks of the build and the VM runner, the
# Debian packages (DKMS), the memfrag tool's host tests (recorded module
# files) and its Prometheus export through a real node_exporter and
# Prometheus, and then, in QEMU guests (which ones and why: the loop over
# the kernels below, and Documentation/memfrag.rst, "Testing"):
#  - the kselftests on a plain guest of every kernel of scripts/kernels.sh
#    list (Debian 12's 6.1, 6.12 and 6.12-rt on the module DKMS built;
#    the newest series Debian ships: generic booted with preempt=full,
#    PREEMPT_RT, arm64 with 16 KiB pages) but arm64 6.1, 6.12 and the
#    newest 4 KiB arm64 one, and 6.1-rt (make test-full: those too;
#    suite_is_full below says why);
#  - the tool's guest test on the newest series' generic kernels (x86_64,
#    arm64, arm64 16 KiB) and on 6.12, there with the DKMS module after
#    the module selftest and memfrag prometheus;
#  - on the newest generic x86_64 kernel: a two-node NUMA guest with a
#    Movable zone, memfrag built for an unknown pageblock layout, the
#    fuzz and STOCK_STRESS_CYCLES (default 300) stress cycles, and the
#    scale test in a 16-vCPU guest (two direct compactions per CPU at
#    once); on 6.12, memfrag record while the workload runs, plotted and
#    compared here, and recordings SIGKILL cut short there, read here;
#  - on the KASAN + lockdep + kmemleak + DEBUG_PREEMPT debug kernel built
#    from the newest kernel source Debian ships (scripts/debug-kernel.sh,
#    once per machine, cached), booted with preempt=full: the kselftests,
#    a kmemleak scan after the last unload, fault injection, the fuzz,
#    STRESS_CYCLES (default 20) stress cycles with every reader but
#    without the workload, and the lockdown test under
#    lockdown=confidentiality.
# make test-full (FULL=1) adds those suites, the NUMA guest on every
# generic kernel, the record guest on every generic x86_64 kernel and the
# tool's guest on every kernel; make test-reliability (RELIABILITY=1) 1000 stress cycles, fault
# injection and the fuzz in every guest, the KCSAN kernel, and the tool's
# guest test on each debug kernel.
# Each guest fails on a failed test or on any kernel report in its log;
# in the suites (stock and debug kernels) a failed test (and nothing
# else) runs once more in a fresh guest, and the summary names it
# (suite_guest).
# Guests are independent and run JOBS at a time (default: one per core);
# the host checks that need no guest of this script's (the packages
# first) run one after another in a lane beside them.
#
# Ends with one line "memfrag: N passed, N failed, N skipped".
# Environment: KERNELS="6.1 7.3-rt ..." to pick kernels (names of
# scripts/kernels.sh), DEBUG_KERNELS="kasan" (add kcsan to run the KCSAN
# kernel too; "" for none), RELIABILITY=1, STRESS_CYCLES,
# STOCK_STRESS_CYCLES, JOBS, FULL=1, LOGDIR for the logs.
set -uo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1
LOGDIR=${LOGDIR:-$top/build/test-logs}
DEBUG_KERNELS=${DEBUG_KERNELS-kasan}
JOBS=${JOBS:-$(nproc)}
rm -rf "$LOGDIR"
mkdir -p "$LOGDIR/results"
passed=0 failed=0 skipped=0
failures=()
retried=()
start=$(date +%s)

note() { printf '%s\n' "$*"; }
ok() { passed=$((passed + 1)); note "ok - $1"; }
fail() { failed=$((failed + 1)); failures+=("$1"); note "not ok - $1 (log: $2)"; }

# took NAME SINCE: how long a host step took, and when it ended, so that
# a slow run shows where its time went.
took() { note "# $1: $(($(date +%s) - $2)) s, done at $(($(date +%s) - start)) s"; }

# step NAME CMD...: one pass/fail step, its output in $LOGDIR/NAME.log.
step() {
	local name=$1 log t0
	shift
	log="$LOGDIR/$name.log"
	t0=$(date +%s)
	if "$@" >"$log" 2>&1; then ok "$name"; else fail "$name" "$log"; fi
	took "$name" "$t0"
}

# step_or_skip NAME CMD...: as step, but CMD's exit status 4 (the
# kselftest code for SKIP) counts as skipped, its reason in the log.
step_or_skip() {
	local name=$1 log rc=0 t0
	shift
	log="$LOGDIR/$name.log"
	t0=$(date +%s)
	"$@" >"$log" 2>&1 || rc=$?
	case $rc in
	0) ok "$name" ;;
	4) skipped=$((skipped + 1)); note "ok - $name # SKIP $(tail -n 1 "$log")" ;;
	*) fail "$name" "$log" ;;
	esac
	took "$name" "$t0"
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

# Guests run in the background, JOBS at a time; each leaves its verdict
# in $LOGDIR/results/NAME ("rc passed failed skipped"), read in order at
# the end so that the report does not depend on which finished first.
guest_names=()

# run_guest NAME CMD...: one guest; its verdict in $LOGDIR/results/NAME.
run_guest() {
	local name=$1 rc p f s
	shift
	note "# $name: started ($(($(date +%s) - start)) s)"
	"$@" >"$LOGDIR/$name.log" 2>&1
	rc=$?
	note "# $name: ended ($(($(date +%s) - start)) s)"
	# After "# retry:" only the retry's failures count (suite_guest).
	read -r p f s < <(awk -F'[: ]+' '/^# retry:/ { retry = 1; f = 0 }
		/^# Totals:/ { if (retry) f += $6; else { p += $4; f += $6; s += $12 } }
		END { print p + 0, f + 0, s + 0 }' "$LOGDIR/$name.log")
	echo "$rc $p $f $s" >"$LOGDIR/results/$name"
}

# spawn NAME CMD...: run_guest in the background, JOBS jobs at a time.
spawn() {
	local name=$1
	# The host lane (host_lane) runs beside the guests, not in a slot.
	while [ "$(jobs -rp | grep -cvx "${lane_pid:-none}")" -ge "$JOBS" ]; do
		wait -n
	done
	guest_names+=("$name")
	run_guest "$@" &
}

# collect NAME KIND: one guest's verdict; KIND selftests counts its tests.
collect() {
	local name=$1 kind=$2 log="$LOGDIR/$1.log" rc p f s
	read -r rc p f s <"$LOGDIR/results/$name" 2>/dev/null || rc=1 p=0 f=0 s=0
	if [ "$kind" = selftests ]; then
		# Verdicts, and what a failure says: the harness's and the
		# tests' own logs (file:line:), and each count that differed.
		grep -E '^(not )?ok |^# (Totals|SKIP|retry:)|^# .*attempt|^# [a-z_]+\.c:[0-9]+:|: memfrag -?[0-9]+, kernel -?[0-9]+$' "$log" |
			sed "s/^/# $name: /"
		passed=$((passed + p)) failed=$((failed + f)) skipped=$((skipped + s))
		# Named in the summary: the tail of a long log is what is read.
		[ "$f" -gt 0 ] && failures+=("$name: $f selftest(s) failed: $(sed -n 's/^not ok [0-9]* \([a-z_]*\.[a-z0-9_]*\).*/\1/p' "$log" | tr '\n' ' ')")
		grep -q '^# retry:' "$log" &&
			retried+=("$name: $(sed -n 's/^# retry: //p' "$log")")
		# A guest that crashed, hung or logged a kernel report fails on
		# its own, whatever its tests printed.
		if [ "$rc" -ne 0 ] || [ "$p" -eq 0 ]; then
			fail "$name: guest verdict: $(tail -n 1 "$log")" "$log"
		else
			ok "$name: guest verdict"
		fi
	elif [ "$rc" -eq 0 ]; then
		ok "$name"
	else
		fail "$name" "$log"
	fi
}

# The selftests' binaries, as the VM runner's -a options; they exist once
# the build-selftests step is done (the debug pipeline waits for it).
# The long reliability tests (stress, fault injection, fuzz) run in
# guests of their own (reliability_guest), or with RELIABILITY=1 in every
# guest: 1000 stress cycles take about 25 minutes on the KASAN kernel
# under TCG, too long for CI's 60 minutes beside the rest.  The scale
# test needs 16 CPUs: it runs only in its guest of 16 (scale_guest).
# An arm64 guest's are the cross-built ones: st_dir=build/arm64/selftests.
selftests() {
	while [ ! -e "$LOGDIR/results/selftests-built" ]; do sleep 5; done
	for t in "${st_dir:-build/selftests}"/memfrag_*; do
		case $t in
		*_stress_test | *_faultinject_test | *_fuzz_test)
			[ "${RELIABILITY:-0}" = 1 ] || continue ;;
		*_scale_test) continue ;;
		esac
		printf -- '-a %s ' "$t"
	done
}
# shellcheck disable=SC2016 # expanded by the guest's shell
RUN_SUITE='rc=0; for t in ./memfrag_*_test; do "$t" || rc=1; done'
# shellcheck disable=SC2016
RUN_SELFTESTS="$RUN_SUITE"'; exit $rc'
# After the debug kernel's suite, with every memfrag module unloaded, a
# kmemleak scan must find nothing: its report goes to the kernel log, which
# the VM runner fails on.
# shellcheck disable=SC2016
RUN_SELFTESTS_KMEMLEAK="$RUN_SUITE"'; rmmod memfrag 2>/dev/null
	if [ -e /sys/kernel/debug/kmemleak ]; then
		echo scan > /sys/kernel/debug/kmemleak; sleep 6
		echo scan > /sys/kernel/debug/kmemleak; cat /sys/kernel/debug/kmemleak
	else
		echo "kmemleak: not in this kernel"; rc=1
	fi; exit $rc'

# The reliability tests alone, as the VM runner's -a options.
reliability_tests() {
	local t
	for t in stress faultinject fuzz; do
		printf -- '-a %s/memfrag_%s_test ' "${st_dir:-build/selftests}" "$t"
	done
	printf -- '-a %s/memfrag_workload' "${st_dir:-build/selftests}"
}

# reliability_guest LAUNCHER NAME CYCLES [NAME=VALUE...] -- VM-ARGS...:
# the reliability tests in a guest, with CYCLES load/unload cycles under
# stress (and the stress test's other settings given), started by
# LAUNCHER (spawn, or run_guest).
reliability_guest() {
	local launch=$1 name=$2 cycles=$3 settings=()
	shift 3
	while [ $# -gt 0 ] && [ "$1" != -- ]; do settings+=("$1"); shift; done
	shift
	while [ ! -e "$LOGDIR/results/selftests-built" ]; do sleep 5; done
	# shellcheck disable=SC2046
	"$launch" "$name" tools/testing/vm/memfrag-vm --logdir "$LOGDIR/$name.vm" \
		"$@" $(reliability_tests) -- \
		env MEMFRAG_STRESS_CYCLES="$cycles" "${settings[@]}" \
		sh -c "$RUN_SELFTESTS"
}

# scale_guest NAME VM-ARGS...: the scale test in a guest of 16 vCPUs.
# One TCG thread runs them all; the test's workload is seconds of guest
# time, and the guest takes 45-110 s of wall time.
scale_guest() {
	local name=$1
	shift
	spawn "$name" tools/testing/vm/memfrag-vm --logdir "$LOGDIR/$name.vm" \
		--smp 16 "$@" -a build/selftests/memfrag_scale_test \
		-a build/selftests/memfrag_workload -- ./memfrag_scale_test
}

# failed_tests LOG: the tests LOG says failed, as "binary -t test" lines
# (a fixture's tests are in memfrag_<fixture>_test; lifecycle's and
# global's in memfrag_module_test).
failed_tests() {
	local fx t bin
	sed -n 's/^not ok [0-9]* \([a-z_]*\)\.\([a-z0-9_]*\).*/\1 \2/p' "$1" |
	while read -r fx t; do
		bin=memfrag_${fx}_test
		[ -e "${st_dir:-build/selftests}/$bin" ] || bin=memfrag_module_test
		echo "$bin -t $t"
	done
}

# suite_guest NAME RUN VM-ARGS...: the kselftests in one guest, the guest
# running RUN.  Tests that fail run once more, alone, in a fresh guest: under
# TCG on a shared machine a workload sometimes does not produce the event
# a test needs (no fallback, no direct compaction), which says nothing of
# memfrag.  The retry is in the log ("# retry:"), the summary names each
# such test, and only the retry's verdict counts.  A kernel report fails
# the first guest whatever the retry says: the retry runs only when the
# first guest's log has none.
suite_guest() {
	local name=$1 run=$2 first=$LOGDIR/$1.first rc tests
	shift 2
	# shellcheck disable=SC2046,SC2086
	tools/testing/vm/memfrag-vm --logdir "$LOGDIR/$name.vm" "$@" $(selftests) \
		-- sh -c "$run" 2>&1 | tee "$first"
	rc=${PIPESTATUS[0]}
	tests=$(failed_tests "$first")
	# Only a failed test, nothing else (no report, crash or timeout).
	if [ "$rc" -eq 0 ] || [ -z "$tests" ] || ! tail -n 1 "$first" |
		grep -qx 'memfrag-vm: FAIL (command exited with status [0-9]*)'; then
		return "$rc"
	fi
	echo "# retry: $(echo "$tests" | sed 's/ -t /./; s/^memfrag_//' | tr '\n' ' ')in a fresh guest"
	# shellcheck disable=SC2046,SC2086
	tools/testing/vm/memfrag-vm --logdir "$LOGDIR/$name-retry.vm" "$@" \
		$(selftests) -- sh -c "rc=0; $(echo "$tests" |
			sed 's|^|./|; s|$| \|\| rc=1;|' | tr '\n' ' ') exit \$rc" 2>&1
}

# selftests_guest NAME VM-ARGS...: the kselftests in one guest.
selftests_guest() {
	local name=$1
	shift
	spawn "$name" suite_guest "$name" "$RUN_SELFTESTS" "$@"
}

# tool_guest NAME VM-ARGS...: the tool against the live module.  With
# DKMS=1 the module is the one DKMS built from the memfrag-dkms package,
# and tests/packages/guest.sh (the module selftest, memfrag prometheus
# against the live files) runs first, in the same guest.
tool_guest() {
	local name=$1 run='sh ./guest-test.sh' extra=()
	shift
	if [ "${DKMS:-0}" = 1 ]; then
		# shellcheck disable=SC2016 # expanded by the guest's shell
		run='sh ./guest.sh; rc=$?; rmmod memfrag 2>/dev/null
			sh ./guest-test.sh || rc=1; exit $rc'
		extra=(-a build/selftests/memfrag_module_test -a tests/packages/guest.sh)
	fi
	spawn "$name" tool_guest_json tools/testing/vm/memfrag-vm --logdir "$LOGDIR/$name.vm" "$@" \
		-a "${tool_static:-tools/memfrag/memfrag-static}" -a tests/tool/guest-test.sh \
		-a "${st_dir:-build/selftests}/memfrag_workload" "${extra[@]}" \
		-- sh -c "$run"
}

# tool_guest_json VM-CMD...: the guest, then on the host the live views'
# JSON it printed against the schema (tests/tool/guest-json.sh: the
# guests have no python3-jsonschema).
tool_guest_json() {
	local out rc
	out=$(mktemp)
	"$@" | tee "$out"
	rc=${PIPESTATUS[0]}
	tests/tool/guest-json.sh "$out" || rc=1
	rm -f "$out"
	return "$rc"
}

# debug_pipeline: for each debug kernel, build it, build memfrag.ko and
# the nest helper for it, then run its guests one after the other.  Step
# verdicts go to $LOGDIR/results/ like the guests'.
debug_pipeline() {
	local v kdir out scope
	for v in $DEBUG_KERNELS; do
		if ! scripts/debug-kernel.sh build "$v" >"$LOGDIR/debug-kernel-$v.log" 2>&1 ||
			! kdir=$(scripts/debug-kernel.sh path "$v"); then
			echo 1 >"$LOGDIR/results/debug-kernel-$v"
			continue
		fi
		echo 0 >"$LOGDIR/results/debug-kernel-$v"
		out=build/debug-$v
		if ! { scripts/kbuild.sh memfrag "$kdir" "$out" &&
			scripts/kbuild.sh tests "$kdir" "$out"; } \
			>"$LOGDIR/debug-modules-$v.log" 2>&1; then
			echo 1 >"$LOGDIR/results/debug-modules-$v"
			continue
		fi
		echo 0 >"$LOGDIR/results/debug-modules-$v"
		# KCSAN samples, and reports the core kernel's own races at
		# random: on the KCSAN kernel only reports with a frame in
		# memfrag count.
		scope=()
		[ "$v" = kcsan ] && scope=(--kcsan-scope module)
		# Fully preemptible, so that DEBUG_PREEMPT sees every per-CPU
		# sequence of a probe the kernel no longer pins to its CPU.
		scope+=(--append preempt=full)
		# Beside the suite: fault injection (only the debug kernels
		# have it), the fuzz and the stress test.  Under KASAN and
		# TCG on a busy machine a cycle takes 15 to 40 s and the
		# workload does not finish a round in 10 minutes: the stress
		# test runs every reader, the reset writer and the softirq
		# generator, without the workload (MEMFRAG_STRESS_ROLES, all
		# but ROLE_WORKLOAD), each cycle's manual compaction feeding
		# the events readers, for STRESS_CYCLES (default 20) cycles
		# within 10 minutes (make test-reliability: the whole
		# workload, 1000 cycles).
		[ "$v" = kasan ] && [ "${RELIABILITY:-0}" != 1 ] &&
			reliability_guest run_guest "guest-debug-$v-reliability" \
				"${STRESS_CYCLES:-20}" MEMFRAG_STRESS_BUDGET_S=600 \
				MEMFRAG_STRESS_ROLES=383 \
				-- "${scope[@]}" --kernel-dir "$kdir" -M "$out/memfrag.ko" &
		# The lockdown test beside the suite: a short guest of its own.
		# shellcheck disable=SC2046,SC2086
		[ "$v" = kasan ] &&
			run_guest "guest-debug-$v-lockdown" tools/testing/vm/memfrag-vm \
			--logdir "$LOGDIR/guest-debug-$v-lockdown.vm" \
			--kernel-dir "$kdir" -M "$out/memfrag.ko" \
			--append lockdown=confidentiality $(selftests) \
			-- ./memfrag_module_test -t lockdown_closes_trace_files &
		# The suite, retried as the stock kernels' are (a kernel
		# report, the kmemleak scan's included, is never retried).
		# Its guest ran 1795 to 2020 s on a quiet machine and past
		# memfrag-vm's 2700 s for a debug kernel on a busy one: 3300 s,
		# still within CI's time, as it starts with the run.
		run_guest "guest-debug-$v" suite_guest "guest-debug-$v" \
			"$RUN_SELFTESTS_KMEMLEAK" "${scope[@]}" --timeout 3300 \
			--kernel-dir "$kdir" -M "$out/memfrag.ko" \
			-a "$out/memfrag_nest.ko"
		# make test-reliability: the tool against the live module too.
		if [ "${RELIABILITY:-0}" = 1 ]; then
			while [ ! -e "$LOGDIR/results/tool-built" ]; do sleep 5; done
			run_guest "tool-guest-debug-$v" tools/testing/vm/memfrag-vm \
				"${scope[@]}" --logdir "$LOGDIR/tool-guest-debug-$v.vm" \
				--kernel-dir "$kdir" -M "$out/memfrag.ko" \
				-a tools/memfrag/memfrag-static -a tests/tool/guest-test.sh \
				-a build/selftests/memfrag_workload -- sh ./guest-test.sh
		fi
	done
	wait
}

# demo_check: the README's main job, in which every tracepoint it
# attached must have fired.
demo_check() {
	scripts/demo.sh &&
	awk '/^### cat .*status$/ { s = 1; next } /^###/ { s = 0 }
	     s && $2 == "attached" { a++; if ($3 > 0) hit++ }
	     END { print a " attached, " hit " with hits"; exit !(a > 0 && a == hit) }' \
		"$LOGDIR/demo.log"
}

# host_lane: the host checks, one after another; what they print goes to
# $LOGDIR/host-lane.out, their counts to $LOGDIR/results/host-lane.
host_lane() {
	exec >"$LOGDIR/host-lane.out" 2>&1
	passed=0 failed=0 skipped=0 failures=()
	# The Debian packages: built, lintian, installed (DKMS builds
	# memfrag.ko for every kernel with headers, copied to
	# build/dkms/<release>/ for the guests that boot it), purged leaving
	# nothing.
	step packages tests/packages/run.sh
	touch "$LOGDIR/results/packages-done"
	step checkpatch make checkpatch
	step check-lists-benchmark make check-lists check-literals check-probe-bench
	# The build root's kernels: sparse where their kbuild accepts this sparse.
	step_or_skip sparse-buildroot scripts/sparse-buildroot.sh
	expect_fail make-without-headers "apt-get install linux-headers-0.0-none" \
		make module KRELEASE=0.0-none
	# 32-bit: refused at build time with memfrag's message, and no .ko.
	expect_fail build-i386 "memfrag needs a 64-bit kernel" sh -c 'rm -rf build/i386; scripts/kbuild.sh memfrag "$(scripts/kernels.sh kdir-i386)" build/i386 ARCH=i386; rc=$?; ls build/i386/*.ko 2>/dev/null && exit 0; exit $rc'
	expect_fail vm-unknown-kernel "linux-image" tools/testing/vm/memfrag-vm -k 5.10 -- true
	expect_fail vm-arm64-hostroot "cannot run" \
		tools/testing/vm/memfrag-vm -k arm64:6.1 --hostroot -- true
	expect_fail vm-arm64-not-fetched "scripts/kernels.sh fetch arm64:6.12" \
		env MEMFRAG_ARM64_CACHE="$LOGDIR/no-arm64-cache" tools/testing/vm/memfrag-vm -k arm64:6.12 -- true
	# The README's main job: every tracepoint it attached must have fired.
	step demo demo_check
	step tool-host-tests tests/tool/run.sh
	step unit-read-merge make unit-test
	# memfrag prometheus: promtool, values against the recordings, resets;
	# then a real node_exporter and Prometheus on loopback ports of their own;
	# a missing promtool, prometheus or node_exporter is a SKIP (exit 4).
	step_or_skip tool-prometheus tests/tool/prometheus.sh
	step_or_skip prometheus-e2e tests/tool/prometheus-e2e.sh
	# The packages' version checks; then an enabled memfrag-prometheus
	# collecting across an upgrade in a systemd-nspawn container (the
	# release's packages from the packages step and a snapshot's), removed
	# and purged; then autopkgtest itself on those packages, this machine its
	# test bed (null runner): the tool's test (debian/tests) and autodep8's
	# DKMS build, after which everything it installed is purged.  It installs
	# memfrag here, so it comes after every step that wants it absent.
	step packages-version tests/packages/version-test.sh
	step_or_skip packages-upgrade tests/packages/upgrade-test.sh --release build/packages
	step_or_skip packages-autopkgtest tests/packages/autopkgtest.sh build/packages
	echo "$passed $failed $skipped" >"$LOGDIR/results/host-lane"
	printf '%s\n' "${failures[@]}" >"$LOGDIR/results/host-lane.failures"
}

# host_lane_collect: the lane's output and counts, once it is done.
host_lane_collect() {
	local p f s
	cat "$LOGDIR/host-lane.out"
	if ! read -r p f s <"$LOGDIR/results/host-lane" 2>/dev/null; then
		fail "host lane: no verdict" "$LOGDIR/host-lane.out"
		return
	fi
	passed=$((passed + p)) failed=$((failed + f)) skipped=$((skipped + s))
	while IFS= read -r line; do
		[ -n "$line" ] && failures+=("$line")
	done <"$LOGDIR/results/host-lane.failures"
}

# The debug kernels' build is the longest step: what it needs first, then
# the build (one background job, once per machine, then cached) and its
# guests beside everything else.  While it runs it holds one of the JOBS
# slots.
step install-deps-early scripts/install-deps.sh early
debug_pipeline &
step install-deps scripts/install-deps.sh
# Which kernels Debian's lists gave the matrix today.
scripts/kernels.sh picked | sed 's/^kernels.sh: /# kernel /'
KERNELS=${KERNELS:-$(scripts/kernels.sh list)}
newest=$(scripts/kernels.sh series | awk '{ print $NF }')
# A mirror in sync fails apt-get update on one index: fetch goes on.
step_or_skip kernels-apt-index-failure tests/unit/kernels-apt-test.sh
# At W=1 and through sparse, any warning failing: the modules the guests
# load are the ones checked.
step build-matrix make modules-matrix CHECKED=1
# The path a kernel whose pageblock layout memfrag does not know takes.
pb_unknown=build/pb-unknown/$(scripts/kernels.sh release "$newest" 2>/dev/null)
step build-pageblock-unknown scripts/kbuild.sh memfrag \
	"$(scripts/kernels.sh kdir "$newest" 2>/dev/null)" "$pb_unknown" \
	KCFLAGS=-DMEMFRAG_PB_ASSUME_UNKNOWN
step build-selftests make selftests
touch "$LOGDIR/results/selftests-built"
# arm64 guests have no host userspace to borrow: their cross-built one.
step build-selftests-arm64 make selftests-arm64
step tool-build make -C tools/memfrag
step tool-static make -C tools/memfrag static
touch "$LOGDIR/results/tool-built"
# The checks that need no guest of this script's run one after another in
# one background lane beside the guests, which no longer wait for them:
# on two cores a run is bound by its work, and a lane run after the last
# guest started left a core idle at the end.  First the Debian packages,
# whose DKMS modules some guests boot (packages_done says when), then
# the rest.  Its verdicts are counted with the guests' (host_lane_collect).
host_lane &
lane_pid=$!

# The guests start here, two at a time (JOBS), beside the host lane: the
# kernels' long suites start as early as their modules, selftests and
# tool builds allow, the ones on DKMS-built modules once those are built.
# Which guests each kernel gets (Documentation/memfrag.rst, "Testing"
# says why): the kselftests on every kernel, on Debian 12's x86_64 ones
# with the module DKMS built; the tool's guest test on the newest series'
# kernels and on 6.12 (make test-full: on every kernel); the two-node
# NUMA + Movable guest and the 300 stress cycles on the newest series
# (make test-full: NUMA on every generic kernel); memfrag record plotted
# here on 6.12 (make test-full: every generic x86_64 kernel).  The newest
# series' generic kernel boots with preempt=full: its probes are then
# preemptible wherever the kernel allows.
# Kernels whose kselftests only make test-full runs: each repeats what
# the default run proves on another kernel.  arm64 6.1, 6.12 and the
# newest series' 4 KiB kernel: memfrag's version differences are the
# same code on every architecture (x86_64 6.1 and 6.12 run them), and
# the newest arm64 kernel with 16 KiB pages runs arm64's unwinder, its
# layout and the newest series (the 4 KiB one still runs the tool);
# 6.1-rt: PREEMPT_RT on 6.12-rt and the newest series, 6.1 on generic.
# Under TCG each arm64 suite takes 6 to 13 minutes of a core, and CI
# has 60 minutes on two cores for everything.
suite_is_full() {
	case $1 in
	arm64:6.1 | arm64:6.12 | "arm64:$newest" | 6.1-rt) return 0 ;;
	esac
	return 1
}

# is_dkms_kernel K: Debian 12's x86_64 kernels (installed as packages,
# with headers), whose suite runs on the memfrag.ko that DKMS built when
# the host lane installed the memfrag-dkms package.
is_dkms_kernel() {
	[ "$(scripts/kernels.sh arch "$1")" = x86_64 ] &&
		[ -z "$(scripts/kernels.sh buildroot "$1")" ]
}

# kernel_guests K: every guest of kernel K.
kernel_guests() {
	local k=$1 release arch flavour series nest st_dir tool_static boot n ko dkms
	if ! release=$(scripts/kernels.sh release "$k"); then
		fail "kernel $k not installed ($(scripts/kernels.sh packages "$k" 2>&1))" "$LOGDIR"
		return
	fi
	arch=$(scripts/kernels.sh arch "$k")
	flavour=$(scripts/kernels.sh flavour "$k")
	series=${k#arm64:}
	series=${series%-*}
	# memfrag_nest_test's helper module, built for this kernel by
	# make modules-matrix.
	nest=(-a "build/$release/memfrag_nest.ko")
	# arm64: the cross-built static userspace (make selftests-arm64).
	st_dir='' tool_static=''
	if [ "$arch" = arm64 ]; then
		st_dir=build/arm64/selftests tool_static=build/arm64/tool/memfrag-static
	fi
	boot=()
	[ "$k" = "$newest" ] && boot=(--append preempt=full)
	n=${k/:/-}
	ko=build/$release/memfrag.ko
	dkms=
	if is_dkms_kernel "$k"; then
		dkms=1
		ko=build/dkms/$release/memfrag.ko
		[ -e "$ko" ] || {
			fail "guest-$n: DKMS built no module for $release" "$LOGDIR/packages.log"
			return
		}
	fi
	# The suite on every kernel but the ones only make test-full boots it
	# on (suite_is_full says why).
	if ! suite_is_full "$k" || [ "${FULL:-0}" = 1 ]; then
		selftests_guest "guest-$n" -k "$release" -M "$ko" "${boot[@]}" "${nest[@]}"
	fi
	if [ "$flavour" = generic ] &&
		{ { [ "$k" = "$newest" ] && [ "$arch" = x86_64 ]; } || [ "${FULL:-0}" = 1 ]; }; then
		selftests_guest "guest-$n-numa2-movable" -k "$release" \
			-M "build/$release/memfrag.ko" --numa 2 \
			--movablecore 512M --mem 3G "${boot[@]}" "${nest[@]}"
	fi
	[ "$k" = "$newest" ] &&
		spawn "guest-$n-pageblock-unknown" tools/testing/vm/memfrag-vm \
			--logdir "$LOGDIR/guest-$n-pageblock-unknown.vm" -k "$release" \
			-M "$pb_unknown/memfrag.ko" -a build/selftests/memfrag_module_test \
			-a build/selftests/memfrag_snapshot_test \
			-a build/selftests/memfrag_migratetype_test \
			-a tests/module/pageblock-unknown.sh -- sh -c "$RUN_SUITE; sh ./pageblock-unknown.sh || rc=1; exit \$rc"
	# The run table and per-CPU batches at 16 CPUs, with 32 direct
	# compactions at once: on this kernel only, the probes preemptible.
	[ "$k" = "$newest" ] &&
		scale_guest "guest-$n-smp16-scale" -k "$release" \
			-M "build/$release/memfrag.ko" "${boot[@]}"
	[ "$k" = "$newest" ] && [ "${RELIABILITY:-0}" != 1 ] &&
		reliability_guest spawn "guest-$n-reliability" \
			"${STOCK_STRESS_CYCLES:-300}" \
			-- -k "$release" -M "build/$release/memfrag.ko" "${boot[@]}"
	# The tool against the live module: on the newest series' generic
	# kernels (x86_64, arm64 and arm64 16k) and on 6.12 (make test-full:
	# every kernel); on 6.12 with the DKMS module, after the module
	# selftest and memfrag prometheus.
	if { [ "$series" = "$newest" ] && [ "$flavour" != rt ]; } ||
		[ "$k" = 6.12 ] || [ "${FULL:-0}" = 1 ]; then
		DKMS=${dkms:-0} tool_guest "tool-guest-$n" -k "$release" -M "$ko"
	fi
	# memfrag record in the guest while the workload runs; plot and
	# compare here; recordings that SIGKILL cut short (kill-test.sh).
	[ "$flavour" = generic ] && [ "$arch" = x86_64 ] &&
		{ [ "$series" = 6.12 ] || [ "${FULL:-0}" = 1 ]; } &&
		spawn "plot-guest-$n" tests/tool/plot-record.sh -k "$release" -M "build/$release/memfrag.ko"
}

# arm64 guests first: under TCG they are the longest, and two cores
# finish soonest when the longest start first.  The kernels whose guests
# boot a DKMS-built module come last, once the host lane's packages step
# is done.
for k in $(printf '%s\n' $KERNELS | grep '^arm64:') $(printf '%s\n' $KERNELS | grep -v '^arm64:'); do
	is_dkms_kernel "$k" || kernel_guests "$k"
done
while [ ! -e "$LOGDIR/results/packages-done" ] && kill -0 "$lane_pid" 2>/dev/null; do
	sleep 5
done
for k in $KERNELS; do
	! is_dkms_kernel "$k" || kernel_guests "$k"
done


wait
host_lane_collect
for v in $DEBUG_KERNELS; do
	for st in debug-kernel debug-modules; do
		read -r rc <"$LOGDIR/results/$st-$v" 2>/dev/null || rc=1
		if [ "$rc" = 0 ]; then
			ok "$st $v ($(tail -n 1 "$LOGDIR/$st-$v.log"))"
		else
			fail "$st $v" "$LOGDIR/$st-$v.log"
			continue 2
		fi
	done
	guest_names+=("guest-debug-$v")
	[ "${RELIABILITY:-0}" = 1 ] && guest_names+=("tool-guest-debug-$v")
	[ "$v" = kasan ] && guest_names+=("guest-debug-$v-lockdown")
	[ "$v" = kasan ] && [ "${RELIABILITY:-0}" != 1 ] &&
		guest_names+=("guest-debug-$v-reliability")
done
for name in "${guest_names[@]}"; do
	case $name in
	tool-guest-* | plot-guest-*) collect "$name" tool ;;
	*) collect "$name" selftests ;;
	esac
done
note "# guests done after $(($(date +%s) - start)) s"

if [ ${#retried[@]} -gt 0 ]; then
	note "# failed, then run again (the retry's verdict counts):"
	printf '#   %s\n' "${retried[@]}"
fi
if [ ${#failures[@]} -gt 0 ]; then
	note "# failures:"
	printf '#   %s\n' "${failures[@]}"
fi
note "memfrag: $passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]

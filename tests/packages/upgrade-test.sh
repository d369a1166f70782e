#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# upgrade-test.sh: an enabled memfrag-prometheus.service keeps collecting
# across a package upgrade, and is stopped on remove; purge leaves nothing.
#
# In a Debian 12 container with systemd as PID 1 (systemd-nspawn -b, an
# ephemeral copy of a minbase rootfs with systemd and dkms, made once with
# debootstrap and cached in $MEMFRAG_NSPAWN_ROOT, default
# /var/cache/memfrag/bookworm-systemd):
#  1. builds the tree's packages twice: as the tree says (the release;
#     --release DIR takes them from DIR, as tests/packages/run.sh left
#     them in build/packages, when they are of the tree's version) and as a
#     snapshot (scripts/snapshot-version.sh), which is newer;
#  2. with --timer-era DEB (a memfrag package whose collector was
#     memfrag-prometheus.timer, e.g. built from commit 4b9ca33): installs
#     it, enables the timer, upgrades to the release and checks the
#     service took over (enabled, active, the timer's link gone), then
#     purges; without it this check is skipped, saying so.
#     Installs the release: the service is installed, not enabled, not run;
#  3. enables it with a drop-in that reads a directory of recorded module
#     files (MEMFRAG_DIR; the module cannot load in a container) every
#     second into /srv/textfile: memfrag.prom must show the recording's
#     mm_compaction_begin hits, as its status file says (read with awk);
#  4. upgrades to the snapshot: the service must be running the new tool
#     (another PID, `memfrag --version` the snapshot), and after the
#     module files change to a later recording memfrag.prom must be
#     rewritten after the upgrade with the later value;
#  5. without the recording (no module: no debugfs in the container) the
#     service goes on, writing memfrag_up 0, and is not failed;
#  6. systemd-analyze security rates the unit's exposure below 2.0, and
#     its sandbox reads a root-only file under /sys/kernel/debug (a
#     stand-in: the container has no debugfs) and cannot write it;
#  7. removes both packages: the service is stopped; purges them: no
#     package state, tool, unit, enablement, state or conffile is left.
# Needs root, systemd-nspawn (systemd-container), debootstrap (for the
# first run), dpkg-buildpackage.  A missing one is a SKIP (exit 4, the
# kselftest code), with the reason.
#
#   upgrade-test.sh [--release DIR] [--timer-era DEB]
set -uo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
ROOT=${MEMFRAG_NSPAWN_ROOT:-/var/cache/memfrag/bookworm-systemd}
MIRROR=${MEMFRAG_MIRROR:-http://deb.debian.org/debian}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/memfrag-upgrade.XXXXXX")
nspawn=
failed=0
passed=0
t_start=$(date +%s)

say() { printf 'upgrade: %s\n' "$*"; }
ok() { say "ok: $*"; passed=$((passed + 1)); }
fail() { say "FAIL: $*"; failed=$((failed + 1)); }
skip() { say "SKIP: $*"; say "0 passed, 0 failed, 1 skipped"; exit 4; }
die() { say "FAIL: $*"; failed=$((failed + 1)); finish; }
cleanup() {
	if [ -n "$nspawn" ] && kill -0 "$nspawn" 2>/dev/null; then
		ct systemctl poweroff >/dev/null 2>&1
		for _ in $(seq 50); do kill -0 "$nspawn" 2>/dev/null || break; sleep 0.2; done
		kill "$nspawn" 2>/dev/null
		wait "$nspawn" 2>/dev/null
	fi
	rm -rf "$tmp"
}
finish() {
	say "$passed passed, $failed failed ($(($(date +%s) - t_start)) s)"
	[ "$failed" -eq 0 ]
	exit
}
trap cleanup EXIT

release_debs=
timer_deb=
while [ $# -gt 0 ]; do
	case $1 in
	--release) release_debs=${2:-}; shift 2 || break ;;
	--timer-era) timer_deb=$(readlink -f "${2:-}"); shift 2 || break ;;
	*) echo "usage: $0 [--release DIR] [--timer-era DEB]" >&2; exit 2 ;;
	esac
done
if [ -n "$timer_deb" ]; then
	[ -f "$timer_deb" ] || { echo "$0: --timer-era: no file $timer_deb" >&2; exit 2; }
	mkdir -p "$tmp/timer" && cp "$timer_deb" "$tmp/timer/memfrag.deb"
fi

[ "$(id -u)" = 0 ] || skip "needs root (systemd-nspawn, dpkg in the container)"
for c in systemd-nspawn nsenter dpkg-buildpackage git; do
	command -v "$c" >/dev/null || skip "$c is missing (scripts/install-deps.sh: systemd-container, dpkg-dev, util-linux)"
done

# The rootfs, made once: minbase with systemd and dkms (memfrag-dkms's
# dependency; with no kernel headers in it, DKMS builds nothing).
if [ ! -x "$ROOT/lib/systemd/systemd" ] || [ ! -x "$ROOT/usr/sbin/dkms" ]; then
	command -v debootstrap >/dev/null || skip "no rootfs in $ROOT and no debootstrap to make it"
	t0=$(date +%s)
	rm -rf "$ROOT.new" && mkdir -p "$(dirname "$ROOT")"
	debootstrap --variant=minbase --include=systemd,systemd-sysv,dbus,dkms \
		bookworm "$ROOT.new" "$MIRROR" >"$tmp/debootstrap.log" 2>&1 || {
		tail -n 20 "$tmp/debootstrap.log"
		die "debootstrap of $ROOT failed"
	}
	rm -rf "$ROOT" && mv "$ROOT.new" "$ROOT"
	say "made $ROOT in $(($(date +%s) - t0)) s"
fi

# 1. The release and a newer snapshot, each built from a copy of the tree.
build() {
	local dir=$1 snap=$2
	mkdir -p "$dir/src"
	(cd "$top" && git ls-files -co --exclude-standard -z) |
		(cd "$top" && tar --null -T - --ignore-failed-read -cf - 2>/dev/null) |
		tar -xf - -C "$dir/src" || return 1
	if [ -n "$snap" ]; then
		GIT_DIR=$(git -C "$top" rev-parse --absolute-git-dir) \
			"$top/scripts/snapshot-version.sh" -C "$dir/src" >/dev/null || return 1
	fi
	(cd "$dir/src" && DEB_BUILD_OPTIONS="nocheck noautodbgsym" \
		dpkg-buildpackage -us -uc -b) >"$dir/build.log" 2>&1 || {
		tail -n 20 "$dir/build.log"
		return 1
	}
	rm -rf "$dir/src"
}
t0=$(date +%s)
tree_ver=$(dpkg-parsechangelog -l "$top/debian/changelog" -S Version)
mkdir -p "$tmp/v1"
if [ -n "$release_debs" ] && [ -e "$release_debs/memfrag_${tree_ver}_amd64.deb" ] &&
	[ -e "$release_debs/memfrag-dkms_${tree_ver}_all.deb" ]; then
	cp "$release_debs/memfrag_${tree_ver}_amd64.deb" \
		"$release_debs/memfrag-dkms_${tree_ver}_all.deb" "$tmp/v1/"
	say "the release's packages: $release_debs's"
else
	build "$tmp/v1" "" || die "building the release failed"
fi
build "$tmp/v2" 1 || die "building the snapshot failed"
v1=$(dpkg-deb -f "$tmp"/v1/memfrag_*.deb Version)
v2=$(dpkg-deb -f "$tmp"/v2/memfrag_*.deb Version)
dpkg --compare-versions "$v2" gt "$v1" || die "snapshot $v2 is not above $v1"
say "have $v1, built $v2; in $(($(date +%s) - t0)) s"

# The container, booted from an ephemeral copy of the rootfs.
t0=$(date +%s)
rec=$top/tests/tool/recorded/6.12
# A stand-in for debugfs (the container has none): a root-only status
# file, as the module makes its files, at /sys/kernel/debug/memfrag.
mkdir -p "$tmp/debugfs/memfrag"
cp "$rec/2/status" "$tmp/debugfs/memfrag/status"
chmod 0400 "$tmp/debugfs/memfrag/status"
chmod 0700 "$tmp/debugfs"
systemd-nspawn -q -x -D "$ROOT" --register=no --keep-unit -b \
	--machine="memfrag-upgrade-$$" \
	--bind-ro="$tmp:/srv/debs" --bind-ro="$rec:/srv/recorded" \
	--bind-ro="$tmp/debugfs:/sys/kernel/debug" \
	</dev/null >"$tmp/console.log" 2>&1 &
nspawn=$!
leader=
for _ in $(seq 300); do
	leader=$(ps -o pid= --ppid "$nspawn" 2>/dev/null | tr -d ' ' | head -n 1)
	if [ -n "$leader" ] && [ "$(cat "/proc/$leader/comm" 2>/dev/null)" = systemd ]; then
		break
	fi
	leader=
	sleep 0.1
done
[ -n "$leader" ] || { tail -n 20 "$tmp/console.log"; die "the container did not boot"; }
ct() { nsenter -t "$leader" -m -u -i -n -p -- env -i \
	PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive "$@"; }
for _ in $(seq 300); do
	st=$(ct systemctl is-system-running 2>/dev/null)
	case $st in running | degraded) break ;; esac
	sleep 0.1
done
[ "$st" = running ] || { ct systemctl --failed; die "the container's system is '$st', not running"; }
say "container up in $(($(date +%s) - t0)) s"

# What memfrag did not compute: a recording's mm_compaction_begin hits.
hits() { awk '$1 == "compaction:mm_compaction_begin" { print $3 }' "$rec/$1/status"; }
h1=$(hits 1)
h2=$(hits 2)
[ -n "$h1" ] && [ -n "$h2" ] && [ "$h1" != "$h2" ] || die "recordings 1 and 2 have no distinct mm_compaction_begin hits"
prom_hits() { ct sed -n 's/^memfrag_tracepoint_hits_total{tracepoint="compaction:mm_compaction_begin",[^}]*} //p' \
	/srv/textfile/memfrag.prom 2>/dev/null; }
# Waits up to 20 s for memfrag.prom to say $1 mm_compaction_begin hits.
wait_hits() {
	for _ in $(seq 100); do
		[ "$(prom_hits)" = "$1" ] && return 0
		sleep 0.2
	done
	return 1
}
unit=memfrag-prometheus.service

# 2. From the timer era: a host that had enabled the timer collects on.
if [ -n "$timer_deb" ]; then
	ct sh -c 'dpkg -i /srv/debs/timer/memfrag.deb &&
		systemctl enable memfrag-prometheus.timer' >"$tmp/timer.log" 2>&1 ||
		{ cat "$tmp/timer.log"; die "installing $timer_deb and enabling its timer failed"; }
	ct dpkg -i "/srv/debs/v1/memfrag-dkms_${v1}_all.deb" "/srv/debs/v1/memfrag_${v1}_amd64.deb" \
		>"$tmp/install.log" 2>&1 || { tail -n 20 "$tmp/install.log"; die "dpkg -i $v1 over the timer era failed"; }
	en=$(ct systemctl is-enabled "$unit" 2>&1)
	act=$(ct systemctl is-active "$unit" 2>&1)
	link=$(ct find /etc/systemd/system -name 'memfrag-prometheus.timer')
	if [ "$en" = enabled ] && [ "$act" = active ] && [ -z "$link" ]; then
		ok "from the timer era: $unit $en, $act, the timer's link gone"
	else
		fail "from the timer era: $unit '$en', '$act', timer link '$link'"
	fi
	ct dpkg --purge memfrag memfrag-dkms >"$tmp/purge.log" 2>&1 ||
		{ tail -n 20 "$tmp/purge.log"; die "dpkg --purge after the timer era failed"; }
else
	say "SKIP: the upgrade from the timer era (no --timer-era DEB)"
fi

# The release installed: the service is there, disabled, not run.
ct dpkg -i "/srv/debs/v1/memfrag-dkms_${v1}_all.deb" "/srv/debs/v1/memfrag_${v1}_amd64.deb" \
	>"$tmp/install.log" 2>&1 || { tail -n 20 "$tmp/install.log"; die "dpkg -i $v1 failed"; }
en=$(ct systemctl is-enabled "$unit" 2>&1)
act=$(ct systemctl is-active "$unit" 2>&1)
if [ "$en" = disabled ] && [ "$act" = inactive ]; then
	ok "$v1 installed: $unit $en, $act"
else
	fail "$v1 installed: $unit is '$en', '$act' (want disabled, inactive)"
fi

# 3. Enabled, reading a copy of recording 1 every second.
ct sh -c 'mkdir -p /srv/live /srv/textfile /etc/systemd/system/memfrag-prometheus.service.d &&
	cp /srv/recorded/1/* /srv/live/ &&
	printf "[Service]\nEnvironment=MEMFRAG_DIR=/srv/live INTERVAL=1 TEXTFILE_DIR=/srv/textfile\nReadWritePaths=/srv/textfile\n" \
		>/etc/systemd/system/memfrag-prometheus.service.d/recorded.conf &&
	systemctl daemon-reload && systemctl enable --now memfrag-prometheus.service' \
	>"$tmp/enable.log" 2>&1 || { cat "$tmp/enable.log"; die "systemctl enable --now $unit failed"; }
if wait_hits "$h1"; then
	ok "enabled: memfrag.prom says $h1 mm_compaction_begin hits, as recording 1's status"
else
	ct journalctl -u "$unit" --no-pager | tail -n 10
	fail "enabled: memfrag.prom says '$(prom_hits)' mm_compaction_begin hits, recording 1 $h1"
fi
pid1=$(ct systemctl show -P MainPID "$unit")

# 4. The upgrade: the new tool runs and writes the module's new values.
t_up=$(ct date +%s)
sleep 1
ct dpkg -i "/srv/debs/v2/memfrag-dkms_${v2}_all.deb" "/srv/debs/v2/memfrag_${v2}_amd64.deb" \
	>"$tmp/upgrade.log" 2>&1 || { tail -n 20 "$tmp/upgrade.log"; die "dpkg -i $v2 failed"; }
act=$(ct systemctl is-active "$unit")
pid2=$(ct systemctl show -P MainPID "$unit")
ver=$(ct /usr/bin/memfrag --version)
if [ "$act" = active ] && [ "$pid2" != 0 ] && [ "$pid2" != "$pid1" ] &&
	[ "${ver#memfrag "$v2" }" != "$ver" ]; then
	ok "upgraded to $v2: $unit active, restarted (PID $pid1 then $pid2)"
else
	fail "upgraded to $v2: $unit '$act', PID $pid1 then $pid2, tool '$ver'"
fi
ct sh -c 'cp /srv/recorded/2/* /srv/live/'
if wait_hits "$h2" && mtime=$(ct stat -c %Y /srv/textfile/memfrag.prom) &&
	[ "$mtime" -gt "$t_up" ]; then
	ok "after the upgrade: memfrag.prom rewritten ($((mtime - t_up)) s after it) with $h2 mm_compaction_begin hits, as recording 2's status"
else
	ct journalctl -u "$unit" --no-pager | tail -n 10
	fail "after the upgrade: memfrag.prom says '$(prom_hits)' hits (want $h2), mtime ${mtime:-?}, upgrade at $t_up"
fi

# 5. No module: memfrag_up 0, the service running, not failed.
ct sh -c 'sed -i "s|MEMFRAG_DIR=/srv/live ||" /etc/systemd/system/memfrag-prometheus.service.d/recorded.conf &&
	systemctl daemon-reload && systemctl restart memfrag-prometheus.service'
up=
for _ in $(seq 50); do
	up=$(ct sed -n 's/^memfrag_up //p' /srv/textfile/memfrag.prom 2>/dev/null)
	[ "$up" = 0 ] && break
	sleep 0.2
done
sleep 2
act=$(ct systemctl is-active "$unit")
sys=$(ct systemctl is-system-running)
if [ "$up" = 0 ] && [ "$act" = active ] && [ "$sys" = running ]; then
	ok "without the module: memfrag_up 0, $unit $act, system $sys"
else
	fail "without the module: memfrag_up '$up', $unit '$act', system '$sys'"
fi

# 6. Its exposure, as systemd rates it.
exp=$(ct systemd-analyze security "$unit" 2>/dev/null |
	sed -n 's/^→ Overall exposure level for [^:]*: \([0-9.]*\).*/\1/p')
if [ -n "$exp" ] && awk -v e="$exp" 'BEGIN { exit !(e < 2.0) }'; then
	ok "systemd-analyze security: exposure $exp (below 2.0)"
else
	fail "systemd-analyze security: exposure '${exp:-none}' (want below 2.0)"
fi

# 6b. Its sandbox (the unit's own [Service] settings but what runs it)
# reads a root-only file under /sys/kernel/debug, and cannot write it:
# no capability is needed to read the module's files, and the kernel's
# tunables stay read-only.
sandbox=(bash -c 'args=()
	while IFS= read -r l; do args+=(-p "$l"); done < <(awk "
		/^\[Service\]/ { s = 1; next } /^\[/ { s = 0 }
		s && /^[A-Z]/ && !/^(Type|Environment|StateDirectory|ExecStart|SuccessExitStatus|LogRate|Restart|UMask)/
		" /usr/lib/systemd/system/memfrag-prometheus.service)
	systemd-run --wait --pipe -q "${args[@]}" "$@"' sandbox)
ct "${sandbox[@]}" cat /sys/kernel/debug/memfrag/status >"$tmp/sandbox-read" 2>"$tmp/sandbox.err"
read_rc=$?
ct "${sandbox[@]}" sh -c 'echo x >/sys/kernel/debug/memfrag/status' >>"$tmp/sandbox.err" 2>&1
write_rc=$?
if [ $read_rc = 0 ] && cmp -s "$tmp/sandbox-read" "$rec/2/status" && [ $write_rc != 0 ]; then
	ok "the unit's sandbox reads a root-only file of /sys/kernel/debug ($(wc -l <"$tmp/sandbox-read") lines) and cannot write it"
else
	cat "$tmp/sandbox.err" >&2
	fail "the unit's sandbox: read exit $read_rc ($(wc -c <"$tmp/sandbox-read") bytes), write exit $write_rc"
fi

# 7. Remove: stopped.  Purge: nothing left.
ct dpkg -r memfrag memfrag-dkms >"$tmp/remove.log" 2>&1 || { tail -n 20 "$tmp/remove.log"; fail "dpkg -r failed"; }
act=$(ct systemctl is-active "$unit")
# minbase has no pgrep: the processes named memfrag, from /proc.
procs() { ct sh -c 'grep -lx memfrag /proc/[0-9]*/comm 2>/dev/null'; }
if [ "$act" = inactive ] && [ -z "$(procs)" ]; then
	ok "removed: $unit $act, no memfrag process"
else
	fail "removed: $unit '$act', processes: $(procs)"
fi
ct rm -rf /etc/systemd/system/memfrag-prometheus.service.d
ct dpkg --purge memfrag memfrag-dkms >"$tmp/purge.log" 2>&1 || { tail -n 20 "$tmp/purge.log"; fail "dpkg --purge failed"; }
left=$(ct sh -c 'dpkg-query -W -f="\${Package} \${Status}\n" memfrag memfrag-dkms 2>/dev/null |
		grep -v " not-installed$"
	ls -d /usr/bin/memfrag /usr/lib/systemd/system/memfrag* /lib/systemd/system/memfrag* \
		/var/lib/memfrag /etc/modules-load.d/memfrag.conf /usr/src/memfrag-* \
		/var/lib/dkms/memfrag /usr/share/doc/memfrag* 2>/dev/null
	find /etc/systemd/system /var/lib/systemd/deb-systemd-helper-enabled \
		/var/lib/systemd/deb-systemd-helper-masked -name "memfrag*" 2>/dev/null')
if [ -z "$left" ]; then
	ok "purged: no package state, tool, unit, enablement, state or conffile left"
else
	echo "$left"
	fail "purge left files behind"
fi
finish

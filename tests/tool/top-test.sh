#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# top-test.sh TOOL RECORDED: memfrag top in a real terminal (tmux): the
# screen shows runs, stalls, fallbacks and zones; s and f re-sort the
# zones; q and SIGTERM end it with the terminal's settings restored (stty
# -a before and after); a refresh shows what changed since the last one
# (recording 2 minus recording 1, read as they change); at 80x24 the
# stall percentiles are on the screen, ? and h list the keys, and a
# replayed directory shows when it was recorded; a reset_generation step
# (format 6) is a reset though no counter went down.  Prints "ok"/"not
# ok" lines like run.sh; exits 77
# without tmux.
set -uo pipefail
tool=$1 rec=$2
command -v tmux >/dev/null || { echo "# SKIP top: no tmux"; exit 77; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/memfrag-top.XXXXXX")
sock=$tmp/tmux
tm() { tmux -S "$sock" "$@"; }
trap 'tm kill-server 2>/dev/null; rm -rf "$tmp"' EXIT
rc=0
check() {
	if eval "$2"; then echo "ok - top: $1"; else
		echo "not ok - top: $1"; sed 's/^/#   /' "$tmp/screen" | head -40
		rc=1
	fi
}
# start ARGS: top in a 100x44 terminal (room for the stalls above the
# zones and the fallbacks below), the stty settings saved around it
starts=0
start() {
	# a server of its own for each start: no race with the last one's exit
	tm kill-server 2>/dev/null
	starts=$((starts + 1))
	sock=$tmp/tmux.$starts
	tm new-session -d -x "${cols:-100}" -y "${rows:-44}" "stty -a >$tmp/before; \
		echo \$\$ >$tmp/shell; $tool $* top; echo EXIT=\$? >$tmp/exit; \
		stty -a >$tmp/after; sleep 60"
	for _ in $(seq 50); do
		tm capture-pane -p >"$tmp/screen"
		grep -q '^memfrag top' "$tmp/screen" && return 0
		sleep 0.1
	done
}
shown() { tm capture-pane -p >"$tmp/screen"; }
wait_exit() {
	for _ in $(seq 50); do [ -s "$tmp/after" ] && return 0; sleep 0.1; done
	return 1
}

start -d "$rec/6.12-numa/1" -d "$rec/6.12-numa/2" -i 0.2
shown
check "the screen has runs, stalls, fallbacks and zones" \
	'grep -q "^Compaction runs by trigger" $tmp/screen &&
	 grep -q "^Stalls since the module was loaded or reset (direct" $tmp/screen &&
	 grep -q "^Fallbacks to another migratetype" $tmp/screen &&
	 grep -q "^  node:zone" $tmp/screen'
# the zones as the recording lists them, by name; f: least free first
zones() { awk '/^  node:zone/ { z = 1; next } z && /^  [0-9]+:[A-Za-z]/ && $1 !~ /:all$/ { print $1 }' "$tmp/screen" | tr '\n' ' '; }
by_name=$(zones)
tm send-keys f; sleep 0.5; shown
want=$(awk '/^  node:zone/ { z = 1; next } z && /^  [0-9]+:[A-Za-z]/ && $1 !~ /:all$/ { print $2, $1 }' "$tmp/screen" | sort -n -s -k1,1 | awk '{ printf "%s ", $2 }')
check "f sorts the zones by free pages, least first ($(zones))" \
	'[ "$(zones)" = "$want" ] && [ "$(zones)" != "$by_name" ] && grep -q "zones by free" $tmp/screen'
tm send-keys n; sleep 0.5; shown
check "n sorts them by name again" '[ "$(zones)" = "$by_name" ]'
tm send-keys q
wait_exit
check "q quits with status 0" 'grep -q EXIT=0 $tmp/exit'
check "q restores the terminal (stty -a before = after)" \
	'cmp -s $tmp/before $tmp/after'
shown
check "q leaves the alternate screen (no top line on the screen)" \
	'! grep -q "^memfrag top" $tmp/screen'

rm -f "$tmp/after" "$tmp/exit"
start -d "$rec/6.12/1"
pid=
for _ in $(seq 50); do
	pid=$(pgrep -P "$(cat "$tmp/shell" 2>/dev/null)" -x memfrag) && break
	sleep 0.1
done
kill -TERM "$pid"
wait_exit
check "SIGTERM restores the terminal" 'cmp -s $tmp/before $tmp/after'

# an 80x24 terminal: the header stays one line, the screen's first
rm -f "$tmp/after" "$tmp/exit"
cols=80 rows=24 start -d "$rec/6.12-format3/1" -i 0.2
sleep 0.5; shown
check "80x24: the header is the screen's first line" \
	'head -n 1 $tmp/screen | grep -q "^memfrag top"'
# the zones, which s f n sort, are near the top: a 24-line window shows
# them whole, with every populated zone of the recording (at 80 columns
# the table wraps: its second part names the zones again)
want_zones=$(awk '/^\[zones\]/ { s = 1; next } /^\[/ { s = 0 } s && $1 ~ /^[0-9]+$/ { n++ } END { print n + 0 }' "$rec/6.12-format3/1/zones")
check "80x24: the zones table is on the screen, all $want_zones zones ($(zones))" \
	'[ "$want_zones" -gt 0 ] && [ "$(zones | tr " " "\n" | sort -u | grep -c .)" -eq "$want_zones" ] &&
	 grep -q "^  worst orders first" $tmp/screen'
# the stalls of direct compaction, with their percentiles, on that screen:
# the runs the compaction file counts for direct
direct_runs=$(awk '/^\[/ { s = $0 == "[runs]"; next }
	s && $3 == "direct" && $6 ~ /^[0-9]+$/ { n += $6 } END { print n + 0 }' \
	"$rec/6.12-format3/1/compaction")
check "80x24: the stall percentiles are on the screen (direct runs $direct_runs)" \
	'grep -Eq "^  trigger +runs +timed +mean_us +p50_us +p90_us +p99_us +max_us" $tmp/screen &&
	 grep -Eq "^  direct +$direct_runs +[0-9]+ +[0-9]+ +[0-9]+ +[0-9]+ +[0-9]+ +[0-9]+ *$" $tmp/screen'
# a directory without timestamps (this one): its time is unknown, not
# the host's
check "80x24: a directory without timestamps: time unknown" \
	'[ ! -e "$rec/6.12-format3/1/timestamps" ] &&
	 head -n 1 $tmp/screen | grep -q "^memfrag top time unknown"'
# ? shows the keys, any key goes back to the screen
tm send-keys '?'; sleep 0.5; shown
check "80x24: ? lists the keys s f n ? q" \
	'head -n 1 $tmp/screen | grep -q "^memfrag top: keys" &&
	 [ "$(grep -Ec "^  (s|f|n|\? or h|q) +[a-z]" $tmp/screen)" -eq 5 ]'
tm send-keys x; sleep 0.5; shown
check "80x24: a key after ? goes back to the screen" \
	'head -n 1 $tmp/screen | grep -q "^memfrag top time unknown"'
tm send-keys h; sleep 0.5; shown
check "80x24: h lists the keys too" \
	'head -n 1 $tmp/screen | grep -q "^memfrag top: keys"'
tm send-keys q
wait_exit
check "80x24: q quits from the keys' help" 'grep -q EXIT=0 $tmp/exit'

# a replayed directory shows the time it was recorded, from its
# timestamps file, not the host's clock; so do the deltas' lines
rm -f "$tmp/after" "$tmp/exit"
wall=$(sed -n 's/^wall: \([0-9]*\).*/\1/p' "$rec/6.12/1/timestamps")
want_time=$(date -u -d "@$wall" '+%Y-%m-%d %H:%M:%S')
cols=80 rows=24 start -d "$rec/6.12/1" -d "$rec/6.12/2" -i 5
sleep 0.5; shown
check "80x24: the header shows the recorded time, $want_time UTC" \
	'head -n 1 $tmp/screen | grep -q "^memfrag top recorded ${want_time}Z "'
tm send-keys q
wait_exit

# per-refresh deltas: a directory that changes between refreshes, from
# recording 6.12's sample 1 to its sample 2 at once (a symlink renamed
# over); the first screen with runs in its delta line must show sample 2
# minus sample 1, as the compaction files' [runs] rows add up
runs_of() { awk -v t="${2:-}" '/^\[/ { s = $0 == "[runs]"; next }
	s && $6 ~ /^[0-9]+$/ && (t == "" || $3 == t) { n += $6 }
	END { print n + 0 }' "$1/compaction"; }
cp -r "$rec/6.12/1" "$tmp/s1"
cp -r "$rec/6.12/2" "$tmp/s2"
ln -s s1 "$tmp/live"
want_runs=$(($(runs_of "$tmp/s2") - $(runs_of "$tmp/s1")))
want_dir=$(($(runs_of "$tmp/s2" direct) - $(runs_of "$tmp/s1" direct)))
rm -f "$tmp/after" "$tmp/exit"
start -d "$tmp/live" -i 0.3
sleep 1; shown
check "the screen says its deltas are since the last refresh" \
	'grep -q "^Deltas since the last refresh, 0.[0-9] s ago" $tmp/screen &&
	 grep -q "^Totals since the module was loaded" $tmp/screen'
# the delta line: the one under the -i heading (time_utc runs dir ...)
delta() { awk '/^time_utc +runs +dir / { getline; print $2, $3; exit }' "$tmp/screen"; }
before=$(delta)
ln -s s2 "$tmp/live.new" && mv -T "$tmp/live.new" "$tmp/live"
got=
for _ in $(seq 50); do
	shown
	got=$(delta)
	[ -n "$got" ] && [ "${got%% *}" != 0 ] && break
	sleep 0.1
done
check "a refresh shows what changed since the last: runs dir = $got, sample 2 - sample 1 = $want_runs $want_dir (before the change: $before)" \
	'[ "$got" = "$want_runs $want_dir" ] && [ "$before" = "0 0" ] && [ "$want_runs" -gt 0 ]'
tm send-keys q
wait_exit

# Format 6: a reset_generation step between the samples is a reset, though
# every counter of sample 2 is at least sample 1's: the deltas are sample
# 2's own values and the reset column says 1.
# shellcheck source=tests/tool/restart.sh
. "$(dirname "$0")/restart.sh"
restart_dir "$rec/6.12/1" "$tmp/g0" 0123456789abcdef 0
restart_dir "$rec/6.12/2" "$tmp/g1" 0123456789abcdef 1
ln -s g0 "$tmp/glive"
rm -f "$tmp/after" "$tmp/exit"
start -d "$tmp/glive" -i 0.3
sleep 1
ln -s g1 "$tmp/glive.new" && mv -T "$tmp/glive.new" "$tmp/glive"
want_runs=$(runs_of "$tmp/g1")
got=
for _ in $(seq 50); do
	shown
	got=$(awk '/^time_utc +runs +dir / { getline; print $2, $NF; exit }' "$tmp/screen")
	[ -n "$got" ] && [ "${got%% *}" != 0 ] && break
	sleep 0.1
done
check "format 6: a reset_generation step is a reset: runs, reset = $got (sample 2's own runs: $want_runs)" \
	'[ "$got" = "$want_runs 1" ]'
tm send-keys q
wait_exit

# not a terminal: plain -i lines
"$tool" -d "$rec/6.12/1" -d "$rec/6.12/2" -c 2 top >"$tmp/screen" 2>&1
check "stdout not a terminal: plain interval lines" \
	'[ "$(wc -l <$tmp/screen)" -eq 3 ] && head -1 $tmp/screen | grep -Eq "^time_utc +runs "'
exit $rc

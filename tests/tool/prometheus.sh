#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# prometheus.sh: host tests of `memfrag prometheus`, against the module's
# files recorded in QEMU (tests/tool/recorded/):
#  - promtool check metrics finds nothing in the output of every recording;
#  - the exported values equal the recorded files, as awk reads them (not
#    through the tool's parser): compaction runs, begins, the latency
#    histograms (every bucket, _sum, _count), zone gauges (in bytes, of
#    the file's page size, 4096 before format 4), the page size, free
#    blocks, fallbacks, drops, event records dropped; also of a copy made
#    as a kernel of 16 KiB pages writes its files (pagesize.sh);
#  - counters never go backwards across a reset (a recording with smaller
#    counters after a larger one), with the offsets kept in --state, and
#    a new boot starts them again;
#  - --textfile writes memfrag.prom atomically (nothing else left in the
#    directory), memfrag_up 0 when the module's files cannot be read;
#  - bad options and a bad state file: a clear error and nothing changed.
# Ends with "memfrag-prometheus: N passed, N failed, N skipped".
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
rec=$here/recorded
tmp=$(mktemp -d "${TMPDIR:-/tmp}/memfrag-prom-test.XXXXXX")
# a copy: the tests do not see a rebuild of the tree's tool halfway
tool=$tmp/memfrag
trap 'rm -rf "$tmp"' EXIT
unset MEMFRAG_DIR MEMFRAG_DEBUGFS

# shellcheck source=tests/tool/tap.sh
. "$here/tap.sh"
# skip_for WHY: a SKIP whose first reason ends the output, so that
# tools/testing/run-tests.sh shows it (exit status 4, kselftest's SKIP).
skip_why=
skip_for() { [ -n "$skip_why" ] || skip_why=$1; skip "$1"; }
# finish: the counts; exit 1 on a failure, 4 when a test was skipped.
finish() {
	echo "memfrag-prometheus: $passed passed, $failed failed, $skipped skipped"
	[ "$failed" -eq 0 ] || exit 1
	[ "$skipped" -eq 0 ] || { echo "skipped: $skip_why"; exit 4; }
	exit 0
}

if ! make -s -C "$top/tools/memfrag" memfrag >"$tmp/build.log" 2>&1 ||
	! cp "$top/tools/memfrag/memfrag" "$tool"; then
	not_ok "build" "$tmp/build.log"
	finish
fi

# value FILE SERIES: the value of one series line (exact match).
value() { awk -v s="$2" '$1 == s { print $2; found = 1 } END { exit !found }' "$1"; }

# The recordings: every directory that holds a status file; and one of
# them as a kernel of 16 KiB pages writes it (pagesize.sh).
mapfile -t dirs < <(find "$rec" -name status -printf '%h\n' | sort)
# shellcheck source=tests/tool/pagesize.sh
. "$here/pagesize.sh"
pages_dir "$rec/6.12-format3/1" "$tmp/16k-pages" 16384 11
dirs+=("$tmp/16k-pages")

for d in "${dirs[@]}"; do
	name=${d#"$rec"/}
	name=${name#"$tmp"/}
	out=$tmp/out.prom
	if ! "$tool" prometheus -d "$d" >"$out" 2>"$tmp/err"; then
		not_ok "$name: exit status" "$tmp/err"
		continue
	fi
	if ! command -v promtool >/dev/null; then
		skip_for "$name: promtool check metrics: promtool not installed (scripts/install-deps.sh installs prometheus)"
	elif promtool check metrics <"$out" >"$tmp/lint" 2>&1 && [ ! -s "$tmp/lint" ]; then
		ok "$name: promtool check metrics reports nothing"
	else
		not_ok "$name: promtool check metrics" "$tmp/lint"
	fi

	# Every value of the recorded files, as awk reads them, must be in
	# the output under its series.
	awk -v out="$out" '
	function lbl(n, v) { return n "=\"" v "\"" }
	function want(series, v) { print series, v }
	FILENAME ~ /compaction$/ && /^\[/ { sec = $0; next }
	FILENAME ~ /compaction$/ && sec == "[runs]" && $1 ~ /^[0-9]+$/ {
		want("memfrag_compaction_runs_total{" lbl("node", $1) "," lbl("zone", $2) "," \
		     lbl("trigger", $3) "," lbl("mode", $4) "," lbl("result", $5) "}", $6) }
	FILENAME ~ /compaction$/ && sec == "[begins]" && $1 ~ /^[0-9]+$/ {
		want("memfrag_compaction_begins_total{" lbl("node", $1) "," lbl("zone", $2) "}", $3) }
	FILENAME ~ /extfrag$/ && /^\[/ { sec = $0; next }
	FILENAME ~ /extfrag$/ && sec == "[migratetype]" && $1 ~ /^[0-9]+$/ {
		want("memfrag_extfrag_fallbacks_by_migratetype_total{" lbl("node", $1) "," \
		     lbl("zone", $2) "," lbl("alloc_migratetype", $3) "," \
		     lbl("fallback_migratetype", $4) "," lbl("fragmenting", $5) "}", $6) }
	# sizes in bytes: pages of page_size (4096 before format 4)
	FILENAME ~ /zones$/ && /^page_size: / { page = $2 }
	FILENAME ~ /zones$/ && /^\[/ { sec = $0; next }
	FILENAME ~ /zones$/ && sec == "[zones]" && $1 ~ /^[0-9]+$/ {
		want("memfrag_zone_free_bytes{" lbl("node", $1) "," lbl("zone", $2) "}",
		     sprintf("%.0f", $5 * (page ? page : 4096)))
		want("memfrag_zone_watermark_high_bytes{" lbl("node", $1) "," lbl("zone", $2) "}",
		     sprintf("%.0f", $8 * (page ? page : 4096))) }
	FILENAME ~ /status$/ && /^page_size: / { status_page = $2 }
	END { want("memfrag_page_size_bytes", status_page ? status_page : 4096) }
	FILENAME ~ /zones$/ && sec == "[free_blocks]" && $1 ~ /^[0-9]+$/ {
		for (i = 3; i <= NF; i++)
			want("memfrag_zone_free_blocks{" lbl("node", $1) "," lbl("zone", $2) "," \
			     lbl("order", i - 3) "}", $i) }
	FILENAME ~ /status$/ && /^events:/ && match($0, /dropped=[0-9]+/) {
		want("memfrag_event_records_dropped_total", substr($0, RSTART + 8, RLENGTH - 8)) }
	FILENAME ~ /status$/ && /^drops:/ {
		for (i = 2; i <= NF; i++) { split($i, kv, "=")
			want("memfrag_drops_total{" lbl("reason", kv[1]) "}", kv[2]) } }
	' "$d/compaction" "$d/extfrag" "$d/zones" "$d/status" >"$tmp/want"
	# The histograms: per node, zone and trigger, bucket le=4^j us (j = 0
	# .. 17) holds every run whose usecs_to is below it; _sum and _count
	# from [timed].
	awk '
	/^\[/ { sec = $0; next }
	sec == "[latency]" && $1 ~ /^[0-9]+$/ { k = $1 SUBSEP $2 SUBSEP $3
		keys[k] = 1; cnt[k, $5] += $6 }
	sec == "[timed]" && $1 ~ /^[0-9]+$/ { k = $1 SUBSEP $2 SUBSEP $3
		keys[k] = 1; runs[k] = $4; us[k] = $5 }
	END {
		for (k in keys) {
			split(k, p, SUBSEP)
			l = "node=\"" p[1] "\",zone=\"" p[2] "\",trigger=\"" p[3] "\""
			for (b = 0; b <= 34; b += 2) {
				c = 0
				for (kk in cnt) { split(kk, q, SUBSEP)
					if (q[1] SUBSEP q[2] SUBSEP q[3] == k && q[4] != "inf" && q[4] + 1 <= 2 ^ b)
						c += cnt[kk] }
				printf "memfrag_compaction_latency_seconds_bucket{%s,le=\"%s\"} %d\n", l, le(b), c
			}
			printf "memfrag_compaction_latency_seconds_bucket{%s,le=\"+Inf\"} %d\n", l, runs[k]
			printf "memfrag_compaction_latency_seconds_count{%s} %d\n", l, runs[k]
			printf "memfrag_compaction_latency_seconds_sum{%s} %s\n", l, sec6(us[k])
		}
	}
	function sec6(v,   s) { s = sprintf("%d.%06d", int(v / 1000000), v % 1000000)
		sub(/0+$/, "", s); sub(/\.$/, "", s); return s }
	function le(b) { return sec6(2 ^ b) }
	' "$d/latency" >>"$tmp/want"
	# Zeros for what the module did not print, per zone of [zones]: runs
	# of every trigger, its modes (only direct runs async) and the results
	# a run ends with; deferrals of orders 1 up to the highest of
	# [free_blocks]; claims of the kernel's fallback pairs (format 3 on).
	awk '
	function lbl(n, v) { return n "=\"" v "\"" }
	/^\[/ { sec = $0; next }
	FILENAME ~ /zones$/ && sec == "[zones]" && $1 ~ /^[0-9]+$/ { zone[$1 " " $2] = 1 }
	FILENAME ~ /zones$/ && sec == "[free_blocks]" && $1 == "node" { top = NF - 3 }
	FILENAME ~ /compaction$/ && sec == "[runs]" { has["runs"] = 1
		if ($1 ~ /^[0-9]+$/) v["runs", $1, $2, $3, $4, $5] = $6 }
	FILENAME ~ /direct$/ && sec ~ /^\[(deferred|defer_compaction|defer_reset)\]$/ {
		s = substr(sec, 2, length(sec) - 2); has[s] = 1
		if ($1 ~ /^[0-9]+$/) v[s, $1, $2, $3] = $4 }
	FILENAME ~ /extfrag$/ && sec == "[claims]" { has["claims"] = 1
		if ($1 ~ /^[0-9]+$/) { v["claimed", $1, $2, $3, $4, $5] = $6
			v["stolen", $1, $2, $3, $4, $5] = $7 } }
	END {
		nt = split("direct:async direct:sync kcompactd:sync proactive:sync manual:sync", tm, " ")
		nr = split("complete partial_skipped success contended", res, " ")
		np = split("Unmovable:Reclaimable Unmovable:Movable Movable:Reclaimable Movable:Unmovable Reclaimable:Unmovable Reclaimable:Movable", pr, " ")
		ds["deferred"] = "compaction_deferred"; ds["defer_compaction"] = "compaction_defers"
		ds["defer_reset"] = "compaction_defer_resets"
		for (z in zone) { split(z, nz, " "); nzl = lbl("node", nz[1]) "," lbl("zone", nz[2])
			for (i = 1; has["runs"] && i <= nt; i++) for (j = 1; j <= nr; j++) {
				split(tm[i], t, ":"); k = "runs" SUBSEP nz[1] SUBSEP nz[2] SUBSEP t[1] SUBSEP t[2] SUBSEP res[j]
				print "memfrag_compaction_runs_total{" nzl "," lbl("trigger", t[1]) "," \
				      lbl("mode", t[2]) "," lbl("result", res[j]) "}", (k in v) ? v[k] : 0 }
			for (s in ds) for (o = 1; has[s] && o <= top; o++) {
				k = s SUBSEP nz[1] SUBSEP nz[2] SUBSEP o
				print "memfrag_" ds[s] "_total{" nzl "," lbl("order", o) "}", (k in v) ? v[k] : 0 }
			for (i = 1; has["claims"] && i <= np; i++) for (f = 0; f <= 1; f++) {
				split(pr[i], t, ":")
				l = nzl "," lbl("alloc_migratetype", t[1]) "," lbl("fallback_migratetype", t[2]) "," lbl("fragmenting", f)
				for (c = 1; c <= 2; c++) { w = c == 1 ? "claimed" : "stolen"
					k = w SUBSEP nz[1] SUBSEP nz[2] SUBSEP t[1] SUBSEP t[2] SUBSEP f
					print "memfrag_extfrag_" w "_fallbacks_total{" l "}", (k in v) ? v[k] : 0 } }
		}
	}' "$d/zones" "$d/compaction" "$d/direct" "$d/extfrag" >"$tmp/zeros"
	cat "$tmp/zeros" >>"$tmp/want"
	awk 'NR == FNR { got[$1] = $2; next }
	     !($1 in got) { print "missing: " $0; bad++; next }
	     got[$1] != $2 { print "differs: " $0 " but exported " got[$1]; bad++ }
	     END { exit bad > 0 }' "$out" "$tmp/want" >"$tmp/diff"
	if [ $? -eq 0 ] && [ -s "$tmp/want" ]; then
		ok "$name: $(wc -l <"$tmp/want") values equal the recorded files ($(grep -c ' 0$' "$tmp/zeros") zeros of bounded labels)"
	else
		not_ok "$name: exported values differ from the recorded files" "$tmp/diff"
	fi
done

# Counters across a reset: 6.12/2 then 6.12/1, whose counters are smaller
# (as after `memfrag reset`).
a=$rec/6.12/2 b=$rec/6.12/1 st=$tmp/state
"$tool" prometheus -d "$a" --state "$st" >"$tmp/p1" 2>"$tmp/err" &&
	"$tool" prometheus -d "$b" --state "$st" >"$tmp/p2" 2>>"$tmp/err" &&
	"$tool" prometheus -d "$b" --state "$st" >"$tmp/p3" 2>>"$tmp/err"
if [ $? -ne 0 ]; then
	not_ok "reset: exit status" "$tmp/err"
else
	# counter series (HELP/TYPE say which) of p1 against p2
	counters() { awk '/^# TYPE .* (counter|histogram)$/ { c[$3] = 1; next } /^#/ { next }
		{ m = $1; sub(/[{].*/, "", m); b = m; sub(/_(bucket|sum|count)$/, "", b)
		  if (m in c || b in c) print $1, $2 }' "$1"; }
	counters "$tmp/p1" >"$tmp/c1"
	counters "$tmp/p2" >"$tmp/c2"
	awk 'NR == FNR { old[$1] = $2; next } { new[$1] = $2 }
	     END { for (s in old) { if (!(s in new)) { print "gone: " s; bad++ }
		   else if (new[s] + 0 < old[s] + 0) { print "backwards: " s " " old[s] " -> " new[s]; bad++ }
		   else if (new[s] + 0 > old[s] + 0) up++ }
		   print up + 0 " went up"; exit bad > 0 || !up }' "$tmp/c1" "$tmp/c2" >"$tmp/diff"
	if [ $? -eq 0 ]; then
		ok "reset: no counter goes backwards ($(tail -n 1 "$tmp/diff"))"
	else
		not_ok "reset: counters went backwards" "$tmp/diff"
	fi
	# offset + the module's value: runs of one row
	s='memfrag_compaction_runs_total{node="0",zone="DMA32",trigger="manual",mode="sync",result="complete"}'
	va=$(value "$tmp/p1" "$s") vb=$("$tool" prometheus -d "$b" | awk -v s="$s" '$1 == s { print $2 }')
	if [ "$(value "$tmp/p2" "$s")" = $((va + vb)) ] &&
		[ "$(value "$tmp/p2" memfrag_resets_total)" = 1 ] &&
		[ "$(value "$tmp/p3" memfrag_resets_total)" = 1 ] &&
		cmp -s "$tmp/p2" "$tmp/p3"; then
		ok "reset: a counter continues from its last value ($va + $vb), memfrag_resets_total 1, then steady"
	else
		echo "$va $vb $(value "$tmp/p2" "$s") $(value "$tmp/p2" memfrag_resets_total)" >"$tmp/diff"
		not_ok "reset: offsets" "$tmp/diff"
	fi
	sed -i 's/^boot_id .*/boot_id another-boot/' "$st"
	"$tool" prometheus -d "$b" --state "$st" >"$tmp/p4" 2>&1
	if "$tool" prometheus -d "$b" | cmp -s - "$tmp/p4"; then
		ok "reset: a new boot starts the counters from the module's values"
	else
		not_ok "reset: a new boot keeps old offsets" "$tmp/p4"
	fi
fi

# memfrag reset clears every counter but the tracepoint hits (since load):
# the first recording's files with the second's status.  The hits go on
# as they are, the rest continue from their last value.
mkdir -p "$tmp/reset"
cp "$b"/* "$tmp/reset/" && cp "$a/status" "$tmp/reset/status"
rm -f "$st"
"$tool" prometheus -d "$a" --state "$st" >"$tmp/r1" 2>"$tmp/err" &&
	"$tool" prometheus -d "$tmp/reset" --state "$st" >"$tmp/r2" 2>>"$tmp/err"
h='memfrag_tracepoint_hits_total{tracepoint="compaction:mm_compaction_begin",state="attached"}'
hr=$(value "$tmp/r1" "$h") h2=$(value "$tmp/r2" "$h")
va=$(value "$tmp/r1" "$s") vr=$(value "$tmp/r2" "$s")
if [ -n "$hr" ] && [ "$hr" = "$h2" ] && [ "$vr" = $((va + vb)) ] &&
	[ "$(value "$tmp/r2" memfrag_resets_total)" = 1 ]; then
	ok "memfrag reset: tracepoint hits (since load) stay $hr, runs continue ($va + $vb)"
else
	echo "hits $hr -> $h2, runs $va -> $vr (module $vb)" >"$tmp/diff"
	not_ok "memfrag reset: since-load counters got an offset" "$tmp/diff"
fi

# Format 6: status's load_id and reset_generation say what restarted,
# though every counter of 6.12/2 is at least 6.12/1's (restart.sh).  A
# reset: the cleared counters continue from their last value, the hits
# (since load) stay the module's; a reload offsets the hits too.
# shellcheck source=tests/tool/restart.sh
. "$here/restart.sh"
restart_dir "$b" "$tmp/gen0" 0123456789abcdef 0
restart_dir "$a" "$tmp/gen1" 0123456789abcdef 1
restart_dir "$a" "$tmp/reload" fedcba9876543210 0
rm -f "$st"
"$tool" prometheus -d "$tmp/gen0" --state "$st" >"$tmp/g0" 2>"$tmp/err" &&
	"$tool" prometheus -d "$tmp/gen1" --state "$st" >"$tmp/g1" 2>>"$tmp/err" &&
	"$tool" prometheus -d "$tmp/gen1" --state "$st" >"$tmp/g1b" 2>>"$tmp/err" &&
	grep -qx "module 0123456789abcdef 1" "$st" &&
	rm -f "$st" &&
	"$tool" prometheus -d "$tmp/gen0" --state "$st" >/dev/null 2>>"$tmp/err" &&
	"$tool" prometheus -d "$tmp/reload" --state "$st" >"$tmp/g2" 2>>"$tmp/err"
rc=$?
v0=$(value "$tmp/g0" "$s") v1=$("$tool" prometheus -d "$a" | awk -v s="$s" '$1 == s { print $2 }')
h0=$(value "$tmp/g0" "$h") h1=$(value "$tmp/r1" "$h")
if [ $rc -eq 0 ] && [ -n "$v0" ] && [ "$(value "$tmp/g1" "$s")" = $((v0 + v1)) ] &&
	[ "$(value "$tmp/g1" "$h")" = "$h1" ] &&
	[ "$(value "$tmp/g1" memfrag_resets_total)" = 1 ] && cmp -s "$tmp/g1" "$tmp/g1b" &&
	[ "$(value "$tmp/g2" "$h")" = $((h0 + h1)) ] &&
	[ "$(value "$tmp/g2" memfrag_resets_total)" = 1 ]; then
	ok "format 6: reset_generation 0 -> 1 is a reset (runs $v0 + $v1, hits $h1), another load_id a reload (hits $h0 + $h1)"
else
	echo "rc $rc; runs $v0 -> $(value "$tmp/g1" "$s") (module $v1); hits $h0 -> $(value "$tmp/g1" "$h"), reload $(value "$tmp/g2" "$h")" >>"$tmp/err"
	not_ok "format 6: reset and reload from the ids" "$tmp/err"
fi
# a state file of version 1 (no module line) is still read
printf 'memfrag-prometheus-state 1\nboot_id %s\nresets 4\n' "$(cat /proc/sys/kernel/random/boot_id)" >"$st"
if "$tool" prometheus -d "$b" --state "$st" >"$tmp/v1" 2>"$tmp/err" &&
	[ "$(value "$tmp/v1" memfrag_resets_total)" = 4 ] &&
	sed -n 4p "$st" | grep -qx "module unknown"; then
	ok "state file version 1: read (resets 4), rewritten as version 2"
else
	not_ok "state file version 1" "$tmp/err"
fi

# is_down FILE: FILE says memfrag_up 0 and nothing else.
is_down() { [ "$(grep -v '^#' "$1")" = "memfrag_up 0" ]; }
# good_textfile: $tmp/tf/memfrag.prom of a good write (memfrag_up 1), as
# node_exporter would serve it before the failure that follows.
good_textfile() {
	rm -rf "$tmp/tf" && mkdir "$tmp/tf" &&
		"$tool" prometheus -d "$b" --textfile "$tmp/tf" &&
		grep -qx 'memfrag_up 1' "$tmp/tf/memfrag.prom"
}

# A bad state file: an error, the state file unchanged, and the last
# good textfile replaced by memfrag_up 0 (stdout says it too).
printf 'memfrag-prometheus-state 1\nboot_id x\nresets 0\n1 2 3\n' >"$st"
cp "$st" "$tmp/st.before"
good_textfile
"$tool" prometheus -d "$b" --state "$st" --textfile "$tmp/tf" >"$tmp/out" 2>"$tmp/err"
rc=$?
"$tool" prometheus -d "$b" --state "$st" >"$tmp/stdout" 2>/dev/null
if [ $rc -eq 7 ] && grep -q "line 4 is not a memfrag prometheus state line" "$tmp/err" &&
	cmp -s "$st" "$tmp/st.before" && [ "$(ls -A "$tmp/tf")" = memfrag.prom ] &&
	is_down "$tmp/tf/memfrag.prom" && is_down "$tmp/stdout"; then
	ok "bad state file: exit 7, names the line, state unchanged, memfrag_up 0 replaces the last textfile"
else
	not_ok "bad state file: exit $rc, $(grep -v '^#' "$tmp/tf/memfrag.prom" | head -n 3)" "$tmp/err"
fi

# The state cannot be saved (its directory is missing): counters exported
# now would go backwards at the next write, so memfrag_up 0.
good_textfile
"$tool" prometheus -d "$b" --state "$tmp/no/such/state" --textfile "$tmp/tf" 2>"$tmp/err"
rc=$?
if [ $rc -ne 0 ] && grep -q "$tmp/no/such" "$tmp/err" && is_down "$tmp/tf/memfrag.prom"; then
	ok "state not saved: exit $rc, names it, memfrag_up 0 replaces the last textfile"
else
	not_ok "state not saved: exit $rc, $(grep -c . "$tmp/tf/memfrag.prom") lines" "$tmp/err"
fi

# A module file that cannot be read (a directory in its place), and one
# cut short: memfrag_up 0, the error, and the state left as it was.
for bad in unreadable truncated; do
	rm -rf "${tmp:?}/$bad" && mkdir "$tmp/$bad" && cp "$b"/* "$tmp/$bad/"
	if [ $bad = unreadable ]; then
		rm "$tmp/$bad/latency" && mkdir "$tmp/$bad/latency"
	else
		head -n 5 "$b/latency" >"$tmp/$bad/latency"
	fi
	good_textfile
	rm -f "$st" && "$tool" prometheus -d "$b" --state "$st" >/dev/null &&
		cp "$st" "$tmp/st.before"
	"$tool" prometheus -d "$tmp/$bad" --state "$st" --textfile "$tmp/tf" 2>"$tmp/err"
	rc=$?
	if [ $rc -ne 0 ] && grep -q latency "$tmp/err" && is_down "$tmp/tf/memfrag.prom" &&
		cmp -s "$st" "$tmp/st.before"; then
		ok "$bad latency file: exit $rc, names it, memfrag_up 0, state unchanged"
	else
		not_ok "$bad latency file: exit $rc" "$tmp/err"
	fi
done

# The textfile's file system is full: the write fails, and the last good
# textfile must not stay (it would be served as fresh).  A small tmpfs,
# filled after a good write; needs root and mount.
mnt=$tmp/full
mkdir -p "$mnt"
if [ "$(id -u)" -ne 0 ] || ! mount -t tmpfs -o size=128k memfrag-test "$mnt" 2>/dev/null; then
	skip_for "full file system: needs root to mount a small tmpfs"
else
	"$tool" prometheus -d "$b" --textfile "$mnt" 2>"$tmp/err"
	head -c 1M /dev/zero >"$mnt/filler" 2>/dev/null
	# a larger scrape than the last one: it cannot fit
	"$tool" prometheus -d "$rec/6.12-numa/1" --textfile "$mnt" 2>"$tmp/err"
	rc=$?
	if [ $rc -ne 0 ] && grep -q "$mnt" "$tmp/err" &&
		{ [ ! -e "$mnt/memfrag.prom" ] || is_down "$mnt/memfrag.prom"; } &&
		[ -z "$(find "$mnt" -name '.memfrag.prom.*')" ]; then
		ok "full file system: exit $rc, memfrag_up 0 or no textfile, no temporary left"
	else
		ls -la "$mnt" >>"$tmp/err"
		not_ok "full file system: exit $rc, the last textfile stayed" "$tmp/err"
	fi
	umount "$mnt"
fi

# --textfile: one file, the same text as stdout, readable by node_exporter.
rm -rf "$tmp/tf" && mkdir "$tmp/tf"
"$tool" prometheus -d "$b" --textfile "$tmp/tf" >"$tmp/out" 2>"$tmp/err"
rc=$?
if [ $rc -eq 0 ] && [ "$(ls -A "$tmp/tf")" = memfrag.prom ] && [ ! -s "$tmp/out" ] &&
	"$tool" prometheus -d "$b" | cmp -s - "$tmp/tf/memfrag.prom" &&
	[ "$(stat -c %a "$tmp/tf/memfrag.prom")" = 644 ]; then
	ok "--textfile: DIR/memfrag.prom (0644) alone, equal to stdout"
else
	not_ok "--textfile: exit $rc, $(ls -A "$tmp/tf")" "$tmp/err"
fi
# -i with one -d per write: the last write is the last recording's.
"$tool" prometheus -d "$b" -d "$a" --textfile "$tmp/tf" -i 0.01 -c 2 2>"$tmp/err"
rc=$?
if [ $rc -eq 0 ] && "$tool" prometheus -d "$a" | cmp -s - "$tmp/tf/memfrag.prom" &&
	[ "$(ls -A "$tmp/tf")" = memfrag.prom ]; then
	ok "--textfile -i 0.01 -c 2: rewritten per interval"
else
	not_ok "--textfile -i: exit $rc" "$tmp/err"
fi
# No module: memfrag_up 0, so that an alert can fire, and the error.
"$tool" prometheus -d "$tmp/none" --textfile "$tmp/tf" 2>"$tmp/err"
rc=$?
if [ $rc -eq 8 ] && [ "$(grep -v '^#' "$tmp/tf/memfrag.prom")" = "memfrag_up 0" ] &&
	grep -q "$tmp/none" "$tmp/err"; then
	ok "unreadable module files: exit 8, memfrag.prom says memfrag_up 0"
else
	not_ok "unreadable module files: exit $rc" "$tmp/err"
fi

# expect_usage ARGS...: exit 2 with a message, nothing on stdout.
expect_usage() {
	"$tool" prometheus "$@" >"$tmp/out" 2>"$tmp/err"
	local rc=$?
	if [ $rc -eq 2 ] && [ -s "$tmp/err" ] && [ ! -s "$tmp/out" ]; then
		ok "usage error: prometheus $*: $(head -n 1 "$tmp/err")"
	else
		not_ok "usage error: prometheus $*: exit $rc" "$tmp/err"
	fi
}
expect_usage -i 5
expect_usage -j
expect_usage -z DMA32
expect_usage --textfile
expect_usage --textfile ''
expect_usage extra
expect_usage --bogus
"$tool" prometheus -d "$b" --textfile "$tmp/no/such/dir" 2>"$tmp/err"
rc=$?
if [ $rc -eq 8 ] && grep -q "$tmp/no/such/dir" "$tmp/err"; then
	ok "--textfile into a missing directory: exit 8, names it"
else
	not_ok "--textfile into a missing directory: exit $rc" "$tmp/err"
fi

# The shipped rules (prometheus/): valid, and their unit tests pass,
# made-up machines with answers worked out by hand (among them one whose
# direct runs never succeeded: failure ratio 1).
rules=$top/prometheus/memfrag.rules.yml
if ! command -v promtool >/dev/null; then
	skip_for "promtool check rules, test rules: promtool not installed (scripts/install-deps.sh installs prometheus)"
else
	if promtool check rules "$rules" >"$tmp/lint" 2>&1; then
		ok "promtool check rules: $(grep -o '[0-9]* rules found' "$tmp/lint")"
	else
		not_ok "promtool check rules" "$tmp/lint"
	fi
	if (cd "$top/prometheus" && promtool test rules memfrag.rules.test.yml) >"$tmp/lint" 2>&1; then
		ok "promtool test rules memfrag.rules.test.yml"
	else
		not_ok "promtool test rules" "$tmp/lint"
	fi
fi

finish

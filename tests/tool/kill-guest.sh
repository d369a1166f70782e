#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# kill-guest.sh (in a memfrag-vm guest after plot-guest.sh, with
# memfrag-static and memfrag_workload, the module loaded): memfrag record
# killed by SIGKILL mid-run, as the OOM killer kills it, beside a count
# memfrag does not compute: an ftrace hist trigger on
# compaction:mm_compaction_end (memfrag's [runs] counts one run per
# mm_compaction_end).  Prints, gzipped and base64-encoded between
# "=== <name>" and "=== end <name>" lines (plot-record.sh splits them;
# kill-test.sh checks them):
#   killed   memfrag record -i 1 while memfrag_workload compacts.  Once a
#            snapshot line is whole, a manual compaction (compact_memory)
#            runs while the recorder is stopped; its next snapshot begins
#            after it, and once that line is whole the recorder is stopped
#            again and gets SIGKILL: its last whole snapshot holds that
#            compaction, the snapshot before it does not.
#   killed-oracle  the hit count of the hist trigger, "<step> <hits>":
#            start (before the recorder started), first (once its first
#            snapshot line appeared), before and after (the manual
#            compaction), last (once the last snapshot line appeared, just
#            before the kill), killed (just after it); "last_n" is the n
#            of that snapshot line, "rec_status" the recorder's exit status
#   killed-half  memfrag record -i 0.2 into a pipe that nobody reads
#            but 4 pages of zeros before it (cut off before it is
#            printed): killed while it blocks in write() in the middle of
#            a line, a half last line
set -u
tool=./memfrag-static
tr=/sys/kernel/tracing
ev=$tr/events/compaction/mm_compaction_end
out=/tmp/killed.jsonl
oracle=/tmp/killed-oracle
rc=0
up() { cut -d' ' -f1 /proc/uptime; }
t_begin=$(up)

emit() {
	echo "=== $1"
	gzip -c "$2" | base64
	echo "=== end $1"
}
fail() { echo "kill-guest: $*" >&2; rc=1; }
[ -d $tr/events ] || mount -t tracefs nodev $tr 2>/dev/null
echo 'hist:keys=sync' >$ev/trigger || { echo "kill-guest: no hist trigger on $ev" >&2; exit 1; }
# the trigger's total ("Totals: Hits: N"; an entry's count is "hitcount:")
hits() { awk '$1 == "Hits:" { print $2 }' $ev/hist; }
# whole snapshot lines in $out (each written once its files were read)
snaps() {
	[ -f $out ] || { echo 0; return; }
	head -n "$(wc -l <$out)" $out | grep -c '^{"type":"snapshot"'
}
# wait_snaps N: until N snapshot lines are whole (at most 20 s)
wait_snaps() {
	w=0
	while [ "$(snaps)" -lt "$1" ]; do
		w=$((w + 1))
		[ $w -gt 400 ] && { fail "no snapshot $1 after 20 s"; return 1; }
		sleep 0.05
	done
}

pro=$(cat /proc/sys/vm/compaction_proactiveness)
echo 0 >/proc/sys/vm/compaction_proactiveness
rm -f $out
echo "start $(hits)" >$oracle
$tool -i 1 record -o $out 2>/tmp/killed.err &
rec=$!
wait_snaps 1
h0=$(hits)
echo "first $h0" >>$oracle
./memfrag_workload -s 30 direct kcompactd >/dev/null 2>&1 &
work=$!
# until the workload has compacted (2 runs; at most 30 s), and 3 snapshots
w=0
while [ $(($(hits) - h0)) -lt 2 ] && [ $w -lt 300 ]; do
	w=$((w + 1))
	sleep 0.1
done
wait_snaps 3
# until the recorder is stopped (state T)
stopped() {
	state=R w=0
	while [ "$state" != T ] && [ $w -lt 100 ]; do
		read -r _ _ state _ </proc/$rec/stat
		w=$((w + 1))
	done
}
# A manual compaction between two snapshots: as soon as a snapshot line
# is whole, the recorder is stopped (SIGSTOP); if it stopped in poll(),
# waiting for its next snapshot (x86_64: poll 7, ppoll 271), the
# compaction runs (the workload stopped meanwhile) before it goes on
# (SIGCONT), and that next snapshot reads its files after the compaction
# ended.  Else the next try waits for a new line.
tries=0 h1='' h2='' h3='' h4=''
while [ $tries -lt 4 ]; do
	tries=$((tries + 1))
	n=$(snaps)
	wait_snaps $((n + 1)) || break
	n=$((n + 1))
	kill -STOP $rec
	stopped
	read -r nr _ </proc/$rec/syscall
	case $nr in
	7 | 271) ;;
	*)
		kill -CONT $rec
		echo "kill-guest: try $tries: the recorder stopped in state $state, syscall $nr, not in poll()"
		continue ;;
	esac
	h1=$(hits)
	kill -STOP $work 2>/dev/null
	echo 1 >/proc/sys/vm/compact_memory
	h2=$(hits)
	kill -CONT $work 2>/dev/null
	kill -CONT $rec
	wait_snaps $((n + 1)) || break
	# stopped again, it is killed if that snapshot is its last whole one
	# (behind its schedule, it may have taken the next one at once)
	kill -STOP $rec
	h3=$(hits)
	stopped
	if [ "$(snaps)" = $((n + 1)) ]; then
		kill -9 $rec
		h4=$(hits)
		break
	fi
	kill -CONT $rec
	echo "kill-guest: try $tries: the recorder took snapshot $((n + 1)) before it was stopped"
done
if [ -z "$h4" ]; then
	fail "no compaction between two snapshots in $tries tries"
	kill -9 $rec
	h4=$(hits)
fi
wait $rec
st=$?
{
	echo "before $h1"
	echo "after $h2"
	echo "last $h3"
	echo "killed $h4"
	echo "last_n $n"
	echo "rec_status $st"
} >>$oracle
[ $st = 137 ] || fail "the recorder's exit status is $st, not 137 (SIGKILL)"
sed 's/^/# /' /tmp/killed.err
echo "kill-guest: killed after snapshot $n (try $tries); $(wc -c <$out) bytes, last byte $(tail -c 1 $out | od -An -tx1)"

# The half line.  The pipe holds 16 pages; 4 are full of zeros first,
# written a page at a time.  The recorder's lines follow until the pipe is
# full and it blocks in write(); a line longer than a page (a snapshot's)
# is written in more than one.  While the write it blocks in starts a line
# ({"type": at the address it writes from), a page of zeros is read off
# the head of the pipe, and it goes on to its next write; once that write
# is in the middle of a line, it is killed there.
pages=4
mkfifo /tmp/pipe
exec 3<>/tmp/pipe
dd if=/dev/zero bs=4096 count=$pages >&3 2>/dev/null
: >/tmp/half.raw
$tool -i 0.2 record -o - >&3 2>/tmp/half.err &
half=$!
read_off=0 mid=
while [ $read_off -lt $pages ]; do
	# blocked in a pipe write at two looks 0.1 s apart (at most 30 s)
	w=0 seen=0
	while [ $seen -lt 2 ] && [ $w -lt 300 ]; do
		case $(cat /proc/$half/wchan) in
		pipe_write | anon_pipe_write) seen=$((seen + 1)) ;;	# 6.15 on: anon_
		*) seen=0 ;;
		esac
		w=$((w + 1))
		sleep 0.1
	done
	[ $seen = 2 ] || { fail "the recorder into the pipe never blocked in write()"; break; }
	# write(fd, buf, count): /proc/PID/syscall is "nr fd buf count ..."
	read -r _ _ buf count _ </proc/$half/syscall
	start=$(dd if=/proc/$half/mem bs=1 skip=$((buf)) count=8 2>/dev/null)
	if [ "$start" != '{"type":' ]; then
		mid="a write of $((count)) bytes"
		break
	fi
	dd bs=4096 count=1 <&3 >>/tmp/half.raw 2>/dev/null
	read_off=$((read_off + 1))
done
[ -n "$mid" ] || fail "the recorder into the pipe did not block in the middle of a line"
kill -9 $half
wait $half
st=$?
[ $st = 137 ] || fail "the recorder into the pipe: exit status $st, not 137 (SIGKILL)"
# (in sh -c: busybox's "Terminated" for cat goes to its stderr, /dev/null)
sh -c 'timeout 2 cat; true' <&3 >>/tmp/half.raw 2>/dev/null
exec 3>&-
tail -c +$((pages * 4096 + 1)) /tmp/half.raw >/tmp/half.jsonl
sed 's/^/# /' /tmp/half.err
echo "kill-guest: the recorder into the pipe was killed blocked in ${mid:-?} ($read_off pages read off first); the recording $(wc -c </tmp/half.jsonl) bytes, last byte $(tail -c 1 /tmp/half.jsonl | od -An -tx1)"

# the workload has done its part: SIGTERM restores what it changed
kill -TERM $work 2>/dev/null
wait $work
echo "!hist:keys=sync" >$ev/trigger
echo "$pro" >/proc/sys/vm/compaction_proactiveness
emit killed $out
emit killed-oracle $oracle
emit killed-half /tmp/half.jsonl
echo "kill-guest: $(awk -v a="$t_begin" -v b="$(up)" 'BEGIN { print b - a }') s"
exit $rc

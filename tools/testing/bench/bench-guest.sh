#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# bench-guest.sh: the benchmark's guest side; tools/testing/bench/bench.sh boots a
# kernel with this machine's root shared read-only (memfrag-vm --hostroot)
# and runs it in /memfrag, next to memfrag.ko, memfrag_probe_bench.ko,
# memfrag_workload, readcost and tracepoints (memfrag's, from
# include/memfrag/tracepoints.h: scripts/kbuild.sh probe-bench).
#
# 1. The same fixed workload, BENCH_ROUNDS times under each mode in turn
#    (none, empty, memfrag, ftrace, hist, bpftrace, then again): one line
#      run <mode> <round> <nanoseconds> <events counted by the mode, or -> <pages>
#    per run, where pages is the kernel's count of pages the compaction
#    scanners looked at during the run (compact_migrate_scanned plus
#    compact_free_scanned in /proc/vmstat), the work the run did, after one untimed warm-up run.  Before each run the page
#    cache is dropped and memory compacted, untimed, so that every run
#    starts from the same state.
# 2. probe: memfrag_probe_bench's table (ns per call beside an empty probe),
#    then probe_ftrace, probe_perf, probe_bpf: the same table with ftrace's
#    events enabled, under perf record, under the bpftrace program of the
#    workload's bpftrace mode.
# 3. read: readcost over every memfrag file and the kernel's own files.
# 4. memory: memfrag's module size and load-time allocations.
set -euo pipefail
cd /memfrag

rounds=${BENCH_ROUNDS:-3}
scale=${BENCH_SCALE:-30}
modes=${BENCH_MODES:-none empty memfrag ftrace hist bpftrace}
T=/sys/kernel/tracing
D=/sys/kernel/debug
workload=(./memfrag_workload -s "$scale" fragment manual direct extfrag rescan)

has_tp() { [ -d "$T/events/$1" ]; }
# memfrag's tracepoints that this kernel has, as system/name.
tracepoints() {
	local tp

	tr : / <./tracepoints | while read -r tp; do
		if has_tp "$tp"; then echo "$tp"; fi
	done
}

# ------------------------------------------------------------------ modes
# start_<mode> prepares; stop_<mode> prints the events the mode counted
# during the run (or -) and undoes start_<mode>.

start_none() { :; }
stop_none() { echo -; }

# Empty probes on the same tracepoints: the floor of any tracer.
start_empty() { insmod ./memfrag_probe_bench.ko; }
stop_empty() { echo -; rmmod memfrag_probe_bench; }

memfrag_hits() {
	awk '$2 == "attached" { n += $3 } END { print n + 0 }' "$D/memfrag/status"
}
start_memfrag() { insmod ./memfrag.ko; memfrag_hits0=$(memfrag_hits); }
stop_memfrag() { echo $(($(memfrag_hits) - memfrag_hits0)); rmmod memfrag; }

# Every event into the ring buffer (overwrite mode, the default).  Written
# records are entries + overrun, counted by the ring buffer itself.
ftrace_events() {
	local e

	for e in $(tracepoints); do
		echo "$1" >"$T/events/$e/enable"
	done
}
start_ftrace() { echo >"$T/trace"; ftrace_events 1; }
stop_ftrace() {
	ftrace_events 0
	awk '/^(entries|overrun):/ { n += $2 } END { print n + 0 }' \
		"$T"/per_cpu/cpu*/stats
	echo >"$T/trace"
}

# Hist triggers keyed like memfrag's breakdowns (compaction, direct,
# kcompactd, migration and extfrag files), and by CPU for a tracepoint
# whose hits alone memfrag counts.  A trigger takes at most three keys;
# the latency histograms would need synthetic events and are not
# reproduced, so this mode does less than memfrag does.
hist_triggers() {
	local keyed tp

	keyed=$(hist_keyed)
	echo "$keyed"
	for tp in $(tracepoints); do
		grep -q "^$tp " <<<"$keyed" || echo "$tp keys=common_cpu"
	done
}
hist_keyed() {
	cat <<-EOF
	compaction/mm_compaction_begin keys=zone_start
	compaction/mm_compaction_end keys=zone_start,sync,status
	compaction/mm_compaction_try_to_compact_pages keys=order,prio
	compaction/mm_compaction_suitable keys=idx,order,ret
	compaction/mm_compaction_finished keys=idx,order,ret
	compaction/mm_compaction_deferred keys=nid,idx,order
	compaction/mm_compaction_defer_compaction keys=nid,idx,order
	compaction/mm_compaction_defer_reset keys=nid,idx,order
	compaction/mm_compaction_kcompactd_sleep keys=nid
	compaction/mm_compaction_wakeup_kcompactd keys=nid,order,highest_zoneidx
	compaction/mm_compaction_kcompactd_wake keys=nid,order,highest_zoneidx
	compaction/mm_compaction_isolate_migratepages keys=nr_taken:vals=nr_scanned
	compaction/mm_compaction_isolate_freepages keys=nr_taken:vals=nr_scanned
	compaction/mm_compaction_fast_isolate_freepages keys=nr_taken:vals=nr_scanned
	compaction/mm_compaction_migratepages keys=nr_failed:vals=nr_migrated
	kmem/mm_page_alloc_extfrag keys=alloc_order,fallback_order
	kmem/mm_page_alloc_extfrag keys=alloc_migratetype,fallback_migratetype,fallback_order
	EOF
}
hist_apply() {
	local ev keys

	# A pipe, not <(...): the guest's chroot has no /dev/fd.
	hist_triggers | while read -r ev keys; do
		has_tp "$ev" || continue
		echo "$1hist:$keys" >>"$T/events/$ev/trigger"
	done
}
start_hist() { hist_apply ""; }
# Each event's first trigger counts every hit ("Hits:" in its totals).
stop_hist() {
	local ev n=0 h

	for ev in $(hist_triggers | awk '{ print $1 }' | sort -u); do
		has_tp "$ev" || continue
		h=$(awk '/^ *Hits:/ { print $2; exit }' "$T/events/$ev/hist")
		n=$((n + ${h:-0}))
	done
	echo "$n"
	hist_apply "!"
}

# bpftrace aggregating the same breakdowns into maps, latency included,
# and counting the hits of a tracepoint whose hits alone memfrag counts.
bpftrace_program() {
	local keyed tp

	keyed=$(bpftrace_keyed)
	echo "$keyed"
	for tp in $(tracepoints); do
		grep -q "tracepoint:${tp/\//:}[ ,]" <<<"$keyed" ||
			printf 'tracepoint:%s { @hits[probe] = count(); }\n' "${tp/\//:}"
	done
}
bpftrace_keyed() {
	local scan="tracepoint:compaction:mm_compaction_isolate_migratepages,
tracepoint:compaction:mm_compaction_isolate_freepages"

	has_tp compaction/mm_compaction_fast_isolate_freepages &&
		scan="$scan,
tracepoint:compaction:mm_compaction_fast_isolate_freepages"
	cat <<-EOF
	$scan {
		@hits[probe] = count();
		@scanned[probe] = sum(args->nr_scanned);
		@taken[probe] = sum(args->nr_taken);
	}
	tracepoint:compaction:mm_compaction_migratepages {
		@hits[probe] = count();
		@migrated = sum(args->nr_migrated);
		@failed = sum(args->nr_failed);
	}
	tracepoint:compaction:mm_compaction_begin {
		@hits[probe] = count();
		@begins[args->zone_start] = count();
		@start[tid] = nsecs;
	}
	tracepoint:compaction:mm_compaction_end {
		@hits[probe] = count();
		@runs[args->zone_start, args->sync, args->status] = count();
		if (@start[tid]) {
			@latency_us[args->zone_start] =
				hist((nsecs - @start[tid]) / 1000);
			delete(@start[tid]);
		}
	}
	tracepoint:compaction:mm_compaction_try_to_compact_pages {
		@hits[probe] = count();
		@try[args->order, args->prio] = count();
	}
	tracepoint:compaction:mm_compaction_suitable,
	tracepoint:compaction:mm_compaction_finished {
		@hits[probe] = count();
		@result[probe, args->nid, args->idx, args->order, args->ret] = count();
	}
	tracepoint:compaction:mm_compaction_deferred,
	tracepoint:compaction:mm_compaction_defer_compaction,
	tracepoint:compaction:mm_compaction_defer_reset {
		@hits[probe] = count();
		@defer[probe, args->nid, args->idx, args->order] = count();
	}
	tracepoint:compaction:mm_compaction_kcompactd_sleep {
		@hits[probe] = count();
		@sleep[args->nid] = count();
	}
	tracepoint:compaction:mm_compaction_wakeup_kcompactd,
	tracepoint:compaction:mm_compaction_kcompactd_wake {
		@hits[probe] = count();
		@wake[probe, args->nid, args->order, args->highest_zoneidx] = count();
	}
	tracepoint:kmem:mm_page_alloc_extfrag {
		@hits[probe] = count();
		@extfrag[args->alloc_order, args->fallback_order,
			 args->alloc_migratetype, args->fallback_migratetype] = count();
	}
	EOF
}
start_bpftrace() { bpftrace_start "$(bpftrace_program)"; }
# Starts bpftrace on program $1 and waits until its probes are attached.
bpftrace_start() {
	echo "$1" >/tmp/memfrag-bench.bt
	bpftrace /tmp/memfrag-bench.bt >/tmp/memfrag-bench.bpftrace 2>&1 &
	bpftrace_pid=$!
	# bpftrace prints "Attaching N probes..." and then attaches them.
	for _ in $(seq 600); do
		grep -q '^Attaching' /tmp/memfrag-bench.bpftrace && break
		kill -0 "$bpftrace_pid" 2>/dev/null || break
		sleep 1
	done
	if ! grep -q '^Attaching' /tmp/memfrag-bench.bpftrace; then
		cat /tmp/memfrag-bench.bpftrace >&2
		echo "bench-guest: bpftrace did not start" >&2
		return 1
	fi
	sleep 5
}
stop_bpftrace() {
	kill -INT "$bpftrace_pid"
	wait "$bpftrace_pid" || true	# it prints its maps as it exits
	awk '/^@hits\[/ { n += $NF } END { print n + 0 }' /tmp/memfrag-bench.bpftrace
}

# ------------------------------------------------------------ peer probes
# memfrag_probe_bench times every probe it finds on each tracepoint; each
# peer is attached in turn and its column read: "<kind> <table line>".

probe_table() { sed "s/^/$1 /" "$D/memfrag_probe_bench/probe_ns"; }

# perf record on every tracepoint, one sample per hit (-c 1, perf's
# default for tracepoints), system-wide.  Its buffer holds every sample
# of one read of the table (about 150000 of under 200 bytes), so none is
# lost for want of room (a lost one costs less); throttling is off, or
# perf would stop sampling after max_sample_rate/HZ samples in a tick.
perf_events() {
	local e

	for e in $(tracepoints); do
		printf -- '-e %s ' "${e/\//:}"
	done
}
start_perf() {
	local ack=/tmp/memfrag-bench.perf-ack ctl=/tmp/memfrag-bench.perf-ctl
	local out=/tmp/memfrag-bench.perf-out

	# The rate is refused once throttling is off: first the rate.
	echo 100000000 >/proc/sys/kernel/perf_event_max_sample_rate
	echo 0 >/proc/sys/kernel/perf_cpu_time_max_percent
	rm -f "$ack" "$ctl" "$out" /tmp/memfrag-bench.perf-bytes
	mkfifo "$ack" "$ctl" "$out"
	# A fifo, not >(...): the guest's chroot has no /dev/fd.
	wc -c <"$out" >/tmp/memfrag-bench.perf-bytes &
	perf_wc_pid=$!
	# Events start disabled (-D -1) and are enabled through the control
	# fifo, whose ack says they are on: perf_trace_<class> returns at
	# once while its event is off, so timing it before would make perf
	# look as cheap as an empty probe.  Its output is counted, not kept.
	# shellcheck disable=SC2046
	perf record -a -c 1 -m 64M -D -1 --control "fifo:$ctl,$ack" \
		$(perf_events) -o - 2>/tmp/memfrag-bench.perf >"$out" &
	perf_pid=$!
	# Read-write, so this open does not wait for perf's.
	exec {perf_ack}<>"$ack"
	# Attached once it holds one perf event per tracepoint and CPU (it
	# loads slowly over 9p, and icount's guest time runs on meanwhile).
	local want=$(($(perf_events | wc -w) * $(nproc) / 2)) have=0 reply=
	for _ in $(seq 600); do
		have=$(find "/proc/$perf_pid/fd" -lname 'anon_inode:*perf_event*' 2>/dev/null | wc -l)
		[ "$have" -ge "$want" ] && break
		kill -0 "$perf_pid" 2>/dev/null || break
		sleep 1
	done
	if [ "$have" -ge "$want" ]; then
		echo enable >"$ctl"
		read -r -t 600 -u "$perf_ack" reply || true
	fi
	exec {perf_ack}<&-
	if [ "$reply" != ack ]; then
		cat /tmp/memfrag-bench.perf >&2
		echo "bench-guest: perf record did not attach and enable" \
		     "($have of $want events, reply '$reply')" >&2
		kill -INT "$perf_pid" 2>/dev/null || true
		wait "$perf_pid" "$perf_wc_pid" || true
		return 1
	fi
}
# Stops perf and prints how many samples it wrote at least: bytes over
# the smallest sample a tracepoint gives here (8 bytes each of header,
# ip, pid/tid, time, cpu and period, and the raw data's size).
stop_perf() {
	local bytes=

	kill -INT "$perf_pid"
	wait "$perf_pid" || true
	grep -i 'lost\|error' /tmp/memfrag-bench.perf >&2 || true
	wait "$perf_wc_pid" || true	# it ends at perf's end of file
	bytes=$(cat /tmp/memfrag-bench.perf-bytes 2>/dev/null)
	echo $((${bytes:-0} / 52))
}

# Prints peer table $2 only if the peer recorded at least one event per
# timed call ($1 events) of the rows where it is attached (column $3 of
# the table, as probe_table prints it, is not "-"): a peer not yet (or no
# longer) recording runs its probe's early return, which would pass for a
# cheap tracer.  Without it the peer's column stays "-", with the reason
# on stderr.
peer_checked() {
	local recorded=$1 table=$2 column=$3 rows batches calls

	rows=$(awk -v c="$column" '$2 != "#" && $c != "-"' <<<"$table" | wc -l)
	batches=$(sed -n 's/.* median of \([0-9]*\) batches of \([0-9]*\) calls.*/\1 * \2/p' \
		<<<"$table" | head -n 1)
	calls=$((rows * ${batches:-0}))
	if [ "$calls" -gt 0 ] && [ "$recorded" -ge "$calls" ]; then
		echo "$table"
	else
		echo "bench-guest: ${table%% *}: the peer recorded $recorded" \
		     "events for $calls timed calls: column left out" >&2
	fi
}

# The peers that keep a stack per direct compaction request, as memfrag
# does at try_to_compact_pages: ftrace with a stacktrace trigger on the
# event (it records the event and a kernel stack), and bpftrace counting
# requests by kstack (bpf_get_stackid() into a stack map).
stack_tp=compaction/mm_compaction_try_to_compact_pages
bpftrace_stack_program() {
	cat <<-EOF
	tracepoint:$(tr / : <<<"$stack_tp") {
		@hits[probe] = count();
		@stacks[kstack] = count();
	}
	EOF
}

stack_peer_probes() {
	local table

	echo >"$T/trace"
	echo stacktrace >"$T/events/$stack_tp/trigger"
	echo 1 >"$T/events/$stack_tp/enable"
	table=$(probe_table probe_ftrace_stack)
	echo 0 >"$T/events/$stack_tp/enable"
	echo '!stacktrace' >"$T/events/$stack_tp/trigger"
	awk '/^(entries|overrun):/ { n += $2 } END { print n + 0 }' \
		"$T"/per_cpu/cpu*/stats >/tmp/memfrag-bench.events
	echo >"$T/trace"
	peer_checked "$(cat /tmp/memfrag-bench.events)" "$table" 5
	if bpftrace_start "$(bpftrace_stack_program)"; then
		table=$(probe_table probe_bpf_stack)
		stop_bpftrace >/tmp/memfrag-bench.events
		peer_checked "$(cat /tmp/memfrag-bench.events)" "$table" 7
	fi
}

# Each stop_<peer> runs outside $(...), as in the runs below: it waits
# for its own child.
peer_probes() {
	local table

	echo >"$T/trace"
	ftrace_events 1
	table=$(probe_table probe_ftrace)
	stop_ftrace >/tmp/memfrag-bench.events
	peer_checked "$(cat /tmp/memfrag-bench.events)" "$table" 5
	if ! command -v perf >/dev/null; then
		echo "bench-guest: no perf in the guest: its column stays empty" >&2
	elif start_perf; then
		table=$(probe_table probe_perf)
		stop_perf >/tmp/memfrag-bench.events
		peer_checked "$(cat /tmp/memfrag-bench.events)" "$table" 6
	fi
	# bpftrace 0.17 (Debian 12) fails on rawtracepoint: probes ("Invalid
	# probe type made it to attachpoint parser"): its tracepoint: probes,
	# the workload's program, attach BPF through perf's probe.
	if start_bpftrace; then
		table=$(probe_table probe_bpf)
		stop_bpftrace >/tmp/memfrag-bench.events
		peer_checked "$(cat /tmp/memfrag-bench.events)" "$table" 7
	fi
	stack_peer_probes
}

# ---------------------------------------------------------------- runs

scanned() {
	awk '$1 == "compact_migrate_scanned" || $1 == "compact_free_scanned" {
		n += $2 } END { printf "%.0f\n", n }' /proc/vmstat
}

settle() {
	sync
	echo 3 >/proc/sys/vm/drop_caches
	echo 1 >/proc/sys/vm/compact_memory
}

echo "kernel $(uname -r)"
echo "guest cpus=$(nproc) mem_kb=$(awk '$1 == "MemTotal:" { print $2 }' /proc/meminfo)" \
     "clocksource=$(cat /sys/devices/system/clocksource/clocksource0/current_clocksource)"
echo "workload ${workload[*]}"
for mode in $modes; do
	if [ "$mode" = bpftrace ] && ! command -v bpftrace >/dev/null; then
		echo "bench-guest: no bpftrace in the guest" >&2
		exit 1
	fi
done

# The first run after boot finds memory unlike every later run (nothing
# fragmented yet, caches cold): one untimed run first.
settle
"${workload[@]}" >/dev/null

for round in $(seq "$rounds"); do
	for mode in $modes; do
		settle
		"start_$mode"
		pages0=$(scanned)
		t0=$(date +%s%N)
		"${workload[@]}" >/tmp/memfrag-bench.workload
		t1=$(date +%s%N)
		pages=$(($(scanned) - pages0))
		# Not in $(...): stop_bpftrace waits for its own child.
		"stop_$mode" >/tmp/memfrag-bench.events
		echo "run $mode $round $((t1 - t0)) $(cat /tmp/memfrag-bench.events) $pages"
		# "phase <name>: ... (<ms> ms)" -> "phase <mode> <round> <name> <ms>"
		sed -n "s/^phase \([a-z]*\):.*(\([0-9]*\) ms)\$/phase $mode $round \1 \2/p" \
			/tmp/memfrag-bench.workload
	done
done

# Reading cost and probe cost with memfrag loaded, after a workload run so
# that its files have content.  This adds to memfrag's counters: last.
insmod ./memfrag.ko
settle
"${workload[@]}" >/dev/null
echo "memory module_bytes=$(awk '$1 == "memfrag" { print $2 }' /proc/modules)" \
     "memory_bytes=$(awk '$1 == "memory_bytes:" { print $2 }' "$D/memfrag/status")"
files=()
for f in "$D"/memfrag/*; do
	[ -r "$f" ] && [ "$(basename "$f")" != reset ] && files+=("$f")
done
./readcost -n 20 "${files[@]}" /proc/buddyinfo /proc/pagetypeinfo \
	/proc/zoneinfo "$D/extfrag/unusable_index" "$D/extfrag/extfrag_index"

insmod ./memfrag_probe_bench.ko
probe_table probe
peer_probes
rmmod memfrag_probe_bench
rmmod memfrag

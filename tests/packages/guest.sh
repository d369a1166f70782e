#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# guest.sh: the memfrag.ko that DKMS built from the memfrag-dkms package,
# in a guest of its kernel (tools/testing/run-tests.sh puts it there as
# $MEMFRAG_KO, with memfrag_module_test and memfrag-static).  POSIX sh;
# works with busybox.
#
#  1. memfrag_module_test: load, files, reload, unload;
#  2. the module loaded again, compaction run, and `memfrag prometheus`
#     read between two identical copies of the compaction and latency
#     files: runs by node and zone, and the latency histograms' counts,
#     equal those files (the live module at the same moment).
#
# Ends with a kselftest "# Totals:" line for run-tests' counts; exits 1 if
# a check failed.
set -u

rc=0
./memfrag_module_test || rc=1

dbg=/sys/kernel/debug/memfrag
pass=0 fail=0
ok() { pass=$((pass + 1)); echo "ok $((pass + fail)) $1"; }
not_ok() { fail=$((fail + 1)); echo "not ok $((pass + fail)) $1"; rc=1; }

[ -d "$dbg" ] || insmod "$MEMFRAG_KO" || not_ok "insmod $MEMFRAG_KO"
echo 1 >/proc/sys/vm/compact_memory
# A moment when nothing changed: the files, the export, the files again.
same=
for try in 1 2 3 4 5 6 7 8 9 10; do
	cat "$dbg/compaction" "$dbg/latency" >before
	./memfrag-static prometheus >prom 2>err || break
	cat "$dbg/compaction" "$dbg/latency" >after
	if cmp -s before after; then
		same=$try
		break
	fi
	sleep 1
done
if [ -z "$same" ]; then
	not_ok "prometheus: no quiet moment to compare with the live files ($(cat err))"
else
	grep -q '^memfrag_up 1$' prom && ok "prometheus: memfrag_up 1 on the live module" ||
		not_ok "prometheus: memfrag_up is not 1"
	# runs by node and zone: the file against the export
	awk '/^\[/ { s = $0; next } s == "[runs]" && $1 ~ /^[0-9]+$/ { n[$1 " " $2] += $6 }
	     END { for (k in n) print k, n[k] }' before | sort >want
	awk -F'[{}]' '/^memfrag_compaction_runs_total[{]/ {
		split($2, l, ","); node = l[1]; zone = l[2]
		gsub(/.*="|"/, "", node); gsub(/.*="|"/, "", zone)
		split($3, v, " "); n[node " " zone] += v[1] }
	     END { for (k in n) print k, n[k] }' prom | sort >got
	if [ -s want ] && cmp -s want got; then
		ok "prometheus: runs by node and zone equal the live compaction file ($(wc -l <want) zones)"
	else
		not_ok "prometheus: runs by node and zone differ: file '$(cat want)' export '$(cat got)'"
	fi
	# latency histogram counts: [timed] runs against _count
	awk '/^\[/ { s = $0; next } s == "[timed]" && $1 ~ /^[0-9]+$/ { t += $4 } END { print t + 0 }' \
		before >want
	awk '/^memfrag_compaction_latency_seconds_count[{]/ { t += $2 } END { print t + 0 }' prom >got
	if cmp -s want got; then
		ok "prometheus: latency _count equals the live latency file ($(cat want) timed runs)"
	else
		not_ok "prometheus: latency _count $(cat got), the file says $(cat want)"
	fi
fi
rmmod memfrag 2>/dev/null
echo "# Totals: pass:$pass fail:$fail xfail:0 xpass:0 skip:0 error:0"
exit $rc

#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# pageblock-unknown.sh: memfrag built for a pageblock layout it does not
# know (make ... KCFLAGS=-DMEMFRAG_PB_ASSUME_UNKNOWN, the path a future
# kernel takes) loads, says why in the fields that need the flags, and
# everything else works: run in a guest after the module selftest and
# the snapshot selftest, with $MEMFRAG_KO loaded.  POSIX sh, busybox.
set -u

d=/sys/kernel/debug/memfrag
fail=0
check() {
	if eval "$2"; then echo "ok - $1"; else echo "not ok - $1"; fail=1; fi
}

[ -d "$d" ] || insmod "$MEMFRAG_KO" || { echo "not ok - insmod $MEMFRAG_KO"; exit 1; }
why='unavailable: pageblock flags of a layout memfrag does not know'
check "extfrag [ownership] says why" \
	"sed -n '/^\\[ownership\\]/{n;p;}' $d/extfrag | grep -q '^$why'"
check "pagetypes [pageblocks] shows - for every count" \
	"sed -n '/^\\[pageblocks\\]/,/^\\[/p' $d/pagetypes | awk 'NF >= 4 && \$1 ~ /^[0-9]+\$/ && \$NF != \"-\" { bad = 1 } END { exit bad }'"
check "pagetypes [pageblocks] has rows" \
	"sed -n '/^\\[pageblocks\\]/,/^\\[/p' $d/pagetypes | grep -q ' -\$'"
# Everything else: free blocks per order as /proc/buddyinfo counts them.
check "zones [free_blocks] still read" \
	"sed -n '/^\\[free_blocks\\]/,/^\\[/p' $d/zones | grep -q '^ *[0-9]'"
check "status: every tracepoint attached" \
	"grep -Eq '^tracepoints: ([0-9]+) known, \\1 attached,' $d/status"
echo "pageblock-unknown: $([ $fail = 0 ] && echo PASS || echo FAIL)"
exit $fail

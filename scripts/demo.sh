#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# demo.sh: the main job, start to finish on a fresh Debian 12 machine.
#
# Installs what it needs, builds memfrag.ko for a Debian kernel, boots that
# kernel in QEMU, loads memfrag, fragments memory and drives compaction with
# memfrag's workload (manual, direct, kcompactd, extfrag fallbacks), and
# prints what memfrag saw: each file as cat reads it, then the tool's
# summary and the direct compaction latency histogram.  Run it as root
# (install-deps.sh needs apt-get); sudo is not needed where you are.
#
# Environment: KERNEL=6.1|6.12 (default 6.12).
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
series=${KERNEL:-6.12}

scripts/install-deps.sh
release=$(scripts/kernels.sh release "$series")
scripts/kbuild.sh memfrag "/usr/src/linux-headers-$release" "build/$release"
make -s selftests >/dev/null
make -s -C tools/memfrag memfrag-static >/dev/null

guest_script=$(mktemp)
trap 'rm -f "$guest_script"' EXIT
cat >"$guest_script" <<'GUEST'
set -e
grep -q " /sys/kernel/debug debugfs " /proc/mounts ||
	mount -t debugfs none /sys/kernel/debug
insmod "$MEMFRAG_KO"
echo "### memfrag loaded; fragmenting memory and driving compaction"
./memfrag_workload --scale 40 fragment manual direct kcompactd extfrag
for f in status compaction latency direct kcompactd migration extfrag zones; do
	echo
	echo "### cat /sys/kernel/debug/memfrag/$f"
	cat /sys/kernel/debug/memfrag/$f
done
echo
echo "### memfrag (the tool's summary)"
./memfrag-static
echo
echo "### memfrag latency -t direct (merged over zones: see the summary's p50/p90/p99)"
./memfrag-static latency -t direct
rmmod memfrag
GUEST

exec tools/testing/vm/memfrag-vm -k "$release" -a build/selftests/memfrag_workload \
	-a tools/memfrag/memfrag-static -a "$guest_script" \
	-- sh "./$(basename "$guest_script")"

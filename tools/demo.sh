#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# demo.sh: the main job, start to finish on a fresh Debian 12 machine.
#
# Installs what it needs, builds memfrag.ko for a Debian kernel, boots that
# kernel in QEMU, loads memfrag, fragments memory (tmpfs files, every other
# one freed), makes the kernel compact memory, and prints what memfrag saw.
#
# Environment: KERNEL=6.1|6.12 (default 6.12).
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
series=${KERNEL:-6.12}

tools/install-deps.sh
release=$(tools/kernels.sh release "$series")
tools/build-module.sh "/usr/src/linux-headers-$release" "build/$release"

guest_script=$(mktemp)
trap 'rm -f "$guest_script"' EXIT
cat >"$guest_script" <<'GUEST'
set -e
mountpoint -q /sys/kernel/debug || mount -t debugfs none /sys/kernel/debug
insmod "$MEMFRAG_KO"
echo "### memfrag loaded; fragmenting memory with tmpfs files"
mkdir -p /tmp/frag
i=0
while [ $i -lt 3000 ]; do
	dd if=/dev/zero of=/tmp/frag/$i bs=64k count=1 2>/dev/null
	i=$((i + 1))
done
i=0
while [ $i -lt 3000 ]; do
	rm -f /tmp/frag/$i
	i=$((i + 2))
done
echo "### echo 1 > /proc/sys/vm/compact_memory"
echo 1 > /proc/sys/vm/compact_memory
echo "### cat /sys/kernel/debug/memfrag/status"
cat /sys/kernel/debug/memfrag/status
rmmod memfrag
GUEST

exec tools/vm/memfrag-vm -k "$release" -a "$guest_script" -- sh "./$(basename "$guest_script")"

#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# record.sh: records the module's files in QEMU for run.sh, into
# tests/tool/recorded/<name>/<sample>/<file>:
#   6.12, 6.1      two samples (1, 2), a workload before each
#   6.12-numa      the same on a two-node NUMA guest with a Movable zone
#   6.12-fragmented  one sample (1): the files after a workload, with the
#                  zones file taken while memory was most fragmented
# RECORDED=DIR records into DIR instead; ONLY="6.12 6.1" records just
# those.  Needs root, QEMU, and
# make modules-matrix selftests.  After recording,
# UPDATE=1 tests/tool/run.sh rewrites the expected outputs: review them.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
cd "$top"
dest=${RECORDED:-$here/recorded}
out=$(mktemp -d "${TMPDIR:-/tmp}/memfrag-record.XXXXXX")
trap 'rm -rf "$out"' EXIT
[ -x build/selftests/memfrag_workload ] || make modules-matrix selftests

only=${ONLY:-6.12 6.1 6.12-numa 6.12-fragmented}
vm() {
	local name=$1 script=$2
	shift 2
	case " $only " in *" $name "*) ;; *) return 0 ;; esac
	tools/testing/vm/memfrag-vm --logdir "$out/$name.vm" "$@" \
		-a build/selftests/memfrag_workload -a "$here/$script" \
		-- sh "./$script" >"$out/$name.out"
}

vm 6.12 record-guest.sh -k 6.12
vm 6.1 record-guest.sh -k 6.1
vm 6.12-numa record-guest.sh -k 6.12 --numa 2 --movablecore 512M --mem 3G
vm 6.12-fragmented frag-guest.sh -k 6.12

for name in 6.12 6.1 6.12-numa; do
	[ -s "$out/$name.out" ] || continue
	rm -rf "${dest:?}/$name"
	"$here/split-recording.sh" "$out/$name.out" "$dest/$name"
done

case " $only " in *" 6.12-fragmented "*) ;; *) exit 0 ;; esac
# the zones sample whose fragmentation indexes above 0 add up to the most
"$here/split-recording.sh" "$out/6.12-fragmented.out" "$out/frag"
best=$(for z in "$out"/frag/z*/zones; do
	awk -v z="$z" '/^\[/ { s = ($0 == "[fragmentation_index]"); next }
		s { for (i = 3; i <= NF; i++) if ($i > 0) t += $i }
		END { printf "%d %s\n", t * 1000, z }' "$z"
done | sort -n -k1,1 | tail -n 1 | cut -d' ' -f2)
rm -rf "$dest/6.12-fragmented"
mkdir -p "$dest/6.12-fragmented/1"
cp "$out"/frag/f/* "$dest/6.12-fragmented/1/"
cp "$best" "$dest/6.12-fragmented/1/zones"
# the sysctl as it was when that zones file was read
cp "$(dirname "$best")/compaction_proactiveness" "$dest/6.12-fragmented/1/"
echo "record.sh: recorded into $dest (fragmented zones: ${best#"$out"/frag/})"

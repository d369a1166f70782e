#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# compare.sh OLD NEW: sets two results files of tools/bench/bench.sh side
# by side: every numeric figure present in both, with the change in
# percent.  Lines are matched by their kind and name (e.g. "workload
# memfrag", "probe mm_compaction_end").
set -euo pipefail
old=${1:?usage: compare.sh OLD NEW}
new=${2:?usage: compare.sh OLD NEW}

awk '
function load(file, tbl,    line, f, i, kv) {
	while ((getline line < file) > 0) {
		if (line ~ /^#/ || line ~ /^meta/)
			continue
		split(line, f, " ")
		for (i = 3; f[i] != ""; i++) {
			split(f[i], kv, "=")
			if (kv[2] ~ /^-?[0-9.]+$/)
				tbl[f[1] " " f[2] " " kv[1]] = kv[2]
		}
	}
	close(file)
}
BEGIN {
	load(ARGV[1], a)
	while ((getline line < ARGV[2]) > 0) {
		if (line ~ /^#/ || line ~ /^meta/)
			continue
		split(line, f, " ")
		for (i = 3; f[i] != ""; i++) {
			split(f[i], kv, "=")
			k = f[1] " " f[2] " " kv[1]
			if (kv[2] !~ /^-?[0-9.]+$/ || !(k in a))
				continue
			printf "%-62s %12s %12s %9s\n", k, a[k], kv[2],
			       a[k] + 0 ? sprintf("%+.1f%%", (kv[2] - a[k]) * 100 / a[k]) : "-"
		}
	}
	exit
}' "$old" "$new"

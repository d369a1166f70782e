#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# compare.sh OLD NEW: sets two results files of tools/bench/bench.sh side
# by side: every numeric figure present in both, with the change in
# percent.  Lines are matched by their kind and name (e.g. "workload
# memfrag", "probe mm_compaction_end"; "memory" lines have no name).
set -euo pipefail
old=${1:?usage: compare.sh OLD NEW}
new=${2:?usage: compare.sh OLD NEW}

awk '
# Splits a results line into f[]; returns the index of its first figure.
function fields(line, f) {
	split(line, f, " ")
	return f[2] ~ /=/ ? 2 : 3
}
function key(f, first, name) {
	return first == 2 ? f[1] " " name : f[1] " " f[2] " " name
}
function load(file, tbl,    line, f, i, kv, first) {
	while ((getline line < file) > 0) {
		if (line ~ /^#/ || line ~ /^meta/)
			continue
		first = fields(line, f)
		for (i = first; f[i] != ""; i++) {
			split(f[i], kv, "=")
			if (kv[2] ~ /^-?[0-9.]+$/)
				tbl[key(f, first, kv[1])] = kv[2]
		}
	}
	close(file)
}
BEGIN {
	load(ARGV[1], a)
	while ((getline line < ARGV[2]) > 0) {
		if (line ~ /^#/ || line ~ /^meta/)
			continue
		first = fields(line, f)
		for (i = first; f[i] != ""; i++) {
			split(f[i], kv, "=")
			k = key(f, first, kv[1])
			if (kv[2] !~ /^-?[0-9.]+$/ || !(k in a))
				continue
			printf "%-62s %12s %12s %9s\n", k, a[k], kv[2],
			       a[k] + 0 ? sprintf("%+.1f%%", (kv[2] - a[k]) * 100 / a[k]) : "-"
		}
	}
	exit
}' "$old" "$new"

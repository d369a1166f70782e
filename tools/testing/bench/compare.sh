#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# compare.sh OLD NEW: sets two results files of tools/testing/bench/bench.sh side
# by side: every numeric figure present in both, with the change in
# percent.  Lines are matched by their kind and name (e.g. "workload
# memfrag", "probe mm_compaction_end"; "memory" lines have no name).
# OLD or NEW may be a git revision and path, REV:PATH (e.g.
# HEAD~3:tools/testing/bench/results/results-6.1.0-56-amd64.txt), to compare with
# the figures a commit kept.
set -euo pipefail
usage="usage: compare.sh OLD NEW (files, or REV:PATH in git)"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# A results file's path: itself, or REV:PATH taken out of git.
results_file() {
	if [ -e "$1" ]; then
		echo "$1"
	elif [[ $1 == *:* ]] && git show "$1" >"$tmp/$2" 2>/dev/null; then
		echo "$tmp/$2"
	else
		echo "compare.sh: no results file $1" >&2
		exit 2
	fi
}
old=$(results_file "${1:?$usage}" old)
new=$(results_file "${2:?$usage}" new)
printf '%-62s %12s %12s %9s\n' "figure (${1##*/} -> ${2##*/})" old new change

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

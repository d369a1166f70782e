#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# split-recording.sh OUTPUT DIR: splits the output of record-guest.sh (lines
# "=== <sample> <file>" before each file) into DIR/<sample>/<file>.
set -eu
[ $# -eq 2 ] || { echo "usage: $0 OUTPUT DIR" >&2; exit 2; }
out=$1 dir=$2
awk -v dir="$dir" '
	/^=== end$/ { exit }
	/^=== [0-9a-z]+ [a-z_]+$/ {
		if (file != "") close(file)
		system("mkdir -p \"" dir "/" $2 "\"")
		file = dir "/" $2 "/" $3
		printf "" > file
		next
	}
	file != "" { print >> file }
' "$out"

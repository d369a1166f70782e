# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# restart.sh: copies of the recorded module files and recordings as a
# module of format 6 writes them, with status's load_id and
# reset_generation; sourced by run.sh, plot-test.sh and prometheus.sh.
# The recorded files are of older formats: restart_dir takes them to
# format 4 (pagesize.sh's pages_dir, 4 KiB pages), then moves zones'
# [free_blocks_by_type] and [pageblocks] to a pagetypes file of their own
# (format 5), then adds the two keys after kernel (format 6).

# shellcheck source=tests/tool/pagesize.sh
. "$(dirname "${BASH_SOURCE[0]}")/pagesize.sh"

# restart_dir SRC DST LOAD_ID GENERATION: SRC's files (a format-3 sample
# directory of tests/tool/recorded/) in DST, in format 6.
restart_dir() {
	local src=$1 dst=$2 id=$3 gen=$4

	pages_dir "$src" "$dst" 4096
	sed -i 's/^format: [0-9]*$/format: 6/' "$dst"/*
	awk -v pt="$dst/pagetypes" '
		NR <= 2 { print >pt }
		/^page_size: / { print >pt }
		/^\[(free_blocks_by_type|pageblocks)\]$/ { moved = 1 }
		/^\[/ && !/^\[(free_blocks_by_type|pageblocks)\]$/ { moved = 0 }
		{ if (moved) print >pt; else print }' "$dst/zones" >"$dst/zones.new"
	mv "$dst/zones.new" "$dst/zones"
	sed -i "/^kernel: /a load_id: $id\nreset_generation: $gen" "$dst/status"
}

# restart_recording IN OUT LOAD_ID GEN...: the recording IN with every
# snapshot's status given load_id LOAD_ID and, snapshot by snapshot, the
# reset generations GEN... (the last one repeated); its header says
# format 6.  Nothing else changes: the counters are IN's.
restart_recording() {
	local in=$1 out=$2 id=$3

	shift 3
	jq -nc --arg id "$id" --argjson gens "[$(IFS=,; echo "$*")]" '
	  foreach inputs as $l (-1; if $l.type == "snapshot" then . + 1 else . end;
	    . as $i | $l
	    | if .type == "header" then .format = 6
	      elif .type == "snapshot" then
		.files.status.load_id = $id
		| .files.status.reset_generation =
		    $gens[[$i, ($gens | length) - 1] | min]
	      else . end)' "$in" >"$out"
}

# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# pagesize.sh: copies of the recorded module files and recordings as a
# kernel of another page size writes them (format 4, with page_size);
# sourced by pagesize-test.sh and prometheus.sh.  The matrix boots no
# kernel of 16 KiB pages, so the tests make its files from a 4 KiB one's:
# Debian's arm64 16k kernel has PAGE_SIZE 16384, pageblock_order and the
# score order 11 (a 32 MiB PMD) and 12 buddy orders (0 to 11).

# pages_dir SRC DST BYTES [ORDER]: SRC's files (a sample directory of
# tests/tool/recorded/) in DST, in format 4 with page_size BYTES; with
# ORDER, pageblock_order and score_order ORDER, and order columns up to
# ORDER (free blocks 0, so unusable index 1.000 and the fragmentation
# index as mm/vmstat.c's __fragmentation_index() computes it).
pages_dir() {
	local src=$1 dst=$2 bytes=$3 order=${4:-}

	rm -rf "$dst"
	cp -r "$src" "$dst"
	sed -i 's/^format: [0-9]*$/format: 4/' "$dst"/*
	sed -i "/^kernel: /a page_size: $bytes" "$dst/status"
	sed -i "/^score_order: /i page_size: $bytes" "$dst/zones"
	[ -n "$order" ] || return 0
	sed -i "s/^pageblock_order: .*/pageblock_order: $order/" "$dst/extfrag"
	sed -i "s/^score_order: .*/score_order: $order/" "$dst/zones"
	awk -v max="$order" '
	function milli(v) { return sprintf("%s%d.%03d", v < 0 ? "-" : "",
		(v < 0 ? -v : v) / 1000, (v < 0 ? -v : v) % 1000) }
	/^\[/ { sec = $0; head = 1; print; next }
	sec !~ /^\[(free_blocks|unusable_index|fragmentation_index|free_blocks_by_type)\]$/ {
		print; next }
	head { head = 0; last = $NF; line = $0
		for (o = last + 1; o <= max; o++) line = line sprintf(" %6d", o)
		print line; next }
	{
		line = $0
		if (sec == "[free_blocks]") {
			# the zone free pages and blocks, for the indexes
			k = $1 " " $2; pages[k] = 0; blocks[k] = 0
			for (i = 3; i <= NF; i++) {
				pages[k] += $i * 2 ^ (i - 3); blocks[k] += $i
			}
		}
		for (o = last + 1; o <= max; o++) {
			k = $1 " " $2
			if (sec == "[unusable_index]")
				v = "1.000"
			else if (sec == "[fragmentation_index]")
				v = blocks[k] ? milli(1000 - int((1000 + int(pages[k] * 1000 / 2 ^ o)) / blocks[k])) : "0.000"
			else
				v = 0
			line = line sprintf(" %6s", v)
		}
		print line
	}' "$dst/zones" >"$dst/zones.new" && mv "$dst/zones.new" "$dst/zones"
}

# pages_recording IN OUT BYTES [ORDER]: the recording IN (JSON Lines, as
# memfrag record writes it) in OUT, its files in format 4 with page_size
# BYTES, and with ORDER as pages_dir does it.
pages_recording() {
	jq -c --argjson bytes "$3" --argjson order "${4:-null}" '
	  def pad(v): if $order == null then . else
	    .orders += [range(.orders | length; $order + 1) | v] end;
	  if .type == "header" then .format = 4
	  elif .type == "snapshot" then
	    .files |= (map_values(.format = 4)
	      | .status.page_size = $bytes | .zones.page_size = $bytes
	      | if $order == null then . else
		  .zones.score_order = $order | .extfrag.pageblock_order = $order
		  | .zones.free_blocks[] |= pad(0)
		  | .zones.unusable_index[] |= pad(1)
		  | .zones.fragmentation_index[] |= pad(0)
		  | .zones.free_blocks_by_type[] |= pad(0) end)
	  else . end' "$1" >"$2"
}

#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# pagesize-test.sh: every size the tool shows is of the kernel's pages,
# which its files name (page_size, format 4 on), not 4 KiB nor the pages
# of the machine the tool runs on.  Against copies of a 6.12 recording
# made as a kernel of 16 KiB pages writes them (pagesize.sh), one of 4 KiB
# pages in format 4, and the recordings as they are (format 3: no
# page_size, so 4096 assumed):
#  - plot labels order 9 as 8 MiB (16 KiB pages) and 2 MiB (4 KiB pages,
#    said or assumed), the figures say their page size, and render
#    (rsvg-convert; PNGs kept in $PAGESIZE_PNG when it is set);
#  - compare labels its orders the same way, and refuses recordings of
#    two page sizes;
#  - the summary's free_mib, the status and zones views and their JSON;
#  - a bad page_size, or none in format 4, is a malformed file (exit 7).
# Ends with "memfrag-pagesize: N passed, N failed, N skipped".
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
# shellcheck source=tests/tool/tap.sh
. "$here/tap.sh"
# shellcheck source=tests/tool/pagesize.sh
. "$here/pagesize.sh"
tap_tmpdir memfrag-pagesize-test
finish() {
	echo "memfrag-pagesize: $passed passed, $failed failed, $skipped skipped"
	[ "$failed" -eq 0 ]
	exit
}

if ! make -s -C "$top/tools/memfrag" memfrag >"$tmp/build.log" 2>&1; then
	not_ok "build" "$tmp/build.log"
	finish
fi
cp "$top/tools/memfrag/memfrag" "$tmp/memfrag"
tool=$tmp/memfrag
for c in jq rsvg-convert; do
	command -v $c >/dev/null || { not_ok "$c is not installed (scripts/install-deps.sh)"; finish; }
done

# expect_exit STATUS PATTERN NAME CMD...: CMD exits STATUS and says PATTERN.
expect_exit() {
	local status=$1 pattern=$2 name=$3 rc
	shift 3
	"$@" >"$tmp/out" 2>&1
	rc=$?
	if [ $rc = "$status" ] && grep -q -- "$pattern" "$tmp/out"; then
		ok "$name (exit $status)"
	else
		not_ok "$name: exit $rc" "$tmp/out"
	fi
}

# --- the module's files -----------------------------------------------------
src=$here/recorded/6.12-format3/1
pages_dir "$src" "$tmp/16k" 16384 11
pages_dir "$src" "$tmp/4k" 4096

# free_mib of each zone, as awk computes it from the zones file
free_mib() {
	awk -v bytes="$2" '/^\[/ { s = $0; next }
	s == "[zones]" && $1 ~ /^[0-9]+$/ {
		printf "%s:%s %.1f\n", $1, $2, $5 * bytes / 1048576 }' "$1/zones"
}
summary_mib() {
	"$tool" -d "$1" | awk '$1 ~ /^[0-9]+:/ && $2 ~ /^[0-9]+$/ { print $1, $3 }'
}
for c in "16k 16384" "4k 4096"; do
	read -r name bytes <<<"$c"
	free_mib "$tmp/$name" "$bytes" >"$tmp/want"
	summary_mib "$tmp/$name" >"$tmp/got"
	if [ -s "$tmp/want" ] && diff -u "$tmp/want" "$tmp/got" >"$tmp/diff"; then
		ok "$name: the summary's free_mib is free pages of $bytes bytes ($(tr '\n' ' ' <"$tmp/got"))"
	else
		not_ok "$name: the summary's free_mib" "$tmp/diff"
	fi
done
free_mib "$src" 4096 >"$tmp/want"
summary_mib "$src" >"$tmp/got"
if diff -u "$tmp/want" "$tmp/got" >"$tmp/diff" &&
   "$tool" -d "$src" | grep -qF 'pages of 4 KiB (assumed: files before format 4'; then
	ok "format 3: free_mib of 4096-byte pages, and the summary says it assumed them"
else
	not_ok "format 3: free_mib or the note" "$tmp/diff"
fi

# the views and their JSON name the page size
"$tool" -d "$tmp/16k" status >"$tmp/status" 2>&1
"$tool" -d "$tmp/16k" zones >"$tmp/zones" 2>&1
if grep -qx 'page size: 16 KiB' "$tmp/status" &&
   grep -q '^Zones, in pages of 16 KiB;' "$tmp/zones" &&
   grep -q '(score order 11)' "$tmp/zones"; then
	ok "16k: status says 'page size: 16 KiB', zones 'in pages of 16 KiB'"
else
	cat "$tmp/status" "$tmp/zones" >"$tmp/out"
	not_ok "16k: status and zones views" "$tmp/out"
fi
got=$("$tool" --json -d "$tmp/16k" status | jq -c .page_size)
got="$got $("$tool" --json -d "$tmp/16k" zones | jq -c .page_size)"
got="$got $("$tool" --json -d "$tmp/16k" | jq -c '[.page_size, (.zones[] | .free_mib)]')"
got="$got $("$tool" --json -d "$src" | jq -c .page_size)"
if [ "$got" = "16384 16384 [16384,59,7646.84375] null" ]; then
	ok "JSON: page_size 16384 in status, zones and the summary (free_mib 59, 7646.84375), null in format 3"
else
	echo "$got" >"$tmp/out"
	not_ok "JSON: page_size and free_mib: $got" "$tmp/out"
fi
if python3 -c 'import jsonschema' 2>/dev/null; then
	bad=
	for v in summary status zones; do
		# shellcheck disable=SC2046
		"$tool" --json -d "$tmp/16k" $([ $v = summary ] || echo $v) >"$tmp/$v.json"
		python3 "$here/validate-json.py" "$top/tools/memfrag/memfrag.schema.json" \
			"$tmp/$v.json" >>"$tmp/schema" 2>&1 || bad="$bad $v"
	done
	if [ -z "$bad" ]; then
		ok "16k: summary, status and zones JSON validate against memfrag.schema.json"
	else
		not_ok "16k: JSON does not validate:$bad" "$tmp/schema"
	fi
else
	skip "python3-jsonschema is not installed (scripts/install-deps.sh)"
fi

# malformed: a page size that is none, and format 4 without one
for bad in "status:12288" "zones:0" "zones:4096x"; do
	pages_dir "$src" "$tmp/bad" "${bad#*:}"
	expect_exit 7 "bad \"page_size:\" value \"${bad#*:}\"" \
		"${bad%%:*}: page_size ${bad#*:} is malformed" \
		"$tool" -d "$tmp/bad" "${bad%%:*}"
done
pages_dir "$src" "$tmp/bad" 16384
sed -i '/^page_size: /d' "$tmp/bad/zones"
expect_exit 7 'no "page_size:" line' "format 4 zones without page_size is malformed" \
	"$tool" -d "$tmp/bad" zones

# --- recordings: plot and compare --------------------------------------------
gunzip -c "$here/recordings/6.12-workload.jsonl.gz" >"$tmp/4k-old.jsonl"
pages_recording "$tmp/4k-old.jsonl" "$tmp/16k.jsonl" 16384 11
pages_recording "$tmp/4k-old.jsonl" "$tmp/4k.jsonl" 4096
cp "$tmp/16k.jsonl" "$tmp/16k-b.jsonl"

# the order labels of plot's figures, "o · size", in order of o
want16="0 · 16 KiB,1 · 32 KiB,2 · 64 KiB,3 · 128 KiB,4 · 256 KiB,5 · 512 KiB,6 · 1 MiB,7 · 2 MiB,8 · 4 MiB,9 · 8 MiB,10 · 16 MiB,11 · 32 MiB"
want4="0 · 4 KiB,1 · 8 KiB,2 · 16 KiB,3 · 32 KiB,4 · 64 KiB,5 · 128 KiB,6 · 256 KiB,7 · 512 KiB,8 · 1 MiB,9 · 2 MiB,10 · 4 MiB"
for c in "16k:16 KiB pages:$want16" "4k:4 KiB pages:$want4" \
	 "4k-old:4 KiB pages (assumed):$want4"; do
	name=${c%%:*} rest=${c#*:}
	pages=${rest%%:*} want=${rest#*:}
	out=$tmp/plot-$name
	if ! "$tool" plot -o "$out" "$tmp/$name.jsonl" >"$tmp/out" 2>&1; then
		not_ok "$name: plot exits 0" "$tmp/out"
		continue
	fi
	bad=
	for f in free-blocks unusable; do
		# one label per order and zone: the same list in every panel
		got=$(grep -o '>[0-9]* · [0-9.]* [KMG]iB<' "$out/$f.svg" | sort -u |
		      tr -d '<>' | sort -n | paste -sd,)
		[ "$got" = "$want" ] || bad="$bad $f.svg($got)"
		grep -qF '>order · block size<' "$out/$f.svg" || bad="$bad $f.svg(axis)"
		grep -qF "· $pages ·" "$out/$f.svg" || bad="$bad $f.svg(subtitle)"
		grep -q '4 KiB pages)' "$out/$f.svg" && bad="$bad $f.svg(4 KiB axis)"
		rsvg-convert -w 1200 "$out/$f.svg" -o "$out/$f.png" 2>>"$tmp/render" &&
			[ -s "$out/$f.png" ] || bad="$bad $f.svg(render)"
		[ -z "${PAGESIZE_PNG:-}" ] || { mkdir -p "$PAGESIZE_PNG" &&
			cp "$out/$f.png" "$PAGESIZE_PNG/$name-$f.png"; }
	done
	case $name in
	16k) nine="9 · 8 MiB" page="16 KiB" ;;
	*) nine="9 · 2 MiB" page="4 KiB" ;;
	esac
	grep -qF ">$nine<" "$out/free-blocks.svg" || bad="$bad (no '$nine')"
	grep -qF "<th>page size</th><td>$page" "$out/index.html" || bad="$bad index.html"
	if [ -z "$bad" ]; then
		ok "$name: plot labels order 9 '$nine', orders 0 to $(echo "$want" | tr ',' '\n' | tail -n 1), on $pages; rendered"
	else
		not_ok "$name: plot:$bad" "$tmp/render"
	fi
done

"$tool" compare -o "$tmp/cmp" "$tmp/16k.jsonl" "$tmp/16k-b.jsonl" >"$tmp/out" 2>&1
cats=$(grep -o '>[0-9.]* [KMG]iB<' "$tmp/cmp/compare-free-blocks.svg" | tr -d '<>' | paste -sd,)
if [ "$cats" = "16 KiB,32 KiB,64 KiB,128 KiB,256 KiB,512 KiB,1 MiB,2 MiB,4 MiB,8 MiB,16 MiB,32 MiB" ] &&
   grep -qF '>order · block size<' "$tmp/cmp/compare-free-blocks.svg" &&
   rsvg-convert -w 1200 "$tmp/cmp/compare-free-blocks.svg" -o "$tmp/cmp/free-blocks.png"; then
	ok "compare: 16 KiB pages: order 9 is 8 MiB, each order's block size under it; rendered"
	[ -z "${PAGESIZE_PNG:-}" ] || cp "$tmp/cmp/free-blocks.png" "$PAGESIZE_PNG/compare-16k-free-blocks.png"
else
	echo "$cats" >>"$tmp/out"
	not_ok "compare: order labels of 16 KiB pages" "$tmp/out"
fi
expect_exit 1 'pages of 16384 bytes against 4096' \
	"compare refuses 16 KiB against 4 KiB pages" \
	"$tool" compare "$tmp/16k.jsonl" "$tmp/4k.jsonl"

# a recording whose page size is none, or changes
for c in '12288:bad "page_size:" value' "changes:page_size changed"; do
	if [ "${c%%:*}" = changes ]; then
		jq -c 'if .type == "snapshot" and .n == 3 then
			 .files.status.page_size = 4096 | .files.zones.page_size = 4096
		       else . end' "$tmp/16k.jsonl" >"$tmp/bad.jsonl"
	else
		pages_recording "$tmp/4k-old.jsonl" "$tmp/bad.jsonl" "${c%%:*}"
	fi
	expect_exit 7 "${c#*:}" "recording: ${c#*:} is malformed" \
		"$tool" plot -o "$tmp/plot-bad" "$tmp/bad.jsonl"
done
finish

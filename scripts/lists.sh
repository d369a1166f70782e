#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# lists.sh update|check|print LIST...: the name lists of include/memfrag/ in the files
# that cannot include a C header, printed by scripts/gen-lists.c (built
# into build/lists/).  update rewrites them; check (make check) fails,
# showing the difference, where a committed file differs from what update
# would write; print prints a list (gen-lists' arguments), for the files
# made at build time.
#
#   tools/memfrag/memfrag.8           every block between
#                                       .\" generated: LIST|STYLE|OPEN|CLOSE
#                                       .\" end generated
#                                     LIST is a gen-lists list ("columns
#                                     NAME" for a section's columns), STYLE
#                                     "text" (OPENa, b, cCLOSE on one line)
#                                     or "bold" (.RB/.BR lines, OPEN before
#                                     the first name, CLOSE after the last)
#   tools/memfrag/memfrag.schema.json the summary's by_trigger, by_result
#                                     and background keys, and the views
#                                     of the module's files
#                                     (scripts/schema-views.py)
#
# Lists made at build time are not here: the fuzz dictionary's names
# (tools/memfrag/fuzz/run-fuzz.sh) and the benchmark's tracepoints
# (scripts/kbuild.sh probe-bench).
set -euo pipefail

mode=${1:-}
case "$mode" in update | check | print) ;; *)
	echo "usage: lists.sh update|check|print LIST..." >&2
	exit 2
	;;
esac
top=$(cd "$(dirname "$0")/.." && pwd)
gen=$top/build/lists/gen-lists
mkdir -p "$top/build/lists"
if [ ! -x "$gen" ] || [ -n "$(find "$top/scripts/gen-lists.c" \
	"$top/include/memfrag" -newer "$gen" 2>/dev/null)" ]; then
	${CC:-cc} -std=c11 -Wall -Wextra -Werror -I"$top/include" \
		-o "$gen" "$top/scripts/gen-lists.c"
fi
if [ "$mode" = print ]; then
	shift
	exec "$gen" "$@"
fi

# The man page, its generated blocks rewritten (called by sync_file).
# shellcheck disable=SC2317
man_page() {
	local line spec

	while IFS= read -r line; do
		printf '%s\n' "$line"
		case "$line" in
		'.\" generated: '*) ;;
		*) continue ;;
		esac
		spec=${line#'.\" generated: '}
		while IFS= read -r line; do
			[ "$line" = '.\" end generated' ] && break
		done
		man_block "$spec"
		printf '%s\n' "$line"
	done <"$1"
}

# shellcheck disable=SC2317
man_block() {
	local list style open close names

	IFS='|' read -r list style open close <<<"$1"
	# shellcheck disable=SC2086
	names=$("$gen" $list)
	case "$style" in
	text)
		printf '%s%s%s\n' "$open" "$(paste -sd, <<<"$names" | sed 's/,/, /g')" "$close"
		;;
	bold)
		awk -v o="$open" -v c="$close" '
			{ n[NR] = $0 }
			END {
				for (i = 1; i <= NR; i++) {
					pre = i == 1 && o != "" ? ".RB " o " " : ".BR "
					post = i < NR ? " ," : (c != "" ? " " c : "")
					if (i == NR && c == "" && pre == ".BR ")
						pre = ".B "
					print pre n[i] post
				}
			}' <<<"$names"
		;;
	*)
		echo "lists.sh: unknown style '$style' in '$1'" >&2
		exit 1
		;;
	esac
}

# The JSON Schema, its enumerated keys and the views of the module's files
# set from the lists (scripts/schema-views.py).
# shellcheck disable=SC2317
schema() {
	python3 "$top/scripts/schema-views.py" "$1" "$("$gen" layout)" \
		"$("$gen" triggers)" "$("$gen" results)" "$("$gen" background)" \
		"$("$gen" tracepoints)" "$("$gen" modes)" "$("$gen" priorities)" \
		"$("$gen" migratetypes)" "$("$gen" drops)"
}

status=0
sync_file() {
	local file=$top/$1 new

	new=$(mktemp)
	"$2" "$file" >"$new"
	if cmp -s "$file" "$new"; then
		rm -f "$new"
	elif [ "$mode" = update ]; then
		cat "$new" >"$file"
		rm -f "$new"
		echo "lists.sh: updated $1"
	else
		diff -u "$file" "$new" | sed "s|$new|$1 (generated)|" >&2 || true
		rm -f "$new"
		echo "lists.sh: $1 differs from include/memfrag/'s lists: run scripts/lists.sh update" >&2
		status=1
	fi
}

sync_file tools/memfrag/memfrag.8 man_page
sync_file tools/memfrag/memfrag.schema.json schema
exit "$status"

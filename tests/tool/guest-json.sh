#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# guest-json.sh OUTPUT: the JSON of every view that tests/tool/guest-test.sh
# read from the live module in a guest ("# json NAME: {...}" lines of the
# guest's OUTPUT, as memfrag-vm prints or keeps it in output.log) must
# validate against tools/memfrag/memfrag.schema.json.  The guests have no
# python3-jsonschema (the arm64 ones no python at all), so the host checks.
# Prints TAP lines and "memfrag-guest-json: N passed, N failed, N skipped".
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
# shellcheck source=tests/tool/tap.sh
. "$here/tap.sh"
tap_tmpdir memfrag-guest-json

out=${1:?usage: guest-json.sh OUTPUT}
if ! python3 -c 'import jsonschema' 2>/dev/null; then
	skip "python3-jsonschema is not installed (scripts/install-deps.sh)"
elif ! grep -q '^# json ' "$out" 2>/dev/null; then
	skip "no view JSON in $out (the guest did not run guest-test.sh this far)"
else
	while IFS= read -r line; do
		name=${line#'# json '}
		name=${name%%: *}
		printf '%s\n' "${line#*: }" >"$tmp/view.json"
		if python3 "$here/validate-json.py" "$top/tools/memfrag/memfrag.schema.json" \
			"$tmp/view.json" >"$tmp/err" 2>&1; then
			ok "live $name --json validates against memfrag.schema.json"
		else
			not_ok "live $name --json does not validate" "$tmp/err"
		fi
	done < <(grep '^# json ' "$out" | tr -d '\r')
fi
echo "memfrag-guest-json: $passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]

#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# build-test-module.sh KDIR OUTDIR [make args...]
#
# Builds the selftests' helper modules (every selftests/<name>/ with a
# Kbuild, e.g. selftests/nest/ -> memfrag_nest.ko) against the kernel in
# KDIR: each in OUTDIR/<name>/, its .ko copied to OUTDIR, beside memfrag.ko
# (make modules-matrix: build/<release>/memfrag_nest.ko).  Extra arguments
# go to kbuild (e.g. W=1 C=2); with STRICT=1 any compiler or sparse warning
# fails the build.  KDIR is a linux-headers-* directory (in the build
# root too, see build-module.sh) or a built kernel tree; if that tree has its module signing key (MODULE_SIG), the modules
# are signed with it.
set -euo pipefail

kdir=${1:?usage: build-test-module.sh KDIR OUTDIR [make args...]}
out=${2:?usage: build-test-module.sh KDIR OUTDIR [make args...]}
shift 2
src=$(cd "$(dirname "$0")/.." && pwd)

# shellcheck source=tools/lib.sh
. "$src/tools/lib.sh"

if [ ! -e "$kdir/Makefile" ]; then
	echo "build-test-module: no kernel headers or kernel tree in $kdir" >&2
	exit 2
fi

mkdir -p "$out"
out=$(cd "$out" && pwd)
log=$(mktemp)
trap 'rm -f "$log"' EXIT
for dir in "$src"/selftests/*/; do
	[ -f "$dir/Kbuild" ] || continue
	name=$(basename "$dir")
	obj=$out/$name
	rm -rf "$obj"
	mkdir -p "$obj"
	# Kernel-version differences are in memfrag's compat.h, for these too.
	cp "$dir"/Kbuild "$dir"/*.c "$src/module/compat.h" "$obj/"
	cp -a "$src/include" "$obj/"
	if ! kmake "$kdir" "$obj" M="$obj" "$@" modules >"$log" 2>&1; then
		cat "$log" >&2
		echo "build-test-module: $name: build against $kdir failed" >&2
		exit 1
	fi
	if [ "${STRICT:-0}" = 1 ] && grep -E 'warning:|error:' "$log" >&2; then
		echo "build-test-module: $name: warnings building against $kdir ($*)" >&2
		exit 1
	fi
	key=$kdir/certs/signing_key.pem
	for ko in "$obj"/*.ko; do
		if grep -qs '^CONFIG_MODULE_SIG=y' "$kdir/.config" &&
			[ -f "$key" ] && [ -x "$kdir/scripts/sign-file" ]; then
			hash=$(sed -n 's/^CONFIG_MODULE_SIG_HASH="\(.*\)"$/\1/p' "$kdir/.config")
			"$kdir/scripts/sign-file" "${hash:-sha512}" "$key" \
				"$kdir/certs/signing_key.x509" "$ko"
		fi
		cp "$ko" "$out/"
		echo "build-test-module: $out/$(basename "$ko") ($(basename "$kdir"))"
	done
done

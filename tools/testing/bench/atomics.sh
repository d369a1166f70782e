#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# atomics.sh MODULE.ko [x86_64|arm64]: the atomic read-modify-write
# instructions of each probe of a built memfrag.ko and of the module's
# functions it calls, read from its disassembly.  One line per probe:
#
#   atomics <probe> own=N callees=N rare=N via=fn:N,...
#
# own counts the probe's own instructions, callees those of every module
# function it reaches (calls into the kernel are not followed), except the
# out-of-line paths the probes take only now and then, counted as rare:
# a batch entry moved to its shared counter, and an NMI's addition
# (module/batch.h).  x86_64:
# lock-prefixed instructions, except the full barrier smp_mb() writes on
# the stack ("lock addl $0x0,...(%rsp)").  arm64: LSE atomics (ld<op>,
# st<op>, cas, swp) and exclusive pairs (ldxr/stxr and their acquire and
# release forms), which this_cpu_*() also use on the CPU's own line.
# Figures only: nothing passes or fails on them.
set -euo pipefail

ko=${1:?usage: atomics.sh MODULE.ko [x86_64|arm64]}
arch=${2:-x86_64}
case $arch in
x86_64) objdump=objdump
	atomic='^lock '
	# shellcheck disable=SC2016 # a regular expression, not an expansion
	barrier='^lock (add|or)[lq]? +\$0x0,-?(0x[0-9a-f]+)?\(%rsp\)' ;;
arm64) objdump=aarch64-linux-gnu-objdump
	atomic='^(ld(add|clr|eor|set|smax|smin|umax|umin)|st(add|clr|eor|set|smax|smin|umax|umin)|casp?|swp|ld[a]?xr|ld[a]?xp|st[l]?xr|st[l]?xp)[a-z]*[ \t]'
	barrier='^$' ;;
*) echo "atomics.sh: unknown architecture $arch" >&2; exit 2 ;;
esac
command -v "$objdump" >/dev/null || { echo "atomics.sh: $objdump is missing" >&2; exit 2; }

rare="memfrag_batch_replace memfrag_batch_add_shared"

"$objdump" -dr --no-show-raw-insn "$ko" |
awk -v atomic="$atomic" -v barrier="$barrier" -v rare="$rare" '
	/^[0-9a-f]+ <[^>]+>:$/ {
		fn = $2; gsub(/[<>:]/, "", fn)
		# A function'"'"'s cold part, split off by the compiler, is the function.
		sub(/\.cold(\.[0-9]+)?$/, "", fn)
		fns[fn] = 1; next
	}
	# An instruction: "  addr:	mnemonic operands"
	/^ +[0-9a-f]+:\t/ {
		insn = $0; sub(/^ +[0-9a-f]+:\t/, "", insn)
		if (insn ~ atomic && insn !~ barrier)
			own[fn]++
		next
	}
	# A call or jump relocation: "  addr: R_..._PLT32 target-0x4" or
	# R_AARCH64_CALL26 / JUMP26.
	/R_X86_64_PLT32|R_X86_64_PC32|R_AARCH64_(CALL|JUMP)26/ {
		t = $NF; sub(/[-+]0x[0-9a-f]+$/, "", t)
		calls[fn, t] = 1
	}
	function reach(f, seen,    k, parts) {
		for (k in calls) {
			split(k, parts, SUBSEP)
			if (parts[1] != f || !(parts[2] in fns) || parts[2] in seen)
				continue
			seen[parts[2]] = 1
			reach(parts[2], seen)
		}
	}
	END {
		split(rare, r, " ")
		for (i in r)
			is_rare[r[i]] = 1
		for (f in fns) {
			if (f !~ /^memfrag_probe_/)
				continue
			delete seen
			reach(f, seen)
			total = 0; rarely = 0; via = ""
			for (g in seen) {
				if (!own[g])
					continue
				if (g in is_rare)
					rarely += own[g]
				else
					total += own[g]
				via = via (via == "" ? "" : ",") g ":" own[g]
			}
			name = f; sub(/^memfrag_probe_/, "", name)
			printf "atomics %s own=%d callees=%d rare=%d via=%s\n",
			       name, own[f] + 0, total, rarely,
			       via == "" ? "-" : via
		}
	}' | sort

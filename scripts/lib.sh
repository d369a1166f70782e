# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Helpers shared by memfrag's shell tools: sourced, never run.  A tool
# sets $tag (its name) before calling them.

# msg MESSAGE: the tool's name and the message, on stderr (stdout is for
# what a tool answers, a path or a list).
msg() { echo "${tag:-memfrag}: $*" >&2; }
# die MESSAGE: the tool's name, the message, exit status 2 (usage, or a
# missing prerequisite).
die() { echo "${tag:-memfrag}: $*" >&2; exit 2; }
# fail MESSAGE: the tool's name, the message, exit status 1 (the work
# itself failed).
fail() { echo "${tag:-memfrag}: $*" >&2; exit 1; }

# apt_update_tolerant CMD...: run an "apt-get update" (CMD), once more
# after 5 s if it fails, and go on if it fails again: an index that fails
# to download (a mirror in sync: "File has unexpected size") leaves the
# lists apt had, and a package they lack then fails with its own message.
apt_update_tolerant() {
	"$@" >/dev/null && return 0
	sleep 5
	"$@" >/dev/null && return 0
	echo "${tag:-memfrag}: apt-get update reported errors; going on with the lists apt has" >&2
}

# kmake KDIR DIR ARGS...: make -C KDIR ARGS..., inside the build root
# (scripts/buildroot.sh) if KDIR is there, with DIR (the objects' directory)
# bound at its own path: those kernels need their own release's compiler.
kmake() {
	local kdir=$1 dir=$2 tools broot
	shift 2
	tools=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
	broot=$("$tools/buildroot.sh" path)
	case $kdir in
	"$broot"/*) "$tools/buildroot.sh" run "$dir" -- make -C "${kdir#"$broot"}" "$@" ;;
	*) make -C "$kdir" "$@" ;;
	esac
}

#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Fails if a section or column name of include/memfrag/files.h is spelled
# as a string literal in a C file: code names them by MEMFRAG_SECTION_*,
# MEMFRAG_COL_* or MEMFRAG_SEC_NAME()/MEMFRAG_COL_NAME(), so that a typo
# does not compile.  Comments are not searched.
#
#   scripts/check-literals.sh [DIR...]   (default: module)
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
[ $# -gt 0 ] || set -- module

# The names, from the lists themselves (the preprocessor expands them);
# only what follows the marker: files.h's own code is not a name.
names=$(${CC:-cc} -E -P -I include -x c - <<'C' |
#include <memfrag/files.h>
#define N(name) name
#define S(name, flags, order_type, columns) name
#define F(id, mode, keys, sections) sections(S)
MEMFRAG_NAMES_FOLLOW MEMFRAG_FILES(F) MEMFRAG_SECTIONS_TASKS(S) MEMFRAG_COLUMNS(N)
C
	sed -n '/MEMFRAG_NAMES_FOLLOW/,$s/.*MEMFRAG_NAMES_FOLLOW//p' |
	tr -s ' \n' '\n\n' | sed '/^$/d' | sort -u
)
[ -n "$names" ] || { echo "check-literals: no names from files.h" >&2; exit 2; }

# A value that happens to be spelled like a name (a state "failed") is
# allowed on a line whose comment says "not a column name" (or section).
find "$@" -name '*.[ch]' | sort | NAMES=$names xargs perl -e '
	my %name = map { $_ => 1 } split /\n/, $ENV{NAMES};
	my $bad = 0;
	for my $file (@ARGV) {
		open my $fh, "<", $file or die "$file: $!";
		local $/;
		my $src = <$fh>;
		my @lines = split /\n/, $src, -1;
		# Comments become blank lines; strings stay.
		$src =~ s{("(?:\\.|[^"\\\n])*"|\x27(?:\\.|[^\x27\\\n])*\x27)|/\*.*?\*/|//[^\n]*}
			 {defined $1 ? $1 : $& =~ s/[^\n]//gr}gse;
		my $n = 0;
		for (split /\n/, $src, -1) {
			my $orig = $lines[$n++];
			next if $orig =~ m{/[/*].*not a (column|section) name};
			while (/"((?:\\.|[^"\\])*)"/g) {
				next unless $name{$1};
				print "$file:$n: \"$1\" is a section or column name: use its identifier\n";
				$bad = 1;
			}
		}
	}
	exit $bad;
' -- || {
	echo "check-literals: name sections and columns by identifier (include/memfrag/sections.h)" >&2
	exit 1
}

# SPDX-License-Identifier: GPL-2.0
#
# memfrag: build, check and test.
#
#   make                     build memfrag.ko for the running kernel and
#                            the memfrag tool (tools/memfrag)
#   make KDIR=<dir>          ... for the kernel whose headers are in <dir>
#   make modules-matrix      build/<release>/memfrag.ko for every Debian 12
#                            kernel series installed (6.1, 6.12), and the
#                            selftests' helper modules beside it
#                            (memfrag_nest.ko)
#   make selftests           build the kselftests (static binaries)
#   make selftests-arm64     ... and the tool, cross-built for arm64 guests
#   make check               the generated name lists, W=1 + sparse on
#                            every kernel, checkpatch
#   make lists               rewrite the name lists of include/memfrag/ in
#                            the man page and the JSON Schema
#   make unit-test           the module's read-time merges on the host:
#                            comparisons at up to 4096 CPUs
#   make test                the whole test matrix in QEMU (needs root)
#   make test-full           ... with the NUMA and record guests on every
#                            generic kernel, not only on 6.12
#   make test-reliability    ... with 1000 stress cycles, fault injection
#                            and the fuzz in every guest, and the KCSAN
#                            kernel, and the tool's guest test on both
#                            debug kernels: before resolving a change to
#                            module/
#   make demo                boot a kernel, compact memory, show memfrag
#   make deps                apt-get install everything the above needs
#   make bench               cost per event and per workload beside an
#                            empty probe, ftrace and bpftrace (figures;
#                            SERIES="6.1 6.12", BENCH_ROUNDS=3)
#   make bench-memory        memfrag's memory by CPUs/nodes/zones (figures)
#   make bench-irqsoff       IRQs-off time of each file's reader (MEM="4G 16G")
#   make bench-record        memfrag record's CPU at -i 1, in instructions
#                            (figures)
#   make install             install memfrag.ko for KDIR's kernel
#   make tool-install        install the memfrag tool and its man page
#                            (PREFIX, DESTDIR)
#   make clean

KRELEASE ?= $(shell uname -r)
KDIR ?= /lib/modules/$(KRELEASE)/build
BUILD := $(CURDIR)/build

# The kselftest framework and checkpatch come from Debian's kernel source
# package; only the files memfrag needs are unpacked, once, into build/.
LINUX_SOURCE_TARBALL ?= /usr/src/linux-source-6.12.tar.xz
LINUX_SRC := $(BUILD)/linux-source
KSFT_DIR := $(LINUX_SRC)/tools/testing/selftests
CHECKPATCH := $(LINUX_SRC)/scripts/checkpatch.pl

MODULE_SOURCES := Kbuild $(wildcard module/*.[ch] include/memfrag/*.h)
SELFTEST_SOURCES := $(wildcard selftests/*.[ch])

.PHONY: all module modules-matrix selftests selftests-arm64 check check-builds check-probe-bench check-literals checkpatch test test-full test-reliability demo \
	lists check-lists \
	deps install clean help tool tool-static tool-test tool-fuzz \
	tool-install bench bench-memory bench-record bench-irqsoff unit-test

all: module tool

module:
	@if [ ! -e "$(KDIR)/Makefile" ]; then \
		echo "memfrag: no kernel headers in $(KDIR)." >&2; \
		echo "memfrag: install them with: apt-get install linux-headers-$(KRELEASE)" >&2; \
		echo "memfrag: or point KDIR at another kernel's build directory." >&2; \
		exit 2; \
	fi
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules

# Every kernel of the matrix that is here (scripts/kernels.sh list): amd64
# generic and rt, and arm64 cross-built (scripts/kernels.sh fetch arm64:...).
# CHECKED=1: also the series only built for, each at W=1 and through sparse
# where the kernel accepts this sparse, any warning failing, as make
# check-builds does: one build then serves the guests and the check.
modules-matrix:
	STRICT=$(CHECKED) scripts/for-each-kernel.sh $(if $(CHECKED),-b) sh -c '\
		flags=; [ -z "$(CHECKED)" ] || flags="W=1 $(SPARSE_UNLESS_BUILDROOT)"; \
		scripts/kbuild.sh memfrag "$$KDIR" $(BUILD)/$$RELEASE $$KMAKE $$flags && \
		scripts/kbuild.sh tests "$$KDIR" $(BUILD)/$$RELEASE $$KMAKE $$flags'

$(LINUX_SRC)/.unpacked: $(LINUX_SOURCE_TARBALL)
	@mkdir -p $(LINUX_SRC)
	tar -xJf $< -C $(LINUX_SRC) --strip-components=1 --wildcards \
		'*/tools/testing/selftests/lib.mk' \
		'*/tools/testing/selftests/kselftest.h' \
		'*/tools/testing/selftests/kselftest_harness.h' \
		'*/scripts/checkpatch.pl' '*/scripts/spelling.txt' \
		'*/scripts/const_structs.checkpatch'
	@touch $@

$(LINUX_SOURCE_TARBALL):
	@echo "memfrag: $@ is missing: apt-get install linux-source-6.12" >&2
	@exit 2

selftests: $(LINUX_SRC)/.unpacked
	@mkdir -p $(BUILD)/selftests
	$(MAKE) -C selftests KSFT_DIR=$(KSFT_DIR) OUTPUT=$(BUILD)/selftests

# arm64 guests cannot borrow this machine's userspace: the selftests and
# the tool, cross-built static for them.
ARM64_CC ?= aarch64-linux-gnu-gcc
selftests-arm64: $(LINUX_SRC)/.unpacked
	@mkdir -p $(BUILD)/arm64/selftests
	$(MAKE) -C selftests KSFT_DIR=$(KSFT_DIR) OUTPUT=$(BUILD)/arm64/selftests \
		CC=$(ARM64_CC)
	@mkdir -p $(BUILD)/arm64/tool
	$(MAKE) -C tools/memfrag CC=$(ARM64_CC) OUT=$(BUILD)/arm64/tool/memfrag-static \
		static-to

# Zero warnings at W=1 on every kernel in the matrix and every series only
# built for, and from sparse where the kernel accepts this sparse (the
# build root's kernels: make check-sparse-buildroot).
# The build root's kbuild does not accept this machine's sparse.
SPARSE_UNLESS_BUILDROOT := $$([ -n "$$BUILDROOT" ] || echo C=2)

check: check-lists check-literals checkpatch check-builds check-probe-bench

check-builds:
	STRICT=1 scripts/for-each-kernel.sh -b sh -c '\
		scripts/kbuild.sh memfrag "$$KDIR" $(BUILD)/check/$$RELEASE $$KMAKE W=1 $(SPARSE_UNLESS_BUILDROOT) && \
		scripts/kbuild.sh tests "$$KDIR" $(BUILD)/check/$$RELEASE $$KMAKE W=1 $(SPARSE_UNLESS_BUILDROOT)'

check-probe-bench:
	STRICT=1 scripts/for-each-kernel.sh -a x86_64 sh -c '\
		scripts/kbuild.sh probe-bench "$$KDIR" \
			$(BUILD)/check/$$RELEASE/probe-bench W=1 $(SPARSE_UNLESS_BUILDROOT)'

# The files that cannot include include/memfrag/ (the man page, the JSON
# Schema) hold its lists as scripts/gen-lists.c prints them: check-lists
# fails on a difference, lists rewrites them.
lists:
	scripts/lists.sh update

check-lists:
	scripts/lists.sh check

# compat.h is where kernel versions are compared, so checkpatch's advice
# against LINUX_VERSION_CODE (meant for in-tree code) does not apply there.
# The name lists in include/memfrag/ are X-macros: a list is a bare
# sequence of X(...) entries (COMPLEX_MACRO), and each user takes only the
# fields it needs (MACRO_ARG_UNUSED), as in the kernel's own mmflags.h.
CHECKPATCH_XMACRO := --ignore COMPLEX_MACRO,MACRO_ARG_UNUSED

# Sections and columns are named by identifier (include/memfrag/sections.h),
# never by a string literal.
check-literals:
	scripts/check-literals.sh module tools/memfrag selftests

checkpatch: $(LINUX_SRC)/.unpacked
	$(CHECKPATCH) --no-tree --quiet $(CHECKPATCH_XMACRO) -f \
		$(filter-out Kbuild module/compat.h,$(MODULE_SOURCES)) \
		$(SELFTEST_SOURCES) $(wildcard tools/memfrag/*.[ch]) \
		$(wildcard tools/memfrag/util/*.[ch]) \
		$(wildcard tools/memfrag/fuzz/*.c) $(wildcard tools/testing/bench/*.c) \
		$(wildcard tools/testing/bench/probe-cost/*.c) $(wildcard selftests/*/*.c) \
		$(wildcard tests/unit/*.c) $(wildcard scripts/*.c)
	$(CHECKPATCH) --no-tree --quiet \
		--ignore LINUX_VERSION_CODE,CONSTANT_COMPARISON,COMPLEX_MACRO,MACRO_ARG_UNUSED \
		-f module/compat.h

tool:
	$(MAKE) -C tools/memfrag

tool-static:
	$(MAKE) -C tools/memfrag static

tool-test:
	tests/tool/run.sh

tool-fuzz:
	tools/memfrag/fuzz/run-fuzz.sh 180

# The module's read-time merges, built on the host: comparison counts
# against their O(n log n) bounds at up to 4096 CPUs (tests/unit/).
unit-test:
	mkdir -p $(BUILD)/unit
	$(CC) -O2 -Wall -Wextra -Werror -o $(BUILD)/unit/read-merge-test \
		tests/unit/read-merge-test.c
	$(BUILD)/unit/read-merge-test

tool-install:
	$(MAKE) -C tools/memfrag install

test:
	tools/testing/run-tests.sh

test-reliability:
	RELIABILITY=1 DEBUG_KERNELS="kasan kcsan" tools/testing/run-tests.sh

test-full:
	FULL=1 tools/testing/run-tests.sh

bench:
	tools/testing/bench/bench.sh $(SERIES)

bench-memory:
	tools/testing/bench/memory.sh $(SERIES)

bench-record:
	tools/testing/bench/record-cost.sh $(SERIES)

# The longest IRQs-off section while each file is read, on a debug kernel
# with the irqsoff tracer built first (scripts/debug-kernel.sh).
bench-irqsoff:
	scripts/debug-kernel.sh build irqsoff >/dev/null
	tools/testing/bench/irqsoff.sh $(MEM)

demo:
	scripts/demo.sh

deps:
	scripts/install-deps.sh all

install: module
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules_install
	depmod -a $(KRELEASE)

clean:
	@if [ -e "$(KDIR)/Makefile" ]; then $(MAKE) -C $(KDIR) M=$(CURDIR) clean; fi
	$(MAKE) -C tools/memfrag clean
	rm -rf $(BUILD)

help:
	@sed -n '/^# memfrag: build/,/^[^#]/{/^#/!d; s/^# \{0,1\}//p}' Makefile

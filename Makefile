# keel: the one entry point. `make help` lists the targets.
#
#   make                      build for the host (amd64) into build/amd64/
#   make ARCH=s390x           build for one architecture
#   make run [ARCH=a]         build and run the demo (under QEMU for foreign architectures)
#   make check                every test on every architecture; ends with one summary line
#   make check ARCH=a         one architecture;  make check ARCHS="a b"  a subset
#   make CC=clang CXX=clang++ build with clang 14 + lld (amd64, arm64, riscv64)
#   V=1                       show the commands

.DEFAULT_GOAL := all
SHELL := /bin/bash
TOP := $(patsubst %/,%,$(dir $(abspath $(lastword $(MAKEFILE_LIST)))))
TABLE := $(TOP)/tools/cross/arches.tsv

ALL_ARCHS := $(shell awk '!/^\#/ && NF { print $$1 }' $(TABLE))
ARCH ?= amd64
# `make check ARCH=x` checks x; otherwise ARCHS (default: all of them).
ifneq ($(filter command line environment,$(origin ARCH)),)
  ARCHS ?= $(ARCH)
else
  ARCHS ?= $(ALL_ARCHS)
endif
ifeq ($(filter $(ARCH),$(ALL_ARCHS)),)
  $(error unknown ARCH '$(ARCH)'; one of: $(ALL_ARCHS))
endif

field = $(shell awk -v a=$(ARCH) '$$1 == a { print $$$(1) }' $(TABLE))
TRIPLE := $(call field,2)
CLANG_TARGET := $(call field,3)
QEMU := $(call field,4)
XFLAGS := $(filter-out -,$(call field,5))

# gcc (the Debian cross compiler for ARCH) unless CXX names clang.
ifneq ($(findstring clang,$(CXX)),)
  COMPILER := clang
  KCXX := clang++ --target=$(CLANG_TARGET)
  KLD := $(KCXX) -fuse-ld=lld
  KAS := $(KCXX)
  BUILD := $(TOP)/build/$(ARCH)-clang
else
  COMPILER := gcc
  KCXX := $(TRIPLE)-g++
  KLD := $(KCXX)
  KAS := $(KCXX)
  BUILD := $(TOP)/build/$(ARCH)
endif
LIBGCC = $(shell $(TRIPLE)-gcc -print-libgcc-file-name)

ifeq ($(V),1)
  Q :=
else
  Q := @
endif

CPPFLAGS := -I$(TOP) -I$(TOP)/arch/$(ARCH) -I$(TOP)/sys/$(ARCH)
# The freestanding core's rules (design.md): no libc, no exceptions or RTTI, no runtime
# support calls (thread-safe statics would call __cxa_guard_*), no stack protector (its canary
# lives in TLS, which start-up sets up first).
CXXFLAGS := -std=c++20 -O2 -ffreestanding -fno-exceptions -fno-rtti -fno-threadsafe-statics \
  -fno-stack-protector -fno-pic -fno-asynchronous-unwind-tables -fno-unwind-tables \
  -ffunction-sections -fdata-sections -Wall -Wextra -MMD -MP $(XFLAGS)
ASFLAGS := -fno-pic $(XFLAGS)
# norelro: a static executable has no relocations to protect, and RELRO would page-align the
# data segment (64 KiB of padding on arm64).
LDFLAGS := -static -nostdlib -Wl,--gc-sections -Wl,-z,noseparate-code \
  -Wl,--build-id=none -Wl,-z,noexecstack -Wl,-z,norelro $(if $(filter gcc,$(COMPILER)),-no-pie)
ifeq ($(COMPILER),gcc)
  # Keep gcc from turning keel's own memset/memcpy loops back into calls to themselves.
  MEMFLAGS := -fno-tree-loop-distribute-patterns
endif

LIB_SRCS := $(sort $(wildcard $(TOP)/rt/*.cpp $(TOP)/rt/threads/*.cpp $(TOP)/rt/syscall/*.cpp \
  $(TOP)/sys/*.cpp))
LIB_ASM := $(filter-out %/start.S,$(wildcard $(TOP)/arch/$(ARCH)/*.S))
LIB_OBJS := $(patsubst $(TOP)/%,$(BUILD)/obj/%.o,$(LIB_SRCS) $(LIB_ASM))
START := $(BUILD)/start.o
LIB := $(BUILD)/libkeel.a

EXAMPLES := $(notdir $(wildcard $(TOP)/examples/*))
EXAMPLE_BINS := $(foreach e,$(EXAMPLES),$(BUILD)/examples/$(e))
TEST_SRCS := $(wildcard $(TOP)/tests/target/t_*.cpp)
TEST_BINS := $(patsubst $(TOP)/tests/target/%.cpp,$(BUILD)/tests/%,$(TEST_SRCS))
HARNESS_OBJ := $(BUILD)/obj/tests/target/harness.cpp.o

.SECONDARY:
.PHONY: all lib run check bench install clean help setup gen host-tests targets check-build
all: lib $(EXAMPLE_BINS) $(TEST_BINS)
lib: $(LIB) $(START)

$(BUILD)/obj/%.cpp.o: $(TOP)/%.cpp
	@mkdir -p $(@D)
	@$(if $(Q),echo "  CXX  [$(ARCH)] $*.cpp")
	$(Q)$(KCXX) $(CPPFLAGS) $(CXXFLAGS) $(if $(findstring rt/mem,$*),$(MEMFLAGS)) -c -o $@ $<

$(BUILD)/obj/%.S.o: $(TOP)/%.S
	@mkdir -p $(@D)
	@$(if $(Q),echo "  AS   [$(ARCH)] $*.S")
	$(Q)$(KAS) $(CPPFLAGS) $(ASFLAGS) -c -o $@ $<

$(START): $(TOP)/arch/$(ARCH)/start.S
	@mkdir -p $(@D)
	@$(if $(Q),echo "  AS   [$(ARCH)] start.S")
	$(Q)$(KAS) $(CPPFLAGS) $(ASFLAGS) -c -o $@ $<

$(LIB): $(LIB_OBJS)
	@$(if $(Q),echo "  AR   [$(ARCH)] libkeel.a")
	$(Q)rm -f $@ && $(TRIPLE)-ar rcs $@ $^

# link NAME, OBJECTS: a static keel program.
define link
	@mkdir -p $(@D)
	@$(if $(Q),echo "  LD   [$(ARCH)] $(patsubst $(BUILD)/%,%,$@)")
	$(Q)$(KLD) $(LDFLAGS) -o $@ $(START) $(1) $(LIB) $(LIBGCC)
endef

# An example is every .cpp in examples/<name>/.
example_objs = $(patsubst $(TOP)/%.cpp,$(BUILD)/obj/%.cpp.o,$(wildcard $(TOP)/examples/$(1)/*.cpp))
.SECONDEXPANSION:
$(BUILD)/examples/%: $$(call example_objs,$$*) $(LIB) $(START)
	$(call link,$(filter-out $(START),$(filter %.o,$^)))

# Benchmark programs built on keel (their peers are built by bench/run.sh).
BENCH_BINS := $(patsubst $(TOP)/bench/%.cpp,$(BUILD)/bench/%,$(wildcard $(TOP)/bench/*.cpp))
$(BUILD)/bench/%: $(BUILD)/obj/bench/%.cpp.o $(LIB) $(START)
	$(call link,$<)

$(BUILD)/tests/%: $(BUILD)/obj/tests/target/%.cpp.o $(HARNESS_OBJ) $(LIB) $(START)
	$(call link,$< $(HARNESS_OBJ))

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)

# --- running ------------------------------------------------------------------------------

setup:
	$(Q)$(TOP)/tools/setup.sh

run: setup
	$(Q)$(MAKE) --no-print-directory ARCH=$(ARCH) $(BUILD)/examples/demo
	$(Q)$(TOP)/tools/cross/run $(ARCH) $(BUILD)/examples/demo

# Every architecture in ARCHS with gcc, plus clang for amd64, arm64 and riscv64 where they are
# among them; then the host suite, whose driver runs every target program and prints the one
# summary line.
CLANG_ARCHS := $(filter amd64 arm64 riscv64,$(ARCHS))
check: setup
	$(Q)for a in $(ARCHS); do $(MAKE) --no-print-directory ARCH=$$a CXX=g++ all || exit 1; done
	$(Q)for a in $(CLANG_ARCHS); do $(MAKE) --no-print-directory ARCH=$$a CXX=clang++ all || exit 1; done
	$(Q)$(MAKE) --no-print-directory host-tests
	$(Q)cd $(TOP) && KEEL_ARCHS="$(ARCHS)" KEEL_CLANG_ARCHS="$(CLANG_ARCHS)" build/host/keel_host_tests

# Benchmarks: keel beside its peers in the same run, as ratios (bench/run.sh says how).
bench: setup
	$(Q)for a in $(ALL_ARCHS); do $(MAKE) --no-print-directory ARCH=$$a CXX=g++ $(TOP)/build/$$a/examples/hello || exit 1; done
	$(Q)$(MAKE) --no-print-directory ARCH=amd64 CXX=g++ all $(BENCH_BINS)
	$(Q)$(TOP)/bench/run.sh

# --- host side (Abseil, GoogleTest) --------------------------------------------------------

HOST_CXX := g++
HOST_CXXFLAGS := -std=c++20 -O1 -Wall -Wextra
# -iquote: keel's sys/ must not shadow the host libc's <sys/...> headers.
HOST_KEEL_INC := -iquote $(TOP) -iquote $(TOP)/arch/amd64 -iquote $(TOP)/sys/amd64
ABSL_LIBS = $(shell pkg-config --libs absl_strings absl_str_format)
HOST_TEST_SRCS := $(wildcard $(TOP)/tests/host/*.cpp)
# keel code the host tests exercise directly (host is amd64: its stubs run natively).
HOST_KEEL_SRCS := $(TOP)/rt/format.cpp $(TOP)/rt/print.cpp $(TOP)/rt/str.cpp $(TOP)/sys/errno.cpp

$(TOP)/build/host/gensys: $(TOP)/tools/gensys/gensys.cpp
	@mkdir -p $(@D)
	$(Q)$(HOST_CXX) $(HOST_CXXFLAGS) -o $@ $< $(ABSL_LIBS)

$(TOP)/build/host/keel_host_tests: $(HOST_TEST_SRCS) $(HOST_KEEL_SRCS) $(wildcard $(TOP)/tests/host/*.h)
	@mkdir -p $(@D)
	@$(if $(Q),echo "  CXX  [host] keel_host_tests")
	$(Q)$(HOST_CXX) $(HOST_CXXFLAGS) $(HOST_KEEL_INC) -o $@ $(HOST_TEST_SRCS) $(HOST_KEEL_SRCS) \
	  -lgtest -lpthread $(ABSL_LIBS)

host-tests: $(TOP)/build/host/keel_host_tests $(TOP)/build/host/gensys

# Regenerates sys/<arch>/ from the cross compilers' UAPI headers.
gen: $(TOP)/build/host/gensys
	$(Q)$< --arches $(TABLE) --consts $(TOP)/tools/gensys/consts.txt --out $(TOP)/sys

# --- install ------------------------------------------------------------------------------

PREFIX ?= /usr/local
install: lib
	$(Q)$(TOP)/tools/install.sh "$(DESTDIR)$(PREFIX)" "$(ARCH)" "$(BUILD)" "$(TOP)" "$(LIBGCC)"

clean:
	rm -rf $(TOP)/build

help:
	@sed -n '1,/^$$/p' $(TOP)/Makefile | sed 's/^# \{0,1\}//'
	@echo "targets: all lib run check bench install clean gen help"

// The words an arch/<arch>/arch.h uses to state how its system calls differ. Each
// architecture states facts (kCloneOrder, kMmapCall, kMmapNr, kSigactionLayout); the code that acts on them is
// written once, in sys/calls.h.
#pragma once

namespace keel::abi {

// The argument order of clone(2); the kernel's Kconfig names the variants.
enum class CloneOrder {
  kFlagsStackPtidCtidTls,  // amd64 (the generic order)
  kFlagsStackPtidTlsCtid,  // CLONE_BACKWARDS: 386, arm64, arm, riscv64, ppc64le, mips64le
  kStackFlagsPtidCtidTls,  // CLONE_BACKWARDS2: s390x
};

// How mmap takes its six arguments.
enum class MmapCall {
  kRegisters,  // six registers, offset in bytes
  kPages4096,  // mmap2: six registers, offset in 4096-byte units (386, arm)
  kArgBlock,   // one register pointing at the six values as longs (s390x)
};

// The field order of rt_sigaction's struct sigaction. Its mask is a kernel sigset of
// _NSIG bits in longs (sys/sigaction.h).
enum class SigactionLayout {
  kHandlerFlagsRestorerMask,  // amd64, 386, arm64, arm, s390x, ppc64le
  kHandlerFlagsMask,          // riscv64: asm-generic without SA_RESTORER
  kFlagsHandlerMask,          // mips64le: an unsigned int of flags comes first
};

}  // namespace keel::abi

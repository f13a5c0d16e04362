// arm64 (AArch64) system call ABI, as keel uses it.
//
//   trap          svc #0   (Linux ignores the immediate; 0 is the convention)
//   number        x8
//   arguments     x0, x1, x2, x3, x4, x5
//   result        x0
//   clobbers      x0 only, plus memory: the kernel restores every other general register and
//                 the flags. (It may zero SVE state above the low 128 bits of each vector
//                 register; keel's code uses no SVE.)
//   errors        x0 in [-4095, -1] is -errno; keel's convention already
//   clone order   flags, stack, parent_tid, tls, child_tid   (tls before child_tid, unlike
//                 amd64)
//   thread ptr    tpidr_el0, written with `msr` and read with `mrs` from user mode: no syscall
//   TLS           variant I: the TP points at a 16-byte TCB gap and the TLS block starts at
//                 TP + round_up(16, block alignment); no bias, no self pointer
//   signal return no restorer needed. Without SA_RESTORER the kernel sets the handler's x30
//                 to the vDSO's __kernel_rt_sigreturn; QEMU 7.2 linux-user has no aarch64 vDSO
//                 (no AT_SYSINFO_EHDR) and instead points x30 at a page of its own holding
//                 `mov x8, #139; svc #0`. keel installs handlers without SA_RESTORER here.
//   quirks        gcc 12 and clang 14 call libgcc's __aarch64_* helpers for atomics unless
//                 built with -mno-outline-atomics (tools/cross/arches.tsv). The syscall
//                 arguments are bound to registers with `register ... __asm__("xN")`
//                 variables, which is the only way to name x0-x8 in an asm constraint.
#pragma once

#include "consts.h"
#include "sys/abi.h"
#include "sysno.h"

namespace keel::arch {

inline long syscall0(long n) {
  register long x8 __asm__("x8") = n;
  register long x0 __asm__("x0");
  __asm__ volatile("svc #0" : "=r"(x0) : "r"(x8) : "memory");
  return x0;
}

inline long syscall1(long n, long a) {
  register long x8 __asm__("x8") = n;
  register long x0 __asm__("x0") = a;
  __asm__ volatile("svc #0" : "+r"(x0) : "r"(x8) : "memory");
  return x0;
}

inline long syscall2(long n, long a, long b) {
  register long x8 __asm__("x8") = n;
  register long x0 __asm__("x0") = a;
  register long x1 __asm__("x1") = b;
  __asm__ volatile("svc #0" : "+r"(x0) : "r"(x8), "r"(x1) : "memory");
  return x0;
}

inline long syscall3(long n, long a, long b, long c) {
  register long x8 __asm__("x8") = n;
  register long x0 __asm__("x0") = a;
  register long x1 __asm__("x1") = b;
  register long x2 __asm__("x2") = c;
  __asm__ volatile("svc #0" : "+r"(x0) : "r"(x8), "r"(x1), "r"(x2) : "memory");
  return x0;
}

inline long syscall4(long n, long a, long b, long c, long d) {
  register long x8 __asm__("x8") = n;
  register long x0 __asm__("x0") = a;
  register long x1 __asm__("x1") = b;
  register long x2 __asm__("x2") = c;
  register long x3 __asm__("x3") = d;
  __asm__ volatile("svc #0" : "+r"(x0) : "r"(x8), "r"(x1), "r"(x2), "r"(x3) : "memory");
  return x0;
}

inline long syscall5(long n, long a, long b, long c, long d, long e) {
  register long x8 __asm__("x8") = n;
  register long x0 __asm__("x0") = a;
  register long x1 __asm__("x1") = b;
  register long x2 __asm__("x2") = c;
  register long x3 __asm__("x3") = d;
  register long x4 __asm__("x4") = e;
  __asm__ volatile("svc #0"
                   : "+r"(x0)
                   : "r"(x8), "r"(x1), "r"(x2), "r"(x3), "r"(x4)
                   : "memory");
  return x0;
}

inline long syscall6(long n, long a, long b, long c, long d, long e, long f) {
  register long x8 __asm__("x8") = n;
  register long x0 __asm__("x0") = a;
  register long x1 __asm__("x1") = b;
  register long x2 __asm__("x2") = c;
  register long x3 __asm__("x3") = d;
  register long x4 __asm__("x4") = e;
  register long x5 __asm__("x5") = f;
  __asm__ volatile("svc #0"
                   : "+r"(x0)
                   : "r"(x8), "r"(x1), "r"(x2), "r"(x3), "r"(x4), "r"(x5)
                   : "memory");
  return x0;
}

// clone(2) takes flags, stack, ptid, tls, ctid (CLONE_BACKWARDS); sys/calls.h passes them so.
inline constexpr abi::CloneOrder kCloneOrder = abi::CloneOrder::kFlagsStackPtidTlsCtid;

// mmap: six registers, offset in bytes (sys/calls.h builds the call).
inline constexpr abi::MmapCall kMmapCall = abi::MmapCall::kRegisters;
inline constexpr long kMmapNr = nr::mmap;

// 64-bit arguments are single registers; no pair alignment applies.
inline constexpr bool kPairAlign64 = false;
// siginfo starts signo, errno, code.
inline constexpr bool kSiginfoCodeSecond = false;
// rt_sigaction's struct sigaction (sys/sigaction.h builds it).
inline constexpr abi::SigactionLayout kSigactionLayout = abi::SigactionLayout::kHandlerFlagsRestorerMask;
// No restorer: handlers return as "signal return" above says.
template <class K>
inline void set_sig_restorer(K&) {}

// --- Thread pointer and TLS layout ---------------------------------------------------------

inline constexpr bool kTlsAboveTp = true;        // variant I
inline constexpr unsigned long kTlsGap = 16;     // the TCB: two words the linker skips
inline constexpr unsigned long kTpBias = 0;      // the TP points at the gap itself
inline constexpr bool kTcbSelfPointer = false;   // compilers read tpidr_el0 directly

// The `tls` argument of a thread clone with CLONE_SETTLS: the value tpidr_el0 gets, i.e. the
// thread pointer itself (no bias on this arch).
struct CloneTls {};
inline unsigned long make_clone_tls(unsigned long tp, CloneTls&) { return tp; }

// volatile: the value changes under the compiler at set_thread_pointer, so two reads around
// it must not be merged.
inline unsigned long thread_pointer() {
  unsigned long tp;
  __asm__ volatile("mrs %0, tpidr_el0" : "=r"(tp));
  return tp;
}

// A user-writable system register: no syscall, cannot fail.
inline long set_thread_pointer(unsigned long tp) {
  __asm__ volatile("msr tpidr_el0, %0" : : "r"(tp) : "memory");
  return 0;
}

}  // namespace keel::arch

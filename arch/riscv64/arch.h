// riscv64 (RV64GC, LP64D) system call ABI, as keel uses it.
//
//   trap          ecall
//   number        a7
//   arguments     a0, a1, a2, a3, a4, a5
//   result        a0
//   clobbers      a0 (the result) and memory; the kernel saves and restores every other
//                 register, a1-a7 included
//   errors        a0 in [-4095, -1] is -errno; keel's convention already
//   clone order   flags, stack, parent_tid, tls, child_tid: riscv selects the kernel's
//                 CLONE_BACKWARDS (tls 4th), and QEMU's riscv target mirrors it
//   thread ptr    the tp (x4) register itself: `mv tp, x` sets it, no system call
//   TLS           variant I with no gap: the TLS block starts exactly at the TP (the linker's
//                 tprel offsets start at 0); no TCB word is needed at the TP
//   signal return no SA_RESTORER: riscv's UAPI does not define it and its struct sigaction is
//                 {handler, flags, mask}, with no restorer field. The kernel points ra at the
//                 vDSO's __vdso_rt_sigreturn; QEMU 7.2 points it at a page of its own holding
//                 `li a7, 139; ecall` (setup_sigtramp). So no sigreturn.S here. QEMU 7.2
//                 itself believes riscv's struct has a restorer before the mask (a 32-byte
//                 struct): sys/sigaction.h gives the mask in both places.
//   quirks        _start must load gp (__global_pointer$) before any code the linker may have
//                 relaxed into gp-relative form, and that load must itself be assembled
//                 without relaxation (start.S).
#pragma once

#include "consts.h"
#include "sys/abi.h"
#include "sysno.h"

namespace keel::arch {

inline long syscall0(long n) {
  register long a7 __asm__("a7") = n;
  register long a0 __asm__("a0");
  __asm__ volatile("ecall" : "=r"(a0) : "r"(a7) : "memory");
  return a0;
}

inline long syscall1(long n, long a) {
  register long a7 __asm__("a7") = n;
  register long a0 __asm__("a0") = a;
  __asm__ volatile("ecall" : "+r"(a0) : "r"(a7) : "memory");
  return a0;
}

inline long syscall2(long n, long a, long b) {
  register long a7 __asm__("a7") = n;
  register long a0 __asm__("a0") = a;
  register long a1 __asm__("a1") = b;
  __asm__ volatile("ecall" : "+r"(a0) : "r"(a7), "r"(a1) : "memory");
  return a0;
}

inline long syscall3(long n, long a, long b, long c) {
  register long a7 __asm__("a7") = n;
  register long a0 __asm__("a0") = a;
  register long a1 __asm__("a1") = b;
  register long a2 __asm__("a2") = c;
  __asm__ volatile("ecall" : "+r"(a0) : "r"(a7), "r"(a1), "r"(a2) : "memory");
  return a0;
}

inline long syscall4(long n, long a, long b, long c, long d) {
  register long a7 __asm__("a7") = n;
  register long a0 __asm__("a0") = a;
  register long a1 __asm__("a1") = b;
  register long a2 __asm__("a2") = c;
  register long a3 __asm__("a3") = d;
  __asm__ volatile("ecall" : "+r"(a0) : "r"(a7), "r"(a1), "r"(a2), "r"(a3) : "memory");
  return a0;
}

inline long syscall5(long n, long a, long b, long c, long d, long e) {
  register long a7 __asm__("a7") = n;
  register long a0 __asm__("a0") = a;
  register long a1 __asm__("a1") = b;
  register long a2 __asm__("a2") = c;
  register long a3 __asm__("a3") = d;
  register long a4 __asm__("a4") = e;
  __asm__ volatile("ecall"
                   : "+r"(a0)
                   : "r"(a7), "r"(a1), "r"(a2), "r"(a3), "r"(a4)
                   : "memory");
  return a0;
}

inline long syscall6(long n, long a, long b, long c, long d, long e, long f) {
  register long a7 __asm__("a7") = n;
  register long a0 __asm__("a0") = a;
  register long a1 __asm__("a1") = b;
  register long a2 __asm__("a2") = c;
  register long a3 __asm__("a3") = d;
  register long a4 __asm__("a4") = e;
  register long a5 __asm__("a5") = f;
  __asm__ volatile("ecall"
                   : "+r"(a0)
                   : "r"(a7), "r"(a1), "r"(a2), "r"(a3), "r"(a4), "r"(a5)
                   : "memory");
  return a0;
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
inline constexpr abi::SigactionLayout kSigactionLayout = abi::SigactionLayout::kHandlerFlagsMask;
// No restorer: handlers return as "signal return" above says.
template <class K>
inline void set_sig_restorer(K&) {}

// --- Thread pointer and TLS layout ---------------------------------------------------------

inline constexpr bool kTlsAboveTp = true;        // variant I
inline constexpr unsigned long kTlsGap = 0;      // the block starts at the TP itself
inline constexpr unsigned long kTpBias = 0;      // tprel offsets are not biased
inline constexpr bool kTcbSelfPointer = false;   // nothing reads a word at the TP

// The `tls` argument of a thread clone with CLONE_SETTLS: the kernel copies it into the
// child's tp unchanged (copy_thread), so it is the thread pointer itself.
struct CloneTls {};
inline unsigned long make_clone_tls(unsigned long tp, CloneTls&) { return tp; }

// volatile: the value changes under set_thread_pointer, so reads must not be merged or moved
// across it.
inline unsigned long thread_pointer() {
  unsigned long tp;
  __asm__ volatile("mv %0, tp" : "=r"(tp));
  return tp;
}

// tp is an ordinary register that user code owns; the kernel saves it on every trap and clone
// copies it (or takes CLONE_SETTLS's value). The compiler treats tp as fixed and may form TLS
// addresses from the old value, so callers set it before any thread_local is touched.
inline long set_thread_pointer(unsigned long tp) {
  __asm__ volatile("mv tp, %0" : : "r"(tp) : "memory");
  return 0;
}

}  // namespace keel::arch

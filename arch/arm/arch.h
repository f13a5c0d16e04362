// arm (32-bit, EABI, hard-float) system call ABI, as keel uses it.
//
//   trap          svc #0 (EABI: the number is in r7, not in the instruction as under OABI)
//   number        r7
//   arguments     r0, r1, r2, r3, r4, r5
//   result        r0
//   clobbers      memory; the kernel gives back every other register and the flags unchanged
//   errors        r0 in [-4095, -1] is -errno; keel's convention already
//   clone order   flags, stack, parent_tid, tls, child_tid
//   thread ptr    TPIDRURO, set with the ARM private call set_tls (nr::arm_set_tls,
//                 0xf0005: the private calls live above nr::arm_BASE) and read with
//                 `mrc p15, 0, rX, c13, c0, 3`; nothing is stored at the TP itself
//   TLS           variant I: an 8-byte TCB gap at the TP, then the TLS block at
//                 TP + round_up(8, PT_TLS alignment)
//   signal return no restorer: without SA_RESTORER the kernel points lr at its sigpage (QEMU
//                 7.2 at its sigtramp page, same `mov r7, #rt_sigreturn; svc` code, chosen in
//                 setup_return), so keel has no sigreturn.S here
//   quirks        keel builds ARM state (-marm in tools/cross/arches.tsv): in Thumb state r7 is
//                 both the frame pointer and the syscall number register, and gcc rejects the r7
//                 binding below ("r7 cannot be used in asm here") in any function that keeps a
//                 frame pointer (alloca, -O0). 64-bit arguments take a register pair that starts on
//                 an even register (kPairAlign64). mmap is mmap2, whose offset counts 4096-byte
//                 units whatever the page size; QEMU 7.2 cuts that offset to 32 bits of bytes (a
//                 mapping at 4 GiB + x maps x; fixed upstream in 2023). Time goes through the
//                 *_time64 calls and uid/gid through the *32 calls (sys/calls.h). Compilers call
//                 EABI helpers that libgcc lacks: __aeabi_atexit, __aeabi_read_tp (aeabi.S) and the
//                 division-by-zero hooks (start.S, which says why there).
#pragma once

#include "consts.h"
#include "sys/abi.h"
#include "sysno.h"

#if defined(__thumb__)
#error "keel's arm stubs need ARM state (-marm): in Thumb state r7 is the frame pointer"
#endif

namespace keel::arch {

inline long syscall0(long n) {
  register long r7 __asm__("r7") = n;
  register long r0 __asm__("r0");
  __asm__ volatile("svc #0" : "=r"(r0) : "r"(r7) : "memory");
  return r0;
}

inline long syscall1(long n, long a) {
  register long r7 __asm__("r7") = n;
  register long r0 __asm__("r0") = a;
  __asm__ volatile("svc #0" : "+r"(r0) : "r"(r7) : "memory");
  return r0;
}

inline long syscall2(long n, long a, long b) {
  register long r7 __asm__("r7") = n;
  register long r0 __asm__("r0") = a;
  register long r1 __asm__("r1") = b;
  __asm__ volatile("svc #0" : "+r"(r0) : "r"(r7), "r"(r1) : "memory");
  return r0;
}

inline long syscall3(long n, long a, long b, long c) {
  register long r7 __asm__("r7") = n;
  register long r0 __asm__("r0") = a;
  register long r1 __asm__("r1") = b;
  register long r2 __asm__("r2") = c;
  __asm__ volatile("svc #0" : "+r"(r0) : "r"(r7), "r"(r1), "r"(r2) : "memory");
  return r0;
}

inline long syscall4(long n, long a, long b, long c, long d) {
  register long r7 __asm__("r7") = n;
  register long r0 __asm__("r0") = a;
  register long r1 __asm__("r1") = b;
  register long r2 __asm__("r2") = c;
  register long r3 __asm__("r3") = d;
  __asm__ volatile("svc #0" : "+r"(r0) : "r"(r7), "r"(r1), "r"(r2), "r"(r3) : "memory");
  return r0;
}

inline long syscall5(long n, long a, long b, long c, long d, long e) {
  register long r7 __asm__("r7") = n;
  register long r0 __asm__("r0") = a;
  register long r1 __asm__("r1") = b;
  register long r2 __asm__("r2") = c;
  register long r3 __asm__("r3") = d;
  register long r4 __asm__("r4") = e;
  __asm__ volatile("svc #0"
                   : "+r"(r0)
                   : "r"(r7), "r"(r1), "r"(r2), "r"(r3), "r"(r4)
                   : "memory");
  return r0;
}

inline long syscall6(long n, long a, long b, long c, long d, long e, long f) {
  register long r7 __asm__("r7") = n;
  register long r0 __asm__("r0") = a;
  register long r1 __asm__("r1") = b;
  register long r2 __asm__("r2") = c;
  register long r3 __asm__("r3") = d;
  register long r4 __asm__("r4") = e;
  register long r5 __asm__("r5") = f;
  __asm__ volatile("svc #0"
                   : "+r"(r0)
                   : "r"(r7), "r"(r1), "r"(r2), "r"(r3), "r"(r4), "r"(r5)
                   : "memory");
  return r0;
}

// clone(2) takes flags, stack, ptid, tls, ctid (CLONE_BACKWARDS); sys/calls.h passes them so.
inline constexpr abi::CloneOrder kCloneOrder = abi::CloneOrder::kFlagsStackPtidTlsCtid;

// mmap: mmap2, offset in 4096-byte units (sys/calls.h builds the call).
inline constexpr abi::MmapCall kMmapCall = abi::MmapCall::kPages4096;
inline constexpr long kMmapNr = nr::mmap2;

// A 64-bit argument takes two registers, low word first, starting on an even register.
inline constexpr bool kPairAlign64 = true;
// siginfo starts signo, errno, code.
inline constexpr bool kSiginfoCodeSecond = false;
// rt_sigaction's struct sigaction (sys/sigaction.h builds it).
inline constexpr abi::SigactionLayout kSigactionLayout = abi::SigactionLayout::kHandlerFlagsRestorerMask;
// No restorer: handlers return as "signal return" above says.
template <class K>
inline void set_sig_restorer(K&) {}

// --- Thread pointer and TLS layout ---------------------------------------------------------

inline constexpr bool kTlsAboveTp = true;        // variant I
inline constexpr unsigned long kTlsGap = 8;      // the ABI's two-word TCB at the TP
inline constexpr unsigned long kTpBias = 0;      // the TP is not offset from the TCB
inline constexpr bool kTcbSelfPointer = false;   // nothing reads a word at the TP

inline unsigned long thread_pointer() {
  unsigned long tp;
  __asm__("mrc p15, 0, %0, c13, c0, 3" : "=r"(tp));
  return tp;
}

// The `tls` argument of a thread clone with CLONE_SETTLS: the thread pointer itself (the
// kernel stores it in TPIDRURO for the child, as set_tls does).
struct CloneTls {};
inline unsigned long make_clone_tls(unsigned long tp, CloneTls&) { return tp; }

inline long set_thread_pointer(unsigned long tp) {
  return syscall1(nr::arm_set_tls, static_cast<long>(tp));
}

}  // namespace keel::arch

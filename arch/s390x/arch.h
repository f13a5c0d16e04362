// s390x (z/Architecture, 64-bit, big-endian) system call ABI, as keel uses it.
//
//   trap          svc 0; the number goes in r1. `svc N` encodes numbers up to 255 only, and
//                 newer calls (clone3 435, faccessat2 439) are above that, so keel always
//                 uses the r1 form (the kernel and QEMU take r1 when the immediate is 0)
//   number        r1
//   arguments     r2, r3, r4, r5, r6, r7   (r6 and r7 are call-saved in the C ABI; as
//                 register variables the compiler saves and restores them around the stub)
//   result        r2
//   clobbers      memory only: the kernel and QEMU hand back every register but r2, and the
//                 condition code, as they were (glibc and musl clobber nothing more either)
//   errors        r2 in [-4095, -1] is -errno; keel's convention already
//   clone order   stack, flags, parent_tid, child_tid, tls (CLONE_BACKWARDS2; QEMU's
//                 TARGET_CLONE_BACKWARDS2 agrees)
//   thread ptr    access registers a0 (high 32 bits) and a1 (low 32 bits); set with sar and
//                 read with ear in user mode, no system call
//   TLS           variant II: the TLS block ends at the TP. gcc's local- and initial-exec code
//                 reads a0/a1 and adds a negative offset; nothing reads 0(TP), so no self
//                 pointer (only -fstack-protector would read its canary at TP+0x28)
//   signal return no restorer needed, so keel sets no SA_RESTORER here and has no
//                 sigreturn.S: without it the kernel returns through its vDSO
//                 (__kernel_rt_sigreturn; kernels before the vDSO wrote `svc 173` into the
//                 frame) and QEMU 7.2 through `svc 173` on its own sigtramp page. A handler
//                 without SA_SIGINFO gets the old frame and returns through sigreturn (119)
//   quirks        mmap (old_mmap) takes ONE argument, a pointer to six unsigned longs (addr,
//                 len, prot, flags, fd, offset in bytes), built by sys/calls.h mmap(). Every call needs r15
//                 8-byte aligned with a 160-byte register save area at 0(r15), which the
//                 caller provides and where the callee may save its registers; its first
//                 word is the back chain (start.S)
#pragma once

#include "consts.h"
#include "sys/abi.h"
#include "sysno.h"

namespace keel::arch {

inline long syscall0(long n) {
  register long r1 __asm__("r1") = n;
  register long r2 __asm__("r2");
  __asm__ volatile("svc 0" : "=r"(r2) : "r"(r1) : "memory");
  return r2;
}

inline long syscall1(long n, long a) {
  register long r1 __asm__("r1") = n;
  register long r2 __asm__("r2") = a;
  __asm__ volatile("svc 0" : "+r"(r2) : "r"(r1) : "memory");
  return r2;
}

inline long syscall2(long n, long a, long b) {
  register long r1 __asm__("r1") = n;
  register long r2 __asm__("r2") = a;
  register long r3 __asm__("r3") = b;
  __asm__ volatile("svc 0" : "+r"(r2) : "r"(r1), "r"(r3) : "memory");
  return r2;
}

inline long syscall3(long n, long a, long b, long c) {
  register long r1 __asm__("r1") = n;
  register long r2 __asm__("r2") = a;
  register long r3 __asm__("r3") = b;
  register long r4 __asm__("r4") = c;
  __asm__ volatile("svc 0" : "+r"(r2) : "r"(r1), "r"(r3), "r"(r4) : "memory");
  return r2;
}

inline long syscall4(long n, long a, long b, long c, long d) {
  register long r1 __asm__("r1") = n;
  register long r2 __asm__("r2") = a;
  register long r3 __asm__("r3") = b;
  register long r4 __asm__("r4") = c;
  register long r5 __asm__("r5") = d;
  __asm__ volatile("svc 0" : "+r"(r2) : "r"(r1), "r"(r3), "r"(r4), "r"(r5) : "memory");
  return r2;
}

inline long syscall5(long n, long a, long b, long c, long d, long e) {
  register long r1 __asm__("r1") = n;
  register long r2 __asm__("r2") = a;
  register long r3 __asm__("r3") = b;
  register long r4 __asm__("r4") = c;
  register long r5 __asm__("r5") = d;
  register long r6 __asm__("r6") = e;
  __asm__ volatile("svc 0"
                   : "+r"(r2)
                   : "r"(r1), "r"(r3), "r"(r4), "r"(r5), "r"(r6)
                   : "memory");
  return r2;
}

inline long syscall6(long n, long a, long b, long c, long d, long e, long f) {
  register long r1 __asm__("r1") = n;
  register long r2 __asm__("r2") = a;
  register long r3 __asm__("r3") = b;
  register long r4 __asm__("r4") = c;
  register long r5 __asm__("r5") = d;
  register long r6 __asm__("r6") = e;
  register long r7 __asm__("r7") = f;
  __asm__ volatile("svc 0"
                   : "+r"(r2)
                   : "r"(r1), "r"(r3), "r"(r4), "r"(r5), "r"(r6), "r"(r7)
                   : "memory");
  return r2;
}

// clone(2) takes stack, flags, ptid, ctid, tls (CLONE_BACKWARDS2); sys/calls.h passes them so.
inline constexpr abi::CloneOrder kCloneOrder = abi::CloneOrder::kStackFlagsPtidCtidTls;

// mmap: one pointer to the six values (sys/calls.h builds the call).
inline constexpr abi::MmapCall kMmapCall = abi::MmapCall::kArgBlock;
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

inline constexpr bool kTlsAboveTp = false;       // variant II
inline constexpr unsigned long kTlsGap = 0;      // variant I only: bytes between TP and block
inline constexpr unsigned long kTpBias = 0;      // variant I only: TP - block start - gap
inline constexpr bool kTcbSelfPointer = false;   // gcc's TLS code reads a0/a1, never 0(TP)

// volatile: set_thread_pointer changes a0/a1 behind the compiler's back, so a read must not
// be merged with, or moved above, an earlier one. ear fills only the low half of the
// register, so the high word is shifted up before the low one goes in.
inline unsigned long thread_pointer() {
  unsigned long tp;
  __asm__ volatile("ear %0, %%a0\n\tsllg %0, %0, 32\n\tear %0, %%a1" : "=d"(tp));
  return tp;
}

// The `tls` argument of a thread clone with CLONE_SETTLS: the thread pointer itself (the
// kernel's copy_thread, like QEMU's cpu_set_tls, puts its high word in a0 and its low in a1).
struct CloneTls {};
inline unsigned long make_clone_tls(unsigned long tp, CloneTls&) { return tp; }

// sar copies the low 32 bits of a register into an access register; a user-mode
// instruction, so it cannot fail.
inline long set_thread_pointer(unsigned long tp) {
  __asm__ volatile("sar %%a0, %0\n\tsar %%a1, %1" : : "d"(tp >> 32), "d"(tp) : "memory");
  return 0;
}

}  // namespace keel::arch

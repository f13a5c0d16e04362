// ppc64le (64-bit PowerPC, little-endian, ELFv2) system call ABI, as keel uses it.
//
//   trap          sc
//   number        r0
//   arguments     r3, r4, r5, r6, r7, r8
//   result        r3
//   clobbers      r0 and r4-r12 (volatile across `sc`: the kernel may return anything there),
//                 cr0 (cr0.SO carries the error flag), memory; also ctr and xer, which musl
//                 leaves out: Documentation/powerpc/syscall64-abi.rst says `sc` follows the
//                 ELF ABI's volatility, where both are volatile, and does not except them.
//                 lr, cr1-cr7, r1, r2, r13-r31 and all FP/vector registers survive
//   errors        the kernel sets cr0.SO and leaves a POSITIVE errno in r3; each stub branches
//                 round a `neg` on SO clear (`bns+`), so it returns keel's -errno like the rest
//   clone order   flags, stack, parent_tid, tls, child_tid (CLONE_BACKWARDS)
//   thread ptr    r13, a plain register write (no syscall); ELFv2 reserves r13 for it, so the
//                 compiler never allocates it. CLONE_SETTLS puts the tls argument in the
//                 child's r13
//   TLS           variant I: the TP points 0x7000 past the start of the TLS block (TP_OFFSET:
//                 a signed 16-bit displacement from r13 then reaches the first 60 KiB of the
//                 block); no gap, no self pointer. Reading the TP is `mr rX,13`
//   signal return no restorer and no SA_RESTORER: the kernel ignores sa_restorer on powerpc and
//                 sets the handler's lr to the vDSO's __kernel_sigtramp_rt64 (or a trampoline
//                 in the frame when there is no vDSO). QEMU 7.2 (linux-user/ppc/signal.c,
//                 setup_rt_frame) sets lr to default_rt_sigreturn, a `li r0,172; sc` that
//                 setup_sigtramp writes into a page of its own (checked: a handler's return
//                 address holds those two words); QEMU has no ppc vDSO before 8.0
//   quirks        the handler is entered at its global entry point with r12 = its address
//                 (kernel and QEMU both set r12), so it derives its own TOC; keel's code needs
//                 no other care. _start must build the TOC pointer r2 itself (start.S). 64-bit
//                 values are single registers; mmap takes its offset in bytes
#pragma once

#include "consts.h"
#include "sys/abi.h"
#include "sysno.h"

namespace keel::arch {

// One `sc`, then turn (cr0.SO, positive errno) into -errno. Arguments are bound to their
// registers as in/out operands because the kernel may change them; whatever of r3-r12 is not an
// operand is in the clobber list.
#define KEEL_PPC64_SC "sc\n\tbns+ 1f\n\tneg %1, %1\n1:"

inline long syscall0(long n) {
  register long r0 __asm__("r0") = n;
  register long r3 __asm__("r3");
  __asm__ volatile(KEEL_PPC64_SC
                   : "+r"(r0), "=r"(r3)
                   :
                   : "r4", "r5", "r6", "r7", "r8", "r9", "r10", "r11", "r12", "cr0", "ctr",
                     "xer", "memory");
  return r3;
}

inline long syscall1(long n, long a) {
  register long r0 __asm__("r0") = n;
  register long r3 __asm__("r3") = a;
  __asm__ volatile(KEEL_PPC64_SC
                   : "+r"(r0), "+r"(r3)
                   :
                   : "r4", "r5", "r6", "r7", "r8", "r9", "r10", "r11", "r12", "cr0", "ctr",
                     "xer", "memory");
  return r3;
}

inline long syscall2(long n, long a, long b) {
  register long r0 __asm__("r0") = n;
  register long r3 __asm__("r3") = a;
  register long r4 __asm__("r4") = b;
  __asm__ volatile(KEEL_PPC64_SC
                   : "+r"(r0), "+r"(r3), "+r"(r4)
                   :
                   : "r5", "r6", "r7", "r8", "r9", "r10", "r11", "r12", "cr0", "ctr", "xer",
                     "memory");
  return r3;
}

inline long syscall3(long n, long a, long b, long c) {
  register long r0 __asm__("r0") = n;
  register long r3 __asm__("r3") = a;
  register long r4 __asm__("r4") = b;
  register long r5 __asm__("r5") = c;
  __asm__ volatile(KEEL_PPC64_SC
                   : "+r"(r0), "+r"(r3), "+r"(r4), "+r"(r5)
                   :
                   : "r6", "r7", "r8", "r9", "r10", "r11", "r12", "cr0", "ctr", "xer",
                     "memory");
  return r3;
}

inline long syscall4(long n, long a, long b, long c, long d) {
  register long r0 __asm__("r0") = n;
  register long r3 __asm__("r3") = a;
  register long r4 __asm__("r4") = b;
  register long r5 __asm__("r5") = c;
  register long r6 __asm__("r6") = d;
  __asm__ volatile(KEEL_PPC64_SC
                   : "+r"(r0), "+r"(r3), "+r"(r4), "+r"(r5), "+r"(r6)
                   :
                   : "r7", "r8", "r9", "r10", "r11", "r12", "cr0", "ctr", "xer", "memory");
  return r3;
}

inline long syscall5(long n, long a, long b, long c, long d, long e) {
  register long r0 __asm__("r0") = n;
  register long r3 __asm__("r3") = a;
  register long r4 __asm__("r4") = b;
  register long r5 __asm__("r5") = c;
  register long r6 __asm__("r6") = d;
  register long r7 __asm__("r7") = e;
  __asm__ volatile(KEEL_PPC64_SC
                   : "+r"(r0), "+r"(r3), "+r"(r4), "+r"(r5), "+r"(r6), "+r"(r7)
                   :
                   : "r8", "r9", "r10", "r11", "r12", "cr0", "ctr", "xer", "memory");
  return r3;
}

inline long syscall6(long n, long a, long b, long c, long d, long e, long f) {
  register long r0 __asm__("r0") = n;
  register long r3 __asm__("r3") = a;
  register long r4 __asm__("r4") = b;
  register long r5 __asm__("r5") = c;
  register long r6 __asm__("r6") = d;
  register long r7 __asm__("r7") = e;
  register long r8 __asm__("r8") = f;
  __asm__ volatile(KEEL_PPC64_SC
                   : "+r"(r0), "+r"(r3), "+r"(r4), "+r"(r5), "+r"(r6), "+r"(r7), "+r"(r8)
                   :
                   : "r9", "r10", "r11", "r12", "cr0", "ctr", "xer", "memory");
  return r3;
}

#undef KEEL_PPC64_SC

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
inline constexpr unsigned long kTlsGap = 0;      // the block starts at TP - 0x7000
inline constexpr unsigned long kTpBias = 0x7000; // TP - block start (TP_OFFSET)
inline constexpr bool kTcbSelfPointer = false;   // nothing reads a word at the TP

// volatile: the template's read of r13 is invisible to the compiler, which must not move it
// above a set_thread_pointer.
inline unsigned long thread_pointer() {
  unsigned long tp;
  __asm__ volatile("mr %0, 13" : "=r"(tp));
  return tp;
}

// The `tls` argument of a thread clone with CLONE_SETTLS: the kernel (copy_thread) and QEMU
// (cpu_set_tls) copy it into the child's r13 unchanged, so it is the TP itself, 0x7000 bias
// included (keel's tp already carries it).
struct CloneTls {};
inline unsigned long make_clone_tls(unsigned long tp, CloneTls&) { return tp; }

// A register write cannot fail. The r13 clobber tells the compiler the TP changed; "memory"
// keeps TLS accesses from moving across it.
inline long set_thread_pointer(unsigned long tp) {
  __asm__ volatile("mr 13, %0" : : "r"(tp) : "r13", "memory");
  return 0;
}

}  // namespace keel::arch

// amd64 (x86-64) system call ABI, as keel uses it.
//
//   trap          syscall
//   number        rax
//   arguments     rdi, rsi, rdx, r10, r8, r9   (r10, not rcx: `syscall` overwrites rcx)
//   result        rax
//   clobbers      rcx (return address), r11 (saved rflags), memory
//   errors        rax in [-4095, -1] is -errno; keel's convention already
//   clone order   flags, stack, parent_tid, child_tid, tls
//   thread ptr    %fs base, set with arch_prctl(ARCH_SET_FS); %fs:0 holds the TP itself
//                 (compilers read it to form TLS addresses)
//   TLS           variant II: the TLS block ends at the TP, TCB at and above it
//   signal return SA_RESTORER is required: the kernel returns to sa_restorer, which must call
//                 rt_sigreturn (keel_restore_rt in sigreturn.S)
//   quirks        none; the textbook ABI. The stubs are inline so that no call/ret pair
//                 brackets the syscall (the kernel's return-predictor mitigation makes a `ret`
//                 after `syscall` cost ~65 ns on this kind of machine).
#pragma once

#include "consts.h"
#include "sys/abi.h"
#include "sysno.h"

namespace keel::arch {

inline long syscall0(long n) {
  long ret;
  __asm__ volatile("syscall" : "=a"(ret) : "a"(n) : "rcx", "r11", "memory");
  return ret;
}

inline long syscall1(long n, long a) {
  long ret;
  __asm__ volatile("syscall" : "=a"(ret) : "a"(n), "D"(a) : "rcx", "r11", "memory");
  return ret;
}

inline long syscall2(long n, long a, long b) {
  long ret;
  __asm__ volatile("syscall" : "=a"(ret) : "a"(n), "D"(a), "S"(b) : "rcx", "r11", "memory");
  return ret;
}

inline long syscall3(long n, long a, long b, long c) {
  long ret;
  __asm__ volatile("syscall"
                   : "=a"(ret)
                   : "a"(n), "D"(a), "S"(b), "d"(c)
                   : "rcx", "r11", "memory");
  return ret;
}

inline long syscall4(long n, long a, long b, long c, long d) {
  long ret;
  register long r10 __asm__("r10") = d;
  __asm__ volatile("syscall"
                   : "=a"(ret)
                   : "a"(n), "D"(a), "S"(b), "d"(c), "r"(r10)
                   : "rcx", "r11", "memory");
  return ret;
}

inline long syscall5(long n, long a, long b, long c, long d, long e) {
  long ret;
  register long r10 __asm__("r10") = d;
  register long r8 __asm__("r8") = e;
  __asm__ volatile("syscall"
                   : "=a"(ret)
                   : "a"(n), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8)
                   : "rcx", "r11", "memory");
  return ret;
}

inline long syscall6(long n, long a, long b, long c, long d, long e, long f) {
  long ret;
  register long r10 __asm__("r10") = d;
  register long r8 __asm__("r8") = e;
  register long r9 __asm__("r9") = f;
  __asm__ volatile("syscall"
                   : "=a"(ret)
                   : "a"(n), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8), "r"(r9)
                   : "rcx", "r11", "memory");
  return ret;
}

// clone(2) takes flags, stack, ptid, ctid, tls; sys/calls.h passes them so.
inline constexpr abi::CloneOrder kCloneOrder = abi::CloneOrder::kFlagsStackPtidCtidTls;

// mmap: six registers, offset in bytes (sys/calls.h builds the call).
inline constexpr abi::MmapCall kMmapCall = abi::MmapCall::kRegisters;
inline constexpr long kMmapNr = nr::mmap;

// 64-bit arguments are single registers; no pair alignment applies.
inline constexpr bool kPairAlign64 = false;
// siginfo starts signo, errno, code.
inline constexpr bool kSiginfoCodeSecond = false;
// rt_sigaction's struct sigaction (sys/sigaction.h builds it).
inline constexpr abi::SigactionLayout kSigactionLayout = abi::SigactionLayout::kHandlerFlagsRestorerMask;
// Handlers return through sa_restorer (sigreturn.S); see "signal return" above.
extern "C" void keel_restore_rt();
template <class K>
inline void set_sig_restorer(K& k) {
  k.flags |= sys::SA_RESTORER;
  k.restorer = reinterpret_cast<void*>(keel_restore_rt);
}

// --- Thread pointer and TLS layout ---------------------------------------------------------

inline constexpr bool kTlsAboveTp = false;       // variant II
inline constexpr unsigned long kTlsGap = 0;      // variant I only: bytes between TP and block
inline constexpr unsigned long kTpBias = 0;      // variant I only: TP - block start - gap
inline constexpr bool kTcbSelfPointer = true;    // TP must point at a word holding the TP

inline unsigned long thread_pointer() {
  unsigned long tp;
  // volatile: the value changes under set_thread_pointer, which the compiler cannot see.
  __asm__ volatile("mov %%fs:0, %0" : "=r"(tp));
  return tp;
}

// The `tls` argument of a thread clone with CLONE_SETTLS: the thread pointer itself.
struct CloneTls {};
inline unsigned long make_clone_tls(unsigned long tp, CloneTls&) { return tp; }

inline long set_thread_pointer(unsigned long tp) {
  return syscall2(nr::arch_prctl, sys::ARCH_SET_FS, static_cast<long>(tp));
}

}  // namespace keel::arch

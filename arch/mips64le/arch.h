// mips64le (MIPS64 little-endian, n64 ABI) system call ABI, as keel uses it.
//
//   trap          syscall
//   number        $2 (v0); n64 numbers start at 5000
//   arguments     $4 $5 $6 $7 $8 $9 (a0-a5; n64 calls $8/$9 a4/a5, o32 calls them t0/t1, so
//                 registers are written by number here: toolchains disagree on the aliases)
//   result        $2 (v0)
//   clobbers      $1 (at), $3 (v1: pipe's second fd), $10-$15 and $24 (temporaries the entry
//                 code does not save), $25 (t9), hi and lo (not on r6, which has none), memory.
//                 $4-$9, $16-$23 and $28-$31 survive. Same list as musl's mips64 syscall_arch.h
//                 and nolibc's n64 list (nolibc leaves out hi/lo; keel keeps them before r6).
//   errors        $7 (a3) is 0 on success; non-zero on failure, and then v0 holds a POSITIVE
//                 errno (up to 1133: EDQUOT). The stubs return -v0 then, so every stub keeps
//                 keel's -errno convention. They negate only a positive v0: some kernel paths
//                 (some ENOSYS ones, per musl's commit that added the same check) set a3 with v0
//                 already negated, and negating that again would turn an error into a success.
//   restart       a restarted syscall resumes at `syscall` with v0 and a3 reloaded by the kernel
//                 (from the number it saved and the copy of a3 it keeps in the k0 slot of the
//                 saved registers); QEMU leaves both untouched and backs up too. Kernels before
//                 2.6.36 instead re-ran the instruction BEFORE `syscall`, so each stub loads the
//                 number into v0 in that very instruction, from an immediate or from a register
//                 the syscall preserves (the early-clobbers below keep it out of $2 and $7).
//   clone order   flags, stack, parent_tid, tls, child_tid (CONFIG_CLONE_BACKWARDS)
//   thread ptr    UserLocal, set with the set_thread_area syscall and read with
//                 `rdhwr $3, $29`; cores without the register trap and the kernel emulates
//                 it (its fast path matches exactly that encoding, target $3), as QEMU does
//   TLS           variant I: the block lies at TP - 0x7000 (TP_OFFSET; DTP_OFFSET is 0x8000),
//                 with no TCB gap before it and no self pointer at the TP
//   signal return no SA_RESTORER: the uapi struct sigaction has no restorer field (and its
//                 layout is flags, handler, mask, unlike every other keel arch). The kernel
//                 enters a handler with $ra pointing at __vdso_rt_sigreturn in the vDSO (li v0,
//                 rt_sigreturn; syscall) and $25 = the handler; QEMU points $ra at the same
//                 two instructions on its own sigtramp page. So there is no sigreturn.S here:
//                 the handler's plain `jr $ra` is the return path.
//   quirks        _NSIG is 128: the sigset_t that rt_sigaction/rt_sigprocmask take is 16 bytes
//                 (sigsetsize 16; 8 gets EINVAL). Under QEMU guest signals 65..127 cannot be
//                 delivered. siginfo is signo, CODE, errno. pipe returns the two fds in v0/v1:
//                 use pipe2. Errno, signal and flag values differ from the generic ones (use
//                 sys/mips64le/). 32-bit int arguments travel sign-extended in 64-bit registers,
//                 which the conversion to long already does.
//   calls         keel builds -mabicalls -fno-pic (tools/cross/arches.tsv): code derives $gp
//                 from $25 (t9) = its own address, so assembly that calls C++ (start.S, clone
//                 trampolines) must call through $25 (`jalr $25`); sp stays 16-byte aligned.
#pragma once

#include "consts.h"
#include "sys/abi.h"
#include "sysno.h"

namespace keel::arch {

#if defined(__mips_isa_rev) && __mips_isa_rev >= 6
#define KEEL_MIPS_SYSCALL_CLOBBERS \
  "$1", "$3", "$10", "$11", "$12", "$13", "$14", "$15", "$24", "$25", "memory"
#else
#define KEEL_MIPS_SYSCALL_CLOBBERS \
  "$1", "$3", "$10", "$11", "$12", "$13", "$14", "$15", "$24", "$25", "hi", "lo", "memory"
#endif

// The number goes in with "Ir": a signed 16-bit immediate when it is a constant (always, once
// inlined: n64 numbers are 5000-5450), so `daddu $2, $0, imm` assembles to one daddiu; a
// register otherwise. Either way one instruction, the one right before `syscall` (see restart).
#define KEEL_MIPS_SYSCALL_INSN "daddu $2, $0, %[n]\n\tsyscall"

// a3 != 0 means v0 is an errno; see the error note above.
inline long syscall_result(long v0, long a3) { return (a3 != 0 && v0 > 0) ? -v0 : v0; }

inline long syscall0(long n) {
  register long v0 __asm__("$2");
  register long a3 __asm__("$7");
  __asm__ volatile(KEEL_MIPS_SYSCALL_INSN
                   : "=&r"(v0), "=&r"(a3)
                   : [n] "Ir"(n)
                   : KEEL_MIPS_SYSCALL_CLOBBERS);
  return syscall_result(v0, a3);
}

inline long syscall1(long n, long a) {
  register long v0 __asm__("$2");
  register long a3 __asm__("$7");
  register long a0 __asm__("$4") = a;
  __asm__ volatile(KEEL_MIPS_SYSCALL_INSN
                   : "=&r"(v0), "=&r"(a3)
                   : [n] "Ir"(n), "r"(a0)
                   : KEEL_MIPS_SYSCALL_CLOBBERS);
  return syscall_result(v0, a3);
}

inline long syscall2(long n, long a, long b) {
  register long v0 __asm__("$2");
  register long a3 __asm__("$7");
  register long a0 __asm__("$4") = a;
  register long a1 __asm__("$5") = b;
  __asm__ volatile(KEEL_MIPS_SYSCALL_INSN
                   : "=&r"(v0), "=&r"(a3)
                   : [n] "Ir"(n), "r"(a0), "r"(a1)
                   : KEEL_MIPS_SYSCALL_CLOBBERS);
  return syscall_result(v0, a3);
}

inline long syscall3(long n, long a, long b, long c) {
  register long v0 __asm__("$2");
  register long a3 __asm__("$7");
  register long a0 __asm__("$4") = a;
  register long a1 __asm__("$5") = b;
  register long a2 __asm__("$6") = c;
  __asm__ volatile(KEEL_MIPS_SYSCALL_INSN
                   : "=&r"(v0), "=&r"(a3)
                   : [n] "Ir"(n), "r"(a0), "r"(a1), "r"(a2)
                   : KEEL_MIPS_SYSCALL_CLOBBERS);
  return syscall_result(v0, a3);
}

// From four arguments on, a3 carries the fourth in and the error flag out.
inline long syscall4(long n, long a, long b, long c, long d) {
  register long v0 __asm__("$2");
  register long a3 __asm__("$7") = d;
  register long a0 __asm__("$4") = a;
  register long a1 __asm__("$5") = b;
  register long a2 __asm__("$6") = c;
  __asm__ volatile(KEEL_MIPS_SYSCALL_INSN
                   : "=&r"(v0), "+&r"(a3)
                   : [n] "Ir"(n), "r"(a0), "r"(a1), "r"(a2)
                   : KEEL_MIPS_SYSCALL_CLOBBERS);
  return syscall_result(v0, a3);
}

inline long syscall5(long n, long a, long b, long c, long d, long e) {
  register long v0 __asm__("$2");
  register long a3 __asm__("$7") = d;
  register long a0 __asm__("$4") = a;
  register long a1 __asm__("$5") = b;
  register long a2 __asm__("$6") = c;
  register long a4 __asm__("$8") = e;
  __asm__ volatile(KEEL_MIPS_SYSCALL_INSN
                   : "=&r"(v0), "+&r"(a3)
                   : [n] "Ir"(n), "r"(a0), "r"(a1), "r"(a2), "r"(a4)
                   : KEEL_MIPS_SYSCALL_CLOBBERS);
  return syscall_result(v0, a3);
}

inline long syscall6(long n, long a, long b, long c, long d, long e, long f) {
  register long v0 __asm__("$2");
  register long a3 __asm__("$7") = d;
  register long a0 __asm__("$4") = a;
  register long a1 __asm__("$5") = b;
  register long a2 __asm__("$6") = c;
  register long a4 __asm__("$8") = e;
  register long a5 __asm__("$9") = f;
  __asm__ volatile(KEEL_MIPS_SYSCALL_INSN
                   : "=&r"(v0), "+&r"(a3)
                   : [n] "Ir"(n), "r"(a0), "r"(a1), "r"(a2), "r"(a4), "r"(a5)
                   : KEEL_MIPS_SYSCALL_CLOBBERS);
  return syscall_result(v0, a3);
}

#undef KEEL_MIPS_SYSCALL_INSN
#undef KEEL_MIPS_SYSCALL_CLOBBERS

// clone(2) takes flags, stack, ptid, tls, ctid (CLONE_BACKWARDS); sys/calls.h passes them so.
inline constexpr abi::CloneOrder kCloneOrder = abi::CloneOrder::kFlagsStackPtidTlsCtid;

// mmap: six registers, offset in bytes (sys/calls.h builds the call).
inline constexpr abi::MmapCall kMmapCall = abi::MmapCall::kRegisters;
inline constexpr long kMmapNr = nr::mmap;

// 64-bit arguments are single registers; no pair alignment applies.
inline constexpr bool kPairAlign64 = false;
// siginfo starts signo, code, errno on mips.
inline constexpr bool kSiginfoCodeSecond = true;
// rt_sigaction's struct sigaction (sys/sigaction.h builds it).
inline constexpr abi::SigactionLayout kSigactionLayout = abi::SigactionLayout::kFlagsHandlerMask;
// No restorer: handlers return as "signal return" above says.
template <class K>
inline void set_sig_restorer(K&) {}

// --- Thread pointer and TLS layout ---------------------------------------------------------

inline constexpr bool kTlsAboveTp = true;           // variant I
inline constexpr unsigned long kTlsGap = 0;         // the block starts right at TP - bias
inline constexpr unsigned long kTpBias = 0x7000;    // TP_OFFSET: TP = block start + 0x7000
inline constexpr bool kTcbSelfPointer = false;

// rdhwr needs an r2 ISA in the assembler; .set keeps that local. Target $3 as the kernel's
// fast emulation path expects.
inline unsigned long thread_pointer() {
  register unsigned long tp __asm__("$3");
  __asm__(".set push\n\t.set mips64r2\n\trdhwr $3, $29\n\t.set pop" : "=r"(tp));
  return tp;
}

// The `tls` argument of a thread clone with CLONE_SETTLS: the thread pointer itself. The
// kernel stores it where set_thread_area does (thread_info's tp_value, read back by rdhwr $29;
// QEMU: CP0_UserLocal), so it is keel's TP, which already includes the 0x7000 bias.
struct CloneTls {};
inline unsigned long make_clone_tls(unsigned long tp, CloneTls&) { return tp; }

inline long set_thread_pointer(unsigned long tp) {
  return syscall1(nr::set_thread_area, static_cast<long>(tp));
}

}  // namespace keel::arch

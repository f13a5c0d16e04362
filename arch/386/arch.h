// 386 (i386, i686) system call ABI, as keel uses it. The same binary runs on an i386 kernel and
// on an x86-64 kernel through ia32 emulation; both take the calls below.
//
//   trap          int $0x80 (the vDSO's __kernel_vsyscall is faster where sysenter exists;
//                 keel stays with the one instruction that works everywhere, QEMU included)
//   number        eax
//   arguments     ebx, ecx, edx, esi, edi, ebp
//   result        eax
//   clobbers      none besides eax: the kernel restores every other register. "memory" only.
//   errors        eax in [-4095, -1] is -errno; keel's convention already
//   clone order   flags, stack, parent_tid, tls, child_tid (CLONE_BACKWARDS); tls is a struct
//                 user_desc* (UserDesc below) describing the child's %gs segment, not the TP
//   thread ptr    %gs selects a segment whose base is the TP; %gs:0 holds the TP itself. The
//                 main thread uses a GDT TLS slot: set_thread_area with entry_number -1 picks
//                 a free one and writes its index back; %gs = (index << 3) | 3. Every other
//                 thread gets an LDT entry of its own (modify_ldt) and %gs = (index << 3) | 7,
//                 because qemu-i386 shares one GDT between threads (make_clone_tls below).
//   TLS           variant II: the TLS block ends at the TP, TCB at and above it (gcc reads the
//                 stack-protector canary at %gs:0x14; keel builds without it)
//   signal return without SA_RESTORER the kernel returns through the vDSO's sigreturn stubs;
//                 keel does not rely on the vDSO and installs its own restorer. Which one
//                 depends on SA_SIGINFO: with it the kernel builds an rt frame whose restorer
//                 calls rt_sigreturn (keel_restore_rt); without it an old-style frame whose
//                 restorer pops the signal number and calls sigreturn (keel_restore).
//                 Both are in sigreturn.S; the wrong one cannot return (qemu-i386 7.2 aborts).
//   quirks        ebp, the 6th argument, is the frame pointer when one is kept, so it cannot
//                 be an asm operand: syscall6 saves ebp on the stack around the trap. ebx is the
//                 PIC register only for gcc < 5; gcc 5+ and clang allocate around "b" in PIC
//                 code too, so the stubs are right with or without -fpic (keel builds -fno-pic).
//                 mmap is mmap2, offset in 4096-byte units whatever the page size. 64-bit
//                 arguments are (low, high) register pairs with no alignment. qemu-i386 starts
//                 a program with %gs = the flat data selector, a kernel with %gs = 0.
#pragma once

#include "consts.h"
#include "sys/abi.h"
#include "sysno.h"

namespace keel::arch {

inline long syscall0(long n) {
  long ret;
  __asm__ volatile("int $0x80" : "=a"(ret) : "a"(n) : "memory");
  return ret;
}

inline long syscall1(long n, long a) {
  long ret;
  __asm__ volatile("int $0x80" : "=a"(ret) : "a"(n), "b"(a) : "memory");
  return ret;
}

inline long syscall2(long n, long a, long b) {
  long ret;
  __asm__ volatile("int $0x80" : "=a"(ret) : "a"(n), "b"(a), "c"(b) : "memory");
  return ret;
}

inline long syscall3(long n, long a, long b, long c) {
  long ret;
  __asm__ volatile("int $0x80" : "=a"(ret) : "a"(n), "b"(a), "c"(b), "d"(c) : "memory");
  return ret;
}

inline long syscall4(long n, long a, long b, long c, long d) {
  long ret;
  __asm__ volatile("int $0x80"
                   : "=a"(ret)
                   : "a"(n), "b"(a), "c"(b), "d"(c), "S"(d)
                   : "memory");
  return ret;
}

inline long syscall5(long n, long a, long b, long c, long d, long e) {
  long ret;
  __asm__ volatile("int $0x80"
                   : "=a"(ret)
                   : "a"(n), "b"(a), "c"(b), "d"(c), "S"(d), "D"(e)
                   : "memory");
  return ret;
}

// Seven values for six free registers (esp is the stack, ebp may be the frame pointer), so the
// 5th and 6th travel through a two-word block on the stack whose address comes in edi; the asm
// saves ebp, loads both from the block, and restores ebp after the trap. Passing the 6th as a
// memory operand instead fails to compile ("impossible constraints") when its address needs a
// seventh register, e.g. when all six arguments are loaded from one struct.
inline long syscall6(long n, long a, long b, long c, long d, long e, long f) {
  long ret;
  const long ef[2] = {e, f};
  const long* p = ef;
  __asm__ volatile(
      "pushl %%ebp\n\t"         // ebp may be the frame pointer: keep it
      "movl 4(%%edi), %%ebp\n\t"  // 6th argument
      "movl (%%edi), %%edi\n\t"   // 5th, last: edi held the block's address
      "int $0x80\n\t"
      "popl %%ebp"
      : "=a"(ret), "+D"(p)
      : "a"(n), "b"(a), "c"(b), "d"(c), "S"(d), "m"(ef)
      : "memory");
  return ret;
}

// clone(2) takes flags, stack, ptid, tls, ctid (CLONE_BACKWARDS); sys/calls.h passes them so.
inline constexpr abi::CloneOrder kCloneOrder = abi::CloneOrder::kFlagsStackPtidTlsCtid;

// mmap: mmap2, offset in 4096-byte units (sys/calls.h builds the call).
inline constexpr abi::MmapCall kMmapCall = abi::MmapCall::kPages4096;
inline constexpr long kMmapNr = nr::mmap2;

// 64-bit arguments are two registers, low word first, starting at any register.
inline constexpr bool kPairAlign64 = false;
// siginfo starts signo, errno, code.
inline constexpr bool kSiginfoCodeSecond = false;
// rt_sigaction's struct sigaction (sys/sigaction.h builds it).
inline constexpr abi::SigactionLayout kSigactionLayout = abi::SigactionLayout::kHandlerFlagsRestorerMask;
// Handlers return through sa_restorer (sigreturn.S), one per frame kind; see "signal
// return" above.
extern "C" void keel_restore_rt();
extern "C" void keel_restore();
template <class K>
inline void set_sig_restorer(K& k) {
  k.flags |= sys::SA_RESTORER;
  k.restorer = reinterpret_cast<void*>((k.flags & sys::SA_SIGINFO) ? keel_restore_rt : keel_restore);
}

// --- Thread pointer and TLS layout ---------------------------------------------------------

inline constexpr bool kTlsAboveTp = false;       // variant II
inline constexpr unsigned long kTlsGap = 0;      // variant I only: bytes between TP and block
inline constexpr unsigned long kTpBias = 0;      // variant I only: TP - block start - gap
inline constexpr bool kTcbSelfPointer = true;    // TP must point at a word holding the TP

// The kernel's struct user_desc (asm/ldt.h), the argument of set_thread_area and of clone's
// tls. One segment descriptor: which GDT slot (-1: the kernel picks a free TLS slot and writes
// its index back), base, limit, then seven flag bits packed from bit 0 of the fourth word in
// this order. (The x86-64 header adds an `lm` bit that the kernel ignores for 32-bit callers.)
struct UserDesc {
  unsigned int entry_number;
  unsigned int base_addr;
  unsigned int limit;
  unsigned int seg_32bit : 1;        // 32-bit segment
  unsigned int contents : 2;         // 0: data
  unsigned int read_exec_only : 1;   // 0: writable
  unsigned int limit_in_pages : 1;   // limit counts 4 KiB pages
  unsigned int seg_not_present : 1;
  unsigned int useable : 1;          // "available" bit; set as every libc does
};
static_assert(sizeof(UserDesc) == 16, "struct user_desc is four words");

// A data segment based at tp that spans all 4 GiB (20-bit limit, counted in pages): variant II
// TLS addresses lie below the TP, reached through %gs with negative offsets that wrap.
inline UserDesc tls_descriptor(int entry, unsigned long tp) {
  UserDesc d{};
  d.entry_number = static_cast<unsigned int>(entry);
  d.base_addr = static_cast<unsigned int>(tp);
  d.limit = 0xfffff;
  d.seg_32bit = 1;
  d.limit_in_pages = 1;
  d.useable = 1;
  return d;
}

// volatile: otherwise clang reuses an earlier read across set_thread_pointer or clone.
inline unsigned long thread_pointer() {
  unsigned long tp;
  __asm__ volatile("movl %%gs:0, %0" : "=r"(tp));
  return tp;
}

// The GDT TLS slot keel's %gs selects: -1 until start-up's set_thread_pointer lets the kernel
// pick one. Every thread uses the same slot (each thread has its own copy of the three TLS
// descriptors, and a clone(CLONE_SETTLS) UserDesc carrying this entry_number fills the child's),
// so one process-wide value, written before any thread exists, serves all. Not read from %gs:
// qemu-i386 starts programs with %gs holding the flat data selector, not 0.
inline constinit int g_tls_slot = -1;

inline int tls_entry() { return g_tls_slot; }

// The `tls` argument of keel_clone_thread (clone.S) for a new thread's TP. Two ways:
//  - an LDT selector, (index << 3) | 7, for an LDT entry of the thread's own, written here with
//    modify_ldt. clone.S then drops CLONE_SETTLS and the child loads %gs with it. This is
//    the way keel takes, because of qemu-i386 7.2: it keeps ONE GDT for all guest threads, so
//    every thread's clone(CLONE_SETTLS) overwrites the same TLS slot, and when a signal handler
//    returns, rt_sigreturn reloads %gs from that slot: the thread continues on the TLS block
//    of whichever thread was created last (seen here: a thread_local read back another
//    thread's value after one SIGUSR1). An LDT entry per thread is not shared, so the reload
//    finds the thread's own base, under QEMU and natively alike.
//  - where modify_ldt is refused (kernels built without CONFIG_MODIFY_LDT_SYSCALL), or all
//    LDT entries are taken: the address of a UserDesc for keel's GDT slot, base tp. The kernel
//    installs it as the child's own copy of that slot (each thread has its own three GDT TLS
//    descriptors natively); the child inherits the parent's %gs selector, which then resolves
//    to the child's TP. The UserDesc lives in the CloneTls until clone returns.
// The caller holds rt/threads' list lock (the LDT bitmap has no lock of its own) and calls
// release() once the thread is gone.
inline constexpr int kLdtEntries = 8192;
inline constinit unsigned int g_ldt_used[kLdtEntries / 32] = {1};  // entry 0 stays unused

struct CloneTls {
  UserDesc desc;
  int ldt = 0;  // the LDT entry in use, or 0
  // clone must not install a GDT descriptor for an LDT selector.
  unsigned long clone_flags(unsigned long flags) const { return ldt ? flags & ~sys::CLONE_SETTLS : flags; }
  void release() {
    if (ldt) g_ldt_used[ldt / 32] &= ~(1u << (ldt % 32));
    ldt = 0;
  }
};

inline unsigned long make_clone_tls(unsigned long tp, CloneTls& s) {
  for (int i = 1; i < kLdtEntries; ++i) {
    if (g_ldt_used[i / 32] & (1u << (i % 32))) continue;
    s.desc = tls_descriptor(i, tp);
    // modify_ldt func 0x11: write one entry, "new mode" (the useable bit is honoured).
    if (syscall3(nr::modify_ldt, 0x11, reinterpret_cast<long>(&s.desc), sizeof s.desc) != 0) break;
    g_ldt_used[i / 32] |= 1u << (i % 32);
    s.ldt = i;
    return (static_cast<unsigned long>(i) << 3) | 7;  // LDT (TI = 1), RPL 3
  }
  s.desc = tls_descriptor(tls_entry(), tp);
  return reinterpret_cast<unsigned long>(&s.desc);
}

inline long set_thread_pointer(unsigned long tp) {
  UserDesc d = tls_descriptor(g_tls_slot, tp);
  long r = syscall1(nr::set_thread_area, reinterpret_cast<long>(&d));
  if (r < 0) return r;
  g_tls_slot = static_cast<int>(d.entry_number);
  // Loading the selector, even an unchanged one, makes the CPU read the new descriptor.
  __asm__ volatile("movl %0, %%gs" : : "r"((d.entry_number << 3) | 3) : "memory");
  return 0;
}

}  // namespace keel::arch

// The kernel's signal interface: its sigset (_NSIG bits in longs: 8 bytes, 16 on mips64le)
// and its struct sigaction, whose field order each architecture states
// (arch::kSigactionLayout), with the restorer filled in where the architecture needs one
// (arch::set_sig_restorer). rt/signal.h builds the user-facing wrappers on these.
#pragma once

#include "sys/kstructs.h"
#include "sys/syscall.h"

namespace keel::sys {

// sigset_t as rt_sigaction and rt_sigprocmask take it: signal n is bit (n-1).
struct KSigset {
  static constexpr int kBits = 8 * sizeof(unsigned long);
  unsigned long w[_NSIG / kBits];

  bool has(int sig) const { return (w[(sig - 1) / kBits] >> ((sig - 1) % kBits)) & 1; }
  void add(int sig) { w[(sig - 1) / kBits] |= 1UL << ((sig - 1) % kBits); }
  void del(int sig) { w[(sig - 1) / kBits] &= ~(1UL << ((sig - 1) % kBits)); }
};

using SigHandler = void (*)(int, Siginfo*, void*);

// Each layout reads and writes its mask through set_mask/mask().
template <abi::SigactionLayout>
struct KSigactionT;
template <>
struct KSigactionT<abi::SigactionLayout::kHandlerFlagsRestorerMask> {
  void* handler;
  unsigned long flags;
  void* restorer;
  KSigset mask_;
  void set_mask(const KSigset& m) { mask_ = m; }
  KSigset mask() const { return mask_; }
};
template <>
struct KSigactionT<abi::SigactionLayout::kHandlerFlagsMask> {
  void* handler;
  unsigned long flags;
  KSigset mask_;
  // QEMU 7.2 user mode lays riscv64's struct out with a restorer before the mask (its generic
  // signal.h defines TARGET_SA_RESTORER, which the kernel's riscv UAPI does not), so it reads
  // the mask from here and writes a 32-byte old action. keel gives the mask in both places:
  // the kernel reads mask_, QEMU reads this (and takes mask_ for a restorer it never uses,
  // since its riscv frames return through its own trampoline). Reading back, the union of the
  // two is the mask under either (QEMU's "restorer" is the mask keel gave, or zero).
  KSigset qemu_mask_;
  void set_mask(const KSigset& m) { mask_ = qemu_mask_ = m; }
  KSigset mask() const {
    KSigset m = mask_;
    for (unsigned i = 0; i < sizeof m.w / sizeof m.w[0]; ++i) m.w[i] |= qemu_mask_.w[i];
    return m;
  }
};
template <>
struct KSigactionT<abi::SigactionLayout::kFlagsHandlerMask> {
  unsigned int flags;
  void* handler;
  KSigset mask_;
  void set_mask(const KSigset& m) { mask_ = m; }
  KSigset mask() const { return mask_; }
};
using KSigaction = KSigactionT<arch::kSigactionLayout>;

inline Result<void> rt_sigaction(int sig, const KSigaction* act, KSigaction* old) {
  return call<void>(nr::rt_sigaction, sig, act, old, sizeof(KSigset));
}
inline Result<void> rt_sigprocmask(int how, const KSigset* set, KSigset* old) {
  return call<void>(nr::rt_sigprocmask, how, set, old, sizeof(KSigset));
}

}  // namespace keel::sys

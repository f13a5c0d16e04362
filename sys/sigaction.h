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

template <abi::SigactionLayout>
struct KSigactionT;
template <>
struct KSigactionT<abi::SigactionLayout::kHandlerFlagsRestorerMask> {
  void* handler;
  unsigned long flags;
  void* restorer;
  KSigset mask;
};
template <>
struct KSigactionT<abi::SigactionLayout::kHandlerFlagsMask> {
  void* handler;
  unsigned long flags;
  KSigset mask;
};
template <>
struct KSigactionT<abi::SigactionLayout::kFlagsHandlerMask> {
  unsigned int flags;
  void* handler;
  KSigset mask;
};
using KSigaction = KSigactionT<arch::kSigactionLayout>;

inline Result<void> rt_sigaction(int sig, const KSigaction* act, KSigaction* old) {
  return call<void>(nr::rt_sigaction, sig, act, old, sizeof(KSigset));
}
inline Result<void> rt_sigprocmask(int how, const KSigset* set, KSigset* old) {
  return call<void>(nr::rt_sigprocmask, how, set, old, sizeof(KSigset));
}

}  // namespace keel::sys

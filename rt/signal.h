// Signals for programs on keel: dispositions and the thread's signal mask, with one signal
// kept back. keel reserves kReservedSignal for its all-threads system calls (rt/syscall): the
// wrappers below refuse to give it a handler or to ignore it (EINVAL) and leave it out of any
// set they block, a handler's mask included (the way glibc keeps SIGSETXID), so that "block
// everything" stays idiomatic.
// The choice: 33, the lowest real-time signal but one, as glibc and Go use for the same job;
// QEMU user mode cannot deliver 63 and 64, and maps guest 32..62 to real host signals.
#pragma once

#include "sys/sigaction.h"

namespace keel {

inline constexpr int kReservedSignal = sys::SIGRTMIN + 1;

class SigSet {
 public:
  static SigSet none() { return SigSet(); }
  static SigSet all() {
    SigSet s;
    for (auto& w : s.k_.w) w = ~0UL;
    return s;
  }
  SigSet& add(int sig) { if (valid(sig)) k_.add(sig); return *this; }
  SigSet& del(int sig) { if (valid(sig)) k_.del(sig); return *this; }
  bool has(int sig) const { return valid(sig) && k_.has(sig); }
  static bool valid(int sig) { return sig >= 1 && sig <= sys::_NSIG; }
  const sys::KSigset& kernel() const { return k_; }
  sys::KSigset& kernel() { return k_; }

 private:
  sys::KSigset k_{};
};

// A disposition: a handler (always called with siginfo and context), the default, or ignore.
struct SigAction {
  enum class Kind { kDefault, kIgnore, kHandler };
  Kind kind = Kind::kDefault;
  sys::SigHandler handler = nullptr;
  unsigned long flags = 0;  // SA_RESTART, SA_NODEFER, SA_ONSTACK, SA_RESETHAND, ...
  SigSet mask;              // blocked while the handler runs

  static SigAction deflt() { return {}; }
  static SigAction ignore() {
    SigAction a;
    a.kind = Kind::kIgnore;
    return a;
  }
  static SigAction handle(sys::SigHandler h, unsigned long flags = 0, SigSet mask = {}) {
    return {Kind::kHandler, h, flags, mask};
  }
};

// Sets (act) and/or reads (old) the disposition of sig. EINVAL for keel's reserved signal
// unless act is null, for numbers outside 1.._NSIG, and (from the kernel) SIGKILL/SIGSTOP.
Result<void> sigaction(int sig, const SigAction* act, SigAction* old);

// The calling thread's mask: how is SIG_BLOCK, SIG_UNBLOCK or SIG_SETMASK. keel's reserved
// signal is never blocked by it (it is left out of set).
Result<void> sigprocmask(int how, const SigSet* set, SigSet* old);

namespace rt {

// For rt/syscall, at start-up: installs h for the reserved signal (SA_SIGINFO | SA_RESTART, so
// blocking calls the signal interrupts resume) and unblocks it in the calling thread, since a
// parent may exec us with it blocked and execve keeps the mask.
Result<void> reserve_signal(sys::SigHandler h);
// Whether reserve_signal found the reserved signal blocked (the parent's mask), for tests.
bool reserved_signal_was_blocked();

// The signals that have a handler installed through keel (the reserved one included), and
// those set to be ignored: a spawn child resets the first to the default before it unblocks
// anything (a parent's handler must never run in a child that shares its memory), and the
// second too when asked. Handlers installed with a raw rt_sigaction are not known here.
sys::KSigset handled_signals();
sys::KSigset ignored_signals();

// For keel's own critical sections (thread start and exit, spawn): blocks every signal in the
// calling thread, the reserved one included, and returns the previous mask.
sys::KSigset block_all_signals();
void restore_signal_mask(const sys::KSigset& old);

}  // namespace rt
}  // namespace keel

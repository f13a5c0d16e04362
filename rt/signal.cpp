// rt/signal.h: dispositions and masks over rt_sigaction and rt_sigprocmask.
#include "rt/signal.h"

#include "rt/atomic.h"

namespace keel {
namespace {

// The flags a caller may give. SA_RESTORER is keel's business (arch::set_sig_restorer), and an
// unknown bit is refused rather than passed on.
constexpr unsigned long kUserFlags = sys::SA_NOCLDSTOP | sys::SA_NOCLDWAIT | sys::SA_SIGINFO |
                                     sys::SA_ONSTACK | sys::SA_RESTART | sys::SA_NODEFER |
                                     sys::SA_RESETHAND;

sys::KSigaction to_kernel(const SigAction& a) {
  sys::KSigaction k{};
  switch (a.kind) {
    case SigAction::Kind::kDefault: k.handler = nullptr; break;  // SIG_DFL
    case SigAction::Kind::kIgnore: k.handler = reinterpret_cast<void*>(1); break;  // SIG_IGN
    case SigAction::Kind::kHandler: k.handler = reinterpret_cast<void*>(a.handler); break;
  }
  k.flags = static_cast<decltype(k.flags)>(a.flags) | sys::SA_SIGINFO;
  // The handler's mask must not hold keel's signal either: a thread inside such a handler (and
  // every thread it created meanwhile) would be deaf to all-threads calls.
  sys::KSigset m = a.mask.kernel();
  m.del(kReservedSignal);
  k.set_mask(m);
  if (a.kind == SigAction::Kind::kHandler) arch::set_sig_restorer(k);
  return k;
}

SigAction from_kernel(const sys::KSigaction& k) {
  SigAction a;
  unsigned long h = reinterpret_cast<unsigned long>(k.handler);
  if (h == 0) a.kind = SigAction::Kind::kDefault;
  else if (h == 1) a.kind = SigAction::Kind::kIgnore;
  else a = SigAction::handle(reinterpret_cast<sys::SigHandler>(k.handler));
  a.flags = k.flags & kUserFlags;
  a.mask.kernel() = k.mask();
  return a;
}

constexpr int kWords = sizeof(sys::KSigset::w) / sizeof(sys::KSigset::w[0]);
Atomic<unsigned long> g_handled[kWords], g_ignored[kWords];  // see rt::handled_signals

void note_disposition(int sig, SigAction::Kind kind) {
  const int w = (sig - 1) / sys::KSigset::kBits;
  const unsigned long bit = 1UL << ((sig - 1) % sys::KSigset::kBits);
  if (kind == SigAction::Kind::kHandler) g_handled[w].fetch_or(bit);
  else g_handled[w].fetch_and(~bit);
  if (kind == SigAction::Kind::kIgnore) g_ignored[w].fetch_or(bit);
  else g_ignored[w].fetch_and(~bit);
}

sys::KSigset read_set(const Atomic<unsigned long>* words) {
  sys::KSigset s{};
  for (int i = 0; i < kWords; ++i) s.w[i] = words[i].load(Order::relaxed);
  return s;
}

}  // namespace

Result<void> sigaction(int sig, const SigAction* act, SigAction* old) {
  if (!SigSet::valid(sig)) return Errno::EINVAL;
  if (act && (act->flags & ~kUserFlags)) return Errno::EINVAL;
  if (act && sig == kReservedSignal) return Errno::EINVAL;
  if (act && act->kind == SigAction::Kind::kHandler && !act->handler) return Errno::EINVAL;
  sys::KSigaction k{}, ko{};
  if (act) k = to_kernel(*act);
  Result<void> r = sys::rt_sigaction(sig, act ? &k : nullptr, old ? &ko : nullptr);
  if (r.ok() && old) *old = from_kernel(ko);
  if (r.ok() && act) note_disposition(sig, act->kind);
  return r;
}

Result<void> sigprocmask(int how, const SigSet* set, SigSet* old) {
  SigSet s;
  if (set) {
    s = *set;
    if (how != sys::SIG_UNBLOCK) s.del(kReservedSignal);
  }
  sys::KSigset ko{};
  Result<void> r = sys::rt_sigprocmask(how, set ? &s.kernel() : nullptr, old ? &ko : nullptr);
  if (r.ok() && old) old->kernel() = ko;
  return r;
}

namespace rt {

namespace {
bool g_was_blocked = false;  // written once, at start-up
}  // namespace

Result<void> reserve_signal(sys::SigHandler h) {
  sys::KSigaction k{};
  k.handler = reinterpret_cast<void*>(h);
  k.flags = sys::SA_SIGINFO | sys::SA_RESTART;
  arch::set_sig_restorer(k);
  if (Result<void> r = sys::rt_sigaction(kReservedSignal, &k, nullptr); !r) return r;
  note_disposition(kReservedSignal, SigAction::Kind::kHandler);
  sys::KSigset s{}, old{};
  s.add(kReservedSignal);
  Result<void> r = sys::rt_sigprocmask(sys::SIG_UNBLOCK, &s, &old);
  g_was_blocked = r.ok() && old.has(kReservedSignal);
  return r;
}

bool reserved_signal_was_blocked() { return g_was_blocked; }

sys::KSigset handled_signals() { return read_set(g_handled); }
sys::KSigset ignored_signals() { return read_set(g_ignored); }

sys::KSigset block_all_signals() {
  sys::KSigset all, old{};
  for (auto& w : all.w) w = ~0UL;
  (void)sys::rt_sigprocmask(sys::SIG_BLOCK, &all, &old);
  return old;
}

void restore_signal_mask(const sys::KSigset& old) {
  (void)sys::rt_sigprocmask(sys::SIG_SETMASK, &old, nullptr);
}

}  // namespace rt
}  // namespace keel

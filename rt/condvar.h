// A condition variable: a sequence word that every signal advances. A waiter reads it while it
// still holds the mutex and sleeps only while it is unchanged, so no signal given after the
// waiter released the mutex can be missed.
#pragma once

#include "rt/mutex.h"

namespace keel {

class CondVar {
 public:
  // Releases m, sleeps until signalled (or spuriously woken), retakes m. Loop on the
  // predicate, as with any condition variable.
  void wait(Mutex& m) { (void)wait_until(m, nullptr); }

  // As wait(), with an absolute CLOCK_MONOTONIC deadline (rt::deadline_after). Returns
  // false if the deadline passed (or is malformed: rt/park.h).
  bool wait_until(Mutex& m, const sys::Timespec* deadline) {
    uint32_t s = seq_.load(Order::relaxed);
    waiters_.fetch_add(1);
    m.unlock();
    Result<void> r = rt::park(seq_, s, false, deadline);
    waiters_.fetch_sub(1, Order::relaxed);
    m.lock();
    return r.ok() || (r.error() != Errno::ETIMEDOUT && r.error() != Errno::EINVAL);
  }

  void signal() { advance(1); }
  void broadcast() { advance(rt::kWakeAll); }

 private:
  void advance(int n) {
    seq_.fetch_add(1);
    // The wake is skipped only when no waiter is counted. A waiter counts itself (seq_cst)
    // before it sleeps, and the futex sleeps only while seq_ still holds the value it read;
    // if our load below misses its count, our increment came first and its sleep fails.
    if (waiters_.load() != 0) rt::unpark(seq_, n);
  }
  Atomic<uint32_t> seq_{0};
  Atomic<uint32_t> waiters_{0};
};

}  // namespace keel

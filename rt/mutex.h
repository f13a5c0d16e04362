// A futex mutex (three states, as in Drepper's "Futexes Are Tricky"):
//   0 unlocked, 1 locked with no waiter, 2 locked and someone may be sleeping.
// Uncontended lock and unlock are one atomic operation each and no system call. Waiters
// sleep in rt::park, so an all-threads call can reach them without a signal.
#pragma once

#include <cstdint>

#include "rt/park.h"

namespace keel {

class Mutex {
 public:
  void lock() {
    uint32_t c = 0;
    if (state_.compare_exchange(c, 1, Order::acquire)) return;
    // Contended: mark "maybe waiters" and sleep until we take it from 0.
    if (c != 2) c = state_.exchange(2, Order::acquire);
    while (c != 0) {
      (void)rt::park(state_, 2);
      c = state_.exchange(2, Order::acquire);
    }
  }
  bool try_lock() {
    uint32_t c = 0;
    return state_.compare_exchange(c, 1, Order::acquire);
  }
  void unlock() {
    if (state_.exchange(0, Order::release) == 2) rt::unpark(state_, 1);
  }
 private:
  Atomic<uint32_t> state_{0};
};

// Holds a lock for a scope.
template <class M>
class LockGuard {
 public:
  explicit LockGuard(M& m) : m_(m) { m_.lock(); }
  ~LockGuard() { m_.unlock(); }
  LockGuard(const LockGuard&) = delete;
  LockGuard& operator=(const LockGuard&) = delete;

 private:
  M& m_;
};

}  // namespace keel

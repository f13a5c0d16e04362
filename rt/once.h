// Runs a function exactly once however many threads ask; the others wait for it to finish.
#pragma once

#include "rt/park.h"

namespace keel {

class Once {
 public:
  template <class F>
  void call(F&& f) {
    if (state_.load(Order::acquire) == kDone) return;
    uint32_t s = kNew;
    if (state_.compare_exchange(s, kRunning, Order::acquire)) {
      f();
      if (state_.exchange(kDone, Order::release) == kWaited) rt::unpark(state_, rt::kWakeAll);
      return;
    }
    // Another thread runs f: announce a waiter, then sleep until it is done.
    while (s != kDone) {
      if (s == kRunning && !state_.compare_exchange(s, kWaited, Order::acquire)) continue;
      (void)rt::park(state_, kWaited);
      s = state_.load(Order::acquire);
    }
  }
  bool done() const { return state_.load(Order::acquire) == kDone; }

 private:
  static constexpr uint32_t kNew = 0, kRunning = 1, kWaited = 2, kDone = 3;
  Atomic<uint32_t> state_{kNew};
};

}  // namespace keel

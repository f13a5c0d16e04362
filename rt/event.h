// A one-shot event: set once, waited on by any number of threads.
#pragma once

#include "rt/park.h"

namespace keel {

class Event {
 public:
  void set() {
    if (set_.exchange(1, Order::release) == 0) rt::unpark(set_, rt::kWakeAll);
  }
  bool is_set() const { return set_.load(Order::acquire) != 0; }
  void wait() { (void)wait_until(nullptr); }
  // With an absolute CLOCK_MONOTONIC deadline; false if it passed first (or is malformed).
  bool wait_until(const sys::Timespec* deadline) {
    while (!is_set()) {
      Result<void> r = rt::park(set_, 0, false, deadline);
      if (!r.ok() && (r.error() == Errno::ETIMEDOUT || r.error() == Errno::EINVAL)) return is_set();
    }
    return true;
  }

 private:
  Atomic<uint32_t> set_{0};
};

}  // namespace keel

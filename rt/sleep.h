// Sleeping. keel's sleep is one of its own waits (rt/park.h), so an all-threads call reaches a
// sleeping thread through its futex and the sleep goes on to its deadline. A raw
// clock_nanosleep is different: Linux never restarts it after a signal handler ran, whatever
// SA_RESTART says, so keel's reserved signal (as glibc's SIGSETXID) makes it return EINTR.
#pragma once

#include "rt/park.h"

namespace keel {

// Until an absolute CLOCK_MONOTONIC time. EINVAL for a malformed one (rt/park.h).
inline Result<void> sleep_until(const sys::Timespec& deadline) {
  Atomic<uint32_t> never{0};  // nobody wakes it: only the deadline ends the sleep
  for (;;) {
    Result<void> r = rt::park(never, 0, false, &deadline);
    if (!r.ok() && r.error() == Errno::ETIMEDOUT) return {};
    if (!r.ok() && r.error() == Errno::EINVAL) return r;
  }
}

// For ns nanoseconds (none if ns <= 0).
inline void sleep_for(int64_t ns) {
  sys::Timespec d = rt::deadline_after(ns);
  (void)sleep_until(d);
}

}  // namespace keel

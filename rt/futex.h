// Futex waits and wakes on a 32-bit word, private to the process.
#pragma once

#include <cstdint>

#include "rt/atomic.h"
#include "sys/calls.h"

namespace keel {

// Sleeps while *word == expected. Returns on a wake, a signal, or a spurious wake-up: callers
// re-check their condition in a loop. `timeout` is relative (CLOCK_MONOTONIC).
inline Result<long> futex_wait(Atomic<uint32_t>* word, uint32_t expected,
                               const sys::Timespec* timeout = nullptr) {
  return sys::futex(word->address(), sys::FUTEX_WAIT | sys::FUTEX_PRIVATE_FLAG, static_cast<int>(expected),
                    timeout);
}

// Wakes up to `n` waiters.
inline Result<long> futex_wake(Atomic<uint32_t>* word, int n) {
  return sys::futex(word->address(), sys::FUTEX_WAKE | sys::FUTEX_PRIVATE_FLAG, n);
}

}  // namespace keel

// Parking: the one place where keel's own waits (mutex, condition variable, reader-writer
// lock, once, event, thread join) sleep on a futex.
//
// A thread parked here records which word it sleeps on, so that code above rt/ can reach it
// without a signal: rt/syscall's all-threads calls wake the word and the thread runs the
// pending request before it sleeps again. The properties park() keeps:
//   1. The thread publishes the word (t_parked) before it checks for a pending request, and
//      the poster publishes its request before it reads t_parked (both seq_cst), so either the
//      thread sees the request before sleeping or the poster sees the thread parked.
//   2. The service hook runs before every sleep and after every wake-up; it does nothing when
//      no request is pending (one atomic load).
//   3. A wake-up that served a request (the word still holds `expected`) is not returned to
//      the caller: park() sleeps again. (A wake meant for another thread on the same word can
//      still come back as a spurious wake-up, which every wait built on park() tolerates.)
//   4. The window between the check in 1 and the futex sleep can lose a wake-up; a poster
//      therefore wakes again, and then signals, a parked thread that has not answered soon.
//      To keep that window rare, a service hook that runs a request clears t_parked before it
//      answers: until park() publishes it again, the next request comes by signal.
#pragma once

#include <cstdint>

#include "rt/atomic.h"
#include "sys/calls.h"

namespace keel::rt {

// Where the calling thread is parked: the address of the futex word, with bit 0 set for a
// process-shared futex; 0 while it runs. Each thread's own copy (rt/park.cpp).
extern thread_local Atomic<unsigned long> t_parked;

// The hook park() calls (property 2): returns true if it ran a request for this thread.
// rt/syscall installs it at start-up; nothing else sets it.
using ParkService = bool (*)();
void set_park_service(ParkService);

// Sleeps while word == expected. `shared` selects a process-shared futex (needed where the
// kernel itself wakes the word, as CHILD_CLEARTID does). `deadline`, if given, is absolute
// CLOCK_MONOTONIC. Returns 0 on a wake-up, or EAGAIN (the word had changed), ETIMEDOUT,
// EINTR (a signal whose handler has no SA_RESTART), EINVAL (a deadline whose nanoseconds are
// outside 0..999999999, or before the epoch: nothing sleeps). Callers re-check their condition.
Result<void> park(Atomic<uint32_t>& word, uint32_t expected, bool shared = false,
                  const sys::Timespec* deadline = nullptr);

// "Every waiter" for unpark (the kernel's INT_MAX; <climits> is not used: with GCC it brings
// in the C library's limits.h).
inline constexpr int kWakeAll = 0x7fffffff;

// Wakes up to n threads parked on word (kWakeAll: all).
inline void unpark(Atomic<uint32_t>& word, int n, bool shared = false) {
  (void)sys::futex(word.address(), sys::FUTEX_WAKE | (shared ? 0 : sys::FUTEX_PRIVATE_FLAG), n);
}

// The deadline `ns` nanoseconds from now (CLOCK_MONOTONIC), for park(); a negative ns is now.
sys::Timespec deadline_after(int64_t ns);

}  // namespace keel::rt

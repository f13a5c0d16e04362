// All-threads system calls: a syscall made on every thread keel owns, so that per-thread
// kernel state that POSIX calls per-process (credentials above all) stays the same
// everywhere. rt/syscall/creds.h builds setuid and friends on it.
//
// How a call runs, and the properties it keeps:
//   1. It holds the thread list's lock throughout (rt/threads/thread.h): calls are serialized,
//      and no thread starts or leaves while one runs, so every thread applies every call once,
//      in the same order; a thread created afterwards inherits the result from its creator.
//   2. Before anything changes it compares the kernel's count of the process's tasks with the
//      list. A task keel did not create (a raw clone by user code, which keel can neither see
//      nor reach) makes the call return ENOTSUP. The count allows for tasks that existed when
//      the process started, which natively is none (execve leaves one thread) and under QEMU
//      user mode is the emulator's own helper.
//   3. The calling thread runs the syscall first. If it fails, that error is returned and no
//      other thread runs it.
//   4. Every other listed thread then runs it: a thread parked in one of keel's own waits is
//      woken through its futex word and runs it before it sleeps again (rt/park.h); any other
//      is sent kReservedSignal (tgkill), whose handler runs it. Both answer through one counter
//      the caller sleeps on. A parked thread that has not answered after 2 ms also gets the
//      signal (park.h, property 4). When the call returns, every keel thread has run it.
//   5. Each thread's result is compared with the caller's (the one word the arch stubs return:
//      value or -errno, whatever registers the architecture uses). A difference means mixed
//      credentials: keel prints the syscall, the thread and both results to stderr and ends
//      the process with status 2. It never returns to the caller in that state.
//   6. A thread that has not answered within a second gets a line on stderr naming it and the
//      likely reason; the wait goes on (it is never silent, and never gives up halfway).
//   7. The handler acts only on a request keel posted: si_code SI_TKILL from this process, and
//      a request in progress that this thread has not yet taken. A signal sent from outside, or
//      a second delivery, changes nothing.
//   8. The calls may be made from a signal handler, except one that interrupted its own
//      thread inside the thread list's bookkeeping or inside its answer to a request: that
//      would wait for itself, so it returns EDEADLK at once.
#pragma once

#include <cstdint>

#include "sys/result.h"

namespace keel {

// The 3- and 6-argument forms. The value is the calling thread's result.
Result<long> all_threads_syscall(long nr, long a1 = 0, long a2 = 0, long a3 = 0);
Result<long> all_threads_syscall6(long nr, long a1, long a2, long a3, long a4, long a5, long a6);

namespace rt {

// The form the named wrappers use: `name` appears in the messages of properties 5 and 6.
Result<long> all_threads(const char* name, long nr, long a1, long a2, long a3, long a4, long a5,
                         long a6);

// Counters for tests and benchmarks: calls that reached other threads, and how each thread
// was reached (futex wake or signal). Relaxed counts, not a synchronization device.
struct AllThreadsStats {
  uint64_t calls;
  uint64_t by_futex;
  uint64_t by_signal;
};
AllThreadsStats all_threads_stats();

}  // namespace rt
}  // namespace keel

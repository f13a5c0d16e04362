// rt/syscall/forklock.h.
#include "rt/syscall/forklock.h"

#include "rt/print.h"

namespace keel {
namespace {

RwLock g_fork_lock;
Mutex g_forking_mu;      // guards g_forking
long g_forking = 0;      // spawns holding the shared conceptual write lock
Atomic<int> g_mode{static_cast<int>(rt::StatusPipe::kAtomic)};

}  // namespace

RwLock& fork_lock() { return g_fork_lock; }

namespace rt {

ForkLockHold acquire_fork_lock() {
  const auto mode = static_cast<StatusPipe>(g_mode.load());
  if (mode == StatusPipe::kTwoStep) {  // two-step pipes: one spawn at a time
    g_fork_lock.lock();
    return {true, true};
  }
  LockGuard g(g_forking_mu);
  if (g_forking == 0) {
    g_fork_lock.lock();  // the first spawn takes the real write lock for all of them
  } else if (g_fork_lock.has_waiting_readers()) {
    // A reader waits behind the spawns in progress: let it in before this spawn joins. Taking
    // and dropping the read side blocks until the current share is released and the reader
    // has had its turn.
    g_forking_mu.unlock();
    g_fork_lock.read_lock();
    g_fork_lock.read_unlock();
    g_forking_mu.lock();
    if (g_forking == 0) g_fork_lock.lock();
  }
  ++g_forking;
  return {false, mode == StatusPipe::kTwoStepShared};
}

void release_fork_lock(ForkLockHold hold) {
  if (hold.serialized) {
    g_fork_lock.unlock();
    return;
  }
  LockGuard g(g_forking_mu);
  if (g_forking <= 0) {
    println(2, "keel: release_fork_lock: released more often than acquired; the ForkLock is broken");
    sys::exit_group(2);
  }
  if (--g_forking == 0) g_fork_lock.unlock();
}

void set_status_pipe(StatusPipe mode) { g_mode.store(static_cast<int>(mode)); }

}  // namespace rt
}  // namespace keel

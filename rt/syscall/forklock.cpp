// rt/syscall/forklock.h.
#include "rt/syscall/forklock.h"

#include "rt/print.h"

namespace keel {
namespace {

RwLock g_fork_lock;
Mutex g_forking_mu;      // guards g_forking
long g_forking = 0;      // spawns holding the shared conceptual write lock
Atomic<bool> g_two_step{false};

}  // namespace

RwLock& fork_lock() { return g_fork_lock; }

namespace rt {

bool acquire_fork_lock() {
  if (g_two_step.load()) {  // two-step pipes: one spawn at a time
    g_fork_lock.lock();
    return true;
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
  return false;
}

void release_fork_lock(bool serialized) {
  if (serialized) {
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

void set_two_step_status_pipe(bool on) { g_two_step.store(on); }
bool two_step_status_pipe() { return g_two_step.load(); }

}  // namespace rt
}  // namespace keel

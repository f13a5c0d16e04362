// The end of a thread: exit, join, detach (rt/threads/thread.h, property 2).
#include "rt/signal.h"
#include "rt/threads/internal.h"
#include "sys/clone.h"

namespace keel::threads {

using namespace internal;

[[noreturn]] void exit(void* result) {
  Thread* self = current();
  // Wait for the lock with signals open: an all-threads call in progress holds it and needs
  // this thread to answer (it is parked in rt::park, or takes the signal).
  list_lock().lock();
  // From here no handler may run: the thread is leaving the list, and a detached one is about
  // to lose its stack. Pending signals directed at this thread die with it.
  (void)rt::block_all_signals();
  unlink(self);
  self->result = result;
  if (!self->map) {  // the main thread: the kernel keeps it as a zombie until the last one ends
    note_main_exit();
    sys::exit_thread(0);
  }
  uint32_t s = kJoinable;
  if (self->state.compare_exchange(s, kExited, Order::acq_rel)) {
    rt::unpark(self->state, 1);  // the joiner, if waiting; it frees the stack
    sys::exit_thread(0);         // still holding the lock: the kernel releases it
  }
  // Detached: the stack goes to the cache (reused only by a lock holder, so after our death)
  // or back to the kernel; the same holds for the TLS record's resources.
  sys::release_clone_tls(self->clone_tls);
  if (stack_cache_put(self->map, self->map_size)) sys::exit_thread(0);
  keel_unmap_exit(self->map, self->map_size);
}

Result<void*> join(Thread* t) {
  if (!t) return Errno::EINVAL;
  if (t == current()) return Errno::EDEADLK;
  if (t->claimed.exchange(1) != 0) return Errno::EINVAL;
  uint32_t s;
  while ((s = t->state.load(Order::acquire)) == kJoinable) (void)rt::park(t->state, kJoinable);
  void* result = t->result;
  stack_free(t);  // takes the lock: the thread is gone (property 2)
  return result;
}

Result<void> detach(Thread* t) {
  if (!t) return Errno::EINVAL;
  if (t->claimed.exchange(1) != 0) return Errno::EINVAL;
  uint32_t s = kJoinable;
  if (t->state.compare_exchange(s, kDetached, Order::acq_rel)) return {};
  stack_free(t);  // it had already ended: free it now
  return {};
}

}  // namespace keel::threads

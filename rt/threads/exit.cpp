// The end of a thread: exit, join, detach (rt/threads/thread.h, properties 2 and 4).
#include "rt/signal.h"
#include "rt/threads/internal.h"
#include "sys/clone.h"

namespace keel::threads {

using namespace internal;

void internal::await_death(Thread* t) {
  // The kernel's CHILD_CLEARTID wake is a process-shared futex wake: park shared.
  for (uint32_t tid; (tid = t->tid.load(Order::acquire)) != 0;) (void)rt::park(t->tid, tid, true);
}

[[noreturn]] void exit(void* result) {
  Thread* self = current();
  // Wait for the lock with signals open: an all-threads call in progress holds it and needs
  // this thread to answer (it is parked in rt::park, or takes the signal).
  list_lock().lock();
  // Property 6: once out of the list, no handler runs here (none could make an all-threads
  // call from an unlisted thread, or answer one it is not counted in). Signals directed at
  // this thread die with it.
  (void)rt::block_all_signals();
  unlink(self);  // property 2: from here on no all-threads call expects us
  self->result = result;
  if (!self->map) {  // the main thread: the kernel keeps it as a zombie until the last one ends
    note_main_exit();
    list_lock().unlock();
    sys::exit_thread(0);
  }
  uint32_t s = kJoinable;
  if (self->state.compare_exchange(s, kExited, Order::acq_rel)) {
    list_lock().unlock();
    sys::exit_thread(0);  // the kernel zeroes our tid word and wakes the joiner (property 4)
  }
  // Detached: the stack is about to be given away (signals are blocked already).
  sys::release_clone_tls(self->clone_tls);
  if (stack_cache_put(self)) {  // reused only once the kernel has zeroed our tid word
    list_lock().unlock();
    sys::exit_thread(0);
  }
  list_lock().unlock();
  (void)sys::raw(nr::set_tid_address, nullptr);  // the word goes with the mapping: clear nothing
  keel_unmap_exit(self->map, self->map_size);
}

Result<void*> join(Thread* t) {
  if (!t) return Errno::EINVAL;
  if (t == current()) return Errno::EDEADLK;
  if (t->claimed.exchange(1) != 0) return Errno::EINVAL;
  await_death(t);
  void* result = t->result;
  stack_free(t);
  return result;
}

Result<void> detach(Thread* t) {
  if (!t) return Errno::EINVAL;
  if (t->claimed.exchange(1) != 0) return Errno::EINVAL;
  uint32_t s = kJoinable;
  if (t->state.compare_exchange(s, kDetached, Order::acq_rel)) return {};
  await_death(t);  // it had already left the list: free it once it is gone
  stack_free(t);
  return {};
}

}  // namespace keel::threads

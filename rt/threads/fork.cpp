// threads::fork (rt/threads/thread.h).
#include "rt/threads/internal.h"

extern "C" void keel_tasks_after_fork() __attribute__((weak));       // rt/syscall/tasks.cpp
extern "C" void keel_allthreads_after_fork() __attribute__((weak));  // rt/syscall/allthreads.cpp

namespace keel::threads {

using namespace internal;

Result<int> fork() {
  Thread* self = current();
  list_lock().lock();
  Result<int> pid = sys::fork(sys::SIGCHLD);
  if (!pid || pid.value() != 0) {
    list_lock().unlock();
    return pid;
  }
  // The child: one thread, the caller, under a new tid; the lock is ours in this copy.
  reset_list(self, static_cast<uint32_t>(sys::raw(nr::set_tid_address, self->tid.address())));
  stack_cache_after_fork();  // cached stacks of threads that were dying: nobody is on them here
  list_lock().unlock();
  if (keel_tasks_after_fork) keel_tasks_after_fork();
  if (keel_allthreads_after_fork) keel_allthreads_after_fork();
  return 0;
}

}  // namespace keel::threads

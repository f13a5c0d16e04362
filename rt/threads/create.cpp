// threads::create: a new thread on a stack of its own (rt/threads/stack.cpp), in the list
// before it runs (thread.h, property 1).
#include "rt/signal.h"
#include "rt/threads/internal.h"
#include "sys/clone.h"

namespace keel::threads {
namespace {

using namespace internal;

// CLONE_VM..SYSVSEM: a thread of this process. QEMU accepts them only all together, with
// nothing beside them but the TLS and tid flags (research/qemu-matrix.md).
constexpr unsigned long kCloneFlags = sys::CLONE_VM | sys::CLONE_FS | sys::CLONE_FILES |
                                      sys::CLONE_SIGHAND | sys::CLONE_THREAD |
                                      sys::CLONE_SYSVSEM | sys::CLONE_SETTLS |
                                      sys::CLONE_PARENT_SETTID | sys::CLONE_CHILD_CLEARTID;

// The new thread's first keel code. It starts with every signal blocked (its creator blocked
// them around clone), so nothing runs on it before it knows who it is.
int entry(void* p) {
  auto* self = static_cast<Thread*>(p);
  t_self = self;                       // the reserved signal's handler finds its slot here
  self->parked.store(&rt::t_parked);   // rt/syscall may now wake it through its futex
  // Now signals arrive. The reserved one always: the creator may have had it blocked (inside a
  // handler whose mask held it, or by a raw call), and a thread must never start deaf to it.
  self->start_mask.del(kReservedSignal);
  rt::restore_signal_mask(self->start_mask);
  threads::exit(self->fn(self->arg));
}

}  // namespace

Result<Thread*> create(Fn fn, void* arg, const Attr& attr) {
  if (!fn || attr.stack_size < kMinStackSize) return Errno::EINVAL;
  LockGuard g(list_lock());  // property 1: held until the thread is listed and cloned
  Stack s;
  if (Result<void> r = stack_get(attr.stack_size, &s); !r) return r.error();
  Thread* t = s.thread;
  t->fn = fn;
  t->arg = arg;
  if (attr.detached) {
    t->state.store(kDetached, Order::relaxed);
    t->claimed.store(1, Order::relaxed);
  }
  auto* start = static_cast<sys::CloneStart*>(s.top) - 1;
  *start = {entry, t};
  // Block every signal across clone: the child inherits this mask and must not take a signal
  // before entry() has set it up; it restores the mask we had.
  t->start_mask = rt::block_all_signals();
  link(t);
  const unsigned long tls = arch::make_clone_tls(s.tp, t->clone_tls);
  long tid = keel_clone_thread(sys::clone_flags_for(kCloneFlags, t->clone_tls), start,
                               reinterpret_cast<int*>(t->tid.address()), tls,
                               reinterpret_cast<int*>(t->tid.address()));
  if (tid < 0) {
    unlink(t);
    sys::release_clone_tls(t->clone_tls);
    t->tid.store(0, Order::relaxed);  // never ran: nothing for the cache to wait for
    if (!stack_cache_put(t)) (void)sys::munmap(s.map, s.size);
    rt::restore_signal_mask(t->start_mask);
    return static_cast<Errno>(-tid);
  }
  t->tid.store(static_cast<uint32_t>(tid), Order::relaxed);
  rt::restore_signal_mask(t->start_mask);
  return t;
}

}  // namespace keel::threads

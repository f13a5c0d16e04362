// The thread list (rt/threads/thread.h, properties 1-4) and the main thread's entry.
#include "rt/threads/internal.h"
#include "rt/park.h"

namespace keel::threads {
namespace internal {

thread_local Thread* t_self = nullptr;

namespace {
ListLock g_lock;
Thread g_main;
Thread* g_first = nullptr;
Atomic<unsigned long> g_count{0};
Atomic<bool> g_main_exited{false};
}  // namespace

void link(Thread* t) {
  t->listed = true;
  t->prev = nullptr;
  t->next = g_first;
  if (g_first) g_first->prev = t;
  g_first = t;
  g_count.fetch_add(1, Order::relaxed);
}

void unlink(Thread* t) {
  t->listed = false;
  if (t->prev) t->prev->next = t->next;
  else g_first = t->next;
  if (t->next) t->next->prev = t->prev;
  g_count.fetch_sub(1, Order::relaxed);
}

void note_main_exit() { g_main_exited.store(true); }

void reset_list(Thread* only, uint32_t tid) {
  g_first = nullptr;
  g_count.store(0, Order::relaxed);
  g_main_exited.store(false);
  only->tid.store(tid);
  link(only);
}

}  // namespace internal

using namespace internal;

ListLock& list_lock() { return g_lock; }

void ListLock::lock() {
  m_.lock();
  owner_.store(t_self, Order::relaxed);
}

void ListLock::unlock() {
  owner_.store(nullptr, Order::relaxed);
  m_.unlock();
}
Thread* list_first() { return g_first; }
Thread* current() { return t_self; }
unsigned long count() { return g_count.load(Order::relaxed); }
bool main_thread_exited() { return g_main_exited.load(); }

}  // namespace keel::threads

// Property 5: called by start-up (rt/start.cpp) before any user code, in programs that link
// this file. set_tid_address makes the main thread's tid word its CHILD_CLEARTID word too
// (property 4) and returns its tid.
extern "C" void keel_threads_start() {
  using namespace keel::threads;
  using namespace keel::threads::internal;
  g_main.tid.store(static_cast<uint32_t>(
      keel::sys::raw(keel::nr::set_tid_address, g_main.tid.address())));
  g_main.state.store(kDetached);
  g_main.claimed.store(1);  // nobody joins the main thread
  g_main.parked.store(&keel::rt::t_parked);
  link(&g_main);
  t_self = &g_main;
}

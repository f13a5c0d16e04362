// rt/syscall/allthreads.h: the mechanism (properties 1-7 there).
#include "rt/syscall/allthreads.h"

#include "rt/park.h"
#include "rt/print.h"
#include "rt/signal.h"
#include "rt/syscall/tasks.h"
#include "rt/threads/thread.h"

namespace keel {
namespace {

using threads::Thread;

// The request in progress. Written by the caller under the list lock before `active` is set;
// read by the other threads after they see `active` (acquire).
struct Request {
  long nr = 0;
  long a[6] = {};
  Atomic<uint32_t> active{0};   // the request's sequence number while it runs, else 0
  Atomic<uint32_t> pending{0};  // threads yet to answer; the caller sleeps on this word
  uint32_t last = 0;            // the previous sequence number (under the list lock)
};
Request g_req;

int g_pid = 0;                // this process, for property 7
thread_local bool t_serving = false;  // inside serve(): a handler here must not make a call
constexpr long kNotRun = -4096;  // a slot's result before its thread answers: no syscall
                                 // returns it (errors are -1..-4095)
Atomic<uint64_t> g_calls{0}, g_by_futex{0}, g_by_signal{0};

long syscall6(long nr, const long (&a)[6]) { return sys::raw(nr, a[0], a[1], a[2], a[3], a[4], a[5]); }

// Runs the posted request on this thread if it has not yet (property 7). Called from the
// signal handler and from rt::park, on the thread itself.
bool serve(bool by_signal) {
  const uint32_t seq = g_req.active.load();  // seq_cst: rt/park.h property 1 pairs with it
  if (seq == 0) return false;
  Thread* self = threads::current();
  if (!self) return false;
  uint32_t prev = self->slot.taken.load(Order::relaxed);
  if (prev == seq) return false;
  // Claim this request, but only from the value read above: a handler that interrupted us
  // here may have run it, and a later request too (the compare fails then), so a stale `seq`
  // can never be claimed a second time.
  if (!self->slot.taken.compare_exchange(prev, seq, Order::acq_rel)) return false;
  t_serving = true;
  self->slot.result = syscall6(g_req.nr, g_req.a);
  t_serving = false;
  self->slot.served.fetch_add(1, Order::relaxed);
  (by_signal ? g_by_signal : g_by_futex).fetch_add(1, Order::relaxed);
  // Not parked any more as far as a poster knows (rt/park.h, property 4): until park() has
  // published its word again, the next request reaches us by signal, never by a wake of a
  // word we are not yet sleeping on.
  rt::t_parked.store(0, Order::relaxed);
  if (g_req.pending.fetch_sub(1, Order::acq_rel) == 1)
    (void)sys::futex(g_req.pending.address(), sys::FUTEX_WAKE | sys::FUTEX_PRIVATE_FLAG, 1);
  return true;
}

bool serve_parked() { return serve(false); }

void on_signal(int, sys::Siginfo* info, void*) {
  if (sys::si_code(*info) != sys::SI_TKILL || info->u.kill.pid != g_pid) return;  // not ours
  (void)serve(true);
}

// Who we are: at start-up, and in a forked child.
void learn_process() { g_pid = sys::getpid().value_or(0); }

void put_result(Writer& w, long r) {
  w.put(r);
  if (is_error_return(r)) w.put(" (").put(errno_name(static_cast<Errno>(-r))).put(")");
}

// Property 5.
[[noreturn]] void mismatch(const char* name, const Thread& t, long got, long want) {
  Writer w(2);
  w.put("keel: all-threads ").put(name).put(" (syscall ").put(g_req.nr).put(", arguments");
  for (long a : g_req.a) w.put(' ').put(Hex{static_cast<unsigned long>(a)});
  w.put(") results differ between threads: thread ").put(t.tid.load()).put(" got ");
  put_result(w, got);
  w.put(", the calling thread ").put(threads::current()->tid.load()).put(" got ");
  put_result(w, want);
  w.put("; the threads' state is now mixed, so the process ends\n");
  w.flush();
  sys::exit_group(2);
}

// Wakes the words of the parked threads that have not answered, once per word (many threads
// usually share one), and signals the others; with `signal_all`, signals every thread that
// has not answered. Property 4.
void reach(Thread* self, uint32_t seq, bool signal_all) {
  constexpr int kSeen = 16;
  unsigned long seen[kSeen];
  int nseen = 0;
  for (Thread* t = threads::list_first(); t; t = t->next) {
    if (t == self || t->slot.taken.load(Order::acquire) == seq) continue;
    Atomic<unsigned long>* parked = t->parked.load();
    unsigned long p = parked ? parked->load() : 0;
    if (!p || signal_all) {
      (void)sys::tgkill(g_pid, t->tid.load(Order::relaxed), kReservedSignal);
      continue;
    }
    bool dup = false;
    for (int i = 0; i < nseen && !dup; ++i) dup = seen[i] == p;
    if (dup) continue;
    if (nseen < kSeen) seen[nseen++] = p;
    (void)sys::futex(reinterpret_cast<void*>(p & ~1UL),
                     sys::FUTEX_WAKE | ((p & 1) ? 0 : sys::FUTEX_PRIVATE_FLAG), rt::kWakeAll);
  }
}

// Sleeps until every thread has answered (the last one wakes us). While answers stop coming:
// after 100 us, 200 us, ... the parked ones' words are woken again (a wake can miss a thread
// that was about to sleep, rt/park.h property 4); from 2 ms every thread still silent gets the
// signal; at 1 s each gets a line on stderr (property 6). The wait itself never ends early.
void await_answers(const char* name, Thread* self, uint32_t seq) {
  long slice_ns = 100 * 1000;
  long waited_ns = 0;
  bool signalled = false, warned = false;
  uint32_t last = g_req.pending.load(Order::acquire);
  for (;;) {
    uint32_t p = g_req.pending.load(Order::acquire);
    if (p == 0) return;
    sys::Timespec slice{0, slice_ns};
    Result<long> r = sys::futex(g_req.pending.address(), sys::FUTEX_WAIT | sys::FUTEX_PRIVATE_FLAG,
                                static_cast<int>(p), &slice);
    if (r.ok() || r.error() != Errno::ETIMEDOUT) continue;  // woken, or it moved: look again
    p = g_req.pending.load(Order::acquire);
    if (p == 0) return;
    waited_ns += slice_ns;
    if (p != last) {  // progress: only slower than one slice
      last = p;
      continue;
    }
    if (!signalled && waited_ns >= 2 * 1000 * 1000) {
      reach(self, seq, true);
      signalled = true;
      slice_ns = 100 * 1000 * 1000;
    } else if (!signalled) {
      reach(self, seq, false);
      slice_ns *= 2;
    }
    if (!warned && waited_ns >= 1000 * 1000 * 1000) {
      for (Thread* t = threads::list_first(); t; t = t->next)
        if (t != self && t->slot.taken.load(Order::acquire) != seq)
          println(2, "keel: all-threads ", name, ": thread ", t->tid.load(),
                  " has not answered after 1 s (is signal ", kReservedSignal,
                  " blocked in it, or is it stopped?); still waiting");
      warned = true;
    }
  }
}

}  // namespace

namespace rt {

Result<long> all_threads(const char* name, long nr, long a1, long a2, long a3, long a4, long a5,
                         long a6) {
  Thread* self = threads::current();
  // From a signal handler that interrupted this thread inside the list's bookkeeping or inside
  // its own answer to a request, the call would wait for itself.
  if (t_serving || threads::list_lock().held_by(self)) return Errno::EDEADLK;
  LockGuard g(threads::list_lock());  // property 1
  if (!self || !self->listed || !rt::await_no_unlisted_tasks()) return Errno::EOPNOTSUPP;  // 2
  const long a[6] = {a1, a2, a3, a4, a5, a6};
  const long mine = syscall6(nr, a);  // property 3
  if (is_error_return(mine) || threads::count() == 1) return Result<long>::from_raw(mine);

  g_req.nr = nr;
  for (int i = 0; i < 6; ++i) g_req.a[i] = a[i];
  uint32_t seq = g_req.last + 1;
  if (seq == 0) seq = 1;
  g_req.last = seq;
  self->slot.taken.store(seq, Order::relaxed);  // the caller never serves its own request
  for (Thread* t = threads::list_first(); t; t = t->next)  // property 5 must see a missing run
    if (t != self) t->slot.result = kNotRun;
  g_req.pending.store(static_cast<uint32_t>(threads::count() - 1), Order::relaxed);
  g_req.active.store(seq);  // seq_cst: park.h property 1 pairs with this
  g_calls.fetch_add(1, Order::relaxed);
  reach(self, seq, false);
  await_answers(name, self, seq);
  g_req.active.store(0, Order::release);

  for (Thread* t = threads::list_first(); t; t = t->next)  // property 5
    if (t != self && t->slot.result != mine) mismatch(name, *t, t->slot.result, mine);
  return Result<long>::from_raw(mine);
}

AllThreadsStats all_threads_stats() {
  return {g_calls.load(Order::relaxed), g_by_futex.load(Order::relaxed),
          g_by_signal.load(Order::relaxed)};
}

}  // namespace rt

Result<long> all_threads_syscall(long nr, long a1, long a2, long a3) {
  return rt::all_threads("syscall", nr, a1, a2, a3, 0, 0, 0);
}
Result<long> all_threads_syscall6(long nr, long a1, long a2, long a3, long a4, long a5, long a6) {
  return rt::all_threads("syscall6", nr, a1, a2, a3, a4, a5, a6);
}

}  // namespace keel

// Start-up (rt/start.cpp), after rt/threads has listed the main thread: remember who we are
// and how many tasks the process began with (property 2), install the reserved signal's
// handler and unblock it (a parent may have exec'd us with it blocked), and let parked
// threads serve requests.
extern "C" void keel_allthreads_start() {
  using namespace keel;
  learn_process();
  (void)rt::reserve_signal(on_signal);
  rt::set_park_service(serve_parked);
}

// threads::fork, in the child: a new pid, and a new count of tasks (under QEMU the emulator
// starts its helper again in the child).
extern "C" void keel_allthreads_after_fork() { keel::learn_process(); }

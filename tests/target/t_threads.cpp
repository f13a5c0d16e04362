// rt/threads and rt's waits and signals: create, join, detach, the list, stacks and TLS;
// mutex, condition variable, reader-writer lock, once, event; sigaction and the mask with
// keel's reserved signal kept back.
#include "tests/target/harness.h"

using namespace keel;
namespace s = keel::sys;

namespace {

thread_local int tl_value = 5;

struct Seen {
  threads::Thread* self = nullptr;
  int tid = 0;
  int tl = 0;
  void* arg = nullptr;
};

void* record(void* p) {
  auto* seen = static_cast<Seen*>(p);
  seen->self = threads::current();
  seen->tid = s::gettid().value_or(-1);
  seen->tl = tl_value;
  tl_value = 77;
  seen->arg = p;
  return reinterpret_cast<void*>(0x5eed);
}

void* nothing(void*) { return nullptr; }

// Counts the lines of /proc/self/maps: how many mappings the process has.
int mapping_count() {
  auto fd = s::open("/proc/self/maps", s::O_RDONLY | s::O_CLOEXEC);
  if (!fd) return -1;
  int lines = 0;
  char buf[4096];
  for (;;) {
    auto n = s::read(fd.value(), buf, sizeof buf);
    if (!n || n.value() == 0) break;
    for (long i = 0; i < n.value(); ++i) lines += buf[i] == '\n';
  }
  (void)s::close(fd.value());
  return lines;
}

void sleep_ms(long ms) {
  s::Timespec t{ms / 1000, (ms % 1000) * 1000000};
  (void)s::clock_nanosleep(s::CLOCK_MONOTONIC, 0, &t, nullptr);
}

// Waits (bounded) for the thread count to fall to n.
bool count_reaches(unsigned long n) {
  for (int i = 0; i < 2000 && threads::count() != n; ++i) sleep_ms(1);
  return threads::count() == n;
}

}  // namespace

KTEST(create_join_passes_arg_and_result) {
  tl_value = 9;
  Seen seen;
  auto th = threads::create(record, &seen);
  REQUIRE_OK(th);
  auto r = threads::join(th.value());
  REQUIRE_OK(r);
  CHECK_EQ(r.value(), reinterpret_cast<void*>(0x5eed));
  CHECK_EQ(seen.arg, static_cast<void*>(&seen));
  CHECK(seen.self == th.value());     // current() inside the thread is its own record
  CHECK(seen.tid > 0 && seen.tid != s::getpid().value());
  CHECK_EQ(seen.tl, 5);               // a fresh copy of the TLS image
  CHECK_EQ(tl_value, 9);              // ours untouched
  CHECK_EQ(threads::count(), 1UL);
  CHECK(threads::current() != nullptr);
  CHECK_EQ(static_cast<int>(threads::current()->tid.load()), s::gettid().value());
}

KTEST(many_threads_and_the_list) {
  constexpr int kN = 64;
  threads::Thread* th[kN];
  int tids[kN];
  Seen seen[kN];
  static Event go;
  for (int i = 0; i < kN; ++i) {
    auto r = threads::create([](void* p) -> void* {
      go.wait();  // alive until the tids are read: the kernel zeroes the word at death
      return record(p);
    }, &seen[i]);
    REQUIRE_OK(r);
    th[i] = r.value();
    tids[i] = static_cast<int>(th[i]->tid.load());
  }
  // Every created thread is in the list with its tid, and appears once.
  int listed = 0, main_seen = 0;
  threads::for_each([&](threads::Thread& x) {
    ++listed;
    if (&x == threads::current()) ++main_seen;
  });
  CHECK_EQ(listed, kN + 1);
  CHECK_EQ(main_seen, 1);
  go.set();
  for (int i = 0; i < kN; ++i) REQUIRE_OK(threads::join(th[i]));
  for (int i = 0; i < kN; ++i) {
    CHECK_EQ(seen[i].tid, tids[i]);
    for (int j = 0; j < i; ++j) CHECK(seen[i].tid != seen[j].tid);
  }
  CHECK_EQ(threads::count(), 1UL);
}

KTEST(detached_threads_free_their_stacks) {
  int before = mapping_count();
  CHECK(before > 0);
  threads::Attr a;
  a.detached = true;
  for (int round = 0; round < 5; ++round) {
    for (int i = 0; i < 20; ++i) REQUIRE_OK(threads::create(nothing, nullptr, a));
    CHECK(count_reaches(1));
  }
  // At most the stack cache (16 mappings of two parts each: guard and stack) stays.
  int after = mapping_count();
  CHECK(after <= before + 2 * 16 + 2);
  // Detaching a running thread and a finished one.
  Event go;
  auto wait_go = [](void* p) -> void* {
    static_cast<Event*>(p)->wait();
    return nullptr;
  };
  auto running = threads::create(wait_go, &go);
  REQUIRE_OK(running);
  auto finished = threads::create(nothing, nullptr);
  REQUIRE_OK(finished);
  for (int i = 0; i < 2000 && finished.value()->state.load() != 2; ++i) sleep_ms(1);
  REQUIRE_OK(threads::detach(running.value()));
  REQUIRE_OK(threads::detach(finished.value()));
  go.set();
  CHECK(count_reaches(1));
}

KTEST(join_and_detach_refuse_misuse) {
  CHECK_ERR(threads::join(threads::current()), Errno::EDEADLK);
  CHECK_ERR(threads::join(nullptr), Errno::EINVAL);
  auto th = threads::create(nothing, nullptr);
  REQUIRE_OK(th);
  REQUIRE_OK(threads::join(th.value()));
  threads::Attr a;
  a.detached = true;
  Event go;
  auto d = threads::create([](void* p) -> void* { static_cast<Event*>(p)->wait(); return nullptr; }, &go, a);
  REQUIRE_OK(d);
  CHECK_ERR(threads::join(d.value()), Errno::EINVAL);    // detached
  CHECK_ERR(threads::detach(d.value()), Errno::EINVAL);  // twice
  go.set();
  CHECK(count_reaches(1));
}

KTEST(create_refuses_bad_input_and_leaves_nothing) {
  int maps = mapping_count();
  CHECK_ERR(threads::create(nullptr, nullptr), Errno::EINVAL);
  threads::Attr small;
  small.stack_size = 1024;
  CHECK_ERR(threads::create(nothing, nullptr, small), Errno::EINVAL);
  // A stack larger than the address space: mmap refuses it.
  threads::Attr huge;
  huge.stack_size = ~0UL - (1UL << 20);
  CHECK_ERR(threads::create(nothing, nullptr, huge), Errno::ENOMEM);
  huge.stack_size = sizeof(long) == 8 ? (1UL << 52) : 0xf0000000UL;
  CHECK_ERR(threads::create(nothing, nullptr, huge), Errno::ENOMEM);
  CHECK_EQ(threads::count(), 1UL);
  CHECK_EQ(mapping_count(), maps);
}

KTEST(stack_size_is_honoured) {
  threads::Attr a;
  a.stack_size = 1024 * 1024;
  auto th = threads::create(
      [](void*) -> void* {
        // Touch 900 KiB of stack; with the default 256 KiB this would hit the guard page.
        volatile char big[900 * 1024];
        for (unsigned long i = 0; i < sizeof big; i += 4096) big[i] = static_cast<char>(i);
        return reinterpret_cast<void*>(static_cast<unsigned long>(big[4096]));
      },
      nullptr, a);
  REQUIRE_OK(th);
  auto r = threads::join(th.value());
  REQUIRE_OK(r);
  CHECK_EQ(r.value(), reinterpret_cast<void*>(static_cast<unsigned long>(static_cast<char>(4096))));
}

KTEST(thread_exit_returns_its_value) {
  auto th = threads::create([](void*) -> void* { threads::exit(reinterpret_cast<void*>(42)); }, nullptr);
  REQUIRE_OK(th);
  auto r = threads::join(th.value());
  REQUIRE_OK(r);
  CHECK_EQ(r.value(), reinterpret_cast<void*>(42));
}

namespace {

struct Queue {
  Mutex m;
  CondVar cv;
  int items[64];
  int n = 0, taken = 0, sum = 0;
  bool done = false;
};

void* consume(void* p) {
  auto* q = static_cast<Queue*>(p);
  LockGuard g(q->m);
  for (;;) {
    while (q->n == 0 && !q->done) q->cv.wait(q->m);
    if (q->n == 0) return nullptr;
    q->sum += q->items[--q->n];
    ++q->taken;
  }
}

}  // namespace

KTEST(mutex_and_condvar_hand_over_every_item) {
  Queue q;
  threads::Thread* c[4];
  for (auto& x : c) {
    auto r = threads::create(consume, &q);
    REQUIRE_OK(r);
    x = r.value();
  }
  int want = 0;
  for (int i = 1; i <= 2000; ++i) {
    for (;;) {
      LockGuard g(q.m);
      if (q.n < 64) {
        q.items[q.n++] = i;
        want += i;
        q.cv.signal();
        break;
      }
    }
  }
  {
    LockGuard g(q.m);
    q.done = true;
    q.cv.broadcast();
  }
  for (auto* x : c) REQUIRE_OK(threads::join(x));
  CHECK_EQ(q.taken, 2000);
  CHECK_EQ(q.sum, want);
}

KTEST(condvar_wait_until_times_out) {
  Mutex m;
  CondVar cv;
  LockGuard g(m);
  s::Timespec d = rt::deadline_after(20 * 1000 * 1000);
  CHECK(!cv.wait_until(m, &d));
}

KTEST(rwlock_readers_share_writers_exclude) {
  struct Shared {
    RwLock l;
    Atomic<int> readers{0}, max_readers{0}, writers{0};
    bool bad = false;
    long value = 0;
  } sh;
  auto reader = [](void* p) -> void* {
    auto* x = static_cast<Shared*>(p);
    for (int i = 0; i < 200; ++i) {
      x->l.read_lock();
      int r = x->readers.fetch_add(1) + 1;
      int m = x->max_readers.load();
      while (r > m && !x->max_readers.compare_exchange(m, r)) {}
      if (x->writers.load() != 0) x->bad = true;
      (void)s::getppid();
      x->readers.fetch_sub(1);
      x->l.read_unlock();
    }
    return nullptr;
  };
  auto writer = [](void* p) -> void* {
    auto* x = static_cast<Shared*>(p);
    for (int i = 0; i < 200; ++i) {
      x->l.lock();
      if (x->writers.fetch_add(1) != 0 || x->readers.load() != 0) x->bad = true;
      long v = x->value;
      (void)s::getppid();
      x->value = v + 1;
      x->writers.fetch_sub(1);
      x->l.unlock();
    }
    return nullptr;
  };
  threads::Thread* th[6];
  for (int i = 0; i < 6; ++i) {
    auto r = threads::create(i < 4 ? +reader : +writer, &sh);
    REQUIRE_OK(r);
    th[i] = r.value();
  }
  for (auto* x : th) REQUIRE_OK(threads::join(x));
  CHECK(!sh.bad);
  CHECK_EQ(sh.value, 400L);
}

KTEST(rwlock_reports_a_waiting_reader) {
  struct Shared {
    RwLock l;
    Event got;
  } sh;
  sh.l.lock();
  CHECK(!sh.l.has_waiting_readers());
  auto th = threads::create([](void* p) -> void* {
    auto* x = static_cast<Shared*>(p);
    x->l.read_lock();
    x->got.set();
    x->l.read_unlock();
    return nullptr;
  }, &sh);
  REQUIRE_OK(th);
  for (int i = 0; i < 2000 && !sh.l.has_waiting_readers(); ++i) sleep_ms(1);
  CHECK(sh.l.has_waiting_readers());
  CHECK(!sh.got.is_set());
  sh.l.unlock();
  REQUIRE_OK(threads::join(th.value()));
  CHECK(sh.got.is_set());
  CHECK(!sh.l.has_waiting_readers());
}

KTEST(once_runs_exactly_once) {
  struct Shared {
    Once once;
    Atomic<int> runs{0};
    Atomic<int> saw_done{0};
  } sh;
  auto f = [](void* p) -> void* {
    auto* x = static_cast<Shared*>(p);
    x->once.call([x] {
      sleep_ms(5);
      x->runs.fetch_add(1);
    });
    if (x->runs.load() == 1) x->saw_done.fetch_add(1);  // nobody returns before it ran
    return nullptr;
  };
  threads::Thread* th[8];
  for (auto& x : th) {
    auto r = threads::create(f, &sh);
    REQUIRE_OK(r);
    x = r.value();
  }
  for (auto* x : th) REQUIRE_OK(threads::join(x));
  CHECK_EQ(sh.runs.load(), 1);
  CHECK_EQ(sh.saw_done.load(), 8);
  CHECK(sh.once.done());
}

KTEST(event_releases_every_waiter_and_times_out) {
  Event e;
  s::Timespec d = rt::deadline_after(10 * 1000 * 1000);
  CHECK(!e.wait_until(&d));
  threads::Thread* th[4];
  for (auto& x : th) {
    auto r = threads::create([](void* p) -> void* { static_cast<Event*>(p)->wait(); return p; }, &e);
    REQUIRE_OK(r);
    x = r.value();
  }
  sleep_ms(5);
  e.set();
  for (auto* x : th) REQUIRE_OK(threads::join(x));
  CHECK(e.is_set());
  CHECK(e.wait_until(&d));  // already set: at once, whatever the deadline
}

namespace {
Atomic<int> g_usr1{0};
Atomic<int> g_usr1_code{0};
Atomic<int> g_usr1_mask_ok{0};
void on_usr1(int sig, s::Siginfo* info, void*) {
  if (sig == s::SIGUSR1) g_usr1.fetch_add(1);
  g_usr1_code.store(s::si_code(*info));
  // While the handler runs: its own signal and the action's mask (SIGUSR2) are blocked, and
  // nothing else the test did not ask for.
  SigSet now;
  if (sigprocmask(s::SIG_BLOCK, nullptr, &now).ok())
    g_usr1_mask_ok.store(now.has(s::SIGUSR1) && now.has(s::SIGUSR2) && !now.has(s::SIGTERM) &&
                         !now.has(s::SIGALRM) && !now.has(s::SIGHUP));
}
}  // namespace

KTEST(sigaction_installs_and_reports_handlers) {
  SigAction a = SigAction::handle(on_usr1, s::SA_RESTART, SigSet::none().add(s::SIGUSR2));
  SigAction old;
  REQUIRE_OK(sigaction(s::SIGUSR1, &a, &old));
  CHECK(old.kind == SigAction::Kind::kDefault);
  REQUIRE_OK(s::tgkill(s::getpid().value(), s::gettid().value(), s::SIGUSR1));
  CHECK_EQ(g_usr1.load(), 1);  // delivered before tgkill returned: it targets this thread
  CHECK_EQ(g_usr1_code.load(), s::SI_TKILL);
  CHECK_EQ(g_usr1_mask_ok.load(), 1);
  SigAction now;
  REQUIRE_OK(sigaction(s::SIGUSR1, nullptr, &now));
  CHECK(now.kind == SigAction::Kind::kHandler);
  CHECK(now.handler == &on_usr1);
  CHECK((now.flags & s::SA_RESTART) != 0);
  CHECK(now.mask.has(s::SIGUSR2));
  CHECK(!now.mask.has(s::SIGTERM));
  SigAction dfl = SigAction::deflt();
  REQUIRE_OK(sigaction(s::SIGUSR1, &dfl, nullptr));
}

KTEST(sigaction_refuses_the_reserved_signal_and_bad_input) {
  SigAction h = SigAction::handle(on_usr1);
  SigAction ign = SigAction::ignore();
  SigAction dfl = SigAction::deflt();
  CHECK_ERR(sigaction(kReservedSignal, &h, nullptr), Errno::EINVAL);
  CHECK_ERR(sigaction(kReservedSignal, &ign, nullptr), Errno::EINVAL);
  CHECK_ERR(sigaction(kReservedSignal, &dfl, nullptr), Errno::EINVAL);
  SigAction old;
  REQUIRE_OK(sigaction(kReservedSignal, nullptr, &old));  // reading it is fine
  CHECK_ERR(sigaction(0, &h, nullptr), Errno::EINVAL);
  CHECK_ERR(sigaction(s::_NSIG + 1, &h, nullptr), Errno::EINVAL);
  CHECK_ERR(sigaction(s::SIGKILL, &h, nullptr), Errno::EINVAL);
  SigAction odd = SigAction::handle(on_usr1, 0x400);  // not an SA_ flag keel passes on
  CHECK_ERR(sigaction(s::SIGUSR2, &odd, nullptr), Errno::EINVAL);
  SigAction null_handler = SigAction::handle(nullptr);
  CHECK_ERR(sigaction(s::SIGUSR2, &null_handler, nullptr), Errno::EINVAL);
}

KTEST(sigprocmask_never_blocks_the_reserved_signal) {
  SigSet old;
  SigSet all = SigSet::all();
  REQUIRE_OK(sigprocmask(s::SIG_BLOCK, &all, &old));
  SigSet now;
  REQUIRE_OK(sigprocmask(s::SIG_BLOCK, nullptr, &now));
  CHECK(now.has(s::SIGUSR1));
  CHECK(!now.has(kReservedSignal));
  SigSet just = SigSet::none().add(kReservedSignal);
  REQUIRE_OK(sigprocmask(s::SIG_SETMASK, &just, nullptr));
  REQUIRE_OK(sigprocmask(s::SIG_BLOCK, nullptr, &now));
  CHECK(!now.has(kReservedSignal));
  CHECK_ERR(sigprocmask(99, &all, nullptr), Errno::EINVAL);
  REQUIRE_OK(sigprocmask(s::SIG_SETMASK, &old, nullptr));
}

namespace {
Atomic<int> g_mask_probe{-1};
void probe_mask(int, s::Siginfo*, void*) {
  SigSet now;
  if (sigprocmask(s::SIG_BLOCK, nullptr, &now).ok()) g_mask_probe.store(now.has(kReservedSignal) ? 1 : 0);
}
}  // namespace

// A handler whose mask is "everything" still leaves keel's signal open while it runs, and a
// thread created inside it starts with the signal open.
KTEST(a_handlers_mask_never_holds_the_reserved_signal) {
  SigAction a = SigAction::handle(probe_mask, 0, SigSet::all());
  SigAction old;
  REQUIRE_OK(sigaction(s::SIGUSR2, &a, &old));
  REQUIRE_OK(s::tgkill(s::getpid().value(), s::gettid().value(), s::SIGUSR2));
  CHECK_EQ(g_mask_probe.load(), 0);
  SigAction back;
  REQUIRE_OK(sigaction(s::SIGUSR2, nullptr, &back));
  CHECK(!back.mask.has(kReservedSignal));
  CHECK(back.mask.has(s::SIGTERM));
  REQUIRE_OK(sigaction(s::SIGUSR2, &old, nullptr));
  // A thread whose creator has the signal blocked (by a raw call) starts with it open.
  s::KSigset set{};
  set.add(kReservedSignal);
  REQUIRE_OK(s::rt_sigprocmask(s::SIG_BLOCK, &set, nullptr));
  auto th = threads::create([](void*) -> void* {
    SigSet now;
    (void)sigprocmask(s::SIG_BLOCK, nullptr, &now);
    return reinterpret_cast<void*>(now.has(kReservedSignal) ? 1L : 0L);
  }, nullptr);
  REQUIRE_OK(s::rt_sigprocmask(s::SIG_UNBLOCK, &set, nullptr));
  REQUIRE_OK(th);
  auto r = threads::join(th.value());
  REQUIRE_OK(r);
  CHECK_EQ(r.value(), nullptr);
}

// Malformed or past deadlines end waits at once instead of spinning.
KTEST(bad_deadlines_end_waits_at_once) {
  s::Timespec bad{0, 2000000000};
  s::Timespec negative{0, -5};
  CHECK_ERR(sleep_until(bad), Errno::EINVAL);
  CHECK_ERR(sleep_until(negative), Errno::EINVAL);
  sleep_for(-999999999);  // now: returns
  Event e;
  CHECK(!e.wait_until(&bad));
  Mutex m;
  CondVar cv;
  LockGuard g(m);
  CHECK(!cv.wait_until(m, &bad));
  s::Timespec past = rt::deadline_after(-1000);
  CHECK(!cv.wait_until(m, &past));
}

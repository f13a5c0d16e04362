// The thread-creating clone trampoline of each architecture (arch/<arch>/clone.S) with the flag
// set rt/threads will use: the child runs on its own stack with its own TLS block, the kernel
// reports its tid through PARENT_SETTID and clears CHILD_CLEARTID (waking a futex) at exit.
#include "rt/tls.h"
#include "sys/clone.h"
#include "tests/target/harness.h"

using namespace keel;
namespace s = keel::sys;

namespace {

thread_local int tl_value = 5;

struct Report {
  int tid = 0;
  int tl_seen = 0;
  unsigned long tp = 0;
  unsigned long arg_check = 0;
};

int child(void* p) {
  auto* r = static_cast<Report*>(p);
  r->tid = s::gettid().value_or(-1);
  r->tl_seen = tl_value;  // a fresh copy of the TLS image, not the parent's
  tl_value = 1000 + r->tid;
  r->tp = arch::thread_pointer();
  r->arg_check = 0x600dcafe;
  return 0;
}

constexpr unsigned long kStack = 64 * 1024;

struct Thread {
  void* stack = nullptr;
  void* tls = nullptr;
  unsigned long tp = 0;
  arch::CloneTls tls_arg{};
  int ptid = 0;
  int ctid = -1;  // the kernel sets it to 0 at exit (CHILD_CLEARTID) and wakes waiters
  long tid = 0;
};

bool start(Thread& th, s::ThreadFn fn, void* arg) {
  auto st = pages_alloc(kStack);
  auto tl = pages_alloc(rt::tls_area_size());
  if (!st || !tl) return false;
  th.stack = st.value();
  th.tls = tl.value();
  th.tp = rt::tls_init_area(th.tls);
  auto* top = reinterpret_cast<s::CloneStart*>(static_cast<char*>(th.stack) + kStack -
                                               sizeof(s::CloneStart) - 16);
  top = reinterpret_cast<s::CloneStart*>(reinterpret_cast<unsigned long>(top) & ~15UL);
  *top = {fn, arg};
  const unsigned long flags = s::CLONE_VM | s::CLONE_FS | s::CLONE_FILES | s::CLONE_SIGHAND |
                              s::CLONE_THREAD | s::CLONE_SYSVSEM | s::CLONE_SETTLS |
                              s::CLONE_PARENT_SETTID | s::CLONE_CHILD_CLEARTID;
  const unsigned long tls = arch::make_clone_tls(th.tp, th.tls_arg);
  th.tid = keel_clone_thread(s::clone_flags_for(flags, th.tls_arg), top, &th.ptid, tls, &th.ctid);
  return th.tid > 0;
}

// Waits for CHILD_CLEARTID: the kernel's wake is a shared (not private) futex wake. Bounded,
// so a lost wake-up is a failure and not a hang.
bool join(Thread& th) {
  for (int i = 0; i < 100; ++i) {
    int v = __atomic_load_n(&th.ctid, __ATOMIC_ACQUIRE);
    if (v == 0) break;
    s::Timespec t{0, 100 * 1000 * 1000};
    (void)s::futex(&th.ctid, s::FUTEX_WAIT, v, &t);
  }
  bool done = __atomic_load_n(&th.ctid, __ATOMIC_ACQUIRE) == 0;
  if (done) {
    s::release_clone_tls(th.tls_arg);
    (void)pages_free(th.stack, kStack);
    (void)pages_free(th.tls, rt::tls_area_size());
  }
  return done;
}

}  // namespace

KTEST(thread_runs_with_own_stack_and_tls) {
  tl_value = 99;
  Report rep;
  Thread th;
  CHECK(start(th, child, &rep));
  if (th.tid <= 0) {
    t.fail(__FILE__, __LINE__, "clone: ", static_cast<Errno>(-th.tid));
    return;
  }
  CHECK(join(th));
  CHECK_EQ(th.ptid, static_cast<int>(th.tid));  // PARENT_SETTID (shared memory: we see it)
  CHECK_EQ(rep.tid, static_cast<int>(th.tid));
  CHECK(rep.tid != s::getpid().value());
  CHECK_EQ(rep.tl_seen, 5);
  CHECK_EQ(rep.tp, th.tp);
  CHECK_EQ(rep.arg_check, 0x600dcafeUL);
  CHECK_EQ(tl_value, 99);  // the parent's copy is untouched
}

KTEST(eight_threads_at_once) {
  constexpr int kN = 8;
  Report rep[kN];
  Thread th[kN];
  for (int i = 0; i < kN; ++i) CHECK(start(th[i], child, &rep[i]));
  for (int i = 0; i < kN; ++i) CHECK(join(th[i]));
  for (int i = 0; i < kN; ++i) {
    CHECK_EQ(rep[i].tid, static_cast<int>(th[i].tid));
    CHECK_EQ(rep[i].tl_seen, 5);
    for (int j = 0; j < i; ++j) CHECK(rep[i].tid != rep[j].tid);
  }
}

namespace {

struct Counter {
  Mutex mu;
  long value = 0;
  int rounds = 0;
};

int add_under_lock(void* p) {
  auto* c = static_cast<Counter*>(p);
  for (int i = 0; i < c->rounds; ++i) {
    LockGuard<Mutex> g(c->mu);
    long v = c->value;
    if ((i & 63) == 0) (void)s::getppid();  // hold the lock across a syscall now and then
    c->value = v + 1;
  }
  return 0;
}

}  // namespace

KTEST(futex_mutex_under_contention) {
  // Four threads and the main thread increment one counter under keel::Mutex; a lost update
  // would show as a short count.
  constexpr int kThreads = 4, kRounds = 2000;
  Counter c;
  c.rounds = kRounds;
  Thread th[kThreads];
  for (auto& x : th) CHECK(start(x, add_under_lock, &c));
  add_under_lock(&c);
  for (auto& x : th) CHECK(join(x));
  CHECK_EQ(c.value, long{(kThreads + 1) * kRounds});
}

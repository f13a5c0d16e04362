// rt/syscall's all-threads calls (rt/syscall/allthreads.h, properties 1-7) and the setuid
// family on top of them, with threads in every state a program puts them in: parked in each of
// keel's waits, blocked in foreign system calls, and running user code.
//
// Extra modes, for host-side checks (tests/host/allthreads_test.cpp):
//   --drop-and-wait   start threads, drop to uid/gid 65534, print pid and our tids, wait for
//                     stdin to end
//   --expect-blocked  only check that start-up found the reserved signal blocked by the
//                     parent and unblocked it, then run every test
#include "rt/tls.h"
#include "sys/clone.h"
#include "tests/target/util.h"

using namespace keel;
using namespace ktest;
namespace s = keel::sys;

namespace {

bool g_expect_blocked = false;

long keepcaps() { return s::prctl(s::PR_GET_KEEPCAPS).value_or(-1); }


// --- A crew: threads in each state, released together ------------------------------------

// kNap sleeps with keel::sleep_until (a keel wait); kSleep with a raw clock_nanosleep, which
// Linux ends with EINTR whenever a handler runs (rt/sleep.h), so it sleeps again until the
// deadline, as a program must.
enum Kind { kCondvar, kMutex, kJoin, kEvent, kNap, kRead, kFutex, kSleep, kSpin, kKinds };
const char* const kKindName[kKinds] = {"condvar", "mutex", "join",  "event", "nap",
                                       "read",    "futex", "sleep", "spin"};

struct Crew;
struct Member {
  Crew* crew = nullptr;
  Kind kind = kCondvar;
  threads::Thread* thread = nullptr;
  int tid = 0;
  long wait_result = 0;   // what the blocking call returned
  long keepcaps = -2;     // PR_GET_KEEPCAPS after release
  bool slept_enough = true;
  Atomic<int> started{0};
};

struct Crew {
  Mutex m;
  CondVar cv;
  bool go = false;
  Mutex held;                 // held by the test: kMutex members wait for it
  Event ev;
  threads::Thread* joinee = nullptr;  // a kEvent member that a kJoin member waits for
  Member joinee_member;
  int pipe[2] = {-1, -1};
  Atomic<uint32_t> fword{0};
  Atomic<bool> stop{false};
  static constexpr int kMax = 40;
  Member members[kMax];
  int n = 0;
  Atomic<int> join_count{0};
};

void* member_main(void* p) {
  auto* me = static_cast<Member*>(p);
  Crew* c = me->crew;
  me->tid = s::gettid().value_or(-1);
  me->started.store(1);
  switch (me->kind) {
    case kCondvar: {
      LockGuard g(c->m);
      while (!c->go) c->cv.wait(c->m);
      break;
    }
    case kMutex:
      c->held.lock();
      c->held.unlock();
      break;
    case kJoin:
      // Only one member may join the joinee; the others wait on the event as well.
      if (c->join_count.fetch_add(1) == 0) me->wait_result = threads::join(c->joinee).ok() ? 0 : -1;
      else c->ev.wait();
      break;
    case kEvent:
      c->ev.wait();
      break;
    case kRead: {
      char b;
      me->wait_result = s::raw(nr::read, c->pipe[0], &b, 1);  // raw: a foreign blocking call
      break;
    }
    case kFutex:
      while (c->fword.load() == 0) {
        long r = s::futex(c->fword.address(), s::FUTEX_WAIT, 0).raw();
        if (r != 0 && r != -static_cast<long>(Errno::EAGAIN)) me->wait_result = r;
      }
      break;
    case kNap:
    case kSleep:
      // Short sleeps until released, each checked to have lasted to its deadline.
      while (!c->stop.load()) {
        const s::Timespec until = rt::deadline_after(20 * 1000 * 1000);
        if (me->kind == kNap) {
          (void)sleep_until(until);
        } else {
          do me->wait_result = s::clock_nanosleep(s::CLOCK_MONOTONIC, s::TIMER_ABSTIME, &until, nullptr).raw();
          while (me->wait_result == -static_cast<long>(Errno::EINTR));
        }
        s::Timespec now{};
        (void)s::clock_gettime(s::CLOCK_MONOTONIC, &now);
        if (now.tv_sec < until.tv_sec || (now.tv_sec == until.tv_sec && now.tv_nsec < until.tv_nsec))
          me->slept_enough = false;
      }
      break;
    case kSpin: {
      volatile unsigned long x = 0;
      while (!c->stop.load(Order::relaxed)) x = x + 1;
      break;
    }
    default:
      break;
  }
  me->keepcaps = keepcaps();
  return nullptr;
}

// Starts `per_kind` members of each kind and waits until each has reached its wait.
bool crew_start(Crew& c, int per_kind) {
  if (!s::pipe2(c.pipe, s::O_CLOEXEC)) return false;
  c.held.lock();
  c.joinee_member.crew = &c;
  c.joinee_member.kind = kEvent;
  auto j = threads::create(member_main, &c.joinee_member);
  if (!j) return false;
  c.joinee = j.value();
  for (int k = 0; k < kKinds; ++k) {
    for (int i = 0; i < per_kind && c.n < Crew::kMax; ++i) {
      Member& m = c.members[c.n++];
      m.crew = &c;
      m.kind = static_cast<Kind>(k);
      auto r = threads::create(member_main, &m);
      if (!r) return false;
      m.thread = r.value();
    }
  }
  for (int i = 0; i < c.n; ++i)
    while (!c.members[i].started.load()) sleep_ms(1);
  sleep_ms(20);  // let them reach their waits
  return true;
}

// Releases every member and joins them.
void crew_finish(Crew& c) {
  {
    LockGuard g(c.m);
    c.go = true;
    c.cv.broadcast();
  }
  c.held.unlock();
  c.ev.set();
  for (int i = 0; i < c.n; ++i)
    if (c.members[i].kind == kRead) (void)s::write(c.pipe[1], "x", 1);
  c.fword.store(1);
  (void)s::futex(c.fword.address(), s::FUTEX_WAKE, 1 << 30);
  c.stop.store(true);
  for (int i = 0; i < c.n; ++i) (void)threads::join(c.members[i].thread);
  (void)s::close(c.pipe[0]);
  (void)s::close(c.pipe[1]);
}

// Each member's served count, read while it is still alive.
void served_counts(Crew& c, uint32_t* out) {
  for (int i = 0; i < c.n; ++i) out[i] = c.members[i].thread->slot.served.load();
}

}  // namespace

// Acceptance tests 27 and 35: every thread, whatever it is doing, runs every call exactly once,
// while threads start and end around the calls; the 3- and 6-argument forms.
KTEST(keepcaps_reaches_every_thread_exactly_once) {
  const long before = keepcaps();
  Crew c;
  if (!crew_start(c, 3)) SKIP("could not start the crew");
  uint32_t served0[Crew::kMax], served1[Crew::kMax];
  served_counts(c, served0);
  auto st0 = rt::all_threads_stats();
  constexpr int kRounds = 22;
  for (int j = 0; j < kRounds; ++j) {
    // Churn: one thread that ends at once (it may be listed or gone when the call runs), and
    // one that starts before the call and checks afterwards.
    threads::Attr det;
    det.detached = true;
    REQUIRE_OK(threads::create([](void*) -> void* { return nullptr; }, nullptr, det));
    struct Checker {
      Event go;
      long seen = -1;
    } chk;
    auto ct = threads::create([](void* p) -> void* {
      auto* x = static_cast<Checker*>(p);
      x->go.wait();
      x->seen = keepcaps();
      return nullptr;
    }, &chk);
    REQUIRE_OK(ct);
    const long v = j & 1;
    Result<long> r = j < kRounds / 2
        ? all_threads_syscall(nr::prctl, s::PR_SET_KEEPCAPS, v)
        : all_threads_syscall6(nr::prctl, s::PR_SET_KEEPCAPS, v, 0, 0, 0, 0);
    REQUIRE_OK(r);
    CHECK_EQ(keepcaps(), v);
    chk.go.set();
    REQUIRE_OK(threads::join(ct.value()));
    CHECK_EQ(chk.seen, v);
  }
  served_counts(c, served1);
  auto st1 = rt::all_threads_stats();
  for (int i = 0; i < c.n; ++i) {
    if (served1[i] - served0[i] != kRounds)
      t.fail(__FILE__, __LINE__, kKindName[c.members[i].kind], " thread ", c.members[i].tid,
             " ran ", served1[i] - served0[i], " requests, want ", kRounds);
  }
  CHECK_EQ(st1.calls - st0.calls, static_cast<uint64_t>(kRounds));
  CHECK(st1.by_futex > st0.by_futex);    // parked threads were reached without a signal
  CHECK(st1.by_signal > st0.by_signal);  // blocked and running ones through it
  crew_finish(c);
  for (int i = 0; i < c.n; ++i) {
    const Member& m = c.members[i];
    if (m.keepcaps != 1)
      t.fail(__FILE__, __LINE__, kKindName[m.kind], " thread ", m.tid, " has keepcaps ", m.keepcaps);
  }
  (void)s::prctl(s::PR_SET_KEEPCAPS, before);
}

// Acceptance test 28 and the "calls resume correctly afterwards": a read and a futex
// wait interrupted by the signal finish as if nothing had happened (SA_RESTART); keel's sleep
// is not interrupted at all, and a raw sleep that sleeps again reaches its deadline.
KTEST(blocked_calls_resume_after_the_calls) {
  Crew c;
  if (!crew_start(c, 1)) SKIP("could not start the crew");
  const int pid = s::getpid().value();
  for (int i = 0; i < 100; ++i) {
    Result<long> r = all_threads_syscall(nr::getpid);
    REQUIRE_OK(r);
    CHECK_EQ(r.value(), static_cast<long>(pid));
  }
  crew_finish(c);
  for (int i = 0; i < c.n; ++i) {
    const Member& m = c.members[i];
    if (m.kind == kRead) CHECK_EQ(m.wait_result, 1L);          // the byte, not EINTR
    if (m.kind == kFutex) CHECK_EQ(m.wait_result, 0L);         // woken, never EINTR
    if (m.kind == kSleep || m.kind == kNap) {
      CHECK_EQ(m.wait_result, 0L);
      CHECK(m.slept_enough);                                   // the whole sleep
    }
  }
}

// Acceptance test 29: an error on the calling thread comes back, and no other thread runs it.
KTEST(caller_error_is_returned_and_nobody_else_runs_it) {
  Crew c;
  if (!crew_start(c, 1)) SKIP("could not start the crew");
  uint32_t served0[Crew::kMax], served1[Crew::kMax];
  served_counts(c, served0);
  auto st0 = rt::all_threads_stats();
  CHECK_ERR(all_threads_syscall(nr::capget, 0, 0), Errno::EFAULT);
  CHECK_ERR(all_threads_syscall(nr::prctl, s::PR_SET_KEEPCAPS, 7), Errno::EINVAL);
  served_counts(c, served1);
  auto st1 = rt::all_threads_stats();
  CHECK_EQ(st1.calls, st0.calls);
  for (int i = 0; i < c.n; ++i) CHECK_EQ(served1[i], served0[i]);
  crew_finish(c);
}


// Acceptance test 30: results that differ between threads end the process, with a message.
KTEST(mismatch_ends_the_process_with_a_message) {
  char err[1024];
  int status = in_child([] {
    Event never;
    auto th = threads::create([](void* p) -> void* { static_cast<Event*>(p)->wait(); return nullptr; }, &never);
    if (!th) return 10;
    sleep_ms(10);
    (void)all_threads_syscall(nr::gettid);  // differs on every thread
    return 11;                              // must not be reached
  }, err, sizeof err);
  CHECK_EQ(status, 2);
  if (!contains(err, "results differ between threads") || !contains(err, "syscall"))
    t.fail(__FILE__, __LINE__, "message: ", err);
}

// Property 6: a thread that does not answer within a second is named on stderr, and the call
// still completes once it answers. Here a thread blocks the signal with a raw call (behind
// keel's back) and sleeps in a raw futex wait for 1.3 s before unblocking it.
KTEST(a_silent_thread_is_named_after_a_second) {
  char err[1024];
  int status = in_child([] {
    static Atomic<uint32_t> word{0};
    static Atomic<int> blocked{0};
    auto th = threads::create([](void*) -> void* {
      s::KSigset set{};
      set.add(kReservedSignal);
      (void)s::rt_sigprocmask(s::SIG_BLOCK, &set, nullptr);
      blocked.store(1);
      s::Timespec t{1, 300 * 1000 * 1000};
      (void)s::futex(word.address(), s::FUTEX_WAIT | s::FUTEX_PRIVATE_FLAG, 0, &t);
      (void)s::rt_sigprocmask(s::SIG_UNBLOCK, &set, nullptr);  // the pending request runs now
      return reinterpret_cast<void*>(keepcaps());
    }, nullptr);
    if (!th) return 10;
    while (!blocked.load()) sleep_ms(1);
    if (!all_threads_syscall(nr::prctl, s::PR_SET_KEEPCAPS, 1)) return 11;
    auto r = threads::join(th.value());
    if (!r || r.value() != reinterpret_cast<void*>(1L)) return 12;
    return 0;
  }, err, sizeof err);
  CHECK_EQ(status, 0);
  if (!contains(err, "has not answered after 1 s")) t.fail(__FILE__, __LINE__, "stderr: ", err);
}

namespace {
Atomic<long> g_from_handler{0};
void call_from_handler(int, s::Siginfo*, void*) {
  g_from_handler.store(all_threads_syscall(nr::getpid).raw());
}
}  // namespace

// Property 8: an all-threads call from a signal handler (setuid is async-signal-safe in
// POSIX) works when the handler did not interrupt keel's own bookkeeping.
KTEST(a_call_from_a_signal_handler_works) {
  Crew c;
  if (!crew_start(c, 1)) SKIP("could not start the crew");
  SigAction h = SigAction::handle(call_from_handler, s::SA_RESTART);
  SigAction old;
  REQUIRE_OK(sigaction(s::SIGUSR2, &h, &old));
  REQUIRE_OK(s::tgkill(s::getpid().value(), s::gettid().value(), s::SIGUSR2));
  CHECK_EQ(g_from_handler.load(), static_cast<long>(s::getpid().value()));
  (void)sigaction(s::SIGUSR2, &old, nullptr);
  crew_finish(c);
}

// The descriptor keel keeps on /proc/self/task is checked before use: a program that closed it
// and reused the number keeps its file, in a forked child too, and the calls still work.
KTEST(the_kept_descriptor_is_never_mistaken_for_the_programs) {
  REQUIRE_OK(all_threads_syscall(nr::getpid));  // makes sure keel holds it
  int keel_fd = -1;
  char link[128];
  for (int fd = 3; fd < 64 && keel_fd < 0; ++fd) {
    char path[32] = "/proc/self/fd/";
    int n = 14;
    if (fd >= 10) path[n++] = static_cast<char>('0' + fd / 10);
    path[n++] = static_cast<char>('0' + fd % 10);
    path[n] = 0;
    auto len = s::readlinkat(s::AT_FDCWD, path, link, sizeof link - 1);
    if (!len) continue;
    link[len.value()] = 0;
    if (contains(link, "/task")) keel_fd = fd;
  }
  if (keel_fd < 0) SKIP("no /proc/self/task descriptor found (no /proc?)");
  REQUIRE_OK(s::close(keel_fd));
  auto nul = s::open("/dev/null", s::O_RDONLY | s::O_CLOEXEC);
  REQUIRE_OK(nul);
  if (nul.value() != keel_fd) {
    REQUIRE_OK(s::dup3(nul.value(), keel_fd, s::O_CLOEXEC));
    (void)s::close(nul.value());
  }
  char err[256];
  int status = in_child([keel_fd] { return s::fcntl(keel_fd, s::F_GETFD).ok() ? 0 : 1; }, err, sizeof err);
  CHECK_EQ(status, 0);  // the child's copy of our /dev/null is still open
  REQUIRE_OK(all_threads_syscall(nr::getpid));
  CHECK(s::fcntl(keel_fd, s::F_GETFD).ok());  // and ours
  (void)s::close(keel_fd);
}

// Acceptance test 34: two callers at once; every thread ends on the same value.
KTEST(concurrent_callers_leave_every_thread_agreeing) {
  Crew c;
  if (!crew_start(c, 1)) SKIP("could not start the crew");
  struct Caller {
    long value;
    int errors = 0;
  } a{0}, b{1};
  auto loop = [](void* p) -> void* {
    auto* x = static_cast<Caller*>(p);
    for (int i = 0; i < 50; ++i)
      if (!all_threads_syscall(nr::prctl, s::PR_SET_KEEPCAPS, x->value)) ++x->errors;
    return nullptr;
  };
  auto ta = threads::create(loop, &a);
  auto tb = threads::create(loop, &b);
  REQUIRE_OK(ta);
  REQUIRE_OK(tb);
  REQUIRE_OK(threads::join(ta.value()));
  REQUIRE_OK(threads::join(tb.value()));
  CHECK_EQ(a.errors + b.errors, 0);
  const long final = keepcaps();
  crew_finish(c);
  for (int i = 0; i < c.n; ++i) CHECK_EQ(c.members[i].keepcaps, final);
  (void)s::prctl(s::PR_SET_KEEPCAPS, 0);
}

namespace {
Atomic<int> g_user_hits{0}, g_user_saw_reserved{0};
void user_handler(int sig, s::Siginfo*, void*) {
  if (sig == kReservedSignal) g_user_saw_reserved.fetch_add(1);
  else g_user_hits.fetch_add(1);
}
}  // namespace

// Acceptance test 33: the program's own handlers keep working and never see keel's signal.
KTEST(user_handlers_keep_working_and_never_see_the_reserved_signal) {
  SigAction h = SigAction::handle(user_handler, s::SA_RESTART);
  SigAction old1, old2, old3;
  REQUIRE_OK(sigaction(s::SIGUSR1, &h, &old1));
  REQUIRE_OK(sigaction(s::SIGRTMIN, &h, &old2));
  REQUIRE_OK(sigaction(kReservedSignal + 1, &h, &old3));
  Crew c;
  if (!crew_start(c, 1)) SKIP("could not start the crew");
  const int pid = s::getpid().value();
  int sent = 0;
  for (int i = 0; i < 101; ++i) {
    REQUIRE_OK(all_threads_syscall(nr::prctl, s::PR_SET_KEEPCAPS, i & 1));
    if (i % 10 == 0) {
      // To a blocked member and to ourselves.
      (void)s::tgkill(pid, c.members[i % c.n].tid, s::SIGUSR1);
      (void)s::tgkill(pid, s::gettid().value(), kReservedSignal + 1);
      sent += 2;
    }
  }
  for (int i = 0; i < 2000 && g_user_hits.load() < sent; ++i) sleep_ms(1);
  crew_finish(c);
  CHECK_EQ(g_user_hits.load(), sent);
  CHECK_EQ(g_user_saw_reserved.load(), 0);
  (void)sigaction(s::SIGUSR1, &old1, nullptr);
  (void)sigaction(s::SIGRTMIN, &old2, nullptr);
  (void)sigaction(kReservedSignal + 1, &old3, nullptr);
  (void)s::prctl(s::PR_SET_KEEPCAPS, 0);
}

// Property 7: the reserved signal from another process, or from inside with no request in
// progress, changes nothing.
KTEST(stray_reserved_signal_changes_nothing) {
  Crew c;
  if (!crew_start(c, 1)) SKIP("could not start the crew");
  uint32_t served0[Crew::kMax], served1[Crew::kMax];
  served_counts(c, served0);
  const int pid = s::getpid().value();
  int target = 0;
  for (int i = 0; i < c.n; ++i) if (c.members[i].kind == kRead) target = c.members[i].tid;
  char err[256];
  int status = in_child([pid, target] {
    for (int i = 0; i < 5; ++i)
      if (!s::tgkill(pid, target, kReservedSignal)) return 3;
    return 0;
  }, err, sizeof err);
  CHECK_EQ(status, 0);
  for (int i = 0; i < 3; ++i) (void)s::tgkill(pid, target, kReservedSignal);  // from inside
  sleep_ms(20);
  served_counts(c, served1);
  for (int i = 0; i < c.n; ++i) CHECK_EQ(served1[i], served0[i]);
  crew_finish(c);
  for (int i = 0; i < c.n; ++i)
    if (c.members[i].kind == kRead) CHECK_EQ(c.members[i].wait_result, 1L);  // still read its byte
}

namespace {
struct RawThread {
  alignas(16) char stack[64 * 1024];
  alignas(16) char tls[4096];
  int ctid = -1;
  int ptid = 0;
  Atomic<uint32_t> release{0};
};
int raw_main(void* p) {
  auto* r = static_cast<RawThread*>(p);
  while (r->release.load() == 0)
    (void)s::futex(r->release.address(), s::FUTEX_WAIT | s::FUTEX_PRIVATE_FLAG, 0);
  return 0;
}
}  // namespace

// A thread keel did not create: the call refuses (ENOTSUP) before anything changes.
KTEST(a_thread_keel_did_not_create_makes_calls_refuse) {
  static RawThread raw;
  if (rt::tls_area_size() > sizeof raw.tls) SKIP("TLS image larger than the test's block");
  const long before = keepcaps();
  unsigned long tp = rt::tls_init_area(raw.tls);
  auto* top = reinterpret_cast<s::CloneStart*>(raw.stack + sizeof raw.stack) - 1;
  *top = {raw_main, &raw};
  arch::CloneTls tls{};
  const unsigned long flags = s::CLONE_VM | s::CLONE_FS | s::CLONE_FILES | s::CLONE_SIGHAND |
                              s::CLONE_THREAD | s::CLONE_SYSVSEM | s::CLONE_SETTLS |
                              s::CLONE_PARENT_SETTID | s::CLONE_CHILD_CLEARTID;
  const unsigned long tls_arg = arch::make_clone_tls(tp, tls);
  long tid = keel_clone_thread(s::clone_flags_for(flags, tls), top, &raw.ptid, tls_arg, &raw.ctid);
  if (tid < 0) {
    t.fail(__FILE__, __LINE__, "raw clone: ", static_cast<Errno>(-tid));
    return;
  }
  CHECK_ERR(all_threads_syscall(nr::prctl, s::PR_SET_KEEPCAPS, before ? 0 : 1), Errno::EOPNOTSUPP);
  CHECK_EQ(keepcaps(), before);  // nothing changed, not even on the caller
  raw.release.store(1);
  (void)s::futex(raw.release.address(), s::FUTEX_WAKE | s::FUTEX_PRIVATE_FLAG, 1);
  for (int i = 0; i < 200 && __atomic_load_n(&raw.ctid, __ATOMIC_ACQUIRE) != 0; ++i) sleep_ms(5);
  CHECK_EQ(__atomic_load_n(&raw.ctid, __ATOMIC_ACQUIRE), 0);
  s::release_clone_tls(tls);
  // Gone again: the calls work.
  REQUIRE_OK(all_threads_syscall(nr::prctl, s::PR_SET_KEEPCAPS, before));
}

// Acceptance test 36: no false mismatch over many calls (ppc64le's r2, mips64le's a3: keel
// compares only the one word each stub returns).
KTEST(many_calls_never_mismatch) {
  Crew c;
  if (!crew_start(c, 1)) SKIP("could not start the crew");
  for (int i = 0; i < 1000; ++i) REQUIRE_OK(all_threads_syscall(nr::getppid));
  crew_finish(c);
}

// --- Credentials (root) ---------------------------------------------------------------------

namespace {

// The line of /proc/self/task/<tid>/status that starts with `key`, trailing blanks removed.
bool status_line(int tid, const char* key, char* out, unsigned long cap) {
  char path[64];
  char* p = path;
  const char* pre = "/proc/self/task/";
  while (*pre) *p++ = *pre++;
  char digits[16];
  int nd = 0;
  for (unsigned v = static_cast<unsigned>(tid); v || nd == 0; v /= 10) digits[nd++] = static_cast<char>('0' + v % 10);
  while (nd) *p++ = digits[--nd];
  const char* suf = "/status";
  while (*suf) *p++ = *suf++;
  *p = 0;
  auto fd = s::open(path, s::O_RDONLY | s::O_CLOEXEC);
  if (!fd) return false;
  char buf[4096];
  long got = 0;
  for (;;) {
    auto n = s::read(fd.value(), buf + got, sizeof buf - 1 - got);
    if (!n || n.value() == 0) break;
    got += n.value();
  }
  (void)s::close(fd.value());
  buf[got] = 0;
  unsigned long klen = keel::strlen(key);
  for (char* line = buf; *line;) {
    char* end = line;
    while (*end && *end != '\n') ++end;
    if (static_cast<unsigned long>(end - line) >= klen && keel::memcmp(line, key, klen) == 0) {
      char* e = end;
      while (e > line && (e[-1] == ' ' || e[-1] == '\t')) --e;
      unsigned long n = static_cast<unsigned long>(e - line);
      if (n >= cap) n = cap - 1;
      keel::memcpy(out, line, n);
      out[n] = 0;
      return true;
    }
    line = *end ? end + 1 : end;
  }
  return false;
}

// Every keel thread's line for `key` equals `want`; reports the first that does not.
bool every_thread_has(ktest::T& t, const char* key, const char* want, const char* what) {
  bool good = true;
  threads::for_each([&](threads::Thread& th) {
    char line[256];
    int tid = th.tid.load();
    if (!status_line(tid, key, line, sizeof line)) {
      t.fail(__FILE__, __LINE__, what, ": no ", key, " line for thread ", tid);
      good = false;
    } else if (!keel::streq(line, want)) {
      t.fail(__FILE__, __LINE__, what, ": thread ", tid, " has \"", line, "\", want \"", want, "\"");
      good = false;
    }
  });
  return good;
}

void churn() {
  auto th = threads::create([](void*) -> void* { return nullptr; }, nullptr);
  if (th) (void)threads::join(th.value());
}

}  // namespace

// Acceptance test 31: Go's TestSetuidEtc table, with thread churn before each call.
KTEST(setuid_family_changes_every_thread) {
  if (!is_root()) SKIP("needs root (run make check as root)");
  Crew c;
  if (!crew_start(c, 1)) SKIP("could not start the crew");
  static const uint32_t g0123[] = {0, 1, 2, 3};
  static const uint32_t g0[] = {0};
  struct Row {
    const char* name;
    Result<void> (*call)();
    const char* key;
    const char* want;
  };
  const Row rows[] = {
      {"Setegid(1)", [] { return setegid(1); }, "Gid:", "Gid:\t0\t1\t0\t1"},
      {"Setegid(0)", [] { return setegid(0); }, "Gid:", "Gid:\t0\t0\t0\t0"},
      {"Seteuid(1)", [] { return seteuid(1); }, "Uid:", "Uid:\t0\t1\t0\t1"},
      {"Setuid(0)", [] { return setuid(0); }, "Uid:", "Uid:\t0\t0\t0\t0"},
      {"Setgid(1)", [] { return setgid(1); }, "Gid:", "Gid:\t1\t1\t1\t1"},
      {"Setgid(0)", [] { return setgid(0); }, "Gid:", "Gid:\t0\t0\t0\t0"},
      {"Setgroups(0 1 2 3)", [] { return setgroups(g0123, 4); }, "Groups:", "Groups:\t0 1 2 3"},
      {"Setgroups(nil)", [] { return setgroups(nullptr, 0); }, "Groups:", "Groups:"},
      {"Setgroups(0)", [] { return setgroups(g0, 1); }, "Groups:", "Groups:\t0"},
      {"Setregid(101,0)", [] { return setregid(101, 0); }, "Gid:", "Gid:\t101\t0\t0\t0"},
      {"Setregid(0,102)", [] { return setregid(0, 102); }, "Gid:", "Gid:\t0\t102\t102\t102"},
      {"Setregid(0,0)", [] { return setregid(0, 0); }, "Gid:", "Gid:\t0\t0\t0\t0"},
      {"Setreuid(1,0)", [] { return setreuid(1, 0); }, "Uid:", "Uid:\t1\t0\t0\t0"},
      {"Setreuid(0,2)", [] { return setreuid(0, 2); }, "Uid:", "Uid:\t0\t2\t2\t2"},
      {"Setreuid(0,0)", [] { return setreuid(0, 0); }, "Uid:", "Uid:\t0\t0\t0\t0"},
      {"Setresgid(101,0,102)", [] { return setresgid(101, 0, 102); }, "Gid:", "Gid:\t101\t0\t102\t0"},
      {"Setresgid(0,102,101)", [] { return setresgid(0, 102, 101); }, "Gid:", "Gid:\t0\t102\t101\t102"},
      {"Setresgid(0,0,0)", [] { return setresgid(0, 0, 0); }, "Gid:", "Gid:\t0\t0\t0\t0"},
      {"Setresuid(1,0,2)", [] { return setresuid(1, 0, 2); }, "Uid:", "Uid:\t1\t0\t2\t0"},
      {"Setresuid(0,2,1)", [] { return setresuid(0, 2, 1); }, "Uid:", "Uid:\t0\t2\t1\t2"},
      {"Setresuid(0,0,0)", [] { return setresuid(0, 0, 0); }, "Uid:", "Uid:\t0\t0\t0\t0"},
  };
  for (const Row& r : rows) {
    churn();
    Result<void> res = r.call();
    if (!res) {
      t.fail(__FILE__, __LINE__, r.name, ": ", res.error());
      break;
    }
    if (!every_thread_has(t, r.key, r.want, r.name)) break;
  }
  crew_finish(c);
}

// Acceptance test 32: ids above 65535 arrive whole (the *32 calls on 386 and arm). In a forked
// child, since it ends without root.
KTEST(ids_above_65535_are_not_truncated) {
  if (!is_root()) SKIP("needs root (run make check as root)");
  char err[2048];
  int status = in_child([] {
    Event never;
    threads::Thread* th[3];
    for (auto& x : th) {
      auto r = threads::create([](void* p) -> void* { static_cast<Event*>(p)->wait(); return nullptr; }, &never);
      if (!r) return 10;
      x = r.value();
    }
    ktest::T t("ids_above_65535 (child)");
    static const uint32_t groups[] = {70000, 80000};
    if (!setgroups(groups, 2)) return 11;
    every_thread_has(t, "Groups:", "Groups:\t70000 80000", "Setgroups(70000 80000)");
    if (!setgid(80000)) return 12;
    every_thread_has(t, "Gid:", "Gid:\t80000\t80000\t80000\t80000", "Setgid(80000)");
    if (!seteuid(70003)) return 13;
    every_thread_has(t, "Uid:", "Uid:\t0\t70003\t0\t70003", "Seteuid(70003)");
    if (!seteuid(0)) return 14;
    if (!setresuid(70000, 70001, 70002)) return 15;
    every_thread_has(t, "Uid:", "Uid:\t70000\t70001\t70002\t70001", "Setresuid(70000,70001,70002)");
    return t.failed() ? 1 : 0;
  }, err, sizeof err);
  if (status != 0) t.fail(__FILE__, __LINE__, "child exited ", status, "; it said: ", err);
}

// Start-up reports the parent's mask truly and leaves the reserved signal unblocked. The host
// test (tests/host/allthreads_test.cpp) starts this program with the signal blocked and passes
// --expect-blocked; otherwise the parent did not block it.
KTEST(start_up_unblocks_the_reserved_signal) {
  CHECK_EQ(rt::reserved_signal_was_blocked(), g_expect_blocked);
  SigSet now;
  REQUIRE_OK(sigprocmask(s::SIG_BLOCK, nullptr, &now));
  CHECK(!now.has(kReservedSignal));
}

// --drop-and-wait: for the host-side check that reads /proc/<pid>/task itself.
namespace {
int drop_and_wait() {
  Crew c;
  if (!crew_start(c, 1)) return 20;
  static const uint32_t none[1] = {0};
  if (!setgroups(none, 0) || !setresgid(65534, 65534, 65534) || !setresuid(65534, 65534, 65534)) return 21;
  Writer w(1);
  w.put("pid ").put(s::getpid().value()).put(" tids");
  threads::for_each([&](threads::Thread& th) { w.put(' ').put(th.tid.load()); });
  w.put('\n');
  w.flush();
  char b;
  while (s::read(0, &b, 1).value_or(0) > 0) {}
  s::exit_group(0);  // no need to release the crew
}
}  // namespace

int ktest_main(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    if (keel::streq(argv[i], "--drop-and-wait")) return drop_and_wait();
    if (keel::streq(argv[i], "--expect-blocked")) g_expect_blocked = true;
  }
  return -1;
}

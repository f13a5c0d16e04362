// rt/syscall/process.h: the handle's state table (acceptance tests 18-26 of
// research/go-semantics.md) in pidfd mode where it works and in pid mode always; children are
// host programs (/bin/sleep, /bin/true).
#include "tests/target/util.h"

using namespace keel;
using namespace ktest;
namespace s = keel::sys;

namespace {

const char* const kEnv[] = {"PATH=/usr/bin:/bin", nullptr};
const char* const kSleep[] = {"sleep", "30", nullptr};
const char* const kTrue[] = {"true", nullptr};

// Runs body once in pidfd mode (if pidfds work here) and once in pid mode.
template <class F>
void both_modes(ktest::T& t, F body) {
  if (rt::pidfd_works()) {
    rt::set_pidfd_disabled(false);
    body(t, true);
  }
  rt::set_pidfd_disabled(true);
  body(t, false);
  rt::set_pidfd_disabled(false);
}

// Open descriptors that are pidfds.
int pidfd_count() {
  int n = 0;
  char link[64];
  for (int fd = 0; fd < 256; ++fd) {
    char path[32];
    put_num(put_str(path, "/proc/self/fd/"), fd);
    auto len = s::readlinkat(s::AT_FDCWD, path, link, sizeof link - 1);
    if (!len) continue;
    link[len.value()] = 0;
    if (contains(link, "pidfd")) ++n;
  }
  return n;
}

}  // namespace

// 18, 19. After a wait: signal and kill say "done", a second wait ECHILD at once.
KTEST(after_wait) {
  both_modes(t, [](ktest::T& t, bool pidfd) {
    Process p;
    REQUIRE_OK(p.start("/bin/true", kTrue, kEnv));
    CHECK_EQ(p.uses_pidfd(), pidfd);
    ProcessState st;
    REQUIRE_OK(p.wait(&st));
    CHECK(st.success());
    CHECK_EQ(st.pid, p.pid());
    CHECK_ERR(p.signal(s::SIGKILL), err::kProcessDone);
    CHECK_ERR(p.kill(), err::kProcessDone);
    CHECK_ERR(p.wait(&st), Errno::ECHILD);
  });
}

// 20. After release: wait EINVAL, signal "released", release again fine, pid -1.
KTEST(after_release) {
  both_modes(t, [](ktest::T& t, bool) {
    Process p;
    REQUIRE_OK(p.start("/bin/sleep", kSleep, kEnv));
    const int pid = p.pid();
    REQUIRE_OK(p.release());
    CHECK_EQ(p.pid(), -1);
    ProcessState st;
    CHECK_ERR(p.wait(&st), Errno::EINVAL);
    CHECK_ERR(p.signal(s::SIGTERM), err::kProcessReleased);
    REQUIRE_OK(p.release());
    // Clean up the child through a handle of its own.
    Process q(pid);
    REQUIRE_OK(q.kill());
    REQUIRE_OK(q.wait(&st));
    CHECK(st.signaled);
  });
}

// 21. find() of a pid that does not exist: a finished handle, never an error.
KTEST(find_a_missing_process) {
  both_modes(t, [](ktest::T& t, bool) {
    Process p = Process::find(2147483647);
    CHECK_EQ(p.pid(), 2147483647);
    CHECK_ERR(p.signal(0), err::kProcessDone);
    CHECK_ERR(p.kill(), err::kProcessDone);
    ProcessState st;
    CHECK_ERR(p.wait(&st), Errno::ECHILD);
    REQUIRE_OK(p.release());
  });
}

// 22. find() of a running child; once another handle has waited for it, this one says done and
// never reaches another process.
KTEST(find_a_running_child) {
  both_modes(t, [](ktest::T& t, bool pidfd) {
    Process child;
    REQUIRE_OK(child.start("/bin/sleep", kSleep, kEnv));
    Process found = Process::find(child.pid());
    CHECK_EQ(found.uses_pidfd(), pidfd);
    REQUIRE_OK(found.signal(0));
    REQUIRE_OK(child.kill());
    ProcessState st;
    REQUIRE_OK(child.wait(&st));
    CHECK(st.signaled && st.signal == s::SIGKILL);
    CHECK_ERR(found.signal(0), err::kProcessDone);
  });
}

namespace {
Atomic<int> g_winch{0};
void on_winch(int, s::Siginfo*, void*) { g_winch.fetch_add(1); }
}  // namespace

// 23. A handle from a bare pid works by kill(2); one with no pid refuses without a syscall.
KTEST(handles_from_bare_pids) {
  SigAction h = SigAction::handle(on_winch, s::SA_RESTART);
  SigAction old;
  REQUIRE_OK(sigaction(s::SIGWINCH, &h, &old));
  Process self(s::getpid().value());
  CHECK(!self.uses_pidfd());
  REQUIRE_OK(self.signal(s::SIGWINCH));
  for (int i = 0; i < 1000 && g_winch.load() == 0; ++i) sleep_ms(1);
  CHECK_EQ(g_winch.load(), 1);
  (void)sigaction(s::SIGWINCH, &old, nullptr);
  Process none;
  CHECK_ERR(none.signal(s::SIGTERM), err::kProcessNotInitialized);
  CHECK_ERR(none.kill(), err::kProcessNotInitialized);
}

// 25. A handle's own pidfd is closed after wait, and after release without a wait.
KTEST(pidfd_lifetime) {
  if (!rt::pidfd_works()) SKIP("no pidfd here");
  const int before = pidfd_count();
  {
    Process p;
    REQUIRE_OK(p.start("/bin/true", kTrue, kEnv));
    CHECK_EQ(pidfd_count(), before + 1);
    ProcessState st;
    REQUIRE_OK(p.wait(&st));
    CHECK_EQ(pidfd_count(), before);
  }
  Process q;
  REQUIRE_OK(q.start("/bin/sleep", kSleep, kEnv));
  const int pid = q.pid();
  REQUIRE_OK(q.release());
  CHECK_EQ(pidfd_count(), before);
  Process r(pid);
  (void)r.kill();
  ProcessState st;
  (void)r.wait(&st);
  // The caller's own pidfd through attr.pidfd is a descriptor of its own.
  int mine = -1;
  SpawnAttr a;
  a.pidfd = &mine;
  Process u;
  REQUIRE_OK(u.start("/bin/true", kTrue, kEnv, a));
  CHECK(mine >= 0);
  REQUIRE_OK(u.wait(&st));
  CHECK_ERR(s::call<void>(nr::pidfd_send_signal, mine, 0, nullptr, 0), Errno::ESRCH);  // still open
  (void)s::close(mine);
}

// 26. A negative signal is refused before any syscall; one above _NSIG goes to the kernel.
KTEST(signal_numbers) {
  both_modes(t, [](ktest::T& t, bool) {
    Process p;
    REQUIRE_OK(p.start("/bin/sleep", kSleep, kEnv));
    CHECK_ERR(p.signal(-1), Errno::EINVAL);
    CHECK_ERR(p.signal(s::_NSIG + 1), Errno::EINVAL);
    REQUIRE_OK(p.kill());
    ProcessState st;
    REQUIRE_OK(p.wait(&st));
  });
}

// 24. Kill, wait and release of one handle from three threads at once, many times: never EBADF,
// never a signal to another process (a sentinel child must survive: every stray call here is a
// SIGKILL), and every pidfd closed exactly once.
KTEST(concurrent_kill_wait_release) {
  both_modes(t, [](ktest::T& t, bool) {
    const int rounds = emulated() ? 200 : 10000;
    Process sentinel;
    REQUIRE_OK(sentinel.start("/bin/sleep", kSleep, kEnv));
    const int pidfds_before = pidfd_count();
    struct Shared {
      Process* p = nullptr;
      Atomic<uint32_t> gen{0};   // a new round; the workers park on it
      Atomic<uint32_t> done{0};  // workers finished with this round; the test parks on it
      Atomic<int> ebadf{0};
      Atomic<int> stop{0};
      void finished() {
        if (done.fetch_add(1) + 1 == 3) rt::unpark(done, 1);
      }
      void await_workers() {
        for (uint32_t d; (d = done.load()) < 3;) (void)rt::park(done, d);
      }
    } sh;
    auto worker = [](void* arg) -> void* {
      auto* x = static_cast<Shared*>(arg);
      static Atomic<int> roles{0};
      const int role = roles.fetch_add(1) % 3;  // 0 kill, 1 wait, 2 release
      uint32_t seen = 0;
      x->finished();
      for (;;) {
        uint32_t g;
        while ((g = x->gen.load()) == seen && !x->stop.load()) (void)rt::park(x->gen, seen);
        if (x->stop.load()) return nullptr;
        seen = g;
        Result<void> r{};
        ProcessState st;
        if (role == 0) r = x->p->kill();
        else if (role == 1) r = x->p->wait(&st);
        else r = x->p->release();
        if (!r && r.error() == Errno::EBADF) x->ebadf.fetch_add(1);
        x->finished();
      }
    };
    threads::Thread* th[3];
    for (auto& x : th) {
      auto r = threads::create(worker, &sh);
      REQUIRE_OK(r);
      x = r.value();
    }
    sh.await_workers();
    for (int i = 0; i < rounds; ++i) {
      Process p;
      if (!p.start("/bin/true", kTrue, kEnv)) {
        t.fail(__FILE__, __LINE__, "start failed in round ", i);
        break;
      }
      const int pid = p.pid();
      sh.p = &p;
      sh.done.store(0);
      sh.gen.fetch_add(1);
      rt::unpark(sh.gen, 1 << 30);
      sh.await_workers();
      // Whatever the order, reap it if the wait lost to the release.
      Process left(pid);
      ProcessState st;
      (void)left.wait(&st);
    }
    sh.stop.store(1);
    sh.gen.fetch_add(1);
    rt::unpark(sh.gen, 1 << 30);
    for (auto* x : th) REQUIRE_OK(threads::join(x));
    CHECK_EQ(sh.ebadf.load(), 0);
    CHECK_EQ(pidfd_count(), pidfds_before);
    REQUIRE_OK(sentinel.signal(0));  // alive: no stray kill reached it
    REQUIRE_OK(sentinel.kill());
    ProcessState st;
    REQUIRE_OK(sentinel.wait(&st));
  });
}

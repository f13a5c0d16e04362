// rt/syscall/spawn.h and the ForkLock: acceptance tests 1-17 of research/go-semantics.md where
// they apply. Children are host programs (/bin/sh, /bin/true, /bin/cat, /bin/sleep): under
// QEMU user mode a guest execve of a host binary runs it natively, so the child's view of its
// descriptors, session and credentials is the kernel's own.
#include "tests/target/util.h"

using namespace keel;
using namespace ktest;
namespace s = keel::sys;

namespace {

const char* const kEnv[] = {"PATH=/usr/bin:/bin", nullptr};

// Waits for pid; returns its exit status, or 128 + signal.
int wait_pid(int pid) {
  s::Siginfo si{};
  while (s::waitid(s::P_PID, pid, &si, s::WEXITED).error() == Errno::EINTR) {}
  return s::si_code(si) == s::CLD_EXITED ? si.u.chld.status : 128 + si.u.chld.status;
}

// No child of ours is left, reaped or not.
bool no_children_left() {
  s::Siginfo si{};
  return s::waitid(s::P_ALL, 0, &si, s::WEXITED | s::WNOHANG | s::WNOWAIT).error() == Errno::ECHILD;
}

// The lowest free descriptor number.
int next_free_fd() {
  auto fd = s::open("/dev/null", s::O_RDONLY | s::O_CLOEXEC);
  if (!fd) return -1;
  (void)s::close(fd.value());
  return fd.value();
}

// Runs /bin/sh -c script with `files` (one entry, at index `report_at`, is a pipe whose other
// end we read into out); returns the exit status.
int run_sh(const char* script, int* files, unsigned nfiles, int report_at, char* out,
           unsigned long cap, SpawnAttr attr = {}) {
  int p[2];
  if (!s::pipe2(p, s::O_CLOEXEC)) return -1;
  files[report_at] = p[1];
  attr.files = files;
  attr.nfiles = nfiles;
  const char* argv[] = {"sh", "-c", script, nullptr};
  auto pid = spawn("/bin/sh", argv, kEnv, attr);
  (void)s::close(p[1]);
  if (!pid) {
    (void)s::close(p[0]);
    return -1;
  }
  read_all(p[0], out, cap);
  (void)s::close(p[0]);
  return wait_pid(pid.value());
}

// Spawns /bin/sleep with `files`, waits until it sleeps (its start-up is over: the dynamic
// loader's files are closed), and describes its descriptors 0..count-1 from outside, one line
// each: readlink of /proc/<pid>/fd/N, or "-" if closed. Then ends it. Returns false if the
// spawn failed.
bool child_fds(const int* files, unsigned nfiles, int count, char* out, unsigned long cap) {
  const char* argv[] = {"sleep", "30", nullptr};
  SpawnAttr a;
  a.files = files;
  a.nfiles = nfiles;
  auto pid = spawn("/bin/sleep", argv, kEnv, a);
  if (!pid) return false;
  char path[64];
  char* end = put_num(put_str(path, "/proc/"), pid.value());
  for (int i = 0; i < 2000; ++i) {
    put_str(end, "/stat");
    char st[512];
    auto fd = s::open(path, s::O_RDONLY | s::O_CLOEXEC);
    if (fd) {
      read_all(fd.value(), st, sizeof st);
      (void)s::close(fd.value());
      char* p = st;
      for (char* q = st; *q; ++q) if (*q == ')') p = q;
      if (p[0] == ')' && p[2] == 'S') break;
    }
    sleep_ms(1);
  }
  char* o = out;
  for (int k = 0; k < count; ++k) {
    put_num(put_str(end, "/fd/"), k);
    char link[256];
    auto len = s::readlinkat(s::AT_FDCWD, path, link, sizeof link - 1);
    if (len) link[len.value()] = 0;
    else put_str(link, "-");
    if (static_cast<unsigned long>(o - out) + len.value_or(1) + 2 < cap) o = put_str(put_str(o, link), "\n");
  }
  (void)s::kill(pid.value(), s::SIGKILL);
  (void)wait_pid(pid.value());
  return true;
}

}  // namespace

// 1. Exec failures come back as the child's errno, promptly, with no zombie left.
KTEST(exec_failures_return_the_childs_errno) {
  const char* argv[] = {"x", nullptr};
  SpawnFailure why;
  CHECK_ERR(spawn("/nonexistent/prog", argv, kEnv, {}, &why), Errno::ENOENT);
  CHECK(why.step == SpawnStep::kExec);
  char msg[64];
  {
    // "exec: ENOENT", as a caller prints it after "spawn /x: ".
    int p[2];
    REQUIRE_OK(s::pipe2(p, s::O_CLOEXEC));
    { Writer w(p[1]); w.put(why); }
    (void)s::close(p[1]);
    read_all(p[0], msg, sizeof msg);
    (void)s::close(p[0]);
    CHECK_STREQ(msg, "exec: ENOENT");
  }
  const int plain = s::open("/tmp/keel-spawn-plain", s::O_RDWR | s::O_CREAT | s::O_TRUNC | s::O_CLOEXEC, 0644).value_or(-1);
  (void)s::close(plain);
  CHECK_ERR(spawn("/tmp/keel-spawn-plain", argv, kEnv), Errno::EACCES);  // not executable
  (void)s::unlinkat(s::AT_FDCWD, "/tmp/keel-spawn-plain", 0);
  CHECK_ERR(spawn("/tmp", argv, kEnv), Errno::EACCES);           // a directory
  SpawnAttr bad_dir;
  bad_dir.dir = "/nonexistent/dir";
  CHECK_ERR(spawn("/bin/true", argv, kEnv, bad_dir, &why), Errno::ENOENT);
  CHECK(why.step == SpawnStep::kChdir);
  CHECK(no_children_left());
}

// 2. A hundred failed spawns (pidfd requested) leave no descriptor behind.
KTEST(failed_spawns_leak_nothing) {
  const int before = next_free_fd();
  const char* argv[] = {"x", nullptr};
  for (int i = 0; i < 100; ++i) {
    int pidfd = 123;
    SpawnAttr a;
    a.pidfd = &pidfd;
    CHECK_ERR(spawn("/noSuchExecutable", argv, kEnv, a), Errno::ENOENT);
    CHECK_EQ(pidfd, -1);
  }
  CHECK_EQ(next_free_fd(), before);
  CHECK(no_children_left());
}

// 3 and 4. The child gets the listed descriptors and no others: not the status pipe, even
// when it had to be moved out of the way of the targets.
KTEST(the_child_sees_only_its_descriptors) {
  // With 3..9 free, the status pipe lands among the targets and pass 1 must move it.
  const int extra = s::open("/dev/null", s::O_RDONLY | s::O_CLOEXEC).value_or(-1);
  const int files[8] = {0, 1, 2, extra, extra, extra, extra, extra};
  char out[2048];
  if (!child_fds(files, 8, 64, out, sizeof out)) {
    t.fail(__FILE__, __LINE__, "spawn failed");
    return;
  }
  // Entries 3..7 are /dev/null; 8..63 closed.
  char* line = out;
  for (int k = 0; k < 64; ++k) {
    char* nl = line;
    while (*nl && *nl != '\n') ++nl;
    const bool closed = nl - line == 1 && line[0] == '-';
    if (k >= 3 && k < 8 && !(nl - line == 9 && memcmp(line, "/dev/null", 9) == 0))
      t.fail(__FILE__, __LINE__, "fd ", k, " is not /dev/null");
    // Past the list, only what this test program itself inherited without close-on-exec (from
    // whoever started it) may be open: a spawn passes such descriptors on, as exec does.
    const bool ours_inherited = k >= 8 && s::fcntl(k, s::F_GETFD).ok() &&
                                !(s::fcntl(k, s::F_GETFD).value() & s::FD_CLOEXEC);
    if (k >= 8 && !closed && !ours_inherited) t.fail(__FILE__, __LINE__, "fd ", k, " is open in the child");
    line = *nl ? nl + 1 : nl;
  }
  (void)s::close(extra);
}

// 4. Exec success is reported at once even when the child runs on and ignores its fds.
KTEST(success_is_reported_before_the_child_ends) {
  const char* argv[] = {"sleep", "30", nullptr};
  s::Timespec a{}, b{};
  (void)s::clock_gettime(s::CLOCK_MONOTONIC, &a);
  auto pid = spawn("/bin/sleep", argv, kEnv);
  (void)s::clock_gettime(s::CLOCK_MONOTONIC, &b);
  REQUIRE_OK(pid);
  CHECK(b.tv_sec - a.tv_sec < 2);
  REQUIRE_OK(s::kill(pid.value(), s::SIGKILL));
  CHECK_EQ(wait_pid(pid.value()), 128 + s::SIGKILL);
}

namespace {
// Opens a file of our own whose path names it, for the remapping matrix.
int open_named(const char* path) {
  return s::open(path, s::O_RDWR | s::O_CREAT | s::O_CLOEXEC, 0600).value_or(-1);
}
}  // namespace

// 6. The remapping matrix: duplicates, swaps, rotations, -1, short lists, close-on-exec sources.
KTEST(descriptor_remapping_matrix) {
  const int a = open_named("/tmp/keel-spawn-a");
  const int b = open_named("/tmp/keel-spawn-b");
  const int c = open_named("/tmp/keel-spawn-c");
  if (a < 0 || b < 0 || c < 0) SKIP("cannot create files in /tmp");
  struct Case {
    const char* name;
    int files[10];
    unsigned n;
    const char* want;
  };
  const Case cases[] = {
      {"{a,a,a}", {a, a, a}, 3, "/tmp/keel-spawn-a\n/tmp/keel-spawn-a\n/tmp/keel-spawn-a\n-\n"},
      {"{b,a,c} swap", {b, a, c}, 3, "/tmp/keel-spawn-b\n/tmp/keel-spawn-a\n/tmp/keel-spawn-c\n-\n"},
      {"{c,a,b} rotation", {c, a, b}, 3, "/tmp/keel-spawn-c\n/tmp/keel-spawn-a\n/tmp/keel-spawn-b\n-\n"},
      {"{a,b,c,a}", {a, b, c, a}, 4,
       "/tmp/keel-spawn-a\n/tmp/keel-spawn-b\n/tmp/keel-spawn-c\n/tmp/keel-spawn-a\n"},
      {"{a,-1,c}", {a, -1, c}, 3, "/tmp/keel-spawn-a\n-\n/tmp/keel-spawn-c\n-\n"},
      {"{a}", {a}, 1, "/tmp/keel-spawn-a\n-\n-\n-\n"},
  };
  for (const Case& k : cases) {
    char out[1024];
    if (!child_fds(k.files, k.n, 4, out, sizeof out) || !streq(out, k.want))
      t.fail(__FILE__, __LINE__, k.name, ": got\n", out);
  }
  // Identity entries whose parent fd is close-on-exec are open in the child, and the parent's
  // flags stay as they were (7).
  const int ident[4] = {0, 1, 2, a};  // a is close-on-exec in the parent
  char out[1024];
  CHECK(child_fds(ident, 4, 4, out, sizeof out));
  CHECK(contains(out, "/tmp/keel-spawn-a"));
  if (a == 3) CHECK(!contains(out, "-\n"));  // the identity case fd[i] == i
  CHECK_EQ(s::fcntl(a, s::F_GETFD).value_or(-1), s::FD_CLOEXEC);
  CHECK_EQ(s::fcntl(b, s::F_GETFD).value_or(-1), s::FD_CLOEXEC);
  (void)s::close(a);
  (void)s::close(b);
  (void)s::close(c);
  (void)s::unlinkat(s::AT_FDCWD, "/tmp/keel-spawn-a", 0);
  (void)s::unlinkat(s::AT_FDCWD, "/tmp/keel-spawn-b", 0);
  (void)s::unlinkat(s::AT_FDCWD, "/tmp/keel-spawn-c", 0);
}

// 7. A successful spawn leaves no new descriptor in the parent (but the pidfd asked for).
KTEST(the_parent_is_untouched) {
  const int before = next_free_fd();
  const char* argv[] = {"true", nullptr};
  int pidfd = -1;
  SpawnAttr a;
  a.pidfd = &pidfd;
  auto pid = spawn("/bin/true", argv, kEnv, a);
  REQUIRE_OK(pid);
  CHECK(pidfd >= 0);
  CHECK_EQ(s::fcntl(pidfd, s::F_GETFD).value_or(-1), s::FD_CLOEXEC);
  CHECK_EQ(wait_pid(pid.value()), 0);
  (void)s::close(pidfd);
  CHECK_EQ(next_free_fd(), before);
}

namespace {
// Field n (1-based) of /proc/<pid>/stat, after the command name.
long stat_field(int pid, int n) {
  char path[64];
  put_num(put_str(path, "/proc/"), pid);
  put_str(path + strlen(path), "/stat");
  auto fd = s::open(path, s::O_RDONLY | s::O_CLOEXEC);
  if (!fd) return -1;
  char buf[1024];
  read_all(fd.value(), buf, sizeof buf);
  (void)s::close(fd.value());
  char* p = buf;
  for (char* q = buf; *q; ++q) if (*q == ')') p = q;  // after the last ')'
  int field = 2;
  for (; *p && field < n; ++p) if (*p == ' ') ++field;
  long v = 0;
  bool neg = *p == '-';
  if (neg) ++p;
  while (*p >= '0' && *p <= '9') v = v * 10 + (*p++ - '0');
  return neg ? -v : v;
}
}  // namespace

// 8. Session and process group; contradicting or impossible attributes fail before any clone.
KTEST(session_group_and_validation) {
  const char* argv[] = {"sleep", "5", nullptr};
  SpawnAttr a;
  a.setsid = true;
  auto pid = spawn("/bin/sleep", argv, kEnv, a);
  REQUIRE_OK(pid);
  CHECK_EQ(stat_field(pid.value(), 6), static_cast<long>(pid.value()));  // session
  (void)s::kill(pid.value(), s::SIGKILL);
  (void)wait_pid(pid.value());
  SpawnAttr g;
  g.setpgid = true;
  pid = spawn("/bin/sleep", argv, kEnv, g);
  REQUIRE_OK(pid);
  CHECK_EQ(stat_field(pid.value(), 5), static_cast<long>(pid.value()));  // process group
  (void)s::kill(pid.value(), s::SIGKILL);
  (void)wait_pid(pid.value());

  SpawnFailure why;
  SpawnAttr both;
  both.setctty = true;
  both.foreground = true;
  both.ctty = 0;
  CHECK_ERR(spawn("/bin/true", argv, kEnv, both, &why), Errno::EINVAL);
  CHECK(why.step == SpawnStep::kValidate);
  SpawnAttr far;
  far.setctty = true;
  far.ctty = 3;  // the table is {0, 1, 2}
  CHECK_ERR(spawn("/bin/true", argv, kEnv, far), Errno::EINVAL);
  SpawnAttr neg;
  int files[2] = {0, -7};
  neg.files = files;
  neg.nfiles = 2;
  CHECK_ERR(spawn("/bin/true", argv, kEnv, neg), Errno::EINVAL);
  SpawnAttr flags;
  flags.cloneflags = s::CLONE_VM;
  CHECK_ERR(spawn("/bin/true", argv, kEnv, flags), Errno::EINVAL);
  SpawnAttr sig;
  sig.pdeathsig = s::_NSIG + 1;
  CHECK_ERR(spawn("/bin/true", argv, kEnv, sig), Errno::EINVAL);
  CHECK_ERR(spawn(nullptr, argv, kEnv), Errno::EINVAL);
  CHECK_ERR(spawn("", argv, kEnv), Errno::ENOENT);
  CHECK(no_children_left());
}

// 9. Credentials (root), with ids above 65535 on every architecture (the *32 calls on 386/arm).
KTEST(credentials_reach_the_child) {
  if (!is_root()) SKIP("needs root (run make check as root)");
  static const uint32_t groups[] = {7, 8, 70000};
  Credential cred{1234, 80000, groups, 3, false};
  SpawnAttr a;
  a.cred = &cred;
  int files[10] = {0, 1, 2, -1, -1, -1, -1, -1, -1, -1};
  char out[512];
  CHECK_EQ(run_sh("grep -E '^(Uid|Gid|Groups):' /proc/self/status >&9", files, 10, 9, out, sizeof out, a), 0);
  CHECK(contains(out, "Uid:\t1234\t1234\t1234\t1234"));
  CHECK(contains(out, "Gid:\t80000\t80000\t80000\t80000"));
  CHECK(contains(out, "Groups:\t7 8 70000"));
  Credential keep{70001, 70002, nullptr, 0, true};
  a.cred = &keep;
  CHECK_EQ(run_sh("grep -E '^(Uid|Groups):' /proc/self/status >&9", files, 10, 9, out, sizeof out, a), 0);
  CHECK(contains(out, "Uid:\t70001\t70001\t70001\t70001"));
  CHECK(!contains(out, "Groups:\t7 8"));  // kept: the parent's groups, not the last child's
}

// 10. The parent-death signal survives the credential change and fires when the spawning
// thread ends.
KTEST(pdeathsig_fires_when_the_spawning_thread_ends) {
  struct Shared {
    int pid = -1;
  } sh;
  auto th = threads::create([](void* p) -> void* {
    const char* argv[] = {"sleep", "30", nullptr};
    static const uint32_t none[1] = {};
    Credential cred{1234, 1234, none, 0, false};
    SpawnAttr a;
    a.pdeathsig = s::SIGKILL;
    if (is_root()) a.cred = &cred;
    static_cast<Shared*>(p)->pid = spawn("/bin/sleep", argv, kEnv, a).value_or(-1);
    return nullptr;
  }, &sh);
  REQUIRE_OK(th);
  REQUIRE_OK(threads::join(th.value()));
  CHECK(sh.pid > 0);
  s::Timespec t0{}, t1{};
  (void)s::clock_gettime(s::CLOCK_MONOTONIC, &t0);
  CHECK_EQ(wait_pid(sh.pid), 128 + s::SIGKILL);
  (void)s::clock_gettime(s::CLOCK_MONOTONIC, &t1);
  CHECK(t1.tv_sec - t0.tv_sec < 10);
}

// 11. A pidfd on request: it signals the child, and after the child is reaped it says ESRCH.
KTEST(pidfd_on_request) {
  const char* argv[] = {"sleep", "30", nullptr};
  int pidfd = -1;
  SpawnAttr a;
  a.pidfd = &pidfd;
  auto pid = spawn("/bin/sleep", argv, kEnv, a);
  REQUIRE_OK(pid);
  if (pidfd < 0) SKIP("no pidfd on this kernel");
  CHECK_EQ(s::fcntl(pidfd, s::F_GETFD).value_or(-1), s::FD_CLOEXEC);
  REQUIRE_OK(s::call<void>(nr::pidfd_send_signal, pidfd, 0, nullptr, 0));
  REQUIRE_OK(s::call<void>(nr::pidfd_send_signal, pidfd, s::SIGINT, nullptr, 0));
  s::Siginfo si{};
  REQUIRE_OK(s::waitid(s::P_PIDFD, pidfd, &si, s::WEXITED));
  CHECK_EQ(s::si_code(si), s::CLD_KILLED);
  CHECK_EQ(si.u.chld.status, s::SIGINT);
  CHECK_ERR(s::call<void>(nr::pidfd_send_signal, pidfd, 0, nullptr, 0), Errno::ESRCH);
  (void)s::close(pidfd);
}

// A bare name is looked up in PATH, as execvp does.
KTEST(spawnp_searches_path) {
  const char* argv[] = {"true", nullptr};
  auto pid = spawnp("true", argv, kEnv);
  REQUIRE_OK(pid);
  CHECK_EQ(wait_pid(pid.value()), 0);
  CHECK_ERR(spawnp("no-such-program-keel", argv, kEnv), Errno::ENOENT);
  CHECK_ERR(spawnp("", argv, kEnv), Errno::ENOENT);
}

// Namespaces: natively as root, a new UTS namespace; QEMU 7.2 refuses every CLONE_NEW* flag.
KTEST(namespaces_through_cloneflags) {
  if (emulated()) SKIP("QEMU 7.2 user mode refuses every CLONE_NEW* flag with EINVAL");
  if (!is_root()) SKIP("needs root for CLONE_NEWUTS");
  SpawnAttr a;
  a.cloneflags = s::CLONE_NEWUTS;
  int files[10] = {0, 1, 2, -1, -1, -1, -1, -1, -1, -1};
  char out[256];
  CHECK_EQ(run_sh("hostname keel-ns-test && hostname >&9", files, 10, 9, out, sizeof out, a), 0);
  CHECK_STREQ(out, "keel-ns-test\n");
  char mine[256];
  auto fd = s::open("/proc/sys/kernel/hostname", s::O_RDONLY | s::O_CLOEXEC);
  REQUIRE_OK(fd);
  read_all(fd.value(), mine, sizeof mine);
  (void)s::close(fd.value());
  CHECK(!streq(mine, "keel-ns-test\n"));
  // A new user namespace: spawned without CLONE_VM|CLONE_VFORK (the child gets its own copy of
  // memory); with no id maps written, the child is the overflow uid there.
  SpawnAttr u;
  u.cloneflags = s::CLONE_NEWUSER;
  CHECK_EQ(run_sh("id -u >&9", files, 10, 9, out, sizeof out, u), 0);
  CHECK_STREQ(out, "65534\n");
}

// --- 5 and 14-17: concurrent spawns and the ForkLock ------------------------------------------

namespace {
struct Stress {
  int rounds = 0;
  Atomic<int> arrive{0};
  Atomic<int> failures{0};
  Atomic<int> generation{0};
};

// One worker: each round, spawn a child that blocks reading its stdin (a pipe we hold) and one
// that exits at once, at the same moment as the other workers; the exiting one must be reaped
// within 5 s; then the blocked one sees EOF when we close the pipe.
void* stress_worker(void* p) {
  auto* st = static_cast<Stress*>(p);
  const char* cat[] = {"cat", nullptr};
  const char* tru[] = {"true", nullptr};
  for (int r = 0; r < st->rounds; ++r) {
    int in[2];
    if (!s::pipe2(in, s::O_CLOEXEC)) { st->failures.fetch_add(1); continue; }
    int files[3] = {in[0], 1, 2};
    SpawnAttr a;
    a.files = files;
    a.nfiles = 3;
    auto hang = spawn("/bin/cat", cat, kEnv, a);
    auto quick = spawn("/bin/true", tru, kEnv);
    (void)s::close(in[0]);
    if (!hang || !quick) st->failures.fetch_add(1);
    if (quick && wait_pid(quick.value()) != 0) st->failures.fetch_add(1);
    (void)s::close(in[1]);
    if (hang && wait_pid(hang.value()) != 0) st->failures.fetch_add(1);
  }
  return nullptr;
}

bool run_stress(int workers, int rounds) {
  Stress st;
  st.rounds = rounds;
  threads::Thread* th[16];
  for (int i = 0; i < workers; ++i) {
    auto r = threads::create(stress_worker, &st);
    if (!r) return false;
    th[i] = r.value();
  }
  for (int i = 0; i < workers; ++i) (void)threads::join(th[i]);
  return st.failures.load() == 0;
}
}  // namespace

// 5. Go's TestConcurrentExec: blocking children and quick ones spawned at once never hang (a
// blocking child holding another spawn's status pipe would); in both ForkLock modes.
KTEST(concurrent_spawns_never_hang) {
  const int rounds = emulated() ? 10 : 100;
  CHECK(run_stress(4, rounds));
  rt::set_status_pipe(rt::StatusPipe::kTwoStep);  // the fully serialized mode, same test
  CHECK(run_stress(4, emulated() ? 5 : 50));
  rt::set_status_pipe(rt::StatusPipe::kAtomic);
  CHECK(no_children_left());
}

// 14. A reader of the ForkLock holds spawns back until it lets go.
KTEST(a_forklock_reader_holds_spawns_back) {
  struct Shared {
    Atomic<int> spawned{0};
    Atomic<int> started{0};
  } sh;
  fork_lock().read_lock();
  auto th = threads::create([](void* p) -> void* {
    auto* x = static_cast<Shared*>(p);
    const char* argv[] = {"true", nullptr};
    x->started.store(1);
    auto pid = spawn("/bin/true", argv, kEnv);
    x->spawned.store(1);
    if (pid) (void)wait_pid(pid.value());
    return nullptr;
  }, &sh);
  REQUIRE_OK(th);
  while (!sh.started.load()) sleep_ms(1);
  sleep_ms(200);
  CHECK_EQ(sh.spawned.load(), 0);  // still waiting for the read side
  fork_lock().read_unlock();
  REQUIRE_OK(threads::join(th.value()));
  CHECK_EQ(sh.spawned.load(), 1);
}

// 15. Readers are not starved by continuous spawning.
KTEST(forklock_readers_are_not_starved) {
  Stress st;
  st.rounds = emulated() ? 8 : 60;
  threads::Thread* th[4];
  for (auto& x : th) {
    auto r = threads::create(stress_worker, &st);
    REQUIRE_OK(r);
    x = r.value();
  }
  long worst_ms = 0;
  for (int i = 0; i < 20; ++i) {
    s::Timespec a{}, b{};
    (void)s::clock_gettime(s::CLOCK_MONOTONIC, &a);
    fork_lock().read_lock();
    (void)s::clock_gettime(s::CLOCK_MONOTONIC, &b);
    fork_lock().read_unlock();
    long ms = (b.tv_sec - a.tv_sec) * 1000 + (b.tv_nsec - a.tv_nsec) / 1000000;
    if (ms > worst_ms) worst_ms = ms;
    sleep_ms(5);
  }
  for (auto* x : th) REQUIRE_OK(threads::join(x));
  CHECK(worst_ms < 1000);
  CHECK_EQ(st.failures.load(), 0);
}

// 17. Releasing the spawns' share more often than it was taken ends the process, with a message.
KTEST(releasing_the_forklock_too_often_is_fatal) {
  char err[512];
  int status = in_child([] {
    rt::release_fork_lock({false, false});
    return 0;
  }, err, sizeof err);
  CHECK_EQ(status, 2);
  CHECK(contains(err, "released more often than acquired"));
}

// rt/syscall/plan9.h (Plan 9 open modes, OCEXEC per descriptor) and spawn's exact_files mode
// (research/go-semantics.md, seed 1). Children are host programs (/bin/sleep, /bin/cat).
#include "tests/target/util.h"

using namespace keel;
using namespace ktest;
namespace s = keel::sys;

namespace {

const char* const kEnv[] = {"PATH=/usr/bin:/bin", nullptr};
const char* const kFile = "/tmp/keel-p9-file";

int wait_pid(int pid) {
  s::Siginfo si{};
  while (s::waitid(s::P_PID, pid, &si, s::WEXITED).error() == Errno::EINTR) {}
  return s::si_code(si) == s::CLD_EXITED ? si.u.chld.status : 128 + si.u.chld.status;
}

bool exists(const char* path) {
  s::Statx st{};
  return s::statx(s::AT_FDCWD, path, 0, s::STATX_TYPE, &st).ok();
}

void make_file(const char* path, unsigned mode, const char* text) {
  int fd = s::open(path, s::O_WRONLY | s::O_CREAT | s::O_TRUNC | s::O_CLOEXEC, mode).value_or(-1);
  if (fd >= 0) {
    (void)s::write(fd, text, strlen(text));
    (void)s::close(fd);
  }
}

// Starts /bin/sleep with attr, waits until it sleeps (its start-up has closed the loader's
// files), and counts its descriptors (those not marked in `except`, if given); *has says
// whether `probe` is among them. Ends it.
int child_fd_count(SpawnAttr attr, int probe, bool* has, const bool* except = nullptr) {
  const char* argv[] = {"sleep", "30", nullptr};
  auto pid = spawn("/bin/sleep", argv, kEnv, attr);
  if (!pid) return -1;
  char path[64];
  char* end = put_num(put_str(path, "/proc/"), pid.value());
  for (int i = 0; i < 2000; ++i) {
    put_str(end, "/stat");
    char st[512];
    auto fd = s::open(path, s::O_RDONLY | s::O_CLOEXEC);
    if (!fd) break;
    read_all(fd.value(), st, sizeof st);
    (void)s::close(fd.value());
    char* q = st;
    for (char* c = st; *c; ++c) if (*c == ')') q = c;
    if (q[0] == ')' && q[2] == 'S') break;
    sleep_ms(1);
  }
  int count = 0;
  if (has) *has = false;
  put_str(end, "/fd");
  auto dir = s::open(path, s::O_RDONLY | s::O_DIRECTORY | s::O_CLOEXEC);
  if (dir) {
    alignas(8) char buf[4096];
    for (;;) {
      auto got = s::getdents64(dir.value(), buf, sizeof buf);
      if (!got || got.value() == 0) break;
      for (long off = 0; off < got.value();) {
        const char* name = buf + off + 19;
        unsigned short reclen;
        memcpy(&reclen, buf + off + 16, sizeof reclen);
        off += reclen;
        if (name[0] < '0' || name[0] > '9') continue;
        long n = 0;
        for (const char* c = name; *c; ++c) n = n * 10 + (*c - '0');
        if (has && n == probe) *has = true;
        if (!(except && n < 1024 && except[n])) ++count;
      }
    }
    (void)s::close(dir.value());
  }
  (void)s::kill(pid.value(), s::SIGKILL);
  (void)wait_pid(pid.value());
  return count;
}

}  // namespace

// Each mode against the Linux flags it must produce.
KTEST(modes_map_to_linux_flags) {
  make_file(kFile, 0644, "0123456789");
  struct Row {
    int mode;
    int access;
    bool cloexec;
  };
  const Row rows[] = {{p9::OREAD, s::O_RDONLY, false},          {p9::OWRITE, s::O_WRONLY, false},
                      {p9::ORDWR, s::O_RDWR, false},            {p9::OREAD | p9::OCEXEC, s::O_RDONLY, true},
                      {p9::ORDWR | p9::OCEXEC, s::O_RDWR, true}};
  for (const Row& r : rows) {
    auto fd = p9::open(kFile, r.mode);
    REQUIRE_OK(fd);
    CHECK_EQ(s::fcntl(fd.value(), s::F_GETFL).value_or(-1) & s::O_ACCMODE, r.access);
    CHECK_EQ((s::fcntl(fd.value(), s::F_GETFD).value_or(-1) & s::FD_CLOEXEC) != 0, r.cloexec);
    REQUIRE_OK(p9::close(fd.value()));
  }
  auto tr = p9::open(kFile, p9::OWRITE | p9::OTRUNC);
  REQUIRE_OK(tr);
  s::Statx st{};
  REQUIRE_OK(s::statx(s::AT_FDCWD, kFile, 0, s::STATX_SIZE, &st));
  CHECK_EQ(st.stx_size, 0ULL);
  REQUIRE_OK(p9::close(tr.value()));
  CHECK_ERR(p9::open(kFile, 0x100), Errno::EINVAL);              // an unknown bit
  CHECK_ERR(p9::open(kFile, p9::OREAD | 0x8000), Errno::EINVAL);
  CHECK_ERR(p9::open(kFile, p9::OREAD | p9::OEXCL), Errno::EINVAL);  // OEXCL is create's
  CHECK_ERR(p9::open("/nonexistent/x", p9::OREAD), Errno::ENOENT);
  REQUIRE_OK(p9::remove(kFile));
}

// OEXEC: read access, but execute permission is checked.
KTEST(oexec_checks_execute_permission) {
  make_file(kFile, 0644, "x");
  CHECK_ERR(p9::open(kFile, p9::OEXEC), Errno::EACCES);
  auto fd = p9::open("/bin/sh", p9::OEXEC | p9::OCEXEC);
  REQUIRE_OK(fd);
  CHECK_EQ(s::fcntl(fd.value(), s::F_GETFL).value_or(-1) & s::O_ACCMODE, s::O_RDONLY);
  REQUIRE_OK(p9::close(fd.value()));
  REQUIRE_OK(p9::remove(kFile));
}

// create: truncates an existing file, refuses it with OEXCL, makes directories with DMDIR.
KTEST(create_exclusive_and_directories) {
  make_file(kFile, 0644, "old contents");
  CHECK_ERR(p9::create(kFile, p9::ORDWR | p9::OEXCL, 0644), Errno::EEXIST);
  auto fd = p9::create(kFile, p9::ORDWR, 0644);
  REQUIRE_OK(fd);
  s::Statx st{};
  REQUIRE_OK(s::statx(s::AT_FDCWD, kFile, 0, s::STATX_SIZE, &st));
  CHECK_EQ(st.stx_size, 0ULL);
  REQUIRE_OK(p9::close(fd.value()));
  REQUIRE_OK(p9::remove(kFile));
  auto d = p9::create("/tmp/keel-p9-dir", p9::OREAD | p9::OCEXEC, p9::DMDIR | 0755);
  REQUIRE_OK(d);
  REQUIRE_OK(s::statx(s::AT_FDCWD, "/tmp/keel-p9-dir", 0, s::STATX_TYPE, &st));
  CHECK_EQ(st.stx_mode & s::S_IFMT, s::S_IFDIR);
  REQUIRE_OK(p9::close(d.value()));
  CHECK_ERR(p9::create("/tmp/keel-p9-dir", p9::OWRITE, p9::DMDIR | 0755), Errno::EINVAL);
  REQUIRE_OK(p9::remove("/tmp/keel-p9-dir"));
  CHECK(!exists("/tmp/keel-p9-dir"));
  CHECK_ERR(p9::remove("/tmp/keel-p9-dir"), Errno::ENOENT);
}

// ORCLOSE: the file goes when the descriptor opened with it is closed (not when a dup is),
// and at exit for those still open.
KTEST(orclose_on_close_and_at_exit) {
  auto fd = p9::create(kFile, p9::ORDWR | p9::ORCLOSE | p9::OCEXEC, 0600);
  REQUIRE_OK(fd);
  auto copy = p9::dup(fd.value(), -1);
  REQUIRE_OK(copy);
  REQUIRE_OK(p9::close(copy.value()));
  CHECK(exists(kFile));
  REQUIRE_OK(p9::close(fd.value()));
  CHECK(!exists(kFile));
  auto pid = threads::fork();
  REQUIRE_OK(pid);
  if (pid.value() == 0) {
    (void)p9::create(kFile, p9::ORDWR | p9::ORCLOSE, 0600);
    keel::exit(exists(kFile) ? 0 : 1);  // exit runs the atexit work: the file goes
  }
  CHECK_EQ(wait_pid(pid.value()), 0);
  CHECK(!exists(kFile));
}

// dup: the lowest free number or a chosen one, without OCEXEC (as on 9front), or with it,
// atomically.
KTEST(dup_never_inherits_ocexec) {
  auto a = p9::open("/dev/null", p9::OREAD | p9::OCEXEC);
  REQUIRE_OK(a);
  auto b = p9::dup(a.value(), -1);
  REQUIRE_OK(b);
  CHECK_EQ(s::fcntl(b.value(), s::F_GETFD).value_or(-1), 0);
  auto c = p9::dup(a.value(), 40);
  REQUIRE_OK(c);
  CHECK_EQ(c.value(), 40);
  CHECK_EQ(s::fcntl(40, s::F_GETFD).value_or(-1), 0);
  auto d = p9::dup(b.value(), -1, true);
  REQUIRE_OK(d);
  CHECK_EQ(s::fcntl(d.value(), s::F_GETFD).value_or(-1), s::FD_CLOEXEC);
  CHECK_EQ(p9::dup(b.value(), b.value()).value_or(-1), b.value());
  CHECK_ERR(p9::dup(999, -1), Errno::EBADF);
  const int opened[] = {a.value(), b.value(), 40, d.value()};
  for (int fd : opened) (void)p9::close(fd);
}

// The seed's scenario: a file opened twice and a pipe dup'd; the OCEXEC descriptor of each is
// closed; a spawned child still has the other, and the parent's flags are unchanged.
KTEST(closing_one_descriptor_never_changes_another) {
  make_file(kFile, 0644, "x");
  auto plain = p9::open(kFile, p9::OREAD);
  auto marked = p9::open(kFile, p9::OREAD | p9::OCEXEC);
  REQUIRE_OK(plain);
  REQUIRE_OK(marked);
  int pp[2];
  REQUIRE_OK(s::pipe2(pp, 0));
  auto pdup = p9::dup(pp[1], -1, true);  // the pipe's OCEXEC copy
  REQUIRE_OK(pdup);
  REQUIRE_OK(p9::close(marked.value()));
  REQUIRE_OK(p9::close(pdup.value()));
  bool has_file = false, has_pipe = false;
  CHECK(child_fd_count({}, plain.value(), &has_file) > 0);
  CHECK(child_fd_count({}, pp[1], &has_pipe) > 0);
  CHECK(has_file);
  CHECK(has_pipe);
  CHECK_EQ(s::fcntl(plain.value(), s::F_GETFD).value_or(-1), 0);
  CHECK_EQ(s::fcntl(pp[1], s::F_GETFD).value_or(-1), 0);
  (void)p9::close(plain.value());
  (void)s::close(pp[0]);
  (void)s::close(pp[1]);
  (void)p9::remove(kFile);
}

// A pipe as the child's stdin (the case that hung on 9front): the spawn returns at once and the
// child sees EOF when the parent closes its end.
KTEST(a_pipe_as_stdin_ends_with_eof) {
  int in[2];
  REQUIRE_OK(s::pipe2(in, s::O_CLOEXEC));
  auto null = s::open("/dev/null", s::O_WRONLY | s::O_CLOEXEC);
  REQUIRE_OK(null);
  const int files[3] = {in[0], null.value(), 2};
  SpawnAttr a;
  a.files = files;
  a.nfiles = 3;
  a.exact_files = true;
  const char* argv[] = {"cat", nullptr};
  auto pid = spawn("/bin/cat", argv, kEnv, a);
  REQUIRE_OK(pid);
  (void)s::close(in[0]);
  (void)s::write(in[1], "data\n", 5);
  REQUIRE_OK(s::close(in[1]));
  CHECK_EQ(wait_pid(pid.value()), 0);
  (void)s::close(null.value());
}

// exact_files with 200 unrelated descriptors open (half close-on-exec): the child has only its
// three; with close_range and with the /proc/self/fd walk.
KTEST(exact_files_gives_only_the_list) {
  int fds[200];
  for (int i = 0; i < 200; ++i)
    fds[i] = s::open("/dev/null", s::O_RDONLY | (i % 2 ? s::O_CLOEXEC : 0)).value_or(-1);
  const bool ways[] = {false, true};
  for (bool walk : ways) {
    rt::set_close_range_disabled(walk);
    SpawnAttr a;
    a.exact_files = true;
    bool has = true;
    const int n = child_fd_count(a, fds[0], &has);
    if (n != 3 || has) t.fail(__FILE__, __LINE__, walk ? "walk" : "close_range", ": child has ", n, " descriptors");
    // An ordinary spawn passes the ones without close-on-exec on, as exec does.
    SpawnAttr plain;
    CHECK(child_fd_count(plain, fds[0], &has) > 3 && has);
  }
  rt::set_close_range_disabled(false);
  for (int fd : fds) (void)s::close(fd);
}

namespace {
struct Churn {
  Atomic<int> stop{0};
  Atomic<int> leaks{0};
  Atomic<int> spawns{0};
  bool exact = false;
  bool inherited[1024] = {};  // 0..2 and what this program itself inherited without OCEXEC
};

// Makes and drops descriptors all the time: Plan 9 OCEXEC opens, and two-step ones (dup, then
// FD_CLOEXEC) under the ForkLock's read side, as user code must. Under QEMU 7.2 the OCEXEC
// descriptors come from p9::dup(cexec) of one opened beforehand, not from opens: QEMU's fork
// (what a spawn's clone becomes there) is not safe against another thread inside a system
// call that takes a path (its path-translation lock is copied held into the child, which then
// hangs in execve; seen with gdb in path() -> qemu_mutex_lock).
void* churner(void* p) {
  auto* c = static_cast<Churn*>(p);
  const int base = p9::open("/dev/null", p9::OREAD | p9::OCEXEC).value_or(-1);
  while (!c->stop.load()) {
    auto a = emulated() ? p9::dup(base, -1, true) : p9::open("/dev/null", p9::OREAD | p9::OCEXEC);
    if (a) {
      fork_lock().read_lock();
      auto b = s::dup(a.value());
      if (b) (void)s::fcntl(b.value(), s::F_SETFD, s::FD_CLOEXEC);
      fork_lock().read_unlock();
      if (b) (void)s::close(b.value());
      (void)p9::close(a.value());
    }
  }
  (void)p9::close(base);
  return nullptr;
}

void* spawner(void* p) {
  auto* c = static_cast<Churn*>(p);
  const int rounds = emulated() ? 4 : 25;
  for (int r = 0; r < rounds; ++r) {
    SpawnAttr a;
    a.exact_files = c->exact;
    // Anything beyond 0..2 (exact), or beyond those and what this program itself inherited
    // (ordinary), is a descriptor the child was not given.
    bool std_only[1024] = {true, true, true};
    // Under QEMU the spawners take turns (their /proc reads take paths; see churner); the race
    // under test, descriptors made while a spawn clones, is between them and the churners.
    static Mutex turns;
    if (emulated()) turns.lock();
    if (child_fd_count(a, -1, nullptr, c->exact ? std_only : c->inherited) != 0) c->leaks.fetch_add(1);
    if (emulated()) turns.unlock();
    c->spawns.fetch_add(1);
  }
  return nullptr;
}
}  // namespace

// Concurrent spawns from several threads while others open and dup descriptors: no child ever
// holds one it was not given, in the ordinary spawn and in exact_files (both ways of closing).
KTEST(concurrent_spawns_leak_nothing) {
  struct Mode {
    bool exact, walk;
  };
  const Mode modes[] = {{false, false}, {true, false}, {true, true}};
  for (Mode m : modes) {
    rt::set_close_range_disabled(m.walk);
    Churn c;
    c.exact = m.exact;
    for (int fd = 0; fd < 1024; ++fd) {
      auto f = s::fcntl(fd, s::F_GETFD);
      c.inherited[fd] = fd < 3 || (f.ok() && !(f.value() & s::FD_CLOEXEC));
    }
    threads::Thread* th[5];
    for (int i = 0; i < 5; ++i) {
      auto r = threads::create(i < 2 ? churner : spawner, &c);
      REQUIRE_OK(r);
      th[i] = r.value();
    }
    for (int i = 2; i < 5; ++i) REQUIRE_OK(threads::join(th[i]));
    c.stop.store(1);
    for (int i = 0; i < 2; ++i) REQUIRE_OK(threads::join(th[i]));
    if (c.leaks.load())
      t.fail(__FILE__, __LINE__, m.exact ? (m.walk ? "exact/walk" : "exact/close_range") : "ordinary", ": ",
             c.leaks.load(), " of ", c.spawns.load(), " children held a descriptor they were not given");
  }
  rt::set_close_range_disabled(false);
}

// Why a status pipe made in two steps must serialize spawns (research/go-semantics.md, seed 2,
// Go issue 61080), shown rather than asserted:
//   forklock_demo MODE ROUNDS THREADS      MODE = atomic | two-step | two-step-shared
// THREADS threads each spawn, ROUNDS times, a longer-lived child (/bin/sleep 0.3) and a short
// one (/bin/true), all at once. After each spawn the longer-lived child's descriptors are read
// from /proc: anything besides 0, 1 and 2 is a descriptor it was not given, in practice
// another spawn's status pipe, and that spawn then waits for the child to end before it sees
// EOF (counted too): with a child that never ends, the hang of Go 61080. (Descriptors this program itself
// inherited without close-on-exec go to every child and are not counted.) two-step-shared is keel's
// deliberately broken mode (two steps, write side shared): it should find some; two-step (the
// same pipes, serialized) and atomic (pipe2(O_CLOEXEC), shared) should find none.
#include "rt/keel.h"

using namespace keel;
namespace s = keel::sys;

namespace {

const char* const kEnv[] = {"PATH=/usr/bin:/bin", nullptr};
Atomic<int> g_leaky{0}, g_children{0}, g_failures{0}, g_delayed{0};
int g_rounds = 0;
bool g_inherited[1024];  // open at start without close-on-exec

long parse(const char* p) {
  long v = 0;
  while (*p >= '0' && *p <= '9') v = v * 10 + (*p++ - '0');
  return v;
}

// "/proc/<pid>/<leaf>" into path.
void proc_path(char* path, int pid, const char* leaf) {
  char* p = path;
  for (const char* h = "/proc/"; *h;) *p++ = *h++;
  char d[16];
  int n = 0;
  for (int v = pid; v; v /= 10) d[n++] = static_cast<char>('0' + v % 10);
  while (n) *p++ = d[--n];
  *p++ = '/';
  while (*leaf) *p++ = *leaf++;
  *p = 0;
}

// Waits until pid sleeps (its start-up is over: the dynamic loader's files are closed by
// then), up to 2 s.
void await_sleeping(int pid) {
  char path[64];
  proc_path(path, pid, "stat");
  for (int i = 0; i < 2000; ++i) {
    Result<int> fd = s::open(path, s::O_RDONLY | s::O_CLOEXEC);
    if (!fd) return;
    char buf[512];
    long got = s::read(fd.value(), buf, sizeof buf - 1).value_or(0);
    (void)s::close(fd.value());
    buf[got < 0 ? 0 : got] = 0;
    char* q = buf;
    for (char* c = buf; *c; ++c) if (*c == ')') q = c;
    if (q[0] == ')' && q[2] == 'S') return;
    sleep_for(1000 * 1000);
  }
}

// A descriptor every child gets without being given it: one this program inherited without
// close-on-exec (a shell's stray fds, say), or 0..2.
bool inherited(int fd) {
  if (fd <= 2) return true;
  return fd < 1024 && g_inherited[fd];
}

// Descriptors of pid other than those.
int extra_fds(int pid) {
  await_sleeping(pid);
  char path[64];
  proc_path(path, pid, "fd");
  Result<int> fd = s::open(path, s::O_RDONLY | s::O_DIRECTORY | s::O_CLOEXEC);
  if (!fd) return 0;
  int extra = 0;
  alignas(8) char buf[2048];
  for (;;) {
    Result<long> got = s::getdents64(fd.value(), buf, sizeof buf);
    if (!got || got.value() == 0) break;
    for (long off = 0; off < got.value();) {
      const char* name = buf + off + 19;  // struct linux_dirent64: ino, off, reclen, type, name
      const unsigned short reclen = *reinterpret_cast<unsigned short*>(buf + off + 16);
      if (name[0] != '.' && !inherited(static_cast<int>(parse(name)))) ++extra;
      off += reclen;
    }
  }
  (void)s::close(fd.value());
  return extra;
}

long now_ms() {
  s::Timespec t{};
  (void)s::clock_gettime(s::CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

void* worker(void*) {
  const char* sleeper[] = {"sleep", "0.3", nullptr};
  const char* tru[] = {"true", nullptr};
  for (int r = 0; r < g_rounds; ++r) {
    Result<int> hang = spawn("/bin/sleep", sleeper, kEnv);
    const long t0 = now_ms();
    Result<int> quick = spawn("/bin/true", tru, kEnv);
    // A spawn whose status pipe went to another spawn's long-lived child waits for that child
    // to end before it sees EOF: with a child that never ends, this is the hang.
    if (now_ms() - t0 > 150) g_delayed.fetch_add(1);
    if (hang) {
      g_children.fetch_add(1);
      if (extra_fds(hang.value()) > 0) g_leaky.fetch_add(1);
    } else {
      g_failures.fetch_add(1);
    }
    s::Siginfo si{};
    if (quick) (void)s::waitid(s::P_PID, quick.value(), &si, s::WEXITED);
    if (hang) (void)s::waitid(s::P_PID, hang.value(), &si, s::WEXITED);
  }
  return nullptr;
}

}  // namespace

int main(int argc, char** argv, char**) {
  if (argc != 4) {
    println(2, "usage: forklock_demo atomic|two-step|two-step-shared ROUNDS THREADS");
    return 2;
  }
  if (streq(argv[1], "atomic")) rt::set_status_pipe(rt::StatusPipe::kAtomic);
  else if (streq(argv[1], "two-step")) rt::set_status_pipe(rt::StatusPipe::kTwoStep);
  else if (streq(argv[1], "two-step-shared")) rt::set_status_pipe(rt::StatusPipe::kTwoStepShared);
  else return 2;
  for (int fd = 3; fd < 1024; ++fd) {
    Result<int> flags = s::fcntl(fd, s::F_GETFD);
    g_inherited[fd] = flags.ok() && !(flags.value() & s::FD_CLOEXEC);
  }
  g_rounds = static_cast<int>(parse(argv[2]));
  const int n = static_cast<int>(parse(argv[3]));
  threads::Thread* th[32];
  for (int i = 0; i < n && i < 32; ++i) th[i] = threads::create(worker, nullptr).value();
  for (int i = 0; i < n && i < 32; ++i) (void)threads::join(th[i]);
  println(1, argv[1], ": ", g_leaky.load(), " of ", g_children.load(),
          " long-lived children held a descriptor they were not given; ", g_delayed.load(),
          " spawns waited for another spawn's child to end (spawn failures: ", g_failures.load(), ")");
  return 0;
}

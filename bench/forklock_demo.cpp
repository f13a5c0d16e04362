// Why a status pipe made in two steps must serialize spawns (research/go-semantics.md, seed 2,
// Go issue 61080), shown rather than asserted:
//   forklock_demo MODE ROUNDS THREADS      MODE = atomic | two-step | two-step-shared
// THREADS threads each spawn, ROUNDS times, a long-lived child (/bin/cat on a pipe of ours)
// and a short one (/bin/true), all at once. After each spawn the long-lived child's
// descriptors are read from /proc: anything besides 0, 1 and 2 is a descriptor it was not
// given, in practice another spawn's status pipe, which (had the child lived on) would keep
// that spawn from ever seeing EOF: the hang of Go 61080. two-step-shared is keel's
// deliberately broken mode (two steps, write side shared): it should find some; two-step (the
// same pipes, serialized) and atomic (pipe2(O_CLOEXEC), shared) should find none.
#include "rt/keel.h"

using namespace keel;
namespace s = keel::sys;

namespace {

const char* const kEnv[] = {"PATH=/usr/bin:/bin", nullptr};
Atomic<int> g_leaky{0}, g_children{0}, g_failures{0};
int g_rounds = 0;

long parse(const char* p) {
  long v = 0;
  while (*p >= '0' && *p <= '9') v = v * 10 + (*p++ - '0');
  return v;
}

// Descriptors of pid other than 0, 1 and 2.
int extra_fds(int pid) {
  char path[64] = "/proc/";
  char* p = path + 6;
  char d[16];
  int n = 0;
  for (int v = pid; v; v /= 10) d[n++] = static_cast<char>('0' + v % 10);
  while (n) *p++ = d[--n];
  const char* tail = "/fd";
  while (*tail) *p++ = *tail++;
  *p = 0;
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
      if (name[0] != '.' && !(name[1] == 0 && name[0] >= '0' && name[0] <= '2')) ++extra;
      off += reclen;
    }
  }
  (void)s::close(fd.value());
  return extra;
}

void* worker(void*) {
  const char* cat[] = {"cat", nullptr};
  const char* tru[] = {"true", nullptr};
  for (int r = 0; r < g_rounds; ++r) {
    int in[2];
    if (!s::pipe2(in, s::O_CLOEXEC)) continue;
    const int files[3] = {in[0], 1, 2};
    SpawnAttr a;
    a.files = files;
    a.nfiles = 3;
    Result<int> hang = spawn("/bin/cat", cat, kEnv, a);
    Result<int> quick = spawn("/bin/true", tru, kEnv);
    (void)s::close(in[0]);
    if (hang) {
      g_children.fetch_add(1);
      if (extra_fds(hang.value()) > 0) g_leaky.fetch_add(1);
    } else {
      g_failures.fetch_add(1);
    }
    s::Siginfo si{};
    if (quick) (void)s::waitid(s::P_PID, quick.value(), &si, s::WEXITED);
    (void)s::close(in[1]);  // cat sees EOF and ends, letting go of whatever it held
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
  g_rounds = static_cast<int>(parse(argv[2]));
  const int n = static_cast<int>(parse(argv[3]));
  threads::Thread* th[32];
  for (int i = 0; i < n && i < 32; ++i) th[i] = threads::create(worker, nullptr).value();
  for (int i = 0; i < n && i < 32; ++i) (void)threads::join(th[i]);
  println(1, argv[1], ": ", g_leaky.load(), " of ", g_children.load(),
          " long-lived children held a descriptor they were not given (spawn failures: ",
          g_failures.load(), ")");
  return 0;
}

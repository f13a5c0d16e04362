// `make run`: what keel gives a program, in one short run.
//   1. worker threads that keel owns, parked in its condition variable;
//   2. a process-wide privilege drop (as root): setgroups, setresgid, setresuid reach every
//      thread, checked in each thread's /proc status; not as root, a process-wide prctl shows
//      the same mechanism and the drop is skipped with a line saying so;
//   3. a spawned child whose fd 1 is our pipe and fd 3 a file of ours, waited for through its
//      process handle.
#include "rt/keel.h"

using namespace keel;
namespace s = keel::sys;

namespace {

Mutex g_m;
CondVar g_cv;
bool g_done = false;

void* worker(void*) {
  LockGuard g(g_m);
  while (!g_done) g_cv.wait(g_m);
  return nullptr;
}

long now_us() {
  s::Timespec t{};
  (void)s::clock_gettime(s::CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1000000L + t.tv_nsec / 1000;
}

// The "Uid:" line of a thread's status, tabs shown as spaces.
void uid_line(int tid, char* out, unsigned long cap) {
  char path[64] = "/proc/self/task/";
  char* p = path + 16;
  char d[16];
  int n = 0;
  for (int v = tid; v; v /= 10) d[n++] = static_cast<char>('0' + v % 10);
  while (n) *p++ = d[--n];
  const char* tail = "/status";
  while (*tail) *p++ = *tail++;
  *p = 0;
  out[0] = 0;
  Result<int> fd = s::open(path, s::O_RDONLY | s::O_CLOEXEC);
  if (!fd) return;
  char buf[2048];
  long got = s::read(fd.value(), buf, sizeof buf - 1).value_or(0);
  (void)s::close(fd.value());
  buf[got] = 0;
  for (char* line = buf; *line;) {
    char* end = line;
    while (*end && *end != '\n') ++end;
    if (memcmp(line, "Uid:", 4) == 0) {
      unsigned long k = 0;
      for (char* c = line; c < end && k + 1 < cap; ++c) out[k++] = *c == '\t' ? ' ' : *c;
      out[k] = 0;
      return;
    }
    line = *end ? end + 1 : end;
  }
}

}  // namespace

int main(int, char** argv, char**) {
  const long t0 = now_us();
  println(1, "keel demo: ", argv[0], ", pid ", s::getpid().value());

  // 1. Threads.
  constexpr int kWorkers = 4;
  threads::Thread* w[kWorkers];
  for (auto& t : w) {
    Result<threads::Thread*> r = threads::create(worker, nullptr);
    if (!r) {
      println(2, "threads::create: ", r.error());
      return 1;
    }
    t = r.value();
  }
  sleep_for(20 * 1000 * 1000);
  {
    Writer out(1);
    out.put("threads: ").put(threads::count()).put(" (main and ").put(kWorkers)
        .put(" workers parked in a condition variable), tids");
    threads::for_each([&](threads::Thread& t) { out.put(' ').put(t.tid.load()); });
    out.put('\n');
  }

  // 2. A process-wide privilege drop.
  if (s::raw(nr::geteuid) == 0) {
    static const uint32_t none[1] = {};
    Result<void> r = setgroups(none, 0);
    if (r) r = setresgid(65534, 65534, 65534);
    if (r) r = setresuid(65534, 65534, 65534);
    if (!r) {
      println(2, "privilege drop: ", r.error());
      return 1;
    }
    int same = 0, total = 0;
    threads::for_each([&](threads::Thread& t) {
      char line[128];
      uid_line(t.tid.load(), line, sizeof line);
      ++total;
      if (streq(line, "Uid: 65534 65534 65534 65534")) ++same;
    });
    println(1, "credentials: dropped to uid/gid 65534 with keel::setgroups/setresgid/setresuid; ",
            same, " of ", total, " threads show \"Uid: 65534 65534 65534 65534\" in /proc");
  } else {
    Result<long> r = all_threads_syscall(nr::prctl, s::PR_SET_KEEPCAPS, 1);
    println(1, "credentials: skipped the privilege drop: not running as root (euid ",
            s::raw(nr::geteuid), "); an all-threads prctl(PR_SET_KEEPCAPS) reached all ",
            threads::count(), " threads instead: ", r ? "ok" : errno_name(r.error()));
  }

  // 3. A child with a remapped descriptor table, waited for through its handle.
  int out[2];
  if (!s::pipe2(out, s::O_CLOEXEC)) return 1;
  Result<int> file = s::open("/proc/self/exe", s::O_RDONLY | s::O_CLOEXEC);  // any file of ours
  const int files[4] = {0, out[1], 2, file.value_or(-1)};
  SpawnAttr a;
  a.files = files;
  a.nfiles = 4;
  const char* sh[] = {"sh", "-c", "echo \"child: pid $$, fd 3 is $(readlink /proc/$$/fd/3)\"", nullptr};
  Process p;
  SpawnFailure why;
  if (Result<void> r = p.startp("sh", sh, nullptr, a, &why); !r) {
    println(2, "spawn sh: ", why);
    return 1;
  }
  (void)s::close(out[1]);
  char buf[512];
  long n = 0;
  for (;;) {
    Result<long> got = s::read(out[0], buf + n, sizeof buf - 1 - n);
    if (!got || got.value() == 0) break;
    n += got.value();
  }
  buf[n] = 0;
  (void)s::close(out[0]);
  if (file) (void)s::close(file.value());
  ProcessState st;
  Result<void> w_r = p.wait(&st);
  print(1, "spawn: /bin/sh with fd 1 = our pipe and fd 3 = a file of ours, handle in ",
        p.uses_pidfd() ? "pidfd" : "pid", " mode; ", buf);
  println(1, "wait: pid ", st.pid, " ", w_r ? (st.success() ? "exited 0" : "failed") : errno_name(w_r.error()));

  {
    LockGuard g(g_m);
    g_done = true;
    g_cv.broadcast();
  }
  for (auto* t : w) (void)threads::join(t);
  println(1, "done: all threads joined, ", (now_us() - t0) / 1000, " ms");
  return 0;
}

// keel's spawn+wait (bench/spawn.sh runs it beside glibc's and musl's posix_spawn, fork+exec,
// vfork+exec and Go's os/exec, with the same command line and output):
//   spawn_keel ITERS CHILD THREADS RSS_MB
// touches RSS_MB MiB first, then spawns and waits for the static program CHILD (no arguments,
// empty environment, stdout and stderr on /dev/null) ITERS times across THREADS threads; prints
// microseconds per spawn+wait (wall time / ITERS).
#include "rt/keel.h"

using namespace keel;
namespace s = keel::sys;

namespace {

long parse(const char* p) {
  long v = 0;
  while (*p >= '0' && *p <= '9') v = v * 10 + (*p++ - '0');
  return v;
}

long now_ns() {
  s::Timespec t{};
  (void)s::clock_gettime(s::CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1000000000L + t.tv_nsec;
}

struct Job {
  const char* child;
  long iters;
  int null_fd;
  Event* go;
  Atomic<int>* failures;
  int cpu;  // -1: wherever the scheduler puts it
};

void* spawner(void* p) {
  Job& j = *static_cast<Job*>(p);
  if (j.cpu >= 0) {  // each spawner (and so its children) on a CPU of its own
    unsigned long mask = 1UL << j.cpu;
    (void)s::raw(nr::sched_setaffinity, 0, sizeof mask, &mask);
  }
  j.go->wait();
  const char* argv[] = {j.child, nullptr};
  const char* envp[] = {nullptr};
  const int files[3] = {0, j.null_fd, j.null_fd};
  SpawnAttr a;
  a.files = files;
  a.nfiles = 3;
  for (long i = 0; i < j.iters; ++i) {
    Result<int> pid = spawn(j.child, argv, envp, a);
    s::Siginfo si{};
    if (!pid || !s::waitid(s::P_PID, pid.value(), &si, s::WEXITED) ||
        s::si_code(si) != s::CLD_EXITED || si.u.chld.status != 0)
      j.failures->fetch_add(1);
  }
  return nullptr;
}

}  // namespace

int main(int argc, char** argv, char**) {
  if (argc != 5) {
    println(2, "usage: spawn_keel ITERS CHILD THREADS RSS_MB");
    return 2;
  }
  const long iters = parse(argv[1]);
  const int nthreads = static_cast<int>(parse(argv[3]));
  const long rss_mb = parse(argv[4]);
  if (iters < 1 || nthreads < 1 || nthreads > 64) return 2;
  if (rss_mb > 0) {
    const unsigned long bytes = static_cast<unsigned long>(rss_mb) << 20;
    Result<void*> m = pages_alloc(bytes);
    if (!m) {
      println(2, "mmap ", rss_mb, " MiB: ", m.error());
      return 2;
    }
    for (unsigned long off = 0; off < bytes; off += page_size()) static_cast<char*>(m.value())[off] = 1;
  }
  Result<int> null_fd = s::open("/dev/null", s::O_WRONLY | s::O_CLOEXEC);
  if (!null_fd) return 2;
  Event go;
  Atomic<int> failures{0};
  Job jobs[64];
  threads::Thread* th[64];
  for (int i = 0; i < nthreads; ++i) {
    jobs[i] = {argv[2], iters / nthreads + (i < iters % nthreads ? 1 : 0), null_fd.value(), &go,
               &failures, getenv("SPAWN_PIN_THREADS") ? i : -1};
    Result<threads::Thread*> t = threads::create(spawner, &jobs[i]);
    if (!t) return 2;
    th[i] = t.value();
  }
  sleep_for(10 * 1000 * 1000);  // every spawner waiting at the start line
  const long t0 = now_ns();
  go.set();
  for (int i = 0; i < nthreads; ++i) (void)threads::join(th[i]);
  const long ns = (now_ns() - t0) / iters;
  if (failures.load()) {
    println(2, failures.load(), " spawns failed");
    return 1;
  }
  println(1, ns / 1000, '.', (ns % 1000) / 100);
  return 0;
}

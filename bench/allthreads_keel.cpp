// keel's side of the all-threads credential benchmark (bench/allthreads.sh runs it beside
// glibc, musl, libpsx, Go and the floor, with the same command line and output):
//   allthreads_keel MODE N K   MODE = cv | read, N other threads, K timed calls
//   stdout: median microseconds per call; stderr: "# mean X p90 Y", "# verified T tasks"
// The N threads wait in keel's condition variable (cv) or in a raw read(2) of an empty pipe
// (read); each call is keel::setresgid(-1, g, -1), g alternating 1001/1002, as root.
#include "rt/keel.h"

using namespace keel;

namespace {

bool g_read_mode = false;
int g_pipe[2];
Mutex g_m;
CondVar g_cv;
bool g_done = false;
Atomic<int> g_ready{0};

long parse(const char* s) {
  long v = 0;
  while (*s >= '0' && *s <= '9') v = v * 10 + (*s++ - '0');
  return v;
}

long now_ns() {
  sys::Timespec t{};
  (void)sys::clock_gettime(sys::CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1000000000L + t.tv_nsec;
}

void* worker(void*) {
  g_ready.fetch_add(1);
  if (g_read_mode) {
    char b;
    (void)sys::raw(nr::read, g_pipe[0], &b, 1);
  } else {
    LockGuard g(g_m);
    while (!g_done) g_cv.wait(g_m);
  }
  return nullptr;
}

// Reads a whole small /proc file into buf (NUL-terminated); false if it cannot.
bool slurp(const char* path, char* buf, unsigned long cap) {
  auto fd = sys::open(path, sys::O_RDONLY | sys::O_CLOEXEC);
  if (!fd) return false;
  long got = 0;
  for (;;) {
    auto n = sys::read(fd.value(), buf + got, cap - 1 - got);
    if (!n || n.value() == 0) break;
    got += n.value();
  }
  (void)sys::close(fd.value());
  buf[got] = 0;
  return true;
}

// "/proc/self/task/<tid>/<leaf>" into out.
void task_path(char* out, int tid, const char* leaf) {
  char digits[16];
  int n = 0;
  for (unsigned v = static_cast<unsigned>(tid); v || n == 0; v /= 10) digits[n++] = static_cast<char>('0' + v % 10);
  const char* pre = "/proc/self/task/";
  while (*pre) *out++ = *pre++;
  while (n) *out++ = digits[--n];
  *out++ = '/';
  while (*leaf) *out++ = *leaf++;
  *out = 0;
}

// Every thread sleeps in its call (state S), then 50 ms more.
void wait_all_blocked(int n) {
  while (g_ready.load() < n) sleep_for(1000000);
  for (int tries = 0; tries < 5000; ++tries) {
    int blocked = 0;
    threads::for_each([&](threads::Thread& t) {
      if (&t == threads::current()) return;
      char path[64], buf[512];
      task_path(path, t.tid.load(), "stat");
      if (!slurp(path, buf, sizeof buf)) return;
      char* p = buf;
      for (char* q = buf; *q; ++q) if (*q == ')') p = q;
      if (p[0] == ')' && p[1] == ' ' && p[2] == 'S') ++blocked;
    });
    if (blocked == n) break;
    sleep_for(1000000);
  }
  sleep_for(50000000);
}

// Every keel thread shows egid `want` in its status; returns the number checked, or -1.
int verify(unsigned want) {
  int tasks = 0, bad = 0;
  threads::for_each([&](threads::Thread& t) {
    char path[64], buf[4096];
    task_path(path, t.tid.load(), "status");
    ++tasks;
    if (!slurp(path, buf, sizeof buf)) { ++bad; return; }
    for (char* line = buf; *line;) {
      if (keel::memcmp(line, "Gid:\t", 5) == 0) {
        char* p = line + 5;
        while (*p >= '0' && *p <= '9') ++p;  // real
        ++p;                                  // tab
        if (static_cast<unsigned>(parse(p)) != want) ++bad;
        break;
      }
      while (*line && *line != '\n') ++line;
      if (*line) ++line;
    }
  });
  if (bad) {
    println(2, "FAIL: ", bad, " of ", tasks, " threads lack egid ", want);
    return -1;
  }
  println(2, "# verified ", tasks, " tasks");
  return tasks;
}

void put_us(Writer& w, long ns) {
  w.put(ns / 1000).put('.');
  long frac = (ns % 1000) / 10;
  if (frac < 10) w.put('0');
  w.put(frac);
}

void sort(long* v, int n) {
  for (int i = 1; i < n; ++i)
    for (int j = i; j > 0 && v[j - 1] > v[j]; --j) {
      long t = v[j];
      v[j] = v[j - 1];
      v[j - 1] = t;
    }
}

}  // namespace

int main(int argc, char** argv, char**) {
  if (argc != 4 || (!streq(argv[1], "cv") && !streq(argv[1], "read"))) {
    println(2, "usage: allthreads_keel cv|read N K");
    return 2;
  }
  g_read_mode = streq(argv[1], "read");
  const int n = static_cast<int>(parse(argv[2]));
  const int k = static_cast<int>(parse(argv[3]));
  if (k < 1 || k > 100000) return 2;
  if (g_read_mode && !sys::pipe2(g_pipe, sys::O_CLOEXEC)) return 2;
  auto th = pages_alloc(sizeof(threads::Thread*) * (n + 1));
  auto lat_pages = pages_alloc(sizeof(long) * k);
  if (!th || !lat_pages) return 2;
  auto** t = static_cast<threads::Thread**>(th.value());
  long* lat = static_cast<long*>(lat_pages.value());
  threads::Attr attr;
  attr.stack_size = 64 * 1024;
  for (int i = 0; i < n; ++i) {
    auto r = threads::create(worker, nullptr, attr);
    if (!r) {
      println(2, "create ", i, ": ", r.error());
      return 2;
    }
    t[i] = r.value();
  }
  wait_all_blocked(n);
  unsigned g = 1001;
  for (int i = 0; i < 5 + k; ++i) {
    g = (i & 1) ? 1002 : 1001;
    long t0 = now_ns();
    Result<void> r = setresgid(kKeepId, g, kKeepId);
    long t1 = now_ns();
    if (!r) {
      println(2, "setresgid(-1, ", g, ", -1): ", r.error());
      return 1;
    }
    if (i >= 5) lat[i - 5] = t1 - t0;
  }
  long sum = 0;
  for (int i = 0; i < k; ++i) sum += lat[i];
  sort(lat, k);
  long med = (k & 1) ? lat[k / 2] : (lat[k / 2 - 1] + lat[k / 2]) / 2;
  {
    Writer w(1);
    put_us(w, med);
    w.put('\n');
  }
  {
    Writer w(2);
    w.put("# mean ");
    put_us(w, sum / k);
    w.put(" p90 ");
    put_us(w, lat[(9 * k + 9) / 10 - 1]);
    auto st = rt::all_threads_stats();
    w.put(" (threads reached by futex ").put(st.by_futex).put(", by signal ").put(st.by_signal).put(")\n");
  }
  int rc = verify(g) == n + 1 ? 0 : 1;
  if (g_read_mode) {
    (void)sys::close(g_pipe[1]);
  } else {
    LockGuard l(g_m);
    g_done = true;
    g_cv.broadcast();
  }
  for (int i = 0; i < n; ++i) (void)threads::join(t[i]);
  return rc;
}

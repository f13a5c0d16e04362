// keel's thread create+join (bench/allthreads.sh runs it beside glibc's and musl's pthreads):
//   threads_keel ITERS   -> nanoseconds per threads::create + threads::join, on stdout
// Default attributes and an empty body, as the peers.
#include "rt/keel.h"

using namespace keel;

int main(int argc, char** argv, char**) {
  long iters = 0;
  if (argc == 2)
    for (const char* s = argv[1]; *s >= '0' && *s <= '9'; ++s) iters = iters * 10 + (*s - '0');
  if (iters < 1) {
    println(2, "usage: threads_keel ITERS");
    return 2;
  }
  sys::Timespec a{}, b{};
  (void)sys::clock_gettime(sys::CLOCK_MONOTONIC, &a);
  for (long i = 0; i < iters; ++i) {
    auto t = threads::create([](void* p) -> void* { return p; }, nullptr);
    if (!t) {
      println(2, "create: ", t.error());
      return 1;
    }
    if (auto r = threads::join(t.value()); !r) {
      println(2, "join: ", r.error());
      return 1;
    }
  }
  (void)sys::clock_gettime(sys::CLOCK_MONOTONIC, &b);
  println(1, ((b.tv_sec - a.tv_sec) * 1000000000L + (b.tv_nsec - a.tv_nsec)) / iters);
  return 0;
}

// Null-syscall cost through keel's typed wrapper against the same loop around a hand-written
// inline-asm getppid (amd64). Both loops check every result for an error and add up the
// values (as pid_t, getppid's type), so the compiler cannot drop the calls.
//   nullsys_keel wrapper|rawasm N   -> prints "<mode> <ns per call>"
#include "rt/keel.h"

using namespace keel;

namespace {

inline long raw_getppid() {
  long r;
  __asm__ volatile("syscall" : "=a"(r) : "a"(nr::getppid) : "rcx", "r11", "memory");
  return r;
}

long now_ns() {
  sys::Timespec t{};
  (void)sys::clock_gettime(sys::CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1000000000L + t.tv_nsec;
}

long parse(const char* s) {
  long v = 0;
  while (*s >= '0' && *s <= '9') v = v * 10 + (*s++ - '0');
  return v;
}

}  // namespace

__attribute__((noinline)) long loop_wrapper(long n) {
  long sum = 0;
  for (long i = 0; i < n; ++i) {
    auto r = sys::getppid();
    if (!r) return -1;
    sum += r.value();
  }
  return sum;
}

__attribute__((noinline)) long loop_rawasm(long n) {
  long sum = 0;
  for (long i = 0; i < n; ++i) {
    long r = raw_getppid();
    if (is_error_return(r)) return -1;
    sum += static_cast<int>(r);  // getppid's value is a pid_t, as the wrapper's is
  }
  return sum;
}

int main(int argc, char** argv, char**) {
  if (argc != 3) {
    println(2, "usage: nullsys_keel wrapper|rawasm N");
    return 2;
  }
  long n = parse(argv[2]);
  bool wrapper = streq(argv[1], "wrapper");
  long t0 = now_ns();
  long sum = wrapper ? loop_wrapper(n) : loop_rawasm(n);
  long t1 = now_ns();
  if (sum < 0) return 1;
  // Fixed point with two decimals, without floating point.
  long centi = (t1 - t0) * 100 / (n ? n : 1);
  Writer w(1);
  w.put(argv[1]), w.put(' '), w.put_dec(centi / 100), w.put('.');
  if (centi % 100 < 10) w.put('0');
  w.put_dec(centi % 100), w.put('\n');
  return 0;
}

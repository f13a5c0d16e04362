// Helpers the target test programs share.
#pragma once

#include "tests/target/harness.h"

namespace ktest {

inline void sleep_ms(long ms) { keel::sleep_for(ms * 1000000L); }

inline bool contains(const char* hay, const char* needle) {
  for (; *hay; ++hay) {
    const char* a = hay;
    const char* b = needle;
    while (*a && *b && *a == *b) ++a, ++b;
    if (!*b) return true;
  }
  return false;
}

// Reads fd to its end into buf (NUL-terminated, at most cap-1 bytes); returns the length.
inline long read_all(int fd, char* buf, unsigned long cap) {
  unsigned long got = 0;
  for (;;) {
    auto n = keel::sys::read(fd, buf + got, cap - 1 - got);
    if (!n && n.error() == keel::Errno::EINTR) continue;
    if (!n || n.value() == 0) break;
    got += n.value();
    if (got == cap - 1) break;
  }
  buf[got] = 0;
  return static_cast<long>(got);
}

// Appends the decimal digits of v to p; returns the new end (NUL-terminated).
inline char* put_num(char* p, long v) {
  if (v < 0) *p++ = '-', v = -v;
  char d[24];
  int n = 0;
  do d[n++] = static_cast<char>('0' + v % 10); while (v /= 10);
  while (n) *p++ = d[--n];
  *p = 0;
  return p;
}

inline char* put_str(char* p, const char* s) {
  while (*s) *p++ = *s++;
  *p = 0;
  return p;
}

// Under QEMU user mode (tools/cross/run says so through KEEL_RUNNER), where each spawn costs
// milliseconds: loops run fewer rounds there.
inline bool emulated() {
  const char* r = keel::getenv("KEEL_RUNNER");
  return r && !keel::streq(r, "native");
}

inline bool is_root() { return keel::sys::raw(keel::nr::geteuid) == 0; }

// Runs fn in a forked child (threads::fork: the child's list holds only itself) with its
// stderr on a pipe; returns the child's exit status (128 + signal if killed, -1 if it could
// not run) and what it wrote to stderr.
template <class F>
int in_child(F fn, char* err, unsigned long cap) {
  namespace s = keel::sys;
  int p[2];
  if (!s::pipe2(p, s::O_CLOEXEC)) return -1;
  auto pid = keel::threads::fork();
  if (!pid) return -1;
  if (pid.value() == 0) {
    (void)s::dup3(p[1], 2, 0);
    s::exit_group(fn());
  }
  (void)s::close(p[1]);
  read_all(p[0], err, cap);
  (void)s::close(p[0]);
  s::Siginfo si{};
  if (!s::waitid(s::P_PID, pid.value(), &si, s::WEXITED)) return -1;
  return s::si_code(si) == s::CLD_EXITED ? si.u.chld.status : 128 + si.u.chld.status;
}

}  // namespace ktest

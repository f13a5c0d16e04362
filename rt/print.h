// Writing text and numbers to a descriptor without allocating. A Writer collects into a
// buffer on the caller's stack and flushes with one write(2) when full and when it is
// destroyed, so one print(...) is normally one system call and lines from different threads
// do not interleave mid-line.
//
//   keel::println(1, "hello from ", keel::process().argv[0], ", pid ", pid);
//   keel::println(2, "open: ", r.error());          // prints the errno's name: "open: ENOENT"
#pragma once

#include <cstddef>
#include <type_traits>

#include "sys/result.h"

namespace keel {

// An unsigned value to print in hex: print(1, Hex{x}) gives "0x1f".
struct Hex {
  unsigned long long v;
  int min_digits = 1;
};

class Writer {
 public:
  explicit Writer(int fd) : fd_(fd) {}
  ~Writer() { flush(); }
  Writer(const Writer&) = delete;
  Writer& operator=(const Writer&) = delete;

  Writer& put(const char* s, size_t n);
  Writer& put(const char* s);
  Writer& put(char c) { return put(&c, 1); }
  Writer& put_dec(long long v);
  Writer& put_udec(unsigned long long v);
  Writer& put(Hex h);
  Writer& put(Errno e);
  Writer& put(bool b) { return put(b ? "true" : "false"); }
  // Any type with a write_to(Writer&, const T&) found by argument-dependent lookup.
  template <class T>
    requires requires(Writer& w, const T& v) { write_to(w, v); }
  Writer& put(const T& v) {
    write_to(*this, v);
    return *this;
  }
  // Any integer type.
  template <class T>
    requires std::is_integral_v<T>
  Writer& put(T v) {
    if constexpr (std::is_signed_v<T>) return put_dec(v);
    else return put_udec(v);
  }
  // Writes what is buffered; returns false if the descriptor refused it.
  bool flush();

 private:
  int fd_;
  size_t n_ = 0;
  bool failed_ = false;
  char buf_[512];
};

template <class... A>
void print(int fd, const A&... a) {
  Writer w(fd);
  (w.put(a), ...);
}

template <class... A>
void println(int fd, const A&... a) {
  Writer w(fd);
  (w.put(a), ...);
  w.put('\n');
}

}  // namespace keel

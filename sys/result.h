// Result<T>: the value of a system call or the Errno it failed with. keel has no errno global;
// every fallible call returns one of these.
//
// A raw stub returns one long: a value, or -errno in the range [-4095, -1] (every arch stub in
// arch/ normalises to this, whatever the architecture does underneath). Result<T> keeps that
// one word, so a typed wrapper costs nothing beyond the range check the caller would do anyway.
#pragma once

#include <cstdint>
#include <type_traits>

#include "errnos.h"  // sys/<arch>/errnos.h: enum class Errno with this architecture's values

namespace keel {

// True when a raw syscall return is an error (-4095..-1), the Linux convention.
constexpr bool is_error_return(long raw) { return static_cast<unsigned long>(raw) > -4096UL; }

template <class T>
class [[nodiscard]] Result {
 public:
  // From a raw syscall return: a value, or -errno.
  static constexpr Result from_raw(long raw) { return Result(RawTag{}, raw); }
  constexpr Result(T value) : raw_(to_raw(value)) {}  // NOLINT: implicit, as a return value
  constexpr Result(Errno e) : raw_(-static_cast<long>(e)) {}

  constexpr bool ok() const { return !is_error_return(raw_); }
  constexpr explicit operator bool() const { return ok(); }
  constexpr Errno error() const { return ok() ? Errno{0} : static_cast<Errno>(-raw_); }
  // The value; only meaningful when ok().
  constexpr T value() const { return from_word(raw_); }
  constexpr T value_or(T fallback) const { return ok() ? value() : fallback; }
  constexpr long raw() const { return raw_; }

 private:
  struct RawTag {};
  constexpr Result(RawTag, long raw) : raw_(raw) {}
  static constexpr long to_raw(T v) {
    if constexpr (std::is_pointer_v<T>) return reinterpret_cast<long>(v);
    else return static_cast<long>(v);
  }
  static constexpr T from_word(long w) {
    if constexpr (std::is_pointer_v<T>) return reinterpret_cast<T>(w);
    else return static_cast<T>(w);
  }
  long raw_;
};

// Result<void>: success or an Errno.
template <>
class [[nodiscard]] Result<void> {
 public:
  static constexpr Result from_raw(long raw) { return Result(RawTag{}, is_error_return(raw) ? raw : 0); }
  constexpr Result() : raw_(0) {}
  constexpr Result(Errno e) : raw_(-static_cast<long>(e)) {}
  constexpr bool ok() const { return raw_ == 0; }
  constexpr explicit operator bool() const { return ok(); }
  constexpr Errno error() const { return static_cast<Errno>(-raw_); }
  constexpr long raw() const { return raw_; }

 private:
  struct RawTag {};
  constexpr Result(RawTag, long raw) : raw_(raw) {}
  long raw_;
};

// Result<int64_t> on a 32-bit architecture does not fit the one-word form (a file offset above
// 2 GiB would look like an error); the wide form keeps the value and the error apart.
template <class T>
  requires(sizeof(T) > sizeof(long))
class [[nodiscard]] Result<T> {
 public:
  constexpr Result(T value) : value_(value), err_(0) {}  // NOLINT
  constexpr Result(Errno e) : value_(0), err_(static_cast<int>(e)) {}
  constexpr bool ok() const { return err_ == 0; }
  constexpr explicit operator bool() const { return ok(); }
  constexpr Errno error() const { return static_cast<Errno>(err_); }
  constexpr T value() const { return value_; }
  constexpr T value_or(T fallback) const { return ok() ? value_ : fallback; }

 private:
  T value_;
  int err_;
};

// The name of an errno value ("ENOENT"), or nullptr if this architecture has none for it.
const char* errno_name(Errno e);

// keel's own errors, in the same Result<T>: numbers above every architecture's errnos (mips64le's
// largest is 1133) and inside the -4095..-1 range a raw return can carry. errno_name knows them.
namespace err {
inline constexpr Errno kProcessDone = static_cast<Errno>(4001);        // it has ended (and been waited for)
inline constexpr Errno kProcessReleased = static_cast<Errno>(4002);    // its handle was released
inline constexpr Errno kProcessNotInitialized = static_cast<Errno>(4003);  // a handle with no process
}  // namespace err

}  // namespace keel

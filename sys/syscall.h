// The raw system call, for any architecture: keel::sys::raw(nr::getppid) picks the arch stub
// of the right arity (arch/<arch>/arch.h) and converts the arguments to registers. Returns the
// kernel's word: a value or -errno. Typed wrappers (sys/calls.h) build on this.
#pragma once

#include <type_traits>

#include "arch.h"     // arch/<arch>/arch.h: syscall0..6, thread pointer, clone order
#include "consts.h"   // sys/<arch>/consts.h: generated kernel constants
#include "sys/result.h"
#include "sysno.h"    // sys/<arch>/sysno.h: generated syscall numbers

namespace keel::sys {

// A syscall argument as the register-sized long the stubs take.
template <class T>
inline long reg(T v) {
  if constexpr (std::is_pointer_v<T>) return reinterpret_cast<long>(v);
  else if constexpr (std::is_same_v<T, decltype(nullptr)>) return 0;
  else return static_cast<long>(v);
}

template <class... A>
inline long raw(long n, A... a) {
  static_assert(sizeof...(A) <= 6, "Linux system calls take at most six arguments");
  if constexpr (sizeof...(A) == 0) return arch::syscall0(n);
  else if constexpr (sizeof...(A) == 1) return arch::syscall1(n, reg(a)...);
  else if constexpr (sizeof...(A) == 2) return arch::syscall2(n, reg(a)...);
  else if constexpr (sizeof...(A) == 3) return arch::syscall3(n, reg(a)...);
  else if constexpr (sizeof...(A) == 4) return arch::syscall4(n, reg(a)...);
  else if constexpr (sizeof...(A) == 5) return arch::syscall5(n, reg(a)...);
  else return arch::syscall6(n, reg(a)...);
}

// raw() as a Result<T>.
template <class T = long, class... A>
inline Result<T> call(long n, A... a) {
  return Result<T>::from_raw(raw(n, a...));
}

// The 32-bit architectures (386, arm), where 64-bit values travel as register pairs, time
// goes through the *_time64 calls and the uid/gid calls have *32 variants. A macro, not a
// constant, because the other architectures have no such call numbers to name.
#define KEEL_ILP32 (__SIZEOF_LONG__ == 4)

}  // namespace keel::sys

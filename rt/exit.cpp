// exit() and the C++ ABI hooks a freestanding program still needs: __cxa_atexit records the
// destructors of the program's static objects, exit runs them in reverse, __dso_handle
// identifies this (the only) module.
#include "rt/atomic.h"
#include "rt/process.h"
#include "sys/calls.h"

extern "C" {
void* __dso_handle = &__dso_handle;
}

namespace keel {
namespace {

struct AtExit {
  void (*fn)(void*);
  void* arg;
};

// A fixed table: no heap in keel. 64 static objects with destructors is generous for the
// programs keel is for; registration past that fails as the ABI allows.
constexpr int kMaxAtExit = 64;
AtExit g_atexit[kMaxAtExit];
Atomic<int> g_atexit_count{0};

}  // namespace

[[noreturn]] void exit(int status) {
  for (int i = g_atexit_count.exchange(0); i-- > 0;) g_atexit[i].fn(g_atexit[i].arg);
  sys::exit_group(status);
}

}  // namespace keel

extern "C" int __cxa_atexit(void (*fn)(void*), void* arg, void* /*dso*/) {
  int i = keel::g_atexit_count.fetch_add(1);
  if (i >= keel::kMaxAtExit) {
    keel::g_atexit_count.fetch_sub(1);
    return -1;
  }
  keel::g_atexit[i] = {fn, arg};
  return 0;
}

extern "C" [[noreturn]] void __cxa_pure_virtual() {
  static const char msg[] = "keel: pure virtual function called\n";
  (void)keel::sys::write(2, msg, sizeof msg - 1);
  keel::sys::exit_group(127);
}

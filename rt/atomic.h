// Atomic<T>: a thin wrapper over the compiler's __atomic builtins.
//
// Why not <atomic>: with -std=c++20, GCC 12's libstdc++ <atomic> includes its atomic-wait
// support, which pulls in glibc's <unistd.h>, <syscall.h> and <sched.h> (the header is built
// "hosted", whatever -ffreestanding says). keel must not depend on a libc's headers, so it uses
// the builtins directly; the compilers lower them inline (see toolchain-notes for arm64's
// -mno-outline-atomics).
#pragma once

namespace keel {

enum class Order : int {
  relaxed = __ATOMIC_RELAXED,
  acquire = __ATOMIC_ACQUIRE,
  release = __ATOMIC_RELEASE,
  acq_rel = __ATOMIC_ACQ_REL,
  seq_cst = __ATOMIC_SEQ_CST,
};

template <class T>
class Atomic {
 public:
  constexpr Atomic() : v_() {}
  constexpr Atomic(T v) : v_(v) {}  // NOLINT: Atomic<int> a = 0;
  Atomic(const Atomic&) = delete;
  Atomic& operator=(const Atomic&) = delete;

  T load(Order o = Order::seq_cst) const { return __atomic_load_n(&v_, int(o)); }
  void store(T v, Order o = Order::seq_cst) { __atomic_store_n(&v_, v, int(o)); }
  T exchange(T v, Order o = Order::seq_cst) { return __atomic_exchange_n(&v_, v, int(o)); }
  // On failure `expected` receives the current value.
  bool compare_exchange(T& expected, T desired, Order o = Order::seq_cst) {
    return __atomic_compare_exchange_n(&v_, &expected, desired, false, int(o),
                                       int(o == Order::release   ? Order::relaxed
                                           : o == Order::acq_rel ? Order::acquire
                                                                 : o));
  }
  T fetch_add(T d, Order o = Order::seq_cst) { return __atomic_fetch_add(&v_, d, int(o)); }
  T fetch_sub(T d, Order o = Order::seq_cst) { return __atomic_fetch_sub(&v_, d, int(o)); }
  T fetch_or(T d, Order o = Order::seq_cst) { return __atomic_fetch_or(&v_, d, int(o)); }
  T fetch_and(T d, Order o = Order::seq_cst) { return __atomic_fetch_and(&v_, d, int(o)); }
  // The word itself, for futex calls.
  T* address() { return &v_; }

 private:
  alignas(sizeof(T)) T v_;
};

inline void fence(Order o = Order::seq_cst) { __atomic_thread_fence(int(o)); }

}  // namespace keel

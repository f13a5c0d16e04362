// rt/park.h: the futex sleep under all of keel's waits, and its service hook.
#include "rt/park.h"

namespace keel::rt {

thread_local Atomic<unsigned long> t_parked{0};

namespace {
Atomic<ParkService> g_service{nullptr};

bool serve() {
  ParkService s = g_service.load(Order::acquire);
  return s && s();
}
}  // namespace

void set_park_service(ParkService s) { g_service.store(s, Order::release); }

sys::Timespec deadline_after(int64_t ns) {
  if (ns < 0) ns = 0;
  sys::Timespec t{};
  (void)sys::clock_gettime(sys::CLOCK_MONOTONIC, &t);
  t.tv_sec += ns / 1000000000;
  t.tv_nsec += ns % 1000000000;
  if (t.tv_nsec >= 1000000000) {
    t.tv_sec += 1;
    t.tv_nsec -= 1000000000;
  }
  return t;
}

Result<void> park(Atomic<uint32_t>& word, uint32_t expected, bool shared,
                  const sys::Timespec* deadline) {
  // FUTEX_WAIT_BITSET takes an absolute CLOCK_MONOTONIC deadline, so sleeping again after a
  // served request (property 3) does not stretch the caller's timeout.
  if (deadline && (deadline->tv_sec < 0 || deadline->tv_nsec < 0 || deadline->tv_nsec >= 1000000000))
    return Errno::EINVAL;
  const int op = sys::FUTEX_WAIT_BITSET | (shared ? 0 : sys::FUTEX_PRIVATE_FLAG);
  const unsigned long me = reinterpret_cast<unsigned long>(word.address()) | (shared ? 1 : 0);
  Result<long> r{0L};
  for (;;) {
    t_parked.store(me);  // 1 (again after a served request: the service hook clears it)
    serve();  // 2: a request posted before we published t_parked
    r = sys::futex(word.address(), op, static_cast<int>(expected), deadline, nullptr,
                   static_cast<int>(sys::FUTEX_BITSET_MATCH_ANY));
    bool served = serve();  // 2: the request that woke us, if any
    if (served && r.ok() && word.load(Order::relaxed) == expected) continue;  // 3.
    break;
  }
  t_parked.store(0, Order::relaxed);
  if (r.ok()) return {};
  return r.error();
}

}  // namespace keel::rt

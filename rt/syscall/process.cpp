// rt/syscall/process.h.
#include "rt/syscall/process.h"

#include "rt/once.h"
#include "sys/calls.h"

namespace keel {
namespace {

Once g_probe_once;
bool g_pidfd_works = false;
Atomic<bool> g_pidfd_disabled{false};

bool probe_pidfd() {
  Result<int> fd = sys::call<int>(nr::pidfd_open, sys::getpid().value_or(0), 0);
  if (!fd) return false;
  sys::Siginfo si{};
  // Our own process is not our child: ECHILD proves P_PIDFD waits are understood.
  bool ok = sys::waitid(sys::P_PIDFD, fd.value(), &si, sys::WEXITED | sys::WNOHANG).error() ==
                Errno::ECHILD &&
            sys::call<void>(nr::pidfd_send_signal, fd.value(), 0, nullptr, 0).ok();
  (void)sys::close(fd.value());
  return ok;
}

bool use_pidfd() { return !g_pidfd_disabled.load(Order::relaxed) && rt::pidfd_works(); }

void fill(ProcessState* st, const sys::Siginfo& si, const sys::Rusage& ru) {
  if (!st) return;
  *st = {};
  st->pid = si.u.chld.pid;
  const int code = sys::si_code(si);
  st->exited = code == sys::CLD_EXITED;
  st->signaled = code == sys::CLD_KILLED || code == sys::CLD_DUMPED;
  st->core_dumped = code == sys::CLD_DUMPED;
  if (st->exited) st->exit_status = si.u.chld.status;
  if (st->signaled) st->signal = si.u.chld.status;
  st->rusage = ru;
}

Result<void> waitid_retry(int idtype, int id, sys::Siginfo* si, int options, sys::Rusage* ru) {
  for (;;) {
    Result<void> r = sys::waitid(idtype, id, si, options, ru);
    if (r.ok() || r.error() != Errno::EINTR) return r;
  }
}

}  // namespace

namespace rt {
bool pidfd_works() {
  g_probe_once.call([] { g_pidfd_works = probe_pidfd(); });
  return g_pidfd_works;
}
void set_pidfd_disabled(bool on) { g_pidfd_disabled.store(on); }
}  // namespace rt

Process::Process(int pid, int pidfd, uint64_t state) : pid_(pid), pidfd_mode_(pidfd >= 0), pidfd_(pidfd), state_(state) {}

Process Process::find(int pid) {
  if (use_pidfd()) {
    Result<int> fd = sys::call<int>(nr::pidfd_open, pid, 0);
    if (fd) return Process(pid, fd.value(), 1);
    if (fd.error() == Errno::ESRCH) return Process(pid, -1, kDone);  // gone: a finished handle
  }
  return Process(pid, -1, 0);
}

template <class Spawn>
Result<void> Process::start_with(Spawn spawn_fn, const char* path, const char* const* argv,
                                 const char* const* envp, const SpawnAttr& attr, SpawnFailure* why) {
  if (pid() != 0 || state_.load() != 0) return Errno::EBUSY;
  SpawnAttr a = attr;
  int pidfd = -1;
  if (use_pidfd()) a.pidfd = &pidfd;
  Result<int> r = spawn_fn(path, argv, envp, a, why);
  if (!r) return r.error();
  if (attr.pidfd)  // the caller's own descriptor, apart from the handle's
    *attr.pidfd = pidfd >= 0 ? sys::fcntl(pidfd, sys::F_DUPFD_CLOEXEC, 3).value_or(-1) : -1;
  pid_.store(r.value());
  pidfd_mode_ = pidfd >= 0;
  pidfd_ = pidfd;
  state_.store(pidfd_mode_ ? 1 : 0);  // pidfd mode: the handle's own reference
  return {};
}

Result<void> Process::start(const char* path, const char* const* argv, const char* const* envp,
                            const SpawnAttr& attr, SpawnFailure* why) {
  return start_with(spawn, path, argv, envp, attr, why);
}

Result<void> Process::startp(const char* name, const char* const* argv, const char* const* envp,
                             const SpawnAttr& attr, SpawnFailure* why) {
  return start_with(spawnp, name, argv, envp, attr, why);
}

// pidfd mode: a reference for one call, unless a status is set (then *status says which).
bool Process::acquire_handle(uint64_t* status) {
  uint64_t s = state_.load();
  for (;;) {
    if (s & (kDone | kReleased)) {
      *status = s & (kDone | kReleased);
      return false;
    }
    if (state_.compare_exchange(s, s + 1)) return true;
  }
}

void Process::release_handle() {
  uint64_t s = state_.fetch_sub(1) - 1;
  if ((s & kRefs) == 0) (void)sys::close(pidfd_);
}

// Drops the handle's own reference once, marking why; returns the status that was set before.
uint64_t Process::drop_persistent(uint64_t reason) {
  uint64_t s = state_.load();
  for (;;) {
    if (s & (kDone | kReleased)) return s & (kDone | kReleased);
    const uint64_t n = ((s & kRefs) - 1) | reason;
    if (state_.compare_exchange(s, n)) {
      if ((n & kRefs) == 0) (void)sys::close(pidfd_);
      return 0;
    }
  }
}

Result<void> Process::wait(ProcessState* st) {
  sys::Siginfo si{};
  sys::Rusage ru{};
  if (pidfd_mode_) {
    uint64_t status = 0;
    if (!acquire_handle(&status)) return (status & kDone) ? Errno::ECHILD : Errno::EINVAL;
    Result<void> r = waitid_retry(sys::P_PIDFD, pidfd_, &si, sys::WEXITED, &ru);
    release_handle();
    if (!r) return r;
    (void)drop_persistent(kDone);
    fill(st, si, ru);
    return {};
  }
  uint64_t s = state_.load();
  if (s & kReleased) return Errno::EINVAL;
  const int p = pid();
  if (p <= 0) return Errno::ECHILD;
  // Wait until it can be reaped without reaping it, mark the handle done, let a signal in
  // flight finish, and only then reap: a signal never reaches a recycled pid.
  if (Result<void> r = waitid_retry(sys::P_PID, p, &si, sys::WEXITED | sys::WNOWAIT, nullptr); !r) return r;
  uint64_t zero = 0;
  (void)state_.compare_exchange(zero, kDone);
  sig_mu_.lock();
  sig_mu_.unlock();
  if (Result<void> r = waitid_retry(sys::P_PID, p, &si, sys::WEXITED, &ru); !r) return r;
  fill(st, si, ru);
  return {};
}

Result<void> Process::signal(int sig) {
  if (sig < 0) return Errno::EINVAL;
  if (pidfd_mode_) {
    uint64_t status = 0;
    if (!acquire_handle(&status)) return (status & kDone) ? err::kProcessDone : err::kProcessReleased;
    Result<void> r = sys::call<void>(nr::pidfd_send_signal, pidfd_, sig, nullptr, 0);
    release_handle();
    if (!r && r.error() == Errno::ESRCH) return err::kProcessDone;
    return r;
  }
  const int p = pid();
  if (p == -1) return err::kProcessReleased;
  if (p == 0) return err::kProcessNotInitialized;
  sig_mu_.read_lock();
  Result<void> r{};
  const uint64_t s = state_.load();
  if (s & kDone) r = err::kProcessDone;
  else if (s & kReleased) r = err::kProcessReleased;
  else r = sys::kill(p, sig);
  sig_mu_.read_unlock();
  if (!r && r.error() == Errno::ESRCH) return err::kProcessDone;
  return r;
}

Result<void> Process::kill() { return signal(sys::SIGKILL); }

Result<void> Process::release() {
  pid_.store(-1);
  if (pidfd_mode_) {
    (void)drop_persistent(kReleased);
  } else {
    uint64_t zero = 0;
    (void)state_.compare_exchange(zero, kReleased);
  }
  return {};
}

}  // namespace keel

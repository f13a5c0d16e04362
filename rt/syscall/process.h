// Process handles: a started or found process, to wait for, signal and release.
//
// A handle is in one of two modes for its whole life (research/go-semantics.md, seed 3):
//   - pidfd mode: it holds a pidfd (so a signal can never reach another process that got the
//     number) with a reference count: the handle keeps one reference from its start, and every
//     call that uses the pidfd takes one for its duration; the pidfd is closed by whoever drops
//     the last. Wait (success) and release each drop the handle's own reference exactly once.
//   - pid mode: the raw pid with a done flag, so that a handle never signals its child's pid
//     after waiting for it (a signal in flight is waited out before the reap). What pid mode
//     cannot promise: a pid found by number that is not our child may be reused by the time it
//     is signalled, and a child reaped by someone else (another waitid, or SIGCHLD set to
//     SIG_IGN) leaves the handle unable to tell.
// pidfd support is found out once, without a probe child: pidfd_open(getpid()), a waitid on it
// that must say ECHILD, and pidfd_send_signal(fd, 0). Where clone refuses CLONE_PIDFD (QEMU
// user mode, kernels before 5.2), spawn takes pidfd_open right after the clone.
//
// Errors, by state:
//   signal/kill: after wait, err::kProcessDone (so is ESRCH from the kernel); after release,
//                err::kProcessReleased; a handle with no process, err::kProcessNotInitialized;
//                a negative signal number, EINVAL before any system call (a number above the
//                architecture's _NSIG goes to the kernel, which says EINVAL)
//   wait:        after wait, ECHILD; after release, EINVAL
//   release:     always succeeds; pid() is -1 afterwards
#pragma once

#include <cstdint>

#include "rt/rwlock.h"
#include "rt/syscall/spawn.h"
#include "sys/kstructs.h"

namespace keel {

struct ProcessState {
  int pid = 0;
  bool exited = false;      // ended by exit: exit_status holds the status
  int exit_status = 0;
  bool signaled = false;    // ended by a signal: signal holds it
  int signal = 0;
  bool core_dumped = false;
  sys::Rusage rusage{};
  bool success() const { return exited && exit_status == 0; }
};

class Process {
 public:
  Process() = default;                 // no process: signal says err::kProcessNotInitialized
  explicit Process(int pid) : pid_(pid) {}  // a bare pid: pid mode
  Process(const Process&) = delete;
  Process& operator=(const Process&) = delete;
  ~Process() { (void)release(); }

  // The process with this pid: a pidfd handle where pidfd works; a finished handle (pid kept)
  // if there is no such process; else pid mode. Never an error, as Go's FindProcess.
  static Process find(int pid);

  // Spawns (rt/syscall/spawn.h) into this handle, which must not hold a process yet (EBUSY).
  // attr.pidfd, if set, receives a descriptor of its own (the handle keeps another).
  Result<void> start(const char* path, const char* const* argv, const char* const* envp,
                     const SpawnAttr& attr = {}, SpawnFailure* why = nullptr);
  Result<void> startp(const char* name, const char* const* argv, const char* const* envp,
                      const SpawnAttr& attr = {}, SpawnFailure* why = nullptr);

  Result<void> wait(ProcessState* state);
  Result<void> signal(int sig);
  Result<void> kill();
  Result<void> release();

  int pid() const { return pid_.load(Order::relaxed); }
  bool uses_pidfd() const { return pidfd_mode_; }

 private:
  static constexpr uint64_t kDone = 1ULL << 62, kReleased = 1ULL << 63, kRefs = kDone - 1;
  Process(int pid, int pidfd, uint64_t state);
  bool acquire_handle(uint64_t* status);
  void release_handle();
  uint64_t drop_persistent(uint64_t reason);
  template <class Spawn>
  Result<void> start_with(Spawn spawn_fn, const char* path, const char* const* argv,
                          const char* const* envp, const SpawnAttr& attr, SpawnFailure* why);

  Atomic<int> pid_{0};
  bool pidfd_mode_ = false;
  int pidfd_ = -1;
  Atomic<uint64_t> state_{0};  // kDone | kReleased | reference count (pidfd mode)
  RwLock sig_mu_;              // pid mode: a signal in flight against the reap
};

namespace rt {
// Whether pidfds work here (found out once). set_pidfd_disabled(true) forces pid mode for
// handles made afterwards; the tests run the Process table in both modes.
bool pidfd_works();
void set_pidfd_disabled(bool);
}  // namespace rt

}  // namespace keel

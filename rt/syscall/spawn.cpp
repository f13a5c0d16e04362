// rt/syscall/spawn.h: the parent's side and the child's steps.
#include "rt/syscall/spawn.h"

#include "rt/mem.h"
#include "rt/pages.h"
#include "rt/process.h"
#include "rt/signal.h"
#include "rt/syscall/forklock.h"
#include "rt/syscall/idcalls.h"
#include "rt/syscall/tasks.h"
#include "rt/threads/thread.h"
#include "sys/calls.h"
#include "sys/clone.h"
#include "sys/sigaction.h"

namespace keel {
namespace {

// What the child writes to the status pipe when a step fails: exactly this many bytes.
struct Report {
  int32_t step;
  int32_t err;
};

constexpr int kInlineFiles = 64;  // longer descriptor lists get a page of their own
constexpr unsigned kMaxFiles = 1 << 16;
constexpr int kChildExit = 253;

// Everything the child needs, computed by the parent before the clone. The child owns `fd`
// (pass 1 rewrites it) and changes nothing else.
struct Plan {
  const char* path;
  const char* const* argv;
  const char* const* envp;
  const SpawnAttr* attr;
  int* fd;              // the descriptor list, to be rewritten by pass 1
  unsigned nfd;
  int nextfd;           // first number above every source and target
  int pipe;             // the status pipe's write end (close-on-exec)
  int ppid;             // the parent, for the parent-death check
  sys::KSigset mask;    // the mask the child runs with after step 3
  sys::KSigset reset;   // dispositions step 3 puts back to the default
  bool walk;            // exact_files by walking /proc/self/fd instead of close_range
};

// --- The child --------------------------------------------------------------------------------
// It runs on a stack in the spawning thread's frame, shares the parent's memory (natively) and
// its thread pointer: raw system calls only, no locks, no allocation, no thread_local.

[[noreturn]] void child_fail(const Plan& p, SpawnStep step, long raw) {
  Report r{static_cast<int32_t>(step), static_cast<int32_t>(-raw)};
  (void)sys::raw(nr::write, p.pipe, &r, sizeof r);
  for (;;) sys::raw(nr::exit_group, kChildExit);
}

inline void check(const Plan& p, SpawnStep step, long raw) {
  if (is_error_return(raw)) child_fail(p, step, raw);
}

// Step 8: pass 1 moves every source that a lower target would overwrite, and the status pipe,
// above all targets (close-on-exec copies); pass 2 puts entry i on fd i.
void child_files(Plan& p) {
  if (p.pipe < p.nextfd) {
    long r = sys::raw(nr::dup3, p.pipe, p.nextfd, sys::O_CLOEXEC);
    check(p, SpawnStep::kFiles, r);
    p.pipe = p.nextfd++;
  }
  for (unsigned i = 0; i < p.nfd; ++i) {
    if (p.fd[i] >= 0 && p.fd[i] < static_cast<int>(i)) {
      if (p.nextfd == p.pipe) ++p.nextfd;
      check(p, SpawnStep::kFiles, sys::raw(nr::dup3, p.fd[i], p.nextfd, sys::O_CLOEXEC));
      p.fd[i] = p.nextfd++;
    }
  }
  for (unsigned i = 0; i < p.nfd; ++i) {
    const int want = p.fd[i];
    if (want == -1) {
      (void)sys::raw(nr::close, i);
    } else if (want == static_cast<int>(i)) {
      // dup3(i, i) is EINVAL and dup2(i, i) keeps FD_CLOEXEC: clear the flag instead.
      check(p, SpawnStep::kFiles, sys::fcntl(static_cast<int>(i), sys::F_SETFD, 0).raw());
    } else {
      check(p, SpawnStep::kFiles, sys::raw(nr::dup3, want, i, 0));
    }
  }
  for (unsigned i = p.nfd; i < 3; ++i) (void)sys::raw(nr::close, i);
  if (!p.attr->exact_files) return;
  // Nothing but the list (and the status pipe, which exec closes).
  const unsigned lo = p.nfd < 3 ? 3 : p.nfd;
  if (!p.walk) {
    if (static_cast<unsigned>(p.pipe) > lo)
      check(p, SpawnStep::kFiles, sys::raw(nr::close_range, lo, p.pipe - 1, 0));
    check(p, SpawnStep::kFiles, sys::raw(nr::close_range, p.pipe + 1, ~0U, 0));
    return;
  }
  // Without close_range: walk /proc/self/fd through a descriptor that is itself close-on-exec.
  // That descriptor is the one accounted for: the walk skips it (and the pipe), and exec
  // closes both. Closing entries while reading the directory can hide some from one pass, so
  // passes repeat until one closes nothing.
  const long dir = sys::raw(nr::openat, sys::AT_FDCWD, "/proc/self/fd",
                            sys::O_RDONLY | sys::O_DIRECTORY | sys::O_CLOEXEC);
  check(p, SpawnStep::kFiles, dir);
  alignas(8) char buf[512];
  for (bool closed = true; closed;) {
    closed = false;
    check(p, SpawnStep::kFiles, sys::lseek(static_cast<int>(dir), 0, sys::SEEK_SET).ok() ? 0 : -1);
    for (;;) {
      const long got = sys::raw(nr::getdents64, dir, buf, sizeof buf);
      check(p, SpawnStep::kFiles, got);
      if (got == 0) break;
      for (long off = 0; off < got;) {
        const char* name = buf + off + 19;  // linux_dirent64: ino, off, reclen, type, name
        unsigned short reclen;
        memcpy(&reclen, buf + off + 16, sizeof reclen);
        off += reclen;
        if (name[0] < '0' || name[0] > '9') continue;
        long fd = 0;
        for (const char* c = name; *c >= '0' && *c <= '9'; ++c) fd = fd * 10 + (*c - '0');
        if (fd >= static_cast<long>(lo) && fd != p.pipe && fd != dir) {
          (void)sys::raw(nr::close, fd);
          closed = true;
        }
      }
    }
  }
}

int child_main(void* arg) {
  Plan& p = *static_cast<Plan*>(arg);
  const SpawnAttr& a = *p.attr;
  if (a.setsid) check(p, SpawnStep::kSetsid, sys::raw(nr::setsid));
  if (a.setpgid || a.foreground) check(p, SpawnStep::kSetpgid, sys::raw(nr::setpgid, 0, a.pgid));
  if (a.foreground) {
    int pgrp = a.pgid ? a.pgid : static_cast<int>(sys::raw(nr::getpid));
    check(p, SpawnStep::kForeground, sys::raw(nr::ioctl, a.ctty, sys::TIOCSPGRP, &pgrp));
  }
  // Step 3, after TIOCSPGRP (which would raise SIGTTOU with the default disposition).
  sys::KSigaction dfl{};
  for (int sig = 1; sig <= sys::_NSIG; ++sig)
    if (p.reset.has(sig)) (void)sys::raw(nr::rt_sigaction, sig, &dfl, 0, sizeof(sys::KSigset));
  check(p, SpawnStep::kSignals,
        sys::raw(nr::rt_sigprocmask, sys::SIG_SETMASK, &p.mask, 0, sizeof(sys::KSigset)));
  if (a.chroot) check(p, SpawnStep::kChroot, sys::raw(nr::chroot, a.chroot));
  if (const Credential* c = a.cred) {
    if (!c->keep_groups)
      check(p, SpawnStep::kSetgroups, sys::raw(rt::kIdCalls.setgroups, c->ngroups, c->ngroups ? c->groups : nullptr));
    check(p, SpawnStep::kSetgid, sys::raw(rt::kIdCalls.setgid, c->gid));
    check(p, SpawnStep::kSetuid, sys::raw(rt::kIdCalls.setuid, c->uid));
  }
  if (a.dir) check(p, SpawnStep::kChdir, sys::raw(nr::chdir, a.dir));
  if (a.pdeathsig) {
    // After the credentials: the kernel clears the death signal when they change.
    check(p, SpawnStep::kPdeathsig, sys::raw(nr::prctl, sys::PR_SET_PDEATHSIG, a.pdeathsig));
    if (sys::raw(nr::getppid) != p.ppid) (void)sys::raw(nr::kill, sys::raw(nr::getpid), a.pdeathsig);
  }
  child_files(p);
  if (a.noctty) check(p, SpawnStep::kNoctty, sys::raw(nr::ioctl, 0, sys::TIOCNOTTY, 0));
  if (a.setctty) check(p, SpawnStep::kSetctty, sys::raw(nr::ioctl, a.ctty, sys::TIOCSCTTY, 1));
  child_fail(p, SpawnStep::kExec, sys::raw(nr::execve, p.path, p.argv, p.envp));
}

// --- The parent -------------------------------------------------------------------------------

Result<int> fail(SpawnFailure* why, SpawnStep step, Errno e) {
  if (why) *why = {step, e};
  return e;
}

// Attributes that cannot work are refused before anything is created.
bool valid(const SpawnAttr& a) {
  if (a.nfiles > kMaxFiles || (a.nfiles && !a.files)) return false;
  for (unsigned i = 0; i < a.nfiles; ++i)
    if (a.files[i] < -1) return false;
  if (a.setctty && a.foreground) return false;  // contradicting: Go refuses the same pair
  if (a.setctty && (a.ctty < 0 || static_cast<unsigned>(a.ctty) >= (a.files ? a.nfiles : 3u)))
    return false;
  if (a.foreground && a.ctty < 0) return false;
  if (a.pgid < 0 || a.pdeathsig < 0 || a.pdeathsig > sys::_NSIG) return false;
  constexpr unsigned long kNamespaces = sys::CLONE_NEWNS | sys::CLONE_NEWCGROUP | sys::CLONE_NEWUTS |
                                        sys::CLONE_NEWIPC | sys::CLONE_NEWUSER | sys::CLONE_NEWPID |
                                        sys::CLONE_NEWNET;
  if (a.cloneflags & ~kNamespaces) return false;
  if (a.cred && a.cred->ngroups && !a.cred->groups) return false;
  return true;
}

// CLONE_PIDFD: unknown until tried, then remembered (QEMU user mode refuses it with EINVAL;
// so do kernels before 5.2).
Atomic<int> g_clone_pidfd{0};  // 0 unknown, 1 works, -1 refused
Atomic<bool> g_walk{false};    // rt::set_close_range_disabled

Result<void> status_pipe(int p[2], bool two_step) {
  if (!two_step) return sys::pipe2(p, sys::O_CLOEXEC);
  // Two steps: under the fully held ForkLock (rt/syscall/forklock.h), or, in the broken demo
  // mode, not.
  if (Result<void> r = sys::pipe2(p, 0); !r) return r;
  // Give the CPU away between the two steps, as a preemption would: the window the serialized
  // mode closes then shows up in a short run (bench/forklock_demo.cpp), not once in a blue moon.
  (void)sys::raw(nr::sched_yield);
  for (int i = 0; i < 2; ++i) {
    if (Result<int> r = sys::fcntl(p[i], sys::F_SETFD, sys::FD_CLOEXEC); !r) {
      (void)sys::close(p[0]);
      (void)sys::close(p[1]);
      return r.error();
    }
  }
  return {};
}

void reap(int pid) {
  sys::Siginfo si{};
  while (sys::waitid(sys::P_PID, pid, &si, sys::WEXITED).error() == Errno::EINTR) {}
}

}  // namespace

namespace rt {
void set_close_range_disabled(bool on) { g_walk.store(on); }
}  // namespace rt

const char* spawn_step_name(SpawnStep s) {
  static constexpr const char* kNames[] = {
      "none",   "attributes", "pipe",   "clone",  "setsid",   "setpgid", "foreground",
      "signals", "chroot",    "setgroups", "setgid", "setuid", "chdir",  "pdeathsig",
      "files",  "noctty",     "setctty", "exec",  "pidfd",    "status pipe"};
  const int i = static_cast<int>(s);
  return i >= 0 && i < static_cast<int>(sizeof kNames / sizeof kNames[0]) ? kNames[i] : "?";
}

Result<int> spawn(const char* path, const char* const* argv, const char* const* envp,
                  const SpawnAttr& attr, SpawnFailure* why) {
  if (!path || !valid(attr)) return fail(why, SpawnStep::kValidate, Errno::EINVAL);
  if (!*path) return fail(why, SpawnStep::kExec, Errno::ENOENT);
  const char* default_argv[] = {path, nullptr};
  if (!argv) argv = default_argv;
  if (!envp) envp = process().envp;
  if (attr.pidfd) *attr.pidfd = -1;

  static constexpr int kStd[3] = {0, 1, 2};
  const int* files = attr.files ? attr.files : kStd;
  const unsigned nfd = attr.files ? attr.nfiles : 3;
  int inline_fd[kInlineFiles];
  int* fd = inline_fd;
  if (nfd > kInlineFiles) {
    Result<void*> pg = pages_alloc(nfd * sizeof(int));
    if (!pg) return fail(why, SpawnStep::kValidate, pg.error());
    fd = static_cast<int*>(pg.value());
  }
  int top = static_cast<int>(nfd);
  for (unsigned i = 0; i < nfd; ++i) {
    fd[i] = files[i];
    if (files[i] + 1 > top) top = files[i] + 1;
  }
  Plan plan{path, argv, envp, &attr, fd, nfd, top, -1, static_cast<int>(sys::raw(nr::getpid)),
            {}, {}, g_walk.load(Order::relaxed)};
  plan.reset = rt::handled_signals();
  if (attr.reset_signals) {
    sys::KSigset ign = rt::ignored_signals();
    for (unsigned i = 0; i < sizeof ign.w / sizeof ign.w[0]; ++i) plan.reset.w[i] |= ign.w[i];
  }

  // The child's stack: vfork keeps this thread still until the child has exec'd, so a buffer
  // in this frame is free for it (under QEMU the child is a fork with its own copy).
  alignas(16) char stack[6 * 1024];
  auto* start = reinterpret_cast<sys::CloneStart*>(stack + sizeof stack) - 1;
  *start = {child_main, &plan};

  const rt::ForkLockHold hold = rt::acquire_fork_lock();
  int p[2];
  if (Result<void> r = status_pipe(p, hold.two_step); !r) {
    rt::release_fork_lock(hold);
    if (fd != inline_fd) (void)pages_free(fd, nfd * sizeof(int));
    return fail(why, SpawnStep::kPipe, r.error());
  }
  plan.pipe = p[1];
  // QEMU user mode turns this clone into a fork of the emulator, and that fork is not safe
  // while another emulator thread is being set up or torn down: the child can inherit a lock of
  // the emulator's allocator taken at that moment and hang before exec (seen: glib's slice
  // allocator under tcg_tb_insert, in the child of a fork made while a thread was exiting).
  // Under an emulator a spawn therefore holds the thread list's lock across the clone (no
  // thread starts or ends) once the threads that were dying are gone. Natively nothing waits.
  const bool emulated = rt::emulator_tasks_present();
  if (emulated) {
    threads::list_lock().lock();
    (void)rt::await_no_unlisted_tasks();
  }
  // Every signal blocked across the clone: the child must not run a handler of the parent's
  // before step 3 has reset it; the child then takes the parent's mask (or an empty one).
  const sys::KSigset old = rt::block_all_signals();
  plan.mask = attr.reset_signals ? sys::KSigset{} : old;
  plan.mask.del(kReservedSignal);

  unsigned long flags = sys::SIGCHLD | attr.cloneflags;
  // A new user namespace needs the parent running while the child waits for its id maps; the
  // child then has its own copy of memory, which the plan already allows for.
  if (!(attr.cloneflags & sys::CLONE_NEWUSER)) flags |= sys::CLONE_VM | sys::CLONE_VFORK;
  int pidfd = -1;
  const bool clone_pidfd = attr.pidfd && g_clone_pidfd.load(Order::relaxed) >= 0;
  long pid = keel_clone_thread(flags | (clone_pidfd ? sys::CLONE_PIDFD : 0), start,
                               clone_pidfd ? &pidfd : nullptr, 0, nullptr);
  if (clone_pidfd) {
    if (pid == -static_cast<long>(Errno::EINVAL)) {
      pid = keel_clone_thread(flags, start, nullptr, 0, nullptr);
      // Refused only if the same clone works without it: pidfd_open after the clone from now.
      if (pid > 0) g_clone_pidfd.store(-1, Order::relaxed);
    } else if (pid > 0) {
      g_clone_pidfd.store(1, Order::relaxed);
    }
  }
  rt::restore_signal_mask(old);
  if (emulated) threads::list_lock().unlock();
  rt::release_fork_lock(hold);  // the lock covers the pipe and the clone, not the wait
  if (fd != inline_fd) (void)pages_free(fd, nfd * sizeof(int));
  (void)sys::close(p[1]);
  if (pid < 0) {
    (void)sys::close(p[0]);
    return fail(why, SpawnStep::kClone, static_cast<Errno>(-pid));
  }

  // EOF: exec succeeded (the pipe was close-on-exec). A report: the step that failed.
  Report rep{};
  unsigned long got = 0;
  while (got < sizeof rep) {
    Result<long> n = sys::read(p[0], reinterpret_cast<char*>(&rep) + got, sizeof rep - got);
    if (!n && n.error() == Errno::EINTR) continue;
    if (!n || n.value() == 0) break;
    got += n.value();
  }
  (void)sys::close(p[0]);
  if (got != 0) {
    reap(static_cast<int>(pid));  // no zombie, no descriptor left behind
    if (pidfd >= 0) (void)sys::close(pidfd);
    if (got != sizeof rep) return fail(why, SpawnStep::kProtocol, Errno::EPIPE);
    return fail(why, static_cast<SpawnStep>(rep.step), static_cast<Errno>(rep.err));
  }
  if (attr.pidfd) {
    if (pidfd < 0) pidfd = static_cast<int>(sys::call<int>(nr::pidfd_open, pid, 0).value_or(-1));
    *attr.pidfd = pidfd;  // close-on-exec either way (CLONE_PIDFD and pidfd_open set it)
  }
  return static_cast<int>(pid);
}

Result<int> spawnp(const char* name, const char* const* argv, const char* const* envp,
                   const SpawnAttr& attr, SpawnFailure* why) {
  if (!name) return fail(why, SpawnStep::kValidate, Errno::EINVAL);
  for (const char* c = name; *c; ++c)
    if (*c == '/') return spawn(name, argv, envp, attr, why);
  if (!*name) return fail(why, SpawnStep::kExec, Errno::ENOENT);
  const char* path = getenv("PATH");
  if (!path) path = "/usr/local/bin:/usr/bin:/bin";
  const unsigned long nlen = strlen(name);
  char buf[sys::PATH_MAX];
  Errno seen = Errno::ENOENT;
  for (const char* dir = path;;) {
    const char* end = dir;
    while (*end && *end != ':') ++end;
    unsigned long dlen = static_cast<unsigned long>(end - dir);
    if (dlen == 0) {  // an empty entry is the current directory
      dir = ".";
      dlen = 1;
    }
    if (dlen + 1 + nlen < sizeof buf) {
      memcpy(buf, dir, dlen);
      buf[dlen] = '/';
      memcpy(buf + dlen + 1, name, nlen + 1);
      sys::Statx st{};
      if (sys::statx(sys::AT_FDCWD, buf, 0, sys::STATX_TYPE | sys::STATX_MODE, &st).ok() &&
          (st.stx_mode & sys::S_IFMT) == sys::S_IFREG) {
        if (sys::faccessat2(sys::AT_FDCWD, buf, 1 /* X_OK */, sys::AT_EACCESS).ok())
          return spawn(buf, argv, envp, attr, why);
        seen = Errno::EACCES;
      }
    }
    if (!*end) break;
    dir = end + 1;
  }
  return fail(why, SpawnStep::kExec, seen);
}

}  // namespace keel

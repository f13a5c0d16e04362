// Spawn: start a program in a new process, as fork+exec would, without copying the parent.
//
// keel clones with CLONE_VM|CLONE_VFORK onto a small stack of its own (a buffer in the
// spawning thread's frame, which vfork keeps still until the child has exec'd). The child
// runs a fixed list of steps with raw system calls only, then execve. If a step fails, the
// child writes the step and the errno to an O_CLOEXEC status pipe and exits 253; exec closes
// the pipe on success, so the parent reads EOF. Nothing relies on shared memory or on the
// parent being suspended: QEMU user mode turns VM|VFORK into a plain fork, and the pipe says
// the same there.
//
// The child's steps, in order (Go's forkAndExecInChild1, research/go-semantics.md seed 2):
//   1. setsid; 2. setpgid (and, for foreground, TIOCSPGRP on the parent-numbered ctty);
//   3. signal dispositions keel installed handlers for go back to the default (as do ignored
//      ones with reset_signals), then the parent's mask comes back (or an empty one);
//   4. chroot; 5. setgroups, setgid, setuid (the *32 calls on 386 and arm); 6. chdir;
//   7. the parent-death signal (sent at once if the parent is already gone);
//   8. descriptors: pass 1 moves sources and the status pipe out of the way of the targets
//      (close-on-exec copies), pass 2 puts entry i on fd i without close-on-exec (-1 closes
//      it), and fds 0..2 past the list are closed; or, with exact_files, everything else is
//      closed too (close_range, or a walk of /proc/self/fd);
//   9. TIOCNOTTY / TIOCSCTTY (child-numbered ctty); 10. execve.
// A failed spawn has reaped its child and closed everything it opened; a successful one leaves
// the parent's descriptors and their flags as they were (plus the pidfd, if asked for).
#pragma once

#include <cstdint>

#include "rt/print.h"
#include "sys/result.h"

namespace keel {

struct Credential {
  uint32_t uid = 0;
  uint32_t gid = 0;
  const uint32_t* groups = nullptr;  // supplementary groups
  unsigned long ngroups = 0;
  bool keep_groups = false;          // leave the supplementary groups as they are
};

struct SpawnAttr {
  const char* dir = nullptr;         // working directory of the child
  // The child's descriptor table: entry i becomes fd i; -1 closes fd i. Null: {0, 1, 2}.
  const int* files = nullptr;
  unsigned nfiles = 0;
  bool setsid = false;
  bool setpgid = false;
  int pgid = 0;                      // with setpgid or foreground; 0: the child's own pid
  bool foreground = false;           // make the child's group the foreground of ctty
  bool setctty = false;              // make ctty (a child fd number) the controlling terminal
  bool noctty = false;               // detach from the controlling terminal (TIOCNOTTY on fd 0)
  int ctty = -1;                     // parent fd for foreground; child fd (index) for setctty
  int pdeathsig = 0;                 // signal the child gets when the spawning thread ends
  const Credential* cred = nullptr;
  const char* chroot = nullptr;
  unsigned long cloneflags = 0;      // CLONE_NEW* namespaces (with CLONE_NEWUSER: no VM|VFORK)
  bool reset_signals = false;        // also reset ignored signals, and start with an empty mask
  bool exact_files = false;          // the child gets exactly `files`, nothing else, whatever
                                     // flags the parent's other descriptors carry (Plan 9)
  int* pidfd = nullptr;              // if set: receives a pidfd of the child (O_CLOEXEC), or -1
};

// Which step failed, for messages such as "spawn /x: chdir: ENOENT".
enum class SpawnStep : int {
  kNone, kValidate, kPipe, kClone, kSetsid, kSetpgid, kForeground, kSignals, kChroot,
  kSetgroups, kSetgid, kSetuid, kChdir, kPdeathsig, kFiles, kNoctty, kSetctty, kExec, kPidfd,
  kProtocol,
};
const char* spawn_step_name(SpawnStep s);

struct SpawnFailure {
  SpawnStep step = SpawnStep::kNone;
  Errno err{};
};
// Printed as "chdir: ENOENT" by print/println.
inline void write_to(Writer& w, const SpawnFailure& f) {
  w.put(spawn_step_name(f.step)).put(": ").put(f.err);
}

// Starts path with argv and envp (null-terminated arrays). Returns the child's pid; on failure
// the errno of the step that failed, described in *why if given.
Result<int> spawn(const char* path, const char* const* argv, const char* const* envp,
                  const SpawnAttr& attr = {}, SpawnFailure* why = nullptr);

namespace rt {
// exact_files closes the rest with close_range (every kernel here has it); this switch makes it
// walk /proc/self/fd instead, as it would without one. The tests run both.
void set_close_range_disabled(bool on);
}  // namespace rt

// As spawn, but a name without a slash is looked up in the directories of PATH (the parent's
// environment; "/usr/local/bin:/usr/bin:/bin" if it has none), as execvp does: the first
// executable regular file wins; EACCES if only non-executable ones exist, else ENOENT.
Result<int> spawnp(const char* name, const char* const* argv, const char* const* envp,
                   const SpawnAttr& attr = {}, SpawnFailure* why = nullptr);

}  // namespace keel

// The ForkLock: an exported reader-writer lock between code that makes a descriptor and marks
// it close-on-exec in a second step, and spawning.
//
//   - Code that creates a descriptor without O_CLOEXEC and then sets FD_CLOEXEC (fcntl) holds
//     fork_lock() for reading across both steps, so that no spawn's child can inherit the
//     descriptor in between. keel's own code never makes a descriptor in two steps outside it.
//   - A spawn holds the lock for writing from the creation of its status pipe to the clone.
//     Because keel makes that pipe with pipe2(O_CLOEXEC) in one step, concurrent spawns share
//     one "conceptual" write lock through a counter instead of taking turns, and a reader that
//     is waiting gets its turn before the next spawn joins the share (readers are never
//     starved).
//   - Where the status pipe is made in two steps (pipe, then fcntl: the switch below, for
//     tests and for kernels without pipe2), spawns are fully serialized: a second spawn's child
//     could otherwise inherit the first one's pipe between its two steps and keep it open.
//
// Go's syscall.ForkLock with acquireForkLock/releaseForkLock (research/go-semantics.md, seed 2)
// is the model; this is keel's own code.
#pragma once

#include "rt/rwlock.h"

namespace keel {

// The lock itself. Take it for reading with read_lock()/read_unlock() around two-step
// descriptor creation.
RwLock& fork_lock();

namespace rt {

// How spawns make their status pipe, and so how they share the lock.
enum class StatusPipe {
  kAtomic,            // pipe2(O_CLOEXEC); concurrent spawns share the write side (the default)
  kTwoStep,           // pipe, then FD_CLOEXEC; spawns fully serialized
  kTwoStepShared,     // BROKEN ON PURPOSE: two steps with the write side shared, so one
                      // spawn's child can inherit another's pipe. Only for the demonstration
                      // (bench/forklock_demo.cpp) of why kTwoStep serializes.
};
void set_status_pipe(StatusPipe mode);

// What a spawn took, for release: the mode may change between the two calls.
struct ForkLockHold {
  bool serialized;
  bool two_step;
};
// The write side as spawns take it (shared between concurrent spawns, see above).
ForkLockHold acquire_fork_lock();
// Releasing more than was acquired ends the process with a message: the lock is broken.
void release_fork_lock(ForkLockHold hold);

}  // namespace rt
}  // namespace keel

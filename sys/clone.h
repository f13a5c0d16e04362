// The thread-creating clone. A child created with CLONE_VM shares the caller's memory, so it
// must not return into the caller's C++ frames: each architecture's trampoline
// (arch/<arch>/clone.S) makes the system call and, in the child, calls fn(arg) on the new stack
// and ends the thread with exit(2) when fn returns. fn and arg travel on the child's stack, so
// every architecture takes the same five register arguments.
#pragma once

#include "sys/syscall.h"

namespace keel::sys {

using ThreadFn = int (*)(void*);

// What keel_clone_thread expects at `stack_top` (16-byte aligned): fn, then arg.
struct CloneStart {
  ThreadFn fn;
  void* arg;
};

}  // namespace keel::sys

// flags: CLONE_* (no exit signal for threads); stack_top: a CloneStart at a 16-byte aligned
// address, below which the child's stack grows; ptid/ctid: the kernel's PARENT_SETTID and
// CHILD_CLEARTID words; tls: arch::make_clone_tls(tp, ...). Returns the child's tid or -errno.
extern "C" long keel_clone_thread(unsigned long flags, keel::sys::CloneStart* stack_top,
                                  int* ptid, unsigned long tls, int* ctid);

// The last act of a detached thread (arch/<arch>/clone.S): munmap(base, len), then exit(0),
// touching neither the stack nor memory once munmap has returned, since the mapping being
// removed holds the caller's own stack. The caller blocks every signal first (a handler would
// need a stack) and must not have CHILD_CLEARTID pointing into the mapping.
extern "C" [[noreturn]] void keel_unmap_exit(void* base, unsigned long len);

namespace keel::sys {

// The per-architecture TLS record of a thread clone (arch::CloneTls) may ask for other flags
// (386 drops CLONE_SETTLS when the child loads an LDT selector itself) and may hold something
// to give back when the thread is gone (386: its LDT entry). The others need neither.
template <class Tls>
inline unsigned long clone_flags_for(unsigned long flags, const Tls& t) {
  if constexpr (requires { t.clone_flags(flags); }) return t.clone_flags(flags);
  else return flags;
}
template <class Tls>
inline void release_clone_tls(Tls& t) {
  if constexpr (requires { t.release(); }) t.release();
}

}  // namespace keel::sys

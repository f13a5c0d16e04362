// Threads the runtime owns. keel creates every thread itself (clone with CLONE_THREAD and
// friends), keeps each in one list, and gives each an mmap'd stack with a guard page and a
// static TLS block of its own.
//
// The list is the only source of truth about "all threads" (rt/syscall's all-threads calls
// walk it; /proc/self/task holds a task that is not ours under QEMU). It keeps these
// properties:
//   1. A thread is in the list before anyone can see it: the list lock is held across clone,
//      and the new thread cannot run keel code that needs the lock before clone returns.
//   2. A thread leaves the list, under the lock, as the last thing before its final exit; it
//      runs no user code after that.
//   3. While one holds the lock, the set of listed threads is fixed: none starts, none leaves.
//   4. A thread's tid word is its CHILD_CLEARTID word: the kernel zeroes it (and wakes its
//      waiters) once the thread is dead, and only then are its stack and TLS block reused or
//      unmapped (join waits for it; the stack cache skips a mapping whose owner's word is not
//      yet zero). A detached thread that unmaps its own stack first tells the kernel to clear
//      nothing (set_tid_address(NULL)).
//   5. The main thread is an entry from the start, recorded by start-up (rt/start.cpp) in
//      programs that link this module.
//   6. A thread that leaves the list blocks every signal first, so no handler (and no code a
//      handler could call) runs on it once it is out of the list.
#pragma once

#include <cstdint>

#include "rt/mutex.h"
#include "sys/sigaction.h"
#include "arch.h"

namespace keel::threads {

using Fn = void* (*)(void*);

inline constexpr unsigned long kDefaultStackSize = 256 * 1024;
inline constexpr unsigned long kMinStackSize = 16 * 1024;

struct Attr {
  unsigned long stack_size = kDefaultStackSize;  // usable bytes, rounded up to whole pages
  bool detached = false;                         // frees itself at exit; cannot be joined
};

// One thread's entry in rt/syscall's all-threads calls. That module owns these fields; they
// live here because they share the thread's life.
struct AllThreadsSlot {
  Atomic<uint32_t> taken{0};  // sequence number of the last request this thread ran
  long result = 0;            // what the system call returned to it
  Atomic<uint32_t> served{0};  // how many requests it has run (tests check exactly-once)
};

// A thread's record. It lives at the top of the thread's own mapping (below its TLS block),
// or in static storage for the main thread.
struct Thread {
  Atomic<uint32_t> tid{0};       // from clone (CLONE_PARENT_SETTID); 0 once dead (property 4)
  Atomic<uint32_t> state{0};     // kJoinable, kDetached or kExited (rt/threads/internal.h)
  Atomic<uint32_t> claimed{0};   // set by the first join or detach; a second one is refused
  Fn fn = nullptr;
  void* arg = nullptr;
  void* result = nullptr;
  Thread* prev = nullptr;        // the list, under its lock
  Thread* next = nullptr;
  void* map = nullptr;           // the mapping: guard, stack, this record, TLS (main: none)
  unsigned long map_size = 0;
  Atomic<Atomic<unsigned long>*> parked{nullptr};  // the thread's rt::t_parked, once it runs
  bool listed = false;           // in the list (under its lock)
  sys::KSigset start_mask{};     // the creator's signal mask, which the new thread takes
  arch::CloneTls clone_tls{};    // what clone's tls argument needed (sys/clone.h)
  AllThreadsSlot slot;
};

// Starts fn(arg) on a new thread. Errors: EINVAL (null fn, stack size below kMinStackSize),
// ENOMEM (no memory for the stack), or what clone returned (EAGAIN at a thread limit). A
// failed create leaves nothing behind: no mapping, no list entry.
Result<Thread*> create(Fn fn, void* arg, const Attr& attr = {});

// Waits for t to end and returns what its function returned (or passed to exit); its stack is
// freed, and t must not be used again. EDEADLK for the calling thread itself, EINVAL for the
// main thread or a thread already joined or detached while it still runs (a detached thread
// that has ended is gone: its handle is dangling, as with pthreads).
Result<void*> join(Thread* t);

// t frees itself when it ends (at once if it already has). EINVAL if already joined or
// detached.
Result<void> detach(Thread* t);

// Ends the calling thread with a result for join. The process ends when its last thread does.
// End a keel thread this way or by returning: a raw exit would skip property 2.
[[noreturn]] void exit(void* result);

// The calling thread's record.
Thread* current();

// The number of threads in the list, main included.
unsigned long count();

// The list's lock: a mutex that knows which thread holds it, so that code reached from a signal
// handler can tell that its own thread is inside the list's bookkeeping (and refuse, rather
// than wait for itself).
class ListLock {
 public:
  void lock();
  void unlock();
  bool held_by(const Thread* t) const { return owner_.load(Order::relaxed) == t; }

 private:
  Mutex m_;
  Atomic<const Thread*> owner_{nullptr};
};

// The list itself, for code that keeps property 3 by holding the lock (rt/syscall).
ListLock& list_lock();
Thread* list_first();  // under list_lock()

// Calls f(Thread&) for each thread while holding the list lock. f must not create, join or end
// threads (they take the lock).
template <class F>
void for_each(F&& f) {
  LockGuard g(list_lock());
  for (Thread* t = list_first(); t; t = t->next) f(*t);
}

// The main thread has ended through exit() while others run: the kernel keeps it as a zombie
// task until the last thread ends (rt/syscall counts it).
bool main_thread_exited();

}  // namespace keel::threads

namespace keel::threads {

// fork(2) for a program with keel threads: the child is a copy of the calling thread only, so
// its list must hold that thread alone; the handles of the parent's other threads mean nothing
// in the child (joining one would wait forever). Takes the list lock around the fork (no thread is
// halfway created or gone in the copy), then in the child resets the list to the caller and
// tells rt/syscall (if linked) to recount the process's tasks. Returns the child's pid in the
// parent and 0 in the child. Only async-signal-safe work should follow in the child of a
// process whose other threads held keel locks; exec is the usual next step.
Result<int> fork();

}  // namespace keel::threads

// What the files of rt/threads share and nobody else needs.
#pragma once

#include "rt/threads/thread.h"

namespace keel::threads::internal {

inline constexpr uint32_t kJoinable = 0;  // running, not detached
inline constexpr uint32_t kDetached = 1;  // frees itself at exit
inline constexpr uint32_t kExited = 2;    // a joinable thread has left the list; result is set

// Sleeps until the kernel has zeroed t's tid word (property 4): t is dead.
void await_death(Thread* t);

extern thread_local Thread* t_self;

// The list (rt/threads/list.cpp). Both under list_lock().
void link(Thread* t);
void unlink(Thread* t);
void note_main_exit();
void reset_list(Thread* only, uint32_t tid);  // in a forked child (rt/threads/fork.cpp)

// Thread stacks (rt/threads/stack.cpp). A mapping is guard page, stack, Thread record, TLS
// block. Freed mappings go to a small cache, under list_lock(); a cached mapping is reused only
// once its last owner's tid word is zero (thread.h, property 4).
struct Stack {
  void* map;
  unsigned long size;
  Thread* thread;            // the record, zeroed and constructed
  unsigned long tp;          // the TLS block's thread pointer
  void* top;                 // where the stack starts (16-byte aligned, grows down)
};
Result<void> stack_get(unsigned long usable, Stack* out);  // caller holds list_lock()
bool stack_cache_put(Thread* owner);  // caller holds list_lock(); false: the cache is full
void stack_free(Thread* t);
void stack_cache_after_fork();  // in a forked child: every cached mapping is free  // once t is gone: its TLS record, then its mapping (cache or unmap)

}  // namespace keel::threads::internal

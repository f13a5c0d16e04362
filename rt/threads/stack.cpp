// Thread stacks: one mapping per thread, laid out from the bottom up as
//   guard page (PROT_NONE) | stack, growing down | Thread record | TLS block
// and a cache of freed mappings, because mapping and unmapping a stack costs about as much as
// the clone itself on this kind of machine (research/baselines.md, C).
#include <new>

#include "rt/pages.h"
#include "rt/threads/internal.h"
#include "rt/tls.h"
#include "sys/clone.h"

namespace keel::threads::internal {
namespace {

constexpr unsigned kCacheMax = 16;  // mappings kept; beyond this they go back to the kernel

// A cached mapping keeps this record in its first usable page (its owner, if still dying,
// runs at the other end of the stack).
struct Cached {
  Cached* next;
  unsigned long size;
  Thread* owner;  // the last thread on it: reusable once owner->tid is 0 (thread.h, 4)
};
Cached* g_cache = nullptr;  // under list_lock()
unsigned g_cached = 0;

unsigned long round_up(unsigned long v, unsigned long a) { return (v + a - 1) & ~(a - 1); }

unsigned long mapping_size(unsigned long usable) {
  const unsigned long page = page_size();
  return round_up(page + round_up(usable, page) + round_up(sizeof(Thread), 64) +
                      rt::tls_area_size(),
                  page);
}

Cached* cached_at(void* map) { return reinterpret_cast<Cached*>(static_cast<char*>(map) + page_size()); }

}  // namespace

Result<void> stack_get(unsigned long usable, Stack* out) {
  const unsigned long size = mapping_size(usable);
  if (size < usable) return Errno::ENOMEM;  // the sum wrapped: no such mapping
  void* map = nullptr;
  for (Cached** p = &g_cache; *p; p = &(*p)->next) {
    if ((*p)->size == size && (*p)->owner->tid.load(Order::acquire) == 0) {
      map = static_cast<char*>(static_cast<void*>(*p)) - page_size();
      *p = (*p)->next;
      --g_cached;
      break;
    }
  }
  if (!map) {
    Result<void*> m = sys::mmap(nullptr, size, sys::PROT_READ | sys::PROT_WRITE,
                                sys::MAP_PRIVATE | sys::MAP_ANONYMOUS | sys::MAP_STACK);
    if (!m) return m.error();
    map = m.value();
    if (Result<void> g = sys::mprotect(map, page_size(), sys::PROT_NONE); !g) {
      (void)sys::munmap(map, size);
      return g.error();
    }
  }
  char* end = static_cast<char*>(map) + size;
  char* tls = end - rt::tls_area_size();
  auto rec = reinterpret_cast<unsigned long>(tls - sizeof(Thread)) & ~63UL;
  *out = {map, size, new (reinterpret_cast<void*>(rec)) Thread, rt::tls_init_area(tls),
          reinterpret_cast<void*>(rec & ~15UL)};
  out->thread->map = map;
  out->thread->map_size = size;
  return {};
}

void stack_cache_after_fork() {
  // The child's copies of the parent's dying threads' tid words are never cleared here.
  for (Cached* c = g_cache; c; c = c->next) c->owner->tid.store(0, Order::relaxed);
}

bool stack_cache_put(Thread* owner) {
  if (g_cached >= kCacheMax) return false;
  Cached* c = cached_at(owner->map);
  c->next = g_cache;
  c->size = owner->map_size;
  c->owner = owner;
  g_cache = c;
  ++g_cached;
  return true;
}

void stack_free(Thread* t) {
  void* map = t->map;
  const unsigned long size = t->map_size;
  list_lock().lock();
  sys::release_clone_tls(t->clone_tls);
  bool kept = stack_cache_put(t);
  list_lock().unlock();
  if (!kept) (void)sys::munmap(map, size);
}

}  // namespace keel::threads::internal

// Page allocation over mmap: whole pages, zeroed by the kernel, returned to it on free.
#pragma once

#include "sys/calls.h"

namespace keel {

unsigned long page_size();

// `bytes` rounded up to whole pages, readable and writable.
inline Result<void*> pages_alloc(unsigned long bytes) {
  unsigned long p = page_size();
  return sys::mmap(nullptr, (bytes + p - 1) & ~(p - 1), sys::PROT_READ | sys::PROT_WRITE,
                   sys::MAP_PRIVATE | sys::MAP_ANONYMOUS);
}

inline Result<void> pages_free(void* addr, unsigned long bytes) {
  unsigned long p = page_size();
  return sys::munmap(addr, (bytes + p - 1) & ~(p - 1));
}

}  // namespace keel

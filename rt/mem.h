// The memory and string primitives keel supplies in place of libc's. The compilers emit calls
// to memcpy, memset, memmove and memcmp on their own (struct copies, zeroing), so those four
// carry their C names.
#pragma once

#include <cstddef>

#if __STDC_HOSTED__
#include <string.h>  // host tests build parts of rt/ against the host libc's versions
#else
extern "C" {
void* memcpy(void* dst, const void* src, size_t n);
void* memmove(void* dst, const void* src, size_t n);
void* memset(void* dst, int c, size_t n);
int memcmp(const void* a, const void* b, size_t n);
}
#endif

namespace keel {
size_t strlen(const char* s);
int strcmp(const char* a, const char* b);
bool streq(const char* a, const char* b);
// True if `s` starts with `prefix`.
bool starts_with(const char* s, const char* prefix);
}  // namespace keel

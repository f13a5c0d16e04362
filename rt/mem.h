// The memory and string primitives keel supplies in place of libc's. The compilers emit calls
// to memcpy, memset, memmove and memcmp on their own (struct copies, zeroing), so rt/mem.cpp
// defines those four under their C names. keel's code calls them through the keel:: names
// below (the compiler's builtins), so no header declares the C functions and a hosted
// translation unit (the host tests) can include this beside its libc's <string.h>.
#pragma once

#include <cstddef>

namespace keel {
inline void* memcpy(void* d, const void* s, size_t n) { return __builtin_memcpy(d, s, n); }
inline void* memmove(void* d, const void* s, size_t n) { return __builtin_memmove(d, s, n); }
inline void* memset(void* d, int c, size_t n) { return __builtin_memset(d, c, n); }
inline int memcmp(const void* a, const void* b, size_t n) { return __builtin_memcmp(a, b, n); }
size_t strlen(const char* s);
int strcmp(const char* a, const char* b);
bool streq(const char* a, const char* b);
// True if `s` starts with `prefix`.
bool starts_with(const char* s, const char* prefix);
}  // namespace keel

// Number formatting into a caller's buffer: no allocation, no syscalls, so it serves the
// output writer, signal-safe diagnostics and the host tests alike.
#pragma once

#include <cstddef>

namespace keel::fmt {

inline constexpr size_t kMaxDigits = 24;  // enough for any 64-bit value, sign included

// Each writes the text of `v` at `out` (at least kMaxDigits bytes, no NUL) and returns its
// length.
size_t dec(char* out, long long v);
size_t udec(char* out, unsigned long long v);
// Lower-case hex without a prefix, zero-padded to at least `min_digits` digits.
size_t hex(char* out, unsigned long long v, int min_digits = 1);

}  // namespace keel::fmt

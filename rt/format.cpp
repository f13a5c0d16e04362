#include "rt/format.h"

namespace keel::fmt {

size_t udec(char* out, unsigned long long v) {
  char tmp[kMaxDigits];
  size_t n = 0;
  do {
    tmp[n++] = static_cast<char>('0' + v % 10);
    v /= 10;
  } while (v);
  for (size_t i = 0; i < n; ++i) out[i] = tmp[n - 1 - i];
  return n;
}

size_t dec(char* out, long long v) {
  if (v >= 0) return udec(out, static_cast<unsigned long long>(v));
  out[0] = '-';
  // -(v+1)+1 avoids overflow at the most negative value.
  return 1 + udec(out + 1, static_cast<unsigned long long>(-(v + 1)) + 1);
}

size_t hex(char* out, unsigned long long v, int min_digits) {
  char tmp[kMaxDigits];
  size_t n = 0;
  do {
    tmp[n++] = "0123456789abcdef"[v & 15];
    v >>= 4;
  } while (v);
  while (n < static_cast<size_t>(min_digits) && n < sizeof tmp) tmp[n++] = '0';
  for (size_t i = 0; i < n; ++i) out[i] = tmp[n - 1 - i];
  return n;
}

}  // namespace keel::fmt

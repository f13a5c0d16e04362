#include "rt/print.h"

#include "rt/format.h"
#include "rt/mem.h"
#include "sys/calls.h"

namespace keel {

Writer& Writer::put(const char* s, size_t n) {
  while (n) {
    if (n_ == sizeof buf_ && !flush()) return *this;
    size_t k = n < sizeof buf_ - n_ ? n : sizeof buf_ - n_;
    memcpy(buf_ + n_, s, k);
    n_ += k, s += k, n -= k;
  }
  return *this;
}

Writer& Writer::put(const char* s) { return s ? put(s, strlen(s)) : put("(null)"); }

Writer& Writer::put_dec(long long v) {
  char t[fmt::kMaxDigits];
  return put(t, fmt::dec(t, v));
}

Writer& Writer::put_udec(unsigned long long v) {
  char t[fmt::kMaxDigits];
  return put(t, fmt::udec(t, v));
}

Writer& Writer::put(Hex h) {
  char t[fmt::kMaxDigits];
  put("0x", 2);
  return put(t, fmt::hex(t, h.v, h.min_digits));
}

Writer& Writer::put(Errno e) {
  if (const char* name = errno_name(e)) return put(name);
  put("errno ");
  return put_dec(static_cast<int>(e));
}

bool Writer::flush() {
  size_t off = 0;
  while (off < n_ && !failed_) {
    auto r = sys::write(fd_, buf_ + off, n_ - off);
    if (r) off += static_cast<size_t>(r.value());
    else if (r.error() != Errno::EINTR) failed_ = true;
  }
  n_ = 0;
  return !failed_;
}

}  // namespace keel

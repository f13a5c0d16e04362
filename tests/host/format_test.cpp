// rt/format, rt/print and sys/result built for the host (amd64: keel's own stubs run natively
// here, so Writer really writes through keel's inline syscall).
#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <climits>
#include <string>

#include "rt/format.h"
#include "rt/print.h"
#include "sys/result.h"

namespace {

// libc's <errno.h> (through gtest) defines ENOENT and friends as macros, so host tests name
// keel's Errno values through the generated name table instead of Errno::ENOENT.
keel::Errno E(const char* name) {
  for (const auto& n : keel::sys::kErrnoNames)
    if (std::string(n.name) == name) return static_cast<keel::Errno>(n.value);
  ADD_FAILURE() << "no errno named " << name;
  return {};
}

std::string dec(long long v) {
  char b[keel::fmt::kMaxDigits];
  return std::string(b, keel::fmt::dec(b, v));
}
std::string hex(unsigned long long v, int min = 1) {
  char b[keel::fmt::kMaxDigits];
  return std::string(b, keel::fmt::hex(b, v, min));
}

TEST(Format, Decimal) {
  EXPECT_EQ(dec(0), "0");
  EXPECT_EQ(dec(7), "7");
  EXPECT_EQ(dec(-42), "-42");
  EXPECT_EQ(dec(1234567890123LL), "1234567890123");
  EXPECT_EQ(dec(LLONG_MAX), "9223372036854775807");
  EXPECT_EQ(dec(LLONG_MIN), "-9223372036854775808");
  char b[keel::fmt::kMaxDigits];
  EXPECT_EQ(std::string(b, keel::fmt::udec(b, ULLONG_MAX)), "18446744073709551615");
}

TEST(Format, Hex) {
  EXPECT_EQ(hex(0), "0");
  EXPECT_EQ(hex(0xdeadbeef), "deadbeef");
  EXPECT_EQ(hex(0x1f, 4), "001f");
  EXPECT_EQ(hex(ULLONG_MAX), "ffffffffffffffff");
}

std::string written(void (*fn)(int)) {
  int p[2];
  EXPECT_EQ(pipe(p), 0);
  fn(p[1]);
  close(p[1]);
  std::string s;
  char buf[4096];
  for (ssize_t n; (n = read(p[0], buf, sizeof buf)) > 0;) s.append(buf, n);
  close(p[0]);
  return s;
}

TEST(Print, MixedValuesInOneLine) {
  EXPECT_EQ(written([](int fd) {
              keel::println(fd, "n=", 42, " u=", 7u, " neg=", -3L, " h=", keel::Hex{255}, " b=",
                            true, " c=", 'x');
            }),
            "n=42 u=7 neg=-3 h=0xff b=true c=x\n");
}

TEST(Print, ErrnoPrintsByName) {
  EXPECT_EQ(written([](int fd) { keel::println(fd, E("ENOENT")); }), "ENOENT\n");
  EXPECT_EQ(written([](int fd) { keel::println(fd, static_cast<keel::Errno>(4000)); }),
            "errno 4000\n");
}

TEST(Print, LongOutputIsFlushedWhole) {
  std::string s = written([](int fd) {
    keel::Writer w(fd);
    for (int i = 0; i < 1000; ++i) w.put("0123456789");
  });
  ASSERT_EQ(s.size(), 10000u);
  EXPECT_EQ(s.substr(9990), "0123456789");
}

TEST(Print, NullString) {
  EXPECT_EQ(written([](int fd) { keel::println(fd, static_cast<const char*>(nullptr)); }),
            "(null)\n");
}

TEST(Print, BadDescriptorFailsQuietly) {
  keel::Writer w(-1);
  w.put("x");
  EXPECT_FALSE(w.flush());
}

TEST(Result, ValueAndError) {
  auto ok = keel::Result<int>::from_raw(5);
  EXPECT_TRUE(ok.ok());
  EXPECT_EQ(ok.value(), 5);
  auto bad = keel::Result<int>::from_raw(-2);
  EXPECT_FALSE(bad.ok());
  EXPECT_EQ(bad.error(), E("ENOENT"));
  EXPECT_EQ(bad.value_or(9), 9);
  // Large "negative" words that are not in [-4095, -1] are values (an mmap address, say).
  auto addr = keel::Result<long>::from_raw(-4096);
  EXPECT_TRUE(addr.ok());
  auto edge = keel::Result<long>::from_raw(-4095);
  EXPECT_FALSE(edge.ok());
  keel::Result<void> v = keel::Result<void>::from_raw(3);
  EXPECT_TRUE(v.ok());
  keel::Result<void> e = E("EBADF");
  EXPECT_EQ(e.error(), E("EBADF"));
  keel::Result<void*> p = keel::Result<void*>::from_raw(0x7000);
  EXPECT_EQ(p.value(), reinterpret_cast<void*>(0x7000));
}

TEST(Result, ErrnoNames) {
  EXPECT_STREQ(keel::errno_name(E("EPERM")), "EPERM");
  EXPECT_STREQ(keel::errno_name(E("EAGAIN")), "EAGAIN");  // not EWOULDBLOCK
  EXPECT_STREQ(keel::errno_name(E("EOPNOTSUPP")), "EOPNOTSUPP");
  EXPECT_EQ(keel::errno_name(static_cast<keel::Errno>(0)), nullptr);
}

}  // namespace

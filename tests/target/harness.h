// keel's freestanding test harness. A test program is a set of KTEST bodies; main() comes from
// harness.cpp. Each test prints one line:
//   ok NAME
//   FAIL NAME: file:line: what went wrong
//   skip NAME: reason
// and the program ends with "N passed, N failed, N skipped" and a non-zero status if any
// failed. Tests register through static constructors, so every test program also exercises
// start-up's .init_array.
#pragma once

#include "rt/keel.h"

namespace ktest {

class T {
 public:
  explicit T(const char* name) : name_(name) {}
  bool failed() const { return failed_; }
  bool skipped() const { return skip_reason_ != nullptr; }
  const char* skip_reason() const { return skip_reason_; }
  void skip(const char* reason) { skip_reason_ = reason; }

  // Records a failure; the first one is printed on the test's line, later ones on their own.
  template <class... A>
  void fail(const char* file, int line, const A&... what) {
    keel::Writer w(1);
    w.put(failed_ ? "  also " : "FAIL ");
    if (!failed_) w.put(name_), w.put(": ");
    w.put(file), w.put(':'), w.put(line), w.put(": ");
    (w.put(what), ...);
    w.put('\n');
    failed_ = true;
  }

 private:
  const char* name_;
  bool failed_ = false;
  const char* skip_reason_ = nullptr;
};

using Fn = void (*)(T&);
struct Reg {
  Reg(const char* name, Fn fn);
};

// Printable form of values in failure messages.
template <class V>
const V& show(const V& v) { return v; }
inline const char* show(const char* s) { return s ? s : "(null)"; }
inline keel::Hex show(const void* p) { return keel::Hex{reinterpret_cast<unsigned long>(p)}; }

}  // namespace ktest

#define KTEST(name)                                          \
  static void ktest_##name(ktest::T&);                        \
  static ktest::Reg ktest_reg_##name(#name, ktest_##name);    \
  static void ktest_##name([[maybe_unused]] ktest::T& t)

#define CHECK(cond)                                               \
  do {                                                            \
    if (!(cond)) t.fail(__FILE__, __LINE__, "CHECK(" #cond ")"); \
  } while (0)

#define CHECK_EQ(a, b)                                                                    \
  do {                                                                                    \
    auto&& ka_ = (a);                                                                     \
    auto&& kb_ = (b);                                                                     \
    if (!(ka_ == kb_))                                                                    \
      t.fail(__FILE__, __LINE__, #a " == " #b ": got ", ktest::show(ka_), ", want ",       \
             ktest::show(kb_));                                                           \
  } while (0)

#define CHECK_STREQ(a, b)                                                                 \
  do {                                                                                    \
    const char* ka_ = (a);                                                                \
    const char* kb_ = (b);                                                                \
    if (!ka_ || !kb_ || !keel::streq(ka_, kb_))                                           \
      t.fail(__FILE__, __LINE__, #a " == " #b ": got \"", ktest::show(ka_), "\", want \"", \
             ktest::show(kb_), "\"");                                                     \
  } while (0)

// A Result must be ok; on failure, prints its errno name and returns from the test.
#define REQUIRE_OK(r)                                                            \
  do {                                                                           \
    auto&& kr_ = (r);                                                            \
    if (!kr_) {                                                                  \
      t.fail(__FILE__, __LINE__, #r " failed: ", kr_.error());                   \
      return;                                                                    \
    }                                                                            \
  } while (0)

// A Result must have failed with exactly errno `e`.
#define CHECK_ERR(r, e)                                                                  \
  do {                                                                                   \
    auto&& kr_ = (r);                                                                    \
    if (kr_.ok()) t.fail(__FILE__, __LINE__, #r " succeeded, want ", (e));               \
    else if (kr_.error() != (e))                                                         \
      t.fail(__FILE__, __LINE__, #r ": got ", kr_.error(), ", want ", (e));              \
  } while (0)

#define SKIP(reason)  \
  do {                \
    t.skip(reason);   \
    return;           \
  } while (0)

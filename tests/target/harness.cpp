#include "tests/target/harness.h"

namespace ktest {
namespace {

struct Entry {
  const char* name;
  Fn fn;
};
constexpr int kMaxTests = 256;
Entry g_tests[kMaxTests];
int g_count = 0;

}  // namespace

Reg::Reg(const char* name, Fn fn) {
  if (g_count == kMaxTests) {
    keel::println(2, "harness: more than ", kMaxTests, " tests; ", name, " dropped");
    keel::exit(2);
  }
  g_tests[g_count++] = {name, fn};
}

}  // namespace ktest

// Programs may define this to handle their own command-line modes (a helper child, for
// instance) before the tests run; returning -1 means "run the tests".
__attribute__((weak)) int ktest_main(int argc, char** argv);

int main(int argc, char** argv, char**) {
  if (ktest_main) {
    int r = ktest_main(argc, argv);
    if (r >= 0) return r;
  }
  int passed = 0, failed = 0, skipped = 0;
  for (int i = 0; i < ktest::g_count; ++i) {
    ktest::T t(ktest::g_tests[i].name);
    ktest::g_tests[i].fn(t);
    if (t.failed()) {
      ++failed;
    } else if (t.skipped()) {
      ++skipped;
      keel::println(1, "skip ", ktest::g_tests[i].name, ": ", t.skip_reason());
    } else {
      ++passed;
      keel::println(1, "ok ", ktest::g_tests[i].name);
    }
  }
  keel::println(1, passed, " passed, ", failed, " failed, ", skipped, " skipped");
  return failed ? 1 : 0;
}

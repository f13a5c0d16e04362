// The host suite's main: GoogleTest with a listener that adds up every host test and every
// target-program line into the one line `make check` ends with:
//   N passed, N failed, N skipped
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <sstream>

#include "tests/host/host.h"

namespace keelhost {
namespace {

std::mutex g_mu;
int g_passed = 0, g_failed = 0, g_skipped = 0;

// Target-driver tests are not counted themselves: the lines of the programs they run are.
class Tally : public testing::EmptyTestEventListener {
  void OnTestEnd(const testing::TestInfo& info) override {
    if (std::string(info.test_suite_name()).rfind("Target", 0) == 0) return;
    std::lock_guard<std::mutex> l(g_mu);
    const auto* r = info.result();
    if (r->Skipped()) ++g_skipped;
    else if (r->Failed()) ++g_failed;
    else ++g_passed;
  }
};

std::vector<std::string> split(const char* s) {
  std::vector<std::string> v;
  std::istringstream in(s ? s : "");
  for (std::string w; in >> w;) v.push_back(w);
  return v;
}

}  // namespace

void tally_target(int passed, int failed, int skipped) {
  std::lock_guard<std::mutex> l(g_mu);
  g_passed += passed, g_failed += failed, g_skipped += skipped;
}

Ran run(const std::string& cmd) {
  Ran r;
  FILE* p = popen((cmd + " 2>&1").c_str(), "r");
  if (!p) return r;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) r.out.append(buf, n);
  int st = pclose(p);
  r.status = WIFEXITED(st) ? WEXITSTATUS(st) : WIFSIGNALED(st) ? 128 + WTERMSIG(st) : -1;
  return r;
}

std::string top() {
  const char* t = std::getenv("KEEL_TOP");
  return t ? t : ".";
}

std::vector<std::string> arches() {
  auto v = split(std::getenv("KEEL_ARCHS"));
  return v.empty() ? std::vector<std::string>{"amd64"} : v;
}

std::vector<std::string> clang_arches() { return split(std::getenv("KEEL_CLANG_ARCHS")); }

std::string sh_quote(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

void register_target_tests();  // target_driver.cpp

}  // namespace keelhost

int main(int argc, char** argv) {
  testing::InitGoogleTest(&argc, argv);
  keelhost::register_target_tests();
  testing::UnitTest::GetInstance()->listeners().Append(new keelhost::Tally);
  int rc = RUN_ALL_TESTS();
  std::printf("%d passed, %d failed, %d skipped\n", keelhost::g_passed, keelhost::g_failed,
              keelhost::g_skipped);
  return rc;
}

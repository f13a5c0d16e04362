// Runs every freestanding test program (build/<arch>/tests/t_*) on every architecture, natively
// or under QEMU through tools/cross/run, and reports each program's own lines. A program that
// fails, crashes, hangs (5 minutes) or ends without its summary line fails here with its whole
// output.
#include <dirent.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <regex>
#include <sstream>

#include "tests/host/host.h"

namespace keelhost {
namespace {

std::vector<std::string> programs(const std::string& dir) {
  std::vector<std::string> v;
  if (DIR* d = opendir(dir.c_str())) {
    while (dirent* e = readdir(d))
      if (std::string(e->d_name).rfind("t_", 0) == 0) v.push_back(e->d_name);
    closedir(d);
  }
  std::sort(v.begin(), v.end());
  return v;
}

// The driver's fixed command line for every program: t_start checks it.
std::string command(const std::string& arch, const std::string& path, const std::string& args) {
  return "KEEL_TEST_ENV=xyz timeout -k 5 300 " + top() + "/tools/cross/run " + arch + " " +
         path + " " + args;
}

class TargetProgram : public testing::Test {
 public:
  TargetProgram(std::string arch, std::string label, std::string path)
      : arch_(std::move(arch)), label_(std::move(label)), path_(std::move(path)) {}

  void TestBody() override {
    Ran r = run(command(arch_, path_, "alpha 'beta gamma'"));
    int passed = 0, failed = 0, skipped = 0;
    bool summary = false;
    static const std::regex kSummary(R"(^\d+ passed, \d+ failed, \d+ skipped$)");
    std::istringstream in(r.out);
    std::string out;
    for (std::string line; std::getline(in, line);) {
      if (line.rfind("ok ", 0) == 0) ++passed;
      else if (line.rfind("FAIL ", 0) == 0) ++failed;
      else if (line.rfind("skip ", 0) == 0) ++skipped;
      else if (std::regex_match(line, kSummary)) summary = true;
      out += "[" + label_ + "] " + line + "\n";
    }
    std::fputs(out.c_str(), stdout);
    if (r.status != 0 || !summary) {
      // The program died or lied: count that as one more failure, with its reason.
      std::printf("FAIL [%s] %s: exit status %d%s\n", label_.c_str(), path_.c_str(), r.status,
                  summary ? "" : ", no summary line");
      if (failed == 0) ++failed;
    }
    tally_target(passed, failed, skipped);
    EXPECT_EQ(r.status, 0) << out;
    EXPECT_TRUE(summary) << "no summary line:\n" << out;
    EXPECT_EQ(failed, 0) << out;
  }

 private:
  std::string arch_, label_, path_;
};

void add(const std::string& arch, const std::string& label, const std::string& dir) {
  auto progs = programs(dir);
  if (progs.empty()) {
    // Nothing built is itself a failure: the check must not pass on no tests.
    testing::RegisterTest("MissingTargets", label.c_str(), nullptr, nullptr, __FILE__, __LINE__,
                          [dir]() -> testing::Test* {
                            struct Missing : testing::Test {
                              std::string d;
                              void TestBody() override { FAIL() << "no test programs in " << d; }
                            };
                            auto* m = new Missing;
                            m->d = dir;
                            return m;
                          });
    return;
  }
  for (const auto& p : progs) {
    std::string path = dir + "/" + p;
    testing::RegisterTest("Target", (label + "_" + p).c_str(), nullptr, nullptr, __FILE__,
                          __LINE__, [=]() -> testing::Test* {
                            return new TargetProgram(arch, label, path);
                          });
  }
}

}  // namespace

void register_target_tests() {
  for (const auto& a : arches()) add(a, a, top() + "/build/" + a + "/tests");
  for (const auto& a : clang_arches()) add(a, a + "-clang", top() + "/build/" + a + "-clang/tests");
}

// main's return value is the exit status (checked from outside, on every architecture).
class ExitStatus : public testing::TestWithParam<std::string> {};

TEST_P(ExitStatus, MainsReturnValueIsTheExitStatus) {
  const std::string arch = GetParam();
  Ran r = run(command(arch, top() + "/build/" + arch + "/tests/t_start", "--exit-code 7"));
  EXPECT_EQ(r.status, 7) << r.out;
}

INSTANTIATE_TEST_SUITE_P(Arches, ExitStatus, testing::ValuesIn(arches()));

}  // namespace keelhost

namespace keelhost {
namespace {

// 386 runs natively where the kernel executes ia32 binaries, else under qemu-i386: say which.
TEST(Native386, KernelExecutesIa32Binaries) {
  auto a = arches();
  if (std::find(a.begin(), a.end(), "386") == a.end()) GTEST_SKIP() << "386 is not being checked";
  Ran r = run("KEEL_QUERY_NATIVE=1 " + top() + "/tools/cross/run 386 -");
  if (r.out != "native\n")
    GTEST_SKIP() << "this kernel refuses ia32 executables (probe exec failed), so the 386 tests "
                    "ran under " << r.out.substr(0, r.out.size() - 1);
}

}  // namespace
}  // namespace keelhost

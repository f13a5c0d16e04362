// Properties of the smallest keel program on amd64, looked at from outside: its stripped
// size, the system calls its start-up makes, and no CPUID instruction (each one traps to the
// hypervisor on this kind of machine).
#include <gtest/gtest.h>

#include <sys/stat.h>

#include <algorithm>
#include <sstream>

#include "tests/host/host.h"

namespace keelhost {
namespace {

std::string hello() { return top() + "/build/amd64/examples/hello"; }

// These look at the amd64 build, which `make check ARCHS="..."` without amd64 does not make.
class Hello : public testing::Test {
 protected:
  void SetUp() override {
    auto a = arches();
    if (std::find(a.begin(), a.end(), "amd64") == a.end())
      GTEST_SKIP() << "amd64 is not among the architectures being checked";
  }
};

TEST_F(Hello, StrippedSizeAtMost4KiB) {
  Ran s = run("strip -s -R .comment -o /tmp/keel-hello-stripped " + hello());
  ASSERT_EQ(s.status, 0) << s.out;
  struct stat st {};
  ASSERT_EQ(stat("/tmp/keel-hello-stripped", &st), 0);
  EXPECT_LE(st.st_size, 4096) << "stripped hello is " << st.st_size << " bytes";
  std::printf("stripped hello (amd64): %lld bytes\n", static_cast<long long>(st.st_size));
}

TEST_F(Hello, StartUpMakesOnlyTheCallsItNeeds) {
  if (run("command -v strace").status != 0) GTEST_SKIP() << "strace is not installed";
  Ran r = run("strace -f -qq -o /tmp/keel-hello-strace " + hello() +
              " >/dev/null && cat /tmp/keel-hello-strace");
  ASSERT_EQ(r.status, 0) << r.out;
  std::vector<std::string> calls;
  std::istringstream in(r.out);
  for (std::string line; std::getline(in, line);) {
    auto p = line.find('(');
    if (p == std::string::npos) continue;
    auto b = line.find_last_of(' ', p);
    calls.push_back(line.substr(b == std::string::npos ? 0 : b + 1, p - (b == std::string::npos ? 0 : b + 1)));
  }
  std::vector<std::string> want = {"execve", "arch_prctl", "write", "exit_group"};
  EXPECT_EQ(calls, want) << r.out;
}

TEST_F(Hello, NoCpuid) {
  Ran d = run("objdump -d " + hello());
  ASSERT_EQ(d.status, 0) << d.out.substr(0, 2000);
  EXPECT_EQ(d.out.find("cpuid"), std::string::npos);
}

}  // namespace
}  // namespace keelhost

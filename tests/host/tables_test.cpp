// The committed tables in sys/<arch>/ must be what tools/gensys makes from the cross
// compilers' UAPI headers today: regenerate into a temporary directory and compare.
#include <gtest/gtest.h>

#include "tests/host/host.h"

namespace keelhost {
namespace {

class Tables : public testing::TestWithParam<std::string> {};

TEST_P(Tables, MatchTheKernelHeaders) {
  const std::string arch = GetParam();
  char tmpl[] = "/tmp/keel-gensys-XXXXXX";
  ASSERT_NE(mkdtemp(tmpl), nullptr);
  std::string tmp = tmpl;
  Ran g = run(top() + "/build/host/gensys --arches " + top() + "/tools/cross/arches.tsv --consts " +
              top() + "/tools/gensys/consts.txt --out " + tmp + " --only " + arch);
  ASSERT_EQ(g.status, 0) << g.out;
  Ran d = run("diff -r " + top() + "/sys/" + arch + " " + tmp + "/" + arch);
  EXPECT_EQ(d.status, 0) << "sys/" << arch << " differs from the headers (run `make gen`):\n"
                         << d.out.substr(0, 4000);
  run("rm -rf " + tmp);
}

INSTANTIATE_TEST_SUITE_P(Arches, Tables, testing::ValuesIn(arches()));

TEST(Tables, ArchSpecificValuesDiffer) {
  // The reason the tables are per architecture, checked on the generated text itself.
  auto has = [](const std::string& arch, const std::string& file, const std::string& line) {
    return run("grep -qxF " + sh_quote(line) + " " + top() + "/sys/" + arch + "/" + file).status == 0;
  };
  EXPECT_TRUE(has("mips64le", "errnos.h", "  ENOSYS = 89,"));
  EXPECT_TRUE(has("amd64", "errnos.h", "  ENOSYS = 38,"));
  EXPECT_TRUE(has("mips64le", "consts.h", "inline constexpr int SIGCHLD = 18;"));
  EXPECT_TRUE(has("amd64", "consts.h", "inline constexpr int SIGCHLD = 17;"));
  EXPECT_TRUE(has("arm64", "consts.h", "inline constexpr int O_DIRECTORY = 16384;"));
  EXPECT_TRUE(has("amd64", "consts.h", "inline constexpr int O_DIRECTORY = 65536;"));
  EXPECT_TRUE(has("mips64le", "consts.h", "inline constexpr int O_CREAT = 256;"));
  EXPECT_TRUE(has("mips64le", "consts.h", "inline constexpr int _NSIG = 128;"));
}

}  // namespace
}  // namespace keelhost

// `make install` into a temporary prefix, then an outside program built only through
// pkg-config, as a user would.
#include <gtest/gtest.h>

#include <fstream>

#include "tests/host/host.h"

namespace keelhost {
namespace {

TEST(Install, OutsideProgramBuildsThroughPkgConfig) {
  char tmpl[] = "/tmp/keel-install-XXXXXX";
  ASSERT_NE(mkdtemp(tmpl), nullptr);
  const std::string pre = tmpl;
  Ran i = run("make -s -C " + top() + " install ARCH=amd64 PREFIX=" + pre);
  ASSERT_EQ(i.status, 0) << i.out;
  std::ofstream(pre + "/prog.cpp") << R"(#include "rt/keel.h"
int main(int argc, char**, char**) {
  keel::println(1, "outside program, argc=", argc, ", pid>0: ", keel::sys::getpid().value() > 0);
  return 3;
})";
  Ran b = run("cd " + pre + " && x86_64-linux-gnu-g++ -O2 prog.cpp -o prog $(PKG_CONFIG_PATH=" + pre +
              "/lib/pkgconfig pkg-config --cflags --libs keel)");
  ASSERT_EQ(b.status, 0) << b.out;
  Ran r = run(pre + "/prog x y");
  EXPECT_EQ(r.status, 3);
  EXPECT_EQ(r.out, "outside program, argc=3, pid>0: true\n");
  Ran ldd = run("file " + pre + "/prog");
  EXPECT_NE(ldd.out.find("statically linked"), std::string::npos) << ldd.out;
  run("rm -rf " + pre);
}

}  // namespace
}  // namespace keelhost

// Start-up: argv, envp and auxv as the kernel laid them out, static TLS (initial values,
// zero-filled .tbss, alignment, writes), .preinit_array/.init_array order, byte order, and the
// exit status through exit() and static destructors.
//
// The driver (tests/host) runs this with arguments "alpha" "beta gamma" and KEEL_TEST_ENV=xyz
// in the environment; "--exit-code N" makes main return N instead of running the tests.
#include "tests/target/harness.h"

using namespace keel;
namespace s = keel::sys;

namespace {

thread_local int tl_answer = 42;
thread_local char tl_zeroes[100];
alignas(64) thread_local int tl_aligned = 7;
thread_local long long tl_wide = 0x1122334455667788LL;
alignas(256) thread_local char tl_page_aligned[8] = {'k', 'e', 'e', 'l'};

// Start-up order: every entry appends its letter here.
char g_order[8];
int g_order_n = 0;
int g_init_argc = -1;

void note(char c) { g_order[g_order_n++] = c; }

void preinit_fn(int, char**, char**) { note('p'); }
__attribute__((section(".preinit_array"), used)) void (*preinit_entry)(int, char**, char**) =
    preinit_fn;

void init_fn(int argc, char**, char**) {
  note('i');
  g_init_argc = argc;
}
__attribute__((section(".init_array"), used)) void (*init_entry)(int, char**, char**) = init_fn;

struct Ctor {
  Ctor() { note('c'); }
};
Ctor g_ctor;

}  // namespace

int ktest_main(int argc, char** argv) {
  if (argc == 3 && streq(argv[1], "--exit-code")) return argv[2][0] - '0';
  return -1;
}

KTEST(argv_from_the_kernel) {
  const auto& p = process();
  CHECK_EQ(p.argc, 3);
  if (p.argc != 3) return;
  CHECK_STREQ(p.argv[1], "alpha");
  CHECK_STREQ(p.argv[2], "beta gamma");
  CHECK(p.argv[3] == nullptr);
  CHECK(p.envp == p.argv + 4);
}

KTEST(envp) {
  CHECK_STREQ(getenv("KEEL_TEST_ENV"), "xyz");
  CHECK(getenv("KEEL_TEST_ENV_UNSET_NAME") == nullptr);
  CHECK(getenv("KEEL_TEST_EN") == nullptr);  // a prefix is not a match
}

KTEST(auxv) {
  unsigned long pg = auxval(s::AT_PAGESZ);
  CHECK(pg >= 4096);
  CHECK_EQ(pg & (pg - 1), 0UL);  // a power of two
  auto* rnd = reinterpret_cast<const unsigned char*>(auxval(s::AT_RANDOM));
  CHECK(rnd != nullptr);
  if (rnd) {
    int nonzero = 0;
    for (int i = 0; i < 16; ++i) nonzero += rnd[i] != 0;
    CHECK(nonzero > 0);
  }
  CHECK(auxval(s::AT_PHDR) != 0);
  CHECK_EQ(auxval(0xfffffff), 0UL);  // absent entries read as 0
}

KTEST(thread_local_initial_values) {
  CHECK_EQ(tl_answer, 42);
  CHECK_EQ(tl_aligned, 7);
  CHECK_EQ(tl_wide, 0x1122334455667788LL);
  int zeros = 0;
  for (char c : tl_zeroes) zeros += c == 0;
  CHECK_EQ(zeros, 100);
  // An address the compiler cannot fold: alignment above 64 once put variant I blocks off.
  volatile unsigned long a64 = reinterpret_cast<unsigned long>(&tl_aligned);
  volatile unsigned long a256 = reinterpret_cast<unsigned long>(&tl_page_aligned[0]);
  CHECK_EQ(a64 % 64, 0UL);
  CHECK_EQ(a256 % 256, 0UL);
  CHECK_STREQ(tl_page_aligned, "keel");
}

KTEST(thread_local_writes) {
  tl_answer = 43;
  tl_zeroes[99] = 'z';
  tl_wide += 1;
  CHECK_EQ(tl_answer, 43);
  CHECK_EQ(tl_zeroes[99], 'z');
  CHECK_EQ(tl_wide, 0x1122334455667789LL);
  // The block lives where the thread pointer says, on this architecture's side of it.
  auto tp = arch::thread_pointer();
  auto a = reinterpret_cast<unsigned long>(&tl_answer);
  if constexpr (arch::kTlsAboveTp) CHECK(a + arch::kTpBias >= tp);
  else CHECK(a < tp);
}

KTEST(init_array_order) {
  // .preinit_array first, then .init_array; init_fn and the static constructor are both in
  // .init_array, in link order.
  CHECK_EQ(g_order_n, 3);
  CHECK_EQ(g_order[0], 'p');
  CHECK(g_order_n == 3 && ((g_order[1] == 'i' && g_order[2] == 'c') ||
                           (g_order[1] == 'c' && g_order[2] == 'i')));
  CHECK_EQ(g_init_argc, 3);  // init functions get argc, argv, envp
}

KTEST(byte_order) {
  const uint32_t word = 0x01020304;
  const auto* b = reinterpret_cast<const unsigned char*>(&word);
#if defined(__s390x__)
  CHECK_EQ(int{b[0]}, 1);  // big-endian
#else
  CHECK_EQ(int{b[0]}, 4);
#endif
  // A value the kernel writes in the architecture's own order reads back right.
  int p[2];
  REQUIRE_OK(s::pipe2(p, s::O_CLOEXEC));
  const uint64_t v = 0x0102030405060708ULL;
  REQUIRE_OK(s::write(p[1], &v, sizeof v));
  unsigned char raw[8];
  REQUIRE_OK(s::read(p[0], raw, 8));
  CHECK_EQ(memcmp(raw, &v, 8), 0);
  s::Statx st{};
  REQUIRE_OK(s::statx(p[0], "", s::AT_EMPTY_PATH, s::STATX_MODE, &st));
  CHECK_EQ(st.stx_mode & s::S_IFMT, s::S_IFIFO);
  (void)s::close(p[0]);
  (void)s::close(p[1]);
}

namespace {
int g_exit_pipe = -1;
struct WritesAtExit {
  ~WritesAtExit() {
    if (g_exit_pipe >= 0) (void)s::write(g_exit_pipe, "d", 1);
  }
};
}  // namespace

KTEST(exit_status_and_static_destructors) {
  int p[2];
  REQUIRE_OK(s::pipe2(p, s::O_CLOEXEC));
  auto pid = s::fork(s::SIGCHLD);
  REQUIRE_OK(pid);
  if (pid.value() == 0) {
    g_exit_pipe = p[1];
    static WritesAtExit w;  // registered with __cxa_atexit on first use
    (void)w;
    keel::exit(7);
  }
  (void)s::close(p[1]);
  s::Siginfo si{};
  REQUIRE_OK(s::waitid(s::P_PID, pid.value(), &si, s::WEXITED));
  CHECK_EQ(si.u.chld.status, 7);
  char c = 0;
  auto n = s::read(p[0], &c, 1);
  REQUIRE_OK(n);
  CHECK_EQ(n.value(), 1L);
  CHECK_EQ(c, 'd');
  (void)s::close(p[0]);
}

// The syscall layer on one architecture: every arity with each argument landing where it
// should (each call below gives a result that depends on every argument it takes), the error
// convention with this architecture's errno values, per-arch constants in use, 64-bit
// arguments and results on the 32-bit architectures.
#include "tests/target/harness.h"

using namespace keel;
namespace s = keel::sys;

namespace {

// A fresh empty file under /tmp, unlinked at once: only the descriptor names it.
Result<int> scratch_file() { return s::memfd_create("keel-test", s::MFD_CLOEXEC); }

}  // namespace

KTEST(arity0_getpid_gettid) {
  auto pid = s::getpid(), tid = s::gettid(), ppid = s::getppid();
  REQUIRE_OK(pid);
  REQUIRE_OK(tid);
  REQUIRE_OK(ppid);
  CHECK_EQ(pid.value(), tid.value());  // the main thread's tid is the pid
  CHECK(ppid.value() > 0);
  CHECK(ppid.value() != pid.value());
}

KTEST(arity1_dup_close) {
  auto fd = s::dup(1);
  REQUIRE_OK(fd);
  CHECK(fd.value() > 2);
  REQUIRE_OK(s::close(fd.value()));
  CHECK_ERR(s::close(fd.value()), Errno::EBADF);  // the argument reached the kernel
}

KTEST(arity2_clock_gettime) {
  s::Timespec a{}, b{};
  REQUIRE_OK(s::clock_gettime(s::CLOCK_MONOTONIC, &a));
  REQUIRE_OK(s::clock_gettime(s::CLOCK_MONOTONIC, &b));
  CHECK(a.tv_sec > 0 || a.tv_nsec > 0);
  CHECK(b.tv_sec > a.tv_sec || (b.tv_sec == a.tv_sec && b.tv_nsec >= a.tv_nsec));
  CHECK_ERR(s::clock_gettime(12345, &a), Errno::EINVAL);       // first argument
  CHECK_ERR(s::clock_gettime(s::CLOCK_MONOTONIC, reinterpret_cast<s::Timespec*>(8)),
            Errno::EFAULT);                                       // second argument
}

KTEST(arity3_pipe_write_read) {
  int p[2];
  REQUIRE_OK(s::pipe2(p, s::O_CLOEXEC));
  const char msg[] = "0123456789";
  auto w = s::write(p[1], msg + 2, 5);  // pointer and count both matter
  REQUIRE_OK(w);
  CHECK_EQ(w.value(), 5L);
  char buf[16] = {};
  auto r = s::read(p[0], buf, 3);
  REQUIRE_OK(r);
  CHECK_EQ(r.value(), 3L);
  CHECK_STREQ(buf, "234");
  CHECK_ERR(s::read(p[1], buf, 1), Errno::EBADF);  // write end: the fd argument matters
  (void)s::close(p[0]);
  (void)s::close(p[1]);
}

KTEST(arity4_openat_mode) {
  auto dir = s::open("/tmp", s::O_DIRECTORY | s::O_RDONLY | s::O_CLOEXEC);
  REQUIRE_OK(dir);
  char name[40] = "keel-t-openat-";
  fmt::dec(name + 14, s::getpid().value());
  (void)s::unlinkat(dir.value(), name, 0);
  auto fd = s::openat(dir.value(), name, s::O_CREAT | s::O_EXCL | s::O_WRONLY | s::O_CLOEXEC, 0604);
  REQUIRE_OK(fd);
  s::Statx st{};
  REQUIRE_OK(s::statx(fd.value(), "", s::AT_EMPTY_PATH, s::STATX_MODE, &st));
  CHECK_EQ(st.stx_mode & 0777, 0604);  // the fourth argument arrived
  CHECK_ERR(s::openat(dir.value(), name, s::O_CREAT | s::O_EXCL | s::O_WRONLY, 0600),
            Errno::EEXIST);            // the third did too
  (void)s::close(fd.value());
  REQUIRE_OK(s::unlinkat(dir.value(), name, 0));
  (void)s::close(dir.value());
}

KTEST(arity5_statx) {
  auto fd = scratch_file();
  REQUIRE_OK(fd);
  REQUIRE_OK(s::write(fd.value(), "hello", 5));
  s::Statx st{};
  REQUIRE_OK(s::statx(fd.value(), "", s::AT_EMPTY_PATH, s::STATX_SIZE, &st));
  CHECK(st.stx_mask & s::STATX_SIZE);
  CHECK_EQ(st.stx_size, 5ULL);
  CHECK_ERR(s::statx(fd.value(), "", 0, s::STATX_SIZE, &st), Errno::ENOENT);  // flags matter
  (void)s::close(fd.value());
}

KTEST(arity6_copy_file_range) {
  auto in = scratch_file(), out = scratch_file();
  REQUIRE_OK(in);
  REQUIRE_OK(out);
  REQUIRE_OK(s::write(in.value(), "abcdefghij", 10));
  REQUIRE_OK(s::write(out.value(), "..........", 10));
  int64_t off_in = 3, off_out = 5;
  // A non-zero sixth argument must be refused: proof that it reached the kernel.
  CHECK_ERR(s::copy_file_range(in.value(), &off_in, out.value(), &off_out, 4, 1), Errno::EINVAL);
  auto n = s::copy_file_range(in.value(), &off_in, out.value(), &off_out, 4, 0);
  REQUIRE_OK(n);
  CHECK_EQ(n.value(), 4L);
  CHECK_EQ(off_in, int64_t{7});
  CHECK_EQ(off_out, int64_t{9});
  char buf[11] = {};
  REQUIRE_OK(s::pread(out.value(), buf, 10, 0));
  CHECK_STREQ(buf, ".....defg.");
  (void)s::close(in.value());
  (void)s::close(out.value());
}

KTEST(errno_values_are_this_archs) {
#if defined(__mips__)
  constexpr int kEnosys = 89;  // mips numbers its errnos its own way from 35 up
#else
  constexpr int kEnosys = 38;
#endif
  CHECK_EQ(static_cast<int>(Errno::ENOSYS), kEnosys);
  CHECK_EQ(s::raw(99999), -long{kEnosys});  // an unknown number
  CHECK_ERR(s::open("/nonexistent/keel", s::O_RDONLY), Errno::ENOENT);
  CHECK_ERR(s::close(12345), Errno::EBADF);
  CHECK_ERR(s::write(1, reinterpret_cast<const void*>(8), 4), Errno::EFAULT);
  CHECK_EQ(static_cast<int>(Errno::ENOENT), 2);
  CHECK_EQ(static_cast<int>(Errno::EBADF), 9);
  CHECK_EQ(static_cast<int>(Errno::EFAULT), 14);
  CHECK_STREQ(errno_name(Errno::ENOSYS), "ENOSYS");
  CHECK_STREQ(errno_name(Errno::EAGAIN), "EAGAIN");
}

KTEST(open_flags_are_this_archs) {
  // O_DIRECTORY and O_NOFOLLOW differ on arm, arm64 and ppc64le; O_CREAT on mips64le.
  CHECK_ERR(s::open("/proc/self/status", s::O_RDONLY | s::O_DIRECTORY), Errno::ENOTDIR);
  auto dir = s::open("/tmp", s::O_DIRECTORY | s::O_RDONLY | s::O_CLOEXEC);
  REQUIRE_OK(dir);
  char name[40] = "keel-t-link-";
  fmt::dec(name + 12, s::getpid().value());
  (void)s::unlinkat(dir.value(), name, 0);
  REQUIRE_OK(s::symlinkat("/proc/self/status", dir.value(), name));
  CHECK_ERR(s::openat(dir.value(), name, s::O_RDONLY | s::O_NOFOLLOW), Errno::ELOOP);
  auto fd = s::openat(dir.value(), name, s::O_RDONLY | s::O_CLOEXEC);
  REQUIRE_OK(fd);
  auto fl = s::fcntl(fd.value(), s::F_GETFD);
  REQUIRE_OK(fl);
  CHECK_EQ(fl.value() & s::FD_CLOEXEC, s::FD_CLOEXEC);
  (void)s::close(fd.value());
  (void)s::unlinkat(dir.value(), name, 0);
  (void)s::close(dir.value());
}

KTEST(child_exit_reported_with_this_archs_sigchld) {
  auto pid = s::fork(s::SIGCHLD);
  REQUIRE_OK(pid);
  if (pid.value() == 0) s::exit_group(42);
  s::Siginfo si{};
  REQUIRE_OK(s::waitid(s::P_PID, pid.value(), &si, s::WEXITED));
  CHECK_EQ(s::si_signo(si), s::SIGCHLD);  // 18 on mips64le, 17 elsewhere
  CHECK_EQ(s::si_code(si), s::CLD_EXITED);
  CHECK_EQ(si.u.chld.pid, pid.value());
  CHECK_EQ(si.u.chld.status, 42);
}

KTEST(wide_offsets) {
  // On 386 and arm these travel as register pairs (and results through _llseek).
  auto fd = scratch_file();
  REQUIRE_OK(fd);
  const int64_t big = (int64_t{5} << 30) + 3;  // 5 GiB + 3
  REQUIRE_OK(s::ftruncate(fd.value(), big));
  s::Statx st{};
  REQUIRE_OK(s::statx(fd.value(), "", s::AT_EMPTY_PATH, s::STATX_SIZE, &st));
  CHECK_EQ(st.stx_size, static_cast<uint64_t>(big));
  const int64_t at = (int64_t{4} << 30) + 7;
  REQUIRE_OK(s::pwrite(fd.value(), "X", 1, at));
  char c = 0;
  REQUIRE_OK(s::pread(fd.value(), &c, 1, at));
  CHECK_EQ(c, 'X');
  REQUIRE_OK(s::pread(fd.value(), &c, 1, at - 1));
  CHECK_EQ(c, '\0');
  auto pos = s::lseek(fd.value(), at + 1, s::SEEK_SET);
  REQUIRE_OK(pos);
  CHECK_EQ(pos.value(), at + 1);
  auto end = s::lseek(fd.value(), 0, s::SEEK_END);
  REQUIRE_OK(end);
  CHECK_EQ(end.value(), big);
  (void)s::close(fd.value());
}

KTEST(mmap_with_offset) {
  // 386 and arm go through mmap2 (offset in pages), s390x through its argument struct.
  auto fd = scratch_file();
  REQUIRE_OK(fd);
  const unsigned long page = page_size();
  REQUIRE_OK(s::ftruncate(fd.value(), static_cast<int64_t>(3 * page)));
  REQUIRE_OK(s::pwrite(fd.value(), "page-two", 8, static_cast<int64_t>(2 * page)));
  auto m = s::mmap(nullptr, page, s::PROT_READ, s::MAP_SHARED, fd.value(),
                   static_cast<int64_t>(2 * page));
  REQUIRE_OK(m);
  CHECK_EQ(memcmp(m.value(), "page-two", 8), 0);
  REQUIRE_OK(s::munmap(m.value(), page));
  auto anon = pages_alloc(3 * page);
  REQUIRE_OK(anon);
  static_cast<char*>(anon.value())[3 * page - 1] = 1;  // writable to the last byte
  REQUIRE_OK(pages_free(anon.value(), 3 * page));
  (void)s::close(fd.value());
}

KTEST(prctl_five_args) {
  // PR_SET_NAME/PR_GET_NAME: the second argument is a pointer.
  char name[16] = {};
  REQUIRE_OK(s::prctl(s::PR_SET_NAME, reinterpret_cast<unsigned long>("keel-prctl")));
  REQUIRE_OK(s::prctl(s::PR_GET_NAME, reinterpret_cast<unsigned long>(name)));
  CHECK_STREQ(name, "keel-prctl");
  CHECK_ERR(s::prctl(s::PR_SET_KEEPCAPS, 2), Errno::EINVAL);
}

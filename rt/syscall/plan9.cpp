// rt/syscall/plan9.h.
#include "rt/syscall/plan9.h"

#include "rt/mutex.h"
#include "sys/calls.h"

extern "C" int __cxa_atexit(void (*)(void*), void*, void*);
extern "C" void* __dso_handle;

namespace keel::p9 {
namespace {

constexpr int kKnown = 3 | OTRUNC | OCEXEC | ORCLOSE | OEXCL;
constexpr int kMaxRclose = 1024;  // ORCLOSE descriptors are tracked below this number

// Which descriptors were opened with ORCLOSE. The path is not kept: at close, the descriptor
// itself says where its file is (/proc/self/fd/N), even if the program changed directory.
Mutex g_mu;
unsigned long g_rclose[kMaxRclose / (8 * sizeof(unsigned long))];
bool g_exit_hook = false;

constexpr unsigned long kBits = 8 * sizeof(unsigned long);
bool tracked(int fd) { return fd >= 0 && fd < kMaxRclose && (g_rclose[fd / kBits] >> (fd % kBits)) & 1; }

void remove_by_fd(int fd) {
  char link[] = "/proc/self/fd/0000000000";
  char* p = link + 14;
  char d[12];
  int n = 0;
  for (unsigned v = static_cast<unsigned>(fd); v || n == 0; v /= 10) d[n++] = static_cast<char>('0' + v % 10);
  while (n) *p++ = d[--n];
  *p = 0;
  char path[sys::PATH_MAX];
  Result<long> len = sys::readlinkat(sys::AT_FDCWD, link, path, sizeof path - 1);
  if (!len) return;
  path[len.value()] = 0;
  (void)remove(path);
}

// At exit: the files of ORCLOSE descriptors still open go, as they would when the process's
// descriptors close on Plan 9.
void at_exit(void*) {
  LockGuard g(g_mu);
  for (int fd = 0; fd < kMaxRclose; ++fd)
    if (tracked(fd)) remove_by_fd(fd);
}

Result<int> track(Result<int> fd, int mode) {
  if (!fd || !(mode & ORCLOSE)) return fd;
  if (fd.value() >= kMaxRclose) {  // cannot keep the promise: refuse rather than forget it
    (void)sys::close(fd.value());
    return Errno::EMFILE;
  }
  LockGuard g(g_mu);
  g_rclose[fd.value() / kBits] |= 1UL << (fd.value() % kBits);
  if (!g_exit_hook) {
    g_exit_hook = true;
    (void)__cxa_atexit(at_exit, nullptr, &__dso_handle);
  }
  return fd;
}

// Linux flags for a Plan 9 mode; -1 for a bad one.
int flags_of(int mode) {
  if (mode & ~kKnown) return -1;
  static constexpr int kAccess[4] = {sys::O_RDONLY, sys::O_WRONLY, sys::O_RDWR, sys::O_RDONLY};
  int f = kAccess[mode & 3];
  if (mode & OTRUNC) f |= sys::O_TRUNC;
  if (mode & OCEXEC) f |= sys::O_CLOEXEC;  // atomically, at open: never set afterwards
  return f;
}

Result<void> check_exec(const char* path, int mode) {
  if ((mode & 3) != OEXEC) return {};
  return sys::faccessat2(sys::AT_FDCWD, path, 1 /* X_OK */, sys::AT_EACCESS);
}

}  // namespace

Result<int> open(const char* path, int mode) {
  const int f = flags_of(mode);
  if (f < 0 || (mode & OEXCL)) return Errno::EINVAL;  // OEXCL means something only to create
  if (Result<void> x = check_exec(path, mode); !x) return x.error();
  return track(sys::open(path, f), mode);
}

Result<int> create(const char* path, int mode, unsigned perm) {
  const int f = flags_of(mode);
  if (f < 0) return Errno::EINVAL;
  if (perm & DMDIR) {
    if ((mode & 3) != OREAD || (mode & OTRUNC)) return Errno::EINVAL;  // a directory is read
    Result<void> m = sys::mkdirat(sys::AT_FDCWD, path, perm & 0777);
    if (!m && (m.error() != Errno::EEXIST || (mode & OEXCL))) return m.error();
    return track(sys::open(path, sys::O_RDONLY | sys::O_DIRECTORY | (f & sys::O_CLOEXEC)), mode);
  }
  // Plan 9's create truncates an existing file; with OEXCL it refuses it.
  const int excl = (mode & OEXCL) ? sys::O_EXCL : sys::O_TRUNC;
  if ((mode & 3) == OEXEC) return Errno::EINVAL;  // a new file cannot be opened to execute
  return track(sys::open(path, f | sys::O_CREAT | excl, perm & 0777), mode);
}

Result<void> close(int fd) {
  {
    LockGuard g(g_mu);
    if (tracked(fd)) {
      remove_by_fd(fd);
      g_rclose[fd / kBits] &= ~(1UL << (fd % kBits));
    }
  }
  return sys::close(fd);
}

Result<int> dup(int oldfd, int newfd, bool cexec) {
  if (newfd < -1) return Errno::EBADF;
  if (newfd == -1)
    return sys::fcntl(oldfd, cexec ? sys::F_DUPFD_CLOEXEC : sys::F_DUPFD, 0);
  if (newfd == oldfd) {  // dup3 refuses it; Plan 9 returns the descriptor
    if (Result<int> r = sys::fcntl(oldfd, sys::F_GETFD); !r) return r.error();
    return newfd;
  }
  {
    LockGuard g(g_mu);  // newfd is replaced: it no longer has a file to remove
    if (tracked(newfd)) g_rclose[newfd / kBits] &= ~(1UL << (newfd % kBits));
  }
  return sys::dup3(oldfd, newfd, cexec ? sys::O_CLOEXEC : 0);
}

Result<void> remove(const char* path) {
  Result<void> r = sys::unlinkat(sys::AT_FDCWD, path, 0);
  if (!r && (r.error() == Errno::EISDIR || r.error() == Errno::EPERM))
    return sys::unlinkat(sys::AT_FDCWD, path, sys::AT_REMOVEDIR);
  return r;
}

}  // namespace keel::p9

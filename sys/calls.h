// Typed wrappers, one per system call keel uses. Each is inline (the syscall instruction lands
// at the call site) and returns Result<T>: a value or an Errno, never a global errno.
// Architecture differences (mmap on s390x and the 32-bit architectures, 64-bit arguments as
// register pairs, the *_time64 and *32 variants) are settled here or in arch/<arch>/arch.h,
// never in callers.
#pragma once

#include <cstdint>

#include "sys/kstructs.h"
#include "sys/syscall.h"

namespace keel::sys {

// --- files -----------------------------------------------------------------------------------

inline Result<long> read(int fd, void* buf, unsigned long n) { return call(nr::read, fd, buf, n); }
inline Result<long> write(int fd, const void* buf, unsigned long n) {
  return call(nr::write, fd, buf, n);
}
inline Result<int> openat(int dirfd, const char* path, int flags, unsigned mode = 0) {
  return call<int>(nr::openat, dirfd, path, flags, mode);
}
inline Result<int> open(const char* path, int flags, unsigned mode = 0) {
  return openat(AT_FDCWD, path, flags, mode);
}
inline Result<void> close(int fd) { return call<void>(nr::close, fd); }
inline Result<int> dup3(int oldfd, int newfd, int flags) {
  return call<int>(nr::dup3, oldfd, newfd, flags);
}
inline Result<int> fcntl(int fd, int cmd, long arg = 0) {
#if KEEL_ILP32
  return call<int>(nr::fcntl64, fd, cmd, arg);
#else
  return call<int>(nr::fcntl, fd, cmd, arg);
#endif
}
inline Result<void> pipe2(int fds[2], int flags) { return call<void>(nr::pipe2, fds, flags); }
inline Result<void> unlinkat(int dirfd, const char* path, int flags) {
  return call<void>(nr::unlinkat, dirfd, path, flags);
}
inline Result<void> mkdirat(int dirfd, const char* path, unsigned mode) {
  return call<void>(nr::mkdirat, dirfd, path, mode);
}
inline Result<void> statx(int dirfd, const char* path, int flags, unsigned mask, Statx* out) {
  return call<void>(nr::statx, dirfd, path, flags, mask, out);
}
inline Result<void> faccessat2(int dirfd, const char* path, int mode, int flags) {
  return call<void>(nr::faccessat2, dirfd, path, mode, flags);
}
inline Result<int> memfd_create(const char* name, unsigned flags) {
  return call<int>(nr::memfd_create, name, flags);
}
inline Result<long> copy_file_range(int fd_in, int64_t* off_in, int fd_out, int64_t* off_out,
                                    unsigned long len, unsigned flags) {
  return call(nr::copy_file_range, fd_in, off_in, fd_out, off_out, len, flags);
}
inline Result<long> getdents64(int fd, void* buf, unsigned long n) {
  return call(nr::getdents64, fd, buf, n);
}
inline Result<long> readlinkat(int dirfd, const char* path, char* buf, unsigned long n) {
  return call(nr::readlinkat, dirfd, path, buf, n);
}
inline Result<void> chdir(const char* path) { return call<void>(nr::chdir, path); }
inline Result<int> dup(int fd) { return call<int>(nr::dup, fd); }
inline Result<void> symlinkat(const char* target, int dirfd, const char* path) {
  return call<void>(nr::symlinkat, target, dirfd, path);
}

// 64-bit file offsets. On 386 and arm a 64-bit argument is two registers, low word first
// (both are little-endian); arm's EABI also starts the pair on an even register, so a padding
// argument comes first where the pair would start on an odd one (arch::kPairAlign64).
// call_off64(n, off, a...) calls n(a..., off) with `off` passed that way.
template <class T = long, class... A>
inline Result<T> call_off64(long n, int64_t off, A... a) {
#if KEEL_ILP32
  long lo = static_cast<long>(off & 0xffffffff), hi = static_cast<long>(off >> 32);
  if constexpr (arch::kPairAlign64 && sizeof...(A) % 2 == 1) return call<T>(n, a..., 0, lo, hi);
  else return call<T>(n, a..., lo, hi);
#else
  return call<T>(n, a..., off);
#endif
}

inline Result<void> ftruncate(int fd, int64_t len) {
#if KEEL_ILP32
  return call_off64<void>(nr::ftruncate64, len, fd);
#else
  return call_off64<void>(nr::ftruncate, len, fd);
#endif
}
inline Result<long> pread(int fd, void* buf, unsigned long n, int64_t off) {
  return call_off64(nr::pread64, off, fd, buf, n);
}
inline Result<long> pwrite(int fd, const void* buf, unsigned long n, int64_t off) {
  return call_off64(nr::pwrite64, off, fd, buf, n);
}
inline Result<int64_t> lseek(int fd, int64_t off, int whence) {
#if KEEL_ILP32
  int64_t result = 0;
  long r = raw(nr::_llseek, fd, static_cast<long>(off >> 32),
               static_cast<long>(off & 0xffffffff), &result, whence);
  if (is_error_return(r)) return static_cast<Errno>(-r);
  return result;
#else
  long r = raw(nr::lseek, fd, off, whence);
  if (is_error_return(r)) return static_cast<Errno>(-r);
  return static_cast<int64_t>(r);
#endif
}

// --- memory ----------------------------------------------------------------------------------

// mmap as this architecture takes it (arch::kMmapCall): six registers, mmap2 with the offset
// in 4096-byte units (fixed by the ABI, not the page size), or a block of six longs.
inline Result<void*> mmap(void* addr, unsigned long len, int prot, int flags, int fd = -1,
                          int64_t off = 0) {
  using abi::MmapCall;
  if constexpr (arch::kMmapCall == MmapCall::kRegisters) {
    return call<void*>(arch::kMmapNr, addr, len, prot, flags, fd, off);
  } else if constexpr (arch::kMmapCall == MmapCall::kPages4096) {
    // An offset mmap2 cannot express (negative, not a multiple of 4096, past 32 bits of
    // units) is refused here as the kernel refuses a misaligned one.
    const auto u = static_cast<uint64_t>(off);
    if ((u & 4095) != 0 || (u >> 44) != 0) return Errno::EINVAL;
    return call<void*>(arch::kMmapNr, addr, len, prot, flags, fd, static_cast<unsigned long>(u >> 12));
  } else {
    unsigned long block[6] = {reinterpret_cast<unsigned long>(addr), len,
                              static_cast<unsigned long>(prot), static_cast<unsigned long>(flags),
                              static_cast<unsigned long>(static_cast<long>(fd)),
                              static_cast<unsigned long>(off)};
    return call<void*>(arch::kMmapNr, block);
  }
}
inline Result<void> munmap(void* addr, unsigned long len) {
  return call<void>(nr::munmap, addr, len);
}
inline Result<void> mprotect(void* addr, unsigned long len, int prot) {
  return call<void>(nr::mprotect, addr, len, prot);
}

// --- processes -------------------------------------------------------------------------------

[[noreturn]] inline void exit_group(int status) {
  for (;;) raw(nr::exit_group, status);
}
// Ends the calling thread only.
[[noreturn]] inline void exit_thread(int status) {
  for (;;) raw(nr::exit, status);
}
inline Result<int> getpid() { return call<int>(nr::getpid); }
inline Result<int> getppid() { return call<int>(nr::getppid); }
inline Result<int> gettid() { return call<int>(nr::gettid); }
inline Result<void> kill(int pid, int sig) { return call<void>(nr::kill, pid, sig); }
inline Result<void> tgkill(int tgid, int tid, int sig) {
  return call<void>(nr::tgkill, tgid, tid, sig);
}
inline Result<void> execve(const char* path, const char* const* argv, const char* const* envp) {
  return call<void>(nr::execve, path, argv, envp);
}
// clone(2) in this architecture's argument order (arch::kCloneOrder). Only for children that
// do not share the caller's stack (no CLONE_VM); threads use keel_clone_thread (sys/clone.h).
inline Result<int> clone(unsigned long flags, unsigned long stack, int* ptid, int* ctid,
                         unsigned long tls) {
  using abi::CloneOrder;
  if constexpr (arch::kCloneOrder == CloneOrder::kFlagsStackPtidCtidTls)
    return call<int>(nr::clone, flags, stack, ptid, ctid, tls);
  else if constexpr (arch::kCloneOrder == CloneOrder::kFlagsStackPtidTlsCtid)
    return call<int>(nr::clone, flags, stack, ptid, tls, ctid);
  else
    return call<int>(nr::clone, stack, flags, ptid, ctid, tls);
}

// A fork-like clone: the child gets a copy of the address space and returns 0 on the same
// stack; exit_signal is normally SIGCHLD (QEMU refuses any other).
inline Result<int> fork(int exit_signal) {
  return clone(static_cast<unsigned long>(exit_signal), 0, nullptr, nullptr, 0);
}
inline Result<void> waitid(int idtype, int id, Siginfo* info, int options,
                           Rusage* ru = nullptr) {
  return call<void>(nr::waitid, idtype, id, info, options, ru);
}
inline Result<long> prctl(int option, unsigned long a2 = 0, unsigned long a3 = 0,
                          unsigned long a4 = 0, unsigned long a5 = 0) {
  return call(nr::prctl, option, a2, a3, a4, a5);
}

// siginfo's first three ints: signo, errno, code everywhere but mips (signo, code, errno).
inline int si_signo(const Siginfo& s) { return s.words[0]; }
inline int si_code(const Siginfo& s) { return s.words[arch::kSiginfoCodeSecond ? 1 : 2]; }

// --- time ------------------------------------------------------------------------------------

inline Result<void> clock_gettime(int clock, Timespec* ts) {
#if KEEL_ILP32
  return call<void>(nr::clock_gettime64, clock, ts);
#else
  return call<void>(nr::clock_gettime, clock, ts);
#endif
}
inline Result<void> clock_nanosleep(int clock, int flags, const Timespec* req, Timespec* rem) {
#if KEEL_ILP32
  return call<void>(nr::clock_nanosleep_time64, clock, flags, req, rem);
#else
  return call<void>(nr::clock_nanosleep, clock, flags, req, rem);
#endif
}

// --- futex ---------------------------------------------------------------------------------

// futex(2) with a 64-bit timeout on every architecture (futex_time64 on 386 and arm).
inline Result<long> futex(void* uaddr, int op, int val, const Timespec* timeout = nullptr,
                          void* uaddr2 = nullptr, int val3 = 0) {
#if KEEL_ILP32
  return call(nr::futex_time64, uaddr, op, val, timeout, uaddr2, val3);
#else
  return call(nr::futex, uaddr, op, val, timeout, uaddr2, val3);
#endif
}

// --- misc ------------------------------------------------------------------------------------

inline Result<long> getrandom(void* buf, unsigned long n, unsigned flags) {
  return call(nr::getrandom, buf, n, flags);
}

}  // namespace keel::sys

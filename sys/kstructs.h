// Kernel structures whose layout is the same on all eight architectures. Those that differ
// (sigaction, siginfo's first words) are described by each arch/<arch>/arch.h.
#pragma once

#include <cstdint>

namespace keel::sys {

// struct statx (linux/stat.h): one layout everywhere, so keel uses statx instead of the
// per-architecture struct stat.
struct StatxTimestamp {
  int64_t tv_sec;
  uint32_t tv_nsec;
  int32_t reserved;
};

struct Statx {
  uint32_t stx_mask;
  uint32_t stx_blksize;
  uint64_t stx_attributes;
  uint32_t stx_nlink;
  uint32_t stx_uid;
  uint32_t stx_gid;
  uint16_t stx_mode;
  uint16_t spare0;
  uint64_t stx_ino;
  uint64_t stx_size;
  uint64_t stx_blocks;
  uint64_t stx_attributes_mask;
  StatxTimestamp stx_atime, stx_btime, stx_ctime, stx_mtime;
  uint32_t stx_rdev_major, stx_rdev_minor, stx_dev_major, stx_dev_minor;
  uint64_t spare2[14];
};
static_assert(sizeof(Statx) == 256);

// struct __kernel_timespec: 64-bit seconds on every architecture. The 32-bit architectures
// reach it through the *_time64 calls (clock_gettime64, futex_time64, ...).
struct Timespec {
  int64_t tv_sec;
  int64_t tv_nsec;
};

// struct rusage with the kernel's `long` fields (its timevals are longs too).
struct Rusage {
  long ru_utime_sec, ru_utime_usec, ru_stime_sec, ru_stime_usec;
  long ru_maxrss, ru_ixrss, ru_idrss, ru_isrss, ru_minflt, ru_majflt, ru_nswap, ru_inblock,
      ru_oublock, ru_msgsnd, ru_msgrcv, ru_nsignals, ru_nvcsw, ru_nivcsw;
};

// siginfo_t: 128 bytes. The order of its first three ints differs on mips (code before errno),
// so the accessors ask the architecture; the union starts after them, aligned to a long.
struct Siginfo {
  int words[3];
  union {             // long-aligned: starts at 16 on 64-bit, 12 on 32-bit architectures
    struct {          // SIGCHLD
      int pid;
      unsigned uid;
      int status;
    } chld;
    struct {          // kill, tgkill
      int pid;
      unsigned uid;
    } kill;
    long align_;
    char raw[128 - (sizeof(long) == 8 ? 16 : 12)];
  } u;
};
static_assert(sizeof(Siginfo) == 128);

}  // namespace keel::sys

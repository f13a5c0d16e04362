// POSIX credential calls: each changes every thread keel owns (rt/syscall/allthreads.h), as
// POSIX says setuid changes the process, where the raw Linux calls change one thread.
// On 386 and arm they use the *32 system calls: the plain ones there take 16-bit ids
// (CONFIG_UID16) and would truncate 70000 to 4464.
//
// Errors are the calling thread's (EPERM, EINVAL), returned before any other thread changes;
// ENOTSUP (EOPNOTSUPP, the same number on Linux) if the process has a thread keel did not create.
#pragma once

#include <cstdint>

#include "sys/result.h"

namespace keel {

inline constexpr uint32_t kKeepId = 0xffffffffu;  // "leave this id as it is" (-1)

Result<void> setuid(uint32_t uid);
Result<void> setgid(uint32_t gid);
Result<void> seteuid(uint32_t euid);  // setresuid(-1, euid, -1), as glibc and Go do
Result<void> setegid(uint32_t egid);
Result<void> setreuid(uint32_t ruid, uint32_t euid);
Result<void> setregid(uint32_t rgid, uint32_t egid);
Result<void> setresuid(uint32_t ruid, uint32_t euid, uint32_t suid);
Result<void> setresgid(uint32_t rgid, uint32_t egid, uint32_t sgid);
// n == 0 clears the supplementary groups.
Result<void> setgroups(const uint32_t* gids, unsigned long n);

}  // namespace keel

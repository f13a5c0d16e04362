// The uid/gid system calls, by the numbers that take 32-bit ids: the *32 calls on 386 and arm
// (the plain ones there take 16-bit ids, CONFIG_UID16, and would truncate 70000 to 4464), the
// plain ones everywhere else. creds.cpp and spawn.cpp's child both use this table.
#pragma once

#include "sys/syscall.h"
#include "sysno_asm.h"  // KEEL_NR_setuid32 exists exactly where the *32 calls do

namespace keel::rt {

struct IdCalls {
  long setuid, setgid, setreuid, setregid, setresuid, setresgid, setgroups;
};
#ifdef KEEL_NR_setuid32
inline constexpr IdCalls kIdCalls = {nr::setuid32,    nr::setgid32,    nr::setreuid32,
                                     nr::setregid32,  nr::setresuid32, nr::setresgid32,
                                     nr::setgroups32};
#else
inline constexpr IdCalls kIdCalls = {nr::setuid,    nr::setgid,    nr::setreuid, nr::setregid,
                                     nr::setresuid, nr::setresgid, nr::setgroups};
#endif

}  // namespace keel::rt

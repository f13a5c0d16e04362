// Plan 9 open modes on Linux (research/go-semantics.md, seed 1). A program written against
// Plan 9's open/create/close/dup/remove gets their meaning, with OCEXEC as 9front defines it: a
// property of one descriptor, set when the descriptor is made (O_CLOEXEC, F_DUPFD_CLOEXEC,
// dup3(O_CLOEXEC)) and never afterwards, so closing one descriptor never changes another. (On
// old Plan 9 the flag lived on the kernel channel and reached every descriptor of it, even in
// other processes; Go depended on that until its CL 281833.)
//
//   OREAD 0, OWRITE 1, ORDWR 2, OEXEC 3 (read access; execute permission checked)
//   OTRUNC 16, OCEXEC 32, ORCLOSE 64 (remove the file when the descriptor opened with it is
//   closed through p9::close, or at exit), OEXCL 0x1000 (create only: fail if it exists)
// Any other bit is an error (EINVAL), never ignored.
#pragma once

#include "sys/result.h"

namespace keel::p9 {

inline constexpr int OREAD = 0, OWRITE = 1, ORDWR = 2, OEXEC = 3;
inline constexpr int OTRUNC = 16, OCEXEC = 32, ORCLOSE = 64, OEXCL = 0x1000;
inline constexpr unsigned DMDIR = 0x80000000u;  // create's perm: make a directory

// Opens an existing file.
Result<int> open(const char* path, int mode);
// Creates (or truncates) a file, or with DMDIR in perm a directory, and opens it. With OEXCL an
// existing file is an error (EEXIST).
Result<int> create(const char* path, int mode, unsigned perm);
// Closes fd; if it was opened with ORCLOSE, removes its file first.
Result<void> close(int fd);
// A new descriptor for oldfd: at newfd (replacing what is there), or the lowest free one if
// newfd is -1. It has no OCEXEC unless cexec is set (then atomically).
Result<int> dup(int oldfd, int newfd, bool cexec = false);
// Removes a file or an empty directory.
Result<void> remove(const char* path);

}  // namespace keel::p9

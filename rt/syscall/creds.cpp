// rt/syscall/creds.h: the setuid family on the all-threads primitive.
#include "rt/syscall/creds.h"

#include "rt/syscall/allthreads.h"
#include "rt/syscall/idcalls.h"

namespace keel {
namespace {

constexpr const rt::IdCalls& kCalls = rt::kIdCalls;

// ids travel as the kernel's 32-bit uid_t; -1 stays -1 in the low 32 bits everywhere.
long id(uint32_t v) { return static_cast<long>(v); }

Result<void> all(const char* name, long nr, long a1, long a2 = 0, long a3 = 0) {
  Result<long> r = rt::all_threads(name, nr, a1, a2, a3, 0, 0, 0);
  if (!r) return r.error();
  return {};
}

}  // namespace

Result<void> setuid(uint32_t uid) { return all("setuid", kCalls.setuid, id(uid)); }
Result<void> setgid(uint32_t gid) { return all("setgid", kCalls.setgid, id(gid)); }
Result<void> seteuid(uint32_t e) {
  return all("seteuid", kCalls.setresuid, id(kKeepId), id(e), id(kKeepId));
}
Result<void> setegid(uint32_t e) {
  return all("setegid", kCalls.setresgid, id(kKeepId), id(e), id(kKeepId));
}
Result<void> setreuid(uint32_t r, uint32_t e) { return all("setreuid", kCalls.setreuid, id(r), id(e)); }
Result<void> setregid(uint32_t r, uint32_t e) { return all("setregid", kCalls.setregid, id(r), id(e)); }
Result<void> setresuid(uint32_t r, uint32_t e, uint32_t s) {
  return all("setresuid", kCalls.setresuid, id(r), id(e), id(s));
}
Result<void> setresgid(uint32_t r, uint32_t e, uint32_t s) {
  return all("setresgid", kCalls.setresgid, id(r), id(e), id(s));
}
Result<void> setgroups(const uint32_t* gids, unsigned long n) {
  return all("setgroups", kCalls.setgroups, static_cast<long>(n), reinterpret_cast<long>(n ? gids : nullptr));
}

}  // namespace keel

#include "rt/mem.h"
#include "rt/process.h"
#include "sys/syscall.h"

namespace keel {

const char* getenv(const char* name) {
  size_t n = strlen(name);
  for (char** e = process().envp; e && *e; ++e)
    if (memcmp(*e, name, n) == 0 && (*e)[n] == '=') return *e + n + 1;
  return nullptr;
}

unsigned long page_size() {
  unsigned long p = auxval(sys::AT_PAGESZ);
  return p ? p : 4096;
}

}  // namespace keel

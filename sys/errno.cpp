#include "sys/result.h"

namespace keel {

const char* errno_name(Errno e) {
  for (const auto& n : sys::kErrnoNames)
    if (n.value == static_cast<int>(e)) return n.name;
  return nullptr;
}

}  // namespace keel

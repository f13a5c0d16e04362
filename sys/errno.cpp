#include "sys/result.h"

namespace keel {

const char* errno_name(Errno e) {
  for (const auto& n : sys::kErrnoNames)
    if (n.value == static_cast<int>(e)) return n.name;
  if (e == err::kProcessDone) return "process already finished";
  if (e == err::kProcessReleased) return "process already released";
  if (e == err::kProcessNotInitialized) return "process not initialized";
  return nullptr;
}

}  // namespace keel

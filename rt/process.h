// What the kernel handed the process at exec: arguments, environment and the auxiliary
// vector, recorded once by start-up (rt/start.cpp) and read-only afterwards.
#pragma once

namespace keel {

struct ProcessInfo {
  int argc;
  char** argv;
  char** envp;
  unsigned long* auxv;  // pairs of (type, value), ending with AT_NULL
};

// The one record start-up fills in; everything below reads it.
const ProcessInfo& process();

// The value of auxiliary-vector entry `type` (AT_PAGESZ, AT_RANDOM, ...), or 0 if absent.
unsigned long auxval(unsigned long type);

// The value of environment variable `name`, or nullptr.
const char* getenv(const char* name);

// The page size the kernel reported (AT_PAGESZ).
unsigned long page_size();

// Runs the handlers registered with __cxa_atexit (destructors of the program's static
// objects) in reverse order, then ends the process with exit_group.
[[noreturn]] void exit(int status);

}  // namespace keel

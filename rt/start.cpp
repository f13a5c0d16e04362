// Process start-up. arch/<arch>/start.S calls keel_start_c with the initial stack pointer,
// which points at argc, then argv[], NULL, envp[], NULL, then the auxiliary vector.
//
// Order matters:
//   1. record argc/argv/envp/auxv (plain memory reads, no syscalls);
//   2. find PT_TLS and set up the main thread's TLS and thread pointer: nothing that touches
//      a thread_local may run before this (keel builds without stack protector, whose canary
//      lives in TLS on most architectures);
//   3. in programs that link them: rt/threads lists the main thread, rt/syscall counts the
//      process's tasks, then installs the reserved signal's handler and unblocks it (a parent
//      may exec us with it blocked).
//      Both are weak references, so a program that uses neither pays no system call for them;
//   4. run .preinit_array, then .init_array (the program's static constructors), in order;
//   5. main; its return value goes to exit(), which runs atexit handlers and exit_group.
#include "rt/process.h"
#include "rt/tls.h"
#include "sys/calls.h"

extern "C" int main(int argc, char** argv, char** envp);

// Provided by the linker around the init arrays (static executables).
extern "C" {
extern void (*__preinit_array_start[])(int, char**, char**) __attribute__((weak));
extern void (*__preinit_array_end[])(int, char**, char**) __attribute__((weak));
extern void (*__init_array_start[])(int, char**, char**) __attribute__((weak));
extern void (*__init_array_end[])(int, char**, char**) __attribute__((weak));
void keel_threads_start() __attribute__((weak));     // rt/threads/list.cpp
void keel_tasks_start() __attribute__((weak));       // rt/syscall/tasks.cpp
void keel_allthreads_start() __attribute__((weak));  // rt/syscall/allthreads.cpp
}

namespace keel {

ProcessInfo g_process;  // written once, here, before main

const ProcessInfo& process() { return g_process; }

unsigned long auxval(unsigned long type) {
  for (unsigned long* a = g_process.auxv; a && a[0] != sys::AT_NULL; a += 2)
    if (a[0] == type) return a[1];
  return 0;
}

}  // namespace keel

extern "C" [[noreturn]] __attribute__((used)) void keel_start_c(long* sp) {
  using namespace keel;
  g_process.argc = static_cast<int>(sp[0]);
  g_process.argv = reinterpret_cast<char**>(sp + 1);
  g_process.envp = g_process.argv + g_process.argc + 1;
  char** e = g_process.envp;
  while (*e) ++e;
  g_process.auxv = reinterpret_cast<unsigned long*>(e + 1);

  rt::tls_find_image(reinterpret_cast<const void*>(auxval(sys::AT_PHDR)), auxval(sys::AT_PHNUM));
  rt::tls_init_main();
  if (keel_threads_start) keel_threads_start();
  if (keel_tasks_start) keel_tasks_start();
  if (keel_allthreads_start) keel_allthreads_start();

  for (auto** f = __preinit_array_start; f != __preinit_array_end; ++f)
    (*f)(g_process.argc, g_process.argv, g_process.envp);
  for (auto** f = __init_array_start; f != __init_array_end; ++f)
    (*f)(g_process.argc, g_process.argv, g_process.envp);

  keel::exit(main(g_process.argc, g_process.argv, g_process.envp));
}

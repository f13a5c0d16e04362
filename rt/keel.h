// keel's public API in one header. A keel program includes this, defines main, and links
// with keel's start-up object and libkeel.a (see README.md: pkg-config keel).
#pragma once

#include "rt/condvar.h"
#include "rt/event.h"
#include "rt/format.h"
#include "rt/futex.h"
#include "rt/mem.h"
#include "rt/mutex.h"
#include "rt/once.h"
#include "rt/pages.h"
#include "rt/print.h"
#include "rt/process.h"
#include "rt/rwlock.h"
#include "rt/signal.h"
#include "rt/sleep.h"
#include "rt/syscall/allthreads.h"
#include "rt/syscall/creds.h"
#include "rt/syscall/forklock.h"
#include "rt/syscall/plan9.h"
#include "rt/syscall/process.h"
#include "rt/syscall/spawn.h"
#include "rt/threads/thread.h"
#include "sys/calls.h"
#include "sys/result.h"

// The program's entry, called by start-up (rt/start.cpp). Declared here with C linkage
// because clang in -ffreestanding mode does not treat main as special and would otherwise
// mangle the program's definition (gcc never does); a later `int main(int, char**, char**)`
// definition inherits this linkage.
extern "C" int main(int argc, char** argv, char** envp);

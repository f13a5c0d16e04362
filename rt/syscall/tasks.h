// The kernel's count of this process's tasks, against rt/threads' list.
//
// The link count of /proc/self/task is 2 plus one per task, read with one statx. At start-up
// (and in a forked child) keel notes how many tasks exist besides its one thread: natively
// none, since execve leaves one thread; under QEMU user mode one, the emulator's own helper.
// Later, a count above that baseline plus the listed threads means a task keel does not know:
// a thread made by a raw clone, or one that has left the list and is still dying.
#pragma once

namespace keel::rt {

// At start-up and in a forked child, before any user code can make threads.
void learn_tasks();

// Whether the process began with tasks of its own beyond its first thread: it runs under an
// emulator that adds them (QEMU user mode), whose quirks keel must work around.
bool emulator_tasks_present();

// Waits (up to 2 s, and longer while the excess keeps falling) until the kernel counts no task
// beyond the listed threads and the baseline; the caller holds the thread list's lock, so the
// list cannot change meanwhile. False if an unknown task is still there: a thread keel did not
// create. True at once if there is no /proc to ask.
bool await_no_unlisted_tasks();

}  // namespace keel::rt

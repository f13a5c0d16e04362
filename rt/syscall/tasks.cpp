// rt/syscall/tasks.h.
#include "rt/syscall/tasks.h"

#include "rt/park.h"
#include "rt/threads/thread.h"
#include "sys/calls.h"

namespace keel::rt {
namespace {

long g_base = -1;  // link count minus our threads at start; -1: no /proc to ask
bool g_emulator = false;

// Read through a descriptor kept open (O_CLOEXEC) from the first wait on, which costs a third
// of a path lookup; it is checked to be the same directory each time, so a program that closed
// it (or got its number back for another file) gets a fresh one, and its own file is never
// mistaken for ours.
struct TaskDir {
  uint64_t ino = 0;
  uint32_t dev_major = 0, dev_minor = 0;
  bool operator==(const TaskDir&) const = default;
};
int g_fd = -1;
TaskDir g_dir;  // what g_fd must still be

long links_at(int dirfd, const char* path, int flags, TaskDir* id) {
  sys::Statx st{};
  if (!sys::statx(dirfd, path, flags, sys::STATX_BASIC_STATS, &st)) return -1;
  if (id) *id = {st.stx_ino, st.stx_dev_major, st.stx_dev_minor};
  return st.stx_nlink;
}

bool fd_is_ours() {
  TaskDir now;
  return g_fd >= 0 && links_at(g_fd, "", sys::AT_EMPTY_PATH, &now) >= 0 && now == g_dir;
}

long links() {
  if (g_fd >= 0) {
    TaskDir now;
    long n = links_at(g_fd, "", sys::AT_EMPTY_PATH, &now);
    if (n >= 0 && now == g_dir) return n;
  }
  Result<int> fd = sys::open("/proc/self/task", sys::O_RDONLY | sys::O_DIRECTORY | sys::O_CLOEXEC);
  if (!fd) return links_at(sys::AT_FDCWD, "/proc/self/task", 0, nullptr);
  g_fd = fd.value();
  return links_at(g_fd, "", sys::AT_EMPTY_PATH, &g_dir);
}

bool passed(const sys::Timespec& deadline) {
  sys::Timespec now{};
  (void)sys::clock_gettime(sys::CLOCK_MONOTONIC, &now);
  return now.tv_sec > deadline.tv_sec ||
         (now.tv_sec == deadline.tv_sec && now.tv_nsec >= deadline.tv_nsec);
}

}  // namespace

void learn_tasks() {
  // A forked child's copy of the descriptor names the parent's directory: close it, if it is
  // still ours.
  if (fd_is_ours()) (void)sys::close(g_fd);
  g_fd = -1;
  const long n = links_at(sys::AT_FDCWD, "/proc/self/task", 0, nullptr);
  g_base = n < 0 ? -1 : n - 1;
  g_emulator = n > 3;  // 2 + our one thread, natively
}

bool emulator_tasks_present() { return g_emulator; }

bool await_no_unlisted_tasks() {
  if (g_base < 0) return true;
  sys::Timespec deadline{};
  long last_excess = 0;
  for (int attempt = 0;; ++attempt) {
    const long n = links();
    const long ours = static_cast<long>(threads::count()) + (threads::main_thread_exited() ? 1 : 0);
    if (n < 0 || n <= g_base + ours) return true;
    const long excess = n - g_base - ours;
    if (attempt == 0 || excess < last_excess) deadline = deadline_after(2000 * 1000 * 1000L);
    last_excess = excess;
    if (passed(deadline)) return false;
    sys::Timespec nap{0, 50 * 1000};
    (void)sys::clock_nanosleep(sys::CLOCK_MONOTONIC, 0, &nap, nullptr);
  }
}

}  // namespace keel::rt

// Start-up (rt/start.cpp), after rt/threads has listed the main thread; and threads::fork's
// child.
extern "C" void keel_tasks_start() { keel::rt::learn_tasks(); }
extern "C" void keel_tasks_after_fork() { keel::rt::learn_tasks(); }

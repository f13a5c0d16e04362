// A reader-writer lock that starves neither side: a waiting writer holds back readers that
// arrive after it, and a writer's unlock admits every reader waiting at that moment before the
// next writer, however many writers are queued.
// It can say whether a reader is waiting, which the ForkLock needs (rt/syscall).
#pragma once

#include "rt/condvar.h"

namespace keel {

class RwLock {
 public:
  void read_lock() {
    LockGuard g(m_);
    if (writer_ || waiting_writers_ != 0) {
      // Wait for a writer's unlock that lets this generation of readers in, even if more
      // writers are queued by then.
      waiting_readers_.fetch_add(1);
      const unsigned gen = generation_;
      while (writer_ || (waiting_writers_ != 0 && generation_ == gen)) readers_cv_.wait(m_);
      waiting_readers_.fetch_sub(1);
    }
    ++readers_;
  }
  void read_unlock() {
    LockGuard g(m_);
    if (--readers_ == 0 && waiting_writers_ != 0) writers_cv_.signal();
  }
  void lock() {
    LockGuard g(m_);
    ++waiting_writers_;
    while (writer_ || readers_ != 0) writers_cv_.wait(m_);
    --waiting_writers_;
    writer_ = true;
  }
  void unlock() {
    LockGuard g(m_);
    writer_ = false;
    if (waiting_readers_.load() != 0) {
      ++generation_;
      readers_cv_.broadcast();
    }
    else if (waiting_writers_ != 0) writers_cv_.signal();
  }
  // A reader is blocked in read_lock() now.
  bool has_waiting_readers() const { return waiting_readers_.load() != 0; }

 private:
  Mutex m_;
  CondVar readers_cv_, writers_cv_;
  unsigned readers_ = 0, waiting_writers_ = 0, generation_ = 0;
  bool writer_ = false;
  Atomic<unsigned> waiting_readers_{0};
};

}  // namespace keel

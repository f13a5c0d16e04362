/* Peers of keel's all-threads credential-change benchmark (research/baselines.md, section A).
 *
 *   PROG MODE N K      MODE = cv | read, N = other threads, K = timed calls
 *   stdout: median microseconds per call ("13.72")
 *   stderr: "# mean X p90 Y", then "# verified T tasks" (or "# floor: no verification");
 *           exit 1, with a message, if some task does not carry the expected egid.
 *
 * The process has N+1 tasks: the caller and N threads that are blocked when the timing starts,
 * either in pthread_cond_wait (MODE cv: a futex wait inside the libc) or in a raw read(2) of an
 * empty pipe (MODE read: a blocking system call the libc knows nothing about). Each timed call is
 * setresgid(-1, g, -1) with g alternating 1001/1002 (we run as root), which a POSIX libc must
 * apply to every thread of the process; the kernel only changes the calling task, so the libc
 * has to make each of the N threads run the system call itself (a signal broadcast).
 *
 * One source, one peer per build (the macro names the mechanism measured):
 *   -DPEER_GLIBC  gcc -O2 -pthread                           setresgid(): nptl SIGSETXID
 *   -DPEER_MUSL   musl-gcc -static -O2                       setresgid(): __synccall
 *   -DPEER_PSX    gcc -O2 ... -lpsx -lpthread -Wl,-wrap,pthread_create
 *                                                            psx_syscall3(SYS_setresgid, ...)
 *   -DPEER_FLOOR  gcc -O2 -pthread                           minimal signal broadcast, below.
 *
 * PEER_FLOOR is not a credential change: it is the floor of any signal-based design. The caller
 * makes the raw setresgid system call on itself only, then tgkill()s every other thread with a
 * real-time signal whose handler only acknowledges (atomic decrement of a countdown, and a futex
 * wake of the caller by the last one) and makes no credential system call; the caller futex-waits
 * for the countdown to reach zero. The threads' egid therefore stays unchanged, and the floor
 * skips the verification. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#ifdef PEER_PSX
#include <sys/psx_syscall.h>
#endif

#if defined(PEER_GLIBC) + defined(PEER_MUSL) + defined(PEER_PSX) + defined(PEER_FLOOR) != 1
#error "define exactly one of PEER_GLIBC, PEER_MUSL, PEER_PSX, PEER_FLOOR"
#endif

static int mode_read;             /* 1: threads block in read(2); 0: in pthread_cond_wait */
static int nthreads;
static pid_t *tids;               /* kernel tids of the N threads (the floor signals them) */
static int ready;                 /* threads that reached their blocking call (atomic) */
static int pipefd[2];             /* read mode: the threads read pipefd[0], nobody writes */
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static int done;                  /* cv mode: set under mu, then broadcast, at the end */

static pid_t my_gettid(void) { return (pid_t)syscall(SYS_gettid); }

static void *worker(void *arg) {
  int i = (int)(long)arg;
  tids[i] = my_gettid();
  if (mode_read) {
    __atomic_add_fetch(&ready, 1, __ATOMIC_SEQ_CST);
    /* A raw system call, not read() from the libc: the point is a thread sitting in a blocking
     * call that the libc cannot see or wrap (as a thread in foreign code would). It is also not
     * a cancellation point. The signal handlers all use SA_RESTART, so the kernel restarts the
     * read after each broadcast; EINTR is retried anyway. Closing the write end ends it (EOF). */
    char c;
    for (;;) {
      long r = syscall(SYS_read, pipefd[0], &c, 1);
      if (r < 0 && errno == EINTR) continue;
      break;
    }
  } else {
    /* The counter is bumped under the mutex and pthread_cond_wait releases it atomically, so
     * once the caller sees ready == N (and the task state 'S') everyone is in the futex wait. */
    pthread_mutex_lock(&mu);
    __atomic_add_fetch(&ready, 1, __ATOMIC_SEQ_CST);
    while (!done) pthread_cond_wait(&cv, &mu);
    pthread_mutex_unlock(&mu);
  }
  return NULL;
}

#ifdef PEER_FLOOR
/* The floor: one signal round trip per thread and nothing else. */
#define FLOOR_SIG 40
#define FUTEX_WAIT_PRIVATE 128 /* FUTEX_WAIT | FUTEX_PRIVATE_FLAG (musl-gcc has no linux/ headers) */
#define FUTEX_WAKE_PRIVATE 129 /* FUTEX_WAKE | FUTEX_PRIVATE_FLAG */
static int countdown;

static long futex(int *uaddr, int op, int val) {
  return syscall(SYS_futex, uaddr, op, val, NULL, NULL, 0);
}

static void floor_handler(int sig) {
  (void)sig;
  int saved = errno; /* the interrupted code may be looking at errno */
  if (__atomic_sub_fetch(&countdown, 1, __ATOMIC_SEQ_CST) == 0)
    futex(&countdown, FUTEX_WAKE_PRIVATE, 1);
  errno = saved;
}

static int all_threads_setresgid(gid_t g) {
  if (syscall(SYS_setresgid, -1, g, -1) != 0) return -1; /* the caller itself only */
  if (nthreads == 0) return 0;
  __atomic_store_n(&countdown, nthreads, __ATOMIC_SEQ_CST);
  pid_t pid = getpid();
  for (int i = 0; i < nthreads; ++i)
    if (syscall(SYS_tgkill, pid, tids[i], FLOOR_SIG) != 0) return -1;
  int v;
  while ((v = __atomic_load_n(&countdown, __ATOMIC_SEQ_CST)) != 0)
    futex(&countdown, FUTEX_WAIT_PRIVATE, v); /* EAGAIN if it moved meanwhile: re-check */
  return 0;
}
#elif defined(PEER_PSX)
static int all_threads_setresgid(gid_t g) {
  /* libpsx signals every thread registered through the wrapped pthread_create (SIGSYS) and
   * polls for them; the plain setresgid() of glibc would use nptl's own mechanism instead. */
  return psx_syscall3(SYS_setresgid, -1, g, -1) == 0 ? 0 : -1;
}
#else
static int all_threads_setresgid(gid_t g) { return setresgid(-1, g, -1); }
#endif

static double now_us(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e6 + t.tv_nsec / 1e3;
}

/* State letter of a task from /proc/self/task/TID/stat (after the last ')'), or 0. */
static char task_state(pid_t tid) {
  char path[64], buf[512];
  snprintf(path, sizeof path, "/proc/self/task/%d/stat", (int)tid);
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return 0;
  ssize_t n = read(fd, buf, sizeof buf - 1);
  close(fd);
  if (n <= 0) return 0;
  buf[n] = 0;
  char *p = strrchr(buf, ')');
  return p && p[1] == ' ' ? p[2] : 0;
}

/* Wait until every thread has reached its blocking call and sleeps there: the ready counter,
 * then each task's state 'S' (a thread can be between the counter and the system call), then
 * 50 ms more so nothing is still settling when the timing starts. */
static void wait_all_blocked(void) {
  struct timespec ms1 = {0, 1000000}, ms50 = {0, 50000000};
  while (__atomic_load_n(&ready, __ATOMIC_SEQ_CST) < nthreads) nanosleep(&ms1, NULL);
  for (int tries = 0; tries < 5000; ++tries) {
    int blocked = 0;
    for (int i = 0; i < nthreads; ++i) blocked += task_state(tids[i]) == 'S';
    if (blocked == nthreads) break;
    if (tries == 4999) fprintf(stderr, "# warning: only %d of %d threads blocked\n", blocked, nthreads);
    nanosleep(&ms1, NULL);
  }
  nanosleep(&ms50, NULL);
}

/* Every task of the process must show the expected egid (second field of "Gid:"). */
static int verify(gid_t want) {
  DIR *d = opendir("/proc/self/task");
  if (!d) { perror("opendir /proc/self/task"); return -1; }
  int tasks = 0, bad = 0;
  struct dirent *e;
  while ((e = readdir(d)) != NULL) {
    if (e->d_name[0] == '.') continue;
    char path[300], buf[4096];
    snprintf(path, sizeof path, "/proc/self/task/%s/status", e->d_name);
    FILE *f = fopen(path, "re");
    if (!f) continue; /* a task that exited meanwhile: there are none here */
    unsigned rg = 0, eg = ~0u;
    int found = 0;
    while (fgets(buf, sizeof buf, f))
      if (sscanf(buf, "Gid: %u %u", &rg, &eg) == 2) { found = 1; break; }
    fclose(f);
    ++tasks;
    if (!found || eg != want) {
      if (bad < 10) fprintf(stderr, "task %s: egid %d, expected %u\n", e->d_name, found ? (int)eg : -1, want);
      ++bad;
    }
  }
  closedir(d);
  if (tasks != nthreads + 1) {
    fprintf(stderr, "found %d tasks, expected %d\n", tasks, nthreads + 1);
    return -1;
  }
  if (bad) {
    fprintf(stderr, "FAIL: %d of %d tasks lack egid %u\n", bad, tasks, want);
    return -1;
  }
  fprintf(stderr, "# verified %d tasks\n", tasks);
  return 0;
}

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

int main(int argc, char **argv) {
  if (argc != 4 || (strcmp(argv[1], "cv") && strcmp(argv[1], "read"))) {
    fprintf(stderr, "usage: %s cv|read N K\n", argv[0]);
    return 2;
  }
  mode_read = strcmp(argv[1], "read") == 0;
  nthreads = atoi(argv[2]);
  int k = atoi(argv[3]);
  if (nthreads < 0 || k < 1) return 2;
  tids = calloc(nthreads + 1, sizeof *tids);
  double *lat = malloc(k * sizeof *lat);
  pthread_t *th = malloc((nthreads + 1) * sizeof *th);
  if (!tids || !lat || !th) return 2;
  if (mode_read && pipe2(pipefd, O_CLOEXEC) != 0) { perror("pipe2"); return 2; }

#ifdef PEER_FLOOR
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = floor_handler;
  sa.sa_flags = SA_RESTART;
  sigemptyset(&sa.sa_mask);
  if (sigaction(FLOOR_SIG, &sa, NULL) != 0) { perror("sigaction"); return 2; }
#endif

  /* Default attributes: each libc's own stack size and stack caching, as a program gets. */
  for (int i = 0; i < nthreads; ++i) {
    int err = pthread_create(&th[i], NULL, worker, (void *)(long)i);
    if (err) { fprintf(stderr, "pthread_create %d: %s\n", i, strerror(err)); return 2; }
  }
  wait_all_blocked();

  gid_t g = 1001;
  for (int i = 0; i < 5 + k; ++i) {
    g = (i & 1) ? 1002 : 1001;
    double t0 = now_us();
    int r = all_threads_setresgid(g);
    double t1 = now_us();
    if (r != 0) { fprintf(stderr, "setresgid(-1, %u, -1): %s\n", g, strerror(errno)); return 1; }
    if (i >= 5) lat[i - 5] = t1 - t0;
  }

  double sum = 0;
  for (int i = 0; i < k; ++i) sum += lat[i];
  qsort(lat, k, sizeof *lat, cmp_double);
  double med = (k & 1) ? lat[k / 2] : (lat[k / 2 - 1] + lat[k / 2]) / 2;
  int i90 = (9 * k + 9) / 10 - 1; /* nearest rank: ceil(0.9 K) - 1 */
  printf("%.2f\n", med);
  fflush(stdout);
  fprintf(stderr, "# mean %.2f p90 %.2f\n", sum / k, lat[i90]);

#if defined(PEER_FLOOR) && !defined(FLOOR_SELFTEST)
  (void)verify;
  fprintf(stderr, "# floor: no verification\n");
  int rc = 0;
#else /* -DPEER_FLOOR -DFLOOR_SELFTEST: a check of the checker, which must then fail for N > 0 */
  int rc = verify(g) == 0 ? 0 : 1;
#endif

  /* End the threads: broadcast the done flag, or EOF on the pipe (close the write end). */
  if (mode_read) {
    close(pipefd[1]);
  } else {
    pthread_mutex_lock(&mu);
    done = 1;
    pthread_cond_broadcast(&cv);
    pthread_mutex_unlock(&mu);
  }
  for (int i = 0; i < nthreads; ++i) pthread_join(th[i], NULL);
  return rc;
}

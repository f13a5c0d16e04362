/* Peers of keel's spawn + wait benchmark (research/baselines.md, section B).
 *
 *   PROG ITERS CHILD THREADS RSS_MB
 *   stdout: microseconds per spawn+wait = total wall time / ITERS ("181.4")
 *   exit 1, with a message on stderr, if a spawn fails or a child does not exit with status 0;
 *   exit 2 on a usage or set-up error.
 *
 * First the parent maps RSS_MB MiB of anonymous memory (MADV_NOHUGEPAGE: 4 KiB pages, as in
 * baselines B.2, so that fork copies one page-table entry per 4 KiB) and writes one byte per page,
 * so it is resident. Then THREADS pthreads, released at once by a barrier, spawn and wait ITERS
 * children in all (ITERS / THREADS each, the first ITERS % THREADS threads one more); each thread
 * waits for its own child by pid. The child is CHILD with argv = { CHILD, NULL }, an empty
 * environment, stdout and stderr on /dev/null and stdin inherited. The clock runs from the
 * barrier's release to the last join.
 *
 * One source, one peer per build (the macro names the mechanism measured):
 *   -DPEER_POSIX_SPAWN  gcc -O2 -pthread               glibc posix_spawn + waitpid
 *                       musl-gcc -static -O2           musl posix_spawn + waitpid
 *   -DPEER_FORK         gcc -O2 -pthread               fork + dup2 + execve + waitpid
 *   -DPEER_VFORK        gcc -O2 -pthread               vfork + dup2 + execve + waitpid: the floor
 * posix_spawn gets default attributes and two dup2 file actions (what a program asking for
 * "stdout and stderr to /dev/null" writes); fork and vfork children make the same two dup2 calls
 * themselves. An exec failure in a fork/vfork child is reported as exit status 127. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#if defined(PEER_POSIX_SPAWN) + defined(PEER_FORK) + defined(PEER_VFORK) != 1
#error "define exactly one of PEER_POSIX_SPAWN, PEER_FORK, PEER_VFORK"
#endif

static const char *child;
static char *child_argv[2];
static char *child_envp[1] = {NULL};
static int devnull = -1;              /* O_CLOEXEC, >= 3 */
static pthread_barrier_t start;
static int failed;                    /* set (atomically) by the first thread that fails */
#ifdef PEER_POSIX_SPAWN
static posix_spawn_file_actions_t fa; /* shared read-only by every thread */
#endif

struct job {
  pthread_t th;
  long n; /* spawns of this thread */
};

static double now_us(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e6 + t.tv_nsec / 1e3;
}

static void fail(const char *what, int err) {
  /* Only the first message: the other threads may fail the same way at the same time. */
  if (__atomic_exchange_n(&failed, 1, __ATOMIC_SEQ_CST) == 0) {
    if (err) fprintf(stderr, "spawn_peer: %s %s: %s\n", what, child, strerror(err));
    else fprintf(stderr, "spawn_peer: %s %s\n", what, child);
  }
}

/* One spawn: the child's pid, or -1 with the error number in *err. */
static pid_t spawn_one(int *err) {
#ifdef PEER_POSIX_SPAWN
  pid_t pid;
  int e = posix_spawn(&pid, child, &fa, NULL, child_argv, child_envp);
  if (e) { *err = e; return -1; }
  return pid;
#else
#ifdef PEER_FORK
  pid_t pid = fork();
#else
  pid_t pid = vfork();
#endif
  if (pid == 0) {
    /* dup2 onto 1 and 2 leaves those without FD_CLOEXEC; devnull itself closes at the exec. */
    if (dup2(devnull, 1) < 0 || dup2(devnull, 2) < 0) _exit(126);
    execve(child, child_argv, child_envp);
    _exit(127);
  }
  if (pid < 0) *err = errno;
  return pid;
#endif
}

static void *worker(void *arg) {
  struct job *j = arg;
  pthread_barrier_wait(&start);
  for (long i = 0; i < j->n && !__atomic_load_n(&failed, __ATOMIC_RELAXED); ++i) {
    int err = 0, st;
    pid_t pid = spawn_one(&err);
    if (pid < 0) { fail("spawn", err); break; }
    pid_t w;
    while ((w = waitpid(pid, &st, 0)) < 0 && errno == EINTR) {}
    if (w != pid) { fail("waitpid for", errno); break; }
    if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
      char what[64];
      if (WIFEXITED(st)) snprintf(what, sizeof what, "exit status %d of", WEXITSTATUS(st));
      else snprintf(what, sizeof what, "signal %d killed", WIFSIGNALED(st) ? WTERMSIG(st) : -1);
      fail(what, 0);
      break;
    }
  }
  return NULL;
}

int main(int argc, char **argv) {
  if (argc != 5) {
    fprintf(stderr, "usage: %s ITERS CHILD THREADS RSS_MB\n", argv[0]);
    return 2;
  }
  long iters = atol(argv[1]);
  child = argv[2];
  int nthreads = atoi(argv[3]);
  long rss_mb = atol(argv[4]);
  if (iters < 1 || nthreads < 1 || nthreads > 1024 || rss_mb < 0) {
    fprintf(stderr, "%s: bad arguments\n", argv[0]);
    return 2;
  }
  child_argv[0] = (char *)child;
  child_argv[1] = NULL;

  /* The resident memory, kept mapped until exit. */
  if (rss_mb > 0) {
    size_t len = (size_t)rss_mb << 20;
    char *m = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (m == MAP_FAILED) { perror("mmap"); return 2; }
    madvise(m, len, MADV_NOHUGEPAGE); /* best effort: THP may be off anyway */
    long pg = sysconf(_SC_PAGESIZE);
    for (size_t off = 0; off < len; off += (size_t)pg) ((volatile char *)m)[off] = 1;
  }

  int fd = open("/dev/null", O_RDWR | O_CLOEXEC);
  if (fd < 0) { perror("/dev/null"); return 2; }
  devnull = fcntl(fd, F_DUPFD_CLOEXEC, 3); /* never 0, 1 or 2, whatever the caller closed */
  if (devnull < 0) { perror("fcntl"); return 2; }
  if (fd != devnull) close(fd);
#ifdef PEER_POSIX_SPAWN
  if (posix_spawn_file_actions_init(&fa) || posix_spawn_file_actions_adddup2(&fa, devnull, 1) ||
      posix_spawn_file_actions_adddup2(&fa, devnull, 2)) {
    fprintf(stderr, "posix_spawn_file_actions failed\n");
    return 2;
  }
#endif

  struct job *jobs = calloc(nthreads, sizeof *jobs);
  if (!jobs) return 2;
  pthread_barrier_init(&start, NULL, nthreads + 1);
  for (int t = 0; t < nthreads; ++t) {
    jobs[t].n = iters / nthreads + (t < iters % nthreads);
    int err = pthread_create(&jobs[t].th, NULL, worker, &jobs[t]);
    if (err) { fprintf(stderr, "pthread_create: %s\n", strerror(err)); return 2; }
  }
  pthread_barrier_wait(&start);
  double t0 = now_us();
  for (int t = 0; t < nthreads; ++t) pthread_join(jobs[t].th, NULL);
  double t1 = now_us();
  if (failed) return 1;
  printf("%.1f\n", (t1 - t0) / iters);
  return 0;
}

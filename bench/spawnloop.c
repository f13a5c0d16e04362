/* Exec-to-exit time of a program: vfork + execve + waitpid, N times.
 *   spawnloop N PROGRAM [ARGS...]  -> "<microseconds per run>" on stderr */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now_us(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e6 + t.tv_nsec / 1e3;
}

int main(int argc, char **argv) {
  if (argc < 3) return 2;
  int n = atoi(argv[1]);
  char *const env[] = {NULL};
  double t0 = now_us();
  for (int i = 0; i < n; ++i) {
    pid_t p = vfork();
    if (p == 0) {
      execve(argv[2], argv + 2, env);
      _exit(127);
    }
    int st;
    if (p < 0 || waitpid(p, &st, 0) != p || !WIFEXITED(st) || WEXITSTATUS(st) != 0) {
      fprintf(stderr, "spawnloop: %s failed\n", argv[2]);
      return 1;
    }
  }
  fprintf(stderr, "%.1f\n", (now_us() - t0) / n); /* stdout is the children's */
  return 0;
}

/* The glibc peers of the null-syscall benchmark: syscall(SYS_getppid) and getppid().
 *   nullsys_glibc syscall|getppid N  -> "<mode> <ns per call>" */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static long now_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1000000000L + t.tv_nsec;
}

int main(int argc, char **argv) {
  if (argc != 3) return 2;
  long n = atol(argv[2]), sum = 0;
  int use_syscall = strcmp(argv[1], "syscall") == 0;
  long t0 = now_ns();
  for (long i = 0; i < n; ++i) {
    long r = use_syscall ? syscall(SYS_getppid) : getppid();
    if (r < 0) return 1;
    sum += r;
  }
  long t1 = now_ns();
  printf("%s %.2f\n", argv[1], (double)(t1 - t0) / n);
  return sum == 0;
}

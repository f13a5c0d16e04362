/* Peers of keel's thread create+join benchmark (research/baselines.md, section C).
 *   threads_peer ITERS  -> nanoseconds per pthread_create + pthread_join, on stdout
 * Default attributes and an empty thread body, so the figure is the libc's own thread set-up
 * and tear-down: stack allocation (glibc reuses stacks from its cache; musl maps and unmaps a
 * fresh one each time), TLS, clone, and the join's futex wait on the kernel-cleared tid.
 *   glibc: gcc -O2 -pthread -DPEER_GLIBC        musl: musl-gcc -static -O2 -DPEER_MUSL
 * (the macro only names the build; the code is the same). */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static void *empty(void *arg) { return arg; }

static long now_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1000000000L + t.tv_nsec;
}

int main(int argc, char **argv) {
  if (argc != 2 || atol(argv[1]) < 1) {
    fprintf(stderr, "usage: %s ITERS\n", argv[0]);
    return 2;
  }
  long iters = atol(argv[1]);
  long t0 = now_ns();
  for (long i = 0; i < iters; ++i) {
    pthread_t t;
    int err = pthread_create(&t, NULL, empty, NULL);
    if (err) { fprintf(stderr, "pthread_create: %s\n", strerror(err)); return 1; }
    if ((err = pthread_join(t, NULL)) != 0) { fprintf(stderr, "pthread_join: %s\n", strerror(err)); return 1; }
  }
  printf("%.0f\n", (double)(now_ns() - t0) / iters);
  return 0;
}

/*
 * The machine's float32 multiply-add peak: every thread runs independent chains of vector FMAs
 * (acc = acc * a + b) that touch no memory, enough of them to hide the FMA latency on two FMA
 * units. `dcgan bench` compiles this at run time with `cc -O3 -march=native -pthread`, so the
 * vectors are as wide as the CPU's (AVX-512: 16 floats, AVX2: 8).
 *
 *   fma_peak THREADS ITERATIONS REPEATS  ->  one line: gflops=<best of the repeats> lanes=<n> ...
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#if defined(__AVX512F__)
#define VECTOR_BYTES 64
#elif defined(__AVX__)
#define VECTOR_BYTES 32
#else
#define VECTOR_BYTES 16
#endif
#define LANES (VECTOR_BYTES / 4)
/* 2 FMA units x 4 cycles of latency = 8 chains in flight; 12 leaves a margin and fits the
 * registers (AVX2's 16 ymm hold 12 accumulators and the 2 constants). */
#define CHAINS 12

typedef float vec __attribute__((vector_size(VECTOR_BYTES)));

struct job {
  long iterations;
  float seed;
  float sink;
};

static void *run(void *arg) {
  struct job *job = arg;
  vec acc[CHAINS];
  vec a, b;
  for (int l = 0; l < LANES; l++) {
    a[l] = 0.999999f;
    b[l] = 1e-7f * job->seed;
  }
  for (int c = 0; c < CHAINS; c++)
    for (int l = 0; l < LANES; l++) acc[c][l] = job->seed + c + l;
  for (long i = 0; i < job->iterations; i++) {
    /* keeps the compiler from folding or reordering the chains into fewer */
    __asm__ volatile("" : "+x"(a));
    for (int c = 0; c < CHAINS; c++) acc[c] = acc[c] * a + b;
  }
  float s = 0;
  for (int c = 0; c < CHAINS; c++)
    for (int l = 0; l < LANES; l++) s += acc[c][l];
  job->sink = s; /* the result is used, so the loop is kept */
  return NULL;
}

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + t.tv_nsec * 1e-9;
}

int main(int argc, char **argv) {
  if (argc != 4) {
    fprintf(stderr, "usage: fma_peak THREADS ITERATIONS REPEATS\n");
    return 2;
  }
  int threads = atoi(argv[1]);
  long iterations = atol(argv[2]);
  int repeats = atoi(argv[3]);
  if (threads < 1 || iterations < 1 || repeats < 1) {
    fprintf(stderr, "fma_peak: THREADS, ITERATIONS and REPEATS must be >= 1\n");
    return 2;
  }
  pthread_t *ids = calloc(threads, sizeof *ids);
  struct job *jobs = calloc(threads, sizeof *jobs);
  double best = 0;
  float sink = 0;
  for (int r = 0; r < repeats; r++) {
    double t0 = now();
    for (int t = 0; t < threads; t++) {
      jobs[t].iterations = iterations;
      jobs[t].seed = (float)(t + 1);
      if (pthread_create(&ids[t], NULL, run, &jobs[t]) != 0) {
        fprintf(stderr, "fma_peak: cannot start thread %d\n", t);
        return 1;
      }
    }
    for (int t = 0; t < threads; t++) {
      pthread_join(ids[t], NULL);
      sink += jobs[t].sink;
    }
    double seconds = now() - t0;
    double flops = 2.0 * threads * (double)iterations * CHAINS * LANES;
    if (flops / seconds / 1e9 > best) best = flops / seconds / 1e9;
  }
  printf("gflops=%.2f lanes=%d chains=%d threads=%d sink=%g\n", best, LANES, CHAINS, threads,
         (double)sink);
  free(ids);
  free(jobs);
  return 0;
}

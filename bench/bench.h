/*
 * bench.h - what the pieces of layerblas-bench share: a measurement group
 * (one case, shape, precision: layerblas and its baselines timed side by
 * side, interleaved, at each thread count), its results, the machine and
 * BLAS description, and the report (table and JSON).
 */
#ifndef LB_BENCH_H
#define LB_BENCH_H

#include "layerblas.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define BENCH_MAX_IMPLS 4
#define BENCH_MAX_THREADS 16
#define BENCH_MAX_DIMS 4

/* How long and how often to measure, and at which thread counts. */
typedef struct bench_plan {
    int threads[BENCH_MAX_THREADS]; /* lb_set_num_threads() values */
    int nthreads;
    int reps;        /* timed rounds; 0: as many as budget_s allows */
    int min_reps;    /* rounds at least, with a budget */
    double budget_s; /* seconds per implementation and thread count */
    double warm_s;   /* warm-up seconds per implementation (>= 1 pass) */
} bench_plan;

/* One way of doing a case's pass: layerblas, or a baseline. */
typedef struct bench_impl {
    const char *name;        /* "layerblas", "gemm", "memcpy", "naive",
                                "onednn" */
    void (*pass)(void *ctx); /* one whole pass; exits on a library error */
    void *ctx;
    /* Optional, untimed, around each run of passes (warm-up, sample):
     * set-up that must not be timed, such as waking threads. */
    void (*begin)(void *ctx), (*end)(void *ctx);
    /* Optional: the threads it really used, when not the thread count in
     * effect (the naive port: 1; memcpy: what it chose). */
    int (*threads_used)(void *ctx);
    /* Optional: the memory it needs beyond the inputs and outputs the
     * impls share (a workspace, intermediates), reported when > 0. */
    double extra_bytes;
} bench_impl;

/* What is timed together: every impl does the same work per pass, given
 * as flops (GEMM work) or as the bytes the pass must read and write. */
typedef struct bench_group {
    const char *case_name;
    const char *dtype; /* "f32" or "f64" */
    char shape[64];
    double work;       /* flops or bytes per pass */
    bool work_is_bytes;
    bench_impl impl[BENCH_MAX_IMPLS];
    int nimpl;
    int limit; /* index of the impl that is the limit */
} bench_group;

/* One timed implementation at one thread count. */
typedef struct bench_result {
    const char *case_name, *impl, *dtype, *limit;
    char shape[64];
    int threads;      /* lb_get_num_threads() while it ran */
    int impl_threads; /* the threads this impl used */
    int blas_threads; /* what the BLAS reported, 0 if it does not say */
    int reps, inner;  /* timed rounds; passes per timed sample */
    double median_us, min_us;
    bool rate_is_gbps;
    double rate;     /* GFLOP/s or GB/s from the median */
    double of_limit; /* limit's median / this median */
    double extra_bytes; /* bench_impl's, 0 when not reported */
} bench_result;

/* Times every impl of g at every thread count of plan, interleaved, and
 * hands each result to bench_report_add(). */
void bench_run_group(const bench_group *g, const bench_plan *plan);

/* The bandwidth baseline: memcpy of `bytes` from src to dst, split over
 * the threads set by bench_copy_threads() (bench_run_group() sets the
 * count in effect; 1 stops the team) when that is faster than one thread.
 * Its impl is BENCH_COPY_IMPL(&buf): passes run between bench_copy_begin()
 * and bench_copy_end(). */
typedef struct bench_copybuf {
    void *dst, *src;
    size_t bytes;
    int split;      /* threads it copies with: the faster way, once tried */
    int chosen_for; /* the team size split was chosen for; 0: not yet */
} bench_copybuf;

void bench_copybuf_init(bench_copybuf *b, size_t bytes);
void bench_copybuf_free(bench_copybuf *b);
void bench_copy_begin(void *copybuf);
void bench_copy_pass(void *copybuf);
void bench_copy_end(void *copybuf);
int bench_copy_threads_used(void *copybuf);
#define BENCH_COPY_IMPL(buf)                                                 \
    {"memcpy", bench_copy_pass, (buf), bench_copy_begin, bench_copy_end,    \
     bench_copy_threads_used}

/* threads_used of single-threaded impls. */
int bench_one_thread(void *ctx);
void bench_copy_threads(int nthreads);

/* Seconds on the monotonic clock. */
double bench_now(void);

/* Set when a case could not be measured as it should (a peer that
 * cannot run it or computes something else): the run then exits with a
 * failure. */
extern bool bench_failed;

/* Exits with a message naming the call when a library call fails. */
void bench_check(lb_status s, const char *what);
/* malloc that exits on failure, the memory touched so page faults stay
 * out of the timings. */
void *bench_alloc(size_t bytes);

/* The oneDNN the bench was built with, for the header and the JSON. */
typedef struct bench_peer_info {
    bool built;          /* false: the bench was built without oneDNN */
    char version[32];    /* "2.6.3" */
    const char *runtime; /* its CPU threading: "OpenMP (libgomp)", ... */
    const char *isa;     /* the widest instructions it uses here */
    bool threads_follow; /* its threads follow lb_set_num_threads() */
    const char *wait_policy; /* OpenMP's OMP_WAIT_POLICY, NULL if unset */
} bench_peer_info;

/* The machine and the BLAS, with the verdict on OpenBLAS's core. */
typedef struct bench_system {
    char cpu[128];
    unsigned family, model;
    int cores;
    bool avx2, avx512f;
    lb_blas_info blas;
    const char *coretype_env; /* OPENBLAS_CORETYPE, NULL if unset */
    bool core_weak;           /* the core uses less than the CPU has */
    const char *suggested_core; /* the OPENBLAS_CORETYPE that fixes it */
    char warning[256];        /* one line saying so, "" when not weak */
    bench_peer_info onednn;
} bench_system;

void bench_system_probe(bench_system *sys);
/* The header of a run: machine, BLAS, oneDNN, threads, and the weak-core
 * warning. */
void bench_system_print(const bench_system *sys, const bench_plan *plan);

/* Prints the table row by row as results arrive and keeps them. */
void bench_report_add(const bench_result *r);
/* Writes the JSON document of everything added so far to f and closes
 * it; false on an I/O error. */
bool bench_report_json(FILE *f, const bench_system *sys);
void bench_report_free(void);

/* The cases, per precision (cases.inc). dims as the case's shape says. */
void bench_affine_d(const size_t *dims, const bench_plan *plan);
void bench_affine_s(const size_t *dims, const bench_plan *plan);
void bench_relu_d(const size_t *dims, const bench_plan *plan);
void bench_relu_s(const size_t *dims, const bench_plan *plan);
void bench_softmax_xent_d(const size_t *dims, const bench_plan *plan);
void bench_softmax_xent_s(const size_t *dims, const bench_plan *plan);
void bench_mlp_step_d(const size_t *dims, const bench_plan *plan);
void bench_mlp_step_s(const size_t *dims, const bench_plan *plan);
void bench_net_step_d(const size_t *dims, const bench_plan *plan);
void bench_net_step_s(const size_t *dims, const bench_plan *plan);
void bench_affine_xent_d(const size_t *dims, const bench_plan *plan);
void bench_affine_xent_s(const size_t *dims, const bench_plan *plan);

#endif /* LB_BENCH_H */

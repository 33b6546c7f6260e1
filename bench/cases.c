/*
 * cases.c - the benchmark cases (affine, relu, softmax_xent, mlp_step,
 * and affine_xent from affine_xent.inc): the passes layerblas runs, the baselines set beside them, and
 * the work each pass must do; instantiated for double and float from
 * cases.inc.
 */
#include "bench.h"

#include <cblas.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

/* splitmix64, for inputs that are the same on every run. */
static double bench_unif(uint64_t *s, double lo, double hi)
{
    uint64_t z = (*s += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    z ^= z >> 31;
    return lo + (hi - lo) * (double)(z >> 11) * 0x1p-53;
}

static int32_t *bench_labels(size_t n, size_t c)
{
    uint64_t s = 7;
    int32_t *t = bench_alloc(n * sizeof *t);
    for (size_t i = 0; i < n; i++)
        t[i] = (int32_t)bench_unif(&s, 0, (double)c);
    return t;
}

/* The `gemm` baselines are the BLAS's own threaded GEMMs: before each of
 * their runs the BLAS's pool is set to the thread count in effect
 * (layerblas holds it at one while it drives the GEMMs itself, and puts
 * it back at its next call). */
static void bench_blas_threaded(void *ctx)
{
    (void)ctx;
#if defined(LB_BLAS_OPENBLAS)
    openblas_set_num_threads(lb_get_num_threads());
#elif defined(LB_BLAS_BLIS)
    bli_thread_set_num_threads(lb_get_num_threads());
#endif
}

static int bench_blas_threads_used(void *ctx)
{
    (void)ctx;
#if defined(LB_BLAS_OPENBLAS) || defined(LB_BLAS_BLIS)
    return lb_get_num_threads();
#else
    return 1;
#endif
}

#define BENCH_GEMM_IMPL(pass, ctx)                                           \
    {"gemm", (pass), (ctx), bench_blas_threaded, NULL,                      \
     bench_blas_threads_used}

#define LB_DOUBLE 1
#include "cases.inc"
#define LB_DOUBLE 0
#include "cases.inc"

/*
 * cases.c - the benchmark cases (affine, relu, softmax_xent, mlp_step,
 * net_step from net_step.inc, affine_xent from affine_xent.inc): the
 * passes layerblas runs, the baselines and the oneDNN peer set beside
 * them, and the work each pass must do; instantiated for double and float
 * from cases.inc.
 */
#include "bench.h"
#include "onednn.h"

#include <cblas.h>
#if defined(LB_BLAS_BLIS)
#include <blis.h> /* bli_thread_set_num_threads (not in BLIS's cblas.h) */
#endif
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

/* Times g, with the peer p (NULL: none) as one more impl once it computes
 * what g's first impl, layerblas, computes: ours are layerblas's outputs
 * after one pass, in the order p's constructor lists them. When it does
 * not, the case is not timed and the run fails. Frees p. */
static void bench_run_beside_peer(bench_group *g, bench_peer *p,
                                  const void *const *ours,
                                  const bench_plan *plan)
{
    if (p) {
        const bench_impl *mine = &g->impl[0];
        if (mine->begin)
            mine->begin(mine->ctx);
        mine->pass(mine->ctx);
        if (mine->end)
            mine->end(mine->ctx);
        if (!bench_peer_agrees(p, ours)) {
            fprintf(stderr, "layerblas-bench: onednn does not compute what "
                            "layerblas computes for %s %s %s: case not "
                            "timed\n", g->case_name, g->shape, g->dtype);
            bench_failed = true;
            bench_peer_free(p);
            return;
        }
        g->impl[g->nimpl++] = bench_peer_impl(p);
    }
    bench_run_group(g, plan);
    bench_peer_free(p);
}

#define LB_DOUBLE 1
#include "cases.inc"
#define LB_DOUBLE 0
#include "cases.inc"

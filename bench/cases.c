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

#define LB_DOUBLE 1
#include "cases.inc"
#define LB_DOUBLE 0
#include "cases.inc"

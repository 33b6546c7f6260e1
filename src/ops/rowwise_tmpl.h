/*
 * rowwise_tmpl.h - the per-row building blocks of softmax and cross-entropy
 * (max, exp-sum, normalize) for the precision of the source that includes
 * it, so softmax, softmax-with-loss and the fused affine layer stand on the
 * same numerics. The loops are the kernels of the table k, which an
 * operation takes once per call (lb_kernels_get()) and passes down.
 */
#ifndef LB_ROWWISE_TMPL_H
#define LB_ROWWISE_TMPL_H

#include "kernels.h"
#include "parallel.h"

#include <math.h>

/* The row's max, blind to NaN: a NaN in the row surfaces through exp later
 * (exp(NaN - m) is NaN), which keeps this loop a plain vector max. */
static inline real LB_FN(row_max)(const lb_kernels *k, size_t c,
                                  const real *x)
{
    return k->LB_FN(row_max)(c, x);
}

/* The exp-sum of a max-subtracted row, split so the log-sum-exp of a row
 * dominated by one entry stays accurate:
 *   sum_j exp(x_j - m) = ties + rest,
 * ties counting the entries equal to the max (each contributes exactly 1)
 * and rest summing the others (in double, over fixed lanes: kernels_tmpl.c).
 * lse = log1p(ties - 1 + rest). NaN, a +inf max or an all -inf row make
 * rest NaN.
 * e_j = exp(x_j - m) goes into e (when e != NULL); exp is vexp.h's, in the
 * row's precision. Meanwhile the row at next (the next one a loop will
 * visit; x itself when none) is pulled into cache, and the row at next_e
 * (where that row's exps will go; NULL when none) fetched for writing,
 * overlapping memory with the exps. */
static inline lb_expsum LB_FN(row_expsum)(const lb_kernels *k, size_t c,
                                          const real *x, real m, real *e,
                                          const real *next, real *next_e)
{
    return k->LB_FN(row_expsum)(c, x, m, e, next, next_e);
}

static inline double lb_expsum_total(lb_expsum s)
{
    return s.ties + s.rest;
}

/* log sum_j exp(x_j - m) as log1p(a), a = (ties - 1) + rest, so a
 * confident row keeps its digits: log(u) of u = 1 + a, less what the
 * rounding of u added (u - 1 is exact), within about 1 ulp. libm's log1p
 * is twice log's latency, which every short row waits for. */
static inline double lb_expsum_log(lb_expsum s)
{
    double a = (s.ties - 1) + s.rest, u = 1 + a;
    return log(u) - ((u - 1) - a) / u;
}

/* out_j = in_j * f, rounded once (out may be in). */
static inline void LB_FN(row_scale)(const lb_kernels *k, size_t c,
                                    const real *in, double f, real *out)
{
    k->LB_FN(row_scale)(c, in, f, out);
}

/* p_j = e_j / sum, in place over e (as e_j * (1/sum), rounded once). */
static inline void LB_FN(row_normalize)(const lb_kernels *k, size_t c,
                                        real *e, lb_expsum s)
{
    LB_FN(row_scale)(k, c, e, 1.0 / lb_expsum_total(s), e);
}

/* The row after row i of n rows at X with leading dimension ld, to
 * prefetch, when the same thread runs it next (parallel.h); else row i
 * itself. */
static inline const real *LB_FN(row_next)(const real *X, size_t ld, size_t i,
                                          size_t n)
{
    return X + (lb_rows_next_in_chunk(n, i) ? i + 1 : i) * ld;
}

#endif /* LB_ROWWISE_TMPL_H */

/*
 * rowwise.inc - the per-row building blocks of softmax and cross-entropy
 * (max, exp-sum, normalize), for one precision; included after
 * precision_begin.h by softmax.inc and xent.inc so both stand on the same
 * numerics. The loops themselves are the dispatched kernels of kernels.h
 * (vectorised; see kernels.h for what each ISA build gives).
 */
#include "kernels.h"

#ifndef LB_ROWWISE_EXPSUM
#define LB_ROWWISE_EXPSUM
/* log sum_j exp(x_j - m), via log1p so a confident row keeps its digits. */
static inline double lb_expsum_log(lb_expsum s)
{
    return log1p((s.ties - 1) + s.rest);
}
#endif

/* The row's max, blind to NaN: a NaN in the row surfaces through exp later
 * (exp(NaN - m) is NaN), which keeps this loop a plain vector max. */
static inline real LB_FN(row_max)(size_t c, const real *x)
{
    return lb_kernels_get()->LB_FN(row_max)(c, x);
}

/* The exp-sum of a max-subtracted row, split so the log-sum-exp of a row
 * dominated by one entry stays accurate:
 *   sum_j exp(x_j - m) = ties + rest,
 * ties counting the entries equal to the max (each contributes exactly 1)
 * and rest summing the others (in double, over fixed lanes: kernels.c).
 * lse = log1p(ties - 1 + rest). NaN, a +inf max or an all -inf row make
 * rest NaN. */
typedef lb_expsum LB_FN(lb_expsum);

/* e_j = exp(x_j - m) into e (when e != NULL), and their sum as above; exp
 * is vexp.h's, in the row's precision. */
static inline LB_FN(lb_expsum) LB_FN(row_expsum)(size_t c, const real *x,
                                                 real m, real *e)
{
    return lb_kernels_get()->LB_FN(row_expsum)(c, x, m, e, x);
}

/* row_expsum that meanwhile pulls the row at next (the next one a loop
 * will visit) into cache, overlapping memory with the exps. */
static inline LB_FN(lb_expsum) LB_FN(row_expsum_next)(size_t c,
                                                      const real *x, real m,
                                                      real *e,
                                                      const real *next)
{
    return lb_kernels_get()->LB_FN(row_expsum)(c, x, m, e, next);
}

static inline double LB_FN(expsum_total)(LB_FN(lb_expsum) s)
{
    return s.ties + s.rest;
}

static inline double LB_FN(expsum_log)(LB_FN(lb_expsum) s)
{
    return lb_expsum_log(s);
}

/* out_j = in_j * f, rounded once (out may be in). */
static inline void LB_FN(row_scale)(size_t c, const real *in, double f,
                                    real *out)
{
    lb_kernels_get()->LB_FN(row_scale)(c, in, f, out);
}

/* p_j = e_j / sum, in place over e (as e_j * (1/sum), rounded once). */
static inline void LB_FN(row_normalize)(size_t c, real *e, double total)
{
    LB_FN(row_scale)(c, e, 1.0 / total, e);
}

/*
 * softmax_tmpl.c - row-wise softmax and log-softmax, forward and backward,
 * each row max-subtracted and the rows split over threads; built once per
 * precision.
 */
#include "internal.h"
#include "kernels.h"
#include "parallel.h"

#include <math.h>

#include "precision_begin.h"
#include "rowwise_tmpl.h"
#include "rowmap_tmpl.h"

/* The checks shared by the forwards (in place allowed). */
static lb_status LB_FN(rowmap_check)(size_t n, size_t c, const real *X,
                                     size_t ldx, const real *Y, size_t ldy)
{
    const size_t es = sizeof(real);
    LB_TRY(lb_check_mat(X, n, c, ldx, es));
    LB_TRY(lb_check_mat(Y, n, c, ldy, es));
    if (lb_bad_inplace(lb_mat_region(Y, n, c, ldy, es),
                       lb_mat_region(X, n, c, ldx, es)))
        return LB_ERR_ALIAS;
    return LB_OK;
}

/* The checks shared by the backwards: dX may be dY, never Y. */
static lb_status LB_FN(rowgrad_check)(size_t n, size_t c, const real *Y,
                                      size_t ldy, const real *dY, size_t lddy,
                                      const real *dX, size_t lddx)
{
    const size_t es = sizeof(real);
    LB_TRY(lb_check_mat(Y, n, c, ldy, es));
    LB_TRY(LB_FN(rowmap_check)(n, c, dY, lddy, dX, lddx));
    if (lb_overlap(lb_mat_region(dX, n, c, lddx, es),
                   lb_mat_region(Y, n, c, ldy, es)))
        return LB_ERR_ALIAS;
    return LB_OK;
}

/* The row functions, each run over the rows by rowmap (threads). */
static void LB_FN(softmax_row)(size_t c, const real *x, const real *unused,
                               real *y, const real *next)
{
    (void)unused;
    real m = LB_FN(row_max)(c, x);
    LB_FN(lb_expsum) s = LB_FN(row_expsum_next)(c, x, m, y, next);
    LB_FN(row_normalize)(c, y, LB_FN(expsum_total)(s));
}

static void LB_FN(log_softmax_row)(size_t c, const real *x,
                                   const real *unused, real *y,
                                   const real *next)
{
    (void)unused;
    real m = LB_FN(row_max)(c, x);
    double lse =
        LB_FN(expsum_log)(LB_FN(row_expsum_next)(c, x, m, NULL, next));
    /* In double: x - m is exact there for float input. */
    for (size_t j = 0; j < c; j++)
        y[j] = (real)(((double)x[j] - (double)m) - lse);
}

static void LB_FN(softmax_bwd_row)(size_t c, const real *y, const real *dy,
                                   real *dx, const real *next)
{
    (void)next;
    double dot = 0;
    for (size_t j = 0; j < c; j++)
        dot += (double)dy[j] * y[j];
    for (size_t j = 0; j < c; j++)
        dx[j] = (real)(y[j] * (dy[j] - dot));
}

static void LB_FN(log_softmax_bwd_row)(size_t c, const real *y,
                                       const real *dy, real *dx,
                                       const real *next)
{
    (void)next;
    double sum = 0;
    for (size_t j = 0; j < c; j++)
        sum += dy[j];
    for (size_t j = 0; j < c; j++)
        dx[j] = (real)(dy[j] - exp((double)y[j]) * sum);
}

lb_status LB_FN(lb_softmax_forward)(size_t n, size_t c, const real *X,
                                    size_t ldx, real *Y, size_t ldy)
{
    LB_TRY(LB_FN(rowmap_check)(n, c, X, ldx, Y, ldy));
    LB_FN(rowmap)(LB_FN(softmax_row), n, c, X, ldx, NULL, 0, Y, ldy);
    return LB_OK;
}

lb_status LB_FN(lb_log_softmax_forward)(size_t n, size_t c, const real *X,
                                        size_t ldx, real *Y, size_t ldy)
{
    LB_TRY(LB_FN(rowmap_check)(n, c, X, ldx, Y, ldy));
    LB_FN(rowmap)(LB_FN(log_softmax_row), n, c, X, ldx, NULL, 0, Y, ldy);
    return LB_OK;
}

lb_status LB_FN(lb_softmax_backward)(size_t n, size_t c, const real *Y,
                                     size_t ldy, const real *dY, size_t lddy,
                                     real *dX, size_t lddx)
{
    LB_TRY(LB_FN(rowgrad_check)(n, c, Y, ldy, dY, lddy, dX, lddx));
    LB_FN(rowmap)(LB_FN(softmax_bwd_row), n, c, Y, ldy, dY, lddy, dX, lddx);
    return LB_OK;
}

lb_status LB_FN(lb_log_softmax_backward)(size_t n, size_t c, const real *Y,
                                         size_t ldy, const real *dY,
                                         size_t lddy, real *dX, size_t lddx)
{
    LB_TRY(LB_FN(rowgrad_check)(n, c, Y, ldy, dY, lddy, dX, lddx));
    LB_FN(rowmap)(LB_FN(log_softmax_bwd_row), n, c, Y, ldy, dY, lddy, dX,
                  lddx);
    return LB_OK;
}


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

/* The rows of each operation, run by the row engine: out row i from row i
 * of a (and b). */
static double LB_FN(softmax_forward_row)(const void *ctx, size_t i)
{
    const LB_FN(lb_rowmap) *r = ctx;
    const real *x = r->a + i * r->lda;
    real *y = r->out + i * r->ldo;
    real m = LB_FN(row_max)(r->k, r->c, x);
    lb_expsum s = LB_FN(row_expsum)(r->k, r->c, x, m, y,
                                    LB_FN(row_next)(r->a, r->lda, i, r->n),
                                    lb_rows_next_in_chunk(r->n, i)
                                        ? y + r->ldo
                                        : NULL);
    LB_FN(row_normalize)(r->k, r->c, y, s);
    return 0;
}

static double LB_FN(log_softmax_forward_row)(const void *ctx, size_t i)
{
    const LB_FN(lb_rowmap) *r = ctx;
    const real *x = r->a + i * r->lda;
    real *y = r->out + i * r->ldo;
    real m = LB_FN(row_max)(r->k, r->c, x);
    double lse = lb_expsum_log(LB_FN(row_expsum)(
        r->k, r->c, x, m, NULL, LB_FN(row_next)(r->a, r->lda, i, r->n),
        NULL));
    /* In double: x - m is exact there for float input. */
    r->k->LB_FN(row_shift)(r->c, x, (double)m, lse, y);
    return 0;
}

/* dx from the forward's output y and dy: softmax's y (dy - y.dy), or
 * log-softmax's dy - exp(y) sum(dy); the sums in double (the kernel's). */
static inline void LB_FN(softmax_grad)(const LB_FN(lb_rowmap) *r, size_t i,
                                       bool log)
{
    r->k->LB_FN(softmax_bwd)(r->c, r->a + i * r->lda, r->b + i * r->ldb,
                             r->out + i * r->ldo, log);
}

static double LB_FN(softmax_backward_row)(const void *ctx, size_t i)
{
    LB_FN(softmax_grad)(ctx, i, false);
    return 0;
}

static double LB_FN(log_softmax_backward_row)(const void *ctx, size_t i)
{
    LB_FN(softmax_grad)(ctx, i, true);
    return 0;
}

lb_status LB_TRACED(LB_FN(lb_softmax_forward))(size_t n, size_t c,
                                               const real *X, size_t ldx,
                                               real *Y, size_t ldy)
{
    return LB_FN(rowmap_forward)(n, c, X, ldx, Y, ldy, false,
                                 LB_FN(softmax_forward_row));
}

lb_status LB_TRACED(LB_FN(lb_log_softmax_forward))(size_t n, size_t c,
                                                   const real *X, size_t ldx,
                                                   real *Y, size_t ldy)
{
    return LB_FN(rowmap_forward)(n, c, X, ldx, Y, ldy, false,
                                 LB_FN(log_softmax_forward_row));
}

lb_status LB_TRACED(LB_FN(lb_softmax_backward))(size_t n, size_t c,
                                                const real *Y, size_t ldy,
                                                const real *dY, size_t lddy,
                                                real *dX, size_t lddx)
{
    return LB_FN(rowmap_backward)(n, c, Y, ldy, dY, lddy, dX, lddx, false,
                                  LB_FN(softmax_backward_row));
}

lb_status LB_TRACED(LB_FN(lb_log_softmax_backward))(size_t n, size_t c,
                                                    const real *Y, size_t ldy,
                                                    const real *dY,
                                                    size_t lddy, real *dX,
                                                    size_t lddx)
{
    return LB_FN(rowmap_backward)(n, c, Y, ldy, dY, lddy, dX, lddx, false,
                                  LB_FN(log_softmax_backward_row));
}


/*
 * relu_tmpl.c - ReLU forward and backward; the backward reads the forward's
 * output as its mask, so no mask buffer exists and the caller's gradient is
 * never modified unless the caller asks for in place. Rows are split over
 * threads; the row loops are the dispatched kernels of kernels.h. Built once
 * per precision.
 */
#include "internal.h"
#include "kernels.h"
#include "parallel.h"

/* Outputs from this size on are written past the cache: they cannot stay
 * in it anyway, while smaller ones are often read right back
 * (docs/performance.md). */
#define LB_STREAM_BYTES ((size_t)64 << 20)

#include "precision_begin.h"

#include "rowmap_tmpl.h"

/* Rows of y = relu(a), and of the backward dx = relu'(a) * b. */
static double LB_FN(relu_forward_row)(const void *ctx, size_t i)
{
    const LB_FN(lb_rowmap) *r = ctx;
    r->k->LB_FN(relu_fwd)(r->c, r->a + i * r->lda, r->out + i * r->ldo,
                          r->stream);
    return 0;
}

static double LB_FN(relu_backward_row)(const void *ctx, size_t i)
{
    const LB_FN(lb_rowmap) *r = ctx;
    r->k->LB_FN(relu_bwd)(r->c, r->a + i * r->lda, r->b + i * r->ldb,
                          r->out + i * r->ldo, r->stream);
    return 0;
}

static bool LB_FN(relu_stream)(size_t n, size_t m)
{
    return n * m * sizeof(real) >= LB_STREAM_BYTES;
}

lb_status LB_TRACED(LB_FN(lb_relu_forward))(size_t n, size_t m, const real *X,
                                            size_t ldx, real *Y, size_t ldy)
{
    return LB_FN(rowmap_forward)(n, m, X, ldx, Y, ldy,
                                 LB_FN(relu_stream)(n, m),
                                 LB_FN(relu_forward_row));
}

lb_status LB_TRACED(LB_FN(lb_relu_backward))(size_t n, size_t m, const real *Y,
                                             size_t ldy, const real *dY,
                                             size_t lddy, real *dX,
                                             size_t lddx)
{
    return LB_FN(rowmap_backward)(n, m, Y, ldy, dY, lddy, dX, lddx,
                                  LB_FN(relu_stream)(n, m),
                                  LB_FN(relu_backward_row));
}


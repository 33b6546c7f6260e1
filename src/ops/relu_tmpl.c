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
 * in it anyway (a 128 MiB ReLU, measured: 32 ms streamed, 50 ms stored,
 * memcpy 41 ms), while smaller ones are often read right back. */
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

lb_status LB_FN(lb_relu_forward)(size_t n, size_t m, const real *X,
                                 size_t ldx, real *Y, size_t ldy)
{
    LB_TRY(LB_FN(rowmap_check)(n, m, X, ldx, Y, ldy));
    LB_FN(rowmap_run)(n, m, X, ldx, NULL, 0, Y, ldy, LB_FN(relu_stream)(n, m),
                      LB_FN(relu_forward_row));
    return LB_OK;
}

lb_status LB_FN(lb_relu_backward)(size_t n, size_t m, const real *Y,
                                  size_t ldy, const real *dY, size_t lddy,
                                  real *dX, size_t lddx)
{
    LB_TRY(LB_FN(rowgrad_check)(n, m, Y, ldy, dY, lddy, dX, lddx));
    LB_FN(rowmap_run)(n, m, Y, ldy, dY, lddy, dX, lddx,
                      LB_FN(relu_stream)(n, m), LB_FN(relu_backward_row));
    return LB_OK;
}


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

/* The row functions for rowmap: plain, and streaming their stores past
 * the cache for outputs of LB_STREAM_BYTES or more. */
static void LB_FN(relu_fwd_row)(size_t m, const real *x, const real *unused,
                                real *y, const real *next)
{
    (void)unused;
    (void)next;
    lb_kernels_get()->LB_FN(relu_fwd)(m, x, y, false);
}

static void LB_FN(relu_fwd_row_stream)(size_t m, const real *x,
                                       const real *unused, real *y,
                                       const real *next)
{
    (void)unused;
    (void)next;
    lb_kernels_get()->LB_FN(relu_fwd)(m, x, y, true);
}

static void LB_FN(relu_bwd_row)(size_t m, const real *y, const real *dy,
                                real *dx, const real *next)
{
    (void)next;
    lb_kernels_get()->LB_FN(relu_bwd)(m, y, dy, dx, false);
}

static void LB_FN(relu_bwd_row_stream)(size_t m, const real *y,
                                       const real *dy, real *dx,
                                       const real *next)
{
    (void)next;
    lb_kernels_get()->LB_FN(relu_bwd)(m, y, dy, dx, true);
}

static bool LB_FN(relu_stream)(size_t n, size_t m)
{
    return n * m * sizeof(real) >= LB_STREAM_BYTES;
}

lb_status LB_FN(lb_relu_forward)(size_t n, size_t m, const real *X,
                                 size_t ldx, real *Y, size_t ldy)
{
    const size_t es = sizeof(real);
    LB_TRY(lb_check_mat(X, n, m, ldx, es));
    LB_TRY(lb_check_mat(Y, n, m, ldy, es));
    if (lb_bad_inplace(lb_mat_region(Y, n, m, ldy, es),
                       lb_mat_region(X, n, m, ldx, es)))
        return LB_ERR_ALIAS;
    LB_FN(rowmap)(LB_FN(relu_stream)(n, m) ? LB_FN(relu_fwd_row_stream)
                                           : LB_FN(relu_fwd_row),
                  n, m, X, ldx, NULL, 0, Y, ldy);
    return LB_OK;
}

lb_status LB_FN(lb_relu_backward)(size_t n, size_t m, const real *Y,
                                  size_t ldy, const real *dY, size_t lddy,
                                  real *dX, size_t lddx)
{
    const size_t es = sizeof(real);
    LB_TRY(lb_check_mat(Y, n, m, ldy, es));
    LB_TRY(lb_check_mat(dY, n, m, lddy, es));
    LB_TRY(lb_check_mat(dX, n, m, lddx, es));
    lb_region dx = lb_mat_region(dX, n, m, lddx, es);
    if (lb_overlap(dx, lb_mat_region(Y, n, m, ldy, es)) ||
        lb_bad_inplace(dx, lb_mat_region(dY, n, m, lddy, es)))
        return LB_ERR_ALIAS;
    LB_FN(rowmap)(LB_FN(relu_stream)(n, m) ? LB_FN(relu_bwd_row_stream)
                                           : LB_FN(relu_bwd_row),
                  n, m, Y, ldy, dY, lddy, dX, lddx);
    return LB_OK;
}


/*
 * affine_tmpl.h - the parts of the affine layer that the fused affine +
 * cross-entropy (affine_xent_tmpl.c) runs too, defined once in
 * affine_tmpl.c, for the precision of the source that includes it.
 */
#ifndef LB_AFFINE_TMPL_H
#define LB_AFFINE_TMPL_H

#include "kernels.h"

/* db = alpha colsum(dY [n x m]) + beta*db: each column summed in double
 * down the rows in order, whatever the thread count; beta == 0 never reads
 * db. */
void LB_FN(lb_bias_grad)(const lb_kernels *k, size_t n, size_t m,
                         const real *dY, size_t lddy, real *db, real alpha,
                         real beta);

/* lb_affine_backward() of a layer whose input X is a ReLU's output: dX
 * comes back through that ReLU too (lb_relu_backward() with X as its Y),
 * in the pass of the dX GEMM. */
lb_status LB_FN(lb_affine_relu_backward)(size_t n, size_t k, size_t m,
                                         const real *X, size_t ldx,
                                         const real *W, size_t ldw,
                                         const real *dY, size_t lddy,
                                         real *dX, size_t lddx, real *dW,
                                         size_t lddw, real *db, real beta);

/* A [k x m] = beta * A, where no row feeds a GEMM's output (an empty
 * batch); beta == 0 writes zeros without reading (A may hold NaN). */
void LB_FN(lb_mat_scale)(size_t k, size_t m, real *A, size_t lda, real beta);

#endif /* LB_AFFINE_TMPL_H */

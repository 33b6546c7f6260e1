/*
 * affine_tmpl.c - the affine (fully connected) layer kernels, Y = X.W + b and
 * its backward, as GEMMs (gemm_tmpl.h); built once per precision (meson).
 */
#include "internal.h"
#include "kernels.h"
#include "parallel.h"

#include <cblas.h> /* before precision_begin.h (gemm_tmpl.h) */
#include <float.h>
#include <stdbool.h>

/* Columns summed at once by the bias gradient: the double accumulators
 * stay on the stack and in L1 while the rows of dY stream by; blocks are
 * also what threads split. */
#define LB_COLSUM_BLOCK 256

#include "precision_begin.h"
#include "affine_tmpl.h"
#include "gemm_tmpl.h"

/* The forward after its checks, through ReLU too when relu (in the
 * panels of the GEMM, while each block of Y is in cache). */
static lb_status LB_FN(affine_forward_run)(size_t n, size_t k, size_t m,
                                           const real *X, size_t ldx,
                                           const real *W, size_t ldw,
                                           const real *b, real *Y,
                                           size_t ldy, bool relu)
{
    const size_t es = sizeof(real);
    LB_TRY(lb_check_rows(X, n, k, ldx, es));
    LB_TRY(lb_check_mat(W, k, m, ldw, es));
    LB_TRY(lb_check_rows(Y, n, m, ldy, es));
    lb_region y = lb_mat_region(Y, n, m, ldy, es);
    if (lb_overlap(y, lb_mat_region(X, n, k, ldx, es)) ||
        lb_overlap(y, lb_mat_region(W, k, m, ldw, es)) ||
        lb_overlap(y, lb_mat_region(b, 1, m, m, es)))
        return LB_ERR_ALIAS;

    if (n == 0)
        return LB_OK;
    /* Y[n x m] = X[n x k] . W[k x m]  ->  (NoTrans, NoTrans, n, m, k); a
     * gemm also for n = 1 (docs/performance.md); the bias rides in the
     * GEMM: each panel starts its block of Y as b, beta = 1. */
    LB_FN(lb_gemm)(CblasNoTrans, CblasNoTrans, n, m, k, 1, X, ldx, W, ldw, b,
                   0, Y, ldy, relu ? Y : NULL, ldy);
    return LB_OK;
}

lb_status LB_TRACED(LB_FN(lb_affine_forward))(size_t n, size_t k, size_t m,
                                              const real *X, size_t ldx,
                                              const real *W, size_t ldw,
                                              const real *b, real *Y,
                                              size_t ldy)
{
    return LB_FN(affine_forward_run)(n, k, m, X, ldx, W, ldw, b, Y, ldy,
                                     false);
}

lb_status LB_TRACED(LB_FN(lb_affine_relu_forward))(size_t n, size_t k,
                                                   size_t m, const real *X,
                                                   size_t ldx, const real *W,
                                                   size_t ldw, const real *b,
                                                   real *Y, size_t ldy)
{
    return LB_FN(affine_forward_run)(n, k, m, X, ldx, W, ldw, b, Y, ldy,
                                     true);
}

/* The bias gradient's items for the row engine: blocks of
 * LB_COLSUM_BLOCK columns, each summed down every row of dY by the
 * vectorised col_acc kernel, which walks the rows of dY along (not down
 * its columns). */
typedef struct LB_FN(lb_colsum) {
    const lb_kernels *k;
    size_t n, m, lddy;
    const real *dY;
    real *db, alpha, beta;
} LB_FN(lb_colsum);

static double LB_FN(colsum_block)(const void *ctx, size_t blk)
{
    const LB_FN(lb_colsum) *a = ctx;
    double acc[LB_COLSUM_BLOCK];
    size_t j0 = blk * LB_COLSUM_BLOCK;
    size_t w = a->m - j0 < LB_COLSUM_BLOCK ? a->m - j0 : LB_COLSUM_BLOCK;
    for (size_t j = 0; j < w; j++)
        acc[j] = 0;
    for (size_t i = 0; i < a->n; i++)
        a->k->LB_FN(col_acc)(w, a->dY + i * a->lddy + j0, acc);
    /* beta == 0 must not read db: it may hold NaN. alpha = 1 is exact. */
    real *db = a->db + j0;
    for (size_t j = 0; j < w; j++)
        db[j] = a->beta == 0 ? (real)(a->alpha * acc[j])
                             : (real)(a->alpha * acc[j] + a->beta * db[j]);
    return 0;
}

void LB_FN(lb_bias_grad)(const lb_kernels *k, size_t n, size_t m,
                         const real *dY, size_t lddy, real *db, real alpha,
                         real beta)
{
    LB_FN(lb_colsum) a = {k, n, m, lddy, dY, db, alpha, beta};
    size_t blocks = (m + LB_COLSUM_BLOCK - 1) / LB_COLSUM_BLOCK;
    lb_rows(blocks, n * m, LB_FN(colsum_block), &a);
}

void LB_FN(lb_mat_scale)(size_t k, size_t m, real *A, size_t lda, real beta)
{
    for (size_t i = 0; i < k; i++)
        for (size_t j = 0; j < m; j++)
            A[i * lda + j] = beta == 0 ? 0 : beta * A[i * lda + j];
}

/* Checks every argument of the backward; outputs vs. everything else. */
static lb_status LB_FN(affine_backward_check)(
    size_t n, size_t k, size_t m, const real *X, size_t ldx, const real *W,
    size_t ldw, const real *dY, size_t lddy, const real *dX, size_t lddx,
    const real *dW, size_t lddw, const real *db)
{
    const size_t es = sizeof(real);
    LB_TRY(lb_check_batch(n));
    LB_TRY(lb_check_dim(k));
    LB_TRY(lb_check_dim(m));
    if (!dX && !dW && !db)
        return LB_ERR_NULL;
    LB_TRY(lb_check_rows(dY, n, m, lddy, es));
    if (dX) {
        LB_TRY(lb_check_mat(W, k, m, ldw, es));
        LB_TRY(lb_check_rows(dX, n, k, lddx, es));
    }
    if (dW) {
        LB_TRY(lb_check_rows(X, n, k, ldx, es));
        LB_TRY(lb_check_mat(dW, k, m, lddw, es));
    }
    lb_region out[3] = {lb_mat_region(dX, n, k, lddx, es),
                        lb_mat_region(dW, k, m, lddw, es),
                        lb_mat_region(db, 1, m, m, es)};
    lb_region in[3] = {lb_mat_region(dW ? X : NULL, n, k, ldx, es),
                       lb_mat_region(dX ? W : NULL, k, m, ldw, es),
                       lb_mat_region(dY, n, m, lddy, es)};
    return lb_check_disjoint(out, 3, in, 3);
}

/* The backward after its checks: dX = dY.W^T (through ReLU's backward
 * from X when relu_x), then dW = alpha X^T.dY + beta dW and db = alpha
 * colsum(dY) + beta db; NULL outputs skipped. dX comes first, so dW may be
 * W itself (the SGD form). */
static void LB_FN(affine_backward_run)(size_t n, size_t k, size_t m,
                                       const real *X, size_t ldx,
                                       const real *W, size_t ldw,
                                       const real *dY, size_t lddy, real *dX,
                                       size_t lddx, bool relu_x, real *dW,
                                       size_t lddw, real *db, real alpha,
                                       real beta)
{
    /* dX[n x k] = dY[n x m] . W^T[m x k]  ->  (NoTrans, Trans, n, k, m) */
    if (dX && n > 0)
        LB_FN(lb_gemm)(CblasNoTrans, CblasTrans, n, k, m, 1, dY, lddy, W, ldw,
                       NULL, 0, dX, lddx, relu_x ? X : NULL, ldx);
    /* dW[k x m] = X^T[k x n] . dY[n x m]  ->  (Trans, NoTrans, k, m, n);
     * over no rows, beta * dW */
    if (dW && n == 0)
        LB_FN(lb_mat_scale)(k, m, dW, lddw, beta);
    else if (dW)
        LB_FN(lb_gemm)(CblasTrans, CblasNoTrans, k, m, n, alpha, X, ldx, dY,
                       lddy, NULL, beta, dW, lddw, NULL, 0);
    if (db)
        LB_FN(lb_bias_grad)(lb_kernels_get(), n, m, dY, lddy, db, alpha,
                            beta);
}

lb_status LB_TRACED(LB_FN(lb_affine_backward))(size_t n, size_t k, size_t m,
                                               const real *X, size_t ldx,
                                               const real *W, size_t ldw,
                                               const real *dY, size_t lddy,
                                               real *dX, size_t lddx, real *dW,
                                               size_t lddw, real *db,
                                               real beta)
{
    LB_TRY(LB_FN(affine_backward_check)(n, k, m, X, ldx, W, ldw, dY, lddy, dX,
                                        lddx, dW, lddw, db));
    LB_FN(affine_backward_run)(n, k, m, X, ldx, W, ldw, dY, lddy, dX, lddx,
                               false, dW, lddw, db, 1, beta);
    return LB_OK;
}

lb_status LB_FN(lb_affine_relu_backward)(size_t n, size_t k, size_t m,
                                         const real *X, size_t ldx,
                                         const real *W, size_t ldw,
                                         const real *dY, size_t lddy,
                                         real *dX, size_t lddx, real *dW,
                                         size_t lddw, real *db, real beta)
{
    LB_TRY(LB_FN(affine_backward_check)(n, k, m, X, ldx, W, ldw, dY, lddy, dX,
                                        lddx, dW, lddw, db));
    const size_t es = sizeof(real);
    if (dX)
        LB_TRY(lb_check_rows(X, n, k, ldx, es));
    if (lb_overlap(lb_mat_region(dX, n, k, lddx, es),
                   lb_mat_region(X, n, k, ldx, es)))
        return LB_ERR_ALIAS;
    LB_FN(affine_backward_run)(n, k, m, X, ldx, W, ldw, dY, lddy, dX, lddx,
                               true, dW, lddw, db, 1, beta);
    return LB_OK;
}

/* Checks the SGD form: W and b are outputs too. */
static lb_status LB_FN(affine_sgd_check)(size_t n, size_t k, size_t m,
                                         const real *X, size_t ldx,
                                         lb_input_act act, const real *W,
                                         size_t ldw, const real *b,
                                         const real *dY, size_t lddy,
                                         const real *dX, size_t lddx,
                                         double lr)
{
    const size_t es = sizeof(real);
    LB_TRY(lb_check_batch(n));
    LB_TRY(lb_check_dim(k));
    LB_TRY(lb_check_dim(m));
    LB_TRY(lb_check_rows(X, n, k, ldx, es));
    LB_TRY(lb_check_mat(W, k, m, ldw, es));
    LB_TRY(lb_check_rows(dY, n, m, lddy, es));
    if (dX)
        LB_TRY(lb_check_rows(dX, n, k, lddx, es));
    if (act != LB_INPUT_PLAIN && act != LB_INPUT_RELU)
        return LB_ERR_ARG;
    /* Written so that NaN fails too. */
    if (!(lr >= 0 && lr <= DBL_MAX))
        return LB_ERR_ARG;
    lb_region out[3] = {lb_mat_region(dX, n, k, lddx, es),
                        lb_mat_region(W, k, m, ldw, es),
                        lb_mat_region(b, 1, m, m, es)};
    lb_region in[2] = {lb_mat_region(X, n, k, ldx, es),
                       lb_mat_region(dY, n, m, lddy, es)};
    return lb_check_disjoint(out, 3, in, 2);
}

lb_status LB_TRACED(LB_FN(lb_affine_sgd_backward))(
    size_t n, size_t k, size_t m, const real *X, size_t ldx, lb_input_act act,
    real *W, size_t ldw, real *b, const real *dY, size_t lddy, real *dX,
    size_t lddx, double lr)
{
    LB_TRY(LB_FN(affine_sgd_check)(n, k, m, X, ldx, act, W, ldw, b, dY, lddy,
                                   dX, lddx, lr));
    /* W = W - lr X^T.dY is the weight-gradient GEMM with alpha = -lr,
     * beta = 1 and W as its C: dW is never stored. */
    LB_FN(affine_backward_run)(n, k, m, X, ldx, W, ldw, dY, lddy, dX, lddx,
                               act == LB_INPUT_RELU, n > 0 ? W : NULL, ldw, b,
                               (real)-lr, 1);
    return LB_OK;
}

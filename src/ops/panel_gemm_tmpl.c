/*
 * panel_gemm_tmpl.c - one panel of lb_gemm (panel_gemm_tmpl.h); built once
 * per precision.
 *
 * With libxsmm (meson option xsmm), a panel of at most LB_XSMM_MAX_MNK
 * multiply-adds runs on a libxsmm JIT kernel, 1.2-2.3x faster there than
 * OpenBLAS's single-threaded GEMM; larger panels stay on the BLAS, which
 * blocks for the caches and is up to 4x faster at 1024 x 1024 x 2048
 * (docs/performance.md). libxsmm is column-major: the row-major
 * C = op(A) op(B) is the column-major C^T = op(B)^T op(A)^T, the same
 * buffers with the operands swapped, so NoTrans x NoTrans needs no
 * transpose and Trans x NoTrans is libxsmm's transposed B. libxsmm 1.17
 * has no kernel with a transposed A (our NoTrans x Trans, dX = dY.W^T),
 * alpha other than 1 or beta other than 0 and 1: those stay on the BLAS.
 * libxsmm_?mmdispatch JITs a kernel on the first request of its arguments
 * and returns it from its registry after (thread-safe): no per-call code
 * generation.
 */
#include "internal.h"

#include <cblas.h> /* before precision_begin.h */
#if LB_XSMM
#include <libxsmm.h>
#endif
#include <stdbool.h>

/* Measured on AVX-512 (docs/performance.md): libxsmm ahead up to
 * 32 x 256 x 784 (6.4 Mi), behind from 256 x 256 x 784 (51 Mi). */
#define LB_XSMM_MAX_MNK (8.0 * 1024 * 1024)

#include "precision_begin.h"
#include "panel_gemm_tmpl.h"

#if LB_XSMM
#if LB_DOUBLE
#define LB_XSMM_KERNEL libxsmm_dmmfunction
#define LB_XSMM_DISPATCH libxsmm_dmmdispatch
#else
#define LB_XSMM_KERNEL libxsmm_smmfunction
#define LB_XSMM_DISPATCH libxsmm_smmdispatch
#endif

/* Runs the panel on libxsmm if it has a kernel for it; false if not. */
static bool LB_FN(xsmm_gemm)(enum CBLAS_TRANSPOSE ta,
                             enum CBLAS_TRANSPOSE tb, size_t m, size_t n,
                             size_t k, real alpha, const real *A, size_t lda,
                             const real *B, size_t ldb, real beta, real *C,
                             size_t ldc)
{
    if (tb != CblasNoTrans || alpha != 1 || (beta != 0 && beta != 1) ||
        (double)m * (double)n * (double)k > LB_XSMM_MAX_MNK)
        return false;
    /* Column-major C^T[n x m] = B^T[n x k] . op(A)^T[k x m]. */
    const libxsmm_blasint la = (libxsmm_blasint)ldb;
    const libxsmm_blasint lb = (libxsmm_blasint)lda;
    const libxsmm_blasint lc = (libxsmm_blasint)ldc;
    const int flags = ta == CblasTrans ? LIBXSMM_GEMM_FLAG_TRANS_B : 0;
    const real one = 1;
    LB_XSMM_KERNEL kernel = LB_XSMM_DISPATCH(
        (libxsmm_blasint)n, (libxsmm_blasint)m, (libxsmm_blasint)k, &la, &lb,
        &lc, &one, &beta, &flags, NULL);
    if (!kernel)
        return false;
    kernel(B, A, C);
    return true;
}
#endif

void LB_FN(lb_panel_gemm)(enum CBLAS_TRANSPOSE ta, enum CBLAS_TRANSPOSE tb,
                          size_t m, size_t n, size_t k, real alpha,
                          const real *A, size_t lda, const real *B,
                          size_t ldb, real beta, real *C, size_t ldc)
{
#if LB_XSMM
    if (LB_FN(xsmm_gemm)(ta, tb, m, n, k, alpha, A, lda, B, ldb, beta, C,
                         ldc))
        return;
#endif
    CBLAS(gemm)(CblasRowMajor, ta, tb, (int)m, (int)n, (int)k, alpha, A,
                (int)lda, B, (int)ldb, beta, C, (int)ldc);
}

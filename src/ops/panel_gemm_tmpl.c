/*
 * panel_gemm_tmpl.c - one panel of lb_gemm (panel_gemm_tmpl.h); built once
 * per precision.
 *
 * With libxsmm (meson option xsmm), a panel of at most LB_XSMM_MAX_MNK
 * multiply-adds (12 Mi in float, 6 Mi in double) runs on a libxsmm JIT
 * kernel, 1.2-2.3x faster there than OpenBLAS's single-threaded GEMM;
 * larger panels stay on the BLAS, which blocks for the caches and is up
 * to 4x faster at 1024 x 1024 x 2048 (docs/performance.md).
 * libxsmm_?mmdispatch JITs a kernel the first time it is asked for one
 * and returns it from its registry after (thread-safe): no per-call code
 * generation.
 *
 * libxsmm is column-major: the row-major C = op(A) op(B) is the
 * column-major C^T = op(B)^T op(A)^T, the same buffers with the operands
 * swapped, so NoTrans x NoTrans needs no transpose and Trans x NoTrans
 * (dW = X^T.dY) is libxsmm's transposed B. libxsmm 1.17 has no kernel
 * with a transposed A, which NoTrans x Trans (dX = dY.W^T) would take,
 * so that case, from LB_XSMM_NT_MIN_ROWS rows, transposes whichever is
 * smaller into the thread's scratch (core/scratch.h): op(B), to multiply
 * NoTrans x NoTrans, or A, to multiply C^T = B . A^T and transpose C^T
 * into C (beta = 0 only). libxsmm 1.17 has no kernel with alpha other
 * than 1 or beta other than 0 and 1 either: those panels, empty ones and
 * any libxsmm has no kernel for stay on the BLAS. Which path a panel
 * takes depends on its arguments alone.
 */
#include "internal.h"

#include <cblas.h> /* before precision_begin.h */
#if LB_XSMM
#include "scratch.h"
#include <libxsmm.h>
#endif
#include <stdbool.h>

/* Measured on AVX-512 (docs/performance.md): in float libxsmm is ahead
 * on every panel of up to 12 Mi multiply-adds and behind from 24 Mi
 * (128 x 256 x 784: 0.59x); in double it is even at 6 Mi (32 x 256 x 784:
 * 1.04x) and behind at 8 Mi (32 x 256 x 1024: 0.82x). */
#if LB_DOUBLE
#define LB_XSMM_MAX_MNK (6.0 * 1024 * 1024)
#else
#define LB_XSMM_MAX_MNK (12.0 * 1024 * 1024)
#endif
/* Columns of C per libxsmm call (NoTrans or Trans x NoTrans): in float,
 * blocks of 32 keep B's columns in fewer cache lines per row and ran
 * 1.04-1.37x faster than one call over the panel (32 x 64 x 784: 1.74x
 * OpenBLAS against 1.47x); in double no width won consistently. */
#if LB_DOUBLE
#define LB_XSMM_COLS ((size_t)INT_MAX)
#else
#define LB_XSMM_COLS ((size_t)32)
#endif
/* Below 8 rows OpenBLAS's NoTrans x Trans is 2-4x faster than any
 * transpose and libxsmm (1 x 784 x 100: 4.7 us against 13 us). */
#define LB_XSMM_NT_MIN_ROWS 8

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

/* The column-major kernel C[m x n] = X[m x k] op(Y) (ld lx, ly, lc), op
 * transposing Y [n x k] with trans_y; NULL if libxsmm has none. */
static LB_XSMM_KERNEL LB_FN(xsmm_kernel)(size_t m, size_t n, size_t k,
                                         size_t lx, size_t ly, size_t lc,
                                         bool trans_y, real beta)
{
    const libxsmm_blasint ldx = (libxsmm_blasint)lx;
    const libxsmm_blasint ldy = (libxsmm_blasint)ly;
    const libxsmm_blasint ldc = (libxsmm_blasint)lc;
    const int flags = trans_y ? LIBXSMM_GEMM_FLAG_TRANS_B : 0;
    const real one = 1;
    return LB_XSMM_DISPATCH((libxsmm_blasint)m, (libxsmm_blasint)n,
                            (libxsmm_blasint)k, &ldx, &ldy, &ldc, &one,
                            &beta, &flags, NULL);
}

/* out [cols x rows] = in [rows x cols]^T, row-major, ld li and lo. */
static void LB_FN(xsmm_transpose)(real *out, size_t lo, const real *in,
                                  size_t li, size_t rows, size_t cols)
{
    libxsmm_otrans(out, in, sizeof(real), (libxsmm_blasint)cols,
                   (libxsmm_blasint)rows, (libxsmm_blasint)li,
                   (libxsmm_blasint)lo);
}

/* NoTrans x Trans: C[m x n] = A[m x k] . B[n x k]^T through a transpose
 * in the scratch; false if it does not fit or libxsmm has no kernel. */
static bool LB_FN(xsmm_gemm_nt)(size_t m, size_t n, size_t k, const real *A,
                                size_t lda, const real *B, size_t ldb,
                                real beta, real *C, size_t ldc)
{
    const size_t room = LB_SCRATCH_BYTES / sizeof(real);
    /* B^T [k x n], or A^T [k x m] and C^T [n x m]: the smaller; the
     * latter writes C whole, so beta = 0 only. */
    const bool trans_b = n * k <= m * (k + n);
    if ((trans_b ? n * k : m * (k + n)) > room || (!trans_b && beta != 0))
        return false;
    LB_XSMM_KERNEL kernel =
        trans_b ? LB_FN(xsmm_kernel)(n, m, k, n, lda, ldc, false, beta)
                : LB_FN(xsmm_kernel)(m, n, k, m, ldb, m, false, 0);
    real *t = kernel ? lb_thread_scratch() : NULL;
    if (!t)
        return false;
    if (trans_b) {
        LB_FN(xsmm_transpose)(t, n, B, ldb, n, k);
        kernel(t, A, C);
    } else {
        real *ct = t + m * k;
        LB_FN(xsmm_transpose)(t, m, A, lda, m, k);
        kernel(t, B, ct);
        LB_FN(xsmm_transpose)(C, ldc, ct, m, n, m);
    }
    return true;
}

/* Runs the panel on libxsmm if it can; false if not. */
static bool LB_FN(xsmm_gemm)(enum CBLAS_TRANSPOSE ta,
                             enum CBLAS_TRANSPOSE tb, size_t m, size_t n,
                             size_t k, real alpha, const real *A, size_t lda,
                             const real *B, size_t ldb, real beta, real *C,
                             size_t ldc)
{
    if (alpha != 1 || (beta != 0 && beta != 1) || m == 0 || n == 0 ||
        (double)m * (double)n * (double)k > LB_XSMM_MAX_MNK)
        return false;
    if (tb == CblasTrans)
        return ta == CblasNoTrans && m >= LB_XSMM_NT_MIN_ROWS &&
               LB_FN(xsmm_gemm_nt)(m, n, k, A, lda, B, ldb, beta, C, ldc);
    /* Column-major C^T[n x m] = B^T[n x k] . op(A)^T[k x m], in blocks of
     * LB_XSMM_COLS columns of C and a narrower last one. */
    const bool trans_a = ta == CblasTrans;
    const size_t w = n < LB_XSMM_COLS ? n : LB_XSMM_COLS, tail = n % w;
    LB_XSMM_KERNEL body =
        LB_FN(xsmm_kernel)(w, m, k, ldb, lda, ldc, trans_a, beta);
    LB_XSMM_KERNEL edge =
        tail ? LB_FN(xsmm_kernel)(tail, m, k, ldb, lda, ldc, trans_a, beta)
             : body;
    if (!body || !edge)
        return false;
    for (size_t j = 0; j + w <= n; j += w)
        body(B + j, A, C + j);
    if (tail)
        edge(B + (n - tail), A, C + (n - tail));
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

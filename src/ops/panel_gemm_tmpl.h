/*
 * panel_gemm_tmpl.h - the multiply behind every panel of lb_gemm
 * (gemm_tmpl.c): one single-threaded GEMM on the build's backend,
 * libxsmm's JIT kernels where they beat the BLAS, the BLAS elsewhere
 * (panel_gemm_tmpl.c); for the precision of the source that includes it,
 * after <cblas.h>.
 */
#ifndef LB_PANEL_GEMM_TMPL_H
#define LB_PANEL_GEMM_TMPL_H

#include <cblas.h>
#include <stddef.h>

/* C[m x n] = alpha op(A) op(B) + beta C, row-major, the arguments of
 * cblas_?gemm (sizes >= 1 and <= INT_MAX), on the calling thread. Which
 * backend runs it depends on the arguments alone, never on the thread or
 * on earlier calls: the same call gives the same bits every time. */
void LB_FN(lb_panel_gemm)(enum CBLAS_TRANSPOSE ta, enum CBLAS_TRANSPOSE tb,
                          size_t m, size_t n, size_t k, real alpha,
                          const real *A, size_t lda, const real *B,
                          size_t ldb, real beta, real *C, size_t ldc);

#endif /* LB_PANEL_GEMM_TMPL_H */

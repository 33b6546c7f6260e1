/*
 * gemm_tmpl.h - every GEMM of layerblas, split by layerblas itself into
 * panels of C that depend on the shape alone, each one single-threaded
 * BLAS call on the pool (gemm_tmpl.c); for the precision of the source
 * that includes it, which includes <cblas.h> before precision_begin.h
 * (BLIS's cblas.h pulls in blis.h, which has a member named real).
 */
#ifndef LB_GEMM_TMPL_H
#define LB_GEMM_TMPL_H

#include <cblas.h>
#include <stddef.h>

/* C[M x N] = alpha op(A) op(B) + beta C, row-major, the arguments of
 * cblas_?gemm (checked by the caller: sizes >= 1 and <= INT_MAX). With
 * bias non-NULL, every row of C is first set to bias [N] and beta is taken
 * as 1: the bias rides in the GEMM, each panel filling its own block.
 * With relu_y non-NULL ([M x N], ld ldr: a ReLU's output), each panel
 * then passes its block through ReLU's backward while it is in cache:
 * C = C where relu_y > 0, 0 where relu_y <= 0, NaN where it is NaN.
 * relu_y may be C itself (ldr = ldc): that is ReLU's forward, C =
 * relu(C), bit for bit (the backward with y = dy keeps y > 0, zeroes
 * y <= 0 and passes NaN, as the forward does).
 * Every element of C comes from the same BLAS call, with the same
 * operands, whatever the thread count: bitwise the same results. */
void LB_FN(lb_gemm)(enum CBLAS_TRANSPOSE ta, enum CBLAS_TRANSPOSE tb,
                    size_t M, size_t N, size_t K, real alpha, const real *A,
                    size_t lda, const real *B, size_t ldb, const real *bias,
                    real beta, real *C, size_t ldc, const real *relu_y,
                    size_t ldr);

#endif /* LB_GEMM_TMPL_H */

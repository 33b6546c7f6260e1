/*
 * affine.c - the affine (fully connected) layer kernels, Y = X.W + b and its
 * backward, as cblas_?gemm calls; instantiated for double and float from
 * affine.inc.
 */
#include "internal.h"
#include "kernels.h"
#include "parallel.h"

#include <cblas.h>
#include <string.h>

/* Columns summed at once by the bias gradient: the double accumulators
 * stay on the stack and in L1 while the rows of dY stream by; blocks are
 * also what threads split. */
#define LB_COLSUM_BLOCK 256

/* LB_GEMV: for a batch of one row, OpenBLAS 0.3.21's gemv is about 10 %
 * faster than its gemm with n = 1 (X.W at 784x100: 8.5 vs 9.5 us; dY.W^T:
 * 7.8 vs 8.2 us), so the forward and dX use it there. dW stays a gemm:
 * ger, which needs dW cleared first, is slower (21 vs 17 us). */

#define LB_DOUBLE 1
#include "affine.inc"
#define LB_DOUBLE 0
#include "affine.inc"

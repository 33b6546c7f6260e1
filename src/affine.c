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

/* LB_NO_GEMV: a batch of one row stays on gemm. Measured with OpenBLAS
 * 0.3.21 at 784x100: alone on one thread, gemv is about 10 % faster
 * (X.W 8.3 vs 9.2 us, dY.W^T 7.8 vs 8.2 us; ger for dW is slower, 21 vs
 * 17 us), but in layerblas-bench's affine case the forward and backward
 * took the same time (36 us) both ways, and with two threads OpenBLAS
 * splits the gemv over its pool while it keeps so small a gemm on one
 * thread: the pass's median went from 41 us to 7 ms on a busy machine. */

#define LB_DOUBLE 1
#include "affine.inc"
#define LB_DOUBLE 0
#include "affine.inc"

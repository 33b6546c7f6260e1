/*
 * affine.c - the affine (fully connected) layer kernels, Y = X.W + b and its
 * backward, as cblas_?gemm calls; instantiated for double and float from
 * affine.inc.
 */
#include "internal.h"

#include <cblas.h>
#include <string.h>

/* Columns summed at once by the bias gradient: the double accumulators
 * stay on the stack and in L1 while the rows of dY stream by. */
#define LB_COLSUM_BLOCK 512

#define LB_DOUBLE 1
#include "affine.inc"
#define LB_DOUBLE 0
#include "affine.inc"

/*
 * relu.c - ReLU forward and backward; the backward reads the forward's
 * output as its mask, so no mask buffer exists and the caller's gradient is
 * never modified unless the caller asks for in place. Rows are split over
 * threads; the row loops are the dispatched kernels of kernels.h. Instantiated for
 * double and float from relu.inc.
 */
#include "internal.h"
#include "kernels.h"
#include "parallel.h"

#define LB_DOUBLE 1
#include "relu.inc"
#define LB_DOUBLE 0
#include "relu.inc"

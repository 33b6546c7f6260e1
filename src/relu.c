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

/* Outputs from this size on are written past the cache: they cannot stay
 * in it anyway (a 128 MiB ReLU, measured: 32 ms streamed, 50 ms stored,
 * memcpy 41 ms), while smaller ones are often read right back. */
#define LB_STREAM_BYTES ((size_t)64 << 20)

#define LB_DOUBLE 1
#include "relu.inc"
#define LB_DOUBLE 0
#include "relu.inc"

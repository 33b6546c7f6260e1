/*
 * softmax.c - row-wise softmax and log-softmax, forward and backward, each
 * row max-subtracted and the rows split over threads; instantiated for
 * double and float from softmax.inc.
 */
#include "internal.h"
#include "kernels.h"
#include "parallel.h"

#include <math.h>

#define LB_DOUBLE 1
#include "softmax.inc"
#define LB_DOUBLE 0
#include "softmax.inc"

/*
 * softmax.c - row-wise softmax and log-softmax, forward and backward, each
 * row max-subtracted; instantiated for double and float from softmax.inc.
 */
#include "internal.h"

#include <math.h>

#define LB_DOUBLE 1
#include "softmax.inc"
#define LB_DOUBLE 0
#include "softmax.inc"

/*
 * xent.c - cross-entropy and the fused softmax-with-loss, forward (loss,
 * probabilities and gradient out of one pass per row) and backward from
 * stored probabilities; instantiated for double and float from xent.inc.
 * The loss is log-sum-exp minus the target logit: exact, no epsilon; the
 * options (weights, smoothing, ignored rows) come from xent_target.inc.
 */
#include "internal.h"

#include <math.h>

#define LB_DOUBLE 1
#include "xent.inc"
#define LB_DOUBLE 0
#include "xent.inc"

/*
 * affine_xent.c - the fused output layer: affine map + softmax
 * cross-entropy against labels, forward and backward in one call, without
 * ever holding the n x c logits (classes in chunks, two sweeps);
 * instantiated for double and float from affine_xent.inc.
 */
#include "internal.h"

#include <cblas.h>
#include <math.h>
#include <stdalign.h>
#include <string.h>

/* What one row carries from the first sweep to the second. */
typedef struct lb_xent_row {
    double m;          /* running max of the logits */
    double ties, rest; /* exp-sum split as in rowwise.inc, relative to m */
    double wdev;       /* sum_j w_j (z_j - m), for label smoothing */
    double zt;         /* the label's logit */
} lb_xent_row;

#define LB_DOUBLE 1
#include "affine_xent.inc"
#define LB_DOUBLE 0
#include "affine_xent.inc"

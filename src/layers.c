/*
 * layers.c - the tutorial's classes (Affine, Relu, SoftmaxWithLoss) as layer
 * objects: state and ownership only, every number computed by a kernel.
 * Instantiated for double and float from layers.inc.
 */
#include "internal.h"

#include <stdlib.h>

#define LB_DOUBLE 1
#include "layers.inc"
#define LB_DOUBLE 0
#include "layers.inc"

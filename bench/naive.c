/*
 * naive.c - the baseline every layerblas kernel must beat by far: a plain
 * scalar C port of the tutorial's numpy layers (Affine, Relu,
 * SoftmaxWithLoss, the two-layer step), loops as a C programmer writes them
 * first, built at -O2 in a file of its own (see bench/meson.build);
 * instantiated for double and float from naive.inc.
 */
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define LB_DOUBLE 1
#include "naive.inc"
#define LB_DOUBLE 0
#include "naive.inc"

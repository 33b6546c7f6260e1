/*
 * finite.c - the optional non-finite check: the kernels propagate NaN and
 * inf by policy (see the header), and a caller who would rather get a
 * status than a NaN loss checks its inputs first with lb_check_finite_?.
 * Instantiated for double and float from finite.inc.
 */
#include "internal.h"


#define LB_DOUBLE 1
#include "finite.inc"
#define LB_DOUBLE 0
#include "finite.inc"

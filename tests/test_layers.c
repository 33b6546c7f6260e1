/* test_layers.c - the layer objects: the tutorial's two-layer walk-through
 * with its own numbers, the whole network's gradient by finite differences,
 * the probability-target form, and lifecycle errors. */
#include "testutil.h"

#define LB_DOUBLE 1
#include "test_layers.inc"
#define LB_DOUBLE 0
#include "test_layers.inc"

Suite *suite_layers(void)
{
    Suite *s = tu_suite("layers");
    TCase *tc = tu_tcase(s, "tutorial");
    TU_ADD(tc, test_layers_tutorial);
    tc = tu_tcase(s, "gradients");
    TU_ADD(tc, test_layers_gradient);
    tc = tu_tcase(s, "errors");
    TU_ADD(tc, test_layers_errors);
    return s;
}

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
    Suite *s = suite_create("layers");
    TCase *tc = tcase_create("tutorial");
    tcase_add_test(tc, test_layers_tutorial_d);
    tcase_add_test(tc, test_layers_tutorial_s);
    suite_add_tcase(s, tc);
    tc = tcase_create("gradients");
    tcase_add_test(tc, test_layers_gradient_d);
    tcase_add_test(tc, test_layers_gradient_s);
    suite_add_tcase(s, tc);
    tc = tcase_create("errors");
    tcase_add_test(tc, test_layers_errors_d);
    tcase_add_test(tc, test_layers_errors_s);
    suite_add_tcase(s, tc);
    return s;
}

/* test_affine.c - affine forward and backward: against a long-double
 * reference over a sweep of shapes with padded leading dimensions, bias and
 * no bias, overwrite and accumulate, optional outputs, gradients by finite
 * differences, and every bad argument. */
#include "testutil.h"

#define LB_DOUBLE 1
#include "test_affine.inc"
#define LB_DOUBLE 0
#include "test_affine.inc"

Suite *suite_affine(void)
{
    Suite *s = suite_create("affine");
    TCase *tc = tcase_create("shapes");
    tcase_add_loop_test(tc, test_affine_shapes_d, 0, TU_NSIZES);
    tcase_add_loop_test(tc, test_affine_shapes_s, 0, TU_NSIZES);
    suite_add_tcase(s, tc);
    tc = tcase_create("options");
    tcase_add_test(tc, test_affine_options_d);
    tcase_add_test(tc, test_affine_options_s);
    suite_add_tcase(s, tc);
    tc = tcase_create("gradients");
    tcase_add_test(tc, test_affine_gradient_d);
    tcase_add_test(tc, test_affine_gradient_s);
    suite_add_tcase(s, tc);
    tc = tcase_create("errors");
    tcase_add_test(tc, test_affine_errors_d);
    tcase_add_test(tc, test_affine_errors_s);
    suite_add_tcase(s, tc);
    return s;
}

/* test_relu.c - ReLU: against the definition on odd shapes with padded
 * leading dimensions, in place, the gradient by finite differences, NaN,
 * ReLU'(0) = 0, and every bad argument. */
#include "testutil.h"

#define LB_DOUBLE 1
#include "test_relu.inc"
#define LB_DOUBLE 0
#include "test_relu.inc"

Suite *suite_relu(void)
{
    Suite *s = suite_create("relu");
    TCase *tc = tcase_create("shapes");
    tcase_add_loop_test(tc, test_relu_shapes_d, 0, TU_NSIZES);
    tcase_add_loop_test(tc, test_relu_shapes_s, 0, TU_NSIZES);
    suite_add_tcase(s, tc);
    tc = tcase_create("numerics");
    tcase_add_test(tc, test_relu_special_d);
    tcase_add_test(tc, test_relu_special_s);
    suite_add_tcase(s, tc);
    tc = tcase_create("gradients");
    tcase_add_test(tc, test_relu_gradient_d);
    tcase_add_test(tc, test_relu_gradient_s);
    suite_add_tcase(s, tc);
    tc = tcase_create("errors");
    tcase_add_test(tc, test_relu_errors_d);
    tcase_add_test(tc, test_relu_errors_s);
    suite_add_tcase(s, tc);
    return s;
}

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
    Suite *s = tu_suite("relu");
    TCase *tc = tu_tcase(s, "shapes");
    TU_ADD_SIZES(tc, test_relu_shapes);
    tc = tu_tcase(s, "numerics");
    TU_ADD(tc, test_relu_special);
    tc = tu_tcase(s, "gradients");
    TU_ADD(tc, test_relu_gradient);
    tc = tu_tcase(s, "errors");
    TU_ADD(tc, test_relu_errors);
    return s;
}

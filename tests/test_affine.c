/* test_affine.c - affine forward and backward: against a long-double
 * reference over a sweep of shapes with padded leading dimensions, bias and
 * no bias, overwrite and accumulate, optional outputs, gradients by finite
 * differences, and every bad argument; the fused forward through a ReLU
 * against the two calls; the SGD form against the unfused backward, ReLU
 * backward and update. */
#include "testutil.h"

#define LB_DOUBLE 1
#include "test_affine.inc"
#define LB_DOUBLE 0
#include "test_affine.inc"

Suite *suite_affine(void)
{
    Suite *s = tu_suite("affine");
    TCase *tc = tu_tcase(s, "shapes");
    TU_ADD_SIZES(tc, test_affine_shapes);
    TU_ADD_SIZES(tc, test_affine_relu_forward);
    tc = tu_tcase(s, "options");
    TU_ADD(tc, test_affine_options);
    tc = tu_tcase(s, "gradients");
    TU_ADD(tc, test_affine_gradient);
    tc = tu_tcase(s, "errors");
    TU_ADD(tc, test_affine_errors);
    TU_ADD(tc, test_affine_sgd_errors);
    tc = tu_tcase(s, "sgd");
    TU_ADD_SIZES(tc, test_affine_sgd);
    return s;
}

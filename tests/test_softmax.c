/* test_softmax.c - softmax and log-softmax, forward and backward: against a
 * long-double reference over a sweep of shapes, in place, logits that
 * overflow a max-less exp, the non-finite policy, gradients by finite
 * differences, and bad arguments. */
#include "testutil.h"

#define LB_DOUBLE 1
#include "test_softmax.inc"
#define LB_DOUBLE 0
#include "test_softmax.inc"

Suite *suite_softmax(void)
{
    Suite *s = tu_suite("softmax");
    TCase *tc = tu_tcase(s, "shapes");
    TU_ADD_SIZES(tc, test_softmax_shapes);
    tc = tu_tcase(s, "numerics");
    TU_ADD(tc, test_softmax_extreme);
    tc = tu_tcase(s, "gradients");
    TU_ADD(tc, test_softmax_gradient);
    tc = tu_tcase(s, "errors");
    TU_ADD(tc, test_softmax_errors);
    return s;
}

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
    Suite *s = suite_create("softmax");
    TCase *tc = tcase_create("shapes");
    tcase_add_loop_test(tc, test_softmax_shapes_d, 0, TU_NSIZES);
    tcase_add_loop_test(tc, test_softmax_shapes_s, 0, TU_NSIZES);
    suite_add_tcase(s, tc);
    tc = tcase_create("numerics");
    tcase_add_test(tc, test_softmax_extreme_d);
    tcase_add_test(tc, test_softmax_extreme_s);
    suite_add_tcase(s, tc);
    tc = tcase_create("gradients");
    tcase_add_test(tc, test_softmax_gradient_d);
    tcase_add_test(tc, test_softmax_gradient_s);
    suite_add_tcase(s, tc);
    tc = tcase_create("errors");
    tcase_add_test(tc, test_softmax_errors_d);
    tcase_add_test(tc, test_softmax_errors_s);
    suite_add_tcase(s, tc);
    return s;
}

/* test_xent.c - cross-entropy and the fused softmax-with-loss: loss,
 * probabilities and gradient against a long-double reference for every
 * reduction and both target forms, the accuracy of confident rows, the
 * non-finite policy, gradients by finite differences, and bad arguments. */
#include "testutil.h"

#define LB_DOUBLE 1
#include "test_xent.inc"
#define LB_DOUBLE 0
#include "test_xent.inc"

Suite *suite_xent(void)
{
    Suite *s = suite_create("xent");
    TCase *tc = tcase_create("shapes");
    tcase_add_loop_test(tc, test_xent_labels_shapes_d, 0, TU_NSIZES);
    tcase_add_loop_test(tc, test_xent_labels_shapes_s, 0, TU_NSIZES);
    tcase_add_loop_test(tc, test_xent_probs_shapes_d, 0, TU_NSIZES);
    tcase_add_loop_test(tc, test_xent_probs_shapes_s, 0, TU_NSIZES);
    tcase_add_test(tc, test_cross_entropy_d);
    tcase_add_test(tc, test_cross_entropy_s);
    suite_add_tcase(s, tc);
    tc = tcase_create("numerics");
    tcase_add_test(tc, test_xent_extreme_d);
    tcase_add_test(tc, test_xent_extreme_s);
    tcase_add_test(tc, test_xent_confident_d);
    tcase_add_test(tc, test_xent_confident_s);
    suite_add_tcase(s, tc);
    tc = tcase_create("gradients");
    tcase_add_test(tc, test_xent_gradient_d);
    tcase_add_test(tc, test_xent_gradient_s);
    suite_add_tcase(s, tc);
    tc = tcase_create("errors");
    tcase_add_test(tc, test_xent_errors_d);
    tcase_add_test(tc, test_xent_errors_s);
    suite_add_tcase(s, tc);
    return s;
}

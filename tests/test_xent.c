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
    Suite *s = tu_suite("xent");
    TCase *tc = tu_tcase(s, "shapes");
    TU_ADD_SIZES(tc, test_xent_labels_shapes);
    TU_ADD_SIZES(tc, test_xent_probs_shapes);
    TU_ADD(tc, test_cross_entropy);
    tc = tu_tcase(s, "numerics");
    TU_ADD(tc, test_xent_extreme);
    TU_ADD(tc, test_xent_pairs);
    TU_ADD(tc, test_xent_confident);
    tc = tu_tcase(s, "gradients");
    TU_ADD(tc, test_xent_gradient);
    tc = tu_tcase(s, "errors");
    TU_ADD(tc, test_xent_errors);
    return s;
}

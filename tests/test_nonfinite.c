/* test_nonfinite.c - the header's policy for NaN and +-inf, kernel by
 * kernel: NaN propagates to the rows and the loss that depend on it and
 * nowhere else, a +inf logit or a row of only -inf gives a NaN row, -inf
 * on the target class gives a loss of +inf; and lb_check_finite_?, the
 * optional check mode. */
#include "testutil.h"

#include <float.h>
#include <string.h>

/* The rows of logits of the softmax and fused tests (see there). */
enum { NF_N = 6, NF_C = 4 };

#define LB_DOUBLE 1
#include "test_nonfinite.inc"
#define LB_DOUBLE 0
#include "test_nonfinite.inc"

Suite *suite_nonfinite(void)
{
    Suite *s = tu_suite("nonfinite");
    TCase *tc = tu_tcase(s, "numerics");
    tcase_add_test(tc, test_nonfinite_softmax_d);
    tcase_add_test(tc, test_nonfinite_softmax_s);
    tcase_add_test(tc, test_nonfinite_fused_d);
    tcase_add_test(tc, test_nonfinite_fused_s);
    tcase_add_test(tc, test_nonfinite_xent_d);
    tcase_add_test(tc, test_nonfinite_xent_s);
    tcase_add_test(tc, test_nonfinite_relu_d);
    tcase_add_test(tc, test_nonfinite_relu_s);
    tcase_add_test(tc, test_nonfinite_affine_d);
    tcase_add_test(tc, test_nonfinite_affine_s);
    tcase_add_test(tc, test_check_finite_d);
    tcase_add_test(tc, test_check_finite_s);
    return s;
}

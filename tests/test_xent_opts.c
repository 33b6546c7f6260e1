/* test_xent_opts.c - the options of the cross-entropy kernels (reductions,
 * ignore_index, label smoothing, class weights, the all -inf row policy),
 * both target forms, fused forward and backward and the plain
 * cross-entropy of probabilities: against a long-double reference, by
 * central finite differences, on extreme rows, and bad options. */
#include "testutil.h"

#include <stdbool.h>
#include <string.h>

/* One combination of options; weighted cases use weights in [0.25, 2]
 * with class 1 weighing exactly 0. */
typedef struct xo_case {
    lb_reduction red;
    bool ignore;
    int32_t ignore_index;
    double eps;
    bool weighted;
} xo_case;

static const xo_case xo_cases[] = {
    {LB_REDUCE_MEAN, false, 0, 0, false},
    {LB_REDUCE_SUM, false, 0, 0, false},
    {LB_REDUCE_NONE, false, 0, 0, false},
    {LB_REDUCE_MEAN, true, -100, 0, false},
    {LB_REDUCE_MEAN, true, 2, 0, false},
    {LB_REDUCE_MEAN, false, 0, 0.1, false},
    {LB_REDUCE_SUM, false, 0, 1, false},
    {LB_REDUCE_MEAN, false, 0, 0, true},
    {LB_REDUCE_NONE, false, 0, 0.3, true},
    {LB_REDUCE_MEAN, true, -100, 0.2, true},
    {LB_REDUCE_SUM, true, 3, 0.05, true},
};
#define XO_NCASES (sizeof xo_cases / sizeof xo_cases[0])

#define LB_DOUBLE 1
#include "test_xent_opts.inc"
#define LB_DOUBLE 0
#include "test_xent_opts.inc"

Suite *suite_xent_opts(void)
{
    Suite *s = suite_create("xent_opts");
    TCase *tc = tcase_create("numerics");
    tcase_add_loop_test(tc, test_xo_reference_d, 0, XO_NCASES);
    tcase_add_loop_test(tc, test_xo_reference_s, 0, XO_NCASES);
    tcase_add_test(tc, test_xo_defaults_d);
    tcase_add_test(tc, test_xo_defaults_s);
    tcase_add_test(tc, test_xo_ignored_rows_d);
    tcase_add_test(tc, test_xo_ignored_rows_s);
    tcase_add_test(tc, test_xo_confident_d);
    tcase_add_test(tc, test_xo_confident_s);
    tcase_add_test(tc, test_xo_inf_rows_d);
    tcase_add_test(tc, test_xo_inf_rows_s);
    tcase_add_test(tc, test_xo_layer_d);
    tcase_add_test(tc, test_xo_layer_s);
    suite_add_tcase(s, tc);
    tc = tcase_create("gradients");
    tcase_add_loop_test(tc, test_xo_gradient_d, 0, XO_NCASES);
    tcase_add_loop_test(tc, test_xo_gradient_s, 0, XO_NCASES);
    suite_add_tcase(s, tc);
    tc = tcase_create("errors");
    tcase_add_test(tc, test_xo_errors_d);
    tcase_add_test(tc, test_xo_errors_s);
    suite_add_tcase(s, tc);
    return s;
}

/* test_xent_opts.c - the options of the cross-entropy kernels (reductions,
 * ignore_index, label smoothing, class weights, the all -inf row policy),
 * both target forms, fused forward and backward and the plain
 * cross-entropy of probabilities: against a long-double reference, by
 * central finite differences, on extreme rows, and bad options. */
#include "testutil.h"

#include <string.h>

/* The option combinations swept; weighted cases use weights in [0.25, 2]
 * with class 1 weighing exactly 0. */
static const tu_xent_case xo_cases[] = {
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

/* The loop tests over the option cases, both precisions. */
#define XO_ADD_CASES(tc, name)                                               \
    do {                                                                     \
        tcase_add_loop_test(tc, name##_d, 0, (int)XO_NCASES);                \
        tcase_add_loop_test(tc, name##_s, 0, (int)XO_NCASES);                \
    } while (0)

Suite *suite_xent_opts(void)
{
    Suite *s = tu_suite("xent_opts");
    TCase *tc = tu_tcase(s, "numerics");
    XO_ADD_CASES(tc, test_xo_reference);
    TU_ADD(tc, test_xo_defaults);
    TU_ADD(tc, test_xo_ignored_rows);
    TU_ADD(tc, test_xo_confident);
    TU_ADD(tc, test_xo_many_classes);
    TU_ADD(tc, test_xo_unused_weight);
    TU_ADD(tc, test_xo_inf_rows);
    TU_ADD(tc, test_xo_layer);
    tc = tu_tcase(s, "gradients");
    XO_ADD_CASES(tc, test_xo_gradient);
    tc = tu_tcase(s, "errors");
    TU_ADD(tc, test_xo_errors);
    return s;
}

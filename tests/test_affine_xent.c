/* test_affine_xent.c - the fused affine + softmax cross-entropy: the same
 * loss and gradients as affine forward + softmax-with-loss + affine
 * backward over shapes, chunk widths (1, odd, c, > c, default) and options;
 * the gradients by central finite differences; ignored rows, confident
 * rows, accumulation, partial outputs, the workspace query and every bad
 * argument. */
#include "testutil.h"

#include <stdbool.h>
#include <string.h>

/* Options compared against the unfused path; weighted cases use weights
 * in [0.25, 2] with class 1 weighing 0. */
typedef struct xa_case {
    lb_reduction red;
    bool ignore;
    int32_t ignore_index;
    double eps;
    bool weighted;
} xa_case;

static const xa_case xa_cases[] = {
    {LB_REDUCE_MEAN, false, 0, 0, false},
    {LB_REDUCE_SUM, false, 0, 0, false},
    {LB_REDUCE_NONE, false, 0, 0, false},
    {LB_REDUCE_MEAN, true, -100, 0, false},
    {LB_REDUCE_SUM, true, 2, 0.1, true},
    {LB_REDUCE_MEAN, false, 0, 0.2, true},
};
#define XA_NCASES (sizeof xa_cases / sizeof xa_cases[0])

/* n, k, c */
static const size_t xa_shapes[][3] = {
    {1, 1, 1}, {1, 3, 5}, {7, 5, 13}, {33, 17, 100}, {64, 9, 257}};
#define XA_NSHAPES (sizeof xa_shapes / sizeof xa_shapes[0])

#define LB_DOUBLE 1
#include "test_affine_xent.inc"
#define LB_DOUBLE 0
#include "test_affine_xent.inc"

Suite *suite_affine_xent(void)
{
    Suite *s = suite_create("affine_xent");
    TCase *tc = tcase_create("shapes");
    tcase_add_loop_test(tc, test_xa_unfused_d, 0, XA_NSHAPES);
    tcase_add_loop_test(tc, test_xa_unfused_s, 0, XA_NSHAPES);
    suite_add_tcase(s, tc);
    tc = tcase_create("numerics");
    tcase_add_test(tc, test_xa_ignored_d);
    tcase_add_test(tc, test_xa_ignored_s);
    tcase_add_test(tc, test_xa_confident_d);
    tcase_add_test(tc, test_xa_confident_s);
    tcase_add_test(tc, test_xa_outputs_d);
    tcase_add_test(tc, test_xa_outputs_s);
    suite_add_tcase(s, tc);
    tc = tcase_create("gradients");
    tcase_add_test(tc, test_xa_gradient_d);
    tcase_add_test(tc, test_xa_gradient_s);
    suite_add_tcase(s, tc);
    tc = tcase_create("errors");
    tcase_add_test(tc, test_xa_errors_d);
    tcase_add_test(tc, test_xa_errors_s);
    tcase_add_test(tc, test_xa_workspace_d);
    tcase_add_test(tc, test_xa_workspace_s);
    suite_add_tcase(s, tc);
    return s;
}

/* test_affine_xent.c - the fused affine + softmax cross-entropy: the same
 * loss and gradients as affine forward + softmax-with-loss + affine
 * backward over shapes, chunk widths (1, odd, c, > c, default) and options;
 * the gradients by central finite differences; ignored rows, confident
 * rows, accumulation, partial outputs, the workspace query and every bad
 * argument. */
#include "testutil.h"

#include <string.h>

/* Options compared against the unfused path; weighted cases use weights
 * in [0.25, 2] with class 1 weighing 0. */
static const tu_xent_case xa_cases[] = {
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
    Suite *s = tu_suite("affine_xent");
    TCase *tc = tu_tcase(s, "shapes");
    tcase_add_loop_test(tc, test_xa_unfused_d, 0, (int)XA_NSHAPES);
    tcase_add_loop_test(tc, test_xa_unfused_s, 0, (int)XA_NSHAPES);
    tc = tu_tcase(s, "numerics");
    TU_ADD(tc, test_xa_ignored);
    TU_ADD(tc, test_xa_confident);
    TU_ADD(tc, test_xa_outputs);
    tc = tu_tcase(s, "gradients");
    TU_ADD(tc, test_xa_gradient);
    tc = tu_tcase(s, "errors");
    TU_ADD(tc, test_xa_errors);
    TU_ADD(tc, test_xa_workspace);
    return s;
}

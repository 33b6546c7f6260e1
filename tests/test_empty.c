/* test_empty.c - an empty batch (n = 0 rows): every call that takes a
 * batch succeeds with NULL for its n-row buffers, writes none of them,
 * gives a loss sum of 0 and a mean of NaN (PyTorch's empty reductions),
 * and weight and bias gradients of 0 (beta times the old ones); the other
 * arguments are still checked. */
#include "testutil.h"

#include <math.h>
#include <string.h>

/* Classes and features of the calls. */
enum { TE_C = 5, TE_K = 3 };

#define LB_DOUBLE 1
#include "test_empty.inc"
#define LB_DOUBLE 0
#include "test_empty.inc"

Suite *suite_empty(void)
{
    Suite *s = tu_suite("empty");
    TCase *tc = tu_tcase(s, "rows");
    TU_ADD(tc, test_empty_rowwise);
    tc = tu_tcase(s, "losses");
    TU_ADD(tc, test_empty_losses);
    tc = tu_tcase(s, "gradients");
    TU_ADD(tc, test_empty_gradients);
    tc = tu_tcase(s, "objects");
    TU_ADD(tc, test_empty_objects);
    tc = tu_tcase(s, "errors");
    TU_ADD(tc, test_empty_errors);
    return s;
}

/* test_determinism.c - the determinism contract: every kernel that layerblas
 * itself splits over threads gives bitwise the same outputs with 1, 2 and
 * 3 threads, on shapes large enough that the split happens. */
#include "testutil.h"

#include <string.h>

#if defined(LB_BLAS_OPENBLAS)
#include <cblas.h>
#endif

/* Rows and columns: enough elements for three threads (parallel.h), and
 * neither a multiple of a vector width nor of the chunk count. */
enum { TU_TN = 1801, TU_TC = 907 };
#define TU_TLEN ((size_t)TU_TN * TU_TC)

/* Holds the BLAS's own threads at one, after lb_set_num_threads() set
 * them: only OpenBLAS has a pool it resizes. */
static void tu_blas_serial(void)
{
#if defined(LB_BLAS_OPENBLAS)
    openblas_set_num_threads(1);
#endif
}

#define LB_DOUBLE 1
#include "test_determinism.inc"
#define LB_DOUBLE 0
#include "test_determinism.inc"

Suite *suite_determinism(void)
{
    Suite *s = tu_suite("determinism");
    /* A case per kernel family and precision: each runs 1, 2 and 3
     * threads on shapes large enough to split, the costliest cases of the
     * suite, so each stays well inside its budget on a busy machine. */
    tcase_add_test(tu_tcase_threads(s, "rowwise_d"), test_threads_rowwise_d);
    tcase_add_test(tu_tcase_threads(s, "rowwise_s"), test_threads_rowwise_s);
    tcase_add_test(tu_tcase_threads(s, "xent_d"), test_threads_xent_d);
    tcase_add_test(tu_tcase_threads(s, "xent_s"), test_threads_xent_s);
    tcase_add_test(tu_tcase_threads(s, "xent_short_d"),
                   test_threads_xent_short_d);
    tcase_add_test(tu_tcase_threads(s, "xent_short_s"),
                   test_threads_xent_short_s);
    tcase_add_test(tu_tcase_threads(s, "bias_d"), test_threads_bias_d);
    tcase_add_test(tu_tcase_threads(s, "bias_s"), test_threads_bias_s);
    tcase_add_test(tu_tcase_threads(s, "affine_xent_d"),
                   test_threads_affine_xent_d);
    tcase_add_test(tu_tcase_threads(s, "affine_xent_s"),
                   test_threads_affine_xent_s);
    return s;
}

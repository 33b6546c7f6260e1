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
    Suite *s = suite_create("determinism");
    TCase *tc = tu_tcase(s, "determinism");
    TU_ADD(tc, test_threads_rowwise);
    TU_ADD(tc, test_threads_xent);
    TU_ADD(tc, test_threads_bias);
    TU_ADD(tc, test_threads_affine_xent);
    return s;
}

/* test_determinism.c - the determinism contract: every kernel, the GEMMs
 * included, and an epoch of lb_net training give bitwise the same outputs
 * with 1, 2 and 3 threads, on shapes large enough that the split
 * happens. */
#include "testutil.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#if defined(LB_BLAS_OPENBLAS)
#include <cblas.h>
#endif

/* Rows and columns: enough elements for three threads (parallel.h), and
 * neither a multiple of a vector width nor of the chunk count. */
enum { TU_TN = 1801, TU_TC = 907 };
#define TU_TLEN ((size_t)TU_TN * TU_TC)

/* Training samples of the epoch test (784 features each). */
enum { TU_EPOCH_SAMPLES = 640 };

/* Whether the run caps its sizes (LB_TEST_MAX_SIZE, the valgrind setup):
 * the GEMM and training cases then take shapes that still split, at a
 * tenth of the work, since memcheck runs a GEMM some hundred times slower
 * and the full shapes took it minutes. */
static bool tu_capped(void)
{
    return getenv("LB_TEST_MAX_SIZE") != NULL;
}

/* Sets the BLAS's own pool, as a program calling OpenBLAS itself might:
 * only OpenBLAS has one to set. */
static void tu_blas_threads(int n)
{
#if defined(LB_BLAS_OPENBLAS)
    openblas_set_num_threads(n);
#else
    (void)n;
#endif
}

/* Whether two files hold the same bytes. */
static bool tu_same_file(const char *a, const char *b)
{
    FILE *fa = fopen(a, "rb"), *fb = fopen(b, "rb");
    bool same = fa && fb;
    while (same) {
        int ca = getc(fa), cb = getc(fb);
        same = ca == cb;
        if (ca == EOF)
            break;
    }
    if (fa)
        fclose(fa);
    if (fb)
        fclose(fb);
    return same;
}

#define LB_DOUBLE 1
#include "test_determinism.inc"
#define LB_DOUBLE 0
#include "test_determinism.inc"

/* The double and the float case of test_threads_<family>, each its own
 * tcase named <family>_d and <family>_s. */
#define TU_ADD_FAMILY(s, family)                                             \
    do {                                                                     \
        tcase_add_test(tu_tcase_threads(s, #family "_d"),                    \
                       test_threads_##family##_d);                           \
        tcase_add_test(tu_tcase_threads(s, #family "_s"),                    \
                       test_threads_##family##_s);                           \
    } while (0)

Suite *suite_determinism(void)
{
    Suite *s = tu_suite("determinism");
    /* A case per kernel family and precision: each runs 1, 2 and 3
     * threads on shapes large enough to split, the costliest cases of the
     * suite, so each stays well inside its budget on a busy machine. */
    TU_ADD_FAMILY(s, rowwise);
    TU_ADD_FAMILY(s, xent);
    TU_ADD_FAMILY(s, xent_short);
    TU_ADD_FAMILY(s, xent_mid);
    TU_ADD_FAMILY(s, bias);
    TU_ADD_FAMILY(s, affine_xent);
    TU_ADD_FAMILY(s, affine);
    TU_ADD_FAMILY(s, training);
    return s;
}

/* test_blas_info.c - lb_get_blas_info: every field is filled, the BLAS's
 * own thread count stays 1 whatever lb_set_num_threads() says (layerblas
 * threads its GEMMs itself) where the BLAS reports one, the GEMM panels'
 * backend is the build's, and a NULL argument is a status. */
#include "testutil.h"

#include <string.h>

#if defined(LB_BLAS_OPENBLAS)
#include <cblas.h>
#endif

START_TEST(test_blas_info_fields)
{
    lb_blas_info info;
    memset(&info, 0xff, sizeof info);
    ck_assert_int_eq(lb_get_blas_info(&info), LB_OK);
    ck_assert_ptr_nonnull(info.name);
    ck_assert_ptr_nonnull(info.config);
    ck_assert_ptr_nonnull(info.core);
    ck_assert(info.name[0] && info.config[0] && info.core[0]);
    ck_assert_int_ge(info.threads, 0);
#if defined(LB_BLAS_OPENBLAS)
    ck_assert_str_eq(info.name, "OpenBLAS");
    ck_assert_str_ne(info.core, "unknown");
    ck_assert_int_ge(info.threads, 1);
#else
    ck_assert_str_eq(info.core, "unknown");
    ck_assert_int_eq(info.threads, 0);
#endif
}
END_TEST

/* The BLAS's own pool stays at one thread, also after a caller changed
 * it: layerblas puts it back. */
START_TEST(test_blas_info_threads)
{
    static const int counts[] = {1, 2, 3, 1};
#if defined(LB_BLAS_OPENBLAS)
    openblas_set_num_threads(2);
#endif
    for (size_t i = 0; i < sizeof counts / sizeof counts[0];
         i++) { /* cases: thread counts */
        lb_blas_info info;
        ck_assert_int_eq(lb_set_num_threads(counts[i]), LB_OK);
        ck_assert_int_eq(lb_get_blas_info(&info), LB_OK);
#if defined(LB_BLAS_OPENBLAS)
        ck_assert_int_eq(info.threads, 1);
#else
        ck_assert_int_eq(info.threads, 0);
#endif
    }
    ck_assert_int_eq(lb_set_num_threads(0), LB_OK);
}
END_TEST

/* The panels' backend is the one meson configured. */
START_TEST(test_blas_info_gemm_backend)
{
    ck_assert_str_eq(lb_get_gemm_backend(), LB_XSMM ? "libxsmm" : "blas");
}
END_TEST

START_TEST(test_blas_info_errors)
{
    ck_assert_int_eq(lb_get_blas_info(NULL), LB_ERR_NULL);
}
END_TEST

Suite *suite_blas_info(void)
{
    Suite *s = tu_suite("blas_info");
    TCase *tc = tu_tcase(s, "fields");
    tcase_add_test(tc, test_blas_info_fields);
    tcase_add_test(tc, test_blas_info_threads);
    tcase_add_test(tc, test_blas_info_gemm_backend);
    tcase_add_test(tu_tcase(s, "errors"), test_blas_info_errors);
    return s;
}

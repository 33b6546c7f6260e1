/* test_version.c - what a build reports about itself: lb_get_version() is the
 * project version and agrees with lb_get_version_number(); lb_get_blas_name() is
 * the configured CBLAS, and the CBLAS actually loaded is that one (on
 * Debian the generic libblas.so.3 is an alternative that may be OpenBLAS
 * whatever the build asked for). LB_TEST_VERSION and LB_TEST_BLAS come
 * from tests/meson.build. */
#define _GNU_SOURCE /* dladdr */
#include "testutil.h"

#include <dlfcn.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

START_TEST(test_version_string)
{
    unsigned major, minor, patch;
    char end;
    ck_assert_str_eq(lb_get_version(), LB_TEST_VERSION);
    ck_assert_int_eq(sscanf(lb_get_version(), "%u.%u.%u%c", &major, &minor,
                            &patch, &end), 3);
    ck_assert_uint_eq(lb_get_version_number(),
                      major * 10000u + minor * 100u + patch);
}
END_TEST

START_TEST(test_blas_name)
{
    ck_assert_str_eq(lb_get_blas_name(), LB_TEST_BLAS);
}
END_TEST

/* After a GEMM through the library (which also makes a static link pull
 * in the BLAS), the file that defines the cblas_dgemm it bound to,
 * resolved through symlinks and alternatives, names the configured
 * library; the reference CBLAS is whatever is none of the optimised ones. */
START_TEST(test_blas_loaded)
{
    static const char *const optimised[] = {"openblas", "blis", "mkl",
                                            "atlas"};
    const double x = 2, w = 3;
    double y = 0;
    ck_assert_int_eq(lb_affine_forward_d(1, 1, 1, &x, 1, &w, 1, NULL, &y, 1),
                     LB_OK);
    ck_assert(y == 6);
    Dl_info info;
    void *dgemm = dlsym(RTLD_DEFAULT, "cblas_dgemm");
    ck_assert_ptr_nonnull(dgemm);
    ck_assert_int_ne(dladdr(dgemm, &info), 0);
    char *path = realpath(info.dli_fname, NULL);
    ck_assert_ptr_nonnull(path);
    for (size_t i = 0; i < sizeof optimised / sizeof optimised[0];
         i++) { /* cases: optimised BLAS names */
        bool named = strstr(path, optimised[i]) != NULL;
        bool wanted = strcmp(lb_get_blas_name(), optimised[i]) == 0;
        ck_assert_msg(named == wanted, "cblas_dgemm comes from %s with %s "
                      "configured", path, lb_get_blas_name());
    }
    free(path);
}
END_TEST

Suite *suite_version(void)
{
    Suite *s = tu_suite("version");
    TCase *tc = tu_tcase(s, "build");
    tcase_add_test(tc, test_version_string);
    tcase_add_test(tc, test_blas_name);
    tcase_add_test(tc, test_blas_loaded);
    return s;
}

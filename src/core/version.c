/*
 * version.c - what this build of layerblas is: its version, the CBLAS
 * it was configured with and whether libxsmm runs the small GEMM panels,
 * all set by meson (meson.build, src/meson.build), so the
 * library reports what was built rather than what a header claims.
 */
#include "internal.h"

_Static_assert(LB_VERSION_MINOR < 100 && LB_VERSION_PATCH < 100,
               "lb_get_version_number() packs minor and patch in two "
               "digits each");

const char *lb_get_version(void)
{
    return LB_VERSION_STRING;
}

unsigned lb_get_version_number(void)
{
    return LB_VERSION_MAJOR * 10000u + LB_VERSION_MINOR * 100u +
           LB_VERSION_PATCH;
}

const char *lb_get_blas_name(void)
{
    return LB_BLAS_NAME;
}

const char *lb_get_gemm_backend(void)
{
    return LB_XSMM ? "libxsmm" : "blas";
}

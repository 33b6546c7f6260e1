/*
 * xsmm_absent.c - libxsmm's dispatch as a build without a kernel would
 * answer it, for test_nomem: with its allocator wrapped (-Wl,--wrap) that
 * program cannot link Debian's libxsmm.a (its weak, hidden __real_free
 * resolves to a hidden free), and libxsmm's own allocations would count
 * among the library's. Every panel there runs on the CBLAS.
 */
#include <libxsmm.h>

libxsmm_smmfunction libxsmm_smmdispatch(
    libxsmm_blasint m, libxsmm_blasint n, libxsmm_blasint k,
    const libxsmm_blasint *lda, const libxsmm_blasint *ldb,
    const libxsmm_blasint *ldc, const float *alpha, const float *beta,
    const int *flags, const int *prefetch)
{
    (void)m, (void)n, (void)k, (void)lda, (void)ldb, (void)ldc;
    (void)alpha, (void)beta, (void)flags, (void)prefetch;
    return NULL;
}

libxsmm_dmmfunction libxsmm_dmmdispatch(
    libxsmm_blasint m, libxsmm_blasint n, libxsmm_blasint k,
    const libxsmm_blasint *lda, const libxsmm_blasint *ldb,
    const libxsmm_blasint *ldc, const double *alpha, const double *beta,
    const int *flags, const int *prefetch)
{
    (void)m, (void)n, (void)k, (void)lda, (void)ldb, (void)ldc;
    (void)alpha, (void)beta, (void)flags, (void)prefetch;
    return NULL;
}

/* Never reached: a transpose only precedes a kernel. */
void libxsmm_otrans(void *out, const void *in, unsigned int typesize,
                    libxsmm_blasint m, libxsmm_blasint n, libxsmm_blasint ldi,
                    libxsmm_blasint ldo)
{
    (void)out, (void)in, (void)typesize, (void)m, (void)n, (void)ldi;
    (void)ldo;
}

/*
 * xsmm_absent.c - libxsmm's dispatch as a build without a kernel would
 * answer it, for test_nomem: with its allocator wrapped (-Wl,--wrap) that
 * program cannot link Debian's libxsmm.a (its weak, hidden __real_free
 * resolves to a hidden free), and libxsmm's own allocations would count
 * among the library's. Every panel there runs on the CBLAS.
 */
#include <libxsmm.h>

/* libxsmm_<p>mmdispatch for the element type t: no kernel. */
#define XSMM_ABSENT(p, t)                                                    \
    libxsmm_##p##mmfunction libxsmm_##p##mmdispatch(                         \
        libxsmm_blasint m, libxsmm_blasint n, libxsmm_blasint k,             \
        const libxsmm_blasint *lda, const libxsmm_blasint *ldb,              \
        const libxsmm_blasint *ldc, const t *alpha, const t *beta,           \
        const int *flags, const int *prefetch)                               \
    {                                                                        \
        (void)m, (void)n, (void)k, (void)lda, (void)ldb, (void)ldc;          \
        (void)alpha, (void)beta, (void)flags, (void)prefetch;                \
        return NULL;                                                         \
    }

XSMM_ABSENT(s, float)
XSMM_ABSENT(d, double)

/* Never reached: a transpose only precedes a kernel. */
void libxsmm_otrans(void *out, const void *in, unsigned int typesize,
                    libxsmm_blasint m, libxsmm_blasint n, libxsmm_blasint ldi,
                    libxsmm_blasint ldo)
{
    (void)out, (void)in, (void)typesize, (void)m, (void)n, (void)ldi;
    (void)ldo;
}

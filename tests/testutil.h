/*
 * testutil.h - what every test file shares: a seeded PRNG, and per
 * precision (testutil.inc, instantiated through precision_begin.h like the
 * library) buffers with canary padding and a relative-tolerance compare
 * that names the first mismatch.
 */
#ifndef LB_TESTUTIL_H
#define LB_TESTUTIL_H

#include "layerblas.h"

#include <check.h>
#include <limits.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* splitmix64: tiny, seedable, good enough for test data. */
typedef struct tu_rng {
    uint64_t s;
} tu_rng;

static inline uint64_t tu_next(tu_rng *r)
{
    uint64_t z = (r->s += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

/* Uniform in [lo, hi). */
static inline double tu_unif(tu_rng *r, double lo, double hi)
{
    return lo + (hi - lo) * (double)(tu_next(r) >> 11) * 0x1p-53;
}

/* A zeroed long double reference array of n elements. */
static inline long double *tu_ref_new(size_t n)
{
    long double *p = calloc(n ? n : 1, sizeof *p);
    ck_assert_ptr_nonnull(p);
    return p;
}

/* A value that no kernel produces by accident: padding and untouched
 * outputs must still hold it after a call. */
#define TU_CANARY (-12345.0)

/* Shapes the sweeps run over: 1, primes, and around vector widths and
 * the library's blocks. */
static const size_t tu_sizes[] = {1, 2, 3, 7, 8, 9, 15, 16, 17, 31, 33, 64,
                                  100, 257, 513, 1000};
#define TU_NSIZES (sizeof tu_sizes / sizeof tu_sizes[0])

/* START_TEST for a name built by LB_FN(): the extra level lets the name
 * expand before Check pastes onto it. */
#define TU_TEST(name) START_TEST(name)

/* Adds the double and the float instance of a templated test to tc; the
 * _SIZES form runs it once per entry of tu_sizes (as _i). */
#define TU_ADD(tc, name)                                                     \
    do {                                                                     \
        tcase_add_test(tc, name##_d);                                        \
        tcase_add_test(tc, name##_s);                                        \
    } while (0)
#define TU_ADD_SIZES(tc, name)                                               \
    do {                                                                     \
        tcase_add_loop_test(tc, name##_d, 0, tu_nsizes());                   \
        tcase_add_loop_test(tc, name##_s, 0, tu_nsizes());                   \
    } while (0)

/* The sweeps' length: all of tu_sizes, or the sizes up to
 * LB_TEST_MAX_SIZE when set (the valgrind setup does: the large shapes
 * cost it minutes and the other runs cover them). */
static inline int tu_nsizes(void)
{
    const char *e = getenv("LB_TEST_MAX_SIZE");
    size_t max = e ? (size_t)strtoul(e, NULL, 10) : SIZE_MAX;
    int n = 0;
    while (n < (int)TU_NSIZES && tu_sizes[n] <= max)
        n++;
    return n;
}

/* A new test case of suite s, one per property (shapes, numerics, ...). */
static inline TCase *tu_tcase(Suite *s, const char *property)
{
    TCase *tc = tcase_create(property);
    suite_add_tcase(s, tc);
    return tc;
}

/* One combination of cross-entropy options, for the suites that sweep
 * them; weighted cases use the test's own class weights. */
typedef struct tu_xent_case {
    lb_reduction red;
    bool ignore;
    int32_t ignore_index;
    double eps;
    bool weighted;
} tu_xent_case;

/* A fresh, empty temporary file's path in `path` (at least 32 bytes), for
 * the tests that write files; the caller removes it. */
static inline void tu_temp_path(char *path)
{
    strcpy(path, "/tmp/lbtest-XXXXXX");
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    close(fd);
}

/* Writes n bytes to path, for the tests that feed a loader a file. */
static inline void tu_write_file(const char *path, const void *b, size_t n)
{
    FILE *out = fopen(path, "wb");
    ck_assert_ptr_nonnull(out);
    ck_assert_uint_eq(fwrite(b, 1, n, out), n);
    ck_assert_int_eq(fclose(out), 0);
}

/* The first bytes of the file at path, up to cap, in a new buffer; their
 * number to *n. */
static inline uint8_t *tu_read_file(const char *path, size_t cap, size_t *n)
{
    uint8_t *b = malloc(cap);
    ck_assert_ptr_nonnull(b);
    FILE *in = fopen(path, "rb");
    ck_assert_ptr_nonnull(in);
    *n = fread(b, 1, cap, in);
    fclose(in);
    return b;
}

/* The suites; tests/test_main.c runs them all. */
Suite *suite_affine(void);
Suite *suite_relu(void);
Suite *suite_softmax(void);
Suite *suite_xent(void);
Suite *suite_xent_opts(void);
Suite *suite_affine_xent(void);
Suite *suite_layers(void);
Suite *suite_contract(void);
Suite *suite_nonfinite(void);
Suite *suite_threads(void);
Suite *suite_status(void);
Suite *suite_version(void);
Suite *suite_blas_info(void);
Suite *suite_optim(void);
Suite *suite_init(void);
Suite *suite_net(void);
Suite *suite_idx(void);
Suite *suite_kernels(void);
Suite *suite_determinism(void);
Suite *suite_checkpoint(void);

#endif /* LB_TESTUTIL_H */

/*
 * testutil.h - what every test file shares: a seeded PRNG, and per
 * precision (testutil.inc, instantiated through precision_begin.h like the
 * library) buffers with canary padding, and whole-array compares that make
 * one assertion naming the worst element (tu_worst).
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

/* Many comparisons asserted once: Check records every passing assertion
 * (a system call each in a forked test), so one per element costs
 * millions of them; instead each comparison goes into a tu_worst and
 * tu_worst_check() makes one assertion naming the worst element. */
typedef struct tu_worst {
    size_t bad, count;   /* out of tolerance, compared */
    size_t i, j;         /* the worst element */
    double got, score;   /* score: error over tolerance (inf: NaN, inf) */
    long double want, err, tol;
} tu_worst;

/* Records one comparison of error err against tolerance tol (err > tol
 * fails; an infinite err always fails). */
static inline void tu_worst_note(tu_worst *w, size_t i, size_t j, double got,
                                 long double want, long double err,
                                 long double tol)
{
    w->count++;
    if (err <= tol && !isinf(err))
        return;
    /* Error over tolerance; the error itself where none is allowed. */
    double score = isinf(err) ? INFINITY : (double)(tol > 0 ? err / tol : err);
    if (w->bad++ == 0 || score > w->score)
        *w = (tu_worst){w->bad, w->count, i, j, got, score, want, err, tol};
}

/* The same bits, or NaN for NaN (a NaN's payload may depend on operand
 * order, which the contract does not cover). */
static inline int tu_same_d(double a, double b)
{
    return (isnan(a) && isnan(b)) || memcmp(&a, &b, sizeof a) == 0;
}

/* A pass/fail comparison (same bits, a NaN pattern): a failure is
 * infinitely bad, so the first one is named. */
static inline void tu_worst_ok(tu_worst *w, size_t i, size_t j, double got,
                               long double want, bool ok)
{
    tu_worst_note(w, i, j, got, want, ok ? 0 : INFINITY, 0);
}

/* |got - want| <= atol + rtol*|want|, NaN matching NaN and an inf only the
 * same inf. */
static inline void tu_worst_add(tu_worst *w, size_t i, size_t j, double got,
                                long double want, double rtol, double atol)
{
    if (isnan(want) || isnan(got))
        tu_worst_ok(w, i, j, got, want, isnan(want) && isnan(got));
    else if (isinf(want) || isinf(got))
        tu_worst_ok(w, i, j, got, want, (long double)got == want);
    else
        tu_worst_note(w, i, j, got, want, fabsl((long double)got - want),
                      atol + rtol * fabsl(want));
}

/* The one assertion: no comparison failed. Errors are given in units of
 * eps (the precision's epsilon) relative to |want|, or absolute when want
 * is 0. */
static inline void tu_worst_check(const tu_worst *w, const char *what,
                                  double eps)
{
    long double unit = eps * (w->want != 0 && isfinite(w->want)
                                  ? fabsl(w->want) : 1);
    ck_assert_msg(w->bad == 0,
                  "%s: %zu of %zu off; worst (%zu,%zu): got %.17g, want "
                  "%.17Lg, error %.3Lg eps (tolerance %.3Lg eps)",
                  what, w->bad, w->count, w->i, w->j, w->got, w->want,
                  w->err / unit, w->tol / unit);
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

/* The time budget of every test case: on a 2-core machine with two busy
 * processes beside it, a case takes at most TU_BUDGET_S seconds of wall
 * time, and its timeout is four times that, so a slow machine has room
 * and a hang still ends. tu_run_all prints each case's share. */
#define TU_BUDGET_S 5
#define TU_TIMEOUT_S (4 * TU_BUDGET_S)

/* A new suite; its test cases follow with tu_tcase (testutil.c). */
Suite *tu_suite(const char *name);
/* A new test case of the last suite, one per property (shapes,
 * numerics, ...), with the timeout of the budget. */
TCase *tu_tcase(Suite *s, const char *property);
/* The same for a case about threads: it runs on every core even when
 * LB_TEST_THREADS caps the others. */
TCase *tu_tcase_threads(Suite *s, const char *property);
/* Runs every suite of sr (each case printing its wall time against its
 * timeout, each suite its own); returns the exit status. */
int tu_run_all(SRunner *sr);
/* tu_run_all for a program of one suite (taking s). */
int tu_run_suite(Suite *s);

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

/* Writes n bytes to path, for the tests that feed a loader a file;
 * whether it could. It does not assert, so a test may call it per byte. */
static inline bool tu_write_file(const char *path, const void *b, size_t n)
{
    FILE *out = fopen(path, "wb");
    size_t wrote = out ? fwrite(b, 1, n, out) : 0;
    return out && fclose(out) == 0 && wrote == n;
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
Suite *suite_empty(void);
Suite *suite_checkpoint(void);

#endif /* LB_TESTUTIL_H */

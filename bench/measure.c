/*
 * measure.c - how layerblas-bench times: a warm-up per implementation,
 * then rounds in which every implementation of a group runs once in turn,
 * so a burst of load from other processes on a shared machine slows all of
 * them alike and the ratios between them hold. Median and min per pass.
 * In a round each implementation first runs one pass untimed: a pass
 * timed right after another implementation's (the naive port's 170 ms of
 * scalar code, say) found the caches and the core in that one's state,
 * and ran up to 10 % slower than in a loop of its own, which is what
 * a training loop runs; the next implementation in the round got the
 * warm state for free.
 */
#include "bench.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* A timed sample runs at least this long: passes of a few microseconds are
 * repeated inside one sample so the clock's own cost stays negligible. */
#define BENCH_SAMPLE_S 50e-6
#define BENCH_MAX_INNER 100000
#define BENCH_MAX_ROUNDS 10000
/* A pass this long is its own warm-up: page faults and waking threads
 * cost milliseconds at most, under 1% of it. */
#define BENCH_LONG_PASS_S 0.25

bool bench_failed;

double bench_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

int bench_one_thread(void *ctx)
{
    (void)ctx;
    return 1;
}

void bench_check(lb_status s, const char *what)
{
    if (s == LB_OK)
        return;
    fprintf(stderr, "layerblas-bench: %s failed: %s\n", what,
            lb_status_string(s));
    exit(EXIT_FAILURE);
}

void *bench_alloc(size_t bytes)
{
    void *p = malloc(bytes ? bytes : 1);
    if (!p) {
        fprintf(stderr, "layerblas-bench: out of memory (%zu bytes)\n", bytes);
        exit(EXIT_FAILURE);
    }
    memset(p, 0, bytes);
    return p;
}

static void bench_begin(const bench_impl *im)
{
    if (im->begin)
        im->begin(im->ctx);
}

static void bench_end(const bench_impl *im)
{
    if (im->end)
        im->end(im->ctx);
}

/* Runs passes for warm_s (at least one) and returns the fastest. */
static double bench_warm_up(const bench_impl *im, double warm_s)
{
    double best = INFINITY, spent = 0;
    bench_begin(im);
    for (int k = 0; k < 1000 && (k == 0 || spent < warm_s); k++) {
        double t0 = bench_now();
        im->pass(im->ctx);
        double dt = bench_now() - t0;
        spent += dt;
        best = dt < best ? dt : best;
    }
    bench_end(im);
    return best;
}

static int bench_cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Sorts s in place; its median. */
static double bench_median(double *s, int n)
{
    qsort(s, (size_t)n, sizeof *s, bench_cmp_double);
    return n % 2 ? s[n / 2] : 0.5 * (s[n / 2 - 1] + s[n / 2]);
}

static bool bench_more_rounds(const bench_plan *plan, int nimpl, int round,
                              double elapsed)
{
    if (plan->reps > 0)
        return round < plan->reps;
    return round < BENCH_MAX_ROUNDS &&
           (round < plan->min_reps || elapsed < plan->budget_s * nimpl);
}

/* The rounds at one thread count from round `round` on: samples[i][r] is
 * impl i's time per pass in round r, after one untimed pass where
 * prime[i]. Returns the number of rounds. */
static int bench_rounds(const bench_group *g, const bench_plan *plan,
                        const int *inner, const bool *prime,
                        double **samples, int round)
{
    double start = bench_now();
    while (bench_more_rounds(plan, g->nimpl, round, bench_now() - start)) {
        for (int i = 0; i < g->nimpl; i++) {
            const bench_impl *im = &g->impl[i];
            bench_begin(im);
            if (prime[i])
                im->pass(im->ctx);
            double t0 = bench_now();
            for (int k = 0; k < inner[i]; k++)
                im->pass(im->ctx);
            samples[i][round] = (bench_now() - t0) / inner[i];
            bench_end(im);
        }
        round++;
    }
    return round;
}

/* The median over rounds of the limit's time / impl i's time: each ratio
 * is of two passes run back to back, under the same load. */
static double bench_paired_ratio(const double *limit, const double *mine,
                                 int rounds)
{
    double *ratio = bench_alloc((size_t)rounds * sizeof(double));
    for (int r = 0; r < rounds; r++)
        ratio[r] = limit[r] / mine[r];
    double m = bench_median(ratio, rounds);
    free(ratio);
    return m;
}

/* Fills res[i] for impl i from its samples (which it sorts). */
static void bench_summarise(const bench_group *g, int i, int rounds,
                            int inner, double **samples, bench_result *r)
{
    lb_blas_info info;
    bench_check(lb_get_blas_info(&info), "lb_get_blas_info");
    memset(r, 0, sizeof *r);
    r->case_name = g->case_name;
    r->impl = g->impl[i].name;
    r->dtype = g->dtype;
    r->limit = g->impl[g->limit].name;
    snprintf(r->shape, sizeof r->shape, "%s", g->shape);
    r->threads = lb_get_num_threads();
    r->impl_threads = g->impl[i].threads_used
                          ? g->impl[i].threads_used(g->impl[i].ctx)
                          : r->threads;
    r->blas_threads = info.threads;
    r->reps = rounds;
    r->inner = inner;
    r->of_limit = bench_paired_ratio(samples[g->limit], samples[i], rounds);
    r->median_us = 1e6 * bench_median(samples[i], rounds);
    r->min_us = 1e6 * samples[i][0]; /* sorted by bench_median */
    r->rate_is_gbps = g->work_is_bytes;
    r->rate = g->work / (r->median_us * 1e3);
    r->extra_bytes = g->impl[i].extra_bytes;
}

static void bench_measure(const bench_group *g, const bench_plan *plan)
{
    int inner[BENCH_MAX_IMPLS];
    double *samples[BENCH_MAX_IMPLS];
    int cap = plan->reps > 0 ? plan->reps : BENCH_MAX_ROUNDS;
    bool all_long = true, prime[BENCH_MAX_IMPLS];
    for (int i = 0; i < g->nimpl; i++) {
        double t = bench_warm_up(&g->impl[i], plan->warm_s);
        double want = ceil(BENCH_SAMPLE_S / (t > 0 ? t : 1e-9));
        inner[i] = want > BENCH_MAX_INNER ? BENCH_MAX_INNER : (int)want;
        samples[i] = bench_alloc((size_t)cap * sizeof(double));
        samples[i][0] = t;
        all_long = all_long && t >= BENCH_LONG_PASS_S && t >= plan->warm_s;
        prime[i] = g->nimpl > 1 && t < BENCH_LONG_PASS_S;
    }
    /* Warm-ups of one long pass each, impl after impl, are a round like
     * any other: keeping it saves a quarter of the slowest measurements. */
    int rounds = bench_rounds(g, plan, inner, prime, samples,
                              all_long ? 1 : 0);

    bench_result res[BENCH_MAX_IMPLS];
    /* The limit last: its samples stay unsorted until every ratio is in. */
    for (int i = g->nimpl - 1; i >= 0; i--)
        if (i != g->limit)
            bench_summarise(g, i, rounds, inner[i], samples, &res[i]);
    bench_summarise(g, g->limit, rounds, inner[g->limit], samples,
                    &res[g->limit]);
    for (int i = 0; i < g->nimpl; i++) {
        bench_report_add(&res[i]);
        free(samples[i]);
    }
}

void bench_run_group(const bench_group *g, const bench_plan *plan)
{
    for (int t = 0; t < plan->nthreads; t++) {
        bench_check(lb_set_num_threads(plan->threads[t]),
                    "lb_set_num_threads");
        bench_copy_threads(lb_get_num_threads());
        bench_measure(g, plan);
    }
}

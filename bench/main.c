/*
 * main.c - layerblas-bench: times batched forward + backward passes of the
 * layerblas kernels and of whole training steps beside the limits they
 * cannot beat (bare GEMMs, memcpy), a plain C port and, where the bench was
 * built with it, oneDNN, all in one run.
 * Options pick cases, shapes, precisions, threads and repetitions.
 */
#include "bench.h"
#include "onednn.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef void (*bench_fn)(const size_t *dims, const bench_plan *plan);

#define MAX_SHAPES 5

typedef struct bench_case {
    const char *name;
    const char *dims_doc; /* what --shape means for it */
    int ndims;
    bench_fn run_d, run_s;
    size_t shapes[MAX_SHAPES][BENCH_MAX_DIMS]; /* defaults; 0 ends them */
    size_t quick[BENCH_MAX_DIMS];     /* the one tiny shape of --quick */
} bench_case;

static const bench_case cases[] = {
    {"affine", "NxKxM (X [N x K], W [K x M])", 3, bench_affine_d,
     bench_affine_s,
     {{1, 784, 100}, {32, 784, 256}, {256, 784, 1024}, {256, 1024, 1024},
      {2048, 2048, 2048}},
     {7, 33, 17}},
    {"relu", "NxM", 2, bench_relu_d, bench_relu_s,
     {{256, 1024}, {4096, 4096}},
     {17, 33}},
    {"softmax_xent", "NxC (C classes)", 2, bench_softmax_xent_d,
     bench_softmax_xent_s,
     {{256, 10}, {256, 100}, {256, 1000}, {4096, 1000}, {64, 32000}},
     {9, 10}},
    {"mlp_step", "NxKxHxC (batch N, K inputs, H hidden, C classes)", 4,
     bench_mlp_step_d, bench_mlp_step_s,
     {{256, 784, 1024, 10}},
     {16, 64, 32, 10}},
    {"net_step", "NxKxHxC (lb_net with Adam, as mlp_step)", 4,
     bench_net_step_d, bench_net_step_s,
     {{256, 784, 1024, 10}},
     {16, 64, 32, 10}},
    {"affine_xent", "NxKxC (X [N x K], W [K x C], C classes)", 3,
     bench_affine_xent_d, bench_affine_xent_s,
     {{256, 1024, 32000}},
     {9, 17, 100}},
};
#define NCASES (sizeof cases / sizeof cases[0])

typedef struct bench_opts {
    const char *cases;    /* comma-separated names, NULL: all */
    size_t shape[BENCH_MAX_DIMS];
    int shape_dims;       /* 0: the defaults */
    const char *dtype;    /* "f32", "f64", NULL: both */
    const char *json;     /* output path or NULL */
    bool quick;
    bench_plan plan;
} bench_opts;

static void usage(FILE *f)
{
    fputs("usage: layerblas-bench [--case NAME[,NAME...]] [--shape DIMS]\n"
          "                       [--dtype f32|f64] [--threads N] [--reps N]\n"
          "                       [--quick] [--json FILE]\n"
          "Times layerblas passes beside bare GEMMs, memcpy, a plain C port\n"
          "and oneDNN (f32, when built with it), in one run. Cases and\n"
          "--shape DIMS:\n", f);
    for (size_t i = 0; i < NCASES; i++)
        fprintf(f, "  %-13s %s\n", cases[i].name, cases[i].dims_doc);
    fputs("--threads N: lb_set_num_threads(N) (0: all cores); default 1 and "
          "all cores.\n"
          "--reps N: N timed rounds; default as many as fit a time budget.\n"
          "--quick: tiny shapes, 3 rounds (a smoke test).\n", f);
}

static void die_usage(const char *msg, const char *arg)
{
    fprintf(stderr, "layerblas-bench: %s%s\n", msg, arg ? arg : "");
    usage(stderr);
    exit(2);
}

/* A whole non-negative decimal number, or -1. */
static long parse_count(const char *s)
{
    char *end;
    long v = strtol(s, &end, 10);
    return (*s < '0' || *s > '9' || *end || v > 1000000) ? -1 : v;
}

/* "256x784x1024" into o->shape; false if malformed. */
static bool parse_shape(const char *s, bench_opts *o)
{
    o->shape_dims = 0;
    for (;;) {
        char *end;
        if (*s < '1' || *s > '9' || o->shape_dims == BENCH_MAX_DIMS)
            return false;
        unsigned long long v = strtoull(s, &end, 10);
        if (v > 1000000000ull)
            return false;
        o->shape[o->shape_dims++] = (size_t)v;
        if (*end == '\0')
            return true;
        if (*end != 'x')
            return false;
        s = end + 1;
    }
}

/* Applies one option with its value (NULL for flags). */
static void apply_option(bench_opts *o, const char *name, const char *val)
{
    long n;
    if (strcmp(name, "--case") == 0)
        o->cases = val;
    else if (strcmp(name, "--shape") == 0) {
        if (!parse_shape(val, o))
            die_usage("bad --shape, want e.g. 256x784x1024: ", val);
    } else if (strcmp(name, "--dtype") == 0) {
        if (strcmp(val, "f32") != 0 && strcmp(val, "f64") != 0)
            die_usage("bad --dtype, want f32 or f64: ", val);
        o->dtype = val;
    } else if (strcmp(name, "--threads") == 0) {
        if ((n = parse_count(val)) < 0 || n > 1024)
            die_usage("bad --threads: ", val);
        o->plan.threads[0] = (int)n;
        o->plan.nthreads = 1;
    } else if (strcmp(name, "--reps") == 0) {
        if ((n = parse_count(val)) < 1)
            die_usage("bad --reps: ", val);
        o->plan.reps = (int)n;
    } else if (strcmp(name, "--json") == 0)
        o->json = val;
    else
        die_usage("unknown option: ", name);
}

static bool takes_value(const char *name)
{
    static const char *const with_value[] = {"--case", "--shape", "--dtype",
                                             "--threads", "--reps", "--json"};
    for (size_t i = 0; i < sizeof with_value / sizeof with_value[0]; i++)
        if (strcmp(name, with_value[i]) == 0)
            return true;
    return false;
}

static void parse_args(int argc, char **argv, bench_opts *o)
{
    for (int i = 1; i < argc; i++) {
        char name[32];
        const char *eq = strchr(argv[i], '=');
        size_t len = eq ? (size_t)(eq - argv[i]) : strlen(argv[i]);
        snprintf(name, sizeof name, "%.*s", (int)len, argv[i]);
        if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0) {
            usage(stdout);
            exit(0);
        } else if (strcmp(name, "--quick") == 0 && !eq)
            o->quick = true;
        else if (!takes_value(name))
            die_usage("unknown option: ", argv[i]);
        else if (eq)
            apply_option(o, name, eq + 1);
        else if (i + 1 < argc)
            apply_option(o, name, argv[++i]);
        else
            die_usage("missing value for ", name);
    }
}

/* Is name in the comma-separated list (NULL: everything)? */
static bool in_list(const char *list, const char *name)
{
    if (!list)
        return true;
    size_t len = strlen(name);
    for (const char *p = list; p; p = strchr(p, ',')) {
        p += *p == ',';
        if (strncmp(p, name, len) == 0 && (p[len] == ',' || !p[len]))
            return true;
    }
    return false;
}

static bool selected(const bench_case *c, const bench_opts *o)
{
    return in_list(o->cases, c->name) &&
           (!o->shape_dims || o->shape_dims == c->ndims);
}

static void check_selection(const bench_opts *o)
{
    int matched = 0;
    for (size_t i = 0; i < NCASES; i++)
        matched += selected(&cases[i], o);
    if (!matched)
        die_usage(o->shape_dims ? "no selected case takes a shape of that "
                                  "many dimensions"
                                : "no such case: ",
                  o->shape_dims ? NULL : o->cases);
}

static void default_plan(bench_opts *o, int cores)
{
    bench_plan *p = &o->plan;
    if (p->nthreads == 0) {
        p->threads[p->nthreads++] = 1;
        if (cores > 1)
            p->threads[p->nthreads++] = cores > BENCH_MAX_THREADS
                                            ? BENCH_MAX_THREADS : cores;
    }
    /* A tenth of a second per implementation and thread count keeps the
     * default run of every case under two minutes on two cores. */
    p->budget_s = 0.1;
    p->min_reps = 3;
    p->warm_s = 0.02;
    if (o->quick) {
        p->reps = p->reps ? p->reps : 3;
        p->warm_s = 0;
    }
}

static void run_case(const bench_case *c, const bench_opts *o)
{
    size_t nshapes = 0;
    const size_t *shapes[MAX_SHAPES];
    if (o->shape_dims)
        shapes[nshapes++] = o->shape;
    else if (o->quick)
        shapes[nshapes++] = c->quick;
    else
        for (; nshapes < MAX_SHAPES && c->shapes[nshapes][0]; nshapes++)
            shapes[nshapes] = c->shapes[nshapes];
    for (size_t s = 0; s < nshapes; s++) {
        if (!o->dtype || strcmp(o->dtype, "f64") == 0)
            c->run_d(shapes[s], &o->plan);
        if (!o->dtype || strcmp(o->dtype, "f32") == 0)
            c->run_s(shapes[s], &o->plan);
    }
}

int main(int argc, char **argv)
{
    bench_onednn_prepare(argv);
    double t0 = bench_now();
    bench_opts o = {0};
    parse_args(argc, argv, &o);
    check_selection(&o);
    /* Opened first, so a bad path fails before minutes of measuring. */
    FILE *json = o.json ? fopen(o.json, "w") : NULL;
    if (o.json && !json) {
        fprintf(stderr, "layerblas-bench: cannot write %s: %s\n", o.json,
                strerror(errno));
        return 2;
    }
    bench_system sys;
    bench_system_probe(&sys);
    default_plan(&o, sys.cores);
    bench_system_print(&sys, &o.plan);

    for (size_t i = 0; i < NCASES; i++)
        if (selected(&cases[i], &o))
            run_case(&cases[i], &o);
    bench_copy_threads(1);

    int status = bench_failed ? EXIT_FAILURE : EXIT_SUCCESS;
    if (json && !bench_report_json(json, &sys)) {
        fprintf(stderr, "layerblas-bench: cannot write %s\n", o.json);
        status = EXIT_FAILURE;
    }
    bench_report_free();
    printf("\nof limit: the median over rounds of the limit's time / this "
           "time, each round running\nevery impl back to back (1.00: as fast "
           "as the limit).\ndone in %.1f s\n",
           bench_now() - t0);
    if (sys.core_weak)
        printf("WARNING: %s.\n", sys.warning);
    if (bench_failed)
        printf("FAILED: onednn could not run a case or disagreed with "
               "layerblas on one (see the messages above).\n");
    return status;
}

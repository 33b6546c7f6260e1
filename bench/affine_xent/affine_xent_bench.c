/*
 * affine_xent_bench.c - times the fused affine + softmax cross-entropy
 * (impl `layerblas`: lb_affine_xent) against the unfused path (impl
 * `unfused`: lb_affine_forward + lb_softmax_xent_labels_forward +
 * lb_affine_backward) on the same data in one run, passes interleaved so
 * both see the same load, and reports each with the memory it needed
 * beyond inputs and gradients (`extra_bytes`). Output follows
 * layerblas-bench: a table, and with --json FILE the document
 * {"machine": {...}, "blas": {...}, "results": [...]}.
 */
#define _POSIX_C_SOURCE 200809L
#include "layerblas.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#ifdef LB_BLAS_OPENBLAS
#include <cblas.h>
#endif

/* One timed measurement, as layerblas-bench writes it. */
typedef struct bench_result {
    const char *impl, *dtype;
    char shape[64];
    int threads;
    size_t chunk;
    double median_us, min_us, gflops, extra_bytes;
} bench_result;

typedef struct bench_opts {
    size_t shape[3];
    bool have_shape;
    const char *dtype; /* NULL: both (the big default shape: f32 only) */
    int threads, reps;
    size_t chunk;
    const char *impl; /* NULL: both */
    const char *json;
} bench_opts;

static double now_us(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e6 + (double)t.tv_nsec * 1e-3;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Median and min of reps times into r. */
static void summarise(double *t, int reps, bench_result *r)
{
    qsort(t, (size_t)reps, sizeof *t, cmp_double);
    r->min_us = t[0];
    r->median_us = reps % 2 ? t[reps / 2] : (t[reps / 2 - 1] + t[reps / 2]) / 2;
}

static void *xmalloc(size_t bytes)
{
    void *p = malloc(bytes ? bytes : 1);
    if (!p) {
        fprintf(stderr, "out of memory (%zu bytes)\n", bytes);
        exit(2);
    }
    return p;
}

#define LB_DOUBLE 1
#include "affine_xent_bench.inc"
#define LB_DOUBLE 0
#include "affine_xent_bench.inc"

static void print_header(FILE *f, bool json)
{
    char cpu[256] = "unknown";
    FILE *c = fopen("/proc/cpuinfo", "r");
    char line[512];
    while (c && fgets(line, sizeof line, c))
        if (strncmp(line, "model name", 10) == 0) {
            char *v = strchr(line, ':');
            snprintf(cpu, sizeof cpu, "%.200s", v ? v + 2 : line);
            cpu[strcspn(cpu, "\n")] = 0;
            break;
        }
    if (c)
        fclose(c);
    const char *name = "cblas", *core = "?", *config = "?";
#ifdef LB_BLAS_OPENBLAS
    name = "openblas";
    core = openblas_get_corename();
    config = openblas_get_config();
#endif
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    if (json)
        fprintf(f,
                "{\"machine\": {\"cpu\": \"%s\", \"cores\": %ld},\n"
                " \"blas\": {\"name\": \"%s\", \"core\": \"%s\", "
                "\"config\": \"%s\", \"threads\": %d},\n \"results\": [\n",
                cpu, cores, name, core, config, lb_get_num_threads());
    else
        fprintf(f, "cpu: %s (%ld cores); blas: %s, core %s (%s), %d threads\n",
                cpu, cores, name, core, config, lb_get_num_threads());
}

static void print_result(FILE *f, const bench_result *r, bool json,
                         bool first)
{
    if (json)
        fprintf(f,
                "%s  {\"case\": \"affine_xent\", \"impl\": \"%s\", "
                "\"dtype\": \"%s\", \"threads\": %d, \"shape\": \"%s\", "
                "\"chunk\": %zu, \"median_us\": %.1f, \"min_us\": %.1f, "
                "\"gflops\": %.2f, \"extra_bytes\": %.0f}",
                first ? "" : ",\n", r->impl, r->dtype, r->threads, r->shape,
                r->chunk, r->median_us, r->min_us, r->gflops, r->extra_bytes);
    else
        fprintf(f, "%-12s %-10s %-4s %2d %-18s %6zu %12.0f %12.0f %8.2f %14.0f\n",
                "affine_xent", r->impl, r->dtype, r->threads, r->shape,
                r->chunk, r->median_us, r->min_us, r->gflops, r->extra_bytes);
}

static bool parse_shape(const char *s, size_t shape[3])
{
    unsigned long long a, b, c;
    char tail;
    if (sscanf(s, "%llux%llux%llu%c", &a, &b, &c, &tail) != 3 || !a || !b ||
        !c)
        return false;
    shape[0] = a;
    shape[1] = b;
    shape[2] = c;
    return true;
}

static int usage(void)
{
    fprintf(stderr,
            "usage: layerblas-bench-affine-xent [--shape NxKxC] "
            "[--dtype f32|f64] [--threads N] [--reps N] [--chunk N] "
            "[--impl layerblas|unfused] [--quick] [--json FILE]\n");
    return 2;
}

static bool parse(int argc, char **argv, bench_opts *o)
{
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(a, "--quick") == 0) {
            o->have_shape = parse_shape("16x32x1000", o->shape);
            o->reps = 3;
            continue;
        }
        if (!v)
            return false;
        i++;
        if (strcmp(a, "--shape") == 0)
            o->have_shape = parse_shape(v, o->shape);
        else if (strcmp(a, "--dtype") == 0 &&
                 (strcmp(v, "f32") == 0 || strcmp(v, "f64") == 0))
            o->dtype = v;
        else if (strcmp(a, "--threads") == 0)
            o->threads = atoi(v);
        else if (strcmp(a, "--reps") == 0)
            o->reps = atoi(v);
        else if (strcmp(a, "--chunk") == 0)
            o->chunk = (size_t)strtoull(v, NULL, 10);
        else if (strcmp(a, "--impl") == 0 &&
                 (strcmp(v, "layerblas") == 0 || strcmp(v, "unfused") == 0))
            o->impl = v;
        else if (strcmp(a, "--json") == 0)
            o->json = v;
        else
            return false;
        if ((strcmp(a, "--shape") == 0 && !o->have_shape) || o->reps < 1 ||
            o->threads < 0)
            return false;
    }
    return true;
}

/* The bytes a shape needs in one precision: inputs, gradients, and the
 * unfused path's two n x c buffers (the larger of the two impls). */
static double need_bytes(const size_t s[3], size_t es)
{
    double n = (double)s[0], k = (double)s[1], c = (double)s[2];
    return (2 * n * k + 2 * k * c + 2 * c + 2 * n * c) * (double)es;
}

static bool fits(const size_t s[3], size_t es)
{
    double avail = (double)sysconf(_SC_AVPHYS_PAGES) *
                   (double)sysconf(_SC_PAGESIZE);
    return need_bytes(s, es) < 0.6 * avail;
}

int main(int argc, char **argv)
{
    bench_opts o = {.reps = 5};
    if (!parse(argc, argv, &o))
        return usage();
    if (lb_set_num_threads(o.threads) != LB_OK)
        return usage();
    static const size_t defaults[2][3] = {{256, 1024, 32000},
                                          {1024, 4096, 128000}};
    FILE *js = o.json ? fopen(o.json, "w") : NULL;
    if (o.json && !js) {
        perror(o.json);
        return 1;
    }
    print_header(stdout, false);
    if (js)
        print_header(js, true);
    printf("%-12s %-10s %-4s %2s %-18s %6s %12s %12s %8s %14s\n", "case",
           "impl", "type", "th", "shape", "chunk", "median_us", "min_us",
           "GFLOP/s", "extra_bytes");
    bool first = true;
    for (int s = 0; s < (o.have_shape ? 1 : 2); s++) {
        const size_t *shape = o.have_shape ? o.shape : defaults[s];
        for (int d = 0; d < 2; d++) {
            const char *dtype = d ? "f32" : "f64";
            size_t es = d ? sizeof(float) : sizeof(double);
            if (o.dtype ? strcmp(o.dtype, dtype) != 0 : (!o.have_shape && s && !d))
                continue;
            if (!fits(shape, es)) {
                printf("skipped %zux%zux%zu %s: needs %.1f GiB, more than 60%% "
                       "of the memory available now\n", shape[0], shape[1],
                       shape[2], dtype, need_bytes(shape, es) / (1 << 30));
                continue;
            }
            bench_result r[2];
            int nr = d ? bench_case_s(shape, &o, r) : bench_case_d(shape, &o, r);
            for (int i = 0; i < nr; i++) {
                print_result(stdout, &r[i], false, true);
                if (js)
                    print_result(js, &r[i], true, first);
                first = false;
            }
            if (nr == 2)
                printf("  fused / unfused: time %.3f (median), %.3f (min); "
                       "extra memory %.4f\n", r[0].median_us / r[1].median_us,
                       r[0].min_us / r[1].min_us,
                       r[0].extra_bytes / r[1].extra_bytes);
            fflush(stdout);
        }
    }
    if (js) {
        fprintf(js, "\n]}\n");
        fclose(js);
    }
    return 0;
}

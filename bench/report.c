/*
 * report.c - what a run reports: a table printed row by row as the
 * measurements finish (so a long run shows progress), and on request one
 * JSON document {"machine", "blas", "onednn", "results"} of the same rows
 * for tools such as bench/plot.
 */
#include "bench.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct {
    bench_result *r;
    size_t n, cap;
} rows;

static void print_table_head(void)
{
    printf("\n%-13s %-16s %-5s %3s  %-10s %12s %12s %16s  %s\n", "case",
           "shape", "dtype", "thr", "impl", "median_us", "min_us", "rate",
           "of limit");
}

/* The impl's name, and its threads where they differ from the column's. */
static void print_row(const bench_result *r)
{
    bool is_limit = strcmp(r->impl, r->limit) == 0;
    char impl[32];
    if (r->impl_threads == r->threads)
        snprintf(impl, sizeof impl, "%s", r->impl);
    else
        snprintf(impl, sizeof impl, "%s/%dt", r->impl, r->impl_threads);
    printf("%-13s %-16s %-5s %3d  %-10s %12.3f %12.3f %8.2f %-7s  %5.2f%s\n",
           r->case_name, r->shape, r->dtype, r->threads, impl,
           r->median_us, r->min_us, r->rate,
           r->rate_is_gbps ? "GB/s" : "GFLOP/s", r->of_limit,
           is_limit ? " (limit)" : "");
    if (r->extra_bytes > 0)
        printf("%-13s %-16s %-5s %3s  %-10s extra memory %.0f bytes\n", "",
               "", "", "", "", r->extra_bytes);
}

void bench_report_add(const bench_result *r)
{
    if (rows.n == 0)
        print_table_head();
    else if (strcmp(rows.r[rows.n - 1].case_name, r->case_name) != 0)
        printf("\n");
    if (rows.n == rows.cap) {
        rows.cap = rows.cap ? 2 * rows.cap : 64;
        rows.r = realloc(rows.r, rows.cap * sizeof *rows.r);
        if (!rows.r) {
            fprintf(stderr, "layerblas-bench: out of memory\n");
            exit(EXIT_FAILURE);
        }
    }
    rows.r[rows.n++] = *r;
    print_row(r);
    fflush(stdout);
}

void bench_report_free(void)
{
    free(rows.r);
    rows.r = NULL;
    rows.n = rows.cap = 0;
}

/* s as a JSON string, or null. */
static void json_string(FILE *f, const char *s)
{
    if (!s) {
        fputs("null", f);
        return;
    }
    fputc('"', f);
    for (; *s; s++) {
        unsigned char ch = (unsigned char)*s;
        if (ch == '"' || ch == '\\')
            fprintf(f, "\\%c", ch);
        else if (ch < 0x20)
            fprintf(f, "\\u%04x", ch);
        else
            fputc(ch, f);
    }
    fputc('"', f);
}

/* A number JSON can hold; null for inf and NaN. */
static void json_number(FILE *f, double x)
{
    if (isfinite(x))
        fprintf(f, "%.6g", x);
    else
        fputs("null", f);
}

static void json_machine(FILE *f, const bench_system *sys)
{
    fputs("  \"machine\": {\"cpu\": ", f);
    json_string(f, sys->cpu);
    fprintf(f, ", \"family\": %u, \"model\": %u, \"cores\": %d, "
               "\"avx2\": %s, \"avx512f\": %s},\n",
            sys->family, sys->model, sys->cores, sys->avx2 ? "true" : "false",
            sys->avx512f ? "true" : "false");
}

static void json_blas(FILE *f, const bench_system *sys)
{
    fputs("  \"blas\": {\"name\": ", f);
    json_string(f, sys->blas.name);
    fputs(", \"config\": ", f);
    json_string(f, sys->blas.config);
    fputs(", \"core\": ", f);
    json_string(f, sys->blas.core);
    fprintf(f, ", \"threads\": %d, \"gemm_backend\": ", sys->blas.threads);
    json_string(f, lb_get_gemm_backend());
    fputs(", \"openblas_coretype\": ", f);
    json_string(f, sys->coretype_env);
    fprintf(f, ", \"core_weak\": %s, \"suggested_coretype\": ",
            sys->core_weak ? "true" : "false");
    json_string(f, sys->suggested_core);
    fputs(", \"warning\": ", f);
    json_string(f, sys->core_weak ? sys->warning : NULL);
    fputs("},\n", f);
}

/* The peer's description, null when the bench was built without it. */
static void json_onednn(FILE *f, const bench_peer_info *d)
{
    fputs("  \"onednn\": ", f);
    if (!d->built) {
        fputs("null,\n", f);
        return;
    }
    const char *const keys[] = {"version", "runtime", "isa",
                                "omp_wait_policy"};
    const char *const values[] = {d->version, d->runtime, d->isa,
                                  d->wait_policy};
    for (int i = 0; i < 4; i++) {
        fprintf(f, "%s\"%s\": ", i ? ", " : "{", keys[i]);
        json_string(f, values[i]);
    }
    fprintf(f, ", \"threads_follow\": %s},\n",
            d->threads_follow ? "true" : "false");
}

static void json_result(FILE *f, const bench_result *r)
{
    fputs("    {\"case\": ", f);
    json_string(f, r->case_name);
    fputs(", \"impl\": ", f);
    json_string(f, r->impl);
    fputs(", \"dtype\": ", f);
    json_string(f, r->dtype);
    fprintf(f, ", \"threads\": %d, \"impl_threads\": %d, "
               "\"blas_threads\": %d, \"shape\": ",
            r->threads, r->impl_threads, r->blas_threads);
    json_string(f, r->shape);
    fputs(", \"median_us\": ", f);
    json_number(f, r->median_us);
    fputs(", \"min_us\": ", f);
    json_number(f, r->min_us);
    fprintf(f, ", \"%s\": ", r->rate_is_gbps ? "gbps" : "gflops");
    json_number(f, r->rate);
    fputs(", \"limit\": ", f);
    json_string(f, r->limit);
    fputs(", \"of_limit\": ", f);
    json_number(f, r->of_limit);
    if (r->extra_bytes > 0) {
        fputs(", \"extra_bytes\": ", f);
        json_number(f, r->extra_bytes);
    }
    fprintf(f, ", \"reps\": %d, \"inner\": %d}", r->reps, r->inner);
}

bool bench_report_json(FILE *f, const bench_system *sys)
{
    fputs("{\n", f);
    json_machine(f, sys);
    json_blas(f, sys);
    json_onednn(f, &sys->onednn);
    fputs("  \"results\": [\n", f);
    for (size_t i = 0; i < rows.n; i++) {
        json_result(f, &rows.r[i]);
        fputs(i + 1 < rows.n ? ",\n" : "\n", f);
    }
    fputs("  ]\n}\n", f);
    bool ok = !ferror(f);
    return fclose(f) == 0 && ok;
}

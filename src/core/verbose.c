/*
 * verbose.c - the LB_VERBOSE trace (verbose.h): the level, read from the
 * environment once, and the lines, one fprintf each, so lines from several
 * threads never mix. The traced kernels are in ops/verbose_tmpl.c.
 *
 * The lines, as oneDNN's ONEDNN_VERBOSE prints them, are comma-separated:
 *   lb_verbose,info,...                        (once, before the first)
 *   lb_verbose,exec,FUNCTION,DTYPE,SIZES,OPTIONS,isa:ISA,nthr:N,TIME_US
 *   lb_verbose,fail,FUNCTION,DTYPE,SIZES,OPTIONS,STATUS (sentence)
 * nthr is the number of threads layerblas's own kernels ran the call on;
 * GEMMs run on the BLAS's threads, whose count the info line gives.
 */
#define _POSIX_C_SOURCE 200809L

#include "internal.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

_Thread_local int lb_trace_nthr;

atomic_int lb_verbose_cached = -1;
static pthread_once_t lb_level_once = PTHREAD_ONCE_INIT;

static void lb_level_read(void)
{
    const char *v = getenv("LB_VERBOSE");
    int level = v ? atoi(v) : 0;
    atomic_store(&lb_verbose_cached, level < 0 ? 0 : level);
}

/* Kept out of line, so the kernels' fast path holds no call. */
__attribute__((noinline, cold)) int lb_verbose_level_first(void)
{
    pthread_once(&lb_level_once, lb_level_read);
    return atomic_load_explicit(&lb_verbose_cached, memory_order_relaxed);
}

static const char *lb_status_name(lb_status st)
{
    static const char *const names[] = {
        "LB_OK", "LB_ERR_NULL", "LB_ERR_SIZE", "LB_ERR_LD", "LB_ERR_LABEL",
        "LB_ERR_ALIAS", "LB_ERR_ARG", "LB_ERR_NO_MEMORY", "LB_ERR_NONFINITE",
        "LB_ERR_IO", "LB_ERR_FORMAT", "LB_ERR_UNSUPPORTED"};
    size_t i = (size_t)st;
    return i < sizeof names / sizeof *names ? names[i] : "unknown";
}

static pthread_once_t lb_info_once = PTHREAD_ONCE_INIT;

/* What the lines that follow ran on, and how to read them. */
static void lb_print_info(void)
{
    lb_blas_info blas;
    lb_get_blas_info(&blas);
    fprintf(stderr,
            "lb_verbose,info,layerblas %s,blas:%s core:%s blas_nthr:%d "
            "gemm:%s,isa:%s,nthr:%d\n"
            "lb_verbose,info,exec,function,dtype,sizes,options,isa,nthr,"
            "time_us\n"
            "lb_verbose,info,fail,function,dtype,sizes,options,status\n",
            lb_get_version(), blas.name, blas.core, blas.threads,
            lb_get_gemm_backend(), lb_get_kernel_isa(), lb_get_num_threads());
}

lb_trace lb_trace_begin(void)
{
    lb_trace t = {.nthr = lb_trace_nthr};
    lb_trace_nthr = 1;
    clock_gettime(CLOCK_MONOTONIC, &t.t0);
    return t;
}

void lb_trace_end(const lb_trace *t, int level, const char *fn,
                  const char *dtype, lb_status st, const char *what, ...)
{
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    int nthr = lb_trace_nthr;
    lb_trace_nthr = t->nthr > nthr ? t->nthr : nthr;
    if (st != LB_OK && level < 2)
        return;
    char args[512];
    va_list ap;
    va_start(ap, what);
    vsnprintf(args, sizeof args, what, ap);
    va_end(ap);
    pthread_once(&lb_info_once, lb_print_info);
    if (st != LB_OK) {
        fprintf(stderr, "lb_verbose,fail,%s,%s,%s,%s (%s)\n", fn, dtype, args,
                lb_status_name(st), lb_status_string(st));
        return;
    }
    double us = 1e6 * (double)(t1.tv_sec - t->t0.tv_sec) +
                1e-3 * (double)(t1.tv_nsec - t->t0.tv_nsec);
    fprintf(stderr, "lb_verbose,exec,%s,%s,%s,isa:%s,nthr:%d,%.1f\n", fn,
            dtype, args, lb_get_kernel_isa(), nthr, us);
}

const char *lb_trace_xent(const lb_xent_opts *opts, bool dbl, char *buf,
                          size_t size)
{
    static const char *const red[] = {"mean", "sum", "none"};
    if (!opts)
        return "reduction:mean";
    size_t r = (size_t)opts->reduction;
    int len = snprintf(buf, size, "reduction:%s smoothing:%g inf_rows:%s",
                       r < 3 ? red[r] : "?", opts->label_smoothing,
                       opts->inf_rows == LB_INF_ROWS_ZERO ? "zero" : "nan");
    if (opts->ignore == LB_IGNORE_INDEX && len > 0 && (size_t)len < size)
        len += snprintf(buf + len, size - (size_t)len, " ignore_index:%d",
                        (int)opts->ignore_index);
    const void *weights = dbl ? (const void *)opts->weights_d
                              : (const void *)opts->weights_s;
    if (weights && len > 0 && (size_t)len < size)
        snprintf(buf + len, size - (size_t)len, " weights");
    return buf;
}

/* As "dX+db". */
const char *lb_trace_outs(char *buf, size_t size, const char *names,
                          const void *const *ptrs)
{
    size_t len = 0;
    for (size_t i = 0; *names; i++) {
        size_t w = strcspn(names, " ");
        if (ptrs[i] && len + w + 2 < size) {
            if (len)
                buf[len++] = '+';
            memcpy(buf + len, names, w);
            len += w;
        }
        names += w + (names[w] == ' ');
    }
    buf[len] = '\0';
    return len ? buf : "none";
}

const char *lb_trace_optim(const lb_optim_opts *o)
{
    static const char *const kinds[] = {"kind:sgd", "kind:sgd_nesterov",
                                        "kind:adam", "kind:adamw"};
    size_t k = o ? (size_t)o->kind : 4;
    return k < 4 ? kinds[k] : "kind:?";
}

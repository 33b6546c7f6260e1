/*
 * verbose.h - the LB_VERBOSE trace: with LB_VERBOSE=1 in the environment
 * every public kernel call prints one line to stderr (function, dtype,
 * sizes and leading dimensions, options, kernel ISA, threads, time in
 * microseconds); LB_VERBOSE=2 adds the calls an argument check rejected,
 * with their status.
 *
 * The trace wraps the kernels from the outside: a kernel is defined as
 * LB_TRACED(LB_FN(lb_name)), which with the trace compiled in (meson
 * option verbose, LB_VERBOSE_BUILD=1) names the untraced body, and
 * ops/verbose_tmpl.c defines the public lb_name around it; core/verbose.c
 * reads the level and prints the lines. Compiled out, the body is the
 * public function itself and nothing of the trace remains.
 */
#ifndef LB_VERBOSE_H
#define LB_VERBOSE_H

#include "layerblas.h"

#include <stddef.h>

#if LB_VERBOSE_BUILD

#include <stdatomic.h>
#include <stdbool.h>
#include <time.h>

#define LB_TRACED(name) LB_TRACED_(name)
#define LB_TRACED_(name) name##_untraced

/* The threads the current call's kernels ran on: lb_parallel raises it. */
extern _Thread_local int lb_trace_nthr;

static inline void lb_trace_threads(size_t t)
{
    if ((int)t > lb_trace_nthr)
        lb_trace_nthr = (int)t;
}

/* LB_VERBOSE, -1 until read; lb_verbose_level() reads it. */
extern atomic_int lb_verbose_cached;
int lb_verbose_level_first(void);

/* The level of LB_VERBOSE: 0 (off), 1 (calls) or 2 and up (failures
 * too). Read once per process: setting it later changes nothing. After
 * the first call this is one relaxed load (a pthread_once per call cost a
 * measured 6 ns per kernel call). */
static inline int lb_verbose_level(void)
{
    int level = atomic_load_explicit(&lb_verbose_cached,
                                     memory_order_relaxed);
    return __builtin_expect(level >= 0, 1) ? level : lb_verbose_level_first();
}

/* One traced call: its start, and the enclosing traced call's threads. */
typedef struct lb_trace {
    struct timespec t0;
    int nthr;
} lb_trace;

lb_trace lb_trace_begin(void);
/* Prints the line of a call that returned st at this level; what (a
 * format and its arguments) gives the sizes and options fields. */
void lb_trace_end(const lb_trace *t, int level, const char *fn,
                  const char *dtype, lb_status st, const char *what, ...)
    __attribute__((format(printf, 6, 7)));

/* Field helpers: the cross-entropy options (dbl: the double functions'
 * weights), the outputs given among those named (one word per pointer),
 * the optimizer; written into buf, or a constant string. */
const char *lb_trace_xent(const lb_xent_opts *opts, bool dbl, char *buf,
                          size_t size);
const char *lb_trace_outs(char *buf, size_t size, const char *names,
                          const void *const *ptrs);
const char *lb_trace_optim(const lb_optim_opts *opts);

#else

#define LB_TRACED(name) name

static inline void lb_trace_threads(size_t t)
{
    (void)t;
}

#endif

#endif /* LB_VERBOSE_H */

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
 * verbose.inc defines the public lb_name around it. Compiled out, the
 * body is the public function itself and nothing of the trace remains.
 */
#ifndef LB_VERBOSE_H
#define LB_VERBOSE_H

#include "layerblas.h"

#include <stddef.h>

#if LB_VERBOSE_BUILD

#define LB_TRACED(name) LB_TRACED_(name)
#define LB_TRACED_(name) name##_untraced

/* The threads the current call's kernels ran on: lb_parallel raises it. */
extern _Thread_local int lb_trace_nthr;

static inline void lb_trace_threads(size_t t)
{
    if ((int)t > lb_trace_nthr)
        lb_trace_nthr = (int)t;
}

#else

#define LB_TRACED(name) name

static inline void lb_trace_threads(size_t t)
{
    (void)t;
}

#endif

#endif /* LB_VERBOSE_H */

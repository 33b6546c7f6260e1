/*
 * pool.h - layerblas's persistent thread pool: workers started once, on
 * the first call that wants them, asleep between calls, on which the row
 * engine (parallel.h) and the GEMM panels (gemm_tmpl.c) run their tasks.
 *
 * Tasks are claimed one at a time by whichever thread is free, so which
 * thread runs a task depends on timing; a task's result must therefore
 * depend on its index alone, never on the thread or the thread count:
 * that is what keeps every result bitwise the same for any thread count.
 */
#ifndef LB_POOL_H
#define LB_POOL_H

#include <stddef.h>

/* Threads one call may use, the caller's included. */
#define LB_POOL_MAX_THREADS 64

/* One task of a call: task number i of ctx. Called from several threads at
 * once, for different i. */
typedef void (*lb_task_fn)(void *ctx, size_t i);

/* Runs task(ctx, i) for every i in [0, ntasks) on up to `threads` threads
 * (the caller's included, capped at LB_POOL_MAX_THREADS) and returns when
 * every task is done. The caller runs them alone when threads <= 1, when
 * ntasks <= 1, when workers cannot be started, and when the pool is
 * already serving another call (a second caller thread, or a task that
 * calls back into the library): the pool serves one call at a time, and a
 * call never waits for another. */
void lb_pool_run(size_t ntasks, size_t threads, lb_task_fn task, void *ctx);

#endif /* LB_POOL_H */

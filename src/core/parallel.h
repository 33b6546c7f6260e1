/*
 * parallel.h - the row engine: every row-wise operation of the library runs
 * its rows through lb_rows(), which splits them over threads and sums what
 * they return in a fixed order.
 *
 * Rows are grouped into lb_chunk_count(n) chunks, a number that depends on
 * n alone; the sum is taken within a chunk in row order and then over
 * chunks in chunk order, and a chunk is one task of the pool, run whole by
 * one thread.
 * So the sums, hence the results, are bitwise the same for any thread
 * count. A row is computed by one thread alone.
 */
#ifndef LB_PARALLEL_H
#define LB_PARALLEL_H

#include <stdbool.h>
#include <stddef.h>

/* At most this many chunks per call: the engine keeps one partial sum per
 * chunk on its stack. */
#define LB_MAX_CHUNKS 64

/* Elements a thread must have to be worth waking: a wake-up of the pool
 * costs less than a thread's pass over 16 Ki elements in cache
 * (docs/performance.md). */
#define LB_MIN_WORK_PER_THREAD 16384

/* The threads for a call touching `work` elements: lb_get_num_threads(),
 * fewer for small work, at least 1. */
size_t lb_threads_for(size_t work);

/* One row of an operation: computes row i from ctx (which carries the
 * operation's arguments and the kernel table taken once per call) and
 * returns its term of the call's sum: a row's loss, or 0 for an operation
 * that only writes rows. It must be safe to call from several threads at
 * once for different rows. */
typedef double (*lb_row_fn)(const void *ctx, size_t i);

/* Runs row(ctx, i) for every i in [0, n) on up to lb_threads_for(work)
 * threads of the pool (pool.h) and returns the sum of what the rows returned,
 * in the fixed order above (for n <= LB_MAX_CHUNKS, simply in row order).
 * n = 0 returns 0. An operation whose items are not rows (the column
 * blocks of the bias gradient) runs them the same way. */
double lb_rows(size_t n, size_t work, lb_row_fn row, const void *ctx);

/* Whether item i + 1 of n is in item i's chunk, so that the thread running
 * i runs it next: what a row may fetch ahead (into another thread's rows
 * it would only take cache lines from under that thread). */
bool lb_rows_next_in_chunk(size_t n, size_t i);

#endif /* LB_PARALLEL_H */

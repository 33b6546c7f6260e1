/*
 * parallel.h - rows split over threads, and the fixed chunking that keeps
 * every cross-row sum independent of the split.
 *
 * Rows are grouped into lb_chunk_count(n) chunks, a number that depends on
 * n alone; a kernel sums within a chunk in row order and then over chunks
 * in chunk order, and threads only ever take whole runs of chunks. So the
 * sums, hence the results, are bitwise the same for any thread count.
 */
#ifndef LB_PARALLEL_H
#define LB_PARALLEL_H

#include <stddef.h>

/* At most this many chunks (and threads) per call: a kernel may keep one
 * partial sum per chunk on its stack. */
#define LB_MAX_CHUNKS 64

/* Elements a thread must have to be worth starting: starting and joining
 * one costs tens of microseconds, more on a busy machine; with 256 Ki the
 * benchmark's 256x1024 ReLU ran slower on two threads than on one. */
#define LB_MIN_WORK_PER_THREAD 524288

static inline size_t lb_chunk_count(size_t n)
{
    return n < LB_MAX_CHUNKS ? n : LB_MAX_CHUNKS;
}

/* First row of chunk i of k over n rows (chunk i ends where i+1 begins). */
static inline size_t lb_chunk_row(size_t n, size_t k, size_t i)
{
    return n / k * i + (i < n % k ? i : n % k);
}

/* Runs fn over chunks [begin, end) of [0, nchunks) on up to
 * lb_get_num_threads() threads (fewer when work, the elements touched, is
 * small), the caller's thread taking the first run; returns when all are
 * done. A thread that cannot be started has its run done by the caller. */
typedef void (*lb_range_fn)(void *ctx, size_t begin, size_t end);
void lb_parallel(size_t nchunks, size_t work, lb_range_fn fn, void *ctx);

/* sum_i row(ctx, i) over rows [0, n), the rows split over threads as
 * lb_parallel does; the sum is taken within each chunk in row order, then
 * over chunks in chunk order, so it is the same for any thread count (for
 * n <= LB_MAX_CHUNKS, simply in row order). row must be safe to call from
 * several threads at once for different rows. */
typedef double (*lb_row_sum_fn)(const void *ctx, size_t i);
double lb_parallel_sum(size_t n, size_t work, lb_row_sum_fn row,
                       const void *ctx);

#endif /* LB_PARALLEL_H */

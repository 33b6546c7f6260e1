/*
 * parallel.c - lb_parallel (parallel.h) on POSIX threads, started per call
 * and joined before it returns: nothing stays running between calls to
 * compete with OpenBLAS's own pool (pthreads in Debian's build, so OpenMP
 * here would be a second pool), and kernels may run from several caller
 * threads at once.
 */
#include "internal.h"
#include "parallel.h"

#include <pthread.h>

typedef struct lb_task {
    lb_range_fn fn;
    void *ctx;
    size_t begin, end;
} lb_task;

static void *lb_task_run(void *arg)
{
    lb_task *t = arg;
    t->fn(t->ctx, t->begin, t->end);
    return NULL;
}

static size_t lb_threads_for(size_t nchunks, size_t work)
{
    size_t t = (size_t)lb_get_num_threads();
    size_t by_work = work / LB_MIN_WORK_PER_THREAD;
    if (t > by_work)
        t = by_work;
    if (t > nchunks)
        t = nchunks;
    if (t > LB_MAX_CHUNKS)
        t = LB_MAX_CHUNKS;
    return t < 1 ? 1 : t;
}

void lb_parallel(size_t nchunks, size_t work, lb_range_fn fn, void *ctx)
{
    size_t t = lb_threads_for(nchunks, work);
    lb_task task[LB_MAX_CHUNKS];
    pthread_t tid[LB_MAX_CHUNKS];
    bool started[LB_MAX_CHUNKS];
    for (size_t i = 1; i < t; i++) {
        task[i] = (lb_task){fn, ctx, lb_chunk_row(nchunks, t, i),
                            lb_chunk_row(nchunks, t, i + 1)};
        started[i] = pthread_create(&tid[i], NULL, lb_task_run, &task[i]) == 0;
    }
    fn(ctx, 0, lb_chunk_row(nchunks, t, 1));
    for (size_t i = 1; i < t; i++) {
        if (started[i])
            pthread_join(tid[i], NULL);
        else
            lb_task_run(&task[i]);
    }
}

typedef struct lb_sum_task {
    lb_row_sum_fn row;
    const void *ctx;
    size_t n;
    double *part; /* one partial sum per chunk */
} lb_sum_task;

static void lb_sum_range(void *arg, size_t begin, size_t end)
{
    const lb_sum_task *t = arg;
    size_t k = lb_chunk_count(t->n);
    for (size_t ch = begin; ch < end; ch++) {
        double s = 0;
        size_t i1 = lb_chunk_row(t->n, k, ch + 1);
        for (size_t i = lb_chunk_row(t->n, k, ch); i < i1; i++)
            s += t->row(t->ctx, i);
        t->part[ch] = s;
    }
}

double lb_parallel_sum(size_t n, size_t work, lb_row_sum_fn row,
                       const void *ctx)
{
    double part[LB_MAX_CHUNKS];
    lb_sum_task t = {row, ctx, n, part};
    size_t k = lb_chunk_count(n);
    lb_parallel(k, work, lb_sum_range, &t);
    double s = 0;
    for (size_t ch = 0; ch < k; ch++)
        s += part[ch];
    return s;
}

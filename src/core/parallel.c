/*
 * parallel.c - the row engine of parallel.h on POSIX threads, started per
 * call and joined before it returns: nothing stays running between calls
 * to compete with OpenBLAS's own pool (pthreads in Debian's build, so
 * OpenMP here would be a second pool), and operations may run from several
 * caller threads at once.
 */
#include "internal.h"
#include "parallel.h"

#include <pthread.h>

/* One call: the rows, and one partial sum per chunk. */
typedef struct lb_rows_call {
    lb_row_fn row;
    const void *ctx;
    size_t n, nchunks;
    double part[LB_MAX_CHUNKS];
} lb_rows_call;

/* A thread's share: chunks [begin, end). */
typedef struct lb_rows_task {
    lb_rows_call *call;
    size_t begin, end;
} lb_rows_task;

static size_t lb_chunk_count(size_t n)
{
    return n < LB_MAX_CHUNKS ? n : LB_MAX_CHUNKS;
}

/* First item of part i of k over n items (part i ends where i+1 begins). */
static size_t lb_chunk_row(size_t n, size_t k, size_t i)
{
    return n / k * i + (i < n % k ? i : n % k);
}

static void *lb_rows_task_run(void *arg)
{
    const lb_rows_task *t = arg;
    lb_rows_call *c = t->call;
    for (size_t ch = t->begin; ch < t->end; ch++) {
        double s = 0;
        size_t i1 = lb_chunk_row(c->n, c->nchunks, ch + 1);
        for (size_t i = lb_chunk_row(c->n, c->nchunks, ch); i < i1; i++)
            s += c->row(c->ctx, i);
        c->part[ch] = s;
    }
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
    return t < 1 ? 1 : t;
}

double lb_rows(size_t n, size_t work, lb_row_fn row, const void *ctx)
{
    lb_rows_call c = {.row = row, .ctx = ctx, .n = n,
                      .nchunks = lb_chunk_count(n)};
    size_t t = lb_threads_for(c.nchunks, work);
    lb_trace_threads(t);
    lb_rows_task task[LB_MAX_CHUNKS];
    pthread_t tid[LB_MAX_CHUNKS];
    bool started[LB_MAX_CHUNKS];
    for (size_t i = 0; i < t; i++)
        task[i] = (lb_rows_task){&c, lb_chunk_row(c.nchunks, t, i),
                                 lb_chunk_row(c.nchunks, t, i + 1)};
    for (size_t i = 1; i < t; i++)
        started[i] =
            pthread_create(&tid[i], NULL, lb_rows_task_run, &task[i]) == 0;
    lb_rows_task_run(&task[0]);
    for (size_t i = 1; i < t; i++) {
        if (started[i])
            pthread_join(tid[i], NULL);
        else
            lb_rows_task_run(&task[i]);
    }
    double s = 0;
    for (size_t ch = 0; ch < c.nchunks; ch++)
        s += c.part[ch];
    return s;
}

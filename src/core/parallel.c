/*
 * parallel.c - the row engine of parallel.h on the persistent pool
 * (pool.h): each chunk is one task, so any thread may run any chunk and
 * the sums stay those of the fixed chunk order.
 */
#include "internal.h"
#include "parallel.h"
#include "pool.h"

/* One call: the rows, and one partial sum per chunk. */
typedef struct lb_rows_call {
    lb_row_fn row;
    const void *ctx;
    size_t n, nchunks;
    double part[LB_MAX_CHUNKS];
} lb_rows_call;

static size_t lb_chunk_count(size_t n)
{
    return n < LB_MAX_CHUNKS ? n : LB_MAX_CHUNKS;
}

/* First item of part i of k over n items (part i ends where i+1 begins). */
static size_t lb_chunk_row(size_t n, size_t k, size_t i)
{
    return n / k * i + (i < n % k ? i : n % k);
}

bool lb_rows_next_in_chunk(size_t n, size_t i)
{
    size_t k = lb_chunk_count(n), q, rem, b = i + 1;
    if (b >= n)
        return false;
    /* Chunk ch starts at q ch + min(ch, rem): (q + 1) ch up to chunk rem,
     * then rem more than q ch. */
    q = n / k;
    rem = n % k;
    return b <= (q + 1) * rem ? b % (q + 1) != 0 : (b - rem) % q != 0;
}

static void lb_rows_chunk(void *arg, size_t ch)
{
    lb_rows_call *c = arg;
    double s = 0;
    size_t i1 = lb_chunk_row(c->n, c->nchunks, ch + 1);
    for (size_t i = lb_chunk_row(c->n, c->nchunks, ch); i < i1; i++)
        s += c->row(c->ctx, i);
    c->part[ch] = s;
}

size_t lb_threads_for(size_t work)
{
    size_t t = (size_t)lb_get_num_threads();
    size_t by_work = work / LB_MIN_WORK_PER_THREAD;
    if (t > by_work)
        t = by_work;
    return t < 1 ? 1 : t;
}

double lb_rows(size_t n, size_t work, lb_row_fn row, const void *ctx)
{
    lb_rows_call c = {.row = row, .ctx = ctx, .n = n,
                      .nchunks = lb_chunk_count(n)};
    size_t t = lb_threads_for(work);
    lb_trace_threads(t);
    lb_pool_run(c.nchunks, t, lb_rows_chunk, &c);
    double s = 0;
    for (size_t ch = 0; ch < c.nchunks; ch++)
        s += c.part[ch];
    return s;
}

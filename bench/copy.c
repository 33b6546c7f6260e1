/*
 * copy.c - the bandwidth baseline: memcpy of a pass's bytes, split over as
 * many threads as the kernels get, so the limit at two threads is what two
 * cores can move. The team's threads block on a barrier between passes
 * (no spinning) and so take no cycles from the BLAS's threads.
 */
#include "bench.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct {
    pthread_t tid[BENCH_MAX_THREADS];
    pthread_barrier_t start, done;
    int n; /* threads in the team, the caller included; 1: no team */
    bool quit;
    char *dst;
    const char *src;
    size_t bytes;
} team = {.n = 1};

/* Below this many bytes per thread, waking a thread costs more than its
 * share of the copy saves, and a threaded kernel would not split either. */
#define COPY_MIN_SHARE ((size_t)256 << 10)

/* How many of the team copy `bytes`: each at least COPY_MIN_SHARE. */
static int copy_split(size_t bytes)
{
    size_t n = bytes / COPY_MIN_SHARE;
    return n < 1 ? 1 : (n < (size_t)team.n ? (int)n : team.n);
}

/* Thread idx's share of the copy: contiguous, cache-line aligned cuts
 * over the first copy_split() threads; the rest have nothing to do. */
static void copy_share(int idx)
{
    size_t per = (team.bytes / (size_t)copy_split(team.bytes) + 63) &
                 ~(size_t)63;
    size_t lo = per * (size_t)idx;
    if (lo >= team.bytes)
        return;
    size_t len = team.bytes - lo < per ? team.bytes - lo : per;
    memcpy(team.dst + lo, team.src + lo, len);
}

static void *copy_worker(void *arg)
{
    int idx = (int)(intptr_t)arg;
    for (;;) {
        pthread_barrier_wait(&team.start);
        if (team.quit)
            return NULL;
        copy_share(idx);
        pthread_barrier_wait(&team.done);
    }
}

static void copy_team_stop(void)
{
    if (team.n == 1)
        return;
    team.quit = true;
    pthread_barrier_wait(&team.start);
    for (int i = 1; i < team.n; i++)
        pthread_join(team.tid[i], NULL);
    pthread_barrier_destroy(&team.start);
    pthread_barrier_destroy(&team.done);
    team.n = 1;
    team.quit = false;
}

void bench_copy_threads(int nthreads)
{
    int n = nthreads < 1 ? 1 : (nthreads > BENCH_MAX_THREADS
                                    ? BENCH_MAX_THREADS : nthreads);
    if (n == team.n)
        return;
    copy_team_stop();
    if (n == 1)
        return;
    pthread_barrier_init(&team.start, NULL, (unsigned)n);
    pthread_barrier_init(&team.done, NULL, (unsigned)n);
    for (int i = 1; i < n; i++) {
        if (pthread_create(&team.tid[i], NULL, copy_worker,
                           (void *)(intptr_t)i) != 0) {
            fprintf(stderr, "layerblas-bench: cannot start a copy thread\n");
            exit(EXIT_FAILURE);
        }
    }
    team.n = n;
}

static void bench_copy(void *dst, const void *src, size_t bytes)
{
    team.dst = dst;
    team.src = src;
    team.bytes = bytes;
    if (copy_split(bytes) == 1) {
        memcpy(dst, src, bytes);
        return;
    }
    pthread_barrier_wait(&team.start);
    copy_share(0);
    pthread_barrier_wait(&team.done);
}

void bench_copybuf_init(bench_copybuf *b, size_t bytes)
{
    b->dst = bench_alloc(bytes);
    b->src = bench_alloc(bytes);
    b->bytes = bytes;
}

void bench_copybuf_free(bench_copybuf *b)
{
    free(b->dst);
    free(b->src);
}

void bench_copy_pass(void *copybuf)
{
    bench_copybuf *b = copybuf;
    bench_copy(b->dst, b->src, b->bytes);
}

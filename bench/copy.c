/*
 * copy.c - the bandwidth baseline: memcpy of a pass's bytes, split over as
 * many threads as the kernels get, so the limit at two threads is what two
 * cores can move. The team sleeps on a barrier outside the copy's own
 * samples, so it takes no cycles from the other implementations; for a
 * sample it is woken before the clock starts and spins between passes, so
 * waking a thread on a loaded machine (milliseconds) is never timed. On a
 * machine busy with other work a spinning team loses whole time slices, so
 * the first sample at each thread count tries one thread against the team
 * and keeps the faster: the limit is the best way to move the bytes.
 */
#include "bench.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct {
    pthread_t tid[BENCH_MAX_THREADS];
    pthread_barrier_t wake;
    int n;               /* threads in the team, the caller included */
    bool quit;           /* read after the wake barrier */
    atomic_uint job;     /* bumped for each pass, and to end a sample */
    atomic_bool rest;    /* the last bump ends the sample */
    atomic_int finished; /* workers done with this pass */
    char *dst;
    const char *src;
    size_t bytes;
    int split; /* threads sharing the current copy */
} team = {.n = 1};

/* Below this many bytes per thread, a thread's share is too small to gain
 * from, and a threaded kernel would not split such work either. */
#define COPY_MIN_SHARE ((size_t)256 << 10)

/* How many of the team copy `bytes`: each at least COPY_MIN_SHARE. */
static int copy_split(size_t bytes)
{
    size_t n = bytes / COPY_MIN_SHARE;
    return n < 1 ? 1 : (n < (size_t)team.n ? (int)n : team.n);
}

/* Thread idx's share of the copy: contiguous, cache-line aligned cuts
 * over the first team.split threads; the rest have nothing to do. */
static void copy_share(int idx)
{
    size_t per = (team.bytes / (size_t)team.split + 63) & ~(size_t)63;
    size_t lo = per * (size_t)idx;
    if (lo >= team.bytes)
        return;
    size_t len = team.bytes - lo < per ? team.bytes - lo : per;
    memcpy(team.dst + lo, team.src + lo, len);
}

/* The spin loops' hint to the core that they are waiting. */
static inline void copy_relax(void)
{
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#endif
}

/* Asleep until a sample starts; then a share of each pass until it ends.
 * Every job bump, the last one too, is acknowledged through `finished`. */
static void *copy_worker(void *arg)
{
    int idx = (int)(intptr_t)arg;
    for (;;) {
        unsigned seen = atomic_load(&team.job);
        pthread_barrier_wait(&team.wake);
        if (team.quit)
            return NULL;
        for (;;) {
            unsigned now;
            while ((now = atomic_load(&team.job)) == seen)
                copy_relax();
            seen = now;
            bool rest = atomic_load(&team.rest);
            if (!rest)
                copy_share(idx);
            atomic_fetch_add(&team.finished, 1);
            if (rest)
                break;
        }
    }
}

static void copy_team_stop(void)
{
    if (team.n == 1)
        return;
    team.quit = true;
    pthread_barrier_wait(&team.wake);
    for (int i = 1; i < team.n; i++)
        pthread_join(team.tid[i], NULL);
    pthread_barrier_destroy(&team.wake);
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
    pthread_barrier_init(&team.wake, NULL, (unsigned)n);
    for (int i = 1; i < n; i++) {
        if (pthread_create(&team.tid[i], NULL, copy_worker,
                           (void *)(intptr_t)i) != 0) {
            fprintf(stderr, "layerblas-bench: cannot start a copy thread\n");
            exit(EXIT_FAILURE);
        }
    }
    team.n = n;
}

void bench_copybuf_init(bench_copybuf *b, size_t bytes)
{
    b->dst = bench_alloc(bytes);
    b->src = bench_alloc(bytes);
    b->bytes = bytes;
    b->split = 1;
    b->chosen_for = 0;
}

void bench_copybuf_free(bench_copybuf *b)
{
    free(b->dst);
    free(b->src);
}

static void copy_wait_team(void)
{
    while (atomic_load(&team.finished) < team.n - 1)
        copy_relax();
}

static void copy_wake(bench_copybuf *b, int split)
{
    team.dst = b->dst;
    team.src = b->src;
    team.bytes = b->bytes;
    team.split = split;
    if (split == 1)
        return;
    atomic_store(&team.rest, false);
    pthread_barrier_wait(&team.wake);
}

static void copy_rest(int split)
{
    if (split == 1)
        return;
    atomic_store(&team.rest, true);
    atomic_store(&team.finished, 0);
    atomic_fetch_add(&team.job, 1);
    copy_wait_team(); /* all back to the barrier before the next wake */
}

static void copy_run(bench_copybuf *b, int split)
{
    if (split == 1) {
        memcpy(b->dst, b->src, b->bytes);
        return;
    }
    atomic_store(&team.finished, 0);
    atomic_fetch_add(&team.job, 1);
    copy_share(0);
    copy_wait_team();
}

/* Seconds for a few passes split over `split` threads. */
static double copy_try(bench_copybuf *b, int split)
{
    copy_wake(b, split);
    double t0 = bench_now();
    for (int k = 0; k < 3; k++)
        copy_run(b, split);
    double t = bench_now() - t0;
    copy_rest(split);
    return t;
}

void bench_copy_begin(void *copybuf)
{
    bench_copybuf *b = copybuf;
    if (b->chosen_for != team.n) {
        int split = copy_split(b->bytes);
        b->split = split > 1 && copy_try(b, split) < copy_try(b, 1) ? split
                                                                     : 1;
        b->chosen_for = team.n;
    }
    copy_wake(b, b->split);
}

void bench_copy_pass(void *copybuf)
{
    bench_copybuf *b = copybuf;
    copy_run(b, b->split);
}

void bench_copy_end(void *copybuf)
{
    bench_copybuf *b = copybuf;
    copy_rest(b->split);
}

int bench_copy_threads_used(void *copybuf)
{
    return ((bench_copybuf *)copybuf)->split;
}

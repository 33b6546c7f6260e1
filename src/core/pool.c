/*
 * pool.c - the persistent pool of pool.h on POSIX threads.
 *
 * Why a pool of our own and not Debian's libpthreadpool (the pool of
 * XNNPACK and PyTorch), measured on a 2-core machine (README, "Threads"):
 * dispatch costs the same within the noise (about 1 us per call with the
 * workers awake), but pthreadpool is not fork-safe (a pool made before
 * fork() deadlocks the child, and Check forks a child per test), fixes its
 * size at creation (lb_set_num_threads() would have to destroy and remake
 * it), makes a second caller thread wait for the first, and would be one
 * more run-time dependency. This one is a page of code: workers spin
 * briefly after a call (the calls of a training step come back to back),
 * then sleep on a condition variable, so an idle pool takes no CPU from
 * OpenBLAS's pool or anyone else's.
 *
 * A call is a job: the caller publishes it in one atomic word, `claim`
 * (generation | workers allowed to help | tasks | next task), and every
 * thread takes tasks by bumping `next` with a compare-and-swap that also
 * checks the generation, so a worker that wakes late cannot take a task of
 * a job that has moved on. The caller counts finished tasks, not workers:
 * it waits only for tasks being run, never for a worker that is asleep,
 * descheduled or just too late to help.
 */
#define _POSIX_C_SOURCE 200809L /* clock_gettime, pthread_atfork */

#include "pool.h"

#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <time.h>

/* How long a worker spins for the next job before it sleeps. */
#define LB_POOL_SPIN_NS 100000

/* claim: generation (bits 32..63), workers allowed to help (24..31),
 * tasks (12..23), next task (0..11). */
#define LB_CLAIM_GEN(c) ((uint32_t)((c) >> 32))
#define LB_CLAIM_ALLOWED(c) ((size_t)((c) >> 24) & 0xffu)
#define LB_CLAIM_TASKS(c) ((size_t)((c) >> 12) & 0xfffu)
#define LB_CLAIM_NEXT(c) ((size_t)(c) & 0xfffu)

/* Tasks one call may have (12 bits of claim). */
#define LB_POOL_MAX_TASKS 4095

typedef struct lb_pool {
    pthread_mutex_t lock; /* for sleeping, starting and stopping workers */
    pthread_cond_t wake;
    atomic_bool busy;     /* a call owns the pool */
    atomic_bool stop;
    atomic_int sleepers;  /* workers waiting on `wake` */
    _Atomic uint64_t claim;
    /* The job, written by its caller before it publishes the generation;
     * a task's taker reads them after its claim succeeded, and the job
     * cannot end before that task is done. */
    lb_task_fn task;
    void *ctx;
    _Alignas(64) atomic_size_t done; /* tasks finished, own cache line */
    _Alignas(64) size_t nworkers;
    pthread_t tid[LB_POOL_MAX_THREADS - 1];
    size_t index[LB_POOL_MAX_THREADS - 1]; /* each worker's number */
} lb_pool;

static lb_pool pool = {.lock = PTHREAD_MUTEX_INITIALIZER,
                       .wake = PTHREAD_COND_INITIALIZER};
static pthread_once_t pool_once = PTHREAD_ONCE_INIT;

static inline void lb_cpu_relax(void)
{
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#endif
}

static int64_t lb_now_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec;
}

/* Takes and runs the tasks of the job of claim c (as loaded) until none
 * is left or the job is no longer current. */
static void lb_pool_drain(lb_pool *p, uint64_t c)
{
    uint32_t gen = LB_CLAIM_GEN(c);
    while (LB_CLAIM_GEN(c) == gen && LB_CLAIM_NEXT(c) < LB_CLAIM_TASKS(c)) {
        if (!atomic_compare_exchange_weak_explicit(&p->claim, &c, c + 1,
                                                   memory_order_acquire,
                                                   memory_order_relaxed))
            continue; /* c reloaded */
        p->task(p->ctx, LB_CLAIM_NEXT(c));
        atomic_fetch_add_explicit(&p->done, 1, memory_order_release);
        c++;
    }
}

/* Waits for a generation other than seen (or stop): spins, then sleeps.
 * The sleeper count and the claim word are both sequentially consistent,
 * so either the caller sees a sleeper and signals, or the worker sees the
 * new generation before it waits. */
static uint64_t lb_pool_wait(lb_pool *p, uint32_t seen)
{
    uint64_t c;
    int64_t until = lb_now_ns() + LB_POOL_SPIN_NS;
    for (unsigned spins = 1;; spins++) {
        c = atomic_load(&p->claim);
        if (LB_CLAIM_GEN(c) != seen || atomic_load(&p->stop))
            return c;
        lb_cpu_relax();
        if (spins % 64 == 0 && lb_now_ns() > until)
            break;
    }
    pthread_mutex_lock(&p->lock);
    atomic_fetch_add(&p->sleepers, 1);
    while (LB_CLAIM_GEN(c = atomic_load(&p->claim)) == seen &&
           !atomic_load(&p->stop))
        pthread_cond_wait(&p->wake, &p->lock);
    atomic_fetch_sub(&p->sleepers, 1);
    pthread_mutex_unlock(&p->lock);
    return c;
}

static void *lb_pool_worker(void *arg)
{
    lb_pool *p = &pool;
    size_t me = *(const size_t *)arg;
    uint32_t seen = LB_CLAIM_GEN(atomic_load(&p->claim));
    for (;;) {
        uint64_t c = lb_pool_wait(p, seen);
        if (atomic_load(&p->stop))
            return NULL;
        seen = LB_CLAIM_GEN(c);
        if (me < LB_CLAIM_ALLOWED(c))
            lb_pool_drain(p, c);
    }
}

/* In a child of fork() only the forking thread exists: the pool starts
 * over, without workers (the parent's stay the parent's). */
static void lb_pool_after_fork(void)
{
    pthread_mutex_init(&pool.lock, NULL);
    pthread_cond_init(&pool.wake, NULL);
    atomic_store(&pool.busy, false);
    atomic_store(&pool.sleepers, 0);
    pool.nworkers = 0;
}

static void lb_pool_register_fork(void)
{
    pthread_atfork(NULL, NULL, lb_pool_after_fork);
}

/* Starts workers until there are `want` (as many as can be started). A
 * new worker takes the generation current when it starts as seen: it was
 * started before the job that wanted it was published. */
static void lb_pool_grow(lb_pool *p, size_t want)
{
    pthread_once(&pool_once, lb_pool_register_fork);
    pthread_mutex_lock(&p->lock);
    while (p->nworkers < want) {
        p->index[p->nworkers] = p->nworkers;
        if (pthread_create(&p->tid[p->nworkers], NULL, lb_pool_worker,
                           &p->index[p->nworkers]) != 0)
            break;
        p->nworkers++;
    }
    pthread_mutex_unlock(&p->lock);
}

/* Waits for the tasks others took to finish. */
static void lb_pool_wait_done(lb_pool *p, size_t ntasks)
{
    for (unsigned spins = 1;
         atomic_load_explicit(&p->done, memory_order_acquire) < ntasks;
         spins++) {
        lb_cpu_relax();
        /* The thread running a task may have lost its core. */
        if (spins % 4096 == 0)
            sched_yield();
    }
}

static void lb_pool_serial(size_t ntasks, lb_task_fn task, void *ctx)
{
    for (size_t i = 0; i < ntasks; i++)
        task(ctx, i);
}

void lb_pool_run(size_t ntasks, size_t threads, lb_task_fn task, void *ctx)
{
    lb_pool *p = &pool;
    bool idle = false;
    if (threads > LB_POOL_MAX_THREADS)
        threads = LB_POOL_MAX_THREADS;
    if (threads < 2 || ntasks < 2 || ntasks > LB_POOL_MAX_TASKS ||
        !atomic_compare_exchange_strong(&p->busy, &idle, true)) {
        lb_pool_serial(ntasks, task, ctx);
        return;
    }
    if (p->nworkers < threads - 1)
        lb_pool_grow(p, threads - 1);
    p->task = task;
    p->ctx = ctx;
    atomic_store_explicit(&p->done, 0, memory_order_relaxed);
    uint64_t gen = LB_CLAIM_GEN(atomic_load(&p->claim)) + 1u;
    uint64_t c = gen << 32 | (uint64_t)(threads - 1) << 24 |
                 (uint64_t)ntasks << 12;
    atomic_store(&p->claim, c);
    if (atomic_load(&p->sleepers) > 0) {
        pthread_mutex_lock(&p->lock);
        pthread_cond_broadcast(&p->wake);
        pthread_mutex_unlock(&p->lock);
    }
    lb_pool_drain(p, c);
    lb_pool_wait_done(p, ntasks);
    atomic_store(&p->busy, false);
}

/* At exit (or when the library is unloaded) the workers are stopped and
 * joined, so nothing of theirs is left behind; skipped if a call is still
 * running in another thread. */
__attribute__((destructor)) static void lb_pool_shutdown(void)
{
    lb_pool *p = &pool;
    bool idle = false;
    if (p->nworkers == 0 ||
        !atomic_compare_exchange_strong(&p->busy, &idle, true))
        return;
    pthread_mutex_lock(&p->lock);
    atomic_store(&p->stop, true);
    pthread_cond_broadcast(&p->wake);
    pthread_mutex_unlock(&p->lock);
    for (size_t i = 0; i < p->nworkers; i++)
        pthread_join(p->tid[i], NULL);
    p->nworkers = 0;
    atomic_store(&p->stop, false);
    atomic_store(&p->busy, false);
}

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
 * A call is a job: its tasks are cut into one contiguous range per thread
 * (the caller's first), so on every call of the same shape a thread meets
 * the rows it met before, still in its own cache (a ReLU's backward reads
 * what its forward wrote), and the threads do not pass one claim word back
 * and forth per task. Each range is one atomic word (generation | next |
 * end) on a cache line of its own: its thread takes tasks from the front,
 * and a thread whose range is empty takes from the back of the others', so
 * the caller runs the share of a worker that wakes late, is descheduled or
 * never comes. The generation in every word makes a claim by a worker that
 * wakes after its job has ended fail. The caller counts finished tasks,
 * not workers: it waits only for tasks being run, never for a worker that
 * is asleep, descheduled or just too late to help.
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

/* job: generation (bits 32..63), workers allowed to help (24..31), tasks
 * (12..23). */
#define LB_JOB_GEN(c) ((uint32_t)((c) >> 32))
#define LB_JOB_ALLOWED(c) ((size_t)((c) >> 24) & 0xffu)
#define LB_JOB_TASKS(c) ((size_t)((c) >> 12) & 0xfffu)

/* A thread's range of tasks: generation (bits 32..63), next task
 * (16..31), end (0..15). */
#define LB_RANGE_NEXT(r) ((size_t)((r) >> 16) & 0xffffu)
#define LB_RANGE_END(r) ((size_t)(r) & 0xffffu)
#define LB_RANGE_ONE_NEXT ((uint64_t)1 << 16)

/* Tasks one call may have (12 bits of job). */
#define LB_POOL_MAX_TASKS 4095

typedef struct lb_range {
    _Alignas(64) _Atomic uint64_t w;
} lb_range;

typedef struct lb_pool {
    pthread_mutex_t lock; /* for sleeping, starting and stopping workers */
    pthread_cond_t wake;
    atomic_bool busy;     /* a call owns the pool */
    atomic_bool stop;
    atomic_int sleepers;  /* workers waiting on `wake` */
    _Atomic uint64_t job;
    /* The job, written by its caller before it publishes the generation;
     * a task's taker reads them after its claim succeeded, and the job
     * cannot end before that task is done. */
    lb_task_fn task;
    void *ctx;
    _Alignas(64) atomic_size_t done; /* tasks finished, own cache line */
    lb_range range[LB_POOL_MAX_THREADS];
    size_t nworkers;
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

/* Claims a task of generation gen from range r: its owner takes the next
 * one, others the last one. False when the range is empty or has moved on
 * to another job. */
static bool lb_range_take(lb_range *r, uint32_t gen, bool own, size_t *i)
{
    uint64_t w = atomic_load_explicit(&r->w, memory_order_relaxed);
    for (;;) {
        if (LB_JOB_GEN(w) != gen || LB_RANGE_NEXT(w) >= LB_RANGE_END(w))
            return false;
        uint64_t to = own ? w + LB_RANGE_ONE_NEXT : w - 1;
        if (atomic_compare_exchange_weak_explicit(&r->w, &w, to,
                                                  memory_order_acquire,
                                                  memory_order_relaxed)) {
            *i = own ? LB_RANGE_NEXT(w) : LB_RANGE_END(w) - 1;
            return true;
        }
    }
}

/* Thread `me` (0: the caller) runs its own range of job c (as loaded),
 * then what is left of the others', until no task of the job is left;
 * then counts the tasks it ran as done. */
static void lb_pool_drain(lb_pool *p, uint64_t c, size_t me)
{
    uint32_t gen = LB_JOB_GEN(c);
    size_t ran = 0, i, n = LB_JOB_ALLOWED(c) + 1;
    for (size_t k = 0; k < n; k++) {
        lb_range *r = &p->range[(me + k) % n];
        while (lb_range_take(r, gen, k == 0, &i)) {
            p->task(p->ctx, i);
            ran++;
        }
    }
    if (ran)
        atomic_fetch_add_explicit(&p->done, ran, memory_order_release);
}

/* Waits for a generation other than seen (or stop): spins, then sleeps.
 * The sleeper count and the job word are both sequentially consistent,
 * so either the caller sees a sleeper and signals, or the worker sees the
 * new generation before it waits. */
static uint64_t lb_pool_wait(lb_pool *p, uint32_t seen)
{
    uint64_t c;
    int64_t until = lb_now_ns() + LB_POOL_SPIN_NS;
    for (unsigned spins = 1;; spins++) {
        c = atomic_load(&p->job);
        if (LB_JOB_GEN(c) != seen || atomic_load(&p->stop))
            return c;
        lb_cpu_relax();
        if (spins % 64 == 0 && lb_now_ns() > until)
            break;
    }
    pthread_mutex_lock(&p->lock);
    atomic_fetch_add(&p->sleepers, 1);
    while (LB_JOB_GEN(c = atomic_load(&p->job)) == seen &&
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
    uint32_t seen = LB_JOB_GEN(atomic_load(&p->job));
    for (;;) {
        uint64_t c = lb_pool_wait(p, seen);
        if (atomic_load(&p->stop))
            return NULL;
        seen = LB_JOB_GEN(c);
        if (me < LB_JOB_ALLOWED(c))
            lb_pool_drain(p, c, me + 1);
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
        /* The thread running a task may have lost its core, maybe to us:
         * a few microseconds of spinning, then a yield now and then. */
        if (spins % 256 == 0)
            sched_yield();
    }
}

static void lb_pool_serial(size_t ntasks, lb_task_fn task, void *ctx)
{
    for (size_t i = 0; i < ntasks; i++)
        task(ctx, i);
}

/* First task of range k of n over ntasks (range k ends where k+1 begins);
 * the first ranges, the caller's among them, take the remainder. */
static size_t lb_range_start(size_t ntasks, size_t n, size_t k)
{
    return ntasks / n * k + (k < ntasks % n ? k : ntasks % n);
}

void lb_pool_run(size_t ntasks, size_t threads, lb_task_fn task, void *ctx)
{
    lb_pool *p = &pool;
    bool idle = false;
    if (threads > LB_POOL_MAX_THREADS)
        threads = LB_POOL_MAX_THREADS;
    if (threads > ntasks)
        threads = ntasks;
    if (threads < 2 || ntasks > LB_POOL_MAX_TASKS ||
        !atomic_compare_exchange_strong(&p->busy, &idle, true)) {
        lb_pool_serial(ntasks, task, ctx);
        return;
    }
    if (p->nworkers < threads - 1)
        lb_pool_grow(p, threads - 1);
    p->task = task;
    p->ctx = ctx;
    atomic_store_explicit(&p->done, 0, memory_order_relaxed);
    uint64_t gen = LB_JOB_GEN(atomic_load(&p->job)) + 1u;
    for (size_t k = 0; k < threads; k++)
        atomic_store_explicit(
            &p->range[k].w,
            gen << 32 | (uint64_t)lb_range_start(ntasks, threads, k) << 16 |
                lb_range_start(ntasks, threads, k + 1),
            memory_order_release);
    uint64_t c = gen << 32 | (uint64_t)(threads - 1) << 24 |
                 (uint64_t)ntasks << 12;
    atomic_store(&p->job, c);
    /* Signalled after the lock is dropped, so a woken worker does not
     * block again on it: a wake-up costs tens of microseconds on a VM. */
    if (atomic_load(&p->sleepers) > 0) {
        pthread_mutex_lock(&p->lock);
        pthread_mutex_unlock(&p->lock);
        pthread_cond_broadcast(&p->wake);
    }
    lb_pool_drain(p, c, 0);
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

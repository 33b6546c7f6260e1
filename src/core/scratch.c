/*
 * scratch.c - a buffer for each thread (scratch.h), so that a call that
 * needs room for a transposed panel never allocates: a thread allocates its
 * buffer once, on its first such call, and frees it when it ends (the
 * pool's workers when they are joined at exit, the main thread in the
 * library's destructor).
 */
#define _POSIX_C_SOURCE 200809L /* pthread_key_create */

#include "scratch.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>

static pthread_key_t lb_scratch_key;
static pthread_once_t lb_scratch_once = PTHREAD_ONCE_INIT;
static bool lb_scratch_keyed;
static _Thread_local void *lb_scratch_buf;

/* A thread's buffer is freed by the key's destructor when it ends. */
static void lb_scratch_make_key(void)
{
    lb_scratch_keyed = pthread_key_create(&lb_scratch_key, free) == 0;
}

void *lb_thread_scratch(void)
{
    if (lb_scratch_buf)
        return lb_scratch_buf;
    pthread_once(&lb_scratch_once, lb_scratch_make_key);
    if (!lb_scratch_keyed)
        return NULL;
    void *p = aligned_alloc(64, LB_SCRATCH_BYTES);
    if (p && pthread_setspecific(lb_scratch_key, p) != 0) {
        free(p);
        p = NULL;
    }
    lb_scratch_buf = p;
    return p;
}

/* Key destructors do not run for the thread that calls exit(). */
__attribute__((destructor)) static void lb_scratch_release(void)
{
    if (lb_scratch_buf && lb_scratch_keyed)
        pthread_setspecific(lb_scratch_key, NULL);
    free(lb_scratch_buf);
    lb_scratch_buf = NULL;
}

/* test_threads.c - concurrent callers: several threads call every kernel
 * at once, each on its own data, and must get bit for bit what a serial
 * run of the same calls gave (the library keeps no mutable global state
 * but the thread count), also on shapes that use layerblas's pool; and a
 * child of fork() computes with a pool of its own. */
#include "testutil.h"

#include <pthread.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* Threads at once, and how often each repeats its calls, so the calls
 * really overlap. */
enum { TH_THREADS = 4, TH_REPEAT = 3 };
/* Shapes: big enough that the GEMMs use the BLAS's own threads too. */
enum { TH_N = 64, TH_K = 48, TH_M = 40 };
/* affine_xent's workspace, chunks of 16 classes: enough for any layout of
 * its row states, column sums and logits. */
enum { TH_WORK = TH_N * 64 + 16 * 8 + TH_N * 16 * 8 };

#define LB_DOUBLE 1
#include "test_threads.inc"
#define LB_DOUBLE 0
#include "test_threads.inc"

/* The thread count is bounded: LB_MAX_THREADS is taken, one more, INT_MAX
 * and negative counts are LB_ERR_ARG and change nothing; every online
 * core (0) is within the bound. */
START_TEST(test_threads_bound)
{
    ck_assert_int_eq(lb_set_num_threads(2), LB_OK);
    static const int bad[] = {LB_MAX_THREADS + 1, INT_MAX, -1, INT_MIN};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) /* cases: bad */
        ck_assert_int_eq(lb_set_num_threads(bad[i]), LB_ERR_ARG);
    ck_assert_int_eq(lb_get_num_threads(), 2);
    ck_assert_int_eq(lb_set_num_threads(LB_MAX_THREADS), LB_OK);
    ck_assert_int_eq(lb_get_num_threads(), LB_MAX_THREADS);
    ck_assert_int_eq(lb_set_num_threads(0), LB_OK);
    ck_assert_int_ge(lb_get_num_threads(), 1);
    ck_assert_int_le(lb_get_num_threads(), LB_MAX_THREADS);
}
END_TEST

/* Shapes that split over layerblas's pool: an affine layer of 8 GEMM
 * panels and a ReLU of 64 chunks. */
enum { PL_N = 128, PL_K = 256, PL_M = 256 };

typedef struct pl_work {
    float X[PL_N * PL_K], W[PL_K * PL_M], Y[PL_N * PL_M], R[PL_N * PL_M];
    lb_status st[2];
} pl_work;

static void pl_fill(pl_work *w, uint64_t seed)
{
    tu_rng r = {seed};
    memset(w, 0, sizeof *w);
    for (size_t i = 0; i < PL_N * PL_K; i++)
        w->X[i] = (float)tu_unif(&r, -1, 1);
    for (size_t i = 0; i < PL_K * PL_M; i++)
        w->W[i] = (float)tu_unif(&r, -1, 1);
}

static void *pl_calls(void *arg)
{
    pl_work *w = arg;
    w->st[0] = lb_affine_forward_s(PL_N, PL_K, PL_M, w->X, PL_K, w->W, PL_M,
                                   NULL, w->Y, PL_M);
    w->st[1] = lb_relu_forward_s(PL_N, PL_M, w->Y, PL_M, w->R, PL_M);
    return NULL;
}

/* Callers that find the pool serving another call run theirs alone: the
 * same bits either way. */
START_TEST(test_threads_pool_callers)
{
    static pl_work serial[TH_THREADS], conc[TH_THREADS];
    ck_assert_int_eq(lb_set_num_threads(2), LB_OK);
    for (int t = 0; t < TH_THREADS; t++) {
        pl_fill(&serial[t], 200 + (uint64_t)t);
        pl_calls(&serial[t]);
        pl_fill(&conc[t], 200 + (uint64_t)t);
    }
    pthread_t th[TH_THREADS];
    int created = 0, joined = 0, differ = -1;
    for (int t = 0; t < TH_THREADS; t++)
        created += pthread_create(&th[t], NULL, pl_calls, &conc[t]) == 0;
    ck_assert_int_eq(created, TH_THREADS);
    for (int t = 0; t < TH_THREADS; t++)
        joined += pthread_join(th[t], NULL) == 0;
    ck_assert_int_eq(joined, TH_THREADS);
    lb_set_num_threads(0);
    for (int t = TH_THREADS - 1; t >= 0; t--)
        differ = memcmp(&serial[t], &conc[t], sizeof serial[t]) ? t : differ;
    ck_assert_msg(differ < 0, "thread %d: results differ from the serial run",
                  differ);
}
END_TEST

/* A child of fork() whose parent's pool has workers gets a pool of its
 * own (the parent's workers do not exist in it), the same results, and
 * exits. */
START_TEST(test_threads_pool_fork)
{
    static pl_work parent, child;
    ck_assert_int_eq(lb_set_num_threads(3), LB_OK);
    pl_fill(&parent, 300);
    pl_calls(&parent); /* the pool now has workers */
    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        pl_fill(&child, 300);
        pl_calls(&child);
        pl_calls(&child);
        /* exit(), not _exit(): the library's exit handler must not wait
         * for the parent's workers either. */
        exit(memcmp(&parent, &child, sizeof child) == 0 ? 0 : 1);
    }
    int status = 0;
    ck_assert_int_eq(waitpid(pid, &status, 0), pid);
    lb_set_num_threads(0);
    ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0,
                  "the child's results differ or it failed (status %d)",
                  status);
}
END_TEST

Suite *suite_threads(void)
{
    Suite *s = tu_suite("threads");
    TCase *tc = tu_tcase_threads(s, "concurrency");
    tcase_add_test(tc, test_threads_d);
    tcase_add_test(tc, test_threads_s);
    tcase_add_test(tc, test_threads_pool_callers);
    tcase_add_test(tc, test_threads_pool_fork);
    tcase_add_test(tu_tcase(s, "bound"), test_threads_bound);
    return s;
}

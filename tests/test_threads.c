/* test_threads.c - concurrent callers: several threads call every kernel
 * at once, each on its own data, and must get bit for bit what a serial
 * run of the same calls gave (the library keeps no mutable global state
 * but the thread count). */
#include "testutil.h"

#include <pthread.h>
#include <string.h>

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

Suite *suite_threads(void)
{
    Suite *s = tu_suite("threads");
    TCase *tc = tu_tcase_threads(s, "concurrency");
    tcase_add_test(tc, test_threads_d);
    tcase_add_test(tc, test_threads_s);
    return s;
}

/*
 * runtime.c - the library's one piece of mutable global state: the thread
 * count, the one knob for every thread layerblas uses. The GEMMs too run on
 * layerblas's pool (gemm_tmpl.c), one single-threaded BLAS call per panel,
 * so the BLAS's own threads are held at one: two pools never oversubscribe
 * the cores. Also says which BLAS the GEMMs run on, so applications and
 * benchmarks can log it.
 */
#include "internal.h"

#include <stdatomic.h>
#include <unistd.h>

#if defined(LB_BLAS_OPENBLAS)
#include <cblas.h> /* OpenBLAS's declares openblas_set_num_threads */
#elif defined(LB_BLAS_BLIS)
#include <blis.h> /* bli_thread_set_num_threads (not in BLIS's cblas.h) */
#endif

/* 0 until set: then the default is every online core. */
static atomic_int lb_threads;

static int lb_online_cores(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : (n > LB_MAX_THREADS ? LB_MAX_THREADS : (int)n);
}

lb_status lb_set_num_threads(int n)
{
    if (n < 0 || n > LB_MAX_THREADS)
        return LB_ERR_ARG;
    int t = n == 0 ? lb_online_cores() : n;
    lb_blas_serial();
    atomic_store(&lb_threads, t);
    return LB_OK;
}

/* Checked before every GEMM, as a caller may have changed it since (its
 * own OpenBLAS calls, OPENBLAS_NUM_THREADS at load time); the check is a
 * load of the BLAS's global. The reference CBLAS has no threads. */
void lb_blas_serial(void)
{
#if defined(LB_BLAS_OPENBLAS)
    if (openblas_get_num_threads() != 1)
        openblas_set_num_threads(1);
#elif defined(LB_BLAS_BLIS)
    if (bli_thread_get_num_threads() != 1)
        bli_thread_set_num_threads(1);
#endif
}

int lb_get_num_threads(void)
{
    int t = atomic_load(&lb_threads);
    return t > 0 ? t : lb_online_cores();
}

lb_status lb_get_blas_info(lb_blas_info *info)
{
    if (!info)
        return LB_ERR_NULL;
    /* OpenBLAS picks its kernels at load time from the CPU it recognises;
     * only it can say which, and the answer decides GEMM speed. */
#if defined(LB_BLAS_OPENBLAS)
    const char *config = openblas_get_config();
    const char *core = openblas_get_corename();
    info->name = "OpenBLAS";
    info->config = config ? config : "unknown";
    info->core = core ? core : "unknown";
    info->threads = openblas_get_num_threads();
#else
#if defined(LB_BLAS_BLIS)
    info->name = "BLIS";
#else
    info->name = "netlib CBLAS";
#endif
    info->config = "unknown";
    info->core = "unknown";
    info->threads = 0;
#endif
    return LB_OK;
}

/*
 * dispatch.c - fills the kernel table once: the portable build first, so
 * every slot is valid, then the widest ISA this CPU (and its OS) supports.
 * LB_FORCE_PORTABLE=1 in the environment keeps the portable build and
 * LB_FORCE_AVX2=1 stops at AVX2, e.g. to test them on a machine that has
 * AVX-512. The AVX2 and AVX-512 builds give
 * the same bits; the portable one differs only through exp (kernels.h).
 */
#include "internal.h"
#include "kernels.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

static lb_kernels lb_table;
static pthread_once_t lb_table_once = PTHREAD_ONCE_INIT;

/* An environment flag: set, and neither empty nor "0". */
static bool lb_env_flag(const char *name)
{
    const char *v = getenv(name);
    return v && *v && strcmp(v, "0") != 0;
}

static void lb_table_fill(void)
{
    lb_kernels_init_portable(&lb_table);
#if defined(__x86_64__) && defined(__GNUC__)
    if (lb_env_flag("LB_FORCE_PORTABLE"))
        return;
    __builtin_cpu_init();
    if (!__builtin_cpu_supports("avx2") || !__builtin_cpu_supports("fma"))
        return;
    lb_kernels_init_avx2(&lb_table);
    if (lb_env_flag("LB_FORCE_AVX2") || !__builtin_cpu_supports("avx512f") ||
        !__builtin_cpu_supports("avx512dq") ||
        !__builtin_cpu_supports("avx512vl") ||
        !__builtin_cpu_supports("avx512bw"))
        return;
    lb_kernels_init_avx512(&lb_table);
#endif
}

const lb_kernels *lb_kernels_get(void)
{
    pthread_once(&lb_table_once, lb_table_fill);
    return &lb_table;
}

const char *lb_get_kernel_isa(void)
{
    return lb_kernels_get()->isa;
}

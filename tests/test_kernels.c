/* test_kernels.c - the dispatched row kernels: vexp.h's exp against expl
 * over its whole range (the bound stated there), every ISA build of the
 * kernels against the portable one (bit for bit except through exp) and
 * each other, and the dispatch choice. */
#include "testutil.h"

#include "kernels.h"
#include "vexp.h"

#include <float.h>
#include <stdbool.h>
#include <string.h>

/* The ISA builds this CPU can run, as dispatch.c decides. */
typedef struct tu_isa {
    const char *name;
    void (*init)(lb_kernels *k);
    int usable;
} tu_isa;

static int tu_isas(tu_isa out[3])
{
    __builtin_cpu_init();
    int avx2 = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    int avx512 = avx2 && __builtin_cpu_supports("avx512f") &&
                 __builtin_cpu_supports("avx512dq") &&
                 __builtin_cpu_supports("avx512vl") &&
                 __builtin_cpu_supports("avx512bw");
    out[0] = (tu_isa){"portable", lb_kernels_init_portable, 1};
    out[1] = (tu_isa){"avx2", lb_kernels_init_avx2, avx2};
    out[2] = (tu_isa){"avx512", lb_kernels_init_avx512, avx512};
    return 3;
}

/* Row lengths for the cross-row kernel: every one across the first
 * vectors, then up to its limit. */
static const size_t tu_tile_cols[] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12,
                                      13, 14, 15, 16, 17, 18, 19, 20, 21, 22,
                                      23, 24, 25, 26, 27, 28, 29, 30, 31, 32,
                                      33, 64, 100, LB_TILE_COLS};
#define TU_NTILE (int)(sizeof tu_tile_cols / sizeof tu_tile_cols[0])

#define LB_DOUBLE 1
#include "test_kernels.inc"
#define LB_DOUBLE 0
#include "test_kernels.inc"

/* LB_FORCE_PORTABLE=1 picks the portable build, LB_FORCE_AVX2=1 AVX2 at
 * most; otherwise the widest one this CPU runs. */
START_TEST(test_dispatch_choice)
{
    tu_isa isa[3];
    tu_isas(isa);
    const char *force = getenv("LB_FORCE_PORTABLE");
    const char *avx2 = getenv("LB_FORCE_AVX2");
    const char *want = isa[2].usable ? "avx512"
                       : isa[1].usable ? "avx2" : "portable";
    if (avx2 && *avx2 && strcmp(avx2, "0") != 0 && isa[2].usable)
        want = "avx2";
    if (force && *force && strcmp(force, "0") != 0)
        want = "portable";
    ck_assert_str_eq(lb_get_kernel_isa(), want);
}
END_TEST

Suite *suite_kernels(void)
{
    Suite *s = tu_suite("kernels");
    TCase *tc = tu_tcase(s, "numerics");
    TU_ADD(tc, test_vexp_sweep);
    TU_ADD(tc, test_vexp_special);
    TU_ADD(tc, test_kernels_adam_divide);
    tc = tu_tcase(s, "isa");
    TU_ADD_SIZES(tc, test_kernels_isa);
    tcase_add_loop_test(tc, test_kernels_rows_softmax_d, 0, TU_NTILE);
    tcase_add_loop_test(tc, test_kernels_rows_softmax_s, 0, TU_NTILE);
    tcase_add_test(tc, test_dispatch_choice);
    return s;
}

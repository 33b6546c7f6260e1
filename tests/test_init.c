/* test_init.c - the seeded generator and weight initialisation: the
 * documented definition value for value, reproducibility from the seed,
 * the moments of each kind, an unbiased shuffle, and bad arguments. */
#include "testutil.h"

#define LB_DOUBLE 1
#include "test_init.inc"
#define LB_DOUBLE 0
#include "test_init.inc"

/* Every ordering of 4 elements about equally often over 24000 shuffles
 * (expected 1000 each, sd about 31; a biased draw is far off), and each
 * shuffle a permutation. */
START_TEST(test_init_shuffle)
{
    lb_rng rng;
    size_t seen[256] = {0};
    ck_assert_int_eq(lb_rng_seed(&rng, 3), LB_OK);
    int bad = 0, first_bad = -1;
    for (int k = 0; k < 24000; k++) {
        size_t idx[4] = {0, 1, 2, 3}, code = 0, mask = 0;
        lb_status st = lb_rng_shuffle(&rng, 4, idx);
        for (int i = 0; i < 4; i++) {
            mask |= (size_t)1 << idx[i];
            code = code * 4 + idx[i];
        }
        if ((st != LB_OK || mask != 15) && bad++ == 0)
            first_bad = k;
        seen[code % 256]++;
    }
    ck_assert_msg(bad == 0, "%d shuffles failed or lost an index, first %d",
                  bad, first_bad);
    int orders = 0, rare = -1, common = -1;
    for (int c = 0; c < 256; c++) {
        if (!seen[c])
            continue;
        orders++;
        rare = rare < 0 || seen[c] < seen[rare] ? c : rare;
        common = common < 0 || seen[c] > seen[common] ? c : common;
    }
    ck_assert_int_eq(orders, 24);
    ck_assert_msg(seen[rare] > 850 && seen[common] < 1150,
                  "order %d seen %zu, order %d seen %zu times", rare,
                  seen[rare], common, seen[common]);
    /* Reproducible from the seed; another seed, another order. */
    size_t a[100], b[100], c[100];
    for (size_t i = 0; i < 100; i++)
        a[i] = b[i] = c[i] = i;
    lb_rng r1, r2, r3;
    lb_rng_seed(&r1, 11);
    lb_rng_seed(&r2, 11);
    lb_rng_seed(&r3, 12);
    lb_rng_shuffle(&r1, 100, a);
    lb_rng_shuffle(&r2, 100, b);
    lb_rng_shuffle(&r3, 100, c);
    ck_assert(memcmp(a, b, sizeof a) == 0);
    ck_assert(memcmp(a, c, sizeof a) != 0);
    /* One element: nothing to do, still fine. */
    ck_assert_int_eq(lb_rng_shuffle(&r1, 1, a), LB_OK);
    ck_assert_int_eq(lb_rng_shuffle(NULL, 4, a), LB_ERR_NULL);
    ck_assert_int_eq(lb_rng_shuffle(&r1, 4, NULL), LB_ERR_NULL);
    ck_assert_int_eq(lb_rng_shuffle(&r1, 0, a), LB_ERR_SIZE);
    ck_assert_int_eq(lb_rng_seed(NULL, 1), LB_ERR_NULL);
}
END_TEST

/* The float weights are the double ones rounded, from the same seed. */
START_TEST(test_init_precisions_agree)
{
    for (int kind = LB_INIT_HE_UNIFORM; kind <= LB_INIT_XAVIER_NORMAL;
         kind++) { /* cases: the kinds */
        double wd[35];
        float ws[35];
        lb_rng r;
        lb_rng_seed(&r, 99);
        ck_assert_int_eq(lb_init_weights_d(&r, (lb_init_kind)kind, 5, 7, wd,
                                           7), LB_OK);
        lb_rng_seed(&r, 99);
        ck_assert_int_eq(lb_init_weights_s(&r, (lb_init_kind)kind, 5, 7, ws,
                                           7), LB_OK);
        int differ = 0;
        for (int i = 0; i < 35; i++)
            differ += ws[i] != (float)wd[i];
        ck_assert_msg(differ == 0, "kind %d: %d of 35 differ", kind, differ);
    }
}
END_TEST

Suite *suite_init(void)
{
    Suite *s = tu_suite("init");
    TCase *tc = tu_tcase(s, "numerics");
    TU_ADD(tc, test_init_definition);
    tcase_add_loop_test(tc, test_init_moments_d, LB_INIT_HE_UNIFORM,
                        LB_INIT_XAVIER_NORMAL + 1);
    tcase_add_loop_test(tc, test_init_moments_s, LB_INIT_HE_UNIFORM,
                        LB_INIT_XAVIER_NORMAL + 1);
    TU_ADD(tc, test_init_reproducible);
    tcase_add_test(tc, test_init_precisions_agree);
    tcase_add_test(tc, test_init_shuffle);
    tc = tu_tcase(s, "errors");
    TU_ADD(tc, test_init_errors);
    return s;
}

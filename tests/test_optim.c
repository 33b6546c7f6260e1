/* test_optim.c - optimizer steps: bit for bit against the documented
 * update written out plainly, against a long double reference of the
 * textbook formulas over several steps, the defaults and state sizes, and
 * every bad argument. */
#include "testutil.h"

/* The options each test runs over: every kind, with and without weight
 * decay, momentum and dampening. */
static lb_optim_opts tu_optim_case(int i)
{
    static const struct {
        lb_optim_kind kind;
        double lr, momentum, dampening, weight_decay;
    } cases[] = {
        {LB_OPTIM_SGD, 0.1, 0, 0, 0},
        {LB_OPTIM_SGD, 0.1, 0, 0, 0.01},
        {LB_OPTIM_SGD, 0.05, 0.9, 0.1, 1e-3},
        {LB_OPTIM_SGD_NESTEROV, 0.05, 0.9, 0, 1e-2},
        {LB_OPTIM_ADAM, 1e-2, 0, 0, 0},
        {LB_OPTIM_ADAM, 1e-2, 0, 0, 0.1},
        {LB_OPTIM_ADAMW, 1e-2, 0, 0, 0.1},
    };
    lb_optim_opts o;
    ck_assert_int_eq(lb_optim_defaults(cases[i].kind, &o), LB_OK);
    o.lr = cases[i].lr;
    o.momentum = cases[i].momentum;
    o.dampening = cases[i].dampening;
    o.weight_decay = cases[i].weight_decay;
    if (i == 5) {
        o.beta1 = 0.8;
        o.beta2 = 0.99;
        o.eps = 1e-6;
    }
    return o;
}
#define TU_OPTIM_CASES 7

#define LB_DOUBLE 1
#include "test_optim.inc"
#define LB_DOUBLE 0
#include "test_optim.inc"

/* PyTorch's defaults, and the state each kind needs. */
START_TEST(test_optim_defaults)
{
    lb_optim_opts o;
    size_t count;
    ck_assert_int_eq(lb_optim_defaults(LB_OPTIM_SGD, &o), LB_OK);
    ck_assert(o.lr == 1e-3 && o.momentum == 0 && o.weight_decay == 0);
    ck_assert_int_eq(lb_optim_state_size(&o, 10, &count), LB_OK);
    ck_assert_uint_eq(count, 0);
    o.momentum = 0.5;
    ck_assert_int_eq(lb_optim_state_size(&o, 10, &count), LB_OK);
    ck_assert_uint_eq(count, 10);
    ck_assert_int_eq(lb_optim_defaults(LB_OPTIM_SGD_NESTEROV, &o), LB_OK);
    ck_assert(o.momentum == 0.9 && o.dampening == 0);
    ck_assert_int_eq(lb_optim_defaults(LB_OPTIM_ADAM, &o), LB_OK);
    ck_assert(o.lr == 1e-3 && o.beta1 == 0.9 && o.beta2 == 0.999 &&
              o.eps == 1e-8 && o.weight_decay == 0);
    ck_assert_int_eq(lb_optim_state_size(&o, 10, &count), LB_OK);
    ck_assert_uint_eq(count, 20);
    ck_assert_int_eq(lb_optim_defaults(LB_OPTIM_ADAMW, &o), LB_OK);
    ck_assert(o.weight_decay == 1e-2);
    ck_assert_int_eq(lb_optim_defaults((lb_optim_kind)9, &o), LB_ERR_ARG);
    ck_assert_int_eq(lb_optim_defaults(LB_OPTIM_SGD, NULL), LB_ERR_NULL);
    ck_assert_int_eq(lb_optim_state_size(NULL, 10, &count), LB_ERR_NULL);
    ck_assert_int_eq(lb_optim_state_size(&o, 10, NULL), LB_ERR_NULL);
    ck_assert_int_eq(lb_optim_state_size(&o, 0, &count), LB_ERR_SIZE);
    ck_assert_int_eq(lb_optim_state_size(&o, (size_t)INT_MAX + 1, &count),
                     LB_ERR_SIZE);
}
END_TEST

Suite *suite_optim(void)
{
    Suite *s = tu_suite("optim");
    TCase *tc = tu_tcase(s, "numerics");
    tcase_add_loop_test(tc, test_optim_exact_d, 0, TU_OPTIM_CASES);
    tcase_add_loop_test(tc, test_optim_exact_s, 0, TU_OPTIM_CASES);
    tcase_add_loop_test(tc, test_optim_reference_d, 0, TU_OPTIM_CASES);
    tcase_add_loop_test(tc, test_optim_reference_s, 0, TU_OPTIM_CASES);
    TU_ADD(tc, test_optim_adam_first_step);
    tcase_add_test(tc, test_optim_defaults);
    tc = tu_tcase(s, "errors");
    TU_ADD(tc, test_optim_errors);
    return s;
}

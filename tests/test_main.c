/* test_main.c - runs every suite of the layerblas test suite. */
#include "testutil.h"

int main(void)
{
    SRunner *sr = srunner_create(suite_affine());
    srunner_add_suite(sr, suite_relu());
    srunner_add_suite(sr, suite_softmax());
    srunner_add_suite(sr, suite_xent());
    srunner_add_suite(sr, suite_xent_opts());
    srunner_add_suite(sr, suite_affine_xent());
    srunner_add_suite(sr, suite_layers());
    srunner_add_suite(sr, suite_contract());
    srunner_add_suite(sr, suite_nonfinite());
    srunner_add_suite(sr, suite_threads());
    srunner_add_suite(sr, suite_status());
    srunner_add_suite(sr, suite_version());
    srunner_add_suite(sr, suite_blas_info());
    srunner_add_suite(sr, suite_optim());
    srunner_add_suite(sr, suite_init());
    srunner_add_suite(sr, suite_net());
    srunner_add_suite(sr, suite_idx());
    srunner_add_suite(sr, suite_kernels());
    srunner_add_suite(sr, suite_determinism());
    srunner_add_suite(sr, suite_empty());
    srunner_add_suite(sr, suite_checkpoint());
    int status = tu_run_all(sr);
    srunner_free(sr);
    return status;
}

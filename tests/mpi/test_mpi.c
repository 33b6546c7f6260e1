/*
 * test_mpi.c - layerblas_mpi under mpirun on P ranks (P = 1, 2, 3): every
 * rank holds bit-identical parameters after every step; P ranks with B
 * rows each match one process on the P*B rows to rounding (bit for bit
 * when P = 1); misuse gives a status. Check runs without fork (a forked
 * child cannot use MPI), and every verdict is agreed by all ranks before
 * it is asserted, so that all of them fail the same test and go on to the
 * next one together. Each rank runs on LB_TEST_THREADS threads (1 from
 * meson) through testutil.c's per-case setup.
 */
#include "layerblas_mpi.h"
#include "testutil.h"

#include <stdio.h>

#define TU_IN 13
#define TU_CLASSES 5
#define TU_ROWS 6  /* per rank */
#define TU_STEPS 4

static int tu_rank, tu_size;

/* 1 when ok holds on every rank. */
static int tu_all(int ok)
{
    int all = 0;
    MPI_Allreduce(&ok, &all, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD);
    return all;
}

#define LB_DOUBLE 1
#include "test_mpi.inc"
#define LB_DOUBLE 0
#include "test_mpi.inc"

/* Adds a templated test in both precisions, once per lb_mpi_reduce mode
 * (as _i). */
#define TU_ADD_MODES(tc, name)                                               \
    do {                                                                     \
        tcase_add_loop_test(tc, name##_d, LB_MPI_REDUCE_BLOCK,               \
                            LB_MPI_REDUCE_OVERLAP + 1);                      \
        tcase_add_loop_test(tc, name##_s, LB_MPI_REDUCE_BLOCK,               \
                            LB_MPI_REDUCE_OVERLAP + 1);                      \
    } while (0)

static Suite *suite_mpi(void)
{
    Suite *s = tu_suite("mpi");
    /* The cases' timeouts (testutil.h) hold only in forked mode; here
     * meson's timeout of the whole run ends a hang. */
    TCase *tc = tu_tcase(s, "equivalence");
    TU_ADD_MODES(tc, test_mpi_equivalence);
    tc = tu_tcase(s, "identical");
    tcase_set_tags(tc, "large"); /* left out where sums go in tiny pieces */
    TU_ADD_MODES(tc, test_mpi_identical);
    tc = tu_tcase(s, "errors");
    TU_ADD(tc, test_mpi_errors);
    return s;
}

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &tu_rank);
    MPI_Comm_size(MPI_COMM_WORLD, &tu_size);
    /* One report: rank 0's (every rank's failures still go to stderr). */
    if (tu_rank != 0 && !freopen("/dev/null", "w", stdout))
        return EXIT_FAILURE;
    SRunner *sr = srunner_create(suite_mpi());
    srunner_set_fork_status(sr, CK_NOFORK);
    int status = tu_run_all(sr);
    srunner_free(sr);
    MPI_Finalize();
    return status;
}

/*
 * mpi_fail.c - a training loop over layerblas_mpi in which one rank fails
 * at step 3, run by tests/mpi/expect_abort.py: `error` gives that rank a
 * label out of range, so its forward fails and it ends the job with
 * MPI_Abort() after saying why (what an application should do on any
 * error); `kill` makes it die by SIGKILL, and mpirun ends the others. In
 * both cases the other ranks are waiting in the gradient sum and must not
 * hang there.
 */
#include "layerblas_mpi.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { IN = 8, ROWS = 4, CLASSES = 3, STEPS = 6, FAIL_STEP = 3 };

static int rank;

/* Says which rank failed on what, and ends every rank. */
static void check(lb_status st, const char *what)
{
    if (st == LB_OK)
        return;
    fprintf(stderr, "mpi_fail: rank %d: %s: %s\n", rank, what,
            lb_status_string(st));
    MPI_Abort(MPI_COMM_WORLD, 1);
}

int main(int argc, char **argv)
{
    int size, kill_it = argc > 1 && strcmp(argv[1], "kill") == 0;
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    lb_set_num_threads(1);
    lb_net_s *net = NULL;
    check(lb_net_create_s(IN, ROWS, &net), "create");
    check(lb_net_add_affine_s(net, 6), "add");
    check(lb_net_add_relu_s(net), "add");
    check(lb_net_add_affine_s(net, CLASSES), "add");
    check(lb_net_init_s(net, LB_INIT_HE_UNIFORM, 1), "init");
    lb_optim_opts o;
    lb_optim_defaults(LB_OPTIM_ADAM, &o);
    check(lb_net_set_optimizer_s(net, &o), "optimizer");
    lb_mpi_net_s *dp = NULL;
    check(lb_mpi_net_create_s(MPI_COMM_WORLD, net, LB_MPI_REDUCE_DEFAULT,
                              &dp), "mpi create");
    float X[ROWS * IN], loss;
    int32_t labels[ROWS];
    for (int t = 1; t <= STEPS; t++) {
        for (int i = 0; i < ROWS * IN; i++)
            X[i] = (float)((i * 7 + t + rank) % 11) / 11.0f;
        for (int i = 0; i < ROWS; i++)
            labels[i] = (i + t) % CLASSES;
        if (rank == 1 && t == FAIL_STEP) {
            if (kill_it)
                raise(SIGKILL);
            labels[0] = CLASSES; /* the bug that ends this rank */
        }
        check(lb_net_forward_s(net, ROWS, X, IN, labels, &loss, NULL),
              "forward");
        check(lb_mpi_net_backward_s(dp), "backward");
        check(lb_net_step_s(net), "step");
    }
    /* Not reached with 2 or more ranks. */
    printf("rank %d of %d: all %d steps done\n", rank, size, STEPS);
    lb_mpi_net_destroy_s(dp);
    lb_net_destroy_s(net);
    MPI_Finalize();
    return 0;
}

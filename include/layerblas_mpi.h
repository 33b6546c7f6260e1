/**
 * @file
 * layerblas_mpi.h - data-parallel training of an lb_net across processes
 * with MPI, in the separate library layerblas_mpi (pkg-config
 * `layerblas_mpi`; the core library does not link MPI).
 *
 * Every process (rank) holds the same network, trains on its own share of
 * each batch, and the gradients are averaged across the ranks before every
 * step, as PyTorch's DistributedDataParallel does:
 * @code
 *     MPI_Init(&argc, &argv);
 *     lb_net_s *net;  // built and initialised alike on every rank
 *     ...
 *     lb_net_set_optimizer_s(net, &adam);
 *     lb_mpi_net_s *dp;
 *     lb_mpi_net_create_s(MPI_COMM_WORLD, net, LB_MPI_REDUCE_DEFAULT, &dp);
 *     for (...) { // this rank's rows of each global batch
 *         lb_net_forward_s(net, n, X, 784, labels, &loss, NULL);
 *         lb_mpi_net_backward_s(dp);   // the mean gradient of all ranks
 *         lb_net_step_s(net);          // the same step on every rank
 *     }
 *     lb_mpi_net_destroy_s(dp);
 *     lb_net_destroy_s(net);
 *     MPI_Finalize();
 * @endcode
 *
 * With P ranks each taking B rows, a step is that of one process on the
 * P*B rows (every rank's mean loss has weight 1/P), up to rounding: the
 * gradient sums of the rows group differently (P GEMMs of B rows and a sum
 * across ranks, instead of one GEMM of P*B rows). With one rank the
 * gradients are those of lb_net_backward_s() bit for bit. Every rank ends
 * each step with bit-identical parameters, as long as the MPI library
 * returns the same bits of a sum on every rank (Open MPI's algorithms do:
 * each part of the result is summed on one rank, or on all in the same
 * order, and sent on); the tests check it after every step.
 *
 * All functions here are collective over the communicator: every rank
 * calls them in the same order. A rank that stops calling them (an error,
 * a crash) leaves the others waiting, so an application ends the whole
 * job on any error, with MPI_Abort() (mpirun also ends every rank when
 * one dies). MPI errors follow the communicator's error handler: with the
 * default, MPI_ERRORS_ARE_FATAL, MPI ends the job itself; with
 * MPI_ERRORS_RETURN the functions return LB_ERR_COMM.
 */
#ifndef LAYERBLAS_MPI_H
#define LAYERBLAS_MPI_H

#include "layerblas.h"

#include <mpi.h>

#ifdef __cplusplus
extern "C" {
#endif

/** How the gradients are averaged across the ranks. */
typedef enum lb_mpi_reduce {
    /** One MPI_Allreduce of the whole gradient block, after backward. */
    LB_MPI_REDUCE_BLOCK = 1,
    /** One MPI_Iallreduce per layer, started as soon as backward has
     *  written that layer's gradients (last layer first, through
     *  lb_net_set_grad_hook_d()), all waited for at the end of backward:
     *  the communication of the upper layers can run during the backward
     *  of the lower ones. */
    LB_MPI_REDUCE_OVERLAP = 2,
    /** The faster of the two here (README, "Training on several
     *  processes"): the one block. */
    LB_MPI_REDUCE_DEFAULT = LB_MPI_REDUCE_BLOCK
} lb_mpi_reduce;

/** A network trained across the ranks of a communicator (double). */
typedef struct lb_mpi_net_d lb_mpi_net_d;
/** Float version of lb_mpi_net_d. */
typedef struct lb_mpi_net_s lb_mpi_net_s;

/**
 * Ties `net` to the ranks of `comm` (MPI initialised; the communicator is
 * duplicated, so its traffic never mixes with the caller's) and copies
 * rank 0's parameters to every rank, so that a network initialised with
 * another seed, or loaded on rank 0 only, starts the same everywhere. The
 * network must have the same layers on every rank and keep them while the
 * result exists; its optimizer state is not sent (set it alike on every
 * rank, e.g. right after this call). In LB_MPI_REDUCE_OVERLAP mode the
 * network's gradient hook is taken. Collective.
 * @return LB_OK, LB_ERR_NULL, LB_ERR_ARG (`how`, a network without
 *         parameters, MPI not initialised), LB_ERR_NO_MEMORY, LB_ERR_COMM.
 */
LB_API lb_status lb_mpi_net_create_d(MPI_Comm comm, lb_net_d *net,
                                     lb_mpi_reduce how, lb_mpi_net_d **dp);
/** Float version of lb_mpi_net_create_d(). */
LB_API lb_status lb_mpi_net_create_s(MPI_Comm comm, lb_net_s *net,
                                     lb_mpi_reduce how, lb_mpi_net_s **dp);

/**
 * Frees the communicator and the requests and gives the network its
 * gradient hook back (none); the network stays the caller's. NULL is a
 * no-op. Collective (MPI_Comm_free); call it before MPI_Finalize().
 */
LB_API void lb_mpi_net_destroy_d(lb_mpi_net_d *dp);
/** Float version of lb_mpi_net_destroy_d(). */
LB_API void lb_mpi_net_destroy_s(lb_mpi_net_s *dp);

/**
 * lb_net_backward_d() of the network's last forward on this rank, then the
 * gradient block averaged over the ranks (each rank's gradient scaled by
 * 1/P, then summed): after LB_OK every rank holds the same block, ready
 * for lb_net_step_d(). Use it instead of lb_net_backward_d() while `dp`
 * exists. Collective.
 * @return LB_OK, LB_ERR_NULL, LB_ERR_ARG (layers added since create, or
 *         lb_net_backward_d()'s), LB_ERR_COMM.
 */
LB_API lb_status lb_mpi_net_backward_d(lb_mpi_net_d *dp);
/** Float version of lb_mpi_net_backward_d(). */
LB_API lb_status lb_mpi_net_backward_s(lb_mpi_net_s *dp);

/**
 * Copies the parameter block of rank `root` to every rank (what create
 * does from rank 0). Collective.
 * @return LB_OK, LB_ERR_NULL, LB_ERR_ARG (root not a rank of the
 *         communicator), LB_ERR_COMM.
 */
LB_API lb_status lb_mpi_net_broadcast_d(lb_mpi_net_d *dp, int root);
/** Float version of lb_mpi_net_broadcast_d(). */
LB_API lb_status lb_mpi_net_broadcast_s(lb_mpi_net_s *dp, int root);

#ifdef __cplusplus
}
#endif

#endif /* LAYERBLAS_MPI_H */

/*
 * net_mpi_tmpl.c - layerblas_mpi: an lb_net trained data-parallel across
 * the ranks of an MPI communicator, built once per precision. Only the
 * public API of the core library is used; this library is the one that
 * links MPI.
 */
#include "layerblas_mpi.h"

#include "internal.h" /* LB_TRY */

#include <limits.h>
#include <stdlib.h>

/* The most elements one MPI call is given (its counts are ints); larger
 * ranges go in pieces. The tests build with a small value to cover that. */
#ifndef LB_MPI_MAX_COUNT
#define LB_MPI_MAX_COUNT ((size_t)INT_MAX)
#endif

/* An MPI return code as a status. */
static lb_status lb_mpi_ok(int rc)
{
    return rc == MPI_SUCCESS ? LB_OK : LB_ERR_COMM;
}

/* The number of pieces of at most LB_MPI_MAX_COUNT elements in n. */
static size_t lb_mpi_pieces(size_t n)
{
    return n / LB_MPI_MAX_COUNT + (n % LB_MPI_MAX_COUNT != 0);
}

/* The length of the piece of n elements that starts at i0 < n. */
static int lb_mpi_piece(size_t n, size_t i0)
{
    return (int)(n - i0 < LB_MPI_MAX_COUNT ? n - i0 : LB_MPI_MAX_COUNT);
}

#include "precision_begin.h"

#if LB_DOUBLE
#define LB_MPI_REAL MPI_DOUBLE
#else
#define LB_MPI_REAL MPI_FLOAT
#endif

struct LB_FN(lb_mpi_net) {
    LB_FN(lb_net) *net;
    MPI_Comm comm;
    int size;
    lb_mpi_reduce how;
    size_t nparams;    /* the block's length at create: layers unchanged */
    real *grads;
    real scale;        /* 1 / size */
    MPI_Request *req;  /* overlap: one per piece of every layer */
    int nreq;          /* started in this backward */
    int in_backward;   /* the hook only runs inside lb_mpi_net_backward */
};

/* Scales n gradients from g by 1/P and starts (overlap) or runs (block)
 * their sum across the ranks in place, in pieces MPI's int counts take. */
static lb_status LB_FN(mpi_reduce)(LB_FN(lb_mpi_net) *dp, real *g, size_t n)
{
    for (size_t i = 0; i < n; i++)
        g[i] *= dp->scale;
    for (size_t i0 = 0; i0 < n; i0 += LB_MPI_MAX_COUNT) {
        int count = lb_mpi_piece(n, i0);
        if (dp->how == LB_MPI_REDUCE_BLOCK) {
            LB_TRY(lb_mpi_ok(MPI_Allreduce(MPI_IN_PLACE, g + i0, count,
                                           LB_MPI_REAL, MPI_SUM, dp->comm)));
            continue;
        }
        LB_TRY(lb_mpi_ok(MPI_Iallreduce(MPI_IN_PLACE, g + i0, count,
                                        LB_MPI_REAL, MPI_SUM, dp->comm,
                                        &dp->req[dp->nreq])));
        dp->nreq++;
    }
    return LB_OK;
}

/* The gradient hook of overlap mode: the layer's sum starts at once, and
 * testing the earlier ones lets MPI move them on meanwhile. */
static lb_status LB_FN(mpi_hook)(void *user, size_t layer, size_t offset,
                                 size_t count)
{
    LB_FN(lb_mpi_net) *dp = user;
    int done;
    (void)layer;
    if (!dp->in_backward) /* lb_net_backward called directly */
        return LB_ERR_ARG;
    LB_TRY(LB_FN(mpi_reduce)(dp, dp->grads + offset, count));
    return lb_mpi_ok(MPI_Testall(dp->nreq, dp->req, &done,
                                 MPI_STATUSES_IGNORE));
}

/* The requests overlap mode needs: one per piece of every layer. */
static lb_status LB_FN(mpi_requests)(LB_FN(lb_mpi_net) *dp)
{
    size_t layers = LB_FN(lb_net_num_layers)(dp->net), n = 0, count;
    for (size_t i = 0; i < layers; i++) {
        LB_TRY(LB_FN(lb_net_layer_params)(dp->net, i, NULL, &count));
        n += lb_mpi_pieces(count);
    }
    if (n > INT_MAX)
        return LB_ERR_SIZE;
    dp->req = malloc(n * sizeof *dp->req);
    return dp->req ? LB_OK : LB_ERR_NO_MEMORY;
}

/* Everything create does after allocating dp. */
static lb_status LB_FN(mpi_setup)(LB_FN(lb_mpi_net) *dp, MPI_Comm comm)
{
    LB_TRY(LB_FN(lb_net_params)(dp->net, NULL, &dp->grads, &dp->nparams));
    if (dp->nparams == 0)
        return LB_ERR_ARG;
    if (dp->how == LB_MPI_REDUCE_OVERLAP)
        LB_TRY(LB_FN(mpi_requests)(dp));
    LB_TRY(lb_mpi_ok(MPI_Comm_dup(comm, &dp->comm)));
    LB_TRY(lb_mpi_ok(MPI_Comm_size(dp->comm, &dp->size)));
    dp->scale = (real)1 / (real)dp->size;
    LB_TRY(LB_FN(lb_mpi_net_broadcast)(dp, 0));
    if (dp->how == LB_MPI_REDUCE_OVERLAP)
        LB_TRY(LB_FN(lb_net_set_grad_hook)(dp->net, LB_FN(mpi_hook), dp));
    return LB_OK;
}

lb_status LB_FN(lb_mpi_net_create)(MPI_Comm comm, LB_FN(lb_net) *net,
                                   lb_mpi_reduce how, LB_FN(lb_mpi_net) **dp)
{
    int initialized = 0;
    if (!net || !dp)
        return LB_ERR_NULL;
    if (how != LB_MPI_REDUCE_BLOCK && how != LB_MPI_REDUCE_OVERLAP)
        return LB_ERR_ARG;
    if (MPI_Initialized(&initialized) != MPI_SUCCESS || !initialized)
        return LB_ERR_ARG;
    LB_FN(lb_mpi_net) *t = calloc(1, sizeof *t);
    if (!t)
        return LB_ERR_NO_MEMORY;
    t->net = net;
    t->how = how;
    t->comm = MPI_COMM_NULL;
    lb_status st = LB_FN(mpi_setup)(t, comm);
    if (st != LB_OK) {
        LB_FN(lb_mpi_net_destroy)(t);
        return st;
    }
    *dp = t;
    return LB_OK;
}

void LB_FN(lb_mpi_net_destroy)(LB_FN(lb_mpi_net) *dp)
{
    if (!dp)
        return;
    if (dp->how == LB_MPI_REDUCE_OVERLAP)
        LB_FN(lb_net_set_grad_hook)(dp->net, NULL, NULL);
    if (dp->comm != MPI_COMM_NULL)
        MPI_Comm_free(&dp->comm);
    free(dp->req);
    free(dp);
}

lb_status LB_FN(lb_mpi_net_backward)(LB_FN(lb_mpi_net) *dp)
{
    size_t count;
    if (!dp)
        return LB_ERR_NULL;
    LB_TRY(LB_FN(lb_net_params)(dp->net, NULL, NULL, &count));
    if (count != dp->nparams)
        return LB_ERR_ARG;
    dp->nreq = 0;
    dp->in_backward = 1;
    lb_status st = LB_FN(lb_net_backward)(dp->net);
    dp->in_backward = 0;
    LB_TRY(st);
    if (dp->how == LB_MPI_REDUCE_BLOCK)
        return LB_FN(mpi_reduce)(dp, dp->grads, dp->nparams);
    return lb_mpi_ok(MPI_Waitall(dp->nreq, dp->req, MPI_STATUSES_IGNORE));
}

lb_status LB_FN(lb_mpi_net_broadcast)(LB_FN(lb_mpi_net) *dp, int root)
{
    real *params;
    if (!dp)
        return LB_ERR_NULL;
    if (root < 0 || root >= dp->size)
        return LB_ERR_ARG;
    LB_TRY(LB_FN(lb_net_params)(dp->net, &params, NULL, NULL));
    for (size_t i0 = 0; i0 < dp->nparams; i0 += LB_MPI_MAX_COUNT)
        LB_TRY(lb_mpi_ok(MPI_Bcast(params + i0, lb_mpi_piece(dp->nparams, i0),
                                   LB_MPI_REAL, root, dp->comm)));
    return LB_OK;
}

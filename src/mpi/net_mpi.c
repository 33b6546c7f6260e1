/*
 * net_mpi.c - layerblas_mpi: an lb_net trained data-parallel across the
 * ranks of an MPI communicator (net_mpi.inc, once per precision). Only
 * the public API of the core library is used; this library is the one
 * that links MPI.
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

#define LB_DOUBLE 1
#include "net_mpi.inc"
#define LB_DOUBLE 0
#include "net_mpi.inc"

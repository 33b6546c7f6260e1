/*
 * rowmap_tmpl.h - the arguments of a row-wise map, out = f(a) or
 * f(a, b) row by row, for the precision of the source that includes it:
 * ReLU and softmax hand them to the row engine (parallel.h) with their row
 * function. Rows never share a sum here, so any split gives the same bits.
 */
#ifndef LB_ROWMAP_TMPL_H
#define LB_ROWMAP_TMPL_H

#include "internal.h"
#include "kernels.h"
#include "parallel.h"

#include <stdbool.h>

typedef struct LB_FN(lb_rowmap) {
    const lb_kernels *k; /* taken once per call */
    size_t n, c;
    const real *a, *b;   /* b: a second input, or NULL */
    real *out;
    size_t lda, ldb, ldo;
    bool stream;         /* stores may bypass the cache (ReLU) */
} LB_FN(lb_rowmap);

/* The checks of a map Y = f(X) (in place allowed). */
static inline lb_status LB_FN(rowmap_check)(size_t n, size_t c,
                                            const real *X, size_t ldx,
                                            const real *Y, size_t ldy)
{
    const size_t es = sizeof(real);
    LB_TRY(lb_check_rows(X, n, c, ldx, es));
    LB_TRY(lb_check_rows(Y, n, c, ldy, es));
    if (lb_bad_inplace(lb_mat_region(Y, n, c, ldy, es),
                       lb_mat_region(X, n, c, ldx, es)))
        return LB_ERR_ALIAS;
    return LB_OK;
}

/* Runs row over the n rows of checked arguments (b may be NULL). */
static inline void LB_FN(rowmap_run)(size_t n, size_t c, const real *a,
                                     size_t lda, const real *b, size_t ldb,
                                     real *out, size_t ldo, bool stream,
                                     lb_row_fn row)
{
    LB_FN(lb_rowmap) r = {lb_kernels_get(), n, c, a, b, out,
                          lda, ldb, ldo, stream};
    lb_rows(n, n * c * (b ? 3 : 2), row, &r);
}

/* Y = f(X) row by row, after the checks (in place allowed); stream:
 * stores may bypass the cache. */
static inline lb_status LB_FN(rowmap_forward)(size_t n, size_t c,
                                              const real *X, size_t ldx,
                                              real *Y, size_t ldy,
                                              bool stream, lb_row_fn row)
{
    LB_TRY(LB_FN(rowmap_check)(n, c, X, ldx, Y, ldy));
    LB_FN(rowmap_run)(n, c, X, ldx, NULL, 0, Y, ldy, stream, row);
    return LB_OK;
}

/* dX = f(Y, dY) row by row, after the checks (dX may be dY, never Y). */
static inline lb_status LB_FN(rowmap_backward)(size_t n, size_t c,
                                               const real *Y, size_t ldy,
                                               const real *dY, size_t lddy,
                                               real *dX, size_t lddx,
                                               bool stream, lb_row_fn row)
{
    const size_t es = sizeof(real);
    LB_TRY(lb_check_rows(Y, n, c, ldy, es));
    LB_TRY(LB_FN(rowmap_check)(n, c, dY, lddy, dX, lddx));
    if (lb_overlap(lb_mat_region(dX, n, c, lddx, es),
                   lb_mat_region(Y, n, c, ldy, es)))
        return LB_ERR_ALIAS;
    LB_FN(rowmap_run)(n, c, Y, ldy, dY, lddy, dX, lddx, stream, row);
    return LB_OK;
}

#endif /* LB_ROWMAP_TMPL_H */

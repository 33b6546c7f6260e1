/*
 * finite_tmpl.c - the optional non-finite check: the kernels propagate NaN
 * and inf by policy (see the header), and a caller who would rather get a
 * status than a NaN loss checks its inputs first with lb_check_finite_?.
 * Built once per precision.
 */
#include "internal.h"

#include "precision_begin.h"

lb_status LB_TRACED(LB_FN(lb_check_finite))(size_t n, size_t m, const real *A,
                                            size_t lda)
{
    LB_TRY(lb_check_rows(A, n, m, lda, sizeof(real)));
    for (size_t i = 0; i < n; i++) {
        const real *a = A + i * lda;
        /* x - x is 0 for finite x and NaN for NaN and +-inf: one
         * branch-free sweep per row, which the compiler vectorizes. */
        real acc = 0;
        for (size_t j = 0; j < m; j++)
            acc += a[j] - a[j];
        if (acc != 0)
            return LB_ERR_NONFINITE;
    }
    return LB_OK;
}


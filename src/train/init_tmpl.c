/* init_tmpl.c - He / Xavier weight initialisation, built once per
 * precision; values are drawn in double by init.c and rounded once, so both
 * precisions start from the same weights. */
#include "internal.h"
#include "train.h"

#include "precision_begin.h"

lb_status LB_FN(lb_init_weights)(lb_rng *rng, lb_init_kind kind, size_t k,
                                 size_t m, real *W, size_t ldw)
{
    lb_init_draw d;
    if (!rng)
        return LB_ERR_NULL;
    LB_TRY(lb_check_mat(W, k, m, ldw, sizeof(real)));
    LB_TRY(lb_init_draw_begin(&d, rng, kind, k, m));
    for (size_t i = 0; i < k; i++)
        for (size_t j = 0; j < m; j++)
            W[i * ldw + j] = (real)lb_init_draw_next(&d);
    return LB_OK;
}


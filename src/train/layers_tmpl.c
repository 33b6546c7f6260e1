/*
 * layers_tmpl.c - the tutorial's classes (Affine, Relu, SoftmaxWithLoss) as
 * layer objects: state and ownership only, every number computed by a
 * kernel. Built once per precision.
 */
#include "internal.h"

#include <stdlib.h>

#include "precision_begin.h"

struct LB_FN(lb_affine_layer) {
    size_t k, m;
    real *W, *b, *dW, *db; /* one block: W | b | dW | db */
    const real *X;         /* the last forward's input (the caller's) */
    size_t n, ldx;
};

lb_status LB_FN(lb_affine_layer_create)(size_t k, size_t m,
                                        LB_FN(lb_affine_layer) **layer)
{
    if (!layer)
        return LB_ERR_NULL;
    LB_TRY(lb_check_dim(k));
    LB_TRY(lb_check_dim(m));
    LB_TRY(lb_check_elems(2 * (k + 1), m, sizeof(real))); /* W b dW db */
    LB_FN(lb_affine_layer) *l = calloc(1, sizeof *l);
    real *block = calloc(2 * (k * m + m), sizeof(real));
    if (!l || !block) {
        free(l);
        free(block);
        return LB_ERR_NO_MEMORY;
    }
    l->k = k;
    l->m = m;
    l->W = block;
    l->b = l->W + k * m;
    l->dW = l->b + m;
    l->db = l->dW + k * m;
    *layer = l;
    return LB_OK;
}

void LB_FN(lb_affine_layer_destroy)(LB_FN(lb_affine_layer) *layer)
{
    if (layer)
        free(layer->W);
    free(layer);
}

lb_status LB_FN(lb_affine_layer_params)(LB_FN(lb_affine_layer) *layer,
                                        real **W, real **b, real **dW,
                                        real **db)
{
    if (!layer)
        return LB_ERR_NULL;
    if (W)
        *W = layer->W;
    if (b)
        *b = layer->b;
    if (dW)
        *dW = layer->dW;
    if (db)
        *db = layer->db;
    return LB_OK;
}

lb_status LB_FN(lb_affine_layer_forward)(LB_FN(lb_affine_layer) *layer,
                                         size_t n, const real *X, size_t ldx,
                                         real *Y, size_t ldy)
{
    if (!layer)
        return LB_ERR_NULL;
    LB_TRY(LB_FN(lb_affine_forward)(n, layer->k, layer->m, X, ldx, layer->W,
                                    layer->m, layer->b, Y, ldy));
    layer->X = X;
    layer->n = n;
    layer->ldx = ldx;
    return LB_OK;
}

lb_status LB_FN(lb_affine_layer_backward)(LB_FN(lb_affine_layer) *layer,
                                          const real *dY, size_t lddy,
                                          real *dX, size_t lddx)
{
    if (!layer)
        return LB_ERR_NULL;
    if (!layer->X)
        return LB_ERR_ARG;
    return LB_FN(lb_affine_backward)(layer->n, layer->k, layer->m, layer->X,
                                     layer->ldx, layer->W, layer->m, dY, lddy,
                                     dX, lddx, layer->dW, layer->m, layer->db,
                                     0);
}

struct LB_FN(lb_relu_layer) {
    const real *Y; /* the last forward's output (the caller's): the mask */
    size_t n, m, ldy;
};

lb_status LB_FN(lb_relu_layer_create)(LB_FN(lb_relu_layer) **layer)
{
    if (!layer)
        return LB_ERR_NULL;
    LB_FN(lb_relu_layer) *l = calloc(1, sizeof *l);
    if (!l)
        return LB_ERR_NO_MEMORY; /* *layer untouched, as on every error */
    *layer = l;
    return LB_OK;
}

void LB_FN(lb_relu_layer_destroy)(LB_FN(lb_relu_layer) *layer)
{
    free(layer);
}

lb_status LB_FN(lb_relu_layer_forward)(LB_FN(lb_relu_layer) *layer, size_t n,
                                       size_t m, const real *X, size_t ldx,
                                       real *Y, size_t ldy)
{
    if (!layer)
        return LB_ERR_NULL;
    LB_TRY(LB_FN(lb_relu_forward)(n, m, X, ldx, Y, ldy));
    layer->Y = Y;
    layer->n = n;
    layer->m = m;
    layer->ldy = ldy;
    return LB_OK;
}

lb_status LB_FN(lb_relu_layer_backward)(LB_FN(lb_relu_layer) *layer,
                                        const real *dY, size_t lddy, real *dX,
                                        size_t lddx)
{
    if (!layer)
        return LB_ERR_NULL;
    if (!layer->Y)
        return LB_ERR_ARG;
    return LB_FN(lb_relu_backward)(layer->n, layer->m, layer->Y, layer->ldy,
                                   dY, lddy, dX, lddx);
}

/* The forward computes the loss's gradient G in the same pass as P (the
 * fused kernel forms it accurately from the logits; rebuilt from P alone,
 * p - 1 would cancel for a confident row), so backward only scales it. */
struct LB_FN(lb_softmax_xent_layer) {
    size_t c, max_n, n; /* n: rows of the last forward, 0 before any */
    lb_xent_opts opts;
    real *P, *G;        /* [max_n x c] each, leading dimension c */
};

lb_status LB_FN(lb_softmax_xent_layer_create)(
    size_t c, size_t max_n, const lb_xent_opts *opts,
    LB_FN(lb_softmax_xent_layer) **layer)
{
    lb_xent_opts o;
    if (!layer)
        return LB_ERR_NULL;
    LB_TRY(lb_check_dim(c));
    LB_TRY(lb_check_dim(max_n));
    LB_TRY(lb_xent_resolve(opts, &o));
    LB_TRY(lb_xent_check_weights(&o, LB_DOUBLE));
    LB_TRY(lb_check_elems(2 * max_n, c, sizeof(real))); /* P | G */
    LB_FN(lb_softmax_xent_layer) *l = calloc(1, sizeof *l);
    real *P = malloc(2 * max_n * c * sizeof(real));
    if (!l || !P) {
        free(l);
        free(P);
        return LB_ERR_NO_MEMORY;
    }
    l->c = c;
    l->max_n = max_n;
    l->opts = o;
    l->P = P;
    l->G = P + max_n * c;
    *layer = l;
    return LB_OK;
}

void LB_FN(lb_softmax_xent_layer_destroy)(LB_FN(lb_softmax_xent_layer) *layer)
{
    if (layer)
        free(layer->P);
    free(layer);
}

lb_status LB_FN(lb_softmax_xent_layer_forward_labels)(
    LB_FN(lb_softmax_xent_layer) *layer, size_t n, const real *X, size_t ldx,
    const int32_t *labels, real *loss)
{
    if (!layer || !loss)
        return LB_ERR_NULL;
    if (n > layer->max_n)
        return LB_ERR_SIZE;
    LB_TRY(LB_FN(lb_softmax_xent_labels_forward)(n, layer->c, X, ldx, labels,
                                                 &layer->opts, loss, layer->P,
                                                 layer->c, layer->G, layer->c));
    layer->n = n;
    return LB_OK;
}

lb_status LB_FN(lb_softmax_xent_layer_forward_probs)(
    LB_FN(lb_softmax_xent_layer) *layer, size_t n, const real *X, size_t ldx,
    const real *T, size_t ldt, real *loss)
{
    if (!layer || !loss)
        return LB_ERR_NULL;
    if (n > layer->max_n)
        return LB_ERR_SIZE;
    LB_TRY(LB_FN(lb_softmax_xent_probs_forward)(n, layer->c, X, ldx, T, ldt,
                                                &layer->opts, loss, layer->P,
                                                layer->c, layer->G, layer->c));
    layer->n = n;
    return LB_OK;
}

lb_status LB_FN(lb_softmax_xent_layer_backward)(
    LB_FN(lb_softmax_xent_layer) *layer, real dloss, real *dX, size_t lddx)
{
    if (!layer)
        return LB_ERR_NULL;
    if (layer->n == 0)
        return LB_ERR_ARG;
    size_t n = layer->n, c = layer->c;
    LB_TRY(lb_check_mat(dX, n, c, lddx, sizeof(real)));
    if (lb_overlap(lb_mat_region(dX, n, c, lddx, sizeof(real)),
                   lb_mat_region(layer->P, 2 * layer->max_n, c, c,
                                 sizeof(real))))
        return LB_ERR_ALIAS;
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < c; j++)
            dX[i * lddx + j] = dloss * layer->G[i * c + j];
    return LB_OK;
}

const real *LB_FN(lb_softmax_xent_layer_probs)(
    const LB_FN(lb_softmax_xent_layer) *layer)
{
    return layer && layer->n ? layer->P : NULL;
}


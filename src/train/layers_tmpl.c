/*
 * layers_tmpl.c - the tutorial's classes (Affine, Relu, SoftmaxWithLoss) as
 * layer objects: state and ownership only, every number computed by a
 * kernel. Built once per precision.
 */
#include "internal.h"

#include <stdbool.h>
#include <stdlib.h>

/* The first check of every backward: LB_ERR_NULL without a layer,
 * LB_ERR_ARG before its first forward. */
static lb_status lb_layer_ready(bool exists, bool have_forward)
{
    return !exists ? LB_ERR_NULL : have_forward ? LB_OK : LB_ERR_ARG;
}

#include "precision_begin.h"

/* A zeroed layer object of `size` bytes and its zeroed block of n values
 * (*block); NULL, with nothing allocated, when either allocation fails. */
static void *LB_FN(layer_alloc)(size_t size, size_t n, real **block)
{
    void *l = calloc(1, size);
    *block = calloc(n, sizeof(real));
    if (l && *block)
        return l;
    free(l);
    free(*block);
    return NULL;
}

/* What a forward leaves for its backward: a caller's matrix (the affine
 * layer's input, the ReLU layer's output), its rows and leading
 * dimension. */
typedef struct LB_FN(lb_layer_mat) {
    const real *p;
    size_t n, ld;
    bool set; /* a forward ran: backward may */
} LB_FN(lb_layer_mat);

struct LB_FN(lb_affine_layer) {
    size_t k, m;
    real *W, *b, *dW, *db; /* one block: W | b | dW | db */
    LB_FN(lb_layer_mat) X; /* the last forward's input */
};

lb_status LB_FN(lb_affine_layer_create)(size_t k, size_t m,
                                        LB_FN(lb_affine_layer) **layer)
{
    real *block;
    LB_TRY(lb_check_create(layer, k, m));
    LB_TRY(lb_check_elems(2 * (k + 1), m, sizeof(real))); /* W b dW db */
    LB_FN(lb_affine_layer) *l =
        LB_FN(layer_alloc)(sizeof *l, 2 * (k * m + m), &block);
    if (!l)
        return LB_ERR_NO_MEMORY;
    *l = (LB_FN(lb_affine_layer)){.k = k, .m = m, .W = block,
                                  .b = block + k * m,
                                  .dW = block + k * m + m,
                                  .db = block + 2 * k * m + m};
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
    layer->X = (LB_FN(lb_layer_mat)){X, n, ldx, true};
    return LB_OK;
}

lb_status LB_FN(lb_affine_layer_backward)(LB_FN(lb_affine_layer) *layer,
                                          const real *dY, size_t lddy,
                                          real *dX, size_t lddx)
{
    LB_TRY(lb_layer_ready(layer != NULL, layer && layer->X.set));
    return LB_FN(lb_affine_backward)(layer->X.n, layer->k, layer->m,
                                     layer->X.p, layer->X.ld, layer->W,
                                     layer->m, dY, lddy, dX, lddx, layer->dW,
                                     layer->m, layer->db, 0);
}

struct LB_FN(lb_relu_layer) {
    LB_FN(lb_layer_mat) Y; /* the last forward's output: the mask */
    size_t m;
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
    layer->m = m;
    layer->Y = (LB_FN(lb_layer_mat)){Y, n, ldy, true};
    return LB_OK;
}

lb_status LB_FN(lb_relu_layer_backward)(LB_FN(lb_relu_layer) *layer,
                                        const real *dY, size_t lddy, real *dX,
                                        size_t lddx)
{
    LB_TRY(lb_layer_ready(layer != NULL, layer && layer->Y.set));
    return LB_FN(lb_relu_backward)(layer->Y.n, layer->m, layer->Y.p,
                                   layer->Y.ld, dY, lddy, dX, lddx);
}

/* The forward computes the loss's gradient G in the same pass as P (the
 * fused kernel forms it accurately from the logits; rebuilt from P alone,
 * p - 1 would cancel for a confident row), so backward only scales it. */
struct LB_FN(lb_softmax_xent_layer) {
    size_t c, max_n, n; /* n: rows of the last forward */
    lb_xent_opts opts;
    real *P, *G;        /* [max_n x c] each, leading dimension c */
    bool have_forward;  /* P, G and n hold a forward: backward may run */
};

lb_status LB_FN(lb_softmax_xent_layer_create)(
    size_t c, size_t max_n, const lb_xent_opts *opts,
    LB_FN(lb_softmax_xent_layer) **layer)
{
    lb_xent_opts o;
    real *P;
    LB_TRY(lb_check_create(layer, c, max_n));
    LB_TRY(lb_xent_resolve(opts, &o));
    LB_TRY(lb_xent_check_weights(&o, LB_DOUBLE));
    LB_TRY(lb_check_elems(2 * max_n, c, sizeof(real))); /* P | G */
    LB_FN(lb_softmax_xent_layer) *l =
        LB_FN(layer_alloc)(sizeof *l, 2 * max_n * c, &P);
    if (!l)
        return LB_ERR_NO_MEMORY;
    *l = (LB_FN(lb_softmax_xent_layer)){
        .c = c, .max_n = max_n, .opts = o, .P = P, .G = P + max_n * c};
    *layer = l;
    return LB_OK;
}

void LB_FN(lb_softmax_xent_layer_destroy)(LB_FN(lb_softmax_xent_layer) *layer)
{
    if (layer)
        free(layer->P);
    free(layer);
}

/* The checks of a forward of n rows through the layer. */
static lb_status LB_FN(sx_layer_fits)(const LB_FN(lb_softmax_xent_layer) *l,
                                      size_t n, const real *loss)
{
    if (!l || !loss)
        return LB_ERR_NULL;
    return n > l->max_n ? LB_ERR_SIZE : LB_OK;
}

/* Keeps a forward of n rows that ended with status st, if it succeeded. */
static lb_status LB_FN(sx_layer_keep)(LB_FN(lb_softmax_xent_layer) *l,
                                      size_t n, lb_status st)
{
    if (st == LB_OK) {
        l->n = n;
        l->have_forward = true;
    }
    return st;
}

lb_status LB_FN(lb_softmax_xent_layer_labels_forward)(
    LB_FN(lb_softmax_xent_layer) *layer, size_t n, const real *X, size_t ldx,
    const int32_t *labels, real *loss)
{
    LB_TRY(LB_FN(sx_layer_fits)(layer, n, loss));
    size_t c = layer->c;
    return LB_FN(sx_layer_keep)(
        layer, n,
        LB_FN(lb_softmax_xent_labels_forward)(n, c, X, ldx, labels,
                                              &layer->opts, loss, layer->P, c,
                                              layer->G, c));
}

lb_status LB_FN(lb_softmax_xent_layer_probs_forward)(
    LB_FN(lb_softmax_xent_layer) *layer, size_t n, const real *X, size_t ldx,
    const real *T, size_t ldt, real *loss)
{
    LB_TRY(LB_FN(sx_layer_fits)(layer, n, loss));
    size_t c = layer->c;
    return LB_FN(sx_layer_keep)(
        layer, n,
        LB_FN(lb_softmax_xent_probs_forward)(n, c, X, ldx, T, ldt,
                                             &layer->opts, loss, layer->P, c,
                                             layer->G, c));
}

lb_status LB_FN(lb_softmax_xent_layer_backward)(
    LB_FN(lb_softmax_xent_layer) *layer, real dloss, real *dX, size_t lddx)
{
    LB_TRY(lb_layer_ready(layer != NULL, layer && layer->have_forward));
    size_t n = layer->n, c = layer->c;
    LB_TRY(lb_check_rows(dX, n, c, lddx, sizeof(real)));
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
    return layer && layer->have_forward ? layer->P : NULL;
}


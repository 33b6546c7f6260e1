/*
 * affine_xent_tmpl.c - the fused output layer: affine map + softmax
 * cross-entropy against labels, forward and backward in one call, without
 * ever holding the n x c logits (classes in chunks, two sweeps); built once
 * per precision.
 *
 * Sweep 1, chunk by chunk: Z = X.W[:, chunk] + b[chunk] into the n x chunk
 * workspace, then each row folds the chunk into its running max and
 * exp-sum. The losses follow. Sweep 2, chunks in reverse order (the last
 * one is still in the workspace): the chunk's logits again (restored from
 * dW where xa_stash() kept them, recomputed otherwise), turned in place
 * into the chunk of dZ, which feeds the GEMMs for dX (accumulated over
 * chunks), dW[:, chunk] and db[chunk].
 * Ignored rows take no part: the GEMMs run over the runs of counted rows. */
#include "internal.h"
#include "parallel.h"

#include <cblas.h> /* before precision_begin.h (gemm_tmpl.h) */
#include <math.h>
#include <stdalign.h>
#include <string.h>

/* What one row carries from the first sweep to the second. */
typedef struct lb_xent_row {
    double m;          /* running max of the logits */
    double ties, rest; /* exp-sum split as in rowwise_tmpl.h, relative to m */
    double wdev;       /* sum_j w_j (z_j - m), for label smoothing */
    double zt;         /* the label's logit */
} lb_xent_row;

#include "precision_begin.h"
#include "affine_tmpl.h"
#include "gemm_tmpl.h"
#include "rowwise_tmpl.h"
#include "xent_target_tmpl.h"

/* One call's arguments and workspace, passed by pointer to the steps and
 * to the row engine. */
typedef struct LB_FN(lb_xa) {
    const lb_kernels *kt; /* the kernel table, taken once per call */
    size_t n, k, c, cw; /* cw: chunk width, the workspace's ld */
    const real *X, *W, *b;
    size_t ldx, ldw;
    const int32_t *labels;
    LB_FN(lb_xent_target) tg;
    double scale; /* turns the sum over rows into the reported loss */
    real *stash;       /* dW when it may keep logits between the sweeps */
    size_t lds, stash_rows; /* its ld; the rows it keeps, min(n, k) or 0 */
    lb_xent_row *rows; /* [n] */
    real *Z;           /* [n x cw]: logits, then gradient, of a chunk */
    size_t c0, cb;     /* the chunk the rows work on: classes c0 .. + cb */
    real *loss;        /* the losses, stored per row under LB_REDUCE_NONE */
    double wseen;      /* the weights of the classes before c0 */
} LB_FN(lb_xa);

static size_t LB_FN(xa_width)(size_t c, size_t chunk)
{
    size_t w = chunk ? chunk : LB_AFFINE_XENT_CHUNK;
    return w < c ? w : c;
}

/* Bytes before the logits block: the row states. */
static size_t LB_FN(xa_head)(size_t n)
{
    return n * sizeof(lb_xent_row);
}

lb_status LB_FN(lb_affine_xent_labels_workspace)(size_t n, size_t c,
                                                 size_t chunk, size_t *bytes)
{
    if (!bytes)
        return LB_ERR_NULL;
    LB_TRY(lb_check_batch(n));
    LB_TRY(lb_check_dim(c));
    size_t cw = LB_FN(xa_width)(c, chunk), head = LB_FN(xa_head)(n);
    if (n > (SIZE_MAX - head) / sizeof(real) / cw)
        return LB_ERR_SIZE;
    *bytes = head + n * cw * sizeof(real);
    return LB_OK;
}

/* The next run [*lo, *hi) of counted rows at or after *hi; false when
 * there is none. Start with *hi = the first row to consider. */
static bool LB_FN(xa_next_run)(const LB_FN(lb_xa) *x, size_t *lo, size_t *hi)
{
    size_t i = *hi;
    while (i < x->n && LB_FN(target_ignored)(&x->tg, x->labels[i]))
        i++;
    if (i == x->n)
        return false;
    *lo = i;
    while (i < x->n && !LB_FN(target_ignored)(&x->tg, x->labels[i]))
        i++;
    *hi = i;
    return true;
}

/* The logits of classes c0 .. c0 + cb - 1 of the counted rows from row
 * `from` on into Z. */
static void LB_FN(xa_logits)(const LB_FN(lb_xa) *x, size_t c0, size_t cb,
                             size_t from)
{
    size_t lo, hi = from;
    while (LB_FN(xa_next_run)(x, &lo, &hi)) {
        /* Z[run x cb] = X[run x k] . W[k x cb] + b[cb] -> (NoTrans,
         * NoTrans, run, cb, k) */
        LB_FN(lb_gemm)(CblasNoTrans, CblasNoTrans, hi - lo, cb, x->k, 1,
                       x->X + lo * x->ldx, x->ldx, x->W + c0, x->ldw,
                       x->b ? x->b + c0 : NULL, 0, x->Z + lo * x->cw, x->cw,
                       NULL, 0);
    }
}

/* Row i folds the chunk in Z into its running max and exp-sum; when the
 * max grows, what was summed so far is rescaled to it (wseen, for the
 * smoothing sum). Ignored rows take no part. */
static double LB_FN(xa_update_row)(const void *ctx, size_t i)
{
    const LB_FN(lb_xa) *x = ctx;
    if (LB_FN(target_ignored)(&x->tg, x->labels[i]))
        return 0;
    size_t c0 = x->c0, cb = x->cb;
    lb_xent_row *r = &x->rows[i];
    const real *z = x->Z + i * x->cw;
    real mc = LB_FN(row_max)(x->kt, cb, z);
    if (c0 == 0) {
        *r = (lb_xent_row){mc, 0, 0, 0, 0};
    } else if (mc > r->m) {
        r->rest = (r->ties + r->rest) * exp(r->m - (double)mc);
        r->wdev -= x->wseen * ((double)mc - r->m);
        r->ties = 0;
        r->m = mc;
    }
    lb_expsum s = LB_FN(row_expsum)(x->kt, cb, z, (real)r->m, NULL, z, NULL);
    r->ties += s.ties;
    r->rest += s.rest;
    for (size_t j = 0; x->tg.spread != 0 && j < cb; j++) {
        double wj = LB_FN(target_w)(&x->tg, c0 + j);
        if (wj != 0)
            r->wdev += wj * ((double)z[j] - r->m);
    }
    size_t t = (size_t)x->labels[i];
    if (t >= c0 && t - c0 < cb)
        r->zt = z[t - c0];
    return 0;
}

/* The loss of counted row i, a (lse - (z_t - m)) + b sum_j w_j (lse -
 * (z_j - m)) with the sum as W lse - wdev: two terms of one sign, nothing
 * cancels. */
static double LB_FN(xa_counted_loss)(const LB_FN(lb_xa) *x, size_t i)
{
    const lb_xent_row *r = &x->rows[i];
    lb_expsum s = {r->ties, r->rest};
    double lse = lb_expsum_log(s);
    double a = x->tg.keep * LB_FN(target_w)(&x->tg, (size_t)x->labels[i]);
    double b = x->tg.spread, li = 0;
    if (a != 0)
        li += a * (lse - (r->zt - r->m));
    if (b != 0)
        li += b * (x->tg.wsum * lse - r->wdev);
    return li;
}

/* Row i's term of the loss, kept in loss[i] under LB_REDUCE_NONE; 0 for an
 * ignored row. */
static double LB_FN(xa_loss_row)(const void *ctx, size_t i)
{
    const LB_FN(lb_xa) *x = ctx;
    double li = LB_FN(target_ignored)(&x->tg, x->labels[i])
                    ? 0
                    : LB_FN(xa_counted_loss)(x, i);
    if (x->tg.o.reduction == LB_REDUCE_NONE)
        x->loss[i] = (real)li;
    return li;
}

/* Row i's chunk of logits in Z becomes its chunk of dZ, in place; an
 * ignored row's is 0, so the bias gradient can sum every row. */
static double LB_FN(xa_grad_row)(const void *ctx, size_t i)
{
    const LB_FN(lb_xa) *x = ctx;
    size_t c0 = x->c0, cb = x->cb;
    real *z = x->Z + i * x->cw;
    if (LB_FN(target_ignored)(&x->tg, x->labels[i])) {
        memset(z, 0, cb * sizeof(real));
        return 0;
    }
    const lb_xent_row *r = &x->rows[i];
    real m = (real)r->m, zt = (real)r->zt;
    lb_expsum s = {r->ties, r->rest};
    double dt = (double)zt - r->m;
    double rest_share = LB_FN(target_rest_share)(s, dt, lb_expr(zt - m));
    LB_FN(row_expsum)(x->kt, cb, z, m, z, z, NULL);
    LB_FN(target_label_grad)(x->kt, &x->tg, cb, c0, (size_t)x->labels[i],
                             rest_share, x->scale,
                             1.0 / lb_expsum_total(s), z, NULL, z);
    return 0;
}

/* Runs row over the n rows for the chunk at c0 of width cb. */
static double LB_FN(xa_rows)(LB_FN(lb_xa) *x, size_t c0, size_t cb,
                             lb_row_fn row)
{
    x->c0 = c0;
    x->cb = cb;
    return lb_rows(x->n, 3 * x->n * cb, row, x);
}

/* The gradient chunk at c0 (in Z) into the GEMMs: dX += dZ.W[:, block]^T
 * (overwritten on the first chunk of the sweep), dW[:, block] and
 * db[block] with the caller's beta. */
static void LB_FN(xa_feed)(LB_FN(lb_xa) *x, size_t c0, size_t cb, bool first,
                           real *dX, size_t lddx, real *dW, size_t lddw,
                           real *db, real beta)
{
    size_t lo, hi = 0, cw = x->cw, k = x->k;
    bool fed = false;
    while (LB_FN(xa_next_run)(x, &lo, &hi)) {
        const real *G = x->Z + lo * cw;
        size_t rows = hi - lo;
        /* dX[run x k] = dZ[run x cb] . W[k x cb]^T -> (NoTrans, Trans, run,
         * k, cb) */
        if (dX)
            LB_FN(lb_gemm)(CblasNoTrans, CblasTrans, rows, k, cb, 1, G, cw,
                           x->W + c0, x->ldw, NULL, first ? 0 : 1,
                           dX + lo * lddx, lddx, NULL, 0);
        /* dW[k x cb] = X[run x k]^T . dZ[run x cb] -> (Trans, NoTrans, k,
         * cb, run); the caller's beta on the first run only */
        if (dW)
            LB_FN(lb_gemm)(CblasTrans, CblasNoTrans, k, cb, rows, 1,
                           x->X + lo * x->ldx, x->ldx, G, cw, NULL,
                           fed ? 1 : beta, dW + c0, lddw, NULL, 0);
        fed = true;
    }
    if (dW && !fed)
        LB_FN(lb_mat_scale)(k, cb, dW + c0, lddw, beta);
    if (db)
        LB_FN(lb_bias_grad)(x->kt, x->n, cb, x->Z, cw, db + c0, 1, beta);
}

/* Between the sweeps, a dW that is to be overwritten (beta = 0) keeps the
 * logits of each chunk's first min(n, k) rows in its own columns of that
 * chunk: sweep 2 restores them just before the chunk's dW GEMM overwrites
 * those columns, and recomputes only the rows below. */
static void LB_FN(xa_stash)(const LB_FN(lb_xa) *x, size_t c0, size_t cb,
                            bool restore)
{
    for (size_t i = 0; i < x->stash_rows; i++) {
        if (LB_FN(target_ignored)(&x->tg, x->labels[i]))
            continue;
        real *z = x->Z + i * x->cw, *kept = x->stash + i * x->lds + c0;
        memcpy(restore ? z : kept, restore ? kept : z, cb * sizeof(real));
    }
}

/* Sweep 1, and the losses into loss (when wanted): the reported value, or
 * each row's. */
static void LB_FN(xa_forward)(LB_FN(lb_xa) *x, real *loss)
{
    x->wseen = 0;
    for (size_t c0 = 0; c0 < x->c; c0 += x->cw) {
        size_t cb = x->c - c0 < x->cw ? x->c - c0 : x->cw;
        LB_FN(xa_logits)(x, c0, cb, 0);
        LB_FN(xa_rows)(x, c0, cb, LB_FN(xa_update_row));
        if (c0 + cb < x->c)
            LB_FN(xa_stash)(x, c0, cb, false);
        for (size_t j = 0; x->tg.spread != 0 && j < cb; j++)
            x->wseen += LB_FN(target_w)(&x->tg, c0 + j);
    }
    if (!loss)
        return;
    x->loss = loss;
    double sum = LB_FN(xa_rows)(x, 0, 0, LB_FN(xa_loss_row));
    if (x->tg.o.reduction != LB_REDUCE_NONE)
        *loss = (real)(sum * x->scale);
}

/* Sweep 2: chunks from the last (still in Z) back to the first. */
static void LB_FN(xa_backward)(LB_FN(lb_xa) *x, real *dX, size_t lddx,
                               real *dW, size_t lddw, real *db, real beta)
{
    size_t last = (x->c - 1) / x->cw * x->cw;
    for (size_t chunks = last / x->cw + 1; chunks-- > 0;) {
        size_t c0 = chunks * x->cw;
        size_t cb = x->c - c0 < x->cw ? x->c - c0 : x->cw;
        if (c0 != last) {
            LB_FN(xa_stash)(x, c0, cb, true);
            LB_FN(xa_logits)(x, c0, cb, x->stash_rows);
        }
        LB_FN(xa_rows)(x, c0, cb, LB_FN(xa_grad_row));
        LB_FN(xa_feed)(x, c0, cb, c0 == last, dX, lddx, dW, lddw, db, beta);
    }
    for (size_t i = 0; dX && i < x->n; i++)
        if (LB_FN(target_ignored)(&x->tg, x->labels[i]))
            memset(dX + i * lddx, 0, x->k * sizeof(real));
}

/* Every check before anything is written: shapes, outputs, workspace,
 * aliasing (the class weights, from the resolved options, among the
 * inputs); then the options and labels. */
static lb_status LB_FN(xa_check)(size_t n, size_t k, size_t c, const real *X,
                                 size_t ldx, const real *W, size_t ldw,
                                 const real *b, const int32_t *labels,
                                 lb_region weights, size_t chunk,
                                 const void *work, size_t work_bytes,
                                 const real *loss, size_t nloss,
                                 const real *dX, size_t lddx, const real *dW,
                                 size_t lddw, const real *db)
{
    const size_t es = sizeof(real);
    LB_TRY(lb_check_rows(X, n, k, ldx, es));
    LB_TRY(lb_check_mat(W, k, c, ldw, es));
    if (!loss && !dX && !dW && !db)
        return LB_ERR_NULL;
    if (dX)
        LB_TRY(lb_check_rows(dX, n, k, lddx, es));
    if (dW)
        LB_TRY(lb_check_mat(dW, k, c, lddw, es));
    size_t need;
    LB_TRY(LB_FN(lb_affine_xent_labels_workspace)(n, c, chunk, &need));
    if (!work && need > 0)
        return LB_ERR_NULL;
    if (work_bytes < need)
        return LB_ERR_SIZE;
    if ((uintptr_t)work % alignof(double) != 0)
        return LB_ERR_ARG;
    lb_region in[5] = {lb_mat_region(X, n, k, ldx, es),
                       lb_mat_region(W, k, c, ldw, es),
                       lb_mat_region(b, 1, c, c, es),
                       lb_labels_region(labels, n), weights};
    lb_region out[5] = {lb_mat_region(loss, 1, nloss, nloss, es),
                        lb_mat_region(dX, n, k, lddx, es),
                        lb_mat_region(dW, k, c, lddw, es),
                        lb_mat_region(db, 1, c, c, es),
                        lb_mat_region(work, 1, work_bytes, work_bytes, 1)};
    return lb_check_disjoint(out, 5, in, 5);
}

lb_status LB_TRACED(LB_FN(lb_affine_xent_labels_forward))(
    size_t n, size_t k, size_t c, const real *X, size_t ldx, const real *W,
    size_t ldw, const real *b, const int32_t *labels, const lb_xent_opts *opts,
    size_t chunk, void *work, size_t work_bytes, real *loss, real *dX,
    size_t lddx, real *dW, size_t lddw, real *db, real beta)
{
    LB_FN(lb_xa) x = {.n = n, .k = k, .c = c, .X = X, .W = W, .b = b,
                      .ldx = ldx, .ldw = ldw, .labels = labels};
    double den;
    bool none = opts && opts->reduction == LB_REDUCE_NONE;
    LB_TRY(LB_FN(target_init)(opts, c, true, &x.tg));
    LB_TRY(LB_FN(xa_check)(n, k, c, X, ldx, W, ldw, b, labels,
                           LB_FN(target_weights_region)(&x.tg, c), chunk,
                           work, work_bytes, loss, none ? n : 1, dX, lddx, dW,
                           lddw, db));
    /* The logits of finite inputs are finite: there are no all -inf rows
     * to give zeros, and saying otherwise would be a silent no-op. */
    if (x.tg.o.inf_rows != LB_INF_ROWS_NAN)
        return LB_ERR_ARG;
    LB_TRY(LB_FN(target_check_labels)(&x.tg, n, c, labels, &den));
    x.cw = LB_FN(xa_width)(c, chunk);
    x.scale = lb_reduction_scale(x.tg.o.reduction, den);
    x.kt = lb_kernels_get();
    x.rows = work;
    x.Z = n > 0 ? (real *)(x.rows + n) : NULL;
    if (dW && beta == 0) {
        x.stash = dW;
        x.lds = lddw;
        x.stash_rows = n < k ? n : k;
    }
    LB_FN(xa_forward)(&x, loss);
    if (dX || dW || db)
        LB_FN(xa_backward)(&x, dX, lddx, dW, lddw, db, beta);
    return LB_OK;
}


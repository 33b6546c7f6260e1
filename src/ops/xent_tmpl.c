/*
 * xent_tmpl.c - cross-entropy and the fused softmax-with-loss, forward (loss,
 * probabilities and gradient out of one pass per row) and backward from
 * stored probabilities; built once per precision.
 * The loss is log-sum-exp minus the target logit: exact, no epsilon; the
 * options (weights, smoothing, ignored rows) come from xent_target_tmpl.h.
 */
#include "internal.h"
#include "parallel.h"

#include <math.h>

#include "precision_begin.h"
#include "rowwise_tmpl.h"
#include "xent_target_tmpl.h"

/* The arguments of one call, for the row functions that the row engine runs
 * (each row alone; the batch loss summed in a fixed order, so results do
 * not depend on the thread count). */
typedef struct LB_FN(lb_xent_rows) {
    const lb_kernels *k;    /* taken once per call */
    const LB_FN(lb_xent_target) *tg;
    size_t n, c;
    const real *X, *T;      /* logits or probabilities; targets or NULL */
    size_t ldx, ldt;
    const int32_t *labels;  /* or NULL */
    real *P, *dX, *loss;    /* outputs, each may be NULL; loss per row */
    size_t ldp, lddx;
    double scale;           /* the loss's scale, or the backward's g */
} LB_FN(lb_xent_rows);

/* Row i's loss, also stored when the losses are reported per row. */
static double LB_FN(rows_keep)(const LB_FN(lb_xent_rows) *r, size_t i,
                               double li)
{
    if (r->loss && r->tg->o.reduction == LB_REDUCE_NONE)
        r->loss[i] = (real)li;
    return li;
}

/* Runs row over every row through the row engine with the kernel table;
 * the sum of what it returns, in a fixed order. */
static double LB_FN(rows_run)(LB_FN(lb_xent_rows) *r, lb_row_fn row)
{
    r->k = lb_kernels_get();
    return lb_rows(r->n, 3 * r->n * r->c, row, r);
}

/* Writes the reported loss when it is one number: the scaled sum. */
static void LB_FN(store_loss)(lb_reduction r, double sum, double scale,
                              real *loss)
{
    if (r != LB_REDUCE_NONE)
        *loss = (real)(sum * scale);
}

/* Zero probabilities and gradient for a row that has none (ignored, or all
 * -inf under LB_INF_ROWS_ZERO); either output may be NULL. */
static double LB_FN(row_zero)(size_t c, real *p, real *dx)
{
    for (size_t j = 0; j < c; j++) {
        if (p)
            p[j] = 0;
        if (dx)
            dx[j] = 0;
    }
    return 0;
}

/* A row whose max is -inf and that holds no NaN: every logit is -inf. */
static bool LB_FN(row_all_neg_inf)(size_t c, const real *x, real m)
{
    if (m != -INFINITY)
        return false;
    for (size_t j = 0; j < c; j++)
        if (x[j] != -INFINITY)
            return false;
    return true;
}

/* What LB_INF_ROWS_ZERO writes for an all -inf row: the backwards give it
 * zero gradient too. */
static bool LB_FN(row_is_zero)(size_t c, const real *p)
{
    for (size_t j = 0; j < c; j++)
        if (p[j] != 0)
            return false;
    return true;
}

/* Resolves the options of a probability target T [n x c] into tg, after
 * checking T; target: T's bytes, for the aliasing checks. */
static lb_status LB_FN(probs_init)(size_t n, size_t c, const real *T,
                                   size_t ldt, const lb_xent_opts *opts,
                                   LB_FN(lb_xent_target) *tg,
                                   lb_region *target)
{
    LB_TRY(lb_check_rows(T, n, c, ldt, sizeof(real)));
    *target = lb_mat_region(T, n, c, ldt, sizeof(real));
    return LB_FN(target_init)(opts, c, false, tg);
}

/* Checks shared by the cross-entropies, after target_init(): P, and the
 * loss, which must not overlap P, the targets (labels or T) or the class
 * weights. */
static lb_status LB_FN(xent_check)(size_t n, size_t c, const real *P,
                                   size_t ldp, lb_region target,
                                   const LB_FN(lb_xent_target) *tg,
                                   const real *loss)
{
    const size_t es = sizeof(real);
    LB_TRY(lb_check_rows(P, n, c, ldp, es));
    if (!loss)
        return LB_ERR_NULL;
    lb_region in[3] = {lb_mat_region(P, n, c, ldp, es), target,
                       LB_FN(target_weights_region)(tg, c)};
    lb_region out = lb_loss_region(loss, tg->o.reduction, n, es);
    return lb_check_disjoint(&out, 1, in, 3);
}

/* -sum_j q_j log p_j of a label row t (terms with q_j == 0 count 0). */
static double LB_FN(row_xent_label)(const LB_FN(lb_xent_target) *tg,
                                    size_t c, const real *p, size_t t)
{
    double a = tg->keep * LB_FN(target_w)(tg, t), li = 0;
    if (a != 0)
        li -= a * log((double)p[t]);
    for (size_t j = 0; tg->spread != 0 && j < c; j++) {
        double wj = LB_FN(target_w)(tg, j);
        if (wj != 0)
            li -= tg->spread * wj * log((double)p[j]);
    }
    return li;
}

/* -sum_j q_j log p_j of a probability row. */
static double LB_FN(row_xent_probs)(const LB_FN(lb_xent_target) *tg,
                                    size_t c, const real *p, const real *t)
{
    double li = 0;
    for (size_t j = 0; j < c; j++) {
        double q = LB_FN(target_probs_q)(tg, j, t[j]);
        if (q != 0)
            li -= q * log((double)p[j]);
    }
    return li;
}

static double LB_FN(xent_label_row)(const void *ctx, size_t i)
{
    const LB_FN(lb_xent_rows) *r = ctx;
    int32_t t = r->labels[i];
    double li = LB_FN(target_ignored)(r->tg, t)
                    ? 0
                    : LB_FN(row_xent_label)(r->tg, r->c, r->X + i * r->ldx,
                                            (size_t)t);
    return LB_FN(rows_keep)(r, i, li);
}

lb_status LB_TRACED(LB_FN(lb_xent_labels_forward))(size_t n, size_t c,
                                                   const real *P, size_t ldp,
                                                   const int32_t *labels,
                                                   const lb_xent_opts *opts,
                                                   real *loss)
{
    LB_FN(lb_xent_target) tg;
    double den;
    LB_TRY(LB_FN(target_init)(opts, c, true, &tg));
    LB_TRY(LB_FN(xent_check)(n, c, P, ldp, lb_labels_region(labels, n), &tg,
                             loss));
    LB_TRY(LB_FN(target_check_labels)(&tg, n, c, labels, &den));
    LB_FN(lb_xent_rows) r = {.tg = &tg, .n = n, .c = c, .X = P, .ldx = ldp,
                             .labels = labels, .loss = loss};
    double sum = LB_FN(rows_run)(&r, LB_FN(xent_label_row));
    LB_FN(store_loss)(tg.o.reduction, sum,
                      lb_reduction_scale(tg.o.reduction, den), loss);
    return LB_OK;
}

static double LB_FN(xent_probs_row)(const void *ctx, size_t i)
{
    const LB_FN(lb_xent_rows) *r = ctx;
    return LB_FN(rows_keep)(r, i,
                            LB_FN(row_xent_probs)(r->tg, r->c,
                                                  r->X + i * r->ldx,
                                                  r->T + i * r->ldt));
}

lb_status LB_TRACED(LB_FN(lb_xent_probs_forward))(size_t n, size_t c,
                                                  const real *P, size_t ldp,
                                                  const real *T, size_t ldt,
                                                  const lb_xent_opts *opts,
                                                  real *loss)
{
    LB_FN(lb_xent_target) tg;
    lb_region target;
    LB_TRY(LB_FN(probs_init)(n, c, T, ldt, opts, &tg, &target));
    LB_TRY(LB_FN(xent_check)(n, c, P, ldp, target, &tg, loss));
    LB_FN(lb_xent_rows) r = {.tg = &tg, .n = n, .c = c, .X = P, .ldx = ldp,
                             .T = T, .ldt = ldt, .loss = loss};
    double sum = LB_FN(rows_run)(&r, LB_FN(xent_probs_row));
    LB_FN(store_loss)(tg.o.reduction, sum,
                      lb_reduction_scale(tg.o.reduction, (double)n), loss);
    return LB_OK;
}

/* ---- fused softmax + cross-entropy ---- */

/* Checks shared by the fused forwards, after target_init(): X, the
 * optional outputs, aliasing (the outputs disjoint from each other, X, the
 * targets - labels or T - and the class weights). */
static lb_status LB_FN(fused_check)(size_t n, size_t c, const real *X,
                                    size_t ldx, lb_region target,
                                    const LB_FN(lb_xent_target) *tg,
                                    const real *loss, const real *P,
                                    size_t ldp, const real *dX, size_t lddx)
{
    const size_t es = sizeof(real);
    LB_TRY(lb_check_rows(X, n, c, ldx, es));
    if (!loss && !P && !dX)
        return LB_ERR_NULL;
    if (P)
        LB_TRY(lb_check_rows(P, n, c, ldp, es));
    if (dX)
        LB_TRY(lb_check_rows(dX, n, c, lddx, es));
    lb_region in[3] = {lb_mat_region(X, n, c, ldx, es), target,
                       LB_FN(target_weights_region)(tg, c)};
    lb_region out[3] = {lb_mat_region(P, n, c, ldp, es),
                        lb_mat_region(dX, n, c, lddx, es),
                        lb_loss_region(loss, tg->o.reduction, n, es)};
    return lb_check_disjoint(out, 3, in, 3);
}

/* sum_j w_j (lse - (x_j - m)): the smoothing part of a label row's loss,
 * terms with w_j == 0 counting 0. */
static double LB_FN(row_weighted_nll)(const LB_FN(lb_xent_target) *tg,
                                      size_t c, const real *x, real m,
                                      double lse)
{
    double acc = 0;
    for (size_t j = 0; j < c; j++) {
        double wj = LB_FN(target_w)(tg, j);
        if (wj != 0)
            acc += wj * (lse - ((double)x[j] - (double)m));
    }
    return acc;
}

/* Row i's output rows (either may be NULL). */
static real *LB_FN(rows_p)(const LB_FN(lb_xent_rows) *r, size_t i)
{
    return r->P ? r->P + i * r->ldp : NULL;
}

static real *LB_FN(rows_dx)(const LB_FN(lb_xent_rows) *r, size_t i)
{
    return r->dX ? r->dX + i * r->lddx : NULL;
}

/* Where row i's exps go (P's row, else dX's; NULL for neither). */
static real *LB_FN(rows_e)(const LB_FN(lb_xent_rows) *r, size_t i)
{
    real *p = LB_FN(rows_p)(r, i);
    return p ? p : LB_FN(rows_dx)(r, i);
}

/* The exp-sum of row i (max m) into its exps' row, fetching row i + 1 and
 * its exps' row meanwhile when more says this thread runs it next. */
static lb_expsum LB_FN(rows_expsum)(const LB_FN(lb_xent_rows) *r, size_t i,
                                    real m, bool more)
{
    const real *x = r->X + i * r->ldx;
    return LB_FN(row_expsum)(r->k, r->c, x, m, LB_FN(rows_e)(r, i),
                             more ? x + r->ldx : x,
                             more ? LB_FN(rows_e)(r, i + 1) : NULL);
}

/* The rest of row i of logits against its label, from its max m and its
 * exp-sum s (the exps in P's or dX's row): loss back, and P and/or dX
 * written (either may be NULL), dX as target_label_grad() forms it. */
static double LB_FN(fused_label_end)(const LB_FN(lb_xent_rows) *r, size_t i,
                                     real m, lb_expsum s)
{
    const LB_FN(lb_xent_target) *tg = r->tg;
    size_t c = r->c, t = (size_t)r->labels[i];
    const real *x = r->X + i * r->ldx;
    real *p = LB_FN(rows_p)(r, i), *dx = LB_FN(rows_dx)(r, i);
    real *e = p ? p : dx;
    double dt = (double)x[t] - (double)m, lse = lb_expsum_log(s);
    double li = LB_FN(target_label_nll)(tg, t, lse, dt);
    if (tg->spread != 0)
        li += tg->spread * LB_FN(row_weighted_nll)(tg, c, x, m, lse);
    if (dx)
        LB_FN(target_label_grad)(r->k, tg, c, 0, t,
                                 LB_FN(target_rest_share)(s, dt, e[t]),
                                 r->scale, 1.0 / lb_expsum_total(s), e, p,
                                 dx);
    else if (p)
        LB_FN(row_normalize)(r->k, c, p, s);
    return LB_FN(rows_keep)(r, i, li);
}

/* Row i of logits against its label (fused_label_end). */
static double LB_FN(fused_label_row)(const void *ctx, size_t i)
{
    const LB_FN(lb_xent_rows) *r = ctx;
    const LB_FN(lb_xent_target) *tg = r->tg;
    size_t c = r->c;
    const real *x = r->X + i * r->ldx;
    real *p = LB_FN(rows_p)(r, i), *dx = LB_FN(rows_dx)(r, i);
    if (LB_FN(target_ignored)(tg, r->labels[i]))
        return LB_FN(rows_keep)(r, i, LB_FN(row_zero)(c, p, dx));
    real m = LB_FN(row_max)(r->k, c, x);
    if (tg->o.inf_rows == LB_INF_ROWS_ZERO && LB_FN(row_all_neg_inf)(c, x, m))
        return LB_FN(rows_keep)(r, i, LB_FN(row_zero)(c, p, dx));
    lb_expsum s = LB_FN(rows_expsum)(r, i, m,
                                     lb_rows_next_in_chunk(r->n, i));
    return LB_FN(fused_label_end)(r, i, m, s);
}

/* Rows of up to this many bytes go LB_ROW_GROUP at a time
 * (fused_label_group): a short row's work is a chain of waits (max, then
 * exps, then the sum's reduction, log and 1/total), which another row
 * fills; rows of 4 KiB gain nothing, double rows of 8 KiB lose, and
 * four rows at a time gain no more than two (docs/performance.md). */
#define LB_GROUP_ROW_BYTES 2048
#define LB_ROW_GROUP 2

/* Rows LB_ROW_GROUP g .. as fused_label_row gives them, bit for bit,
 * their maxima and then their exp-sums taken side by side. */
static double LB_FN(fused_label_group)(const void *ctx, size_t g)
{
    const LB_FN(lb_xent_rows) *r = ctx;
    const LB_FN(lb_xent_target) *tg = r->tg;
    size_t i = LB_ROW_GROUP * g, c = r->c, nr = r->n - i;
    bool alone = nr < LB_ROW_GROUP || tg->o.inf_rows == LB_INF_ROWS_ZERO;
    for (size_t q = 0; q < LB_ROW_GROUP && q < nr; q++)
        alone = alone || LB_FN(target_ignored)(tg, r->labels[i + q]);
    double sum = 0;
    if (alone) {
        for (size_t q = 0; q < LB_ROW_GROUP && q < nr; q++)
            sum += LB_FN(fused_label_row)(ctx, i + q);
        return sum;
    }
    real m[LB_ROW_GROUP];
    lb_expsum s[LB_ROW_GROUP];
    for (size_t q = 0; q < LB_ROW_GROUP; q++)
        m[q] = LB_FN(row_max)(r->k, c, r->X + (i + q) * r->ldx);
    for (size_t q = 0; q < LB_ROW_GROUP; q++)
        s[q] = LB_FN(rows_expsum)(
            r, i + q, m[q],
            q + 1 < LB_ROW_GROUP ||
                lb_rows_next_in_chunk((r->n + LB_ROW_GROUP - 1) /
                                          LB_ROW_GROUP,
                                      g));
    for (size_t q = 0; q < LB_ROW_GROUP; q++)
        sum += LB_FN(fused_label_end)(r, i + q, m[q], s[q]);
    return sum;
}

/* Rows i0 .. i0 + L - 1 (fewer at the end) of a plain label target with
 * short rows, through the cross-row kernel: what fused_label_row gives
 * them, up to the order of the exp-sum and log1p's last bit. */
static double LB_FN(fused_label_tile)(const void *ctx, size_t g)
{
    const LB_FN(lb_xent_rows) *r = ctx;
    const LB_FN(lb_xent_target) *tg = r->tg;
    const size_t L = 64 / sizeof(real), i0 = g * L, c = r->c;
    size_t nr = r->n - i0 < L ? r->n - i0 : L;
    lb_rowstats st;
    r->k->LB_FN(rows_softmax_xent)(nr, c, r->X + i0 * r->ldx, r->ldx,
                                   r->labels + i0, r->scale,
                                   LB_FN(rows_p)(r, i0), r->ldp,
                                   LB_FN(rows_dx)(r, i0), r->lddx, &st);
    double sum = 0;
    for (size_t q = 0; q < nr; q++) {
        size_t i = i0 + q;
        double li = st.nll[q];
        if (LB_FN(target_ignored)(tg, r->labels[i]) ||
            (tg->o.inf_rows == LB_INF_ROWS_ZERO && st.m[q] == -INFINITY &&
             LB_FN(row_all_neg_inf)(c, r->X + i * r->ldx, (real)st.m[q])))
            li = LB_FN(row_zero)(c, LB_FN(rows_p)(r, i), LB_FN(rows_dx)(r, i));
        sum += LB_FN(rows_keep)(r, i, li);
    }
    return sum;
}

/* The fused label forward's rows: across vector lanes when they are very
 * short and the target plain (the kernel has no weights), else two by two
 * or, long, one by one. */
static double LB_FN(fused_label_run)(LB_FN(lb_xent_rows) *r)
{
    const size_t L = 64 / sizeof(real), work = 3 * r->n * r->c;
    r->k = lb_kernels_get();
    if (LB_FN(target_plain)(r->tg) && r->c <= LB_TILE_USE_COLS)
        return lb_rows((r->n + L - 1) / L, work, LB_FN(fused_label_tile), r);
    if (r->c * sizeof(real) <= LB_GROUP_ROW_BYTES)
        return lb_rows((r->n + LB_ROW_GROUP - 1) / LB_ROW_GROUP, work,
                       LB_FN(fused_label_group), r);
    return lb_rows(r->n, work, LB_FN(fused_label_row), r);
}

lb_status LB_TRACED(LB_FN(lb_softmax_xent_labels_forward))(
    size_t n, size_t c, const real *X, size_t ldx, const int32_t *labels,
    const lb_xent_opts *opts, real *loss, real *P, size_t ldp, real *dX,
    size_t lddx)
{
    LB_FN(lb_xent_target) tg;
    double den;
    LB_TRY(LB_FN(target_init)(opts, c, true, &tg));
    LB_TRY(LB_FN(fused_check)(n, c, X, ldx, lb_labels_region(labels, n), &tg,
                              loss, P, ldp, dX, lddx));
    LB_TRY(LB_FN(target_check_labels)(&tg, n, c, labels, &den));
    LB_FN(lb_xent_rows) r = {.tg = &tg, .n = n, .c = c, .X = X, .ldx = ldx,
                             .labels = labels, .P = P, .ldp = ldp, .dX = dX,
                             .lddx = lddx, .loss = loss,
                             .scale = lb_reduction_scale(tg.o.reduction, den)};
    double sum = LB_FN(fused_label_run)(&r);
    if (loss)
        LB_FN(store_loss)(tg.o.reduction, sum, r.scale, loss);
    return LB_OK;
}

/* Row i of logits against its target distribution: the loss
 * sum_j q_j (lse - (x_j - m)) over q_j != 0, and P and/or dX. */
static double LB_FN(fused_probs_row)(const void *ctx, size_t i)
{
    const LB_FN(lb_xent_rows) *r = ctx;
    const LB_FN(lb_xent_target) *tg = r->tg;
    size_t c = r->c;
    const real *x = r->X + i * r->ldx, *t = r->T + i * r->ldt;
    real *p = LB_FN(rows_p)(r, i), *dx = LB_FN(rows_dx)(r, i);
    real m = LB_FN(row_max)(r->k, c, x);
    if (tg->o.inf_rows == LB_INF_ROWS_ZERO && LB_FN(row_all_neg_inf)(c, x, m))
        return LB_FN(rows_keep)(r, i, LB_FN(row_zero)(c, p, dx));
    real *e = LB_FN(rows_e)(r, i);
    lb_expsum s = LB_FN(rows_expsum)(r, i, m, lb_rows_next_in_chunk(r->n, i));
    double lse = lb_expsum_log(s), li = 0;
    for (size_t j = 0; j < c; j++) {
        double q = LB_FN(target_probs_q)(tg, j, t[j]);
        if (q != 0)
            li += q * (lse - ((double)x[j] - (double)m));
    }
    if (e)
        LB_FN(row_normalize)(r->k, c, e, s);
    if (!dx)
        return LB_FN(rows_keep)(r, i, li);
    double qsum = LB_FN(target_probs_qsum)(tg, c, t);
    LB_FN(target_probs_grad)(tg, c, t, qsum, r->scale, e, dx);
    /* At the max (exp = 1), p*Q - q = ((Q - q*ties) - q*rest) / total
     * keeps the digits that p*Q - q would cancel for a confident row. */
    double total = lb_expsum_total(s);
    for (size_t j = 0; j < c; j++)
        if (x[j] == m) {
            double q = LB_FN(target_probs_q)(tg, j, t[j]);
            dx[j] = (real)(r->scale *
                           (((qsum - q * s.ties) - q * s.rest) / total));
        }
    return LB_FN(rows_keep)(r, i, li);
}

lb_status LB_TRACED(LB_FN(lb_softmax_xent_probs_forward))(
    size_t n, size_t c, const real *X, size_t ldx, const real *T, size_t ldt,
    const lb_xent_opts *opts, real *loss, real *P, size_t ldp, real *dX,
    size_t lddx)
{
    LB_FN(lb_xent_target) tg;
    lb_region target;
    LB_TRY(LB_FN(probs_init)(n, c, T, ldt, opts, &tg, &target));
    LB_TRY(LB_FN(fused_check)(n, c, X, ldx, target, &tg, loss, P, ldp, dX,
                              lddx));
    LB_FN(lb_xent_rows) r = {
        .tg = &tg, .n = n, .c = c, .X = X, .ldx = ldx, .T = T, .ldt = ldt,
        .P = P, .ldp = ldp, .dX = dX, .lddx = lddx, .loss = loss,
        .scale = lb_reduction_scale(tg.o.reduction, (double)n)};
    double sum = LB_FN(rows_run)(&r, LB_FN(fused_probs_row));
    if (loss)
        LB_FN(store_loss)(tg.o.reduction, sum, r.scale, loss);
    return LB_OK;
}

/* Checks shared by the backwards, after target_init(): P in, dX out
 * (dX == P allowed), dX disjoint from the targets (labels or T) and the
 * class weights. */
static lb_status LB_FN(fused_backward_check)(size_t n, size_t c,
                                             const real *P, size_t ldp,
                                             lb_region target,
                                             const LB_FN(lb_xent_target) *tg,
                                             const real *dX, size_t lddx)
{
    const size_t es = sizeof(real);
    LB_TRY(lb_check_rows(P, n, c, ldp, es));
    LB_TRY(lb_check_rows(dX, n, c, lddx, es));
    lb_region dx = lb_mat_region(dX, n, c, lddx, es);
    if (lb_bad_inplace(dx, lb_mat_region(P, n, c, ldp, es)) ||
        lb_overlap(dx, target) ||
        lb_overlap(dx, LB_FN(target_weights_region)(tg, c)))
        return LB_ERR_ALIAS;
    return LB_OK;
}

/* The backwards: dX = g (p_j Q - q_j) from the probabilities, g = scale;
 * p may be dx (in place). A row with no gradient is zero. */
static bool LB_FN(backward_zero)(const LB_FN(lb_xent_rows) *r, size_t i)
{
    if (r->labels && LB_FN(target_ignored)(r->tg, r->labels[i]))
        return true;
    return r->tg->o.inf_rows == LB_INF_ROWS_ZERO &&
           LB_FN(row_is_zero)(r->c, r->X + i * r->ldx);
}

/* Row i of dX from its probabilities against its label or target row. */
static double LB_FN(backward_row)(const void *ctx, size_t i)
{
    const LB_FN(lb_xent_rows) *r = ctx;
    const real *p = r->X + i * r->ldx;
    real *dx = r->dX + i * r->lddx;
    if (LB_FN(backward_zero)(r, i))
        return LB_FN(row_zero)(r->c, NULL, dx);
    if (r->labels) {
        size_t t = (size_t)r->labels[i];
        LB_FN(target_label_grad)(r->k, r->tg, r->c, 0, t, 1 - (double)p[t],
                                 r->scale, 1, p, NULL, dx);
    } else {
        const real *t = r->T + i * r->ldt;
        LB_FN(target_probs_grad)(r->tg, r->c, t,
                                 LB_FN(target_probs_qsum)(r->tg, r->c, t),
                                 r->scale, p, dx);
    }
    return 0;
}

lb_status LB_TRACED(LB_FN(lb_softmax_xent_labels_backward))(
    size_t n, size_t c, const real *P, size_t ldp, const int32_t *labels,
    const lb_xent_opts *opts, real dloss, real *dX, size_t lddx)
{
    LB_FN(lb_xent_target) tg;
    double den;
    LB_TRY(LB_FN(target_init)(opts, c, true, &tg));
    LB_TRY(LB_FN(fused_backward_check)(n, c, P, ldp,
                                       lb_labels_region(labels, n), &tg, dX,
                                       lddx));
    LB_TRY(LB_FN(target_check_labels)(&tg, n, c, labels, &den));
    LB_FN(lb_xent_rows) r = {
        .tg = &tg, .n = n, .c = c, .X = P, .ldx = ldp, .labels = labels,
        .dX = dX, .lddx = lddx,
        .scale = (double)dloss * lb_reduction_scale(tg.o.reduction, den)};
    LB_FN(rows_run)(&r, LB_FN(backward_row));
    return LB_OK;
}

lb_status LB_TRACED(LB_FN(lb_softmax_xent_probs_backward))(
    size_t n, size_t c, const real *P, size_t ldp, const real *T, size_t ldt,
    const lb_xent_opts *opts, real dloss, real *dX, size_t lddx)
{
    LB_FN(lb_xent_target) tg;
    lb_region target;
    LB_TRY(LB_FN(probs_init)(n, c, T, ldt, opts, &tg, &target));
    LB_TRY(LB_FN(fused_backward_check)(n, c, P, ldp, target, &tg, dX, lddx));
    LB_FN(lb_xent_rows) r = {
        .tg = &tg, .n = n, .c = c, .X = P, .ldx = ldp, .T = T, .ldt = ldt,
        .dX = dX, .lddx = lddx,
        .scale = (double)dloss *
                 lb_reduction_scale(tg.o.reduction, (double)n)};
    LB_FN(rows_run)(&r, LB_FN(backward_row));
    return LB_OK;
}


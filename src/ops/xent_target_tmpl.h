/*
 * xent_target_tmpl.h - the target distribution of a cross-entropy row under
 * lb_xent_opts (class weights, label smoothing, ignored rows) and the
 * reduction's denominator, for the precision of the source that includes
 * it: xent_tmpl.c and affine_xent_tmpl.c, so the fused output layer and
 * softmax-with-loss agree on every option, and each gradient formula is
 * written once.
 *
 * A label row t has the target q_j = a [j == t] + b w_j with a = (1-eps) w_t
 * and b = eps / c; a probability row T has q_j = w_j ((1-eps) T_j + eps / c).
 */
#ifndef LB_XENT_TARGET_TMPL_H
#define LB_XENT_TARGET_TMPL_H

#include "rowwise_tmpl.h"

typedef struct LB_FN(lb_xent_target) {
    lb_xent_opts o;
    const real *w; /* class weights [c], or NULL for all 1 */
    double keep;   /* 1 - eps: the share of the label, or of T */
    double spread; /* eps / c: what smoothing gives every class */
    double wsum;   /* sum_j w_j, c without weights */
} LB_FN(lb_xent_target);

/* Resolves and checks the options for c classes; `labels` says which target
 * form is asking, since ignore_index means nothing for probabilities. */
static lb_status LB_FN(target_init)(const lb_xent_opts *opts, size_t c,
                                    bool labels, LB_FN(lb_xent_target) *tg)
{
    LB_TRY(lb_xent_resolve(opts, &tg->o));
    LB_TRY(lb_xent_check_weights(&tg->o, LB_DOUBLE));
    tg->w = tg->o.LB_FN(weights);
    if (!labels && tg->o.ignore != LB_IGNORE_NONE)
        return LB_ERR_ARG;
    tg->keep = 1 - tg->o.label_smoothing;
    tg->spread = tg->o.label_smoothing / (double)c;
    tg->wsum = (double)c;
    if (tg->w) {
        tg->wsum = 0;
        for (size_t j = 0; j < c; j++)
            tg->wsum += tg->w[j];
    }
    return LB_OK;
}

static inline double LB_FN(target_w)(const LB_FN(lb_xent_target) *tg,
                                     size_t j)
{
    return tg->w ? (double)tg->w[j] : 1.0;
}

/* The class weights as a region for the aliasing checks (empty without
 * weights): an output over them would change the targets as they are read. */
static inline lb_region LB_FN(target_weights_region)(
    const LB_FN(lb_xent_target) *tg, size_t c)
{
    return lb_vec_region(tg->w, c, sizeof(real));
}

static inline bool LB_FN(target_ignored)(const LB_FN(lb_xent_target) *tg,
                                         int32_t label)
{
    return tg->o.ignore == LB_IGNORE_INDEX && label == tg->o.ignore_index;
}

/* b w_j and b W, the smoothing part of a label row's targets: exactly 0
 * without smoothing, so a non-finite weight on a class no label uses
 * leaves the gradient finite (b w_j would be 0 * inf = NaN). */
static inline double LB_FN(target_spread_w)(const LB_FN(lb_xent_target) *tg,
                                            size_t j)
{
    return tg->spread == 0 ? 0 : tg->spread * LB_FN(target_w)(tg, j);
}

static inline double LB_FN(target_spread_sum)(const LB_FN(lb_xent_target) *tg)
{
    return tg->spread == 0 ? 0 : tg->spread * tg->wsum;
}

/* q_j of a probability row. */
static inline double LB_FN(target_probs_q)(const LB_FN(lb_xent_target) *tg,
                                           size_t j, real t)
{
    return LB_FN(target_w)(tg, j) * (tg->keep * (double)t + tg->spread);
}

/* Checks the labels before any output is written (an ignored label may be
 * any value) and gives the mean's denominator: the rows counted, or the
 * sum of their label weights (PyTorch's rule). */
static lb_status LB_FN(target_check_labels)(const LB_FN(lb_xent_target) *tg,
                                            size_t n, size_t c,
                                            const int32_t *labels,
                                            double *den)
{
    LB_TRY(lb_check_labels(n, c, labels, &tg->o));
    double d = 0;
    for (size_t i = 0; i < n; i++)
        if (!LB_FN(target_ignored)(tg, labels[i]))
            d += LB_FN(target_w)(tg, (size_t)labels[i]);
    *den = d;
    return LB_OK;
}

/* 1 - p_t of a label row from its exp-sum s (see rowwise_tmpl.h), dt = x_t - m
 * and et = exp(dt) as the row computed it: the sum of the other classes,
 * since p_t - 1 would cancel for a confident row. */
static inline double LB_FN(target_rest_share)(lb_expsum s, double dt,
                                              double et)
{
    double total = lb_expsum_total(s);
    return (dt == 0 ? (s.ties - 1) + s.rest : total - et) / total;
}

/* No weights and no smoothing: q_j = [j == t], so p_j Q - q_j is p_j
 * exactly off the label (Q = 1), and the row's probabilities and gradient
 * come out of one vectorised pass (row_scale2 rounds p_j = e_j f and
 * scale * p_j once each, as the general form does). */
static inline bool LB_FN(target_plain)(const LB_FN(lb_xent_target) *tg)
{
    return !tg->w && tg->spread == 0;
}

/* A plain row's gradient at its label t, scale (0 - a (1 - p_t)) with
 * 1 - p_t = rest_share (target_label_grad's formula with b = 0). */
static inline real LB_FN(target_plain_at_label)(
    const LB_FN(lb_xent_target) *tg, size_t t, double rest_share,
    double scale)
{
    return (real)(scale * (0 - tg->keep * LB_FN(target_w)(tg, t) *
                                   rest_share));
}

/* The label's part of a label row's loss, a (lse - (x_t - m)) with
 * a = (1 - eps) w_t, dt = x_t - m (0 where a is 0). */
static inline double LB_FN(target_label_nll)(const LB_FN(lb_xent_target) *tg,
                                             size_t t, double lse, double dt)
{
    double a = tg->keep * LB_FN(target_w)(tg, t);
    return a != 0 ? a * (lse - dt) : 0;
}

/* The probabilities p_j = e_j f (into p when p != NULL) and the gradient
 * scale (p_j Q - q_j) (into dx) of classes c0 .. c0 + cb - 1 of a label
 * row t from their exps e (f = 1: e are the probabilities); p and dx may
 * be e. q_j = a [j == t] + b w_j; the label class, when among them, as
 * scale (p_t b W - a (1 - p_t) - b w_t) with 1 - p_t = rest_share given
 * (from the exp-sum where the logits are at hand, since p_t - 1 would
 * cancel for a confident row). */
static void LB_FN(target_label_grad)(const lb_kernels *k,
                                     const LB_FN(lb_xent_target) *tg,
                                     size_t cb, size_t c0, size_t t,
                                     double rest_share, double scale,
                                     double f, const real *e, real *p,
                                     real *dx)
{
    double a = tg->keep * LB_FN(target_w)(tg, t);
    double bw = LB_FN(target_spread_sum)(tg), q = a + bw;
    bool has_t = t >= c0 && t - c0 < cb;
    if (LB_FN(target_plain)(tg)) {
        k->LB_FN(row_scale2)(cb, e, f, p, scale, dx);
        if (has_t)
            dx[t - c0] = LB_FN(target_plain_at_label)(tg, t, rest_share,
                                                      scale);
        return;
    }
    if (f != 1 || p) {
        real *pn = p ? p : dx;
        LB_FN(row_scale)(k, cb, e, f, pn);
        e = pn;
    }
    double pt = has_t ? (double)e[t - c0] : 0;
    for (size_t j = 0; j < cb; j++)
        dx[j] = (real)(scale * ((double)e[j] * q -
                                LB_FN(target_spread_w)(tg, c0 + j)));
    if (has_t)
        dx[t - c0] = (real)(scale * (pt * bw - a * rest_share -
                                     LB_FN(target_spread_w)(tg, t)));
}

/* Q = sum_j q_j of a probability row t, compensated. */
static inline double LB_FN(target_probs_qsum)(
    const LB_FN(lb_xent_target) *tg, size_t c, const real *t)
{
    /* Compensated (Neumaier): with smoothing the c equal terms w eps / c
     * round alike, and a plain sum would lose digits growing with c. */
    double sum = 0, err = 0;
    for (size_t j = 0; j < c; j++) {
        double q = LB_FN(target_probs_q)(tg, j, t[j]), s = sum + q;
        err += fabs(sum) >= fabs(q) ? (sum - s) + q : (q - s) + sum;
        sum = s;
    }
    return sum + err;
}

/* The gradient scale (p_j Q - q_j) of a probability row t from its
 * probabilities p (dx may be p). */
static inline void LB_FN(target_probs_grad)(
    const LB_FN(lb_xent_target) *tg, size_t c, const real *t, double qsum,
    double scale, const real *p, real *dx)
{
    for (size_t j = 0; j < c; j++)
        dx[j] = (real)(scale * ((double)p[j] * qsum -
                                LB_FN(target_probs_q)(tg, j, t[j])));
}

#endif /* LB_XENT_TARGET_TMPL_H */

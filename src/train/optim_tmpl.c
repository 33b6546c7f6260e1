/* optim_tmpl.c - the optimizer passes, built once per precision; the
 * options and their checks are optim.c's. Each is one loop over a block of
 * parameters, blocks split over threads by the row engine; the branches
 * on the options are loop-invariant, so the compiler unswitches them. */
#include "internal.h"
#include "parallel.h"
#include "train.h"

#include <math.h>
#include <stdbool.h>

/* Parameters per task of the row engine. */
#define LB_OPTIM_BLOCK 16384

#include "precision_begin.h"

#if LB_DOUBLE
#define lb_sqrtr sqrt
#else
#define lb_sqrtr sqrtf
#endif

static void LB_FN(sgd_pass)(const lb_optim_opts *o, size_t n,
                            real *restrict p, const real *restrict g,
                            real *restrict b, uint64_t t)
{
    const real lr = (real)o->lr, wd = (real)o->weight_decay;
    const real mom = (real)o->momentum, keep = (real)(1 - o->dampening);
    const bool nesterov = o->kind == LB_OPTIM_SGD_NESTEROV;
    for (size_t i = 0; i < n; i++) {
        real d = g[i];
        if (wd != 0)
            d = d + wd * p[i];
        if (mom != 0) {
            b[i] = t == 1 ? d : mom * b[i] + keep * d;
            d = nesterov ? d + mom * b[i] : b[i];
        }
        p[i] = p[i] - lr * d;
    }
}

static void LB_FN(adam_pass)(const lb_optim_opts *o, size_t n,
                             real *restrict p, const real *restrict g,
                             real *restrict m, real *restrict v, uint64_t t)
{
    const double bc1 = 1 - pow(o->beta1, (double)t);
    const double bc2 = 1 - pow(o->beta2, (double)t);
    const real b1 = (real)o->beta1, c1 = (real)(1 - o->beta1);
    const real b2 = (real)o->beta2, c2 = (real)(1 - o->beta2);
    const real step = (real)(o->lr / bc1), sbc2 = (real)sqrt(bc2);
    const real eps = (real)o->eps;
    const bool adamw = o->kind == LB_OPTIM_ADAMW;
    const real l2 = adamw ? 0 : (real)o->weight_decay;
    const real decay = adamw ? (real)(1 - o->lr * o->weight_decay) : 1;
    for (size_t i = 0; i < n; i++) {
        real d = g[i];
        if (l2 != 0)
            d = d + l2 * p[i];
        if (decay != 1)
            p[i] = p[i] * decay;
        m[i] = b1 * m[i] + c1 * d;
        v[i] = b2 * v[i] + c2 * d * d;
        p[i] = p[i] - step * m[i] / (lb_sqrtr(v[i]) / sbc2 + eps);
    }
}

/* One call's arguments, for the row engine: the passes are elementwise,
 * so blocks of parameters split over threads give the same bits as one
 * loop. */
typedef struct LB_FN(lb_optim_call) {
    const lb_optim_opts *o;
    size_t n;
    real *p, *state;
    const real *g;
    uint64_t t;
} LB_FN(lb_optim_call);

static double LB_FN(optim_block)(const void *ctx, size_t blk)
{
    const LB_FN(lb_optim_call) *c = ctx;
    size_t i0 = blk * LB_OPTIM_BLOCK;
    size_t len = c->n - i0 < LB_OPTIM_BLOCK ? c->n - i0 : LB_OPTIM_BLOCK;
    if (c->o->kind == LB_OPTIM_ADAM || c->o->kind == LB_OPTIM_ADAMW)
        LB_FN(adam_pass)(c->o, len, c->p + i0, c->g + i0, c->state + i0,
                         c->state + c->n + i0, c->t);
    else
        LB_FN(sgd_pass)(c->o, len, c->p + i0, c->g + i0,
                        c->state ? c->state + i0 : NULL, c->t);
    return 0;
}

lb_status LB_TRACED(LB_FN(lb_optim_step))(const lb_optim_opts *opts, size_t n,
                                          real *params, const real *grads,
                                          real *state, uint64_t t)
{
    LB_TRY(lb_optim_step_check(opts, n, params, grads, state, t,
                               sizeof(real)));
    LB_FN(lb_optim_call) c = {opts, n, params, state, grads, t};
    /* Each parameter reads and writes up to four arrays. */
    lb_rows((n + LB_OPTIM_BLOCK - 1) / LB_OPTIM_BLOCK, 4 * n,
            LB_FN(optim_block), &c);
    return LB_OK;
}

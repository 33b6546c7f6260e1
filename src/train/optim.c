/*
 * optim.c - optimizer steps (SGD, momentum, Nesterov, Adam, AdamW) over a
 * flat parameter block: the options and their checks here, the fused
 * per-element passes in optim_tmpl.c.
 */
#include "internal.h"
#include "train.h"

#include <math.h>
#include <stdbool.h>

static bool lb_in(double x, double lo, double hi)
{
    return x >= lo && x <= hi; /* false for NaN */
}

/* Checks the options as the header states them. */
static lb_status lb_optim_check(const lb_optim_opts *o)
{
    bool ok = isfinite(o->lr) && o->lr >= 0 && isfinite(o->weight_decay) &&
              o->weight_decay >= 0;
    switch (o->kind) {
    case LB_OPTIM_SGD:
    case LB_OPTIM_SGD_NESTEROV:
        ok = ok && isfinite(o->momentum) && o->momentum >= 0 &&
             lb_in(o->dampening, 0, 1);
        if (o->kind == LB_OPTIM_SGD_NESTEROV)
            ok = ok && o->momentum > 0 && o->dampening == 0;
        break;
    case LB_OPTIM_ADAM:
    case LB_OPTIM_ADAMW:
        ok = ok && lb_in(o->beta1, 0, 1) && o->beta1 < 1 &&
             lb_in(o->beta2, 0, 1) && o->beta2 < 1 && isfinite(o->eps) &&
             o->eps >= 0;
        break;
    default:
        ok = false;
    }
    return ok ? LB_OK : LB_ERR_ARG;
}

lb_status lb_optim_defaults(lb_optim_kind kind, lb_optim_opts *opts)
{
    if (!opts)
        return LB_ERR_NULL;
    lb_optim_opts o = {kind, 1e-3, 0, 0, 0.9, 0.999, 1e-8, 0};
    if (kind == LB_OPTIM_SGD_NESTEROV)
        o.momentum = 0.9;
    if (kind == LB_OPTIM_ADAMW)
        o.weight_decay = 1e-2;
    LB_TRY(lb_optim_check(&o));
    *opts = o;
    return LB_OK;
}

/* State elements per parameter: 0, 1 (momentum buffer) or 2 (m, v). */
static size_t lb_optim_slots(const lb_optim_opts *o)
{
    if (o->kind == LB_OPTIM_ADAM || o->kind == LB_OPTIM_ADAMW)
        return 2;
    return o->momentum != 0 ? 1 : 0;
}

lb_status lb_optim_state_size(const lb_optim_opts *opts, size_t n,
                              size_t *count)
{
    if (!opts || !count)
        return LB_ERR_NULL;
    LB_TRY(lb_check_dim(n));
    LB_TRY(lb_optim_check(opts));
    *count = lb_optim_slots(opts) * n;
    return LB_OK;
}

lb_status lb_optim_step_check(const lb_optim_opts *opts, size_t n,
                              const void *params, const void *grads,
                              const void *state, uint64_t t, size_t esize)
{
    if (!opts)
        return LB_ERR_NULL;
    LB_TRY(lb_check_dim(n));
    LB_TRY(lb_optim_check(opts));
    if (t == 0)
        return LB_ERR_ARG;
    size_t slots = lb_optim_slots(opts);
    LB_TRY(lb_check_mat(params, 1, n, n, esize));
    LB_TRY(lb_check_mat(grads, 1, n, n, esize));
    if (slots)
        LB_TRY(lb_check_mat(state, slots, n, n, esize));
    lb_region p = lb_mat_region(params, 1, n, n, esize);
    lb_region g = lb_mat_region(grads, 1, n, n, esize);
    lb_region s = lb_mat_region(slots ? state : NULL, slots, n, n, esize);
    if (lb_overlap(p, g) || lb_overlap(p, s) || lb_overlap(g, s))
        return LB_ERR_ALIAS;
    return LB_OK;
}

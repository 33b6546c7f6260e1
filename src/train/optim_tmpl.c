/* optim_tmpl.c - the optimizer steps, built once per precision; the
 * options and their checks are optim.c's. Each step is one loop over a
 * block of parameters, a kernel of this CPU's ISA build
 * (optim_kernels_tmpl.c); the blocks are split over threads by the row
 * engine. */
#include "internal.h"
#include "kernels.h"
#include "parallel.h"
#include "train.h"

#include <math.h>
#include <stdbool.h>

/* Parameters per task of the row engine. */
#define LB_OPTIM_BLOCK 16384

#include "precision_begin.h"

/* The step's constants for the kernels, in double (each kernel rounds
 * them to the parameters' precision). */
static void LB_FN(sgd_run)(const lb_kernels *kt, const lb_optim_opts *o,
                           size_t n, real *p, const real *g, real *b,
                           uint64_t t)
{
    lb_sgd_step k = {o->lr, o->weight_decay, o->momentum, 1 - o->dampening,
                     o->kind == LB_OPTIM_SGD_NESTEROV, t == 1};
    kt->LB_FN(sgd)(n, p, g, b, &k);
}

static void LB_FN(adam_run)(const lb_kernels *kt, const lb_optim_opts *o,
                            size_t n, real *p, const real *g, real *m,
                            real *v, uint64_t t)
{
    const double bc1 = 1 - pow(o->beta1, (double)t);
    const double bc2 = 1 - pow(o->beta2, (double)t);
    const bool adamw = o->kind == LB_OPTIM_ADAMW;
    lb_adam_step k = {o->beta1, 1 - o->beta1, o->beta2, 1 - o->beta2,
                      o->lr / bc1, sqrt(bc2), o->eps,
                      adamw ? 0 : o->weight_decay,
                      adamw ? 1 - o->lr * o->weight_decay : 1};
    kt->LB_FN(adam)(n, p, g, m, v, &k);
}

/* One call's arguments, for the row engine: the passes are elementwise,
 * so blocks of parameters split over threads give the same bits as one
 * loop. */
typedef struct LB_FN(lb_optim_call) {
    const lb_optim_opts *o;
    const lb_kernels *kt; /* taken once per call */
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
        LB_FN(adam_run)(c->kt, c->o, len, c->p + i0, c->g + i0,
                        c->state + i0, c->state + c->n + i0, c->t);
    else
        LB_FN(sgd_run)(c->kt, c->o, len, c->p + i0, c->g + i0,
                       c->state ? c->state + i0 : NULL, c->t);
    return 0;
}

lb_status LB_TRACED(LB_FN(lb_optim_step))(const lb_optim_opts *opts, size_t n,
                                          real *params, const real *grads,
                                          real *state, uint64_t t)
{
    LB_TRY(lb_optim_step_check(opts, n, params, grads, state, t,
                               sizeof(real)));
    LB_FN(lb_optim_call) c = {opts, lb_kernels_get(), n, params, state,
                              grads, t};
    /* Each parameter reads and writes up to four arrays. */
    lb_rows((n + LB_OPTIM_BLOCK - 1) / LB_OPTIM_BLOCK, 4 * n,
            LB_FN(optim_block), &c);
    return LB_OK;
}

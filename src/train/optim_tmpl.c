/* optim_tmpl.c - the optimizer steps, built once per precision; the
 * options and their checks are optim.c's. Each step is one loop over the
 * parameters, a kernel of this CPU's ISA build (kernels_tmpl.c). */
#include "internal.h"
#include "kernels.h"
#include "train.h"

#include <math.h>
#include <stdbool.h>

#include "precision_begin.h"

/* The step's constants for the kernels, in double (each kernel rounds
 * them to the parameters' precision). */
static void LB_FN(sgd_run)(const lb_optim_opts *o, size_t n, real *p,
                           const real *g, real *b, uint64_t t)
{
    lb_sgd_step k = {o->lr, o->weight_decay, o->momentum, 1 - o->dampening,
                     o->kind == LB_OPTIM_SGD_NESTEROV, t == 1};
    lb_kernels_get()->LB_FN(sgd)(n, p, g, b, &k);
}

static void LB_FN(adam_run)(const lb_optim_opts *o, size_t n, real *p,
                            const real *g, real *m, real *v, uint64_t t)
{
    const double bc1 = 1 - pow(o->beta1, (double)t);
    const double bc2 = 1 - pow(o->beta2, (double)t);
    const bool adamw = o->kind == LB_OPTIM_ADAMW;
    lb_adam_step k = {o->beta1, 1 - o->beta1, o->beta2, 1 - o->beta2,
                      o->lr / bc1, sqrt(bc2), o->eps,
                      adamw ? 0 : o->weight_decay,
                      adamw ? 1 - o->lr * o->weight_decay : 1};
    lb_kernels_get()->LB_FN(adam)(n, p, g, m, v, &k);
}

lb_status LB_TRACED(LB_FN(lb_optim_step))(const lb_optim_opts *opts, size_t n,
                                          real *params, const real *grads,
                                          real *state, uint64_t t)
{
    LB_TRY(lb_optim_step_check(opts, n, params, grads, state, t,
                               sizeof(real)));
    if (opts->kind == LB_OPTIM_ADAM || opts->kind == LB_OPTIM_ADAMW)
        LB_FN(adam_run)(opts, n, params, grads, state, state + n, t);
    else
        LB_FN(sgd_run)(opts, n, params, grads, state, t);
    return LB_OK;
}


/*
 * optim_kernels_tmpl.c - the optimizers' loops of kernels.h (SGD and
 * Adam), built once per ISA and precision like kernels_tmpl.c but with
 * -ffp-contract=off (src/meson.build): every operation is rounded on its
 * own, as the header's formulas are written, so a step gives their bits
 * in every build and with every compiler (tests/test_optim.inc); FMA
 * appears only where written out (k_div_step). The option branches are
 * loop-invariant, so the compiler unswitches them, and each loop
 * vectorises at its build's width.
 */
#include "kernels.h"

#include <stdbool.h>
#include <stddef.h>

#include "precision_begin.h"

static void LB_FN(k_sgd)(size_t n, real *restrict p, const real *restrict g,
                         real *restrict b, const lb_sgd_step *o)
{
    const real lr = (real)o->lr, wd = (real)o->wd;
    const real mom = (real)o->mom, keep = (real)o->keep;
    const bool nesterov = o->nesterov, first = o->first;
    for (size_t i = 0; i < n; i++) {
        real d = g[i];
        if (wd != 0)
            d = d + wd * p[i];
        if (mom != 0) {
            b[i] = first ? d : mom * b[i] + keep * d;
            d = nesterov ? d + mom * b[i] : b[i];
        }
        p[i] = p[i] - lr * d;
    }
}

#if LB_DOUBLE
#define k_sqrtr __builtin_sqrt
#else
#define k_sqrtr __builtin_sqrtf
#endif

/* x / d for the step's constant d > 0 and x = sqrt(v) >= 0, the
 * division's bits, without a division: in Adam's loop the divider is the
 * bottleneck (two divisions and a square root per element).
 * Float: the product with 1/d in double rounds to the same float: it is
 * within 2^-51 of x/d (relative), and a quotient of two floats that is not
 * a float midpoint lies at least 2^-49 from every one, so both round alike
 * (nor is one a midpoint: that would take 25 significant bits in x).
 * Double, with FMA: inv = RN(1/d) is within 2^-53 of 1/d (relative);
 * q0 = RN(x * inv) is within 2 ulps of x/d, and one correction
 * q1 = RN(q0 + RN(x - q0 d) inv) within half an ulp plus 2^-50 of one, so
 * q1 is a faithful rounding of x/d. Markstein's theorem (if q is faithful
 * and y within 2^-53 of 1/d, RN(q + RN(x - q d) y) = RN(x/d); Muller et
 * al., Handbook of Floating-Point Arithmetic, on division with an FMA)
 * then makes a second correction exact. Nothing underflows or overflows:
 * x is 0 or at least sqrt(2^-1074) = 2^-537, and at most 2^512, and d lies
 * in [2^-27, 1]. Infinite and NaN x take x * inv, which is x / d's result
 * (the same NaN). tests/test_kernels.inc checks it bit for bit. Without
 * FMA (the portable build) the division stays. */
#if LB_DOUBLE && defined(__FMA__)
static inline double k_div_step(double x, double d, double inv)
{
    double q = x * inv;
    q = __builtin_fma(__builtin_fma(-q, d, x), inv, q);
    q = __builtin_fma(__builtin_fma(-q, d, x), inv, q);
    return x < __builtin_inf() ? q : x * inv;
}
#elif LB_DOUBLE
#define k_div_step(x, d, inv) ((x) / (d))
#else
#define k_div_step(x, d, inv) ((float)((double)(x) * (inv)))
#endif

/* Adam's loop asks for its four arrays LB_ADAM_AHEAD bytes ahead, once
 * per LB_ADAM_CHUNK parameters. In a training step the GEMMs before it
 * have pushed them out of the caches, and the divider-bound loop keeps
 * too few loads in flight to stream them: in net_step (256x784x1024x10,
 * one thread) the step took 1.90-2.00 ms instead of 2.33-2.63 in double,
 * 0.82-0.95 instead of 0.94-1.07 in float (2 and 4 KiB ahead: no
 * better; docs/performance.md). */
#define LB_ADAM_CHUNK 64
#define LB_ADAM_AHEAD 1024

static inline void LB_FN(k_adam_fetch)(size_t n, size_t i, const real *p,
                                       const real *g, const real *m,
                                       const real *v)
{
    const size_t ahead = LB_ADAM_AHEAD / sizeof(real);
    const size_t line = 64 / sizeof(real);
    if (i + ahead + LB_ADAM_CHUNK > n)
        return;
    for (size_t j = i + ahead; j < i + ahead + LB_ADAM_CHUNK; j += line) {
        __builtin_prefetch(p + j, 1, 3);
        __builtin_prefetch(g + j, 0, 3);
        __builtin_prefetch(m + j, 1, 3);
        __builtin_prefetch(v + j, 1, 3);
    }
}

static void LB_FN(k_adam)(size_t n, real *restrict p, const real *restrict g,
                          real *restrict m, real *restrict v,
                          const lb_adam_step *o)
{
    const real b1 = (real)o->b1, c1 = (real)o->c1;
    const real b2 = (real)o->b2, c2 = (real)o->c2;
    const real step = (real)o->step, sbc2 = (real)o->sbc2;
    const real eps = (real)o->eps, l2 = (real)o->l2, decay = (real)o->decay;
    const double inv_sbc2 = 1.0 / (double)sbc2;
    (void)inv_sbc2; /* unused where the division stays */
    for (size_t i0 = 0; i0 < n; i0 += LB_ADAM_CHUNK) {
        size_t end = n - i0 < LB_ADAM_CHUNK ? n : i0 + LB_ADAM_CHUNK;
        LB_FN(k_adam_fetch)(n, i0, p, g, m, v);
        for (size_t i = i0; i < end; i++) {
            real d = g[i];
            if (l2 != 0)
                d = d + l2 * p[i];
            if (decay != 1)
                p[i] = p[i] * decay;
            m[i] = b1 * m[i] + c1 * d;
            v[i] = b2 * v[i] + c2 * d * d;
            p[i] = p[i] - step * m[i] /
                              (k_div_step(k_sqrtr(v[i]), sbc2, inv_sbc2) +
                               eps);
        }
    }
}

#undef k_div_step
#undef k_sqrtr

/* This build's optimizer slots of the table (kernels.h names each ISA's). */
void LB_OPTIM_FILL(lb_kernels *k)
{
    k->LB_FN(sgd) = LB_FN(k_sgd);
    k->LB_FN(adam) = LB_FN(k_adam);
}

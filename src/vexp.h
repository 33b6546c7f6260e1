/*
 * vexp.h - exp for the row kernels on 64-byte vectors (8 doubles, 16
 * floats) in GCC's vector extension: straight-line code, no table, no branch
 * (the special cases are selects at the end), so the same source becomes
 * AVX-512, AVX2 or SSE2 code.
 *
 * Why our own rather than glibc's libmvec or SLEEF: measured on this
 * project's AVX-512 machine (ns per element, exp of a row in L1), ours
 * with FMA takes 0.75 (double) and 0.31 (float), libmvec's
 * _ZGVeN8v_exp/_ZGVeN16v_expf 0.49 and 0.22, glibc's scalar exp about 3;
 * but libmvec is declared SIMD only under -ffast-math, leaves the
 * portable build on scalar libm, and takes a slow scalar path for every
 * vector holding an out-of-range lane (the -inf that pads each row's last
 * vector here, or a masked logit), and SLEEF is one more dependency. Ours
 * is one source for every ISA: the SIMD builds (kernels.c, with FMA) give
 * each other's bits, and the portable build (no FMA) is within the same
 * bound.
 *
 * Accuracy, against a long-double reference (tests/test_kernels.c sweeps
 * the whole range through every ISA build): at most LB_EXP_ULP_D (double)
 * and LB_EXP_ULP_F (float) units in the last place, results in the
 * subnormal range counted in units of the smallest subnormal (they are
 * rounded twice); exactly 1 at 0; +inf above the overflow threshold; +0
 * below the underflow threshold and at -inf; NaN for NaN. Measured: 0.95
 * ulp (double) and 1.01 ulp (float) without FMA.
 *
 * Method (Cody and Waite): x = n*ln2 + r with |r| <= ln2/2, ln2 split in two
 * parts so n*ln2hi is exact; exp(r) = 1 + (r + r^2 q(r)) by Taylor's series
 * (degree 13 in double, 7 in float: the first term left out is below 0.05
 * ulp over the interval), the 1 added last so its rounding is the main
 * error; then 2^n is applied as two exact powers of two, so results down in
 * the subnormal range need no branch.
 */
#ifndef LB_VEXP_H
#define LB_VEXP_H

#include <math.h>
#include <stdint.h>

#define LB_EXP_ULP_D 1.0
#define LB_EXP_ULP_F 1.5

/* One AVX-512 register of each type (GCC's vector extension; GCC splits
 * it into two AVX2 or four SSE2 registers on smaller ISAs). Comparisons
 * give masks of all ones, which lb_sel_* uses for a lane-wise select. */
typedef double lb_vd __attribute__((vector_size(64)));
typedef int64_t lb_vdi __attribute__((vector_size(64)));
typedef uint64_t lb_vdu __attribute__((vector_size(64)));
typedef float lb_vf __attribute__((vector_size(64)));
typedef int32_t lb_vfi __attribute__((vector_size(64)));
typedef uint32_t lb_vfu __attribute__((vector_size(64)));

static inline lb_vd lb_sel_d(lb_vdi m, lb_vd a, lb_vd b)
{
    return (lb_vd)(((lb_vdi)a & m) | ((lb_vdi)b & ~m));
}

static inline lb_vf lb_sel_f(lb_vfi m, lb_vf a, lb_vf b)
{
    return (lb_vf)(((lb_vfi)a & m) | ((lb_vfi)b & ~m));
}

static inline lb_vd lb_exp_d(lb_vd x)
{
    const lb_vd zero = {0}, hi = zero + 709.782712893383973096,
                lo = zero - 745.1332191019412, inf = zero + (double)INFINITY;
    /* Clamped first so n stays small; the selects at the end decide. An
     * underflowing lane computes exp(0): computing its subnormal would
     * cost a microcode assist per vector (-inf pads every partial vector
     * of the row kernels). */
    lb_vdi over = x > hi, under = x < lo;
    lb_vd xc = lb_sel_d(over, hi, lb_sel_d(under, zero, x));
    /* n = nearest integer to x/ln2 by the 1.5*2^52 trick: it lands in the
     * low bits of t, read out with integer operations every ISA has. */
    const double shift = 0x1.8p52;
    lb_vd t = xc * 0x1.71547652b82fep0 + shift;
    lb_vd k = t - shift;
    lb_vd r = (xc - k * 0x1.62e42fee00000p-1) - k * 0x1.a39ef35793c76p-33;
    lb_vd q = zero + 1.0 / 6227020800.0;
    q = q * r + 1.0 / 479001600.0;
    q = q * r + 1.0 / 39916800.0;
    q = q * r + 1.0 / 3628800.0;
    q = q * r + 1.0 / 362880.0;
    q = q * r + 1.0 / 40320.0;
    q = q * r + 1.0 / 5040.0;
    q = q * r + 1.0 / 720.0;
    q = q * r + 1.0 / 120.0;
    q = q * r + 1.0 / 24.0;
    q = q * r + 1.0 / 6.0;
    q = q * r + 0.5;
    lb_vd p = 1.0 + (r + r * r * q);
    /* 2^n as 2^a * 2^b, a = floor(n/2), n in [-1075, 1024]: both normal.
     * Biased to stay unsigned: SSE2 and AVX2 have no 64-bit arithmetic
     * shift. */
    lb_vdu nb = (lb_vdu)t - (uint64_t)0x4338000000000000 + 1100;
    lb_vdu ea = (nb >> 1) + (1023 - 550), eb = nb - (nb >> 1) + (1023 - 550);
    lb_vd y = (p * (lb_vd)(ea << 52)) * (lb_vd)(eb << 52);
    y = lb_sel_d(over, inf, y);
    y = lb_sel_d(under, zero, y);
    return lb_sel_d(x != x, x, y);
}

static inline lb_vf lb_exp_f(lb_vf x)
{
    const lb_vf zero = {0}, hi = zero + 88.7228394f, lo = zero - 103.972084f,
                inf = zero + (float)INFINITY;
    lb_vfi over = x > hi, under = x < lo;
    lb_vf xc = lb_sel_f(over, hi, lb_sel_f(under, zero, x));
    const float shift = 0x1.8p23f;
    lb_vf t = xc * 0x1.715476p0f + shift;
    lb_vf k = t - shift;
    /* Cephes's split: ln2 = 0.693359375 - 2.12194440e-4. */
    lb_vf r = (xc - k * 0.693359375f) + k * 2.12194440e-4f;
    lb_vf q = zero + 1.0f / 5040.0f;
    q = q * r + 1.0f / 720.0f;
    q = q * r + 1.0f / 120.0f;
    q = q * r + 1.0f / 24.0f;
    q = q * r + 1.0f / 6.0f;
    q = q * r + 0.5f;
    lb_vf p = 1.0f + (r + r * r * q);
    lb_vfu nb = (lb_vfu)t - (uint32_t)0x4b400000 + 160;
    lb_vfu ea = (nb >> 1) + (127 - 80), eb = nb - (nb >> 1) + (127 - 80);
    lb_vf y = (p * (lb_vf)(ea << 23)) * (lb_vf)(eb << 23);
    y = lb_sel_f(over, inf, y);
    y = lb_sel_f(under, zero, y);
    return lb_sel_f(x != x, x, y);
}

#endif /* LB_VEXP_H */

/*
 * vexp.h - exp for the row kernels, written so a compiler can vectorise a
 * loop that calls it: straight-line C, no table, no branch (the special
 * cases are selects at the end), so GCC turns it into AVX-512, AVX2 or SSE2
 * code from the same source.
 *
 * Why our own rather than glibc's libmvec or SLEEF: both are as fast in the
 * softmax loops (which are bound by memory, not by exp), but libmvec is only
 * declared SIMD under -ffast-math, and SLEEF is one more dependency; and
 * neither gives the same bits on every ISA. Built with -ffp-contract=off
 * (meson's c_std=c11 implies it), these functions give bitwise the same
 * result in the portable build and in every SIMD variant, so CPU dispatch
 * never changes a result.
 *
 * Accuracy, against glibc's exp/expf (tests/test_vexp.c sweeps the whole
 * range): at most LB_EXP_ULP_D (double) and LB_EXP_ULP_F (float) units in
 * the last place for normal results; results in the subnormal range are
 * within one unit of the smallest subnormal (they are rounded twice); exactly
 * 1 at 0; +inf above the overflow threshold; +0 below the underflow
 * threshold and at -inf; NaN for NaN.
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
#include <string.h>

#define LB_EXP_ULP_D 1.0
#define LB_EXP_ULP_F 1.0

static inline double lb_bits_to_d(uint64_t u)
{
    double d;
    memcpy(&d, &u, sizeof d);
    return d;
}

static inline float lb_bits_to_f(uint32_t u)
{
    float f;
    memcpy(&f, &u, sizeof f);
    return f;
}

static inline uint64_t lb_d_to_bits(double d)
{
    uint64_t u;
    memcpy(&u, &d, sizeof u);
    return u;
}

static inline uint32_t lb_f_to_bits(float f)
{
    uint32_t u;
    memcpy(&u, &f, sizeof u);
    return u;
}

static inline double lb_exp_d(double x)
{
    const double hi = 709.782712893383973096, lo = -745.1332191019412;
    /* Clamped first so n stays small and the selects below decide. */
    double xc = x > hi ? hi : (x < lo ? lo : x);
    /* n = nearest integer to x/ln2 by the 1.5*2^52 trick: it lands in the
     * low bits of t, read out with integer operations every ISA vectorises. */
    const double shift = 0x1.8p52;
    double t = xc * 0x1.71547652b82fep0 + shift;
    double k = t - shift;
    double r = (xc - k * 0x1.62e42fee00000p-1) - k * 0x1.a39ef35793c76p-33;
    double q = 1.0 / 6227020800.0;
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
    double p = 1.0 + (r + r * r * q);
    /* 2^n as 2^a * 2^b, a = floor(n/2), n in [-1075, 1024]: both normal. */
    /* Biased to stay unsigned: SSE2 and AVX2 have no 64-bit arithmetic
     * shift, and a signed one would keep them from vectorising. */
    uint64_t nb = lb_d_to_bits(t) - lb_d_to_bits(shift) + 1100;
    uint64_t ea = (nb >> 1) + (1023 - 550);
    uint64_t eb = nb - (nb >> 1) + (1023 - 550);
    double sa = lb_bits_to_d(ea << 52), sb = lb_bits_to_d(eb << 52);
    double y = (p * sa) * sb;
    y = x > hi ? (double)INFINITY : y;
    y = x < lo ? 0.0 : y;
    return x != x ? x : y;
}

static inline float lb_exp_f(float x)
{
    const float hi = 88.7228394f, lo = -103.972084f;
    float xc = x > hi ? hi : (x < lo ? lo : x);
    const float shift = 0x1.8p23f;
    float t = xc * 0x1.715476p0f + shift;
    float k = t - shift;
    /* Cephes's split: ln2 = 0.693359375 - 2.12194440e-4. */
    float r = (xc - k * 0.693359375f) + k * 2.12194440e-4f;
    float q = 1.0f / 5040.0f;
    q = q * r + 1.0f / 720.0f;
    q = q * r + 1.0f / 120.0f;
    q = q * r + 1.0f / 24.0f;
    q = q * r + 1.0f / 6.0f;
    q = q * r + 0.5f;
    float p = 1.0f + (r + r * r * q);
    uint32_t nb = lb_f_to_bits(t) - lb_f_to_bits(shift) + 160;
    uint32_t ea = (nb >> 1) + (127 - 80), eb = nb - (nb >> 1) + (127 - 80);
    float sa = lb_bits_to_f(ea << 23), sb = lb_bits_to_f(eb << 23);
    float y = (p * sa) * sb;
    y = x > hi ? (float)INFINITY : y;
    y = x < lo ? 0.0f : y;
    return x != x ? x : y;
}

#endif /* LB_VEXP_H */

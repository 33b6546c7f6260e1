/* vexp_tmpl.h - exp on one 64-byte vector for the precision of the source
 * that includes it after vexp.h (see there): lb_exp_d or lb_exp_s. */

#if LB_DOUBLE
typedef lb_vd LB_FN(lb_v);
typedef lb_vdi LB_FN(lb_vi);
typedef lb_vdu LB_FN(lb_vu);
typedef uint64_t LB_FN(lb_bits);
/* Taylor's coefficients 1/13! .. 1/2 of q, highest first. */
static const double LB_FN(lb_exp_q)[] = {
    1.0 / 6227020800.0, 1.0 / 479001600.0, 1.0 / 39916800.0,
    1.0 / 3628800.0, 1.0 / 362880.0, 1.0 / 40320.0, 1.0 / 5040.0,
    1.0 / 720.0, 1.0 / 120.0, 1.0 / 24.0, 1.0 / 6.0, 0.5};
/* Overflow and underflow thresholds, 1/ln2, ln2 in two parts (the high
 * one with zeros below so k*ln2hi is exact), the rounding shift 1.5*2^52
 * and its bits, the mantissa width, exponent bias, and the bias keeping
 * n + LB_EXP_NB unsigned for n in [-1075, 1024]. */
#define LB_EXP_HI 709.782712893383973096
#define LB_EXP_LO (-745.1332191019412)
#define LB_EXP_LOG2E 0x1.71547652b82fep0
#define LB_EXP_LN2HI 0x1.62e42fee00000p-1
#define LB_EXP_LN2LO 0x1.a39ef35793c76p-33
#define LB_EXP_SHIFT 0x1.8p52
#define LB_EXP_SHIFT_BITS 0x4338000000000000u
#define LB_EXP_MANT 52
#define LB_EXP_BIAS 1023
#define LB_EXP_NB 1100
#else
typedef lb_vs LB_FN(lb_v);
typedef lb_vsi LB_FN(lb_vi);
typedef lb_vsu LB_FN(lb_vu);
typedef uint32_t LB_FN(lb_bits);
/* 1/7! .. 1/2. */
static const float LB_FN(lb_exp_q)[] = {1.0f / 5040.0f, 1.0f / 720.0f,
                                        1.0f / 120.0f, 1.0f / 24.0f,
                                        1.0f / 6.0f, 0.5f};
/* As above; ln2 split as Cephes does: 0.693359375 - 2.12194440e-4. */
#define LB_EXP_HI 88.7228394f
#define LB_EXP_LO (-103.972084f)
#define LB_EXP_LOG2E 0x1.715476p0f
#define LB_EXP_LN2HI 0.693359375f
#define LB_EXP_LN2LO (-2.12194440e-4f)
#define LB_EXP_SHIFT 0x1.8p23f
#define LB_EXP_SHIFT_BITS 0x4b400000u
#define LB_EXP_MANT 23
#define LB_EXP_BIAS 127
#define LB_EXP_NB 160
#endif

static inline LB_FN(lb_v) LB_FN(lb_sel)(LB_FN(lb_vi) m, LB_FN(lb_v) a,
                                        LB_FN(lb_v) b)
{
    return (LB_FN(lb_v))(((LB_FN(lb_vi))a & m) | ((LB_FN(lb_vi))b & ~m));
}

static inline LB_FN(lb_v) LB_FN(lb_exp)(LB_FN(lb_v) x)
{
    const LB_FN(lb_v) zero = {0}, hi = zero + LB_EXP_HI, lo = zero + LB_EXP_LO,
                      inf = zero + (real)INFINITY;
    /* Clamped first so n stays small; the selects at the end decide. An
     * underflowing lane computes exp(0): computing its subnormal would
     * cost a microcode assist per vector (-inf pads every partial vector
     * of the row kernels). */
    LB_FN(lb_vi) over = x > hi, under = x < lo;
    LB_FN(lb_v) xc = LB_FN(lb_sel)(over, hi, LB_FN(lb_sel)(under, zero, x));
    /* n = nearest integer to x/ln2 by the shift trick: it lands in the
     * low bits of t, read out with integer operations every ISA has. */
    LB_FN(lb_v) t = xc * LB_EXP_LOG2E + LB_EXP_SHIFT;
    LB_FN(lb_v) k = t - LB_EXP_SHIFT;
    LB_FN(lb_v) r = (xc - k * LB_EXP_LN2HI) - k * LB_EXP_LN2LO;
    const size_t nq = sizeof LB_FN(lb_exp_q) / sizeof LB_FN(lb_exp_q)[0];
    LB_FN(lb_v) q = zero + LB_FN(lb_exp_q)[0];
    for (size_t i = 1; i < nq; i++)
        q = q * r + LB_FN(lb_exp_q)[i];
    LB_FN(lb_v) p = 1 + (r + r * r * q);
    /* 2^n as 2^a * 2^b, a = floor(n/2): both normal over the whole range.
     * Kept unsigned: SSE2 and AVX2 have no 64-bit arithmetic shift. */
    LB_FN(lb_vu) nb = (LB_FN(lb_vu))t - (LB_FN(lb_bits))LB_EXP_SHIFT_BITS +
                      LB_EXP_NB;
    LB_FN(lb_vu) ea = (nb >> 1) + (LB_EXP_BIAS - LB_EXP_NB / 2);
    LB_FN(lb_vu) eb = nb - (nb >> 1) + (LB_EXP_BIAS - LB_EXP_NB / 2);
    LB_FN(lb_v) y = (p * (LB_FN(lb_v))(ea << LB_EXP_MANT)) *
                    (LB_FN(lb_v))(eb << LB_EXP_MANT);
    y = LB_FN(lb_sel)(over, inf, y);
    y = LB_FN(lb_sel)(under, zero, y);
    return LB_FN(lb_sel)(x != x, x, y);
}

#undef LB_EXP_HI
#undef LB_EXP_LO
#undef LB_EXP_LOG2E
#undef LB_EXP_LN2HI
#undef LB_EXP_LN2LO
#undef LB_EXP_SHIFT
#undef LB_EXP_SHIFT_BITS
#undef LB_EXP_MANT
#undef LB_EXP_BIAS
#undef LB_EXP_NB

/* vexp_tmpl.h - exp on one 64-byte vector for the precision of the source
 * that includes it after vexp.h (see there): lb_exp_d or lb_exp_s, and
 * lb_exp_neg_d or lb_exp_neg_s for x <= 0. */

#if LB_DOUBLE
typedef lb_vd LB_FN(lb_v);
typedef lb_vdi LB_FN(lb_vi);
typedef lb_vdu LB_FN(lb_vu);
typedef uint64_t LB_FN(lb_bits);
/* x = (16 n + j) ln2/16 + r: 2^(j/16) from a table of 16 (one AVX-512
 * two-register permute), |r| <= ln2/32. The table's entries as hi + lo,
 * hi rounded to double, so its rounding does not add to exp's. */
#define LB_EXP_TBITS 4
static const double LB_FN(lb_exp_thi)[16] = {
    0x1.0000000000000p+0, 0x1.0b5586cf9890fp+0, 0x1.172b83c7d517bp+0,
    0x1.2387a6e756238p+0, 0x1.306fe0a31b715p+0, 0x1.3dea64c123422p+0,
    0x1.4bfdad5362a27p+0, 0x1.5ab07dd485429p+0, 0x1.6a09e667f3bcdp+0,
    0x1.7a11473eb0187p+0, 0x1.8ace5422aa0dbp+0, 0x1.9c49182a3f090p+0,
    0x1.ae89f995ad3adp+0, 0x1.c199bdd85529cp+0, 0x1.d5818dcfba487p+0,
    0x1.ea4afa2a490dap+0};
static const double LB_FN(lb_exp_tlo)[16] = {
    0, 0x1.8a62e4adc610bp-54, -0x1.19041b9d78a76p-55,
    0x1.9b07eb6c70573p-54, 0x1.6f46ad23182e4p-55, 0x1.ada0911f09ebcp-55,
    0x1.d4397afec42e2p-56, 0x1.6324c054647adp-54, -0x1.bdd3413b26456p-54,
    -0x1.41577ee04992fp-55, 0x1.6e9f156864b27p-54, 0x1.c7c46b071f2bep-56,
    0x1.7a1cd345dcc81p-54, 0x1.11065895048ddp-55, 0x1.2ed02d75b3707p-55,
    -0x1.e9c23179c2893p-54};
/* exp(r) = 1 + (r + r^2 q(r)): q's coefficients c2 .. c6, highest first,
 * fitted to (exp(r) - 1 - r) / r^2 for the least relative error of exp
 * over the interval (2^-56.2 before rounding). */
static const double LB_FN(lb_exp_q)[] = {
    0.0013888593433537594, 0.0083334722011852574, 0.041666666693359541,
    0.1666666666440883, 0.499999999999996};
/* Overflow and underflow thresholds, 1/ln2, ln2 in two parts (the high
 * one with zeros below so k*ln2hi is exact for k a multiple of 1/16), the
 * rounding shift 1.5*2^48 (its ulp 1/16) and its bits, the mantissa
 * width, exponent bias, and the bias keeping n + LB_EXP_NB unsigned for n
 * in [-1075, 1024]. */
#define LB_EXP_HI 709.782712893383973096
#define LB_EXP_LO (-745.1332191019412)
#define LB_EXP_LOG2E 0x1.71547652b82fep0
#define LB_EXP_LN2HI 0x1.62e42fee00000p-1
#define LB_EXP_LN2LO 0x1.a39ef35793c76p-33
#define LB_EXP_SHIFT 0x1.8p48
#define LB_EXP_SHIFT_BITS 0x42f8000000000000u
#define LB_EXP_MANT 52
#define LB_EXP_BIAS 1023
#define LB_EXP_NB 1100
#else
typedef lb_vs LB_FN(lb_v);
typedef lb_vsi LB_FN(lb_vi);
typedef lb_vsu LB_FN(lb_vu);
typedef uint32_t LB_FN(lb_bits);
/* x = n ln2 + r, |r| <= ln2/2: no table. q: c2 .. c6 as above, for
 * |r| <= ln2/2 (2^-28.3). */
#define LB_EXP_TBITS 0
static const float LB_FN(lb_exp_q)[] = {
    0.0013814589860736452f, 0.0083687177104163173f, 0.041668388228809153f,
    0.16666520622777076f, 0.49999993446883917f};
/* As above, 1/ln2 and ln2 split as Cephes does: 0.693359375 -
 * 2.12194440e-4. */
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

#if LB_EXP_TBITS
/* Entry j = k mod 16 of a table, j the low bits of t (AVX-512: the
 * permute reads those bits alone). */
static inline LB_FN(lb_v) LB_FN(lb_exp_tab)(const real *tab, LB_FN(lb_v) t)
{
#if defined(__AVX512F__)
    return (LB_FN(lb_v))_mm512_permutex2var_pd(
        _mm512_loadu_pd(tab), (__m512i)t, _mm512_loadu_pd(tab + 8));
#else
    LB_FN(lb_vu) j = (LB_FN(lb_vu))t & ((1u << LB_EXP_TBITS) - 1);
    LB_FN(lb_v) v;
    for (size_t l = 0; l < sizeof v / sizeof v[0]; l++)
        v[l] = tab[j[l]];
    return v;
#endif
}
#endif

/* exp(x) for x in [LO, HI] as p 2^n: returns p, in *n k = x/ln2 rounded
 * to a multiple of 2^-TBITS (scalef takes its floor, n) and in *t the
 * float whose low bits hold k 2^TBITS = 2^TBITS n + j (the shift trick:
 * the rounding lands k there). The 1 (or the table's entry) is added
 * last, so its rounding is the main error. */
static inline LB_FN(lb_v) LB_FN(lb_exp_core)(LB_FN(lb_v) x, LB_FN(lb_v) *n,
                                             LB_FN(lb_v) *t)
{
    *t = x * LB_EXP_LOG2E + LB_EXP_SHIFT;
    LB_FN(lb_v) k = *t - LB_EXP_SHIFT;
    LB_FN(lb_v) r = (x - k * LB_EXP_LN2HI) - k * LB_EXP_LN2LO;
    *n = k;
    const size_t nq = sizeof LB_FN(lb_exp_q) / sizeof LB_FN(lb_exp_q)[0];
    LB_FN(lb_v) q = (LB_FN(lb_v)){0} + LB_FN(lb_exp_q)[0];
    for (size_t i = 1; i < nq; i++)
        q = q * r + LB_FN(lb_exp_q)[i];
    LB_FN(lb_v) u = r + r * r * q;
#if LB_EXP_TBITS
    LB_FN(lb_v) th = LB_FN(lb_exp_tab)(LB_FN(lb_exp_thi), *t);
    LB_FN(lb_v) tl = LB_FN(lb_exp_tab)(LB_FN(lb_exp_tlo), *t);
    return th + (th * u + tl);
#else
    return 1 + u;
#endif
}

/* exp of x <= 0, -inf or NaN (a logit less the row's max): no overflow to
 * handle. Below the underflow threshold +0: those lanes are masked out
 * (AVX-512) or compute exp(0), since a subnormal or underflowing partial
 * result would cost a microcode assist per vector, and -inf pads every
 * partial vector of the row kernels. NaN goes through as NaN.
 * p 2^n is rounded once: by AVX-512's scalef, elsewhere as 2^a 2^b,
 * a = floor(n/2), both normal over the whole range and p 2^a exact, so
 * both give the same bits. Kept unsigned: SSE2 and AVX2 have no 64-bit
 * arithmetic shift. */
static inline LB_FN(lb_v) LB_FN(lb_exp_neg)(LB_FN(lb_v) x)
{
    const LB_FN(lb_v) lo = (LB_FN(lb_v)){0} + LB_EXP_LO;
    LB_FN(lb_v) n, t, p;
#if defined(__AVX512F__) && LB_DOUBLE
    p = LB_FN(lb_exp_core)(x, &n, &t);
    return (LB_FN(lb_v))_mm512_maskz_scalef_pd(
        _mm512_cmp_pd_mask((__m512d)x, (__m512d)lo, _CMP_NLT_UQ),
        (__m512d)p, (__m512d)n);
#elif defined(__AVX512F__)
    p = LB_FN(lb_exp_core)(x, &n, &t);
    return (LB_FN(lb_v))_mm512_maskz_scalef_ps(
        _mm512_cmp_ps_mask((__m512)x, (__m512)lo, _CMP_NLT_UQ), (__m512)p,
        (__m512)n);
#else
    LB_FN(lb_vi) keep = ~(x < lo);
    p = LB_FN(lb_exp_core)(LB_FN(lb_sel)(keep, x, (LB_FN(lb_v)){0}), &n, &t);
    LB_FN(lb_vu) nb = ((LB_FN(lb_vu))t - (LB_FN(lb_bits))LB_EXP_SHIFT_BITS +
                       ((LB_FN(lb_bits))LB_EXP_NB << LB_EXP_TBITS)) >>
                      LB_EXP_TBITS;
    LB_FN(lb_vu) ea = (nb >> 1) + (LB_EXP_BIAS - LB_EXP_NB / 2);
    LB_FN(lb_vu) eb = nb - (nb >> 1) + (LB_EXP_BIAS - LB_EXP_NB / 2);
    LB_FN(lb_v) y = (p * (LB_FN(lb_v))(ea << LB_EXP_MANT)) *
                    (LB_FN(lb_v))(eb << LB_EXP_MANT);
    (void)n;
    return LB_FN(lb_sel)(keep, y, (LB_FN(lb_v)){0});
#endif
}

/* exp of any x: as lb_exp_neg below 0, +inf above the overflow
 * threshold. */
static inline LB_FN(lb_v) LB_FN(lb_exp)(LB_FN(lb_v) x)
{
    const LB_FN(lb_v) zero = {0}, hi = zero + LB_EXP_HI,
                      inf = zero + (real)INFINITY;
    LB_FN(lb_vi) over = x > hi;
    LB_FN(lb_v) y = LB_FN(lb_exp_neg)(LB_FN(lb_sel)(over, hi, x));
    return LB_FN(lb_sel)(over, inf, y);
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
#undef LB_EXP_TBITS

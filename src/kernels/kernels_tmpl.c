/*
 * kernels_tmpl.c - the row kernels of kernels.h, built once per ISA and
 * precision by src/meson.build (portable, AVX2, AVX-512: see
 * LB_KERNELS_FILL there); dispatch.c picks one ISA at run time.
 * The reductions are written on 64-byte vectors (vexp.h) whose lanes are
 * combined in a fixed order; GCC maps them onto whatever registers the ISA
 * has, so every build sums in the same order.
 * GCC's extensions (vector types, builtins) are used freely here: this file
 * exists for GCC's code generation.
 */
#include "kernels.h"
#include "vexp.h"

#if defined(__AVX512F__) || defined(__FMA__)
#include <immintrin.h>
#endif

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define LB_ALWAYS_INLINE inline __attribute__((always_inline))
#define LB_PREFETCH(p) __builtin_prefetch((p), 0, 3)

#include "precision_begin.h"
#include "vexp_tmpl.h"

/* vec: one 64-byte vector of real (vexp.h), ivec its mask type, L lanes. */
#define vec LB_FN(lb_v)
#define ivec LB_FN(lb_vi)
#define L (64 / sizeof(real))

static inline vec LB_FN(k_splat)(real v)
{
    vec r = {0};
    return r + v;
}

/* The first n < L elements of x, the other lanes set to fill. AVX-512
 * by a masked load: through memory, the vector load after the partial
 * copy stalls on store forwarding, which short rows pay every row. */
static inline vec LB_FN(k_load_part)(const real *x, size_t n, real fill)
{
    vec v = LB_FN(k_splat)(fill);
#if defined(__AVX512F__) && LB_DOUBLE
    v = (vec)_mm512_mask_loadu_pd((__m512d)v, (__mmask8)((1u << n) - 1), x);
#elif defined(__AVX512F__)
    v = (vec)_mm512_mask_loadu_ps((__m512)v, (__mmask16)((1u << n) - 1), x);
#else
    memcpy(&v, x, n * sizeof(real));
#endif
    return v;
}

/* The first n <= L lanes of v to x. */
static inline void LB_FN(k_store_part)(real *x, vec v, size_t n)
{
#if defined(__AVX512F__) && LB_DOUBLE
    _mm512_mask_storeu_pd(x, (__mmask8)((1u << n) - 1), (__m512d)v);
#elif defined(__AVX512F__)
    _mm512_mask_storeu_ps(x, (__mmask16)((1u << n) - 1), (__m512)v);
#else
    memcpy(x, &v, n * sizeof(real));
#endif
}

/* v with lane l taken from lane l ^ w (w a power of two below the
 * width): the steps of the fixed reduction trees below, a few shuffles
 * where a lane-by-lane loop is a chain of scalar operations (about 60
 * cycles a row, which short rows feel). */
#define LB_K_SWAP8(v, w)                                                     \
    __builtin_shufflevector(v, v, 0 ^ w, 1 ^ w, 2 ^ w, 3 ^ w, 4 ^ w, 5 ^ w,  \
                            6 ^ w, 7 ^ w)
#if LB_DOUBLE
#define LB_K_SWAP LB_K_SWAP8
#else
#define LB_K_SWAP(v, w)                                                      \
    __builtin_shufflevector(v, v, 0 ^ w, 1 ^ w, 2 ^ w, 3 ^ w, 4 ^ w, 5 ^ w,  \
                            6 ^ w, 7 ^ w, 8 ^ w, 9 ^ w, 10 ^ w, 11 ^ w,      \
                            12 ^ w, 13 ^ w, 14 ^ w, 15 ^ w)
#endif

/* The sum of a's lanes in a fixed order: ((a0 + a4) + (a2 + a6)) +
 * ((a1 + a5) + (a3 + a7)). */
static inline double LB_FN(k_hsum8)(lb_vd a)
{
    a += LB_K_SWAP8(a, 4);
    a += LB_K_SWAP8(a, 2);
    a += LB_K_SWAP8(a, 1);
    return a[0];
}

/* v > m ? v : m lane by lane: NaN in v is never taken, NaN in m stays.
 * On AVX-512 this is exactly vmaxp[sd] (its second operand wherever
 * either is NaN), one instruction where the select is two on the row's
 * critical path. */
static inline vec LB_FN(k_max)(vec v, vec m)
{
#if defined(__AVX512F__) && LB_DOUBLE
    return (vec)_mm512_max_pd((__m512d)v, (__m512d)m);
#elif defined(__AVX512F__)
    return (vec)_mm512_max_ps((__m512)v, (__m512)m);
#else
    ivec take = v > m;
    return (vec)(((ivec)v & take) | ((ivec)m & ~take));
#endif
}

/* The larger of v's lanes, a lane that is not greater than another never
 * taken (so NaN only when every lane is NaN). */
static inline real LB_FN(k_hmax)(vec v)
{
    for (size_t w = L / 2; w >= 1; w /= 2)
        v = LB_FN(k_max)(w == 8   ? LB_K_SWAP(v, 8)
                         : w == 4 ? LB_K_SWAP(v, 4)
                         : w == 2 ? LB_K_SWAP(v, 2)
                                  : LB_K_SWAP(v, 1),
                         v);
    return v[0];
}

/* Two running maxima, so each waits on its own chain only. */
static real LB_FN(k_row_max)(size_t c, const real *x)
{
    vec m0 = LB_FN(k_splat)(x[0]), m1 = m0;
    size_t j = 0;
    for (; j + 2 * L <= c; j += 2 * L) {
        vec v0, v1;
        memcpy(&v0, x + j, sizeof v0);
        memcpy(&v1, x + j + L, sizeof v1);
        m0 = LB_FN(k_max)(v0, m0);
        m1 = LB_FN(k_max)(v1, m1);
    }
    for (; j < c; j += L) {
        vec v;
        if (j + L <= c)
            memcpy(&v, x + j, sizeof v);
        else
            v = LB_FN(k_load_part)(x + j, c - j, x[0]);
        m0 = LB_FN(k_max)(v, m0);
    }
    return LB_FN(k_hmax)(LB_FN(k_max)(m1, m0));
}

/* v as two halves of 8 lanes in double (double: v and zeros). On AVX-512
 * by intrinsics: GCC 12 makes ten instructions of the generic form, three
 * suffice. */
static inline void LB_FN(k_halves)(vec v, lb_vd h[2])
{
#if LB_DOUBLE
    h[0] = v;
    h[1] = (lb_vd){0};
#elif defined(__AVX512F__)
    __m512 w = (__m512)v;
    h[0] = (lb_vd)_mm512_cvtps_pd(_mm512_castps512_ps256(w));
    h[1] = (lb_vd)_mm512_cvtps_pd(_mm512_extractf32x8_ps(w, 1));
#else
    h[0] = __builtin_convertvector(
        __builtin_shufflevector(v, v, 0, 1, 2, 3, 4, 5, 6, 7), lb_vd);
    h[1] = __builtin_convertvector(
        __builtin_shufflevector(v, v, 8, 9, 10, 11, 12, 13, 14, 15), lb_vd);
#endif
}

/* acc += w in double: as is into acc[0], or for float as two halves of 8
 * lanes. */
static inline void LB_FN(k_acc)(lb_vd acc[2], vec w)
{
#if LB_DOUBLE
    acc[0] += w;
#else
    lb_vd h[2];
    LB_FN(k_halves)(w, h);
    acc[0] += h[0];
    acc[1] += h[1];
#endif
}

/* exp(v - m) lane by lane (m at least every non-NaN lane of v), ties
 * (d == 0, exactly 1 each) counted, the others' exps into *part (ties as
 * 0). */
static inline vec LB_FN(k_exp_vec)(vec v, vec m, ivec *ties, vec *part)
{
    vec d = v - m, ev = LB_FN(lb_exp_neg)(d);
    /* AVX-512: the same by mask registers, 3 instructions where GCC makes
     * 5 of the generic form. */
#if defined(__AVX512F__) && LB_DOUBLE
    __mmask8 tie = _mm512_cmp_pd_mask((__m512d)d, _mm512_setzero_pd(),
                                      _CMP_EQ_OQ);
    *ties = (ivec)_mm512_mask_sub_epi64((__m512i)*ties, tie, (__m512i)*ties,
                                        _mm512_set1_epi64(-1));
    *part = (vec)_mm512_mask_mov_pd((__m512d)ev, tie, _mm512_setzero_pd());
#elif defined(__AVX512F__)
    __mmask16 tie = _mm512_cmp_ps_mask((__m512)d, _mm512_setzero_ps(),
                                       _CMP_EQ_OQ);
    *ties = (ivec)_mm512_mask_sub_epi32((__m512i)*ties, tie, (__m512i)*ties,
                                        _mm512_set1_epi32(-1));
    *part = (vec)_mm512_mask_mov_ps((__m512)ev, tie, _mm512_setzero_ps());
#else
    ivec tie = d == 0;
    *ties -= tie;
    *part = (vec)(~tie & (ivec)ev);
#endif
    return ev;
}

/* As k_exp_vec, the part added to rest in double. */
static inline vec LB_FN(k_exp_lanes)(vec v, vec m, ivec *ties,
                                     lb_vd rest[2])
{
    vec part, ev = LB_FN(k_exp_vec)(v, m, ties, &part);
    LB_FN(k_acc)(rest, part);
    return ev;
}

/* Four vectors are summed in the row's precision before they join the
 * double sum: pairwise, so each lane's block sum is within 2 roundings
 * (2^-23 relative for float; README, "Accuracy"), and float's widening is
 * paid once per block. */
#define LB_K_BLOCK 4

/* One block of LB_K_BLOCK vectors of the row at x from column j (full:
 * all of them inside the row's c columns; else lanes past c are padded
 * with -inf, exp 0 and no tie, and for a row whose max is -inf the row is
 * NaN anyway): exps stored to e when write, ties counted, the rest summed
 * into rest. While the exps keep the core busy, the same columns of the
 * next row are fetched, one cache line per vector (next == x when there
 * is none), and with write those of the next row's output (next_e) for
 * writing, so memory and compute overlap. */
static LB_ALWAYS_INLINE void LB_FN(k_expsum_block)(size_t c, const real *x,
                                                   size_t j, bool full,
                                                   vec m, real *e, bool write,
                                                   const real *next,
                                                   real *next_e, ivec *ties,
                                                   lb_vd rest[2])
{
    vec part[LB_K_BLOCK] = {{0}};
    for (size_t b = 0; b < LB_K_BLOCK; b++) {
        size_t at = j + b * L, n = full || c - at >= L ? L : c - at;
        vec v;
        if (!full && at >= c)
            break;
        if (n == L)
            memcpy(&v, x + at, sizeof v);
        else
            v = LB_FN(k_load_part)(x + at, n, (real)-INFINITY);
        LB_PREFETCH(next + at);
        if (write)
            __builtin_prefetch(next_e + at, 1, 3);
        vec ev = LB_FN(k_exp_vec)(v, m, ties, &part[b]);
        if (write && n == L)
            memcpy(e + at, &ev, sizeof ev);
        else if (write)
            LB_FN(k_store_part)(e + at, ev, n);
    }
    LB_FN(k_acc)(rest, (part[0] + part[1]) + (part[2] + part[3]));
}

/* The body of row_expsum; write selects whether e is stored, so each
 * instance, inlined with write constant, is a loop without a branch.
 * Budget on AVX-512, row of 1000 in L1: 29 instructions per 8 doubles
 * and 26 per 16 floats (21 and 19 of them vector arithmetic, the exp 16
 * and 13), measured 0.38 and 0.20 ns per element; with the max (0.05,
 * 0.02) and row_scale2 (0.06, 0.05) the fused softmax-with-loss costs
 * 0.49 (double) and 0.27 (float) ns per element of compute, against
 * memcpy's 1.1 and 0.55 for the same bytes: memory-bound on long rows,
 * where fetching the next row's output for writing is what keeps the
 * stores from waiting (docs/performance.md).
 * Short rows (100) pay about 60 ns a row more, mostly latency: max, then
 * exps, then the sum's reduction, log and 1/total wait on each other. */
static LB_ALWAYS_INLINE lb_expsum LB_FN(k_expsum_body)(size_t c,
                                                       const real *x, real ms,
                                                       real *e, bool write,
                                                       const real *next,
                                                       real *next_e)
{
    const vec m = LB_FN(k_splat)(ms);
    const size_t step = LB_K_BLOCK * L;
    ivec ties = {0};
    lb_vd rest[2] = {{0}, {0}};
    size_t j = 0;
    for (; j + step <= c; j += step)
        LB_FN(k_expsum_block)(c, x, j, true, m, e, write, next, next_e, &ties,
                              rest);
    if (j < c)
        LB_FN(k_expsum_block)(c, x, j, false, m, e, write, next, next_e,
                              &ties, rest);
    for (size_t w = L / 2; w >= 1; w /= 2)
        ties += w == 8   ? LB_K_SWAP(ties, 8)
                : w == 4 ? LB_K_SWAP(ties, 4)
                : w == 2 ? LB_K_SWAP(ties, 2)
                         : LB_K_SWAP(ties, 1);
    lb_vd r = LB_DOUBLE ? rest[0] : rest[0] + rest[1];
    return (lb_expsum){(double)ties[0], LB_FN(k_hsum8)(r)};
}

static lb_expsum LB_FN(k_row_expsum)(size_t c, const real *x, real m,
                                     real *e, const real *next, real *next_e)
{
    /* Without a next output, the prefetches for writing fall on e. */
    return e ? LB_FN(k_expsum_body)(c, x, m, e, true, next,
                                    next_e ? next_e : e)
             : LB_FN(k_expsum_body)(c, x, m, NULL, false, next, NULL);
}

static void LB_FN(k_row_scale)(size_t c, const real *in, double f, real *out)
{
    for (size_t j = 0; j < c; j++)
        out[j] = (real)(in[j] * f);
}

/* row_scale2's loop for one choice of outputs, so each instance is a
 * branch-free loop that GCC vectorises (in and outputs may alias, checked
 * at run time by its versioning). */
static LB_ALWAYS_INLINE void LB_FN(k_scale2_body)(size_t c, const real *in,
                                                  double f, real *p, double g,
                                                  real *dx, bool wp, bool wdx)
{
    for (size_t j = 0; j < c; j++) {
        real pj = (real)(in[j] * f);
        if (wp)
            p[j] = pj;
        if (wdx)
            dx[j] = (real)(pj * g);
    }
}

#if !LB_DOUBLE && defined(__FMA__)
/* row_scale2 for float on FMA builds: v f for f in double as
 * v fh + v fl, f = fh + fl in floats, rounded once (an FMA written out:
 * GCC's contraction of a b + d e may fuse either product), which is
 * within 2^-47 of v f rounded once (fl holds f - fh to 2^-24 of itself),
 * where the double product would take four conversions per vector; for
 * f a float, fl = 0 and it is v f rounded once exactly. Lane by lane, so
 * on the ISA's own vector width (ks: 16 or 8 floats). */
#if defined(__AVX512F__)
typedef __m512 ks_vec;
#define ks_fma _mm512_fmadd_ps
#define ks_set1 _mm512_set1_ps
#define ks_loadu _mm512_loadu_ps
#define ks_storeu _mm512_storeu_ps
#define ks_mul _mm512_mul_ps
#else
typedef __m256 ks_vec;
#define ks_fma _mm256_fmadd_ps
#define ks_set1 _mm256_set1_ps
#define ks_loadu _mm256_loadu_ps
#define ks_storeu _mm256_storeu_ps
#define ks_mul _mm256_mul_ps
#endif
#define KS_W (sizeof(ks_vec) / sizeof(float))

static LB_ALWAYS_INLINE void k_scale2_split_s(size_t c, const float *in,
                                              double f, float *p, double g,
                                              float *dx, bool wp)
{
    const ks_vec fh = ks_set1((float)f), fl = ks_set1((float)(f - (float)f));
    const ks_vec gh = ks_set1((float)g), gl = ks_set1((float)(g - (float)g));
    size_t j = 0;
    for (; j + KS_W <= c; j += KS_W) {
        ks_vec v = ks_loadu(in + j);
        ks_vec pv = ks_fma(v, fh, ks_mul(v, fl));
        if (wp)
            ks_storeu(p + j, pv);
        ks_storeu(dx + j, ks_fma(pv, gh, ks_mul(pv, gl)));
    }
    /* The rest as the vectors do it, one lane at a time. */
    for (; j < c; j++) {
        float v = in[j], pj = __builtin_fmaf(v, (float)f,
                                             v * (float)(f - (float)f));
        if (wp)
            p[j] = pj;
        dx[j] = __builtin_fmaf(pj, (float)g, pj * (float)(g - (float)g));
    }
}
#undef ks_fma
#undef ks_set1
#undef ks_loadu
#undef ks_storeu
#undef ks_mul
#undef KS_W
#endif

static void LB_FN(k_row_scale2)(size_t c, const real *in, double f, real *p,
                                double g, real *dx)
{
#if !LB_DOUBLE && defined(__FMA__)
    if (dx) {
        if (p)
            k_scale2_split_s(c, in, f, p, g, dx, true);
        else
            k_scale2_split_s(c, in, f, NULL, g, dx, false);
        return;
    }
#endif
    if (p && dx)
        LB_FN(k_scale2_body)(c, in, f, p, g, dx, true, true);
    else if (dx)
        LB_FN(k_scale2_body)(c, in, f, NULL, g, dx, false, true);
    else if (p)
        LB_FN(k_row_scale)(c, in, f, p);
}

/* ---- rows_softmax: short rows, one per vector lane ---- */

#ifndef LB_K_LOG1P_VD
#define LB_K_LOG1P_VD
/* log1p(s) lane by lane for s in [0, LB_TILE_COLS] or NaN (an exp-sum
 * less 1), as fdlibm computes it: u = 1 + s = 2^k (1 + f) with 1 + f in
 * [sqrt(2)/2, sqrt(2)); log(1 + f) = f - hfsq + z (hfsq + R) with
 * hfsq = f^2 / 2, z = f / (2 + f) and R = 2 atanh(z) / z - 2 by its
 * series (to z^20: the first term left out is below 2^-60 of the
 * result); (s - (u - 1)) / u adds back what the rounding of u lost
 * (rcp_u: 1 / u, or anything within an ulp of it).
 * Within about 1 ulp. */
static inline lb_vd k_log1p_vd(lb_vd s, lb_vd rcp_u)
{
    static const double coef[] = {2.0 / 21, 2.0 / 19, 2.0 / 17, 2.0 / 15,
                                  2.0 / 13, 2.0 / 11, 2.0 / 9, 2.0 / 7,
                                  2.0 / 5, 2.0 / 3};
    const lb_vd zero = {0};
    lb_vd u = 1 + s;
    lb_vdu ub = (lb_vdu)u, top = ub - 0x3fe6a09e667f3bcdu;
    lb_vd k = __builtin_convertvector((lb_vdi)(top >> 52), lb_vd);
    lb_vd f = (lb_vd)(ub - (top & 0xfff0000000000000u)) - 1;
    lb_vd hfsq = 0.5 * f * f, z = f / (2 + f), w = z * z;
    lb_vd r = zero + coef[0];
    for (size_t i = 1; i < sizeof coef / sizeof coef[0]; i++)
        r = r * w + coef[i];
    r = r * w;
    /* 1 / u within an ulp is enough for this correction, and a division
     * per vector less. */
    lb_vd corr = (s - (u - 1)) * rcp_u;
    lb_vd y = k * 0x1.62e42feep-1 -
              ((hfsq - (z * (hfsq + r) + (k * 0x1.a39ef35793c76p-33 + corr))) -
               f);
    lb_vdi num = s == s;
    return (lb_vd)(((lb_vdi)y & num) | ((lb_vdi)s & ~num));
}
#endif

/* (real)(e * f) lane by lane with f in double (halves of 8 lanes for
 * float), rounded once as row_scale2 does. */
static inline vec LB_FN(k_mul_round)(vec e, const lb_vd f[2])
{
#if LB_DOUBLE
    return e * f[0];
#else
    typedef float vs8 __attribute__((vector_size(32)));
    lb_vd h[2];
    LB_FN(k_halves)(e, h);
    vs8 a = __builtin_convertvector(h[0] * f[0], vs8);
    vs8 b = __builtin_convertvector(h[1] * f[1], vs8);
    return __builtin_shufflevector(a, b, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10,
                                   11, 12, 13, 14, 15);
#endif
}

#if defined(__AVX512F__)
/* The L x L block v transposed in place: lane l of v[i] moves to lane i of
 * v[l] (exact moves, unpacks then 128-bit block shuffles). */
static inline void LB_FN(k_transpose)(vec v[L])
{
#if LB_DOUBLE
    __m512d a[8], b[8];
    for (int i = 0; i < 8; i++)
        a[i] = (__m512d)v[i];
    for (int i = 0; i < 4; i++) {
        b[2 * i] = _mm512_unpacklo_pd(a[2 * i], a[2 * i + 1]);
        b[2 * i + 1] = _mm512_unpackhi_pd(a[2 * i], a[2 * i + 1]);
    }
    for (int i = 0; i < 2; i++) {
        a[4 * i] = _mm512_shuffle_f64x2(b[4 * i], b[4 * i + 2], 0x88);
        a[4 * i + 1] = _mm512_shuffle_f64x2(b[4 * i + 1], b[4 * i + 3], 0x88);
        a[4 * i + 2] = _mm512_shuffle_f64x2(b[4 * i], b[4 * i + 2], 0xdd);
        a[4 * i + 3] = _mm512_shuffle_f64x2(b[4 * i + 1], b[4 * i + 3], 0xdd);
    }
    for (int i = 0; i < 4; i++) {
        v[i] = (vec)_mm512_shuffle_f64x2(a[i], a[4 + i], 0x88);
        v[4 + i] = (vec)_mm512_shuffle_f64x2(a[i], a[4 + i], 0xdd);
    }
#else
    __m512 a[16], b[16];
    for (int i = 0; i < 8; i++) {
        b[2 * i] = _mm512_unpacklo_ps((__m512)v[2 * i], (__m512)v[2 * i + 1]);
        b[2 * i + 1] = _mm512_unpackhi_ps((__m512)v[2 * i],
                                          (__m512)v[2 * i + 1]);
    }
    for (int i = 0; i < 4; i++) {
        __m512d p = (__m512d)b[4 * i], q = (__m512d)b[4 * i + 1];
        __m512d r = (__m512d)b[4 * i + 2], s = (__m512d)b[4 * i + 3];
        a[4 * i] = (__m512)_mm512_unpacklo_pd(p, r);
        a[4 * i + 1] = (__m512)_mm512_unpackhi_pd(p, r);
        a[4 * i + 2] = (__m512)_mm512_unpacklo_pd(q, s);
        a[4 * i + 3] = (__m512)_mm512_unpackhi_pd(q, s);
    }
    for (int i = 0; i < 4; i++) {
        b[i] = _mm512_shuffle_f32x4(a[i], a[4 + i], 0x88);
        b[4 + i] = _mm512_shuffle_f32x4(a[i], a[4 + i], 0xdd);
        b[8 + i] = _mm512_shuffle_f32x4(a[8 + i], a[12 + i], 0x88);
        b[12 + i] = _mm512_shuffle_f32x4(a[8 + i], a[12 + i], 0xdd);
    }
    for (int i = 0; i < 4; i++) {
        v[i] = (vec)_mm512_shuffle_f32x4(b[i], b[8 + i], 0x88);
        v[8 + i] = (vec)_mm512_shuffle_f32x4(b[i], b[8 + i], 0xdd);
        v[4 + i] = (vec)_mm512_shuffle_f32x4(b[4 + i], b[12 + i], 0x88);
        v[12 + i] = (vec)_mm512_shuffle_f32x4(b[4 + i], b[12 + i], 0xdd);
    }
#endif
}
#endif

/* The nr rows at a (leading dimension lda) into t, column j's lanes at
 * t + j L; lanes past nr hold 0 (exp(0 - 0) = 1: harmless). */
static void LB_FN(k_tile_in)(size_t nr, size_t c, const real *a, size_t lda,
                             real *t)
{
#if defined(__AVX512F__)
    /* A column per gather (two for float, 8 lanes each): the scalar copy
     * costs a store-forwarding stall per column on top of its moves. */
    const __m512i rows = _mm512_mullo_epi64(
        _mm512_set_epi64(7, 6, 5, 4, 3, 2, 1, 0),
        _mm512_set1_epi64((long long)lda));
    for (size_t h = 0; h < L / 8; h++) {
        size_t lo = 8 * h, n8 = nr > lo ? nr - lo : 0;
        __mmask8 live = (__mmask8)(n8 >= 8 ? 0xff : (1u << n8) - 1);
        const real *base = a + lo * lda;
        for (size_t j = 0; j < c; j++) {
#if LB_DOUBLE
            __m512d v = _mm512_mask_i64gather_pd(_mm512_setzero_pd(), live,
                                                 rows, base + j, 8);
            _mm512_store_pd(t + j * L, v);
#else
            __m256 v = _mm512_mask_i64gather_ps(_mm256_setzero_ps(), live,
                                                rows, base + j, 4);
            _mm256_store_ps(t + j * L + lo, v);
#endif
        }
    }
#else
    for (size_t l = 0; l < L; l++)
        for (size_t j = 0; j < c; j++)
            t[j * L + l] = l < nr ? a[l * lda + j] : 0;
#endif
}

static inline vec LB_FN(k_tile_get)(const real *t, size_t j)
{
    vec v;
    memcpy(&v, t + j * L, sizeof v);
    return v;
}

static inline void LB_FN(k_tile_put)(real *t, size_t j, vec v)
{
    memcpy(t + j * L, &v, sizeof v);
}

/* The tile back into the nr rows at a: on AVX-512 L columns at a time,
 * transposed in registers and stored a row per masked store, where the
 * scalar copy costs several instructions per element. */
static void LB_FN(k_tile_out)(size_t nr, size_t c, const real *t, real *a,
                              size_t lda)
{
#if defined(__AVX512F__)
    for (size_t j0 = 0; j0 < c; j0 += L) {
        size_t w = c - j0 < L ? c - j0 : L;
        uint32_t keep = (uint32_t)((1ull << w) - 1);
        vec v[L];
        for (size_t i = 0; i < L; i++)
            v[i] = i < w ? LB_FN(k_tile_get)(t, j0 + i) : (vec){0};
        LB_FN(k_transpose)(v);
        for (size_t r = 0; r < nr; r++)
#if LB_DOUBLE
            _mm512_mask_storeu_pd(a + r * lda + j0, (__mmask8)keep,
                                  (__m512d)v[r]);
#else
            _mm512_mask_storeu_ps(a + r * lda + j0, (__mmask16)keep,
                                  (__m512)v[r]);
#endif
    }
#else
    for (size_t l = 0; l < nr; l++)
        for (size_t j = 0; j < c; j++)
            a[l * lda + j] = t[j * L + l];
#endif
}

/* The row max and the exps of the tile in place, each row's exp-sum as
 * ties and rest per lane (double, summed in column order). */
static vec LB_FN(k_tile_exp)(size_t c, real *t, lb_vd ties[2], lb_vd rest[2])
{
    vec mv = LB_FN(k_tile_get)(t, 0);
    for (size_t j = 1; j < c; j++) {
        vec v = LB_FN(k_tile_get)(t, j);
        ivec take = v > mv;
        mv = (vec)(((ivec)v & take) | ((ivec)mv & ~take));
    }
    ivec nt = {0};
    rest[0] = rest[1] = (lb_vd){0};
    for (size_t j = 0; j < c; j++)
        LB_FN(k_tile_put)(t, j,
                          LB_FN(k_exp_lanes)(LB_FN(k_tile_get)(t, j), mv, &nt,
                                             rest));
#if LB_DOUBLE
    ties[0] = __builtin_convertvector(nt, lb_vd);
    ties[1] = ties[0];
#else
    ties[0] = __builtin_convertvector(
        __builtin_shufflevector(nt, nt, 0, 1, 2, 3, 4, 5, 6, 7), lb_vd);
    ties[1] = __builtin_convertvector(
        __builtin_shufflevector(nt, nt, 8, 9, 10, 11, 12, 13, 14, 15),
        lb_vd);
#endif
    return mv;
}

/* Each row's entry of the tile at its label, lane by lane in double (0
 * where there is none); on AVX-512 one gather. */
static void LB_FN(k_tile_label)(size_t nr, size_t c, const real *t,
                                const int32_t *lab, lb_vd out[2])
{
    out[0] = out[1] = (lb_vd){0};
    if (!lab)
        return;
#if defined(__AVX512F__)
    const __m512i lane = _mm512_set_epi32(15, 14, 13, 12, 11, 10, 9, 8, 7,
                                          6, 5, 4, 3, 2, 1, 0);
    __mmask16 live = (__mmask16)((1u << nr) - 1);
    __m512i li = _mm512_maskz_loadu_epi32(live, lab);
    /* Negative labels are past c too, read as unsigned. */
    live &= _mm512_cmplt_epu32_mask(li, _mm512_set1_epi32((int)c));
    __m512i at = _mm512_add_epi32(_mm512_slli_epi32(li, LB_DOUBLE ? 3 : 4),
                                  lane);
#if LB_DOUBLE
    out[0] = (lb_vd)_mm512_mask_i32gather_pd(_mm512_setzero_pd(),
                                             (__mmask8)live,
                                             _mm512_castsi512_si256(at), t, 8);
#else
    vec v = (vec)_mm512_mask_i32gather_ps(_mm512_setzero_ps(), live, at, t,
                                          4);
    LB_FN(k_halves)(v, out);
#endif
#else
    for (size_t r = 0; r < nr; r++)
        if ((size_t)lab[r] < c)
            out[r / 8][r % 8] = t[(size_t)lab[r] * L + r];
#endif
}

/* The 8-lane halves h (one for double) of v into lanes 8 h .. of d. */
static inline void LB_FN(k_lanes_out)(double *d, const lb_vd *v)
{
    memcpy(d, v, (LB_DOUBLE ? 1 : 2) * sizeof(lb_vd));
}

/* Budget on AVX-512, float, 16 rows at 2.6 GHz: about 70 ns fixed (the
 * log1p and two divisions per lane pair, the labels, the results out), 8
 * ns per column for gathers and exps, and 0.35 ns per element for dX (one
 * scaling pass, transposed out in registers). */
static void LB_FN(k_rows_softmax_xent)(size_t nr, size_t c, const real *x,
                                       size_t ldx, const int32_t *lab,
                                       double g, real *p, size_t ldp,
                                       real *dx, size_t lddx, lb_rowstats *st)
{
    real t[LB_TILE_COLS * L] __attribute__((aligned(64)));
    lb_vd ties[2], rest[2], lse[2], f[2], m[2], xt[2], et[2], nll[2], gt[2];
    if (c == 0)
        return;
    LB_FN(k_tile_in)(nr, c, x, ldx, t);
    LB_FN(k_tile_label)(nr, c, t, lab, xt);
    vec mv = LB_FN(k_tile_exp)(c, t, ties, rest);
    LB_FN(k_tile_label)(nr, c, t, lab, et);
    LB_FN(k_halves)(mv, m);
    /* Double's lanes fill the first half alone. */
    for (size_t h = 0; h < (LB_DOUBLE ? 1 : 2); h++) {
        lb_vd total = ties[h] + rest[h], dt = xt[h] - m[h];
        f[h] = 1 / total;
        lse[h] = k_log1p_vd((ties[h] - 1) + rest[h], f[h]);
        nll[h] = lab ? lse[h] - dt : (lb_vd){0};
        /* 1 - p_t: the other classes' share, which p_t - 1 would lose;
         * times 1 / total rather than divided (one division less, an ulp
         * of double more). */
        lb_vdi at_max = dt == 0;
        lb_vd others = (lb_vd)(((lb_vdi)((ties[h] - 1) + rest[h]) & at_max) |
                               ((lb_vdi)(total - et[h]) & ~at_max));
        gt[h] = g * (0 - others * f[h]);
    }
    LB_FN(k_lanes_out)(st->m, m);
    LB_FN(k_lanes_out)(st->ties, ties);
    LB_FN(k_lanes_out)(st->rest, rest);
    LB_FN(k_lanes_out)(st->lse, lse);
    LB_FN(k_lanes_out)(st->nll, nll);
    if (!p && !dx)
        return;
    const lb_vd gv[2] = {(lb_vd){0} + g, (lb_vd){0} + g};
    f[1] = f[LB_DOUBLE ? 0 : 1];
    /* p, and dx from it in the same pass unless p is wanted too. */
    for (size_t j = 0; j < c; j++) {
        vec v = LB_FN(k_mul_round)(LB_FN(k_tile_get)(t, j), f);
        LB_FN(k_tile_put)(t, j, p ? v : LB_FN(k_mul_round)(v, gv));
    }
    if (p) {
        LB_FN(k_tile_out)(nr, c, t, p, ldp);
        if (!dx)
            return;
        for (size_t j = 0; j < c; j++)
            LB_FN(k_tile_put)(t, j,
                              LB_FN(k_mul_round)(LB_FN(k_tile_get)(t, j), gv));
    }
    LB_FN(k_tile_out)(nr, c, t, dx, lddx);
    double gl[16];
    LB_FN(k_lanes_out)(gl, gt);
    for (size_t r = 0; lab && r < nr; r++)
        if ((size_t)lab[r] < c)
            dx[r * lddx + (size_t)lab[r]] = (real)gl[r];
}

/* ---- softmax backward, log-softmax, optimizers ---- */

/* acc += a (times b when two) in double, lane by lane. */
static inline void LB_FN(k_dot_step)(lb_vd acc[2], vec a, vec b, bool two)
{
    lb_vd ha[2], hb[2];
    LB_FN(k_halves)(a, ha);
    LB_FN(k_halves)(b, hb);
    for (size_t h = 0; h < 2; h++)
        acc[h] += two ? ha[h] * hb[h] : ha[h];
}

/* sum_j a_j b_j (two) or sum_j a_j in double over the lanes of 64-byte
 * vectors, combined in lane order, so the SIMD builds sum alike (the
 * portable one, without FMA, may differ in double's last bits). */
static LB_ALWAYS_INLINE double LB_FN(k_dot_body)(size_t c, const real *a,
                                                 const real *b, bool two)
{
    lb_vd acc[2] = {{0}, {0}};
    vec va, vb = {0};
    size_t j = 0;
    for (; j + L <= c; j += L) {
        memcpy(&va, a + j, sizeof va);
        if (two)
            memcpy(&vb, b + j, sizeof vb);
        LB_FN(k_dot_step)(acc, va, vb, two);
    }
    if (j < c)
        LB_FN(k_dot_step)(acc, LB_FN(k_load_part)(a + j, c - j, 0),
                          two ? LB_FN(k_load_part)(b + j, c - j, 0) : vb,
                          two);
    double s = 0;
    for (size_t h = 0; h < 2; h++)
        for (size_t l = 0; l < 8; l++)
            s += acc[h][l];
    return s;
}

/* dx = dy - exp(y) s, the exp vexp.h's in the row's precision, the rest
 * in double (dx may be dy: each block's exps are taken first). */
static void LB_FN(k_log_softmax_grad)(size_t c, const real *y,
                                      const real *dy, double s, real *dx)
{
    for (size_t j = 0; j < c; j += L) {
        size_t w = c - j < L ? c - j : L;
        real e[L];
        vec ev = LB_FN(lb_exp)(LB_FN(k_load_part)(y + j, w, 0));
        memcpy(e, &ev, sizeof e);
        for (size_t l = 0; l < w; l++)
            dx[j + l] = (real)((double)dy[j + l] - (double)e[l] * s);
    }
}

static void LB_FN(k_softmax_bwd)(size_t c, const real *y, const real *dy,
                                 real *dx, bool log)
{
    if (log) {
        LB_FN(k_log_softmax_grad)(c, y, dy, LB_FN(k_dot_body)(c, dy, NULL,
                                                              false), dx);
        return;
    }
    double s = LB_FN(k_dot_body)(c, dy, y, true);
    for (size_t j = 0; j < c; j++)
        dx[j] = (real)(y[j] * ((double)dy[j] - s));
}

static void LB_FN(k_row_shift)(size_t c, const real *x, double m, double lse,
                               real *y)
{
    for (size_t j = 0; j < c; j++)
        y[j] = (real)(((double)x[j] - m) - lse);
}

/* Stores v at p (64-byte aligned), past the cache when this ISA can: for
 * outputs far larger than the cache, a write that skips the read-for-
 * ownership moves a third less memory. The portable build stores. */
static inline void LB_FN(k_stream)(real *p, vec v)
{
#if defined(__AVX512F__) && LB_DOUBLE
    _mm512_stream_pd(p, (__m512d)v);
#elif defined(__AVX512F__)
    _mm512_stream_ps(p, (__m512)v);
#else
    memcpy(p, &v, sizeof v);
#endif
}

/* y = max(x, 0) lane by lane: x <= 0 is false for NaN, so NaN passes. */
static inline vec LB_FN(k_relu_lanes)(vec x)
{
    return (vec)((ivec)x & ~(ivec)(x <= 0));
}

/* Y > 0 passes dY, Y <= 0 (ReLU'(0) = 0) gives 0, NaN stays NaN. */
static inline vec LB_FN(k_relu_grad_lanes)(vec y, vec dy)
{
    ivec pass = y > 0, keep = ~pass & ~(ivec)(y <= 0);
    return (vec)(((ivec)dy & pass) | ((ivec)y & keep));
}

/* out_j = f(a_j, b_j) for the vector at j; b may be NULL for f of one
 * argument. */
static LB_ALWAYS_INLINE vec LB_FN(k_map_at)(const real *a, const real *b,
                                            size_t j, bool two)
{
    vec va, vb = {0};
    memcpy(&va, a + j, sizeof va);
    if (two)
        memcpy(&vb, b + j, sizeof vb);
    return two ? LB_FN(k_relu_grad_lanes)(va, vb) : LB_FN(k_relu_lanes)(va);
}

/* Streams split a row into this many parts, run side by side a few
 * vectors at a time: one core reads DRAM faster from several pages at
 * once than along one (the hardware prefetcher restarts at each page),
 * about a tenth faster here (docs/performance.md). */
#define LB_STREAM_PARTS 4
#define LB_STREAM_RUN 4

/* out = f(a, b) over c elements with the stores of whole aligned vectors
 * streamed (k_stream) when stream is set; b may be NULL for f of one
 * argument. */
static LB_ALWAYS_INLINE void LB_FN(k_map)(size_t c, const real *a,
                                          const real *b, real *out,
                                          bool stream, bool two)
{
    size_t j = 0;
    if (stream) {
        for (; j < c && ((uintptr_t)(out + j) & 63) != 0; j++) {
            vec va = LB_FN(k_splat)(a[j]);
            vec vb = LB_FN(k_splat)(two ? b[j] : 0);
            vec r = two ? LB_FN(k_relu_grad_lanes)(va, vb)
                        : LB_FN(k_relu_lanes)(va);
            out[j] = r[0];
        }
        const size_t run = LB_STREAM_RUN * L;
        size_t part = (c - j) / (LB_STREAM_PARTS * run) * run;
        for (size_t i = 0; i < part; i += run)
            for (size_t q = 0; q < LB_STREAM_PARTS; q++)
                for (size_t u = j + q * part + i; u < j + q * part + i + run;
                     u += L)
                    LB_FN(k_stream)(out + u, LB_FN(k_map_at)(a, b, u, two));
        j += LB_STREAM_PARTS * part;
    }
    for (; j + L <= c; j += L) {
        vec r = LB_FN(k_map_at)(a, b, j, two);
        if (stream)
            LB_FN(k_stream)(out + j, r);
        else
            memcpy(out + j, &r, sizeof r);
    }
    if (j < c) {
        vec va = LB_FN(k_load_part)(a + j, c - j, 0);
        vec vb = LB_FN(k_load_part)(two ? b + j : a + j, c - j, 0);
        vec r = two ? LB_FN(k_relu_grad_lanes)(va, vb) : LB_FN(k_relu_lanes)(va);
        LB_FN(k_store_part)(out + j, r, c - j);
    }
#if defined(__AVX512F__)
    /* Streamed stores are weakly ordered: fence them before returning. */
    if (stream)
        _mm_sfence();
#endif
}

static void LB_FN(k_relu_fwd)(size_t c, const real *x, real *y, bool stream)
{
    if (stream)
        LB_FN(k_map)(c, x, NULL, y, true, false);
    else
        LB_FN(k_map)(c, x, NULL, y, false, false);
}

static void LB_FN(k_relu_bwd)(size_t c, const real *y, const real *dy,
                              real *dx, bool stream)
{
    if (stream)
        LB_FN(k_map)(c, y, dy, dx, true, true);
    else
        LB_FN(k_map)(c, y, dy, dx, false, true);
}

static void LB_FN(k_col_acc)(size_t c, const real *row, double *acc)
{
    for (size_t j = 0; j < c; j++)
        acc[j] += row[j];
}

/* This build's slots of the table (kernels.h names each ISA's). */
void LB_KERNELS_FILL(lb_kernels *k)
{
    k->LB_FN(row_max) = LB_FN(k_row_max);
    k->LB_FN(row_expsum) = LB_FN(k_row_expsum);
    k->LB_FN(row_scale) = LB_FN(k_row_scale);
    k->LB_FN(row_scale2) = LB_FN(k_row_scale2);
    k->LB_FN(rows_softmax_xent) = LB_FN(k_rows_softmax_xent);
    k->LB_FN(softmax_bwd) = LB_FN(k_softmax_bwd);
    k->LB_FN(row_shift) = LB_FN(k_row_shift);
    k->LB_FN(relu_fwd) = LB_FN(k_relu_fwd);
    k->LB_FN(relu_bwd) = LB_FN(k_relu_bwd);
    k->LB_FN(col_acc) = LB_FN(k_col_acc);
}

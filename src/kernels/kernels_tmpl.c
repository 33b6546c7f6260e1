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

#if defined(__AVX512F__)
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

/* The first n < L elements of x, the other lanes set to fill. */
static inline vec LB_FN(k_load_part)(const real *x, size_t n, real fill)
{
    vec v = LB_FN(k_splat)(fill);
    memcpy(&v, x, n * sizeof(real));
    return v;
}

static real LB_FN(k_row_max)(size_t c, const real *x)
{
    vec mv = LB_FN(k_splat)(x[0]);
    for (size_t j = 0; j < c; j += L) {
        vec v;
        if (j + L <= c)
            memcpy(&v, x + j, sizeof v);
        else
            v = LB_FN(k_load_part)(x + j, c - j, x[0]);
        ivec take = v > mv;
        mv = (vec)(((ivec)v & take) | ((ivec)mv & ~take));
    }
    real ml[L];
    memcpy(ml, &mv, sizeof ml);
    real m = ml[0];
    for (size_t l = 1; l < L; l++)
        m = ml[l] > m ? ml[l] : m;
    return m;
}

/* acc += w in double: as is into acc[0], or for float as two halves of 8
 * lanes. */
static inline void LB_FN(k_acc)(lb_vd acc[2], vec w)
{
#if LB_DOUBLE
    acc[0] += w;
#else
    acc[0] += __builtin_convertvector(
        __builtin_shufflevector(w, w, 0, 1, 2, 3, 4, 5, 6, 7), lb_vd);
    acc[1] += __builtin_convertvector(
        __builtin_shufflevector(w, w, 8, 9, 10, 11, 12, 13, 14, 15), lb_vd);
#endif
}

/* exp(v - m) lane by lane, counted into ties (d == 0, exactly 1 each) or
 * added to rest. v is exactly 1 where d == 0, so v - z is exactly 0 for a
 * tie and exactly v otherwise. */
static inline vec LB_FN(k_exp_lanes)(vec v, real m, ivec *ties,
                                     lb_vd rest[2])
{
    vec d = v - m, ev = LB_FN(lb_exp)(d);
    ivec tie = d == 0;
    *ties -= tie;
    LB_FN(k_acc)(rest, ev - (vec)(tie & (ivec)LB_FN(k_splat)(1)));
    return ev;
}

/* The body of row_expsum; write selects whether e is stored, so each
 * instance, inlined with write constant, is a loop without a branch. While
 * the exps keep the core busy, the next row is fetched one cache line per
 * vector (next == x when there is none), so memory and compute overlap. The
 * last partial vector is padded with -inf, whose exp is 0 (for a row whose
 * max is -inf the row is NaN anyway). */
static LB_ALWAYS_INLINE lb_expsum LB_FN(k_expsum_body)(size_t c,
                                                       const real *x, real m,
                                                       real *e, bool write,
                                                       const real *next)
{
    ivec ties = {0};
    lb_vd rest[2] = {{0}, {0}};
    size_t j = 0;
    for (; j + L <= c; j += L) {
        vec v;
        LB_PREFETCH(next + j);
        memcpy(&v, x + j, sizeof v);
        vec ev = LB_FN(k_exp_lanes)(v, m, &ties, rest);
        if (write)
            memcpy(e + j, &ev, sizeof ev);
    }
    if (j < c) {
        vec v = LB_FN(k_load_part)(x + j, c - j, (real)-INFINITY);
        vec ev = LB_FN(k_exp_lanes)(v, m, &ties, rest);
        if (write)
            memcpy(e + j, &ev, (c - j) * sizeof(real));
    }
    lb_expsum s = {0, 0};
    for (size_t l = 0; l < L; l++)
        s.ties += (double)ties[l];
    for (size_t h = 0; h < (LB_DOUBLE ? 1 : 2); h++)
        for (size_t l = 0; l < 8; l++)
            s.rest += rest[h][l];
    return s;
}

static lb_expsum LB_FN(k_row_expsum)(size_t c, const real *x, real m,
                                     real *e, const real *next)
{
    return e ? LB_FN(k_expsum_body)(c, x, m, e, true, next)
             : LB_FN(k_expsum_body)(c, x, m, NULL, false, next);
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

static void LB_FN(k_row_scale2)(size_t c, const real *in, double f, real *p,
                                double g, real *dx)
{
    if (p && dx)
        LB_FN(k_scale2_body)(c, in, f, p, g, dx, true, true);
    else if (dx)
        LB_FN(k_scale2_body)(c, in, f, NULL, g, dx, false, true);
    else if (p)
        LB_FN(k_row_scale)(c, in, f, p);
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

/* out = f(a, b) over c elements with the stores of whole aligned vectors
 * streamed (k_stream) when stream is set; b may be NULL for f of one
 * argument. */
static LB_ALWAYS_INLINE void LB_FN(k_map)(size_t c, const real *a,
                                          const real *b, real *out,
                                          bool stream, bool two)
{
    size_t j = 0;
    if (stream)
        for (; j < c && ((uintptr_t)(out + j) & 63) != 0; j++) {
            vec va = LB_FN(k_splat)(a[j]), vb = LB_FN(k_splat)(two ? b[j] : 0);
            vec r = two ? LB_FN(k_relu_grad_lanes)(va, vb)
                        : LB_FN(k_relu_lanes)(va);
            out[j] = r[0];
        }
    for (; j + L <= c; j += L) {
        vec va, vb = {0}, r;
        memcpy(&va, a + j, sizeof va);
        if (two)
            memcpy(&vb, b + j, sizeof vb);
        r = two ? LB_FN(k_relu_grad_lanes)(va, vb) : LB_FN(k_relu_lanes)(va);
        if (stream)
            LB_FN(k_stream)(out + j, r);
        else
            memcpy(out + j, &r, sizeof r);
    }
    if (j < c) {
        vec va = LB_FN(k_load_part)(a + j, c - j, 0);
        vec vb = LB_FN(k_load_part)(two ? b + j : a + j, c - j, 0);
        vec r = two ? LB_FN(k_relu_grad_lanes)(va, vb) : LB_FN(k_relu_lanes)(va);
        memcpy(out + j, &r, (c - j) * sizeof(real));
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
    k->LB_FN(relu_fwd) = LB_FN(k_relu_fwd);
    k->LB_FN(relu_bwd) = LB_FN(k_relu_bwd);
    k->LB_FN(col_acc) = LB_FN(k_col_acc);
}

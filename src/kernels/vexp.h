/*
 * vexp.h - exp for the row kernels on 64-byte vectors (8 doubles, 16
 * floats) in GCC's vector extension: straight-line code, no branch (the
 * special cases are masks and selects), so the same source becomes
 * AVX-512, AVX2 or SSE2 code (AVX-512 by a few intrinsics where GCC's
 * generic form costs instructions: its masks, scalef, the table permute).
 *
 * Why our own rather than glibc's libmvec or SLEEF (measurements in
 * docs/performance.md): libmvec is SIMD only under -ffast-math, leaves the
 * portable build on scalar libm and goes scalar for any vector holding an
 * out-of-range lane (the -inf that pads each row's last vector); SLEEF is
 * one more dependency. Ours is one source for every ISA: the SIMD builds
 * (kernels_tmpl.c, with FMA) give each other's bits, and the portable
 * build (no FMA) is within the same bound.
 *
 * Accuracy, against a long-double reference (tests/test_kernels.c sweeps
 * the whole range through every ISA build): at most LB_EXP_ULP_D (double)
 * and LB_EXP_ULP_S (float) units in the last place, results in the
 * subnormal range counted in units of the smallest subnormal (they are
 * rounded twice); exactly 1 at 0; +inf above the overflow threshold; +0
 * below the underflow threshold and at -inf; NaN for NaN. Measured 0.79
 * (double, the worst in the subnormal range; 0.66 above it) and 0.95
 * (float).
 *
 * Method (Cody and Waite): x = k ln2 + r, ln2 split in two parts so k
 * ln2hi is exact. Double: k a multiple of 1/16, 2^(k - floor(k)) from a
 * table of 16 entries held as two doubles each, |r| <= ln2/32; float: k
 * an integer, |r| <= ln2/2. exp(r) = 1 + (r + r^2 q(r)) with q a polynomial
 * fitted for the least relative error (degree 4 in both: 2^-56 and 2^-28
 * before rounding), the 1 or the table's entry added last so that its
 * rounding is the main error; then 2^floor(k), rounded once (AVX-512's
 * scalef, elsewhere two exact powers of two), so results down in the
 * subnormal range need no branch. lb_exp_neg, for x <= 0 (a logit less
 * its row's max), leaves out the overflow; both return 0 below the
 * underflow threshold without computing a subnormal there.
 */
#ifndef LB_VEXP_H
#define LB_VEXP_H

#include <math.h>
#include <stddef.h>
#include <stdint.h>

/* The bounds the tests hold every build to. Double's stays 1 although 0.79
 * is measured: under valgrind the long-double reference is computed in
 * double, and the sweep then reads 1.0. */
#define LB_EXP_ULP_D 1.0
#define LB_EXP_ULP_S 1.5

/* One AVX-512 register of each type (GCC's vector extension; GCC splits
 * it into two AVX2 or four SSE2 registers on smaller ISAs). Comparisons
 * give masks of all ones, which lb_sel_* uses for a lane-wise select.
 * lb_exp_d and lb_exp_s come from vexp_tmpl.h, one source for both. */
typedef double lb_vd __attribute__((vector_size(64)));
typedef int64_t lb_vdi __attribute__((vector_size(64)));
typedef uint64_t lb_vdu __attribute__((vector_size(64)));
typedef float lb_vs __attribute__((vector_size(64)));
typedef int32_t lb_vsi __attribute__((vector_size(64)));
typedef uint32_t lb_vsu __attribute__((vector_size(64)));


#endif /* LB_VEXP_H */

/*
 * vexp.h - exp for the row kernels on 64-byte vectors (8 doubles, 16
 * floats) in GCC's vector extension: straight-line code, no table, no branch
 * (the special cases are selects at the end), so the same source becomes
 * AVX-512, AVX2 or SSE2 code.
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
 * below the underflow threshold and at -inf; NaN for NaN.
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
#include <stddef.h>
#include <stdint.h>

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

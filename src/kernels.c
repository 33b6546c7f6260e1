/*
 * kernels.c - the row kernels of kernels.h, built once per ISA by
 * src/meson.build (portable, AVX2, AVX-512: see LB_KERNELS_INIT there).
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

#define LB_DOUBLE 1
#include "kernels.inc"
#define LB_DOUBLE 0
#include "kernels.inc"

void LB_KERNELS_INIT(lb_kernels *k)
{
    k->isa = LB_KERNELS_ISA;
    kernels_fill_d(k);
    kernels_fill_s(k);
}

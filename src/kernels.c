/*
 * kernels.c - the row kernels of kernels.h, built once per ISA by
 * src/meson.build (portable, AVX2, AVX-512: see LB_KERNELS_INIT there).
 * Reductions run over LB_LANES independent partial sums combined in a fixed
 * order, which the compiler maps onto vector registers whatever their width,
 * so every build sums in the same order and gives the same bits.
 */
#include "kernels.h"
#include "vexp.h"

#include <stdbool.h>

#if defined(__GNUC__)
#define LB_ALWAYS_INLINE inline __attribute__((always_inline))
#else
#define LB_ALWAYS_INLINE inline
#endif

/* Partial sums per row: two AVX-512 registers of double. */
#define LB_LANES 16

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

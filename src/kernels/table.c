/*
 * table.c - a whole kernel table from one ISA: its double and float builds
 * of kernels_tmpl.c each fill their precision's slots. dispatch.c chooses
 * which ISA; the tests take every one to compare them.
 */
#include "kernels.h"

typedef void (*lb_kernels_fill_fn)(lb_kernels *k);

/* One ISA's double and float builds make a whole table. */
static void lb_kernels_init(lb_kernels *k, const char *isa,
                            lb_kernels_fill_fn fill_d,
                            lb_kernels_fill_fn fill_s)
{
    k->isa = isa;
    fill_d(k);
    fill_s(k);
}

void lb_kernels_init_portable(lb_kernels *k)
{
    lb_kernels_init(k, "portable", lb_kernels_fill_portable_d,
                    lb_kernels_fill_portable_s);
}

#if defined(__x86_64__)
void lb_kernels_init_avx2(lb_kernels *k)
{
    lb_kernels_init(k, "avx2", lb_kernels_fill_avx2_d, lb_kernels_fill_avx2_s);
}

void lb_kernels_init_avx512(lb_kernels *k)
{
    lb_kernels_init(k, "avx512", lb_kernels_fill_avx512_d,
                    lb_kernels_fill_avx512_s);
}
#endif

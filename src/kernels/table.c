/*
 * table.c - a whole kernel table from one ISA: its double and float builds
 * of kernels_tmpl.c and optim_kernels_tmpl.c each fill their precision's
 * slots. dispatch.c chooses which ISA; the tests take every one to
 * compare them.
 */
#include "kernels.h"

typedef void (*lb_kernels_fill_fn)(lb_kernels *k);

/* One ISA's builds make a whole table: the row kernels' and the
 * optimizers', in double and float. */
static void lb_kernels_init(lb_kernels *k, const char *isa,
                            const lb_kernels_fill_fn fill[4])
{
    k->isa = isa;
    for (int i = 0; i < 4; i++)
        fill[i](k);
}

void lb_kernels_init_portable(lb_kernels *k)
{
    lb_kernels_init(k, "portable",
                    (const lb_kernels_fill_fn[4]){
                        lb_kernels_fill_portable_d, lb_kernels_fill_portable_s,
                        lb_optim_fill_portable_d, lb_optim_fill_portable_s});
}

#if defined(__x86_64__)
void lb_kernels_init_avx2(lb_kernels *k)
{
    lb_kernels_init(k, "avx2",
                    (const lb_kernels_fill_fn[4]){
                        lb_kernels_fill_avx2_d, lb_kernels_fill_avx2_s,
                        lb_optim_fill_avx2_d, lb_optim_fill_avx2_s});
}

void lb_kernels_init_avx512(lb_kernels *k)
{
    lb_kernels_init(k, "avx512",
                    (const lb_kernels_fill_fn[4]){
                        lb_kernels_fill_avx512_d, lb_kernels_fill_avx512_s,
                        lb_optim_fill_avx512_d, lb_optim_fill_avx512_s});
}
#endif

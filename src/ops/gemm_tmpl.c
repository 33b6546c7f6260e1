/*
 * gemm_tmpl.c - the GEMM driver of gemm_tmpl.h; built once per precision.
 *
 * A BLAS that threads a GEMM itself splits it by the thread count, and
 * its sums then round differently on 1, 2 or 3 threads. Here the split is
 * a grid of panels of C fixed by M, N and K, each a whole-K product done
 * by one single-threaded call (lb_panel_gemm: libxsmm or the BLAS, held
 * at one thread by lb_blas_serial()), so an element's
 * arithmetic never depends on the threads; the pool only decides who runs
 * which panel.
 *
 * The grid: one panel below LB_GEMM_SPLIT_FLOPS, else two halves. Every
 * panel is a BLAS call that packs its operands again and runs fewer,
 * smaller blocks than one call would: on one thread, OpenBLAS's
 * single-threaded GEMMs of the affine layers' shapes run 3-8 % slower as
 * two panels and 8-25 % slower as four (docs/performance.md, "GEMM
 * panels"), so two it is, which is also what two cores use. The halves
 * split the rows of C when each keeps LB_GEMM_SPLIT_ROWS rows (taller
 * panels are the faster ones), else its columns when each keeps
 * LB_GEMM_MIN_SIDE; boundaries on multiples of LB_GEMM_ALIGN so the
 * BLAS's edge kernels run only at the matrix's own edge.
 */
#include "internal.h"
#include "kernels.h"
#include "pool.h"

#include <cblas.h> /* before precision_begin.h (gemm_tmpl.h) */
#include <string.h>

#define LB_GEMM_SPLIT_FLOPS 4e6
#define LB_GEMM_MIN_SIDE 64
#define LB_GEMM_ALIGN 16

#include "precision_begin.h"
#include "gemm_tmpl.h"
#include "panel_gemm_tmpl.h"

/* Rows each half of a row split keeps at least: below them a half-height
 * panel ran slower than a half-width one (OpenBLAS 0.3.21, SkylakeX
 * kernels: 128-row double panels as fast as 256-row ones; float panels
 * of 128 and 256 rows 3-10 % slower than the column split, of 392 rows
 * 1.5 % faster on average). */
#if LB_DOUBLE
#define LB_GEMM_SPLIT_ROWS 128
#else
#define LB_GEMM_SPLIT_ROWS 384
#endif

typedef struct LB_FN(lb_gemm_call) {
    enum CBLAS_TRANSPOSE ta, tb;
    size_t M, N, K, pm, pn; /* the grid: pm rows by pn columns of panels */
    real alpha, beta;
    const real *A, *B, *bias;
    size_t lda, ldb, ldc;
    real *C;
    const real *relu_y; /* the ReLU backward's mask, or NULL */
    size_t ldr;
    const lb_kernels *kt; /* taken once per call, for relu_y */
} LB_FN(lb_gemm_call);

/* Where part i of `parts` of d begins. */
static size_t LB_FN(gemm_bound)(size_t d, size_t parts, size_t i)
{
    return i == parts ? d : d * i / parts / LB_GEMM_ALIGN * LB_GEMM_ALIGN;
}

/* The grid of C [M x N] for a product over K: pm rows by pn columns of
 * panels, from the shape alone. */
static void LB_FN(gemm_grid)(size_t M, size_t N, size_t K, size_t *pm,
                             size_t *pn)
{
    *pm = *pn = 1;
    if (2.0 * (double)M * (double)N * (double)K < LB_GEMM_SPLIT_FLOPS)
        return;
    if (M >= 2 * LB_GEMM_SPLIT_ROWS)
        *pm = 2;
    else if (N >= 2 * LB_GEMM_MIN_SIDE)
        *pn = 2;
}

static void LB_FN(gemm_panel)(void *arg, size_t t)
{
    const LB_FN(lb_gemm_call) *g = arg;
    size_t a = t / g->pn, b = t % g->pn;
    size_t i0 = LB_FN(gemm_bound)(g->M, g->pm, a);
    size_t i1 = LB_FN(gemm_bound)(g->M, g->pm, a + 1);
    size_t j0 = LB_FN(gemm_bound)(g->N, g->pn, b);
    size_t j1 = LB_FN(gemm_bound)(g->N, g->pn, b + 1);
    const real *A = g->A + (g->ta == CblasNoTrans ? i0 * g->lda : i0);
    const real *B = g->B + (g->tb == CblasNoTrans ? j0 : j0 * g->ldb);
    real *C = g->C + i0 * g->ldc + j0;
    real beta = g->beta;
    if (g->bias) {
        for (size_t i = i0; i < i1; i++)
            memcpy(C + (i - i0) * g->ldc, g->bias + j0,
                   (j1 - j0) * sizeof(real));
        beta = 1;
    }
    LB_FN(lb_panel_gemm)(g->ta, g->tb, i1 - i0, j1 - j0, g->K, g->alpha, A,
                         g->lda, B, g->ldb, beta, C, g->ldc);
    for (size_t i = i0; g->relu_y && i < i1; i++) {
        real *c = C + (i - i0) * g->ldc;
        g->kt->LB_FN(relu_bwd)(j1 - j0, g->relu_y + i * g->ldr + j0, c, c,
                               false);
    }
}

void LB_FN(lb_gemm)(enum CBLAS_TRANSPOSE ta, enum CBLAS_TRANSPOSE tb,
                    size_t M, size_t N, size_t K, real alpha, const real *A,
                    size_t lda, const real *B, size_t ldb, const real *bias,
                    real beta, real *C, size_t ldc, const real *relu_y,
                    size_t ldr)
{
    LB_FN(lb_gemm_call) g = {ta, tb, M, N, K, 1, 1, alpha, beta, A, B, bias,
                             lda, ldb, ldc, C, relu_y, ldr,
                             relu_y ? lb_kernels_get() : NULL};
    LB_FN(gemm_grid)(M, N, K, &g.pm, &g.pn);
    size_t panels = g.pm * g.pn;
    size_t threads = (size_t)lb_get_num_threads();
    if (threads > panels)
        threads = panels;
    lb_trace_threads(threads);
    lb_blas_serial();
    lb_pool_run(panels, threads, LB_FN(gemm_panel), &g);
}

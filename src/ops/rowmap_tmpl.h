/*
 * rowmap.inc - one row function applied to every row of up to three
 * matrices, the rows split over threads (parallel.h); for one precision,
 * included after precision_begin.h by the kernels that map rows
 * independently (ReLU, softmax). Rows never share a sum here, so any split
 * gives the same bits.
 */

/* out row = f(a row, b row); b may be NULL. a_next is the row of a that
 * comes next in this thread (a itself at the end), for f to prefetch. */
typedef void (*LB_FN(lb_row_fn))(size_t c, const real *a, const real *b,
                                 real *out, const real *a_next);

typedef struct LB_FN(lb_rowmap) {
    LB_FN(lb_row_fn) f;
    size_t n, c;
    const real *a, *b;
    real *out;
    size_t lda, ldb, ldo;
} LB_FN(lb_rowmap);

static void LB_FN(rowmap_range)(void *ctx, size_t begin, size_t end)
{
    const LB_FN(lb_rowmap) *r = ctx;
    size_t k = lb_chunk_count(r->n);
    size_t i1 = lb_chunk_row(r->n, k, end);
    for (size_t i = lb_chunk_row(r->n, k, begin); i < i1; i++) {
        const real *a = r->a + i * r->lda;
        r->f(r->c, a, r->b ? r->b + i * r->ldb : NULL, r->out + i * r->ldo,
             i + 1 < i1 ? a + r->lda : a);
    }
}

/* Runs f over the n rows; the arguments were checked by the caller. */
static void LB_FN(rowmap)(LB_FN(lb_row_fn) f, size_t n, size_t c,
                          const real *a, size_t lda, const real *b,
                          size_t ldb, real *out, size_t ldo)
{
    LB_FN(lb_rowmap) r = {f, n, c, a, b, out, lda, ldb, ldo};
    size_t work = n * c * (b ? 3 : 2);
    lb_parallel(lb_chunk_count(n), work, LB_FN(rowmap_range), &r);
}

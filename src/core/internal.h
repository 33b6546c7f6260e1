/*
 * internal.h - what every source of layerblas shares and nothing outside
 * it sees: the argument checks of the public contract (sizes, leading
 * dimensions, aliasing) in one place, so every kernel enforces them alike.
 */
#ifndef LB_INTERNAL_H
#define LB_INTERNAL_H

#include "layerblas.h"
#include "verbose.h"

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The BLAS takes sizes and leading dimensions as 32-bit ints. */
#define LB_MAX_DIM ((size_t)INT_MAX)

/* Holds the BLAS's own threads at one (runtime.c): layerblas threads its
 * GEMMs itself. */
void lb_blas_serial(void);

/* Returns from the calling function when a check fails. */
#define LB_TRY(expr)                                                         \
    do {                                                                     \
        lb_status lb_try_status_ = (expr);                                   \
        if (lb_try_status_ != LB_OK)                                         \
            return lb_try_status_;                                           \
    } while (0)

/* A matrix argument as a byte range, for the aliasing checks. */
typedef struct lb_region {
    uintptr_t begin, end; /* [begin, end); empty when begin == end */
    size_t ld;            /* leading dimension, to tell "same view" */
} lb_region;

/* Checks the shape of a [rows x cols] matrix: sizes the BLAS can take
 * (rows may be 0), ld, and that its byte extent fits in the address space. */
static inline lb_status lb_check_shape(size_t rows, size_t cols, size_t ld,
                                       size_t esize)
{
    if (cols == 0 || rows > LB_MAX_DIM || cols > LB_MAX_DIM)
        return LB_ERR_SIZE;
    if (ld < cols)
        return LB_ERR_LD;
    if (ld > LB_MAX_DIM)
        return LB_ERR_SIZE;
    if (rows > 1 && rows - 1 > (PTRDIFF_MAX / esize - cols) / ld)
        return LB_ERR_SIZE;
    return LB_OK;
}

/* Checks one [rows x cols] matrix, rows >= 1: pointer, then its shape. */
static inline lb_status lb_check_mat(const void *p, size_t rows, size_t cols,
                                     size_t ld, size_t esize)
{
    if (!p)
        return LB_ERR_NULL;
    if (rows == 0)
        return LB_ERR_SIZE;
    return lb_check_shape(rows, cols, ld, esize);
}

/* Checks a matrix of n batch rows: as lb_check_mat(), but an empty batch
 * (n = 0) is valid, and then nothing of p is read and p may be NULL. */
static inline lb_status lb_check_rows(const void *p, size_t n, size_t cols,
                                      size_t ld, size_t esize)
{
    if (!p && n > 0)
        return LB_ERR_NULL;
    return lb_check_shape(n, cols, ld, esize);
}

/* Checks that a*b elements of esize bytes make an object that pointer
 * differences can span, as lb_check_mat demands of every matrix: the
 * largest block a layer object may allocate. */
static inline lb_status lb_check_elems(size_t a, size_t b, size_t esize)
{
    return a > (size_t)PTRDIFF_MAX / esize / b ? LB_ERR_SIZE : LB_OK;
}

/* Checks the sizes of a call before its pointers: 0 and > INT_MAX fail. */
static inline lb_status lb_check_dim(size_t d)
{
    return (d == 0 || d > LB_MAX_DIM) ? LB_ERR_SIZE : LB_OK;
}

/* The arguments every create shares: where the new object goes (out) and
 * its two sizes. */
static inline lb_status lb_check_create(const void *out, size_t a, size_t b)
{
    if (!out)
        return LB_ERR_NULL;
    LB_TRY(lb_check_dim(a));
    return lb_check_dim(b);
}

/* The same for a batch size, which may be 0 (an empty batch). */
static inline lb_status lb_check_batch(size_t n)
{
    return n > LB_MAX_DIM ? LB_ERR_SIZE : LB_OK;
}

/* The bytes a checked matrix spans; an empty region for NULL or no rows. */
static inline lb_region lb_mat_region(const void *p, size_t rows, size_t cols,
                                      size_t ld, size_t esize)
{
    lb_region r = {(uintptr_t)p, (uintptr_t)p, ld};
    if (p && rows > 0)
        r.end = r.begin + ((rows - 1) * ld + cols) * esize;
    return r;
}

static inline bool lb_overlap(lb_region a, lb_region b)
{
    return a.begin < a.end && b.begin < b.end && a.begin < b.end &&
           b.begin < a.end;
}

/* Overlap is fine only as the very same view (an in-place call). */
static inline bool lb_bad_inplace(lb_region out, lb_region in)
{
    bool same = out.begin == in.begin && out.end == in.end && out.ld == in.ld;
    return lb_overlap(out, in) && !same;
}

/* A vector of n elements as a region (its leading dimension is n). */
static inline lb_region lb_vec_region(const void *p, size_t n, size_t esize)
{
    return lb_mat_region(p, 1, n, n, esize);
}

/* Outputs must not overlap each other nor any input (NULL entries are
 * empty regions); for outputs that may be their input, see
 * lb_bad_inplace(). */
static inline lb_status lb_check_disjoint(const lb_region *out, size_t nout,
                                          const lb_region *in, size_t nin)
{
    for (size_t a = 0; a < nout; a++) {
        for (size_t b = a + 1; b < nout; b++)
            if (lb_overlap(out[a], out[b]))
                return LB_ERR_ALIAS;
        for (size_t b = 0; b < nin; b++)
            if (lb_overlap(out[a], in[b]))
                return LB_ERR_ALIAS;
    }
    return LB_OK;
}

/* The options with NULL meaning the defaults, checked. */
static inline lb_status lb_xent_resolve(const lb_xent_opts *opts,
                                        lb_xent_opts *out)
{
    static const lb_xent_opts defaults = {.reduction = LB_REDUCE_MEAN};
    *out = opts ? *opts : defaults;
    if (out->reduction != LB_REDUCE_MEAN && out->reduction != LB_REDUCE_SUM &&
        out->reduction != LB_REDUCE_NONE)
        return LB_ERR_ARG;
    if (out->ignore != LB_IGNORE_NONE && out->ignore != LB_IGNORE_INDEX)
        return LB_ERR_ARG;
    if (out->inf_rows != LB_INF_ROWS_NAN && out->inf_rows != LB_INF_ROWS_ZERO)
        return LB_ERR_ARG;
    /* Written so that NaN fails too. */
    if (!(out->label_smoothing >= 0 && out->label_smoothing <= 1))
        return LB_ERR_ARG;
    return LB_OK;
}

/* Checks the n labels before any output is written: each in [0, c),
 * except that with o's LB_IGNORE_INDEX (o may be NULL) the ignore_index may
 * be any value; NULL only for n = 0. */
static inline lb_status lb_check_labels(size_t n, size_t c,
                                        const int32_t *labels,
                                        const lb_xent_opts *o)
{
    if (!labels && n > 0)
        return LB_ERR_NULL;
    bool ignore = o && o->ignore == LB_IGNORE_INDEX;
    for (size_t i = 0; i < n; i++) {
        if (ignore && labels[i] == o->ignore_index)
            continue;
        if (labels[i] < 0 || (size_t)labels[i] >= c)
            return LB_ERR_LABEL;
    }
    return LB_OK;
}

/* The labels as a region. They are checked before any output is written,
 * and read again while the outputs are written, so every output must be
 * disjoint from them, or a write could turn a checked label into an
 * out-of-range index. */
static inline lb_region lb_labels_region(const int32_t *labels, size_t n)
{
    return lb_vec_region(labels, n, sizeof *labels);
}

/* The loss output: n values with LB_REDUCE_NONE, else 1. */
static inline lb_region lb_loss_region(const void *loss, lb_reduction r,
                                       size_t n, size_t esize)
{
    return lb_vec_region(loss, r == LB_REDUCE_NONE ? n : 1, esize);
}

/* Class weights given only for the other precision (dbl: the caller is
 * the double version) would be silently dropped: an error. */
static inline lb_status lb_xent_check_weights(const lb_xent_opts *o, bool dbl)
{
    const void *mine = dbl ? (const void *)o->weights_d
                           : (const void *)o->weights_s;
    const void *other = dbl ? (const void *)o->weights_s
                            : (const void *)o->weights_d;
    return !mine && other ? LB_ERR_ARG : LB_OK;
}

/* The factor turning a sum over rows into the reported loss: 1, or for the
 * mean 1 / den, den the rows counted (or their weights); a mean over
 * nothing is 0/0 = NaN, as in PyTorch. */
static inline double lb_reduction_scale(lb_reduction r, double den)
{
    return r == LB_REDUCE_MEAN ? 1.0 / den : 1.0;
}

#endif /* LB_INTERNAL_H */

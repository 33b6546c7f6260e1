/*
 * kernels.h - the table of row kernels behind softmax, cross-entropy, ReLU,
 * the bias gradient and the optimizers, filled once by CPU features
 * (dispatch.c) from kernels_tmpl.c and optim_kernels_tmpl.c built for each
 * ISA and precision. Every variant is the same C source: the
 * AVX2 and AVX-512 builds (both with FMA) give bitwise the same results,
 * the portable build (no FMA) the same except for exp's last bit (vexp.h).
 */
#ifndef LB_KERNELS_H
#define LB_KERNELS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A row's exp-sum split as rowwise_tmpl.h explains: entries equal to the max
 * (ties, each exactly 1) and the rest. */
typedef struct lb_expsum {
    double ties, rest;
} lb_expsum;

/* What the cross-row kernel (rows_softmax_xent) gives of its rows, row r
 * in lane r of each array (written a vector at a time). */
typedef struct lb_rowstats {
    _Alignas(64) double m[16]; /* the max, NaN ignored (as row_max) */
    double ties[16], rest[16]; /* the exp-sum (as row_expsum) */
    double lse[16]; /* log1p((ties - 1) + rest): the log of the exp-sum */
    double nll[16]; /* lse - (x_t - m): the loss against label t (0 without) */
} lb_rowstats;

/* An optimizer step's constants, rounded to the parameters' precision by
 * the kernel (optim_tmpl.c computes them from lb_optim_opts). */
typedef struct lb_sgd_step {
    double lr, wd, mom, keep; /* keep: 1 - dampening */
    bool nesterov, first;     /* first: t == 1 (the buffer starts at d) */
} lb_sgd_step;

typedef struct lb_adam_step {
    double b1, c1, b2, c2;    /* beta1, 1 - beta1, beta2, 1 - beta2 */
    double step, sbc2, eps;   /* lr / (1 - beta1^t), sqrt(1 - beta2^t) */
    double l2, decay;         /* Adam's L2 term; AdamW's 1 - lr wd */
} lb_adam_step;

/* The longest rows rows_softmax_xent takes, one row per lane. */
#define LB_TILE_COLS 128
/* Softmax-with-loss gives it rows up to this long: above it the row
 * kernels (two rows at a time) are faster (docs/performance.md). */
#define LB_TILE_USE_COLS 48

#define LB_KERNEL_SLOTS(real, sfx)                                           \
    /* max_j x_j, NaN ignored */                                             \
    real (*row_max_##sfx)(size_t c, const real *x);                          \
    /* e_j = exp(x_j - m) for m >= every x_j (the row's max; e may be   \
     * NULL) and their sum; next: a row to fetch into cache meanwhile (x  \
     * itself when none), next_e: one to fetch for writing (NULL: none; \
     * its stores would wait on memory otherwise) */                         \
    lb_expsum (*row_expsum_##sfx)(size_t c, const real *x, real m, real *e,  \
                                  const real *next, real *next_e);           \
    /* out_j = in_j * f, rounded once (out may be in) */                     \
    void (*row_scale_##sfx)(size_t c, const real *in, double f, real *out);  \
    /* p_j = in_j * f and dx_j = p_j * g, each rounded once (float with  \
     * FMA: within 2^-47 of that, kernels_tmpl.c), in one pass (softmax's \
     * normalisation fused with the gradient's scaling); p or dx may be   \
     * NULL, either may be in */                                             \
    void (*row_scale2_##sfx)(size_t c, const real *in, double f, real *p,   \
                             double g, real *dx);                            \
    /* Softmax-with-loss of nr <= 64 / sizeof(real) rows of              \
     * c <= LB_TILE_COLS at x (leading dimension ldx), one row per vector  \
     * lane: each row's max, exp-sum, log-sum-exp and loss against its     \
     * label t[r] (when t != NULL and t[r] < c) into lane r of st;        \
     * p = e / total and dx = p g rounded as row_scale2 does (either may  \
     * be NULL), and at the label dx_t = g (0 - (1 - p_t)) with 1 - p_t   \
     * from the exp-sum (xent_target_tmpl.h, a plain target). The exps are \
     * bitwise row_expsum's. */                                            \
    void (*rows_softmax_xent_##sfx)(size_t nr, size_t c, const real *x,     \
                                    size_t ldx, const int32_t *t, double g, \
                                    real *p, size_t ldp, real *dx,          \
                                    size_t lddx, lb_rowstats *st);           \
    /* dx = y (dy - sum_j dy_j y_j) (softmax), or with log:               \
     * dx = dy - exp(y) sum_j dy_j (log-softmax), the sum in double over   \
     * fixed lanes and each output rounded once (dx may be dy) */          \
    void (*softmax_bwd_##sfx)(size_t c, const real *y, const real *dy,     \
                              real *dx, bool log);                         \
    /* y_j = (x_j - m) - lse in double, rounded once (y may be x) */      \
    void (*row_shift_##sfx)(size_t c, const real *x, double m, double lse,  \
                            real *y);                                        \
    /* One SGD or Adam step over n parameters (state as lb_optim_step) */   \
    void (*sgd_##sfx)(size_t n, real *p, const real *g, real *b,            \
                      const lb_sgd_step *o);                                 \
    void (*adam_##sfx)(size_t n, real *p, const real *g, real *m, real *v,  \
                       const lb_adam_step *o);                               \
    /* y = max(x, 0), NaN kept (y may be x); stream: bypass the cache for \
     * y (outputs far larger than it) */                                     \
    void (*relu_fwd_##sfx)(size_t c, const real *x, real *y, bool stream);  \
    /* dx = y > 0 ? dy : 0, NaN in y kept (dx may be dy); stream as above */ \
    void (*relu_bwd_##sfx)(size_t c, const real *y, const real *dy,          \
                           real *dx, bool stream);                           \
    /* acc_j += row_j */                                                     \
    void (*col_acc_##sfx)(size_t c, const real *row, double *acc);

typedef struct lb_kernels {
    const char *isa;
    LB_KERNEL_SLOTS(double, d)
    LB_KERNEL_SLOTS(float, s)
} lb_kernels;

/* The table for this CPU (or the portable one under LB_FORCE_PORTABLE=1,
 * at most AVX2 under LB_FORCE_AVX2=1). */
const lb_kernels *lb_kernels_get(void);

/* Each ISA's build of kernels_tmpl.c fills the slots of its precision. */
void lb_kernels_fill_portable_d(lb_kernels *k);
void lb_kernels_fill_portable_s(lb_kernels *k);
void lb_kernels_fill_avx2_d(lb_kernels *k);
void lb_kernels_fill_avx2_s(lb_kernels *k);
void lb_kernels_fill_avx512_d(lb_kernels *k);
void lb_kernels_fill_avx512_s(lb_kernels *k);

/* Each ISA's build of optim_kernels_tmpl.c fills its precision's
 * optimizer slots (sgd, adam). */
void lb_optim_fill_portable_d(lb_kernels *k);
void lb_optim_fill_portable_s(lb_kernels *k);
void lb_optim_fill_avx2_d(lb_kernels *k);
void lb_optim_fill_avx2_s(lb_kernels *k);
void lb_optim_fill_avx512_d(lb_kernels *k);
void lb_optim_fill_avx512_s(lb_kernels *k);

/* Every slot of the table from one ISA's builds (table.c). */
void lb_kernels_init_portable(lb_kernels *k);
void lb_kernels_init_avx2(lb_kernels *k);
void lb_kernels_init_avx512(lb_kernels *k);

#endif /* LB_KERNELS_H */

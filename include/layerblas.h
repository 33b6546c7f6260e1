/*
 * layerblas.h - the one public header of layerblas: neural-network layer
 * primitives (affine, ReLU, softmax, cross-entropy, fused softmax-with-loss)
 * on top of a CBLAS, in float64 (`_d`) and float32 (`_s`).
 *
 * A two-layer step with the kernels (all buffers are the caller's):
 *
 *     // X [n x k] -> H = relu(X.W1 + b1) [n x h] -> Z = H.W2 + b2 [n x c]
 *     lb_affine_forward_d(n, k, h, X, k, W1, h, b1, H, h);
 *     lb_relu_forward_d(n, h, H, h, H, h);                  // in place
 *     lb_affine_forward_d(n, h, c, H, h, W2, c, b2, Z, c);
 *     double loss;
 *     lb_softmax_xent_labels_forward_d(n, c, Z, c, labels, NULL,
 *                                      &loss, NULL, 0, dZ, c); // loss + dZ
 *     lb_affine_backward_d(n, h, c, H, h, W2, c, dZ, c,
 *                          dH, h, dW2, c, db2, 0.0);
 *     lb_relu_backward_d(n, h, H, h, dH, h, dH, h);         // in place
 *     lb_affine_backward_d(n, k, h, X, k, W1, h, dH, h,
 *                          NULL, 0, dW1, h, db1, 0.0);
 *
 * Conventions shared by every function:
 *  - Matrices are row-major. A matrix argument `A` with `rows x cols` comes
 *    with a leading dimension `lda >= cols`: element (i, j) is A[i*lda + j].
 *    Padding between rows is never read nor written.
 *  - Every call returns an lb_status. On any status other than LB_OK no
 *    output buffer has been written.
 *  - Sizes of 0 are rejected with LB_ERR_SIZE (an empty batch is almost
 *    always a caller bug); sizes and leading dimensions above INT_MAX are
 *    rejected with LB_ERR_SIZE because the BLAS takes 32-bit integers.
 *  - Aliasing: an output may be the very same buffer as an input only where
 *    a function says so ("in place allowed", same pointer and same leading
 *    dimension); any other overlap between an output and another argument
 *    (matrices, vectors, labels, the loss) is rejected with LB_ERR_ALIAS.
 *  - Kernels never allocate. The only mutable global state is the thread
 *    count of lb_set_num_threads(); every kernel may be called from several
 *    threads at once on separate outputs.
 *  - Non-finite values: NaN in any input (logits, targets, weights,
 *    gradients) gives NaN in every output that depends on it (rows of a
 *    softmax, the loss, rows and columns of a GEMM) and nowhere else; no
 *    kernel returns an error for them. A row of logits holding +inf gives a
 *    NaN row (inf - inf is undefined); a row of only -inf gives a NaN row;
 *    -inf elsewhere has probability exactly 0, and -inf on the target class
 *    gives a loss of +inf. lb_check_finite_d() is the optional check mode:
 *    it reports LB_ERR_NONFINITE instead.
 *  - ReLU'(0) = 0.
 */
#ifndef LAYERBLAS_H
#define LAYERBLAS_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(LB_BUILDING_LIBRARY) && defined(__GNUC__)
#define LB_API __attribute__((visibility("default")))
#else
#define LB_API
#endif

/* ------------------------------------------------------------------------ */
/* Status                                                                    */
/* ------------------------------------------------------------------------ */

/** Result of every call. */
typedef enum lb_status {
    LB_OK = 0,              /**< success */
    LB_ERR_NULL,            /**< a required pointer is NULL */
    LB_ERR_SIZE,            /**< a size is 0, or too large for the BLAS */
    LB_ERR_LD,              /**< a leading dimension is smaller than its row */
    LB_ERR_LABEL,           /**< a class label is outside [0, C) */
    LB_ERR_ALIAS,           /**< an output overlaps an input it may not */
    LB_ERR_ARG,             /**< an option or enum value is invalid */
    LB_ERR_NO_MEMORY,       /**< an allocation failed (layer objects only) */
    LB_ERR_NONFINITE,       /**< a non-finite value where a check asked for none */
    LB_ERR_IO,              /**< a file could not be opened, read or written */
    LB_ERR_FORMAT,          /**< a file is truncated, foreign or inconsistent */
    LB_ERR_UNSUPPORTED      /**< valid request this build cannot serve */
} lb_status;

/** A sentence describing `status`; never NULL, also for unknown values. */
LB_API const char *lb_status_string(lb_status status);

/* ------------------------------------------------------------------------ */
/* Affine: Y = X.W + b                                                        */
/* ------------------------------------------------------------------------ */

/**
 * Affine forward, Y = X.W + b, one GEMM with the bias folded in (Y is
 * pre-filled with b and the GEMM accumulates with beta = 1).
 * X: [n x k], ldx >= k.  W: [k x m], ldw >= m.  b: [m] or NULL (no bias).
 * Y: [n x m], ldy >= m; must not overlap X, W or b.
 * @return LB_OK, LB_ERR_NULL, LB_ERR_SIZE, LB_ERR_LD, LB_ERR_ALIAS.
 */
LB_API lb_status lb_affine_forward_d(size_t n, size_t k, size_t m,
                                     const double *X, size_t ldx,
                                     const double *W, size_t ldw,
                                     const double *b, double *Y, size_t ldy);
/** Float version of lb_affine_forward_d(). */
LB_API lb_status lb_affine_forward_s(size_t n, size_t k, size_t m,
                                     const float *X, size_t ldx,
                                     const float *W, size_t ldw,
                                     const float *b, float *Y, size_t ldy);

/**
 * Affine backward, for Y = X.W + b with upstream gradient dY:
 *   dX = dY.W^T                (overwritten)
 *   dW = X^T.dY + beta*dW      (beta = 0 overwrites, 1 accumulates)
 *   db = colsum(dY) + beta*db
 * Each of dX, dW, db may be NULL to skip it (not all three). With
 * beta == 0 the old contents of dW and db are never read (NaN there is fine).
 * X is only read for dW and W only for dX: each may be NULL when the
 * output that needs it is NULL.
 * X: [n x k], W: [k x m],
 * dY: [n x m], dX: [n x k], dW: [k x m], db: [m]. Outputs must not overlap
 * each other or any input.
 * db is summed in double, rows in order, so it is bitwise reproducible.
 * @return LB_OK, LB_ERR_NULL, LB_ERR_SIZE, LB_ERR_LD, LB_ERR_ALIAS.
 */
LB_API lb_status lb_affine_backward_d(size_t n, size_t k, size_t m,
                                      const double *X, size_t ldx,
                                      const double *W, size_t ldw,
                                      const double *dY, size_t lddy,
                                      double *dX, size_t lddx,
                                      double *dW, size_t lddw,
                                      double *db, double beta);
/** Float version of lb_affine_backward_d(). */
LB_API lb_status lb_affine_backward_s(size_t n, size_t k, size_t m,
                                      const float *X, size_t ldx,
                                      const float *W, size_t ldw,
                                      const float *dY, size_t lddy,
                                      float *dX, size_t lddx,
                                      float *dW, size_t lddw,
                                      float *db, float beta);

/* ------------------------------------------------------------------------ */
/* ReLU                                                                      */
/* ------------------------------------------------------------------------ */

/**
 * ReLU forward, Y = max(X, 0); NaN stays NaN. X, Y: [n x m].
 * In place allowed (Y == X, ldy == ldx).
 * @return LB_OK, LB_ERR_NULL, LB_ERR_SIZE, LB_ERR_LD, LB_ERR_ALIAS.
 */
LB_API lb_status lb_relu_forward_d(size_t n, size_t m, const double *X,
                                   size_t ldx, double *Y, size_t ldy);
/** Float version of lb_relu_forward_d(). */
LB_API lb_status lb_relu_forward_s(size_t n, size_t m, const float *X,
                                   size_t ldx, float *Y, size_t ldy);

/**
 * ReLU backward from the forward's output Y (Y > 0 is the mask; no extra
 * buffer): dX = dY where Y > 0, 0 where Y <= 0 (so ReLU'(0) = 0), NaN where
 * Y is NaN. dY is only read; in place allowed (dX == dY, lddx == lddy).
 * Y, dY, dX: [n x m].
 * @return LB_OK, LB_ERR_NULL, LB_ERR_SIZE, LB_ERR_LD, LB_ERR_ALIAS.
 */
LB_API lb_status lb_relu_backward_d(size_t n, size_t m, const double *Y,
                                    size_t ldy, const double *dY, size_t lddy,
                                    double *dX, size_t lddx);
/** Float version of lb_relu_backward_d(). */
LB_API lb_status lb_relu_backward_s(size_t n, size_t m, const float *Y,
                                    size_t ldy, const float *dY, size_t lddy,
                                    float *dX, size_t lddx);

/* ------------------------------------------------------------------------ */
/* Softmax and log-softmax, row by row                                        */
/* ------------------------------------------------------------------------ */

/**
 * Row-wise softmax, Y[i,:] = exp(X[i,:] - max_i) / sum_j exp(X[i,j] - max_i).
 * X, Y: [n x c]. In place allowed (Y == X, ldy == ldx).
 * @return LB_OK, LB_ERR_NULL, LB_ERR_SIZE, LB_ERR_LD, LB_ERR_ALIAS.
 */
LB_API lb_status lb_softmax_forward_d(size_t n, size_t c, const double *X,
                                      size_t ldx, double *Y, size_t ldy);
/** Float version of lb_softmax_forward_d(). */
LB_API lb_status lb_softmax_forward_s(size_t n, size_t c, const float *X,
                                      size_t ldx, float *Y, size_t ldy);

/**
 * Softmax backward from the forward's output Y:
 * dX[i,j] = Y[i,j] * (dY[i,j] - sum_l dY[i,l] Y[i,l]).
 * In place allowed (dX == dY, lddx == lddy). Y, dY, dX: [n x c].
 * @return LB_OK, LB_ERR_NULL, LB_ERR_SIZE, LB_ERR_LD, LB_ERR_ALIAS.
 */
LB_API lb_status lb_softmax_backward_d(size_t n, size_t c, const double *Y,
                                       size_t ldy, const double *dY,
                                       size_t lddy, double *dX, size_t lddx);
/** Float version of lb_softmax_backward_d(). */
LB_API lb_status lb_softmax_backward_s(size_t n, size_t c, const float *Y,
                                       size_t ldy, const float *dY,
                                       size_t lddy, float *dX, size_t lddx);

/**
 * Row-wise log-softmax, Y[i,j] = X[i,j] - max_i - log(sum_l exp(X[i,l] - max_i)).
 * X, Y: [n x c]. In place allowed (Y == X, ldy == ldx).
 * @return LB_OK, LB_ERR_NULL, LB_ERR_SIZE, LB_ERR_LD, LB_ERR_ALIAS.
 */
LB_API lb_status lb_log_softmax_forward_d(size_t n, size_t c, const double *X,
                                          size_t ldx, double *Y, size_t ldy);
/** Float version of lb_log_softmax_forward_d(). */
LB_API lb_status lb_log_softmax_forward_s(size_t n, size_t c, const float *X,
                                          size_t ldx, float *Y, size_t ldy);

/**
 * Log-softmax backward from the forward's output Y:
 * dX[i,j] = dY[i,j] - exp(Y[i,j]) * sum_l dY[i,l].
 * In place allowed (dX == dY, lddx == lddy). Y, dY, dX: [n x c].
 * @return LB_OK, LB_ERR_NULL, LB_ERR_SIZE, LB_ERR_LD, LB_ERR_ALIAS.
 */
LB_API lb_status lb_log_softmax_backward_d(size_t n, size_t c,
                                           const double *Y, size_t ldy,
                                           const double *dY, size_t lddy,
                                           double *dX, size_t lddx);
/** Float version of lb_log_softmax_backward_d(). */
LB_API lb_status lb_log_softmax_backward_s(size_t n, size_t c,
                                           const float *Y, size_t ldy,
                                           const float *dY, size_t lddy,
                                           float *dX, size_t lddx);

/* ------------------------------------------------------------------------ */
/* Cross-entropy and the fused softmax-with-loss                              */
/* ------------------------------------------------------------------------ */

/** How per-row losses become the reported loss. */
typedef enum lb_reduction {
    LB_REDUCE_MEAN = 0,     /**< one number: sum over rows / n */
    LB_REDUCE_SUM,          /**< one number: sum over rows */
    LB_REDUCE_NONE          /**< n numbers: the loss of each row */
} lb_reduction;

/**
 * Options of the cross-entropy functions. A zero-initialised struct (or a
 * NULL pointer where one is taken) means the defaults: mean reduction.
 */
typedef struct lb_xent_opts {
    lb_reduction reduction; /**< LB_REDUCE_MEAN (default), _SUM or _NONE */
} lb_xent_opts;

/**
 * Cross-entropy of probabilities against integer labels:
 * loss_i = -log(P[i, labels[i]]), exact (no epsilon: P = 0 gives +inf).
 * P: [n x c], labels: [n] in [0, c). loss: 1 value, or n with
 * LB_REDUCE_NONE; must not overlap P or labels. Sums are taken in double,
 * rows in order. A label whose probability is 0 gives a loss of +inf.
 * @return LB_OK, LB_ERR_NULL, LB_ERR_SIZE, LB_ERR_LD, LB_ERR_LABEL,
 *         LB_ERR_ALIAS, LB_ERR_ARG.
 */
LB_API lb_status lb_cross_entropy_labels_forward_d(size_t n, size_t c,
                                                   const double *P, size_t ldp,
                                                   const int32_t *labels,
                                                   const lb_xent_opts *opts,
                                                   double *loss);
/** Float version of lb_cross_entropy_labels_forward_d(). */
LB_API lb_status lb_cross_entropy_labels_forward_s(size_t n, size_t c,
                                                   const float *P, size_t ldp,
                                                   const int32_t *labels,
                                                   const lb_xent_opts *opts,
                                                   float *loss);

/**
 * Cross-entropy of probabilities against target distributions (one-hot or
 * soft): loss_i = -sum_j T[i,j] log P[i,j], where a term with T[i,j] == 0
 * counts 0 whatever P[i,j] is. P, T: [n x c]; loss as in
 * lb_cross_entropy_labels_forward_d(), must not overlap P or T.
 * @return LB_OK, LB_ERR_NULL, LB_ERR_SIZE, LB_ERR_LD, LB_ERR_ALIAS,
 *         LB_ERR_ARG.
 */
LB_API lb_status lb_cross_entropy_probs_forward_d(size_t n, size_t c,
                                                  const double *P, size_t ldp,
                                                  const double *T, size_t ldt,
                                                  const lb_xent_opts *opts,
                                                  double *loss);
/** Float version of lb_cross_entropy_probs_forward_d(). */
LB_API lb_status lb_cross_entropy_probs_forward_s(size_t n, size_t c,
                                                  const float *P, size_t ldp,
                                                  const float *T, size_t ldt,
                                                  const lb_xent_opts *opts,
                                                  float *loss);

/**
 * Fused softmax + cross-entropy against integer labels, from the logits X
 * [n x c], in one pass per row:
 *   loss_i = log(sum_j exp(X[i,j] - max_i)) - (X[i,labels[i]] - max_i)
 * (log-sum-exp: exact, no epsilon; log1p keeps the loss of a confident,
 * correct row accurate instead of rounding it to 0).
 * Outputs, each optional (NULL skips it) but not all:
 *   loss: 1 value, or n values with LB_REDUCE_NONE;
 *   P [n x c]: the probabilities softmax(X);
 *   dX [n x c]: the gradient of the reported loss, (P - onehot) / n for the
 *   mean, P - onehot for the sum and for each row of NONE.
 * P, dX and loss may not overlap X, labels or each other.
 * @return LB_OK, LB_ERR_NULL, LB_ERR_SIZE, LB_ERR_LD, LB_ERR_LABEL,
 *         LB_ERR_ALIAS, LB_ERR_ARG.
 */
LB_API lb_status lb_softmax_xent_labels_forward_d(size_t n, size_t c,
                                                  const double *X, size_t ldx,
                                                  const int32_t *labels,
                                                  const lb_xent_opts *opts,
                                                  double *loss,
                                                  double *P, size_t ldp,
                                                  double *dX, size_t lddx);
/** Float version of lb_softmax_xent_labels_forward_d(). */
LB_API lb_status lb_softmax_xent_labels_forward_s(size_t n, size_t c,
                                                  const float *X, size_t ldx,
                                                  const int32_t *labels,
                                                  const lb_xent_opts *opts,
                                                  float *loss,
                                                  float *P, size_t ldp,
                                                  float *dX, size_t lddx);

/**
 * Backward of the fused softmax + cross-entropy from the stored
 * probabilities P: dX = dloss * (P - onehot) / n (mean) or
 * dloss * (P - onehot) (sum, none). In place allowed (dX == P, lddx == ldp);
 * labels must not overlap dX.
 * @return LB_OK, LB_ERR_NULL, LB_ERR_SIZE, LB_ERR_LD, LB_ERR_LABEL,
 *         LB_ERR_ALIAS, LB_ERR_ARG.
 */
LB_API lb_status lb_softmax_xent_labels_backward_d(size_t n, size_t c,
                                                   const double *P, size_t ldp,
                                                   const int32_t *labels,
                                                   const lb_xent_opts *opts,
                                                   double dloss,
                                                   double *dX, size_t lddx);
/** Float version of lb_softmax_xent_labels_backward_d(). */
LB_API lb_status lb_softmax_xent_labels_backward_s(size_t n, size_t c,
                                                   const float *P, size_t ldp,
                                                   const int32_t *labels,
                                                   const lb_xent_opts *opts,
                                                   float dloss,
                                                   float *dX, size_t lddx);

/**
 * Fused softmax + cross-entropy against target distributions T [n x c]
 * (one-hot or soft; rows need not sum to 1):
 *   loss_i = sum_j T[i,j] * (lse_i - X[i,j]),  lse_i = log sum_j exp X[i,j]
 * with terms where T[i,j] == 0 counting 0 (so -inf logits with zero target
 * are fine). The gradient is exact for any T:
 *   dX[i,j] = (P[i,j] * sum_l T[i,l] - T[i,j]) / n  (mean; no /n otherwise)
 * which is the tutorial's (P - T) / n when rows of T sum to 1.
 * Outputs as in lb_softmax_xent_labels_forward_d(); T must not overlap
 * the outputs (P, dX, loss).
 * @return LB_OK, LB_ERR_NULL, LB_ERR_SIZE, LB_ERR_LD, LB_ERR_ALIAS, LB_ERR_ARG.
 */
LB_API lb_status lb_softmax_xent_probs_forward_d(size_t n, size_t c,
                                                 const double *X, size_t ldx,
                                                 const double *T, size_t ldt,
                                                 const lb_xent_opts *opts,
                                                 double *loss,
                                                 double *P, size_t ldp,
                                                 double *dX, size_t lddx);
/** Float version of lb_softmax_xent_probs_forward_d(). */
LB_API lb_status lb_softmax_xent_probs_forward_s(size_t n, size_t c,
                                                 const float *X, size_t ldx,
                                                 const float *T, size_t ldt,
                                                 const lb_xent_opts *opts,
                                                 float *loss,
                                                 float *P, size_t ldp,
                                                 float *dX, size_t lddx);

/**
 * Backward of the fused softmax + cross-entropy against targets T from the
 * stored probabilities P:
 * dX = dloss * (P * rowsum(T) - T) / n (mean; no /n otherwise).
 * In place allowed (dX == P, lddx == ldp); T must not overlap dX.
 * @return LB_OK, LB_ERR_NULL, LB_ERR_SIZE, LB_ERR_LD, LB_ERR_ALIAS, LB_ERR_ARG.
 */
LB_API lb_status lb_softmax_xent_probs_backward_d(size_t n, size_t c,
                                                  const double *P, size_t ldp,
                                                  const double *T, size_t ldt,
                                                  const lb_xent_opts *opts,
                                                  double dloss,
                                                  double *dX, size_t lddx);
/** Float version of lb_softmax_xent_probs_backward_d(). */
LB_API lb_status lb_softmax_xent_probs_backward_s(size_t n, size_t c,
                                                  const float *P, size_t ldp,
                                                  const float *T, size_t ldt,
                                                  const lb_xent_opts *opts,
                                                  float dloss,
                                                  float *dX, size_t lddx);

/* ------------------------------------------------------------------------ */
/* Layer objects: the tutorial's classes, thin wrappers over the kernels      */
/* ------------------------------------------------------------------------ */

/**
 * Affine layer: owns W [k x m], b [m], dW [k x m], db [m] (contiguous,
 * leading dimension m), all zero after create. forward() remembers the
 * caller's X pointer, which must stay valid and unchanged until backward().
 */
typedef struct lb_affine_layer_d lb_affine_layer_d;
/** Float version of lb_affine_layer_d. */
typedef struct lb_affine_layer_s lb_affine_layer_s;

/** Creates an affine layer with k inputs and m outputs.
 *  @return LB_OK, LB_ERR_NULL, LB_ERR_SIZE, LB_ERR_NO_MEMORY. */
LB_API lb_status lb_affine_layer_create_d(size_t k, size_t m,
                                          lb_affine_layer_d **layer);
/** Float version of lb_affine_layer_create_d(). */
LB_API lb_status lb_affine_layer_create_s(size_t k, size_t m,
                                          lb_affine_layer_s **layer);
/** Frees the layer; NULL is a no-op. */
LB_API void lb_affine_layer_destroy_d(lb_affine_layer_d *layer);
/** Float version of lb_affine_layer_destroy_d(). */
LB_API void lb_affine_layer_destroy_s(lb_affine_layer_s *layer);
/** Pointers to the layer's W, b, dW, db (any may be NULL if not wanted);
 *  W and b may be written by the caller, e.g. to initialise them.
 *  @return LB_OK, LB_ERR_NULL. */
LB_API lb_status lb_affine_layer_params_d(lb_affine_layer_d *layer,
                                          double **W, double **b,
                                          double **dW, double **db);
/** Float version of lb_affine_layer_params_d(). */
LB_API lb_status lb_affine_layer_params_s(lb_affine_layer_s *layer,
                                          float **W, float **b,
                                          float **dW, float **db);
/** Y = X.W + b for a batch of n rows; remembers X for backward().
 *  @return as lb_affine_forward_d(). */
LB_API lb_status lb_affine_layer_forward_d(lb_affine_layer_d *layer, size_t n,
                                           const double *X, size_t ldx,
                                           double *Y, size_t ldy);
/** Float version of lb_affine_layer_forward_d(). */
LB_API lb_status lb_affine_layer_forward_s(lb_affine_layer_s *layer, size_t n,
                                           const float *X, size_t ldx,
                                           float *Y, size_t ldy);
/** dW, db := gradients of the last forward's batch (overwritten); dX
 *  (optional, NULL skips) := dY.W^T. LB_ERR_ARG if forward() was not called.
 *  @return as lb_affine_backward_d(), or LB_ERR_ARG. */
LB_API lb_status lb_affine_layer_backward_d(lb_affine_layer_d *layer,
                                            const double *dY, size_t lddy,
                                            double *dX, size_t lddx);
/** Float version of lb_affine_layer_backward_d(). */
LB_API lb_status lb_affine_layer_backward_s(lb_affine_layer_s *layer,
                                            const float *dY, size_t lddy,
                                            float *dX, size_t lddx);

/**
 * ReLU layer: remembers the caller's output Y of forward() (its mask), which
 * must stay valid and unchanged until backward().
 */
typedef struct lb_relu_layer_d lb_relu_layer_d;
/** Float version of lb_relu_layer_d. */
typedef struct lb_relu_layer_s lb_relu_layer_s;

/** Creates a ReLU layer. @return LB_OK, LB_ERR_NULL, LB_ERR_NO_MEMORY. */
LB_API lb_status lb_relu_layer_create_d(lb_relu_layer_d **layer);
/** Float version of lb_relu_layer_create_d(). */
LB_API lb_status lb_relu_layer_create_s(lb_relu_layer_s **layer);
/** Frees the layer; NULL is a no-op. */
LB_API void lb_relu_layer_destroy_d(lb_relu_layer_d *layer);
/** Float version of lb_relu_layer_destroy_d(). */
LB_API void lb_relu_layer_destroy_s(lb_relu_layer_s *layer);
/** Y = relu(X) [n x m]; in place allowed. @return as lb_relu_forward_d(). */
LB_API lb_status lb_relu_layer_forward_d(lb_relu_layer_d *layer, size_t n,
                                         size_t m, const double *X, size_t ldx,
                                         double *Y, size_t ldy);
/** Float version of lb_relu_layer_forward_d(). */
LB_API lb_status lb_relu_layer_forward_s(lb_relu_layer_s *layer, size_t n,
                                         size_t m, const float *X, size_t ldx,
                                         float *Y, size_t ldy);
/** dX = relu'(forward's Y) * dY; dY is not modified unless dX == dY.
 *  @return as lb_relu_backward_d(), or LB_ERR_ARG before any forward(). */
LB_API lb_status lb_relu_layer_backward_d(lb_relu_layer_d *layer,
                                          const double *dY, size_t lddy,
                                          double *dX, size_t lddx);
/** Float version of lb_relu_layer_backward_d(). */
LB_API lb_status lb_relu_layer_backward_s(lb_relu_layer_s *layer,
                                          const float *dY, size_t lddy,
                                          float *dX, size_t lddx);

/**
 * Softmax-with-loss layer: owns the probabilities of its last forward
 * (room for up to max_n rows of c classes) and remembers the caller's
 * targets, which must stay valid and unchanged until backward().
 */
typedef struct lb_softmax_xent_layer_d lb_softmax_xent_layer_d;
/** Float version of lb_softmax_xent_layer_d. */
typedef struct lb_softmax_xent_layer_s lb_softmax_xent_layer_s;

/** Creates the layer for c classes and batches of up to max_n rows, with
 *  the given options (NULL: mean reduction).
 *  @return LB_OK, LB_ERR_NULL, LB_ERR_SIZE, LB_ERR_ARG, LB_ERR_NO_MEMORY. */
LB_API lb_status lb_softmax_xent_layer_create_d(size_t c, size_t max_n,
                                                const lb_xent_opts *opts,
                                                lb_softmax_xent_layer_d **layer);
/** Float version of lb_softmax_xent_layer_create_d(). */
LB_API lb_status lb_softmax_xent_layer_create_s(size_t c, size_t max_n,
                                                const lb_xent_opts *opts,
                                                lb_softmax_xent_layer_s **layer);
/** Frees the layer; NULL is a no-op. */
LB_API void lb_softmax_xent_layer_destroy_d(lb_softmax_xent_layer_d *layer);
/** Float version of lb_softmax_xent_layer_destroy_d(). */
LB_API void lb_softmax_xent_layer_destroy_s(lb_softmax_xent_layer_s *layer);
/** Loss of logits X [n x c] (n <= max_n) against labels; keeps P.
 *  @return as lb_softmax_xent_labels_forward_d(). */
LB_API lb_status lb_softmax_xent_layer_forward_labels_d(
    lb_softmax_xent_layer_d *layer, size_t n, const double *X, size_t ldx,
    const int32_t *labels, double *loss);
/** Float version of lb_softmax_xent_layer_forward_labels_d(). */
LB_API lb_status lb_softmax_xent_layer_forward_labels_s(
    lb_softmax_xent_layer_s *layer, size_t n, const float *X, size_t ldx,
    const int32_t *labels, float *loss);
/** Loss of logits X [n x c] against target rows T [n x c]; keeps P.
 *  @return as lb_softmax_xent_probs_forward_d(). */
LB_API lb_status lb_softmax_xent_layer_forward_probs_d(
    lb_softmax_xent_layer_d *layer, size_t n, const double *X, size_t ldx,
    const double *T, size_t ldt, double *loss);
/** Float version of lb_softmax_xent_layer_forward_probs_d(). */
LB_API lb_status lb_softmax_xent_layer_forward_probs_s(
    lb_softmax_xent_layer_s *layer, size_t n, const float *X, size_t ldx,
    const float *T, size_t ldt, float *loss);
/** dX = dloss * d(loss)/dX for the last forward (the tutorial's
 *  backward(dout=1) is dloss = 1).
 *  @return as the matching backward kernel, or LB_ERR_ARG before forward. */
LB_API lb_status lb_softmax_xent_layer_backward_d(
    lb_softmax_xent_layer_d *layer, double dloss, double *dX, size_t lddx);
/** Float version of lb_softmax_xent_layer_backward_d(). */
LB_API lb_status lb_softmax_xent_layer_backward_s(
    lb_softmax_xent_layer_s *layer, float dloss, float *dX, size_t lddx);
/** The probabilities of the last forward, [n x c] with leading dimension c;
 *  NULL before the first forward or for a NULL layer. */
LB_API const double *lb_softmax_xent_layer_probs_d(
    const lb_softmax_xent_layer_d *layer);
/** Float version of lb_softmax_xent_layer_probs_d(). */
LB_API const float *lb_softmax_xent_layer_probs_s(
    const lb_softmax_xent_layer_s *layer);

/* ------------------------------------------------------------------------ */
/* Threads and runtime information                                           */
/* ------------------------------------------------------------------------ */

/**
 * Sets the number of threads used by layerblas's own kernels and by the
 * BLAS (OpenBLAS's pool is resized to match), n >= 1; 0 means every online
 * core (the default). Call it while no kernel is running.
 * @return LB_OK, LB_ERR_ARG for n < 0.
 */
LB_API lb_status lb_set_num_threads(int n);
/** The number of threads in effect (>= 1). */
LB_API int lb_get_num_threads(void);

/* ------------------------------------------------------------------------ */
/* Non-finite checks                                                          */
/* ------------------------------------------------------------------------ */

/**
 * The optional check mode for non-finite values. The kernels follow the
 * policy at the top of this header (NaN and inf propagate, never an
 * error); a caller who wants a status instead checks its inputs (logits,
 * targets, weights, gradients) with this call first.
 * A: [n x m], lda >= m; only read.
 * @return LB_OK when every element is finite, LB_ERR_NONFINITE when one is
 *         NaN or +-inf, LB_ERR_NULL, LB_ERR_SIZE, LB_ERR_LD.
 */
LB_API lb_status lb_check_finite_d(size_t n, size_t m, const double *A,
                                   size_t lda);
/** Float version of lb_check_finite_d(). */
LB_API lb_status lb_check_finite_s(size_t n, size_t m, const float *A,
                                   size_t lda);

/* ------------------------------------------------------------------------ */
/* Fused affine + softmax cross-entropy                                       */
/* ------------------------------------------------------------------------ */

/* ------------------------------------------------------------------------ */
/* Optimizers and parameter initialisation                                    */
/* ------------------------------------------------------------------------ */

/* ------------------------------------------------------------------------ */
/* Sequential network, IDX datasets, model files                              */
/* ------------------------------------------------------------------------ */

/* ------------------------------------------------------------------------ */
/* Version                                                                    */
/* ------------------------------------------------------------------------ */

#ifdef __cplusplus
}
#endif

#endif /* LAYERBLAS_H */

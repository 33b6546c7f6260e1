/**
 * @file
 * layerblas.h - the one public header of layerblas: neural-network layer
 * primitives (affine, ReLU, softmax, cross-entropy, fused softmax-with-loss)
 * on top of a CBLAS, in float64 (`_d`) and float32 (`_s`).
 *
 * A two-layer step with the kernels (all buffers are the caller's):
 * @code
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
 * @endcode
 *
 * Conventions shared by every function:
 *  - Matrices are row-major. A matrix argument `A` with `rows x cols` comes
 *    with a leading dimension `lda >= cols`: element (i, j) is A[i*lda + j].
 *    Padding between rows is never read nor written.
 *  - Every call returns an lb_status. On any status other than LB_OK no
 *    output buffer has been written.
 *  - Names read lb_{op}[_{target}]_{direction}_{type}: op the operation
 *    (affine, relu, softmax, log_softmax, xent for cross-entropy, and the
 *    fused softmax_xent and affine_xent), target the form of the targets
 *    where there is a choice (labels or probs), direction forward or
 *    backward (a forward may also return the gradient it computes on the
 *    way), type d (double) or s (float). An object's calls read
 *    lb_{object}_{verb or noun}[_{target}][_{direction}]_{type}
 *    (lb_net_forward_d, lb_softmax_xent_layer_labels_forward_d,
 *    lb_net_params_d); a size query ends in _workspace; what the library
 *    reports about itself and its run time is lb_get_{what}()
 *    (lb_get_version(), lb_get_blas_info()). A gradient is named d and
 *    the name of what it is the gradient of (dX, dW, db).
 *  - An empty batch, n = 0 rows, is valid wherever a batch is taken: the
 *    call succeeds and writes nothing of its n-row outputs, whose pointers
 *    (and those of its n-row inputs, labels included) may then be NULL;
 *    reductions over the rows give their empty value: a loss sum of 0 and
 *    a mean of NaN (0/0, as PyTorch), and the weight and bias gradients of
 *    an empty batch are 0 (dW = beta*dW, db = beta*db). Every other size
 *    of 0 (features, classes, parameters, a network's widths or max batch)
 *    is a caller bug, rejected with LB_ERR_SIZE. Sizes and leading
 *    dimensions above INT_MAX are rejected with LB_ERR_SIZE because the
 *    BLAS takes 32-bit integers.
 *  - Aliasing: an output may be the very same buffer as an input only where
 *    a function says so ("in place allowed", same pointer and same leading
 *    dimension); any other overlap between an output and another argument
 *    (matrices, vectors, labels, the loss) is rejected with LB_ERR_ALIAS.
 *  - Kernels never allocate (the first call large enough to split over
 *    threads starts layerblas's pool, whose workers the C library gives a
 *    stack). The only mutable global state is the thread count of
 *    lb_set_num_threads() (and the kernel table, filled once on first use,
 *    and the pool); every kernel may be called from several threads at
 *    once on separate outputs.
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

/**
 * @def LB_API
 * Marks the public functions. The library is built with hidden visibility
 * and LB_BUILDING_LIBRARY, so only these leave the shared library; to a
 * user of the header it is empty.
 */
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
    LB_ERR_UNSUPPORTED,     /**< valid request this build cannot serve */
    LB_ERR_COMM             /**< a communication call failed (layerblas_mpi) */
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
 * Affine forward through a ReLU, Y = relu(X.W + b): lb_affine_forward_d()
 * then lb_relu_forward_d() in place, bit for bit (NaN kept), in one pass:
 * each panel of the GEMM takes its block of Y through the ReLU while it
 * is in cache, so Y is not read again. The layer under a ReLU in a
 * forward pass; its backward is lb_affine_backward_d() of the layer above
 * through lb_relu_backward_d(), or lb_affine_sgd_backward_d() with
 * LB_INPUT_RELU.
 * Arguments and errors as lb_affine_forward_d().
 */
LB_API lb_status lb_affine_relu_forward_d(size_t n, size_t k, size_t m,
                                          const double *X, size_t ldx,
                                          const double *W, size_t ldw,
                                          const double *b, double *Y,
                                          size_t ldy);
/** Float version of lb_affine_relu_forward_d(). */
LB_API lb_status lb_affine_relu_forward_s(size_t n, size_t k, size_t m,
                                          const float *X, size_t ldx,
                                          const float *W, size_t ldw,
                                          const float *b, float *Y,
                                          size_t ldy);

/**
 * Affine backward, for Y = X.W + b with upstream gradient dY:
 *  - dX = dY.W^T                (overwritten)
 *  - dW = X^T.dY + beta*dW      (beta = 0 overwrites, 1 accumulates)
 *  - db = colsum(dY) + beta*db
 *
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

/** What a layer's input X is, for a backward that also takes dX back
 *  through the layer below. */
typedef enum lb_input_act {
    LB_INPUT_PLAIN = 0, /**< X as it is: dX = dY.W^T */
    LB_INPUT_RELU = 1   /**< X is a ReLU's output (X = relu(H)): dX is the
                             gradient of H, dY.W^T where X > 0, 0 where
                             X <= 0, NaN where X is NaN, as
                             lb_relu_backward_d() with X as its Y */
} lb_input_act;

/**
 * Affine backward and a plain SGD step of the layer in one call, for
 * Y = X.W + b with upstream gradient dY and learning rate lr:
 *  - dX = dY.W^T, with the W before the step (through ReLU's backward
 *    when act is LB_INPUT_RELU), the gradient for the layer below;
 *  - W = W - lr X^T.dY, as the weight-gradient GEMM with alpha = -lr,
 *    beta = 1 and W as its output: dW is never stored;
 *  - b = b - lr colsum(dY) (colsum in double, as lb_affine_backward_d()).
 *
 * The results are those of lb_affine_backward_d() followed by
 * lb_relu_backward_d() and p -= lr*g, to rounding (the GEMM scales and
 * adds in one go). Adam, momentum and weight decay keep their separate
 * pass: lb_optim_step_d().
 *
 * X: [n x k], read also for the mask; W: [k x m], updated in place;
 * b: [m], updated, or NULL (no bias); dY: [n x m]; dX: [n x k] or NULL
 * (the first layer). n = 0 changes nothing. W, b and dX must not overlap
 * each other, X or dY.
 * @return LB_OK, LB_ERR_NULL, LB_ERR_SIZE, LB_ERR_LD, LB_ERR_ALIAS,
 *         LB_ERR_ARG (act unknown, lr negative or not finite).
 */
LB_API lb_status lb_affine_sgd_backward_d(size_t n, size_t k, size_t m,
                                          const double *X, size_t ldx,
                                          lb_input_act act, double *W,
                                          size_t ldw, double *b,
                                          const double *dY, size_t lddy,
                                          double *dX, size_t lddx, double lr);
/** Float version of lb_affine_sgd_backward_d() (lr in double, rounded to
 *  float once). */
LB_API lb_status lb_affine_sgd_backward_s(size_t n, size_t k, size_t m,
                                          const float *X, size_t ldx,
                                          lb_input_act act, float *W,
                                          size_t ldw, float *b,
                                          const float *dY, size_t lddy,
                                          float *dX, size_t lddx, double lr);

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
 * Y is meant to be a log-softmax output (every entry <= 0); an entry large
 * enough for exp(Y) to overflow the precision (above about 709 in double,
 * 88 in float) gives inf there, and the row follows IEEE from it as a row
 * holding inf does (inf * 0 is NaN).
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

/** Whether label targets may mark rows to skip (0 is a valid label, so a
 *  mode switches ignore_index on). */
typedef enum lb_ignore_mode {
    LB_IGNORE_NONE = 0,     /**< every label must be in [0, c) (default) */
    LB_IGNORE_INDEX         /**< rows labelled ignore_index are skipped */
} lb_ignore_mode;

/** What a row of logits that are all -inf gives in the fused kernels. */
typedef enum lb_inf_rows {
    LB_INF_ROWS_NAN = 0,    /**< NaN probabilities, loss, gradient (default) */
    LB_INF_ROWS_ZERO        /**< zero probabilities, loss 0, zero gradient
                                 (oneDNN's softmax_accurate_inf_as_zero) */
} lb_inf_rows;

/**
 * Options of the cross-entropy functions. A zero-initialised struct (or a
 * NULL pointer where one is taken) means the defaults: mean reduction, no
 * ignored rows, no label smoothing, no class weights, all -inf rows -> NaN.
 *
 * With them a row i contributes, against its target distribution q_i,
 *   loss_i = sum_j q_ij * (-log P[i,j])      (terms with q_ij == 0 count 0)
 *   labels: q_ij = (1 - eps) * w_t * [j == t] + (eps / c) * w_j,
 *           t = labels[i]                    (PyTorch's label smoothing)
 *   probs:  q_ij = w_j * ((1 - eps) * T[i,j] + eps / c)
 * with w_j = 1 without weights and eps = label_smoothing; the fused
 * gradient is dX[i,j] = scale * (P[i,j] * sum_l q_il - q_ij).
 * The mean divides the sum over rows by the number of rows counted (labels
 * not ignored), or with weights and labels by sum_i w_{labels[i]} over the
 * counted rows (PyTorch's rule); probs targets divide by n. A mean with
 * nothing to divide by (every row ignored, or an empty batch) is 0/0 = NaN,
 * as in PyTorch; the sum of an empty batch is 0.
 */
typedef struct lb_xent_opts {
    lb_reduction reduction; /**< LB_REDUCE_MEAN (default), _SUM or _NONE */
    lb_ignore_mode ignore;  /**< LB_IGNORE_NONE (default) or _INDEX; label
                                 targets only (LB_ERR_ARG with probs) */
    int32_t ignore_index;   /**< with LB_IGNORE_INDEX, rows whose label
                                 equals it (any value, e.g. -100) get loss 0
                                 and an exact zero gradient, are left out of
                                 the mean, and their logits are never read;
                                 their rows of P are set to 0 */
    double label_smoothing; /**< eps in [0, 1] (else LB_ERR_ARG); 0: none */
    lb_inf_rows inf_rows;   /**< all -inf rows: LB_INF_ROWS_NAN (default) or
                                 _ZERO (such a row still counts in the mean;
                                 the backwards give zero gradient for a row
                                 of P that is all 0, as _ZERO writes it) */
    /** Class weights, [c] values, or NULL for none: the double functions
     *  read weights_d, the float ones weights_s (a pointer cannot be typed
     *  for both precisions; a weights argument would change every
     *  signature). Setting only the other precision's field is LB_ERR_ARG.
     *  The layer objects keep this pointer: it must outlive them. No
     *  output of a call may overlap the weights (LB_ERR_ALIAS). */
    const double *weights_d;
    const float *weights_s; /**< float class weights, see weights_d */
} lb_xent_opts;

/**
 * Cross-entropy of probabilities against integer labels:
 * loss_i = -log(P[i, labels[i]]), exact (no epsilon: P = 0 gives +inf).
 * P: [n x c], labels: [n] in [0, c). loss: 1 value, or n with
 * LB_REDUCE_NONE; must not overlap P, labels or the class weights. Sums
 * are taken in double, in a fixed order (see @ref determinism). A label
 * whose probability is 0 gives
 * a loss of +inf. With options the row loss is sum_j q_ij (-log P[i,j]) as
 * in lb_xent_opts (inf_rows does not apply: there are no logits).
 * @return LB_OK, LB_ERR_NULL, LB_ERR_SIZE, LB_ERR_LD, LB_ERR_LABEL,
 *         LB_ERR_ALIAS, LB_ERR_ARG.
 */
LB_API lb_status lb_xent_labels_forward_d(size_t n, size_t c, const double *P,
                                          size_t ldp, const int32_t *labels,
                                          const lb_xent_opts *opts,
                                          double *loss);
/** Float version of lb_xent_labels_forward_d(). */
LB_API lb_status lb_xent_labels_forward_s(size_t n, size_t c, const float *P,
                                          size_t ldp, const int32_t *labels,
                                          const lb_xent_opts *opts,
                                          float *loss);

/**
 * Cross-entropy of probabilities against target distributions (one-hot or
 * soft): loss_i = -sum_j T[i,j] log P[i,j], where a term with T[i,j] == 0
 * counts 0 whatever P[i,j] is. P, T: [n x c]; loss as in
 * lb_xent_labels_forward_d(), must not overlap P, T or the class weights.
 * @return LB_OK, LB_ERR_NULL, LB_ERR_SIZE, LB_ERR_LD, LB_ERR_ALIAS,
 *         LB_ERR_ARG.
 */
LB_API lb_status lb_xent_probs_forward_d(size_t n, size_t c, const double *P,
                                         size_t ldp, const double *T,
                                         size_t ldt, const lb_xent_opts *opts,
                                         double *loss);
/** Float version of lb_xent_probs_forward_d(). */
LB_API lb_status lb_xent_probs_forward_s(size_t n, size_t c, const float *P,
                                         size_t ldp, const float *T,
                                         size_t ldt, const lb_xent_opts *opts,
                                         float *loss);

/**
 * Fused softmax + cross-entropy against integer labels, from the logits X
 * [n x c], in one pass per row:
 *  - loss_i = log(sum_j exp(X[i,j] - max_i)) - (X[i,labels[i]] - max_i)
 *
 * (log-sum-exp: exact, no epsilon; log1p keeps the loss of a confident,
 * correct row accurate instead of rounding it to 0).
 * Outputs, each optional (NULL skips it) but not all:
 *  - loss: 1 value, or n values with LB_REDUCE_NONE;
 *  - P [n x c]: the probabilities softmax(X);
 *  - dX [n x c]: the gradient of the reported loss, (P - onehot) / n for the
 *    mean, P - onehot for the sum and for each row of NONE.
 *
 * Every option of lb_xent_opts applies (the loss and gradient with q_ij
 * given there; dX of the label class still comes from the sum of the other
 * classes); an ignored row's logits are never read.
 * P, dX and loss may not overlap X, labels, the class weights or each other.
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
 * dloss * (P - onehot) (sum, none); with options dX[i,j] =
 * dloss * scale * (P[i,j] * sum_l q_il - q_ij) (see lb_xent_opts), exact 0
 * on ignored rows (their P is not read).
 * In place allowed (dX == P, lddx == ldp); labels and the class weights
 * must not overlap dX.
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
 *  - loss_i = sum_j T[i,j] * (lse_i - X[i,j]),  lse_i = log sum_j exp X[i,j]
 *
 * with terms where T[i,j] == 0 counting 0 (so -inf logits with zero target
 * are fine). The gradient is exact for any T:
 *  - dX[i,j] = (P[i,j] * sum_l T[i,l] - T[i,j]) / n  (mean; no /n otherwise)
 *
 * which is the tutorial's (P - T) / n when rows of T sum to 1. Options:
 * weights, smoothing and inf_rows apply with T replaced by q (see
 * lb_xent_opts); ignore must be LB_IGNORE_NONE (else LB_ERR_ARG).
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
 * dX = dloss * (P * rowsum(T) - T) / n (mean; no /n otherwise), with T
 * replaced by q under options (see lb_xent_opts).
 * In place allowed (dX == P, lddx == ldp); T and the class weights must
 * not overlap dX.
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
/* Fused affine + softmax cross-entropy                                       */
/* ------------------------------------------------------------------------ */

/** The chunk of classes lb_affine_xent_labels_forward_d() uses for
 *  chunk = 0. */
#define LB_AFFINE_XENT_CHUNK 2048

/**
 * The bytes of workspace lb_affine_xent_labels_forward_d() needs for n rows,
 * c classes and chunks of `chunk` classes (0: LB_AFFINE_XENT_CHUNK): n rows
 * of min(chunk, c) elements plus 40 bytes per row; 0 for n = 0.
 * @return LB_OK, LB_ERR_NULL (bytes), LB_ERR_SIZE (c == 0, n or c above
 *         INT_MAX, or a size that does not fit in size_t).
 */
LB_API lb_status lb_affine_xent_labels_workspace_d(
    size_t n, size_t c, size_t chunk, size_t *bytes);
/** Float version of lb_affine_xent_labels_workspace_d(). */
LB_API lb_status lb_affine_xent_labels_workspace_s(
    size_t n, size_t c, size_t chunk, size_t *bytes);

/**
 * The output layer of a classifier or language model in one call: for the
 * logits Z = X.W + b and the softmax cross-entropy of Z against labels,
 * the loss and, with dZ its gradient with respect to Z,
 *  - dX = dZ.W^T              (overwritten)
 *  - dW = X^T.dZ + beta*dW    (beta = 0 overwrites and never reads dW)
 *  - db = colsum(dZ) + beta*db
 *
 * Guarantees:
 *  - Results: those of lb_affine_forward_d() +
 *    lb_softmax_xent_labels_forward_d() + lb_affine_backward_d() to
 *    rounding, for every option of lb_xent_opts
 *    but inf_rows, which must be LB_INF_ROWS_NAN (else LB_ERR_ARG: the
 *    logits of finite inputs are finite).
 *  - Memory: the n x c logits are never held; nothing is used beyond the
 *    inputs, the outputs and the caller's workspace.
 *  - Work: classes go in chunks of `chunk` (0: LB_AFFINE_XENT_CHUNK); the
 *    GEMMs take 6 n k c flops, as unfused, when n <= k and dW is wanted
 *    with beta == 0 (an output layer over k >= n features), and at most
 *    (8 - 2/chunks) n k c otherwise. With dX, dW and db all NULL only the
 *    loss is computed (2 n k c).
 *  - Threads: the GEMMs and the row work between them run on layerblas's
 *    threads (lb_set_num_threads()), as @ref determinism says.
 *  - Ignored rows (LB_IGNORE_INDEX) take no part: their rows of X are never
 *    read, their rows of dX are 0.
 *  - An empty batch (n = 0): loss as in lb_softmax_xent_labels_forward_d()
 *    (0 for the sum, NaN for the mean), dW = beta*dW, db = beta*db.
 *
 * X: [n x k], W: [k x c], b: [c] or NULL (no bias), labels: [n] in [0, c)
 * (or ignore_index). loss (1 value, or n with LB_REDUCE_NONE), dX, dW, db:
 * each NULL to skip it, not all. work: at least
 * lb_affine_xent_labels_workspace_d(n, c, chunk) bytes, aligned for double,
 * the caller's (NULL when that is 0); nothing in it is kept between calls.
 * No output nor work may overlap another or any input.
 * @return LB_OK, LB_ERR_NULL, LB_ERR_SIZE (also work_bytes too small),
 *         LB_ERR_LD, LB_ERR_LABEL, LB_ERR_ALIAS, LB_ERR_ARG (options, or
 *         work misaligned).
 */
LB_API lb_status lb_affine_xent_labels_forward_d(
    size_t n, size_t k, size_t c, const double *X, size_t ldx,
    const double *W, size_t ldw, const double *b, const int32_t *labels,
    const lb_xent_opts *opts, size_t chunk, void *work, size_t work_bytes,
    double *loss, double *dX, size_t lddx, double *dW, size_t lddw,
    double *db, double beta);
/** Float version of lb_affine_xent_labels_forward_d(). */
LB_API lb_status lb_affine_xent_labels_forward_s(
    size_t n, size_t k, size_t c, const float *X, size_t ldx, const float *W,
    size_t ldw, const float *b, const int32_t *labels,
    const lb_xent_opts *opts, size_t chunk, void *work, size_t work_bytes,
    float *loss, float *dX, size_t lddx, float *dW, size_t lddw, float *db,
    float beta);

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
 * Softmax-with-loss layer: owns the probabilities of its last forward and
 * the loss's gradient, computed in the same fused pass (room for up to
 * max_n rows of c classes each); backward() scales that gradient, so the
 * targets need not outlive forward().
 */
typedef struct lb_softmax_xent_layer_d lb_softmax_xent_layer_d;
/** Float version of lb_softmax_xent_layer_d. */
typedef struct lb_softmax_xent_layer_s lb_softmax_xent_layer_s;

/** Creates the layer for c classes and batches of up to max_n rows, with
 *  the given options (NULL: the defaults; the layer keeps
 *  a copy, but only the pointer of any class weights).
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
LB_API lb_status lb_softmax_xent_layer_labels_forward_d(
    lb_softmax_xent_layer_d *layer, size_t n, const double *X, size_t ldx,
    const int32_t *labels, double *loss);
/** Float version of lb_softmax_xent_layer_labels_forward_d(). */
LB_API lb_status lb_softmax_xent_layer_labels_forward_s(
    lb_softmax_xent_layer_s *layer, size_t n, const float *X, size_t ldx,
    const int32_t *labels, float *loss);
/** Loss of logits X [n x c] against target rows T [n x c]; keeps P.
 *  @return as lb_softmax_xent_probs_forward_d(). */
LB_API lb_status lb_softmax_xent_layer_probs_forward_d(
    lb_softmax_xent_layer_d *layer, size_t n, const double *X, size_t ldx,
    const double *T, size_t ldt, double *loss);
/** Float version of lb_softmax_xent_layer_probs_forward_d(). */
LB_API lb_status lb_softmax_xent_layer_probs_forward_s(
    lb_softmax_xent_layer_s *layer, size_t n, const float *X, size_t ldx,
    const float *T, size_t ldt, float *loss);
/** dX [n x c] = dloss * d(loss)/dX for the last forward (the tutorial's
 *  backward(dout=1) is dloss = 1).
 *  @return LB_OK, LB_ERR_NULL, LB_ERR_LD, LB_ERR_ALIAS (dX inside the
 *  layer's buffers), or LB_ERR_ARG before any forward. */
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
/* Optimizers and parameter initialisation                                    */
/* ------------------------------------------------------------------------ */

/**
 * The update rules, as PyTorch's torch.optim defines them (t is the step
 * number, 1 for the first step; g the gradient, p the parameter):
 * @code{.unparsed}
 *   LB_OPTIM_SGD and LB_OPTIM_SGD_NESTEROV (state: n values b when
 *   momentum > 0, none otherwise):
 *     g = g + weight_decay * p                      (if weight_decay != 0)
 *     if momentum != 0:
 *       b = g                                        (t == 1)
 *       b = momentum * b + (1 - dampening) * g       (t > 1)
 *       g = g + momentum * b  (Nesterov)  or  g = b  (plain momentum)
 *     p = p - lr * g
 *
 *   LB_OPTIM_ADAM (L2 penalty in the gradient) and LB_OPTIM_ADAMW
 *   (decoupled weight decay); state: 2n values, m then v, zero before t = 1:
 *     g = g + weight_decay * p                      (Adam, if != 0)
 *     p = p * (1 - lr * weight_decay)               (AdamW, if != 0)
 *     m = beta1 * m + (1 - beta1) * g
 *     v = beta2 * v + (1 - beta2) * g * g
 *     p = p - (lr / bc1) * m / (sqrt(v) / sqrt(bc2) + eps),
 *       bc1 = 1 - beta1^t,  bc2 = 1 - beta2^t
 * @endcode
 * The per-element arithmetic runs in the parameters' precision, in exactly
 * the order written; every coefficient in parentheses (1 - beta1,
 * lr / bc1, sqrt(bc2), 1 - lr * weight_decay, ...) is computed once per
 * step in double and rounded once to that precision. PyTorch forms m with
 * lerp, m + (1 - beta1) * (g - m), which rounds differently in the last bit.
 */
typedef enum lb_optim_kind {
    LB_OPTIM_SGD = 0,        /**< SGD, plain or with (heavy-ball) momentum */
    LB_OPTIM_SGD_NESTEROV,   /**< SGD with Nesterov momentum */
    LB_OPTIM_ADAM,           /**< Adam, weight decay as an L2 gradient term */
    LB_OPTIM_ADAMW           /**< AdamW, decoupled weight decay */
} lb_optim_kind;

/**
 * Hyper-parameters of an optimizer, the same for both precisions. Fill it
 * with lb_optim_defaults() and change what you need; fields another kind
 * does not use are ignored. Valid values: lr >= 0, momentum >= 0,
 * 0 <= dampening <= 1, 0 <= beta1, beta2 < 1, eps >= 0, weight_decay >= 0,
 * all finite; Nesterov needs momentum > 0 and dampening == 0.
 */
typedef struct lb_optim_opts {
    lb_optim_kind kind;  /**< the update rule */
    double lr;           /**< learning rate */
    double momentum;     /**< SGD: 0 (plain SGD) or the momentum factor */
    double dampening;    /**< SGD: dampening of the momentum */
    double beta1;        /**< Adam: decay of the first moment */
    double beta2;        /**< Adam: decay of the second moment */
    double eps;          /**< Adam: added to the denominator */
    double weight_decay; /**< L2 term (SGD, Adam) or decoupled (AdamW) */
} lb_optim_opts;

/**
 * PyTorch's defaults for `kind`: lr 1e-3 for all; SGD momentum 0 (the
 * Nesterov kind gets momentum 0.9, since it needs one); Adam betas 0.9 and
 * 0.999, eps 1e-8; weight decay 0, except AdamW's 1e-2.
 * @return LB_OK, LB_ERR_NULL, LB_ERR_ARG (unknown kind).
 */
LB_API lb_status lb_optim_defaults(lb_optim_kind kind, lb_optim_opts *opts);

/**
 * The number of state elements (of the parameters' type) an optimizer
 * needs for n parameters: 0 for SGD without momentum, n with momentum,
 * 2n for Adam and AdamW.
 * @return LB_OK, LB_ERR_NULL, LB_ERR_SIZE (n == 0 or > INT_MAX), LB_ERR_ARG
 *         (invalid options).
 */
LB_API lb_status lb_optim_state_size(const lb_optim_opts *opts, size_t n,
                                     size_t *count);

/**
 * One optimizer step over n parameters, one pass over params, grads and
 * state, no allocation: params are updated in place from grads (only read)
 * and the state of lb_optim_state_size() elements (NULL when that is 0),
 * which the caller zeroes before step t = 1 and keeps between steps. t is
 * the step number, 1 for the first step. params, grads and state must not
 * overlap each other.
 * @return LB_OK, LB_ERR_NULL, LB_ERR_SIZE, LB_ERR_ARG (invalid options or
 *         t == 0), LB_ERR_ALIAS.
 */
LB_API lb_status lb_optim_step_d(const lb_optim_opts *opts, size_t n,
                                 double *params, const double *grads,
                                 double *state, uint64_t t);
/** Float version of lb_optim_step_d(). */
LB_API lb_status lb_optim_step_s(const lb_optim_opts *opts, size_t n,
                                 float *params, const float *grads,
                                 float *state, uint64_t t);

/**
 * A seeded pseudo-random generator, so a run is reproducible from its seed
 * on every machine: xoshiro256** (Blackman and Vigna, 2018), whose 256-bit
 * state is filled from the 64-bit seed by four steps of splitmix64. A
 * uniform u in [0, 1) is (next() >> 11) * 2^-53. The struct is plain data:
 * copy it to fork a stream.
 */
typedef struct lb_rng {
    uint64_t s[4]; /**< the xoshiro256** state */
} lb_rng;

/** Seeds `rng` from `seed` (any value, 0 included).
 *  @return LB_OK, LB_ERR_NULL. */
LB_API lb_status lb_rng_seed(lb_rng *rng, uint64_t seed);

/**
 * Shuffles idx[0..n) in place (Fisher-Yates from the last element down;
 * each index j in [0, i] is drawn without bias by rejecting next() values
 * below 2^64 mod (i + 1) and taking the rest modulo i + 1).
 * @return LB_OK, LB_ERR_NULL, LB_ERR_SIZE (n == 0).
 */
LB_API lb_status lb_rng_shuffle(lb_rng *rng, size_t n, size_t *idx);

/** Weight initialisations (as torch.nn.init, gain sqrt(2) for He). */
typedef enum lb_init_kind {
    LB_INIT_HE_UNIFORM = 0, /**< U(-a, a), a = sqrt(6 / fan_in) */
    LB_INIT_HE_NORMAL,      /**< N(0, s^2), s = sqrt(2 / fan_in) */
    LB_INIT_XAVIER_UNIFORM, /**< U(-a, a), a = sqrt(6 / (fan_in + fan_out)) */
    LB_INIT_XAVIER_NORMAL   /**< N(0, s^2), s = sqrt(2 / (fan_in + fan_out)) */
} lb_init_kind;

/**
 * Fills the weights W [k x m] (ldw >= m) of an affine layer with k inputs
 * (fan_in) and m outputs (fan_out) from `rng`, row by row. Uniform values
 * are a * (2u - 1); normal ones come from Box-Muller in pairs, u1 and u2
 * two successive uniforms: sqrt(-2 log(1 - u1)) * cos(2 pi u2) and then
 * * sin(2 pi u2) for the next element (an odd last element discards its
 * pair's sine). Values are computed in double and rounded once, so the
 * float and double versions start from the same weights, and padding is
 * not touched.
 * @return LB_OK, LB_ERR_NULL, LB_ERR_SIZE, LB_ERR_LD, LB_ERR_ARG (kind).
 */
LB_API lb_status lb_init_weights_d(lb_rng *rng, lb_init_kind kind, size_t k,
                                   size_t m, double *W, size_t ldw);
/** Float version of lb_init_weights_d(). */
LB_API lb_status lb_init_weights_s(lb_rng *rng, lb_init_kind kind, size_t k,
                                   size_t m, float *W, size_t ldw);

/* ------------------------------------------------------------------------ */
/* Sequential network, IDX datasets, model files                              */
/* ------------------------------------------------------------------------ */

/**
 * A sequential network: layers added one after another, ending in a
 * softmax-with-loss (mean cross-entropy against integer labels) over the
 * last layer's outputs, the classes.
 * @code
 *     lb_net_s *net;
 *     lb_net_create_s(784, 128, &net);              // inputs, max batch
 *     lb_net_add_affine_s(net, 512); lb_net_add_relu_s(net);
 *     lb_net_add_affine_s(net, 10);                 // 10 classes
 *     lb_net_init_s(net, LB_INIT_HE_UNIFORM, seed);
 *     lb_optim_opts adam; lb_optim_defaults(LB_OPTIM_ADAM, &adam);
 *     lb_net_set_optimizer_s(net, &adam);
 *     for (...) { // each batch X [n x 784], labels [n]
 *         lb_net_forward_s(net, n, X, 784, labels, &loss, NULL);
 *         lb_net_backward_s(net);
 *         lb_net_step_s(net);
 *     }
 * @endcode
 * The network owns its parameters, their gradients, the optimizer state and
 * room for the activations of max_batch rows, all allocated while it is
 * built (create, add, set_optimizer), never by forward, backward or step.
 * The parameters sit in one block, layer after layer, each affine layer's
 * W [in x out] (row-major, leading dimension out) followed by its b [out];
 * the gradients in a second block of the same layout. The data stay the
 * caller's.
 */
typedef struct lb_net_d lb_net_d;
/** Float version of lb_net_d. */
typedef struct lb_net_s lb_net_s;

/** Kinds of layer; the values are those of the model file. */
typedef enum lb_layer_kind {
    LB_LAYER_AFFINE = 1, /**< Y = X.W + b */
    LB_LAYER_RELU = 2    /**< Y = max(X, 0), as many outputs as inputs */
} lb_layer_kind;

/** Creates an empty network taking n_in inputs per row, for batches of up
 *  to max_batch rows.
 *  @return LB_OK, LB_ERR_NULL, LB_ERR_SIZE, LB_ERR_NO_MEMORY. */
LB_API lb_status lb_net_create_d(size_t n_in, size_t max_batch,
                                 lb_net_d **net);
/** Float version of lb_net_create_d(). */
LB_API lb_status lb_net_create_s(size_t n_in, size_t max_batch,
                                 lb_net_s **net);
/** Frees the network; NULL is a no-op. */
LB_API void lb_net_destroy_d(lb_net_d *net);
/** Float version of lb_net_destroy_d(). */
LB_API void lb_net_destroy_s(lb_net_s *net);

/**
 * Appends an affine layer with n_out outputs (its parameters start at 0;
 * see lb_net_init_d()), or a ReLU. Adding a layer keeps the parameters of
 * the others, drops the optimizer (lb_net_set_optimizer_d() again) and the
 * last forward. On an error the network is as before.
 * @return LB_OK, LB_ERR_NULL, LB_ERR_SIZE, LB_ERR_NO_MEMORY.
 */
LB_API lb_status lb_net_add_affine_d(lb_net_d *net, size_t n_out);
/** Float version of lb_net_add_affine_d(). */
LB_API lb_status lb_net_add_affine_s(lb_net_s *net, size_t n_out);
/** Appends a ReLU layer; see lb_net_add_affine_d(). */
LB_API lb_status lb_net_add_relu_d(lb_net_d *net);
/** Float version of lb_net_add_relu_d(). */
LB_API lb_status lb_net_add_relu_s(lb_net_s *net);

/** The number of layers; 0 for NULL. */
LB_API size_t lb_net_num_layers_d(const lb_net_d *net);
/** Float version of lb_net_num_layers_d(). */
LB_API size_t lb_net_num_layers_s(const lb_net_s *net);
/** Layer i's kind and widths (each output pointer may be NULL).
 *  @return LB_OK, LB_ERR_NULL (net), LB_ERR_ARG (i out of range). */
LB_API lb_status lb_net_layer_d(const lb_net_d *net, size_t i,
                                lb_layer_kind *kind, size_t *n_in,
                                size_t *n_out);
/** Float version of lb_net_layer_d(). */
LB_API lb_status lb_net_layer_s(const lb_net_s *net, size_t i,
                                lb_layer_kind *kind, size_t *n_in,
                                size_t *n_out);

/**
 * The parameter block, the gradient block and their common length (each
 * output may be NULL). The caller may write the parameters (to initialise
 * or load them) and read the gradients.
 * @return LB_OK, LB_ERR_NULL (net).
 */
LB_API lb_status lb_net_params_d(lb_net_d *net, double **params,
                                 double **grads, size_t *count);
/** Float version of lb_net_params_d(). */
LB_API lb_status lb_net_params_s(lb_net_s *net, float **params,
                                 float **grads, size_t *count);

/**
 * Where layer i's parameters lie in the parameter block, and its gradients
 * in the gradient block: `count` values from `offset` (an affine layer's
 * W then b; a ReLU has none, count 0). Each output may be NULL.
 * @return LB_OK, LB_ERR_NULL (net), LB_ERR_ARG (i out of range).
 */
LB_API lb_status lb_net_layer_params_d(const lb_net_d *net, size_t i,
                                       size_t *offset, size_t *count);
/** Float version of lb_net_layer_params_d(). */
LB_API lb_status lb_net_layer_params_s(const lb_net_s *net, size_t i,
                                       size_t *offset, size_t *count);

/**
 * A function lb_net_backward_d() calls as soon as it has written the
 * gradients of a layer that has parameters (before it computes the
 * gradient that layer passes down): `count` values of the gradient
 * block from `offset`, as lb_net_layer_params_d() gives for `layer`. It is
 * called once per such layer, last layer first. Backward never reads or
 * writes that part of the gradient block again, so the function may hand
 * it to other work that runs on while backward goes on (a non-blocking
 * reduction across processes, as layerblas_mpi does), provided that work
 * is finished before anything else reads the gradients (lb_net_step_d()).
 * A status other than LB_OK stops backward, which returns it.
 */
typedef lb_status (*lb_net_grad_hook)(void *user, size_t layer,
                                      size_t offset, size_t count);

/**
 * Sets the gradient hook of the network (NULL removes it), called with
 * `user` by every lb_net_backward_d() from now on; see lb_net_grad_hook.
 * Adding layers keeps it.
 * @return LB_OK, LB_ERR_NULL (net).
 */
LB_API lb_status lb_net_set_grad_hook_d(lb_net_d *net, lb_net_grad_hook hook,
                                        void *user);
/** Float version of lb_net_set_grad_hook_d(). */
LB_API lb_status lb_net_set_grad_hook_s(lb_net_s *net, lb_net_grad_hook hook,
                                        void *user);

/**
 * Initialises every affine layer from one generator seeded with `seed`,
 * layers in order: W by lb_init_weights_d() with `kind`, b = 0.
 * @return LB_OK, LB_ERR_NULL, LB_ERR_ARG (kind).
 */
LB_API lb_status lb_net_init_d(lb_net_d *net, lb_init_kind kind,
                               uint64_t seed);
/** Float version of lb_net_init_d(). */
LB_API lb_status lb_net_init_s(lb_net_s *net, lb_init_kind kind,
                               uint64_t seed);

/**
 * Forward pass of n <= max_batch rows X [n x n_in] (ldx >= n_in) through
 * every layer and the loss against labels [n] in [0, classes): `loss`
 * gets the mean cross-entropy, pred [n] (optional, NULL skips it) the
 * predicted class of each row (the first largest logit). The gradient of
 * the loss with respect to the logits is kept for lb_net_backward_d(),
 * with a pointer to X, which must stay valid and unchanged until then.
 * @return LB_OK, LB_ERR_NULL, LB_ERR_SIZE (n > max_batch),
 *         LB_ERR_LD, LB_ERR_LABEL, LB_ERR_ARG (a network with no layer).
 */
LB_API lb_status lb_net_forward_d(lb_net_d *net, size_t n, const double *X,
                                  size_t ldx, const int32_t *labels,
                                  double *loss, int32_t *pred);
/** Float version of lb_net_forward_d(). */
LB_API lb_status lb_net_forward_s(lb_net_s *net, size_t n, const float *X,
                                  size_t ldx, const int32_t *labels,
                                  float *loss, int32_t *pred);

/**
 * Backward pass of the last lb_net_forward_d(): the gradient block is
 * overwritten with the gradient of that batch's loss, layer by layer from
 * the last, each calling the gradient hook if one is set
 * (lb_net_set_grad_hook_d()).
 * @return LB_OK, LB_ERR_NULL, LB_ERR_ARG (no forward since the network
 *         last changed or predicted), or the hook's status.
 */
LB_API lb_status lb_net_backward_d(lb_net_d *net);
/** Float version of lb_net_backward_d(). */
LB_API lb_status lb_net_backward_s(lb_net_s *net);

/**
 * Chooses the optimizer: allocates its state (zeroed) and restarts the step
 * count. @return LB_OK, LB_ERR_NULL, LB_ERR_ARG (invalid options),
 * LB_ERR_NO_MEMORY.
 */
LB_API lb_status lb_net_set_optimizer_d(lb_net_d *net,
                                        const lb_optim_opts *opts);
/** Float version of lb_net_set_optimizer_d(). */
LB_API lb_status lb_net_set_optimizer_s(lb_net_s *net,
                                        const lb_optim_opts *opts);

/**
 * Sets the optimizer's learning rate, keeping its state and step count:
 * the hook for a schedule.
 * @return LB_OK, LB_ERR_NULL, LB_ERR_ARG (no optimizer set; lr negative or
 *         not finite).
 */
LB_API lb_status lb_net_set_learning_rate_d(lb_net_d *net, double lr);
/** Float version of lb_net_set_learning_rate_d(). */
LB_API lb_status lb_net_set_learning_rate_s(lb_net_s *net, double lr);

/**
 * One optimizer step (lb_optim_step_d()) over the whole parameter block
 * from the gradient block, step number counted by the network from 1.
 * @return LB_OK, LB_ERR_NULL, LB_ERR_ARG (no optimizer set).
 */
LB_API lb_status lb_net_step_d(lb_net_d *net);
/** Float version of lb_net_step_d(). */
LB_API lb_status lb_net_step_s(lb_net_s *net);

/**
 * Predicted classes pred [n] of any number of rows X [n x n_in], max_batch
 * rows at a time. It uses the activation memory, so a following
 * lb_net_backward_d() needs a new forward first.
 * @return LB_OK, LB_ERR_NULL, LB_ERR_SIZE, LB_ERR_LD, LB_ERR_ARG (no layer).
 */
LB_API lb_status lb_net_predict_d(lb_net_d *net, size_t n, const double *X,
                                  size_t ldx, int32_t *pred);
/** Float version of lb_net_predict_d(). */
LB_API lb_status lb_net_predict_s(lb_net_s *net, size_t n, const float *X,
                                  size_t ldx, int32_t *pred);

/**
 * The fraction of the n rows of X whose predicted class is their label
 * (as lb_net_predict_d(); labels are checked to lie in [0, classes));
 * NaN for n = 0, a mean over nothing.
 * @return as lb_net_predict_d(), or LB_ERR_LABEL.
 */
LB_API lb_status lb_net_accuracy_d(lb_net_d *net, size_t n, const double *X,
                                   size_t ldx, const int32_t *labels,
                                   double *accuracy);
/** Float version of lb_net_accuracy_d(). */
LB_API lb_status lb_net_accuracy_s(lb_net_s *net, size_t n, const float *X,
                                   size_t ldx, const int32_t *labels,
                                   double *accuracy);

/**
 * Writes the network's layers and parameters to a model file; the format,
 * version 1, all integers and floats little-endian:
 *
 * @code{.unparsed}
 *   offset  size  field
 *   0       8     magic 89 4C 42 4E 45 54 0D 0A ("\x89LBNET\r\n")
 *   8       4     u32 version, 1
 *   12      4     u32 dtype: 0x0D float32, 0x0E float64 (IDX's codes)
 *   16      8     u64 n_in, the inputs of the first layer
 *   24      8     u64 L, the number of layers
 *   32      16*L  per layer: u32 kind (lb_layer_kind), u32 0, u64 n_out
 *   32+16L  8     u64 P, the number of parameters (what the layers imply)
 *   40+16L  P*w   the parameter block, IEEE 754 (w = 4 or 8 bytes)
 *   end-4   4     u32 CRC-32 of every byte before it (zlib's crc32())
 * @endcode
 *
 * The save never destroys the file it replaces: the bytes go to a new
 * temporary file beside it (`path.tmp-XXXXXXXX`, same directory), which is
 * synced to disk (fsync) and then renamed over `path`, and the directory
 * is synced so that the rename lasts. A failure up to the rename (a full
 * disk, an error writing or syncing) removes the temporary and leaves any
 * old file at `path` byte for byte as it was; a process killed during the
 * save leaves the old file (and may leave the temporary behind). The
 * directory must be writable.
 * A network without an affine layer has nothing to save: its widths would
 * rest on n_in alone, and a loader could be asked for any amount of
 * memory by a few bytes of header.
 * @return LB_OK, LB_ERR_NULL, LB_ERR_ARG (no affine layer), LB_ERR_IO
 *         (nothing replaced; or, once the new file is in place, its
 *         directory could not be synced), LB_ERR_NO_MEMORY.
 */
LB_API lb_status lb_net_save_d(const lb_net_d *net, const char *path);
/** Float version of lb_net_save_d(). */
LB_API lb_status lb_net_save_s(const lb_net_s *net, const char *path);

/**
 * Creates a network for batches of up to max_batch rows from a model file
 * of either dtype (values converted to this precision). A file that is
 * truncated, longer than its contents, foreign (magic), inconsistent
 * (also: without an affine layer) or whose checksum does not match is
 * rejected; *net is written only on success. Every width comes from a
 * layer's parameters in the file, so the activations the network
 * allocates are bounded by what the file holds.
 * @return LB_OK, LB_ERR_NULL, LB_ERR_SIZE, LB_ERR_IO (cannot open or read),
 *         LB_ERR_FORMAT, LB_ERR_UNSUPPORTED (a newer version),
 *         LB_ERR_NO_MEMORY.
 */
LB_API lb_status lb_net_load_d(const char *path, size_t max_batch,
                               lb_net_d **net);
/** Float version of lb_net_load_d(). */
LB_API lb_status lb_net_load_s(const char *path, size_t max_batch,
                               lb_net_s **net);

/**
 * Writes a checkpoint: everything the network needs to continue training
 * as if it had not stopped, and what the caller needs besides. It holds
 * the network's model file (as lb_net_save_d() writes it), the optimizer
 * (its options, the learning rate as last set, its state such as Adam's
 * moments, and the step count), the state of the caller's generator `rng`
 * (NULL: none; a data order drawn from it continues where it was), and
 * `user_len` bytes of the caller's own (`user`, NULL when user_len is 0;
 * a training loop's position, say). Saved as crash-safely as
 * lb_net_save_d(). lb_net_load_checkpoint_d() into a fresh network and the
 * same steps after it give bitwise the parameters of the run that never
 * stopped. The format, version 1, little-endian (w = 4 or 8 bytes):
 *
 * @code{.unparsed}
 *   offset  size  field
 *   0       8     magic 89 4C 42 43 4B 50 54 0A ("LBCKPT
")
 *   8       4     u32 version, 1
 *   12      4     u32 dtype: 0x0D float32, 0x0E float64, as the model's
 *   16      8     u64 M, the model file's length
 *   24      M     the model file (its own CRC-32 included)
 *   24+M    4     u32 flags: 1 an optimizer is set, 2 a generator is stored
 *   28+M    4     u32 the optimizer's kind (lb_optim_kind; 0 without one)
 *   32+M    56    f64 lr, momentum, dampening, beta1, beta2, eps,
 *                 weight_decay (lb_optim_opts; 0 without an optimizer)
 *   88+M    8     u64 t, the optimizer steps taken
 *   96+M    32    u64 x 4, the generator's state (lb_rng; 0 without one)
 *   128+M   8     u64 S, the optimizer's state values (what
 *                 lb_optim_state_size() gives for the parameters)
 *   136+M   S*w   the state: the momentum buffer, or Adam's m then v
 *   ...     8     u64 U, the caller's bytes
 *   ...     U     the caller's bytes, as given
 *   end-4   4     u32 CRC-32 of every byte before it
 * @endcode
 *
 * @return LB_OK, LB_ERR_NULL, LB_ERR_ARG (no affine layer, as
 *         lb_net_save_d()), LB_ERR_IO (as lb_net_save_d()),
 *         LB_ERR_NO_MEMORY.
 */
LB_API lb_status lb_net_save_checkpoint_d(const lb_net_d *net,
                                          const lb_rng *rng, const void *user,
                                          size_t user_len, const char *path);
/** Float version of lb_net_save_checkpoint_d(). */
LB_API lb_status lb_net_save_checkpoint_s(const lb_net_s *net,
                                          const lb_rng *rng, const void *user,
                                          size_t user_len, const char *path);

/**
 * Creates a network for batches of up to max_batch rows from a checkpoint
 * of lb_net_save_checkpoint_d(), with its optimizer, state and step count;
 * `rng`, when not NULL, receives the stored generator; the caller's bytes
 * go to `user` (room for user_cap bytes; NULL when user_cap is 0) and their
 * number to *user_len (when not NULL). The checkpoint must be of this
 * precision (a model file converts, an optimizer's state would not resume
 * exactly). A file that is truncated, longer than its contents, foreign,
 * inconsistent (its model included) or whose checksum does not match is
 * rejected. Nothing is written on failure, except *user_len on
 * LB_ERR_SIZE, so a caller can ask for the room it needs.
 * @return LB_OK, LB_ERR_NULL, LB_ERR_SIZE (max_batch 0 or too large; the
 *         caller's bytes exceed user_cap), LB_ERR_IO, LB_ERR_FORMAT,
 *         LB_ERR_UNSUPPORTED (a newer version), LB_ERR_ARG (the other
 *         precision; rng given but none stored), LB_ERR_NO_MEMORY.
 */
LB_API lb_status lb_net_load_checkpoint_d(const char *path, size_t max_batch,
                                          lb_net_d **net, lb_rng *rng,
                                          void *user, size_t user_cap,
                                          size_t *user_len);
/** Float version of lb_net_load_checkpoint_d(). */
LB_API lb_status lb_net_load_checkpoint_s(const char *path, size_t max_batch,
                                          lb_net_s **net, lb_rng *rng,
                                          void *user, size_t user_cap,
                                          size_t *user_len);

/** The most dimensions an IDX file may have for lb_idx_load(). */
#define LB_IDX_MAX_DIMS 8

/** An IDX array of unsigned bytes (the format of MNIST and Fashion-MNIST). */
typedef struct lb_idx {
    size_t ndims;                 /**< 1..LB_IDX_MAX_DIMS */
    size_t dims[LB_IDX_MAX_DIMS]; /**< sizes, outermost first */
    size_t count;                 /**< the product of dims */
    uint8_t *data;                /**< count values, row-major */
} lb_idx;

/**
 * Loads an IDX file, gzip-compressed or plain (told apart by its first
 * bytes, through zlib): magic 00 00 08 D (unsigned bytes, D dimensions,
 * 1 <= D <= LB_IDX_MAX_DIMS), D big-endian u32 sizes, each >= 1, then
 * exactly their product of bytes. The data are allocated here (the one
 * allocation, grown while reading, so a lying header cannot ask for more
 * memory than the file holds plus a little) and freed by lb_idx_free();
 * *idx is written only on success.
 * @return LB_OK, LB_ERR_NULL, LB_ERR_IO (cannot open or read),
 *         LB_ERR_FORMAT (bad magic, a size of 0, sizes overflowing, a
 *         truncated file or bytes past the end, a corrupt gzip stream),
 *         LB_ERR_UNSUPPORTED (a valid IDX type other than unsigned byte,
 *         or more than LB_IDX_MAX_DIMS dimensions), LB_ERR_NO_MEMORY.
 */
LB_API lb_status lb_idx_load(const char *path, lb_idx *idx);
/** Frees the data of a loaded IDX array and zeroes it; NULL is a no-op. */
LB_API void lb_idx_free(lb_idx *idx);

/* ------------------------------------------------------------------------ */
/* Threads, determinism, and what this build is                              */
/* ------------------------------------------------------------------------ */

/** The most threads lb_set_num_threads() accepts (every online core, for
 *  0, is capped there too): each kernel call may start that many. */
#define LB_MAX_THREADS 1024

/**
 * Sets the number of threads layerblas uses, n >= 1; 0 means every online
 * core (the default). They run the row kernels and the GEMMs alike: a
 * pool of n - 1 workers, started when a call first wants them, that sleep
 * between calls and are joined at exit (a child of fork() starts with
 * none). layerblas splits each GEMM itself and runs every piece as a
 * single-threaded call (the BLAS's, or libxsmm's for small pieces:
 * lb_get_gemm_backend()), so it holds the BLAS's own threads at one
 * (OpenBLAS: openblas_set_num_threads(1), BLIS likewise, checked before
 * every GEMM). A program that also calls OpenBLAS directly finds it on
 * one thread after a layerblas GEMM: it may set it again for its own
 * calls, never while a layerblas call runs. Results do not depend on n
 * (@ref determinism). Call it while no kernel is running; at most
 * LB_MAX_THREADS (every online core, for 0, is capped there too). On an
 * error the count in effect stays as it was.
 * @return LB_OK, LB_ERR_ARG for n < 0 or n > LB_MAX_THREADS.
 */
LB_API lb_status lb_set_num_threads(int n);
/** The number of threads in effect (>= 1). */
LB_API int lb_get_num_threads(void);

/** What the library runs its GEMMs on, for logs and benchmarks. Every
 *  string is static, owned by the library or the BLAS, never NULL. */
typedef struct lb_blas_info {
    const char *name;   /**< "OpenBLAS", "BLIS" or "netlib CBLAS" */
    const char *config; /**< the BLAS's version/build string, or "unknown" */
    const char *core;   /**< the kernel set it chose at run time (OpenBLAS:
                             "Haswell", "SkylakeX", ...), or "unknown" */
    int threads;        /**< the BLAS's own thread count (1 while layerblas
                             drives it), 0 if it does not say */
} lb_blas_info;

/**
 * Fills *info with the BLAS this build is linked against. OpenBLAS reports
 * its config, core and threads; BLIS and netlib only their name.
 * @return LB_OK, LB_ERR_NULL.
 */
LB_API lb_status lb_get_blas_info(lb_blas_info *info);
/** The CBLAS this build was configured with, the value of its meson option
 *  `blas`: "openblas", "blis" or "netlib"; never NULL. */
LB_API const char *lb_get_blas_name(void);
/** What runs the panels of the GEMMs (each a single-threaded multiply,
 *  @ref determinism): "libxsmm" when this build has libxsmm (its meson
 *  option `xsmm`) and runs the small panels on its JIT kernels, the
 *  others on the CBLAS; "blas" when every panel is a CBLAS call. Results
 *  are reproducible per backend, not across them. Never NULL. */
LB_API const char *lb_get_gemm_backend(void);


/** The instruction set of the row kernels chosen for this CPU at the first
 *  call: "avx512", "avx2" or "portable". The environment variables
 *  LB_FORCE_PORTABLE=1 (read once) forces "portable", LB_FORCE_AVX2=1
 *  "avx2" at most. Never NULL. */
LB_API const char *lb_get_kernel_isa(void);

/*
 * Tracing. LB_VERBOSE=1 in the environment (read once, at the first
 * kernel call) prints one line per call of the affine, ReLU, softmax,
 * log-softmax, cross-entropy and fused kernels, lb_check_finite_d/_s and
 * lb_optim_step_d/_s to stderr: function, dtype, sizes and leading
 * dimensions, options, kernel ISA, threads and time in microseconds;
 * LB_VERBOSE=2 adds the calls rejected by an argument check, with their
 * status. README.md describes the lines; the meson option verbose=false
 * compiles it out.
 */

/** The library's version, "MAJOR.MINOR.PATCH" (semantic versioning, see
 *  CHANGELOG.md), of the library actually loaded; never NULL. */
LB_API const char *lb_get_version(void);
/** The same version as one number, MAJOR * 10000 + MINOR * 100 + PATCH
 *  (0.1.0 is 100), for "at least" comparisons. */
LB_API unsigned lb_get_version_number(void);

/**
 * @page determinism Determinism
 *
 * Every call gives bitwise identical results whatever the thread count
 * (lb_set_num_threads()), and so does training with lb_net: the same seed
 * and data give the same model file on 1, 2 or 3 threads.
 *
 * The row kernels (ReLU, softmax, log-softmax, cross-entropy and the fused
 * softmax-with-loss, the row work of the fused affine + cross-entropy, the
 * bias gradient db) split work only by rows (by column blocks for db),
 * each row computed by one thread alone, and every sum across rows (the
 * batch loss, db) runs in a fixed order: rows are grouped into a number of
 * chunks that depends only on the batch size, summed within a chunk in
 * row order and then over chunks in chunk order.
 *
 * The GEMMs (affine Y, dX, dW and the fused layers' products) are split
 * by layerblas into panels of the output whose boundaries depend only on
 * the GEMM's shape, each one single-threaded call over the whole inner
 * dimension (the BLAS's, or, in a build with libxsmm, a libxsmm kernel for
 * the small panels, chosen by the panel's arguments alone), so an element
 * is computed by the same call with the same operands whatever the thread
 * count.
 *
 * The AVX2 and AVX-512 builds of the row kernels give the same bits; the
 * portable build, used without AVX2 or under LB_FORCE_PORTABLE=1, computes
 * exp without FMA and may differ in the last bit of anything that involves
 * exp. A different BLAS, or the same one choosing other kernels (OpenBLAS
 * on another CPU or with OPENBLAS_CORETYPE), rounds its GEMMs differently;
 * so does another GEMM panel backend (lb_get_gemm_backend(): a build with
 * libxsmm and one without; libxsmm's kernels follow the CPU, or
 * LIBXSMM_TARGET). Results are reproducible per backend, not across them.
 */

#ifdef __cplusplus
}
#endif

#endif /* LAYERBLAS_H */

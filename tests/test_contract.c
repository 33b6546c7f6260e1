/* test_contract.c - the argument contract of every public call, as one
 * table: each case takes a valid call, changes one to three arguments
 * (NULL, size 0, sizes and leading dimensions above INT_MAX or short,
 * labels out of range, bad options, overlapping buffers) and names the
 * status the header promises; on an error nothing may have been written.
 * Run for both precisions; the few LB_OK rows show what is allowed (in
 * place, optional outputs) next to what is not. */
#include "testutil.h"
#include "test_contract.h"

#include <string.h>

#define MUT(f, v) {f, v, F_NONE, 0}
#define AT(f, src, off) {f, V_AT, src, off}
#define C1(op, f, v, want) {op, {MUT(f, v)}, want}
#define C2(op, f1, v1, f2, v2, want) {op, {MUT(f1, v1), MUT(f2, v2)}, want}
#define A1(op, f, src, off, want) {op, {AT(f, src, off)}, want}

/* Size rows: 0, INT_MAX + 1, SIZE_MAX for each size the op takes. */
#define SIZES(op, f)                                                         \
    C1(op, f, V_ZERO, LB_ERR_SIZE), C1(op, f, V_BIG, LB_ERR_SIZE),           \
        C1(op, f, V_HUGE, LB_ERR_SIZE)
/* A batch size: 0 is an empty batch, a valid call (test_empty.c); INT_MAX
 * + 1 and SIZE_MAX are too large. */
#define BATCH(op)                                                            \
    C1(op, F_N, V_ZERO, LB_OK), C1(op, F_N, V_BIG, LB_ERR_SIZE),             \
        C1(op, F_N, V_HUGE, LB_ERR_SIZE)
#define SIZES2(op) BATCH(op), SIZES(op, F_C)
#define SIZES3(op) SIZES2(op), SIZES(op, F_M)
/* A leading dimension below its row, above INT_MAX, and SIZE_MAX. */
#define LD(op, f)                                                            \
    C1(op, f, V_SHORT, LB_ERR_LD), C1(op, f, V_BIG, LB_ERR_SIZE),            \
        C1(op, f, V_HUGE, LB_ERR_SIZE)
#define NUL(op, f) C1(op, f, V_NULL, LB_ERR_NULL)
/* INT_MAX rows of INT_MAX elements: each fits an int, the bytes do not. */
#define OVERFLOW(op) C2(op, F_N, V_INTMAX, F_LD0, V_INTMAX, LB_ERR_SIZE)
#define LABELS(op)                                                           \
    C1(op, F_LABEL1, V_NEG, LB_ERR_LABEL),                                   \
        C1(op, F_LABEL1, V_CLASS, LB_ERR_LABEL), NUL(op, F_LABELS)
/* Every option out of its range, and weights only for the other
 * precision. */
#define BADOPTS(op)                                                          \
    C1(op, F_OPTS, V_BADENUM, LB_ERR_ARG),                                   \
        C1(op, F_OPTS, V_BADIGNORE, LB_ERR_ARG),                             \
        C1(op, F_OPTS, V_BADINF, LB_ERR_ARG),                                \
        C1(op, F_OPTS, V_SMOOTH_NEG, LB_ERR_ARG),                            \
        C1(op, F_OPTS, V_SMOOTH_BIG, LB_ERR_ARG),                            \
        C1(op, F_OPTS, V_SMOOTH_NAN, LB_ERR_ARG),                            \
        C1(op, F_OPTS, V_OTHER_PREC, LB_ERR_ARG)
/* Class weights: an output over them is an overlap; an input is not. */
#define WEIGHTS_ON(op, f, want) A1(op, F_WEIGHTS, f, 0, want)

/* The rows common to the map X -> Y (slots 0 -> 3, in place allowed). */
#define ROWMAP(op)                                                           \
    SIZES2(op), NUL(op, F_P0), NUL(op, F_P3), LD(op, F_LD0), LD(op, F_LD3),  \
        OVERFLOW(op), A1(op, F_P3, F_P0, 1, LB_ERR_ALIAS),                   \
        A1(op, F_P3, F_P0, 0, LB_OK),                                        \
        {op, {AT(F_P3, F_P0, 0), MUT(F_LD3, V_PLUS1)}, LB_ERR_ALIAS}
/* The rows common to the backward Y, dY -> dX (slots 0, 2 -> 3; dX may be
 * dY, never Y). */
#define ROWGRAD(op)                                                          \
    SIZES2(op), NUL(op, F_P0), NUL(op, F_P2), NUL(op, F_P3), LD(op, F_LD0),  \
        LD(op, F_LD2), LD(op, F_LD3), OVERFLOW(op),                          \
        A1(op, F_P3, F_P0, 0, LB_ERR_ALIAS),                                 \
        A1(op, F_P3, F_P2, 1, LB_ERR_ALIAS), A1(op, F_P3, F_P2, 0, LB_OK),   \
        {op, {AT(F_P3, F_P2, 0), MUT(F_LD3, V_PLUS1)}, LB_ERR_ALIAS}

/* The affine forwards: X 0, W 1, b 2, Y 3. */
#define AFFINE_FWD(op)                                                       \
    SIZES3(op), NUL(op, F_P0), NUL(op, F_P1), NUL(op, F_P3),                 \
        C1(op, F_P2, V_NULL, LB_OK), LD(op, F_LD0), LD(op, F_LD1),           \
        LD(op, F_LD3), OVERFLOW(op), A1(op, F_P3, F_P0, 1, LB_ERR_ALIAS),    \
        A1(op, F_P3, F_P0, 0, LB_ERR_ALIAS),                                 \
        A1(op, F_P3, F_P1, 0, LB_ERR_ALIAS),                                 \
        A1(op, F_P2, F_P3, 2, LB_ERR_ALIAS)

const ct_case ct_cases[] = {
    AFFINE_FWD(OP_AFFINE_FWD), AFFINE_FWD(OP_AFFINE_RELU_FWD),
    /* affine backward: X 0, W 1, dY 2 -> dX 3, dW 4, db 5 */
    SIZES3(OP_AFFINE_BWD), NUL(OP_AFFINE_BWD, F_P2),
    {OP_AFFINE_BWD, {MUT(F_P3, V_NULL), MUT(F_P4, V_NULL), MUT(F_P5, V_NULL)},
     LB_ERR_NULL},
    NUL(OP_AFFINE_BWD, F_P0), NUL(OP_AFFINE_BWD, F_P1),
    C1(OP_AFFINE_BWD, F_P3, V_NULL, LB_OK),
    C2(OP_AFFINE_BWD, F_P0, V_NULL, F_P4, V_NULL, LB_OK),
    C2(OP_AFFINE_BWD, F_P1, V_NULL, F_P3, V_NULL, LB_OK),
    LD(OP_AFFINE_BWD, F_LD0), LD(OP_AFFINE_BWD, F_LD1),
    LD(OP_AFFINE_BWD, F_LD2), LD(OP_AFFINE_BWD, F_LD3),
    LD(OP_AFFINE_BWD, F_LD4), OVERFLOW(OP_AFFINE_BWD),
    A1(OP_AFFINE_BWD, F_P3, F_P0, 0, LB_ERR_ALIAS),
    A1(OP_AFFINE_BWD, F_P3, F_P1, 1, LB_ERR_ALIAS),
    A1(OP_AFFINE_BWD, F_P3, F_P2, 0, LB_ERR_ALIAS),
    A1(OP_AFFINE_BWD, F_P4, F_P0, 1, LB_ERR_ALIAS),
    A1(OP_AFFINE_BWD, F_P4, F_P1, 0, LB_ERR_ALIAS),
    A1(OP_AFFINE_BWD, F_P4, F_P2, 2, LB_ERR_ALIAS),
    A1(OP_AFFINE_BWD, F_P5, F_P2, 0, LB_ERR_ALIAS),
    A1(OP_AFFINE_BWD, F_P5, F_P4, 1, LB_ERR_ALIAS),
    A1(OP_AFFINE_BWD, F_P3, F_P4, 0, LB_ERR_ALIAS),
    A1(OP_AFFINE_BWD, F_P5, F_P3, 3, LB_ERR_ALIAS),
    /* row maps and their backwards */
    ROWMAP(OP_RELU_FWD), ROWMAP(OP_SOFTMAX_FWD), ROWMAP(OP_LOGSOFTMAX_FWD),
    ROWGRAD(OP_RELU_BWD), ROWGRAD(OP_SOFTMAX_BWD), ROWGRAD(OP_LOGSOFTMAX_BWD),
    /* cross-entropy against labels: P 0, labels, loss */
    SIZES2(OP_XENT_LABELS), NUL(OP_XENT_LABELS, F_P0),
    NUL(OP_XENT_LABELS, F_LOSS), LABELS(OP_XENT_LABELS),
    LD(OP_XENT_LABELS, F_LD0), OVERFLOW(OP_XENT_LABELS),
    BADOPTS(OP_XENT_LABELS), C1(OP_XENT_LABELS, F_OPTS, V_NULL, LB_OK),
    WEIGHTS_ON(OP_XENT_LABELS, F_LOSS, LB_ERR_ALIAS),
    WEIGHTS_ON(OP_XENT_LABELS, F_P0, LB_OK),
    A1(OP_XENT_LABELS, F_LOSS, F_P0, 2, LB_ERR_ALIAS),
    A1(OP_XENT_LABELS, F_LOSS, F_LABELS, 0, LB_ERR_ALIAS),
    A1(OP_XENT_LABELS, F_LOSS, F_P0, -1, LB_OK),
    {OP_XENT_LABELS, {MUT(F_OPTS, V_NONE), AT(F_LOSS, F_P0, -2)},
     LB_ERR_ALIAS},
    /* cross-entropy against targets: P 0, T 2, loss */
    SIZES2(OP_XENT_PROBS), NUL(OP_XENT_PROBS, F_P0), NUL(OP_XENT_PROBS, F_P2),
    NUL(OP_XENT_PROBS, F_LOSS), LD(OP_XENT_PROBS, F_LD0),
    LD(OP_XENT_PROBS, F_LD2), OVERFLOW(OP_XENT_PROBS), BADOPTS(OP_XENT_PROBS),
    C1(OP_XENT_PROBS, F_OPTS, V_IGNORE, LB_ERR_ARG),
    WEIGHTS_ON(OP_XENT_PROBS, F_LOSS, LB_ERR_ALIAS),
    A1(OP_XENT_PROBS, F_LOSS, F_P2, 1, LB_ERR_ALIAS),
    A1(OP_XENT_PROBS, F_LOSS, F_P0, 0, LB_ERR_ALIAS),
    {OP_XENT_PROBS, {MUT(F_OPTS, V_NONE), AT(F_LOSS, F_P2, -2)},
     LB_ERR_ALIAS},
    /* fused forward, labels: X 0, labels -> loss, P 3, dX 4 */
    SIZES2(OP_SX_LABELS_FWD), NUL(OP_SX_LABELS_FWD, F_P0),
    LABELS(OP_SX_LABELS_FWD),
    {OP_SX_LABELS_FWD,
     {MUT(F_LOSS, V_NULL), MUT(F_P3, V_NULL), MUT(F_P4, V_NULL)},
     LB_ERR_NULL},
    C1(OP_SX_LABELS_FWD, F_LOSS, V_NULL, LB_OK),
    C1(OP_SX_LABELS_FWD, F_P3, V_NULL, LB_OK),
    C1(OP_SX_LABELS_FWD, F_P4, V_NULL, LB_OK),
    LD(OP_SX_LABELS_FWD, F_LD0), LD(OP_SX_LABELS_FWD, F_LD3),
    LD(OP_SX_LABELS_FWD, F_LD4), OVERFLOW(OP_SX_LABELS_FWD),
    BADOPTS(OP_SX_LABELS_FWD),
    A1(OP_SX_LABELS_FWD, F_P3, F_P0, 1, LB_ERR_ALIAS),
    A1(OP_SX_LABELS_FWD, F_P4, F_P0, 0, LB_ERR_ALIAS),
    A1(OP_SX_LABELS_FWD, F_P3, F_P4, 1, LB_ERR_ALIAS),
    A1(OP_SX_LABELS_FWD, F_P3, F_LABELS, 0, LB_ERR_ALIAS),
    A1(OP_SX_LABELS_FWD, F_P4, F_LABELS, 0, LB_ERR_ALIAS),
    A1(OP_SX_LABELS_FWD, F_LOSS, F_P0, 0, LB_ERR_ALIAS),
    A1(OP_SX_LABELS_FWD, F_LOSS, F_P3, 1, LB_ERR_ALIAS),
    A1(OP_SX_LABELS_FWD, F_LOSS, F_P4, 0, LB_ERR_ALIAS),
    A1(OP_SX_LABELS_FWD, F_LOSS, F_LABELS, 0, LB_ERR_ALIAS),
    WEIGHTS_ON(OP_SX_LABELS_FWD, F_P3, LB_ERR_ALIAS),
    WEIGHTS_ON(OP_SX_LABELS_FWD, F_P4, LB_ERR_ALIAS),
    WEIGHTS_ON(OP_SX_LABELS_FWD, F_LOSS, LB_ERR_ALIAS),
    WEIGHTS_ON(OP_SX_LABELS_FWD, F_P0, LB_OK),
    {OP_SX_LABELS_FWD, {MUT(F_OPTS, V_NONE), AT(F_LOSS, F_P3, -2)},
     LB_ERR_ALIAS},
    /* fused forward, targets: X 0, T 2 -> loss, P 3, dX 4 */
    SIZES2(OP_SX_PROBS_FWD), NUL(OP_SX_PROBS_FWD, F_P0),
    NUL(OP_SX_PROBS_FWD, F_P2),
    {OP_SX_PROBS_FWD,
     {MUT(F_LOSS, V_NULL), MUT(F_P3, V_NULL), MUT(F_P4, V_NULL)},
     LB_ERR_NULL},
    LD(OP_SX_PROBS_FWD, F_LD0), LD(OP_SX_PROBS_FWD, F_LD2),
    LD(OP_SX_PROBS_FWD, F_LD3), LD(OP_SX_PROBS_FWD, F_LD4),
    OVERFLOW(OP_SX_PROBS_FWD), BADOPTS(OP_SX_PROBS_FWD),
    A1(OP_SX_PROBS_FWD, F_P3, F_P2, 0, LB_ERR_ALIAS),
    A1(OP_SX_PROBS_FWD, F_P4, F_P2, 1, LB_ERR_ALIAS),
    A1(OP_SX_PROBS_FWD, F_LOSS, F_P2, 0, LB_ERR_ALIAS),
    A1(OP_SX_PROBS_FWD, F_P3, F_P0, 0, LB_ERR_ALIAS),
    A1(OP_SX_PROBS_FWD, F_P3, F_P4, 0, LB_ERR_ALIAS),
    C1(OP_SX_PROBS_FWD, F_OPTS, V_IGNORE, LB_ERR_ARG),
    WEIGHTS_ON(OP_SX_PROBS_FWD, F_P3, LB_ERR_ALIAS),
    WEIGHTS_ON(OP_SX_PROBS_FWD, F_P4, LB_ERR_ALIAS),
    WEIGHTS_ON(OP_SX_PROBS_FWD, F_LOSS, LB_ERR_ALIAS),
    WEIGHTS_ON(OP_SX_PROBS_FWD, F_P2, LB_OK),
    /* fused backward, labels: P 0, labels -> dX 3 (dX may be P) */
    SIZES2(OP_SX_LABELS_BWD), NUL(OP_SX_LABELS_BWD, F_P0),
    NUL(OP_SX_LABELS_BWD, F_P3), LABELS(OP_SX_LABELS_BWD),
    LD(OP_SX_LABELS_BWD, F_LD0), LD(OP_SX_LABELS_BWD, F_LD3),
    OVERFLOW(OP_SX_LABELS_BWD), BADOPTS(OP_SX_LABELS_BWD),
    A1(OP_SX_LABELS_BWD, F_P3, F_P0, 1, LB_ERR_ALIAS),
    A1(OP_SX_LABELS_BWD, F_P3, F_LABELS, 0, LB_ERR_ALIAS),
    A1(OP_SX_LABELS_BWD, F_P3, F_P0, 0, LB_OK),
    WEIGHTS_ON(OP_SX_LABELS_BWD, F_P3, LB_ERR_ALIAS),
    {OP_SX_LABELS_BWD, {AT(F_P3, F_P0, 0), MUT(F_LD3, V_PLUS1)},
     LB_ERR_ALIAS},
    /* fused backward, targets: P 0, T 2 -> dX 3 (dX may be P) */
    SIZES2(OP_SX_PROBS_BWD), NUL(OP_SX_PROBS_BWD, F_P0),
    NUL(OP_SX_PROBS_BWD, F_P2), NUL(OP_SX_PROBS_BWD, F_P3),
    LD(OP_SX_PROBS_BWD, F_LD0), LD(OP_SX_PROBS_BWD, F_LD2),
    LD(OP_SX_PROBS_BWD, F_LD3), OVERFLOW(OP_SX_PROBS_BWD),
    BADOPTS(OP_SX_PROBS_BWD),
    A1(OP_SX_PROBS_BWD, F_P3, F_P2, 0, LB_ERR_ALIAS),
    A1(OP_SX_PROBS_BWD, F_P3, F_P0, 1, LB_ERR_ALIAS),
    A1(OP_SX_PROBS_BWD, F_P3, F_P0, 0, LB_OK),
    C1(OP_SX_PROBS_BWD, F_OPTS, V_IGNORE, LB_ERR_ARG),
    WEIGHTS_ON(OP_SX_PROBS_BWD, F_P3, LB_ERR_ALIAS),
    /* the non-finite check: A 0 */
    SIZES2(OP_CHECK_FINITE), NUL(OP_CHECK_FINITE, F_P0),
    LD(OP_CHECK_FINITE, F_LD0), OVERFLOW(OP_CHECK_FINITE),
    /* affine + softmax cross-entropy: X 0 [N x C], W 1 [C x M], b 2,
     * labels in [0, M) -> loss, dX 3, dW 4, db 5; work */
    SIZES3(OP_AFFINE_XENT), NUL(OP_AFFINE_XENT, F_P0),
    NUL(OP_AFFINE_XENT, F_P1), NUL(OP_AFFINE_XENT, F_WORK),
    C1(OP_AFFINE_XENT, F_P2, V_NULL, LB_OK), LABELS(OP_AFFINE_XENT),
    {OP_AFFINE_XENT,
     {MUT(F_LOSS, V_NULL), MUT(F_P3, V_NULL), MUT(F_P4, V_NULL),
      MUT(F_P5, V_NULL)},
     LB_ERR_NULL},
    {OP_AFFINE_XENT, {MUT(F_P3, V_NULL), MUT(F_P4, V_NULL), MUT(F_P5, V_NULL)},
     LB_OK},
    LD(OP_AFFINE_XENT, F_LD0), LD(OP_AFFINE_XENT, F_LD1),
    LD(OP_AFFINE_XENT, F_LD3), LD(OP_AFFINE_XENT, F_LD4),
    OVERFLOW(OP_AFFINE_XENT), BADOPTS(OP_AFFINE_XENT),
    C1(OP_AFFINE_XENT, F_OPTS, V_INFZERO, LB_ERR_ARG),
    C1(OP_AFFINE_XENT, F_WORKBYTES, V_SHORT, LB_ERR_SIZE),
    C1(OP_AFFINE_XENT, F_WORKBYTES, V_ZERO, LB_ERR_SIZE),
    C1(OP_AFFINE_XENT, F_WORK, V_MISALIGN, LB_ERR_ARG),
    A1(OP_AFFINE_XENT, F_P3, F_P0, 0, LB_ERR_ALIAS),
    A1(OP_AFFINE_XENT, F_P4, F_P1, 1, LB_ERR_ALIAS),
    A1(OP_AFFINE_XENT, F_P5, F_P2, 0, LB_ERR_ALIAS),
    A1(OP_AFFINE_XENT, F_P5, F_P4, 2, LB_ERR_ALIAS),
    A1(OP_AFFINE_XENT, F_LOSS, F_P0, 0, LB_ERR_ALIAS),
    A1(OP_AFFINE_XENT, F_LOSS, F_WORK, 0, LB_ERR_ALIAS),
    A1(OP_AFFINE_XENT, F_WORK, F_P1, 0, LB_ERR_ALIAS),
    A1(OP_AFFINE_XENT, F_WORK, F_P4, 2, LB_ERR_ALIAS),
    A1(OP_AFFINE_XENT, F_P3, F_LABELS, 0, LB_ERR_ALIAS),
    A1(OP_AFFINE_XENT, F_WORK, F_LABELS, 0, LB_ERR_ALIAS),
    WEIGHTS_ON(OP_AFFINE_XENT, F_P5, LB_ERR_ALIAS),
    WEIGHTS_ON(OP_AFFINE_XENT, F_WORK, LB_ERR_ALIAS),
    WEIGHTS_ON(OP_AFFINE_XENT, F_LOSS, LB_ERR_ALIAS),
    WEIGHTS_ON(OP_AFFINE_XENT, F_P1, LB_OK),
    C1(OP_BLAS_INFO, F_NONE, V_NULL, LB_ERR_NULL),
    /* layer objects; create: k = C, m = M (affine), c = C, max_n = N */
    NUL(OP_AFFINE_LAYER_CREATE, F_LAYER), SIZES(OP_AFFINE_LAYER_CREATE, F_C),
    SIZES(OP_AFFINE_LAYER_CREATE, F_M),
    C2(OP_AFFINE_LAYER_CREATE, F_C, V_INTMAX, F_M, V_INTMAX, LB_ERR_SIZE),
    NUL(OP_AFFINE_LAYER_PARAMS, F_LAYER),
    NUL(OP_AFFINE_LAYER_FWD, F_LAYER), BATCH(OP_AFFINE_LAYER_FWD),
    NUL(OP_AFFINE_LAYER_FWD, F_P0), NUL(OP_AFFINE_LAYER_FWD, F_P3),
    LD(OP_AFFINE_LAYER_FWD, F_LD0), LD(OP_AFFINE_LAYER_FWD, F_LD3),
    A1(OP_AFFINE_LAYER_FWD, F_P3, F_P0, 1, LB_ERR_ALIAS),
    NUL(OP_AFFINE_LAYER_BWD, F_LAYER), NUL(OP_AFFINE_LAYER_BWD, F_P2),
    C1(OP_AFFINE_LAYER_BWD, F_P3, V_NULL, LB_OK),
    LD(OP_AFFINE_LAYER_BWD, F_LD2), LD(OP_AFFINE_LAYER_BWD, F_LD3),
    A1(OP_AFFINE_LAYER_BWD, F_P3, F_P2, 0, LB_ERR_ALIAS),
    C1(OP_AFFINE_LAYER_BWD_FRESH, F_NONE, V_NULL, LB_ERR_ARG),
    NUL(OP_RELU_LAYER_CREATE, F_LAYER),
    NUL(OP_RELU_LAYER_FWD, F_LAYER), SIZES2(OP_RELU_LAYER_FWD),
    NUL(OP_RELU_LAYER_FWD, F_P0), NUL(OP_RELU_LAYER_FWD, F_P3),
    LD(OP_RELU_LAYER_FWD, F_LD0), LD(OP_RELU_LAYER_FWD, F_LD3),
    A1(OP_RELU_LAYER_FWD, F_P3, F_P0, 1, LB_ERR_ALIAS),
    NUL(OP_RELU_LAYER_BWD, F_LAYER), NUL(OP_RELU_LAYER_BWD, F_P2),
    NUL(OP_RELU_LAYER_BWD, F_P3), LD(OP_RELU_LAYER_BWD, F_LD2),
    LD(OP_RELU_LAYER_BWD, F_LD3),
    A1(OP_RELU_LAYER_BWD, F_P3, F_P2, 1, LB_ERR_ALIAS),
    C1(OP_RELU_LAYER_BWD_FRESH, F_NONE, V_NULL, LB_ERR_ARG),
    NUL(OP_SX_LAYER_CREATE, F_LAYER), SIZES(OP_SX_LAYER_CREATE, F_N),
    SIZES(OP_SX_LAYER_CREATE, F_C),
    C2(OP_SX_LAYER_CREATE, F_C, V_INTMAX, F_N, V_INTMAX, LB_ERR_SIZE),
    BADOPTS(OP_SX_LAYER_CREATE), C1(OP_SX_LAYER_CREATE, F_OPTS, V_NULL, LB_OK),
    NUL(OP_SX_LAYER_FWD_LABELS, F_LAYER), NUL(OP_SX_LAYER_FWD_LABELS, F_LOSS),
    C1(OP_SX_LAYER_FWD_LABELS, F_N, V_PLUS1, LB_ERR_SIZE),
    BATCH(OP_SX_LAYER_FWD_LABELS), NUL(OP_SX_LAYER_FWD_LABELS, F_P0),
    LABELS(OP_SX_LAYER_FWD_LABELS), LD(OP_SX_LAYER_FWD_LABELS, F_LD0),
    A1(OP_SX_LAYER_FWD_LABELS, F_LOSS, F_P0, 0, LB_ERR_ALIAS),
    NUL(OP_SX_LAYER_FWD_PROBS, F_LAYER), NUL(OP_SX_LAYER_FWD_PROBS, F_LOSS),
    C1(OP_SX_LAYER_FWD_PROBS, F_N, V_PLUS1, LB_ERR_SIZE),
    NUL(OP_SX_LAYER_FWD_PROBS, F_P0), NUL(OP_SX_LAYER_FWD_PROBS, F_P2),
    LD(OP_SX_LAYER_FWD_PROBS, F_LD0), LD(OP_SX_LAYER_FWD_PROBS, F_LD2),
    A1(OP_SX_LAYER_FWD_PROBS, F_LOSS, F_P2, 0, LB_ERR_ALIAS),
    NUL(OP_SX_LAYER_BWD, F_LAYER), NUL(OP_SX_LAYER_BWD, F_P3),
    LD(OP_SX_LAYER_BWD, F_LD3),
    C1(OP_SX_LAYER_BWD_FRESH, F_NONE, V_NULL, LB_ERR_ARG),
};
const size_t ct_ncases = sizeof ct_cases / sizeof ct_cases[0];

/* Unknown statuses still get a sentence. */
START_TEST(test_status_strings)
{
    int empty = 0, first = 0;
    for (int s = -2; s < 40; s++) {
        const char *msg = lb_status_string((lb_status)s);
        if ((!msg || !*msg) && empty++ == 0)
            first = s;
    }
    ck_assert_msg(empty == 0, "%d statuses without a sentence, first %d",
                  empty, first);
}
END_TEST

/* A valid call: N x C inputs (affine: X [N x C], W [C x M]) with padded
 * rows, in slots far enough apart that only a mutation makes them meet. */
enum { CT_N = 3, CT_C = 4, CT_M = 5, CT_PAD = 2, CT_SLOT = 128, CT_GAP = 16,
       CT_NSLOT = 9, CT_LABEL_SLOT = 6, CT_LOSS_SLOT = 7, CT_WORK_SLOT = 8 };

/* Each op's slots: the row length of slot s is CT_C, CT_M or 0 (unused). */
static size_t ct_cols(ct_op op, int s)
{
    static const char roles[OP_COUNT][7] = {
        [OP_AFFINE_FWD] = "CMMM--",  [OP_AFFINE_RELU_FWD] = "CMMM--",
        [OP_AFFINE_BWD] = "CMMCMM",
        [OP_RELU_FWD] = "C--C--",     [OP_RELU_BWD] = "C-CC--",
        [OP_SOFTMAX_FWD] = "C--C--",  [OP_SOFTMAX_BWD] = "C-CC--",
        [OP_LOGSOFTMAX_FWD] = "C--C--", [OP_LOGSOFTMAX_BWD] = "C-CC--",
        [OP_XENT_LABELS] = "C-----",  [OP_XENT_PROBS] = "C-C---",
        [OP_SX_LABELS_FWD] = "C--CC-", [OP_SX_PROBS_FWD] = "C-CCC-",
        [OP_SX_LABELS_BWD] = "C--C--", [OP_SX_PROBS_BWD] = "C-CC--",
        [OP_CHECK_FINITE] = "C-----", [OP_AFFINE_XENT] = "CMMCMM",
        [OP_AFFINE_LAYER_FWD] = "C--M--", [OP_AFFINE_LAYER_BWD] = "--MC--",
        [OP_AFFINE_LAYER_BWD_FRESH] = "--MC--",
        [OP_RELU_LAYER_FWD] = "C--C--", [OP_RELU_LAYER_BWD] = "--CC--",
        [OP_RELU_LAYER_BWD_FRESH] = "--CC--",
        [OP_SX_LAYER_FWD_LABELS] = "C-----", [OP_SX_LAYER_FWD_PROBS] = "C-C---",
        [OP_SX_LAYER_BWD] = "---C--", [OP_SX_LAYER_BWD_FRESH] = "---C--",
    };
    char r = roles[op][s];
    return r == 'C' ? CT_C : r == 'M' ? CT_M : 0;
}

#define LB_DOUBLE 1
#include "test_contract.inc"
#define LB_DOUBLE 0
#include "test_contract.inc"

Suite *suite_contract(void)
{
    Suite *s = tu_suite("contract");
    TCase *tc = tu_tcase(s, "errors");
    tcase_add_loop_test(tc, test_contract_d, 0, (int)ct_ncases);
    tcase_add_loop_test(tc, test_contract_s, 0, (int)ct_ncases);
    tcase_add_test(tc, test_status_strings);
    return s;
}

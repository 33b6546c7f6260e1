/*
 * test_contract.h - the table of bad-argument cases of test_contract.c,
 * shared by both precisions: which public call, which of its arguments is
 * changed from a valid call and how, and the status the contract promises.
 */
#ifndef LB_TEST_CONTRACT_H
#define LB_TEST_CONTRACT_H

#include "layerblas.h"

#include <stddef.h>

/* Every public call that takes arguments a caller can get wrong. */
typedef enum ct_op {
    OP_AFFINE_FWD,
    OP_AFFINE_RELU_FWD,
    OP_AFFINE_BWD,
    OP_RELU_FWD,
    OP_RELU_BWD,
    OP_SOFTMAX_FWD,
    OP_SOFTMAX_BWD,
    OP_LOGSOFTMAX_FWD,
    OP_LOGSOFTMAX_BWD,
    OP_XENT_LABELS,
    OP_XENT_PROBS,
    OP_SX_LABELS_FWD,
    OP_SX_PROBS_FWD,
    OP_SX_LABELS_BWD,
    OP_SX_PROBS_BWD,
    OP_CHECK_FINITE,
    OP_AFFINE_XENT,
    OP_BLAS_INFO,
    OP_AFFINE_LAYER_CREATE,
    OP_AFFINE_LAYER_PARAMS,
    OP_AFFINE_LAYER_FWD,
    OP_AFFINE_LAYER_BWD,
    OP_AFFINE_LAYER_BWD_FRESH, /* backward before any forward */
    OP_RELU_LAYER_CREATE,
    OP_RELU_LAYER_FWD,
    OP_RELU_LAYER_BWD,
    OP_RELU_LAYER_BWD_FRESH,
    OP_SX_LAYER_CREATE,
    OP_SX_LAYER_FWD_LABELS,
    OP_SX_LAYER_FWD_PROBS,
    OP_SX_LAYER_BWD,
    OP_SX_LAYER_BWD_FRESH,
    OP_COUNT
} ct_op;

/* The argument a mutation changes. Sizes: N is the batch, C the second
 * size (k of affine, the classes or columns elsewhere), M the third.
 * Matrices sit in slots 0-5 (see test_contract.inc for each op's roles). */
typedef enum ct_field {
    F_NONE,
    F_N, F_C, F_M,
    F_P0, F_P1, F_P2, F_P3, F_P4, F_P5,
    F_LD0, F_LD1, F_LD2, F_LD3, F_LD4, F_LD5,
    F_LABELS, F_LOSS, F_OPTS, F_LAYER,
    F_LABEL1, /* the value of labels[1] */
    F_WEIGHTS, /* the class weights of the options (NULL in a valid call) */
    F_WORK, F_WORKBYTES /* affine_xent's workspace */
} ct_field;

typedef enum ct_val {
    V_NULL,   /* pointer := NULL */
    V_ZERO,   /* size := 0 */
    V_BIG,    /* size or ld := INT_MAX + 1 */
    V_INTMAX, /* size or ld := INT_MAX (accepted by itself) */
    V_HUGE,   /* size or ld := SIZE_MAX */
    V_SHORT,  /* ld := its row's length - 1 */
    V_PLUS1,  /* size or ld := +1 */
    V_NEG,    /* label := -1 */
    V_CLASS,  /* label := C */
    V_BADENUM,/* opts->reduction := 99 */
    V_NONE,   /* opts->reduction := LB_REDUCE_NONE */
    V_BADIGNORE, V_BADINF, /* opts->ignore, ->inf_rows := 7 */
    V_INFZERO,   /* opts->inf_rows := LB_INF_ROWS_ZERO */
    V_IGNORE,    /* opts->ignore := LB_IGNORE_INDEX (-100) */
    V_SMOOTH_NEG, V_SMOOTH_BIG, V_SMOOTH_NAN, /* label_smoothing */
    V_OTHER_PREC, /* class weights given for the other precision only */
    V_MISALIGN,   /* pointer := 4 bytes on */
    V_AT      /* pointer := the pointer of field `src` + off elements */
} ct_val;

typedef struct ct_mut {
    ct_field f;
    ct_val v;
    ct_field src; /* for V_AT: F_P0..F_P5, F_LABELS or F_LOSS */
    int off;
} ct_mut;

typedef struct ct_case {
    ct_op op;
    ct_mut mut[4];
    lb_status want;
} ct_case;

extern const ct_case ct_cases[];
extern const size_t ct_ncases;

#endif /* LB_TEST_CONTRACT_H */

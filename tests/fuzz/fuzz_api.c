/*
 * fuzz_api.c - a libFuzzer target over the public kernels. The input bytes
 * choose the call, the precision, sizes (now and then 0 or above INT_MAX),
 * leading dimensions (now and then short), where each buffer sits in one
 * arena (so buffers can overlap), NULL pointers, labels, options (class
 * weights, which may overlap other buffers too, smoothing, ignored rows),
 * affine_xent's chunk and workspace, and the values (finite at several
 * scales, or NaN, +-inf, -0, denormals). Bytes past the end read as 0, the
 * plainest choice, and the bytes added for options come last, so older
 * inputs keep their meaning.
 *
 * Invariants, checked by an oracle that reads the contract independently:
 *  - the status is LB_OK exactly when the arguments are valid (sizes, lds,
 *    labels, options, pointers, overlaps as the header allows them);
 *  - on an error the arena, every input, output and pad, is unchanged;
 *  - with finite inputs the outputs are finite and agree with a plain
 *    long double reference within the tolerances stated below;
 *    probabilities lie in [0, 1] and sum to 1 per row, losses are >= 0;
 *  - with non-finite logits a row follows the header's policy (NaN, +inf
 *    or only -inf in the row: a NaN row; -inf on the target: loss +inf).
 * A violation prints what broke and aborts, which libFuzzer reports.
 * replay.c runs the same function over stored inputs without libFuzzer.
 */
#include "layerblas.h"

#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The input, read a byte at a time; past its end every byte is 0, which
 * always decodes to the plainest choice. */
typedef struct fz_in {
    const uint8_t *p;
    size_t n, at;
} fz_in;

static unsigned fz_byte(fz_in *in)
{
    return in->at < in->n ? in->p[in->at++] : 0;
}

#define FZ_FAIL(...)                                                         \
    do {                                                                     \
        fprintf(stderr, "fuzz_api: " __VA_ARGS__);                           \
        fputc('\n', stderr);                                                 \
        abort();                                                             \
    } while (0)

typedef enum fz_op {
    FZ_AFFINE_FWD, FZ_AFFINE_BWD, FZ_RELU_FWD, FZ_RELU_BWD, FZ_SOFTMAX_FWD,
    FZ_SOFTMAX_BWD, FZ_LOGSOFTMAX_FWD, FZ_LOGSOFTMAX_BWD, FZ_XENT_LABELS,
    FZ_XENT_PROBS, FZ_SX_LABELS_FWD, FZ_SX_PROBS_FWD, FZ_SX_LABELS_BWD,
    FZ_SX_PROBS_BWD, FZ_CHECK_FINITE, FZ_AFFINE_XENT, FZ_AFFINE_RELU_FWD,
    FZ_NOPS
} fz_op;

/* Argument kinds: how the oracle treats a buffer. */
typedef enum fz_kind { K_IN, K_OUT, K_INOUT } fz_kind;
/* What values an input holds. */
typedef enum fz_fill {
    FILL_ANY,    /* any value, scaled */
    FILL_PROB,   /* (0, 1] */
    FILL_TARGET, /* [0, 1] */
    FILL_LOGP,   /* <= 0 */
    FILL_NONE
} fz_fill;

/* One buffer argument: rows x cols from the sizes 'N', 'C', 'M' or '1'. */
typedef struct fz_argspec {
    char rows, cols;
    fz_kind kind;
    fz_fill fill;
    bool optional;
    int inplace_with; /* the input an output may be in place with, or -1 */
} fz_argspec;

/* Buffers: args 0-5, labels, loss, class weights, affine_xent's
 * workspace; the mutations that move or NULL a buffer reach the first
 * FZ_NMUT (the weights and workspace have their own bytes). */
enum { FZ_MAXARG = 6, FZ_LABELS = 6, FZ_LOSS = 7, FZ_WEIGHTS = 8,
       FZ_WORK = 9, FZ_NSLOT = 10, FZ_NMUT = 8 };

typedef struct fz_opspec {
    int nargs;
    fz_argspec a[FZ_MAXARG];
    bool labels, loss, opts;
} fz_opspec;

#define IN(r, c, f) {r, c, K_IN, f, false, -1}
#define OUT(r, c, ip) {r, c, K_OUT, FILL_NONE, false, ip}
#define OPT_OUT(r, c) {r, c, K_OUT, FILL_NONE, true, -1}
static const fz_opspec fz_ops[FZ_NOPS] = {
    [FZ_AFFINE_FWD] = {4, {IN('N', 'C', FILL_ANY), IN('C', 'M', FILL_ANY),
                           {'1', 'M', K_IN, FILL_ANY, true, -1},
                           OUT('N', 'M', -1)}, false, false, false},
    [FZ_AFFINE_RELU_FWD] = {4, {IN('N', 'C', FILL_ANY),
                                IN('C', 'M', FILL_ANY),
                                {'1', 'M', K_IN, FILL_ANY, true, -1},
                                OUT('N', 'M', -1)}, false, false, false},
    /* X and W are optional in the sense that only dW needs X and only dX
     * needs W: fz_required() knows. */
    [FZ_AFFINE_BWD] = {6, {{'N', 'C', K_IN, FILL_ANY, true, -1},
                           {'C', 'M', K_IN, FILL_ANY, true, -1},
                           IN('N', 'M', FILL_ANY),
                           {'N', 'C', K_OUT, FILL_NONE, true, -1},
                           {'C', 'M', K_INOUT, FILL_ANY, true, -1},
                           {'1', 'M', K_INOUT, FILL_ANY, true, -1}},
                       false, false, false},
    [FZ_RELU_FWD] = {2, {IN('N', 'C', FILL_ANY), OUT('N', 'C', 0)}, false, false, false},
    [FZ_RELU_BWD] = {3, {IN('N', 'C', FILL_ANY), IN('N', 'C', FILL_ANY),
                         OUT('N', 'C', 1)}, false, false, false},
    [FZ_SOFTMAX_FWD] = {2, {IN('N', 'C', FILL_ANY), OUT('N', 'C', 0)}, false, false, false},
    [FZ_SOFTMAX_BWD] = {3, {IN('N', 'C', FILL_ANY), IN('N', 'C', FILL_ANY),
                            OUT('N', 'C', 1)}, false, false, false},
    [FZ_LOGSOFTMAX_FWD] = {2, {IN('N', 'C', FILL_ANY), OUT('N', 'C', 0)}, false, false, false},
    [FZ_LOGSOFTMAX_BWD] = {3, {IN('N', 'C', FILL_LOGP),
                               IN('N', 'C', FILL_ANY), OUT('N', 'C', 1)}, false, false, false},
    [FZ_XENT_LABELS] = {1, {IN('N', 'C', FILL_PROB)}, true, true, true},
    [FZ_XENT_PROBS] = {2, {IN('N', 'C', FILL_PROB),
                           IN('N', 'C', FILL_TARGET)}, false, true, true},
    [FZ_SX_LABELS_FWD] = {3, {IN('N', 'C', FILL_ANY), OPT_OUT('N', 'C'),
                              OPT_OUT('N', 'C')}, true, true, true},
    [FZ_SX_PROBS_FWD] = {4, {IN('N', 'C', FILL_ANY),
                             IN('N', 'C', FILL_TARGET), OPT_OUT('N', 'C'),
                             OPT_OUT('N', 'C')}, false, true, true},
    [FZ_SX_LABELS_BWD] = {2, {IN('N', 'C', FILL_PROB), OUT('N', 'C', 0)},
                          true, false, true},
    [FZ_SX_PROBS_BWD] = {3, {IN('N', 'C', FILL_PROB),
                             IN('N', 'C', FILL_TARGET), OUT('N', 'C', 0)},
                         false, false, true},
    [FZ_CHECK_FINITE] = {1, {IN('N', 'C', FILL_ANY)}, false, false, false},
    /* classes M; X [N x C] is the k-wide input */
    [FZ_AFFINE_XENT] = {6, {IN('N', 'C', FILL_ANY), IN('C', 'M', FILL_ANY),
                            {'1', 'M', K_IN, FILL_ANY, true, -1},
                            {'N', 'C', K_OUT, FILL_NONE, true, -1},
                            {'C', 'M', K_INOUT, FILL_ANY, true, -1},
                            {'1', 'M', K_INOUT, FILL_ANY, true, -1}},
                        true, true, true},
};

/* A size the contract rejects: 0, just above INT_MAX, or SIZE_MAX. */
static size_t fz_bad_size(unsigned b)
{
    static const size_t bad[3] = {0, (size_t)INT_MAX + 1, SIZE_MAX};
    return bad[b % 3];
}

/* Classification through double: valgrind runs x87 long double as double
 * and then misreads its infinities, and every value classified here is a
 * double or float to begin with, or a reference that double holds. */
static bool fz_isnan(long double x) { return isnan((double)x); }
static bool fz_isinf(long double x) { return isinf((double)x); }
static bool fz_isfinite(long double x) { return isfinite((double)x); }

/* [begin, end) byte ranges, as the header defines overlap. */
typedef struct fz_range {
    uintptr_t begin, end;
    size_t ld;
} fz_range;

static bool fz_overlap(fz_range a, fz_range b)
{
    return a.begin < a.end && b.begin < b.end && a.begin < b.end &&
           b.begin < a.end;
}

/* The arena: FZ_NSLOT slots of FZ_SLOT elements with a margin before the
 * first, so an overlap placed one element early stays inside. */
enum { FZ_SLOT = 512, FZ_MARGIN = 16,
       FZ_ARENA = 2 * FZ_MARGIN + FZ_NSLOT * FZ_SLOT };

#define LB_DOUBLE 1
#include "fuzz_api.inc"
#define LB_DOUBLE 0
#include "fuzz_api.inc"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fz_in in = {data, size, 0};
    unsigned head = fz_byte(&in), sel = head >> 1;
    /* The last 8 of 128 choices pick the fused affine + cross-entropy,
     * the 8 before them the fused affine + ReLU forward (added later: the
     * 23 stored inputs there called the first ops before), the rest the
     * first ops in turn. */
    fz_op op = sel >= 120   ? FZ_AFFINE_XENT
               : sel >= 112 ? FZ_AFFINE_RELU_FWD
                            : (fz_op)(sel % FZ_AFFINE_XENT);
    if (head & 1)
        fz_run_s(op, &in);
    else
        fz_run_d(op, &in);
    return 0;
}

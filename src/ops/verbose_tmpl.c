/*
 * verbose_tmpl.c - the public kernels when the LB_VERBOSE trace is
 * compiled in (core/verbose.h): each entry names a kernel, its parameters,
 * the arguments passed on to its untraced body, and the sizes and options
 * fields of its line. Built once per precision.
 */
#include "internal.h"

#include "precision_begin.h"

#define LB_DTYPE (sizeof(real) == 8 ? "f64" : "f32")
#define LB_STR(x) LB_STR_(x)
#define LB_STR_(x) #x

/* Defines the public kernel name around its body LB_TRACED(name): with
 * the trace off, a load and a branch, then a tail call of the body; the
 * traced call lives in a function of its own (name_trace) so that the
 * fast path keeps no stack frame. Locals end in _ to stay clear of the
 * kernels' parameter names. */
#define LB_TRACE_FN(name, params, args, ...)                                 \
    lb_status LB_TRACED(LB_FN(name)) params;                                 \
    static __attribute__((noinline, cold)) lb_status LB_FN(name##_trace)     \
        params                                                               \
    {                                                                        \
        char buf_[2][160]; /* for LB_XENT and LB_OUTS */                     \
        (void)buf_;                                                          \
        lb_trace trace_ = lb_trace_begin();                                  \
        lb_status st_ = LB_TRACED(LB_FN(name)) args;                         \
        lb_trace_end(&trace_, lb_verbose_level(), LB_STR(LB_FN(name)),        \
                     LB_DTYPE, st_, __VA_ARGS__);                            \
        return st_;                                                          \
    }                                                                        \
    lb_status LB_FN(name) params                                             \
    {                                                                        \
        if (__builtin_expect(lb_verbose_level() == 0, 1))                    \
            return LB_TRACED(LB_FN(name)) args;                              \
        return LB_FN(name##_trace) args;                                     \
    }
/* Field helpers for the entries, on the two scratch strings. */
#define LB_XENT(opts)                                                        \
    lb_trace_xent(opts, sizeof(real) == 8, buf_[0], sizeof buf_[0])
#define LB_OUTS(names, ...)                                                  \
    lb_trace_outs(buf_[1], sizeof buf_[1], names,                            \
                  (const void *const[]){__VA_ARGS__})

LB_TRACE_FN(lb_affine_forward,
    (size_t n, size_t k, size_t m, const real *X, size_t ldx, const real *W,
     size_t ldw, const real *b, real *Y, size_t ldy),
    (n, k, m, X, ldx, W, ldw, b, Y, ldy),
    "n:%zu k:%zu m:%zu ldx:%zu ldw:%zu ldy:%zu,bias:%s", n, k, m, ldx, ldw,
    ldy, b ? "yes" : "no")

LB_TRACE_FN(lb_affine_relu_forward,
    (size_t n, size_t k, size_t m, const real *X, size_t ldx, const real *W,
     size_t ldw, const real *b, real *Y, size_t ldy),
    (n, k, m, X, ldx, W, ldw, b, Y, ldy),
    "n:%zu k:%zu m:%zu ldx:%zu ldw:%zu ldy:%zu,bias:%s", n, k, m, ldx, ldw,
    ldy, b ? "yes" : "no")

LB_TRACE_FN(lb_affine_backward,
    (size_t n, size_t k, size_t m, const real *X, size_t ldx, const real *W,
     size_t ldw, const real *dY, size_t lddy, real *dX, size_t lddx,
     real *dW, size_t lddw, real *db, real beta),
    (n, k, m, X, ldx, W, ldw, dY, lddy, dX, lddx, dW, lddw, db, beta),
    "n:%zu k:%zu m:%zu ldx:%zu ldw:%zu lddy:%zu lddx:%zu lddw:%zu,"
    "out:%s beta:%g", n, k, m, ldx, ldw, lddy, lddx, lddw,
    LB_OUTS("dX dW db", dX, dW, db), (double)beta)

LB_TRACE_FN(lb_affine_sgd_backward,
    (size_t n, size_t k, size_t m, const real *X, size_t ldx,
     lb_input_act act, real *W, size_t ldw, real *b, const real *dY,
     size_t lddy, real *dX, size_t lddx, double lr),
    (n, k, m, X, ldx, act, W, ldw, b, dY, lddy, dX, lddx, lr),
    "n:%zu k:%zu m:%zu ldx:%zu ldw:%zu lddy:%zu lddx:%zu,"
    "input:%s bias:%s out:%s lr:%g", n, k, m, ldx, ldw, lddy, lddx,
    act == LB_INPUT_RELU ? "relu" : "plain", b ? "yes" : "no",
    LB_OUTS("dX", dX), lr)

LB_TRACE_FN(lb_affine_xent_labels_forward,
    (size_t n, size_t k, size_t c, const real *X, size_t ldx, const real *W,
     size_t ldw, const real *b, const int32_t *labels,
     const lb_xent_opts *opts, size_t chunk, void *work, size_t work_bytes,
     real *loss, real *dX, size_t lddx, real *dW, size_t lddw, real *db,
     real beta),
    (n, k, c, X, ldx, W, ldw, b, labels, opts, chunk, work, work_bytes, loss,
     dX, lddx, dW, lddw, db, beta),
    "n:%zu k:%zu c:%zu ldx:%zu ldw:%zu lddx:%zu lddw:%zu chunk:%zu "
    "work_bytes:%zu,%s bias:%s out:%s beta:%g", n, k, c, ldx, ldw, lddx,
    lddw, chunk, work_bytes, LB_XENT(opts), b ? "yes" : "no",
    LB_OUTS("loss dX dW db", loss, dX, dW, db), (double)beta)

LB_TRACE_FN(lb_relu_forward,
    (size_t n, size_t m, const real *X, size_t ldx, real *Y, size_t ldy),
    (n, m, X, ldx, Y, ldy),
    "n:%zu m:%zu ldx:%zu ldy:%zu,inplace:%s", n, m, ldx, ldy,
    (const void *)X == (const void *)Y ? "yes" : "no")

LB_TRACE_FN(lb_relu_backward,
    (size_t n, size_t m, const real *Y, size_t ldy, const real *dY,
     size_t lddy, real *dX, size_t lddx),
    (n, m, Y, ldy, dY, lddy, dX, lddx),
    "n:%zu m:%zu ldy:%zu lddy:%zu lddx:%zu,inplace:%s", n, m, ldy, lddy, lddx,
    (const void *)dY == (const void *)dX ? "yes" : "no")

/* The four row-wise softmax kernels share one signature. */
#define LB_TRACE_ROWWISE(name, in, out)                                      \
    LB_TRACE_FN(name,                                                        \
        (size_t n, size_t c, const real *A, size_t lda, real *B, size_t ldb), \
        (n, c, A, lda, B, ldb),                                              \
        "n:%zu c:%zu ld" in ":%zu ld" out ":%zu,inplace:%s", n, c, lda, ldb,  \
        (const void *)A == (const void *)B ? "yes" : "no")
#define LB_TRACE_ROWWISE_BWD(name)                                           \
    LB_TRACE_FN(name,                                                        \
        (size_t n, size_t c, const real *Y, size_t ldy, const real *dY,      \
         size_t lddy, real *dX, size_t lddx),                                \
        (n, c, Y, ldy, dY, lddy, dX, lddx),                                  \
        "n:%zu c:%zu ldy:%zu lddy:%zu lddx:%zu,inplace:%s", n, c, ldy, lddy,  \
        lddx, (const void *)dY == (const void *)dX ? "yes" : "no")
LB_TRACE_ROWWISE(lb_softmax_forward, "x", "y")
LB_TRACE_ROWWISE(lb_log_softmax_forward, "x", "y")
LB_TRACE_ROWWISE_BWD(lb_softmax_backward)
LB_TRACE_ROWWISE_BWD(lb_log_softmax_backward)
#undef LB_TRACE_ROWWISE
#undef LB_TRACE_ROWWISE_BWD

LB_TRACE_FN(lb_xent_labels_forward,
    (size_t n, size_t c, const real *P, size_t ldp, const int32_t *labels,
     const lb_xent_opts *opts, real *loss),
    (n, c, P, ldp, labels, opts, loss),
    "n:%zu c:%zu ldp:%zu,%s", n, c, ldp, LB_XENT(opts))

LB_TRACE_FN(lb_xent_probs_forward,
    (size_t n, size_t c, const real *P, size_t ldp, const real *T,
     size_t ldt, const lb_xent_opts *opts, real *loss),
    (n, c, P, ldp, T, ldt, opts, loss),
    "n:%zu c:%zu ldp:%zu ldt:%zu,%s", n, c, ldp, ldt, LB_XENT(opts))

LB_TRACE_FN(lb_softmax_xent_labels_forward,
    (size_t n, size_t c, const real *X, size_t ldx, const int32_t *labels,
     const lb_xent_opts *opts, real *loss, real *P, size_t ldp, real *dX,
     size_t lddx),
    (n, c, X, ldx, labels, opts, loss, P, ldp, dX, lddx),
    "n:%zu c:%zu ldx:%zu ldp:%zu lddx:%zu,%s out:%s", n, c, ldx, ldp, lddx,
    LB_XENT(opts), LB_OUTS("loss P dX", loss, P, dX))

LB_TRACE_FN(lb_softmax_xent_probs_forward,
    (size_t n, size_t c, const real *X, size_t ldx, const real *T,
     size_t ldt, const lb_xent_opts *opts, real *loss, real *P, size_t ldp,
     real *dX, size_t lddx),
    (n, c, X, ldx, T, ldt, opts, loss, P, ldp, dX, lddx),
    "n:%zu c:%zu ldx:%zu ldt:%zu ldp:%zu lddx:%zu,%s out:%s", n, c, ldx, ldt,
    ldp, lddx, LB_XENT(opts), LB_OUTS("loss P dX", loss, P, dX))

LB_TRACE_FN(lb_softmax_xent_labels_backward,
    (size_t n, size_t c, const real *P, size_t ldp, const int32_t *labels,
     const lb_xent_opts *opts, real dloss, real *dX, size_t lddx),
    (n, c, P, ldp, labels, opts, dloss, dX, lddx),
    "n:%zu c:%zu ldp:%zu lddx:%zu,%s dloss:%g", n, c, ldp, lddx,
    LB_XENT(opts), (double)dloss)

LB_TRACE_FN(lb_softmax_xent_probs_backward,
    (size_t n, size_t c, const real *P, size_t ldp, const real *T,
     size_t ldt, const lb_xent_opts *opts, real dloss, real *dX,
     size_t lddx),
    (n, c, P, ldp, T, ldt, opts, dloss, dX, lddx),
    "n:%zu c:%zu ldp:%zu ldt:%zu lddx:%zu,%s dloss:%g", n, c, ldp, ldt, lddx,
    LB_XENT(opts), (double)dloss)

LB_TRACE_FN(lb_check_finite,
    (size_t n, size_t m, const real *A, size_t lda),
    (n, m, A, lda),
    "n:%zu m:%zu lda:%zu,-", n, m, lda)

LB_TRACE_FN(lb_optim_step,
    (const lb_optim_opts *opts, size_t n, real *params, const real *grads,
     real *state, uint64_t t),
    (opts, n, params, grads, state, t),
    "n:%zu,%s lr:%g t:%llu", n, lb_trace_optim(opts), opts ? opts->lr : 0.0,
    (unsigned long long)t)


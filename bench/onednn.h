/*
 * onednn.h - the bench's peer, impl "onednn": the same passes done with
 * oneDNN's primitives, timed in the same rounds as layerblas so the table
 * says whether we beat the best-known library on the same machine.
 * onednn.c implements it when the bench is built with oneDNN (Debian's
 * libdnnl-dev); onednn_absent.c otherwise, where every constructor returns
 * NULL. oneDNN computes in float only: for "f64" there is no peer.
 */
#ifndef LB_BENCH_ONEDNN_H
#define LB_BENCH_ONEDNN_H

#include "bench.h"

/* On oneDNN's OpenMP runtime, with OMP_WAIT_POLICY unset, runs the bench
 * again (the same argv) with OMP_WAIT_POLICY=passive: libgomp's idle
 * workers otherwise spin for milliseconds after each call, taking a core
 * from the impl timed next, and on a busy machine a spinning thread that
 * waits for a descheduled one stretches a 300 us pass to tens of ms.
 * Returns (doing nothing) otherwise; call it first thing in main(). */
void bench_onednn_prepare(char **argv);

/* What the bench knows of its oneDNN (bench_peer_info, bench.h). */
void bench_onednn_info(bench_peer_info *info);

typedef struct bench_peer bench_peer;

/* The constructors take the case's own inputs (read, never written) and
 * return NULL for "f64", without oneDNN, or when oneDNN refuses the shape
 * (with a message, and bench_failed set). Each pass is documented with its
 * outputs, in the order bench_peer_agrees() takes ours. */

/* softmax forward into dX, then one plain C pass: loss = mean of
 * -log P[i, t_i], dX = (P - onehot) / n. Outputs: dX [n x c], loss. */
bench_peer *bench_onednn_softmax_xent(const char *dtype, size_t n, size_t c,
                                      const void *X, const int32_t *t);
/* eltwise ReLU forward X -> Y, backward from Y (relu_use_dst_for_bwd):
 * (Y, dY) -> dX. Outputs: Y, dX [n x m]. */
bench_peer *bench_onednn_relu(const char *dtype, size_t n, size_t m,
                              const void *X, const void *dY);
/* inner product forward (X [n x k], W [k x m] as oneDNN's "io" weights,
 * bias b [m]) and backward data and weights with bias. Outputs: Y [n x m],
 * dX [n x k], dW [k x m], db [m]. */
bench_peer *bench_onednn_affine(const char *dtype, size_t n, size_t k,
                                size_t m, const void *X, const void *W,
                                const void *b, const void *dY);
/* One training step of the k-h-c ReLU net on X [n x k] and labels t:
 * inner product, ReLU (in place), inner product, softmax + the loss pass,
 * inner product backward data and weights, ReLU backward, the first inner
 * product's backward weights (no dX), then a plain Adam loop (opts, as
 * lb_optim_step_s() defines it) over the parameter block. params is the
 * starting block in lb_net's layout (W1 [k x h], b1, W2 [h x c], b2),
 * copied. Outputs: loss, the gradient block (of the first step). */
bench_peer *bench_onednn_net_step(const char *dtype, size_t n, size_t k,
                                  size_t h, size_t c, const void *X,
                                  const int32_t *t, const void *params,
                                  const lb_optim_opts *opts);

/* The peer as an impl of a group, named "onednn": its begin() gives
 * oneDNN lb_get_num_threads() threads. */
bench_impl bench_peer_impl(bench_peer *p);

/* Runs one pass and compares each output with ours[i] (same order, same
 * type), norm-wise; on a mismatch prints which output and where to stderr
 * and returns false. */
bool bench_peer_agrees(bench_peer *p, const void *const *ours);

/* NULL is a no-op. */
void bench_peer_free(bench_peer *p);

#endif /* LB_BENCH_ONEDNN_H */

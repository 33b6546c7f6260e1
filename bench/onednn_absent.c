/*
 * onednn_absent.c - the bench's oneDNN peer (onednn.h) when the bench is
 * built without oneDNN: no peer for any case, and the header says why.
 */
#include "onednn.h"

#include <string.h>

void bench_onednn_info(bench_peer_info *info)
{
    memset(info, 0, sizeof *info);
}

void bench_onednn_prepare(char **argv)
{
    (void)argv;
}

bench_peer *bench_onednn_softmax_xent(const char *dtype, size_t n, size_t c,
                                      const void *X, const int32_t *t)
{
    (void)dtype, (void)n, (void)c, (void)X, (void)t;
    return NULL;
}

bench_peer *bench_onednn_relu(const char *dtype, size_t n, size_t m,
                              const void *X, const void *dY)
{
    (void)dtype, (void)n, (void)m, (void)X, (void)dY;
    return NULL;
}

bench_peer *bench_onednn_affine(const char *dtype, size_t n, size_t k,
                                size_t m, const void *X, const void *W,
                                const void *b, const void *dY)
{
    (void)dtype, (void)n, (void)k, (void)m, (void)X, (void)W, (void)b;
    (void)dY;
    return NULL;
}

bench_peer *bench_onednn_net_step(const char *dtype, size_t n, size_t k,
                                  size_t h, size_t c, const void *X,
                                  const int32_t *t, const void *params,
                                  const lb_optim_opts *opts)
{
    (void)dtype, (void)n, (void)k, (void)h, (void)c, (void)X, (void)t;
    (void)params, (void)opts;
    return NULL;
}

/* Never reached: there is no peer to pass. */
bench_impl bench_peer_impl(bench_peer *p)
{
    return (bench_impl){.name = "onednn", .ctx = p};
}

bool bench_peer_agrees(bench_peer *p, const void *const *ours)
{
    (void)p, (void)ours;
    return false;
}

void bench_peer_free(bench_peer *p)
{
    (void)p;
}

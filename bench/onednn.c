/*
 * onednn.c - the bench's oneDNN peer (onednn.h) on oneDNN's C API, the
 * way a oneDNN user writes a training step: plain row-major tensors in the
 * caller's buffers, the forward primitive descriptor as the hint of the
 * backward ones, and plain C for what oneDNN has no primitive for (the
 * cross-entropy pass after its softmax, the Adam update). Primitives are
 * made for one thread count and made again when the bench changes it.
 */
#include "onednn.h"

#include <oneapi/dnnl/dnnl.h>
#include <oneapi/dnnl/dnnl_debug.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* libgomp's, the OpenMP runtime Debian's oneDNN runs on; declared here
 * so the bench needs no -fopenmp (which under clang would bring a second
 * runtime, LLVM's, that oneDNN does not read). */
void omp_set_num_threads(int n);

#define PEER_MAX_STEPS 8
#define PEER_MAX_ARGS 4
#define PEER_MAX_MEMS 16
#define PEER_MAX_OUTS 4
#define PEER_MAX_BUFS 8

/* Outputs of the two sides agree when they differ by at most this
 * fraction of the largest magnitude of ours: far above the rounding of a
 * float GEMM of a few thousand terms, far below any wrong layout, scale or
 * sign. */
#define PEER_TOL 1e-3

typedef union peer_desc {
    dnnl_softmax_v2_desc_t softmax;
    dnnl_eltwise_desc_t eltwise;
    dnnl_inner_product_desc_t ip;
} peer_desc;

/* One primitive of a pass and the memories it runs on. */
typedef struct peer_step {
    peer_desc desc;
    int hint; /* the step whose descriptor is the forward hint, or -1 */
    dnnl_primitive_desc_t pd;
    dnnl_primitive_t prim;
    int nargs;
    dnnl_exec_arg_t args[PEER_MAX_ARGS];
} peer_step;

typedef struct peer_arg {
    int arg; /* DNNL_ARG_* */
    int mem; /* index into bench_peer.mem */
} peer_arg;

typedef enum peer_kind {
    PEER_SOFTMAX_XENT,
    PEER_RELU,
    PEER_AFFINE,
    PEER_NET_STEP
} peer_kind;

struct bench_peer {
    peer_kind kind;
    size_t n, c;        /* rows; classes of the loss pass */
    const int32_t *t;   /* labels of the loss pass */
    float *probs;       /* the softmax output the loss pass turns into dZ */
    float loss;
    dnnl_engine_t engine;
    dnnl_stream_t stream;
    peer_step step[PEER_MAX_STEPS];
    int nsteps, nforward; /* steps in all; those before the loss pass */
    int built_for;        /* threads the primitives were made for; 0: none */
    dnnl_memory_desc_t md[PEER_MAX_MEMS];
    dnnl_memory_t mem[PEER_MAX_MEMS];
    int nmem;
    const float *out[PEER_MAX_OUTS];
    const char *out_name[PEER_MAX_OUTS];
    size_t out_len[PEER_MAX_OUTS];
    int nout;
    float *buf[PEER_MAX_BUFS]; /* what the peer allocated */
    int nbuf;
    /* The training step's parameter block, its gradients, Adam's state. */
    float *params, *grads, *state;
    size_t nparams;
    lb_optim_opts opts;
    uint64_t steps_taken;
};

/* ---- the runtime */

static const char *peer_runtime_name(unsigned rt)
{
    switch (rt) {
    case DNNL_RUNTIME_SEQ: return "sequential";
    case DNNL_RUNTIME_OMP: return "OpenMP (libgomp)";
    case DNNL_RUNTIME_TBB: return "TBB";
    case DNNL_RUNTIME_THREADPOOL: return "threadpool";
    default: return "unknown";
    }
}

static const char *peer_isa_name(dnnl_cpu_isa_t isa)
{
    static const struct {
        dnnl_cpu_isa_t isa;
        const char *name;
    } names[] = {
        {dnnl_cpu_isa_sse41, "sse41"},
        {dnnl_cpu_isa_avx, "avx"},
        {dnnl_cpu_isa_avx2, "avx2"},
        {dnnl_cpu_isa_avx2_vnni, "avx2_vnni"},
        {dnnl_cpu_isa_avx512_core, "avx512_core"},
        {dnnl_cpu_isa_avx512_core_vnni, "avx512_core_vnni"},
        {dnnl_cpu_isa_avx512_core_bf16, "avx512_core_bf16"},
        {dnnl_cpu_isa_avx512_core_amx, "avx512_core_amx"},
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (names[i].isa == isa)
            return names[i].name;
    return "other";
}

void bench_onednn_info(bench_peer_info *info)
{
    const dnnl_version_t *v = dnnl_version();
    memset(info, 0, sizeof *info);
    info->built = true;
    snprintf(info->version, sizeof info->version, "%d.%d.%d", v->major,
             v->minor, v->patch);
    info->runtime = peer_runtime_name(v->cpu_runtime);
    info->isa = peer_isa_name(dnnl_get_effective_cpu_isa());
    info->threads_follow = v->cpu_runtime == DNNL_RUNTIME_OMP ||
                           v->cpu_runtime == DNNL_RUNTIME_SEQ;
    if (v->cpu_runtime == DNNL_RUNTIME_OMP)
        info->wait_policy = getenv("OMP_WAIT_POLICY");
}

void bench_onednn_prepare(char **argv)
{
    if (dnnl_version()->cpu_runtime != DNNL_RUNTIME_OMP ||
        getenv("OMP_WAIT_POLICY"))
        return;
    /* libgomp reads it once, when it is loaded: hence the new image, by
     * its own path, so the process keeps its name. */
    char self[4096];
    ssize_t len = readlink("/proc/self/exe", self, sizeof self - 1);
    if (len > 0 && setenv("OMP_WAIT_POLICY", "passive", 1) == 0) {
        self[len] = '\0';
        execv(self, argv);
    }
    fprintf(stderr, "layerblas-bench: could not restart with "
                    "OMP_WAIT_POLICY=passive; oneDNN's workers will spin\n");
    unsetenv("OMP_WAIT_POLICY");
}

static unsigned peer_runtime(void)
{
    return dnnl_version()->cpu_runtime;
}

/* Prints what failed; false unless s is success. */
static bool peer_ok(dnnl_status_t s, const char *what)
{
    if (s == dnnl_success)
        return true;
    fprintf(stderr, "layerblas-bench: oneDNN %s failed: %s\n", what,
            dnnl_status2str(s));
    return false;
}

/* ---- building a pass */

static float *peer_alloc(bench_peer *p, size_t len)
{
    float *b = bench_alloc(len * sizeof(float));
    p->buf[p->nbuf++] = b;
    return b;
}

/* A memory over the caller's buffer (a peer's own or an input, which the
 * primitives that read it never write); its index, or -1. */
static int peer_mem(bench_peer *p, size_t d0, size_t d1,
                    dnnl_format_tag_t tag, const void *data)
{
    int id = p->nmem;
    dnnl_dims_t dims = {(dnnl_dim_t)d0, (dnnl_dim_t)d1};
    int ndims = tag == dnnl_a ? 1 : 2;
    if (!peer_ok(dnnl_memory_desc_init_by_tag(&p->md[id], ndims, dims,
                                              dnnl_f32, tag),
                 "memory_desc_init_by_tag") ||
        !peer_ok(dnnl_memory_create(&p->mem[id], &p->md[id], p->engine,
                                    (void *)data),
                 "memory_create"))
        return -1;
    p->nmem++;
    return id;
}

/* Rows x columns, row-major. */
static int peer_matrix(bench_peer *p, size_t rows, size_t cols,
                       const void *data)
{
    return peer_mem(p, rows, cols, dnnl_nc, data);
}

/* Weights [in x out] row-major: oneDNN's dims are (out, in), "io" the
 * layout with `in` outermost. */
static int peer_weights(bench_peer *p, size_t in, size_t out,
                        const void *data)
{
    return peer_mem(p, out, in, dnnl_io, data);
}

static int peer_vector(bench_peer *p, size_t len, const void *data)
{
    return peer_mem(p, len, 0, dnnl_a, data);
}

/* Appends a step; its index, or -1 when a descriptor failed. */
static int peer_add(bench_peer *p, dnnl_status_t desc_status,
                    const peer_desc *d, int hint, int nargs,
                    const peer_arg *a)
{
    if (!peer_ok(desc_status, "descriptor init"))
        return -1;
    peer_step *s = &p->step[p->nsteps];
    s->desc = *d;
    s->hint = hint;
    s->nargs = nargs;
    for (int i = 0; i < nargs; i++)
        s->args[i] = (dnnl_exec_arg_t){a[i].arg, p->mem[a[i].mem]};
    return p->nsteps++;
}

static int peer_ip_forward(bench_peer *p, int X, int W, int b, int Y)
{
    peer_desc d;
    dnnl_status_t s = dnnl_inner_product_forward_desc_init(
        &d.ip, dnnl_forward_training, &p->md[X], &p->md[W], &p->md[b],
        &p->md[Y]);
    return peer_add(p, s, &d, -1, 4,
                    (peer_arg[]){{DNNL_ARG_SRC, X}, {DNNL_ARG_WEIGHTS, W},
                                 {DNNL_ARG_BIAS, b}, {DNNL_ARG_DST, Y}});
}

static int peer_ip_backward_data(bench_peer *p, int fwd, int dY, int W,
                                 int dX)
{
    peer_desc d;
    dnnl_status_t s = dnnl_inner_product_backward_data_desc_init(
        &d.ip, &p->md[dX], &p->md[W], &p->md[dY]);
    return peer_add(p, s, &d, fwd, 3,
                    (peer_arg[]){{DNNL_ARG_DIFF_DST, dY},
                                 {DNNL_ARG_WEIGHTS, W},
                                 {DNNL_ARG_DIFF_SRC, dX}});
}

static int peer_ip_backward_weights(bench_peer *p, int fwd, int X, int dY,
                                    int dW, int db)
{
    peer_desc d;
    dnnl_status_t s = dnnl_inner_product_backward_weights_desc_init(
        &d.ip, &p->md[X], &p->md[dW], &p->md[db], &p->md[dY]);
    return peer_add(p, s, &d, fwd, 4,
                    (peer_arg[]){{DNNL_ARG_SRC, X}, {DNNL_ARG_DIFF_DST, dY},
                                 {DNNL_ARG_DIFF_WEIGHTS, dW},
                                 {DNNL_ARG_DIFF_BIAS, db}});
}

static int peer_relu_forward(bench_peer *p, int X, int Y)
{
    peer_desc d;
    dnnl_status_t s = dnnl_eltwise_forward_desc_init(
        &d.eltwise, dnnl_forward_training, dnnl_eltwise_relu_use_dst_for_bwd,
        &p->md[X], 0, 0);
    return peer_add(p, s, &d, -1, 2,
                    (peer_arg[]){{DNNL_ARG_SRC, X}, {DNNL_ARG_DST, Y}});
}

static int peer_relu_backward(bench_peer *p, int fwd, int Y, int dY, int dX)
{
    peer_desc d;
    dnnl_status_t s = dnnl_eltwise_backward_desc_init(
        &d.eltwise, dnnl_eltwise_relu_use_dst_for_bwd, &p->md[dY],
        &p->md[Y], 0, 0);
    return peer_add(p, s, &d, fwd, 3,
                    (peer_arg[]){{DNNL_ARG_DST, Y}, {DNNL_ARG_DIFF_DST, dY},
                                 {DNNL_ARG_DIFF_SRC, dX}});
}

static int peer_softmax(bench_peer *p, int X, int P)
{
    peer_desc d;
    dnnl_status_t s = dnnl_softmax_v2_forward_desc_init(
        &d.softmax, dnnl_forward_training, dnnl_softmax_accurate, &p->md[X],
        &p->md[P], 1);
    return peer_add(p, s, &d, -1, 2,
                    (peer_arg[]){{DNNL_ARG_SRC, X}, {DNNL_ARG_DST, P}});
}

static void peer_unbuild(bench_peer *p)
{
    for (int i = 0; i < p->nsteps; i++) {
        dnnl_primitive_destroy(p->step[i].prim);
        dnnl_primitive_desc_destroy(p->step[i].pd);
        p->step[i].prim = NULL;
        p->step[i].pd = NULL;
    }
    p->built_for = 0;
}

/* Makes the primitives for `threads`: oneDNN sizes its work split and
 * scratchpads for the threads it has when a primitive is made. */
static bool peer_build(bench_peer *p, int threads)
{
    peer_unbuild(p);
    if (peer_runtime() == DNNL_RUNTIME_OMP)
        omp_set_num_threads(threads);
    for (int i = 0; i < p->nsteps; i++) {
        peer_step *s = &p->step[i];
        const_dnnl_primitive_desc_t hint =
            s->hint >= 0 ? p->step[s->hint].pd : NULL;
        if (!peer_ok(dnnl_primitive_desc_create(&s->pd, &s->desc, NULL,
                                                p->engine, hint),
                     "primitive_desc_create") ||
            !peer_ok(dnnl_primitive_create(&s->prim, s->pd),
                     "primitive_create"))
            return false;
    }
    p->built_for = threads;
    return true;
}

static void peer_output(bench_peer *p, const char *name, const float *data,
                        size_t len)
{
    p->out_name[p->nout] = name;
    p->out[p->nout] = data;
    p->out_len[p->nout++] = len;
}

static bench_peer *peer_new(peer_kind kind, const char *dtype)
{
    if (strcmp(dtype, "f32") != 0)
        return NULL;
    bench_peer *p = bench_alloc(sizeof *p);
    p->kind = kind;
    if (peer_ok(dnnl_engine_create(&p->engine, dnnl_cpu, 0), "engine") &&
        peer_ok(dnnl_stream_create(&p->stream, p->engine,
                                   dnnl_stream_default_flags), "stream"))
        return p;
    bench_failed = true;
    bench_peer_free(p);
    return NULL;
}

/* Every memory and step made, and the primitives built: p; otherwise
 * frees it and returns NULL, and the run fails: a bench built with oneDNN
 * promises its rows. */
static bench_peer *peer_ready(bench_peer *p, bool made)
{
    if (made && peer_build(p, lb_get_num_threads()))
        return p;
    fprintf(stderr, "layerblas-bench: no onednn for this case\n");
    bench_failed = true;
    bench_peer_free(p);
    return NULL;
}

/* ---- the passes */

static void peer_run(bench_peer *p, int from, int to)
{
    for (int i = from; i < to; i++) {
        peer_step *s = &p->step[i];
        if (!peer_ok(dnnl_primitive_execute(s->prim, p->stream, s->nargs,
                                            s->args),
                     "primitive_execute"))
            exit(EXIT_FAILURE);
    }
    if (!peer_ok(dnnl_stream_wait(p->stream), "stream_wait"))
        exit(EXIT_FAILURE);
}

/* The cross-entropy oneDNN lacks, over its softmax P [n x c]: the mean of
 * -log P[i, t_i], and P turned in place into its gradient (P - onehot)/n. */
static float peer_xent(size_t n, size_t c, const int32_t *t, float *P)
{
    float loss = 0, inv = 1.0f / (float)n;
    for (size_t i = 0; i < n; i++) {
        float *row = P + i * c;
        loss -= logf(row[t[i]]);
        for (size_t j = 0; j < c; j++)
            row[j] *= inv;
        row[t[i]] -= inv;
    }
    return loss * inv;
}

/* Adam as lb_optim_step_s() defines it (weight decay 0), a plain loop. */
static void peer_adam(bench_peer *p)
{
    const lb_optim_opts *o = &p->opts;
    double step = (double)++p->steps_taken;
    float b1 = (float)o->beta1, b2 = (float)o->beta2;
    float a1 = (float)(1 - o->beta1), a2 = (float)(1 - o->beta2);
    float lr = (float)(o->lr / (1 - pow(o->beta1, step)));
    float sq = (float)sqrt(1 - pow(o->beta2, step)), eps = (float)o->eps;
    float *m = p->state, *v = p->state + p->nparams;
    for (size_t i = 0; i < p->nparams; i++) {
        float g = p->grads[i];
        m[i] = b1 * m[i] + a1 * g;
        v[i] = b2 * v[i] + a2 * g * g;
        p->params[i] -= lr * m[i] / (sqrtf(v[i]) / sq + eps);
    }
}

static void peer_pass(void *ctx)
{
    bench_peer *p = ctx;
    peer_run(p, 0, p->nforward);
    if (p->probs)
        p->loss = peer_xent(p->n, p->c, p->t, p->probs);
    if (p->nforward < p->nsteps)
        peer_run(p, p->nforward, p->nsteps);
    if (p->params)
        peer_adam(p);
}

/* Gives oneDNN the bench's thread count, remaking the primitives when it
 * changed; outside the timed samples. */
static void peer_begin(void *ctx)
{
    bench_peer *p = ctx;
    int threads = lb_get_num_threads();
    if (peer_runtime() == DNNL_RUNTIME_OMP)
        omp_set_num_threads(threads);
    if (threads != p->built_for && !peer_build(p, threads))
        exit(EXIT_FAILURE);
}

static int peer_threads_used(void *ctx)
{
    (void)ctx;
    return peer_runtime() == DNNL_RUNTIME_SEQ ? 1 : lb_get_num_threads();
}

bench_impl bench_peer_impl(bench_peer *p)
{
    return (bench_impl){.name = "onednn", .pass = peer_pass, .ctx = p,
                        .begin = peer_begin,
                        .threads_used = peer_threads_used};
}

/* ---- the cases */

bench_peer *bench_onednn_softmax_xent(const char *dtype, size_t n, size_t c,
                                      const void *X, const int32_t *t)
{
    bench_peer *p = peer_new(PEER_SOFTMAX_XENT, dtype);
    if (!p)
        return NULL;
    p->n = n;
    p->c = c;
    p->t = t;
    p->probs = peer_alloc(p, n * c);
    int x = peer_matrix(p, n, c, X), dx = peer_matrix(p, n, c, p->probs);
    bool made = x >= 0 && dx >= 0 && peer_softmax(p, x, dx) >= 0;
    p->nforward = p->nsteps;
    peer_output(p, "dX", p->probs, n * c);
    peer_output(p, "loss", &p->loss, 1);
    return peer_ready(p, made);
}

bench_peer *bench_onednn_relu(const char *dtype, size_t n, size_t m,
                              const void *X, const void *dY)
{
    bench_peer *p = peer_new(PEER_RELU, dtype);
    if (!p)
        return NULL;
    float *Y = peer_alloc(p, n * m), *dX = peer_alloc(p, n * m);
    int x = peer_matrix(p, n, m, X), y = peer_matrix(p, n, m, Y);
    int dy = peer_matrix(p, n, m, dY), dx = peer_matrix(p, n, m, dX);
    bool made = x >= 0 && y >= 0 && dy >= 0 && dx >= 0;
    int fwd = made ? peer_relu_forward(p, x, y) : -1;
    made = fwd >= 0 && peer_relu_backward(p, fwd, y, dy, dx) >= 0;
    p->nforward = p->nsteps;
    peer_output(p, "Y", Y, n * m);
    peer_output(p, "dX", dX, n * m);
    return peer_ready(p, made);
}

bench_peer *bench_onednn_affine(const char *dtype, size_t n, size_t k,
                                size_t m, const void *X, const void *W,
                                const void *b, const void *dY)
{
    bench_peer *p = peer_new(PEER_AFFINE, dtype);
    if (!p)
        return NULL;
    float *Y = peer_alloc(p, n * m), *dX = peer_alloc(p, n * k);
    float *dW = peer_alloc(p, k * m), *db = peer_alloc(p, m);
    int x = peer_matrix(p, n, k, X), w = peer_weights(p, k, m, W);
    int bb = peer_vector(p, m, b), y = peer_matrix(p, n, m, Y);
    int dy = peer_matrix(p, n, m, dY), dx = peer_matrix(p, n, k, dX);
    int dw = peer_weights(p, k, m, dW), dbb = peer_vector(p, m, db);
    bool made = x >= 0 && w >= 0 && bb >= 0 && y >= 0 && dy >= 0 &&
                dx >= 0 && dw >= 0 && dbb >= 0;
    int fwd = made ? peer_ip_forward(p, x, w, bb, y) : -1;
    made = fwd >= 0 && peer_ip_backward_data(p, fwd, dy, w, dx) >= 0 &&
           peer_ip_backward_weights(p, fwd, x, dy, dw, dbb) >= 0;
    p->nforward = p->nsteps;
    peer_output(p, "Y", Y, n * m);
    peer_output(p, "dX", dX, n * k);
    peer_output(p, "dW", dW, k * m);
    peer_output(p, "db", db, m);
    return peer_ready(p, made);
}

/* The memories of one affine layer's parameters (W at `at` in the block,
 * b after it) or of their gradients; false on a failure. */
static bool peer_layer(bench_peer *p, const float *block, size_t at,
                       size_t in, size_t out, int *w, int *b)
{
    *w = peer_weights(p, in, out, block + at);
    *b = peer_vector(p, out, block + at + in * out);
    return *w >= 0 && *b >= 0;
}

bench_peer *bench_onednn_net_step(const char *dtype, size_t n, size_t k,
                                  size_t h, size_t c, const void *X,
                                  const int32_t *t, const void *params,
                                  const lb_optim_opts *opts)
{
    bench_peer *p = peer_new(PEER_NET_STEP, dtype);
    if (!p)
        return NULL;
    size_t at2 = k * h + h;
    p->n = n;
    p->c = c;
    p->t = t;
    p->opts = *opts;
    p->nparams = at2 + h * c + c;
    p->params = peer_alloc(p, p->nparams);
    memcpy(p->params, params, p->nparams * sizeof(float));
    p->grads = peer_alloc(p, p->nparams);
    p->state = peer_alloc(p, 2 * p->nparams);
    float *H = peer_alloc(p, n * h), *dH = peer_alloc(p, n * h);
    float *Z = peer_alloc(p, n * c);
    p->probs = peer_alloc(p, n * c);
    int w1, b1, w2, b2, dw1, db1, dw2, db2;
    int x = peer_matrix(p, n, k, X), hh = peer_matrix(p, n, h, H);
    int dh = peer_matrix(p, n, h, dH), z = peer_matrix(p, n, c, Z);
    int dz = peer_matrix(p, n, c, p->probs);
    bool made = x >= 0 && hh >= 0 && dh >= 0 && z >= 0 && dz >= 0 &&
                peer_layer(p, p->params, 0, k, h, &w1, &b1) &&
                peer_layer(p, p->params, at2, h, c, &w2, &b2) &&
                peer_layer(p, p->grads, 0, k, h, &dw1, &db1) &&
                peer_layer(p, p->grads, at2, h, c, &dw2, &db2);
    int fc1 = made ? peer_ip_forward(p, x, w1, b1, hh) : -1;
    int relu = fc1 >= 0 ? peer_relu_forward(p, hh, hh) : -1;
    int fc2 = relu >= 0 ? peer_ip_forward(p, hh, w2, b2, z) : -1;
    made = fc2 >= 0 && peer_softmax(p, z, dz) >= 0;
    p->nforward = p->nsteps;
    made = made && peer_ip_backward_data(p, fc2, dz, w2, dh) >= 0 &&
           peer_ip_backward_weights(p, fc2, hh, dz, dw2, db2) >= 0 &&
           peer_relu_backward(p, relu, hh, dh, dh) >= 0 &&
           peer_ip_backward_weights(p, fc1, x, dh, dw1, db1) >= 0;
    peer_output(p, "loss", &p->loss, 1);
    peer_output(p, "gradients", p->grads, p->nparams);
    return peer_ready(p, made);
}

/* ---- the check and the end */

bool bench_peer_agrees(bench_peer *p, const void *const *ours)
{
    peer_begin(p);
    peer_pass(p);
    bool agree = true;
    for (int o = 0; o < p->nout; o++) {
        const float *mine = ours[o], *theirs = p->out[o];
        double scale = 0, worst = 0;
        size_t at = 0;
        for (size_t i = 0; i < p->out_len[o]; i++)
            scale = fmax(scale, fabs(mine[i]));
        for (size_t i = 0; i < p->out_len[o]; i++) {
            double d = fabs((double)theirs[i] - mine[i]);
            if (!(d <= worst)) { /* NaN counts as the worst */
                worst = d;
                at = i;
                if (isnan(d))
                    break;
            }
        }
        if (worst <= PEER_TOL * scale)
            continue;
        fprintf(stderr,
                "layerblas-bench: onednn's %s differs from layerblas's: "
                "%g vs %g at [%zu], more than %g of the largest |value| %g\n",
                p->out_name[o], theirs[at], mine[at], at, PEER_TOL, scale);
        agree = false;
    }
    return agree;
}

void bench_peer_free(bench_peer *p)
{
    if (!p)
        return;
    peer_unbuild(p);
    for (int i = 0; i < p->nmem; i++)
        dnnl_memory_destroy(p->mem[i]);
    if (p->stream)
        dnnl_stream_destroy(p->stream);
    if (p->engine)
        dnnl_engine_destroy(p->engine);
    for (int i = 0; i < p->nbuf; i++)
        free(p->buf[i]);
    free(p);
}

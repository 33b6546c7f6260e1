/*
 * net_tmpl.c - the sequential network, built once per precision; its model
 * file is io/model.c, its checkpoint io/checkpoint.c. Every number the
 * network computes comes from the public kernels, bit for bit; an affine
 * layer under a ReLU runs both in the GEMM's pass (affine_tmpl.h).
 */
#include "internal.h"
#include "checkpoint.h"

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* Rows whose predictions lb_net_accuracy_?() takes at a time, on its
 * stack. */
#define LB_NET_PRED_BLOCK 256
/* Bytes of parameters lb_net_save_?() converts at a time, on its stack. */
#define LB_NET_SAVE_BUFFER 4096

#include "precision_begin.h"
#include "affine_tmpl.h"

typedef struct LB_FN(net_stage) {
    lb_layer_kind kind;
    size_t in, out;
    size_t off; /* affine: W's offset in the parameter block, b after it */
    real *Y;    /* the output, [max_batch x out]; NULL for an affine layer
                 * under a ReLU, which has taken it (net_add) */
} LB_FN(net_stage);

struct LB_FN(lb_net) {
    size_t n_in, max_batch;
    size_t nlayers;
    LB_FN(net_stage) *layers;
    size_t nparams;
    real *params, *grads;
    real *dbuf[2];   /* ping-pong gradients, [max_batch x dwidth] */
    size_t dwidth;
    const real *X;   /* the last forward's input (the caller's) */
    size_t n, ldx;
    bool have_forward; /* X and n hold a forward to go back through */
    lb_optim_opts opt;
    bool has_opt;
    real *state;     /* the optimizer's, zeroed by set_optimizer */
    uint64_t t;      /* steps taken since set_optimizer */
    lb_net_grad_hook hook;
    void *hook_user;
};

lb_status LB_FN(lb_net_create)(size_t n_in, size_t max_batch,
                               LB_FN(lb_net) **net)
{
    LB_TRY(lb_check_create(net, n_in, max_batch));
    LB_FN(lb_net) *t = calloc(1, sizeof *t);
    if (!t)
        return LB_ERR_NO_MEMORY;
    t->n_in = n_in;
    t->max_batch = max_batch;
    *net = t;
    return LB_OK;
}

void LB_FN(lb_net_destroy)(LB_FN(lb_net) *net)
{
    if (!net)
        return;
    for (size_t i = 0; i < net->nlayers; i++)
        free(net->layers[i].Y);
    free(net->layers);
    free(net->params);
    free(net->grads);
    free(net->dbuf[0]);
    free(net->dbuf[1]);
    free(net->state);
    free(net);
}

/* The width of the last layer's output: the classes. */
static size_t LB_FN(net_width)(const LB_FN(lb_net) *net)
{
    return net->nlayers ? net->layers[net->nlayers - 1].out : net->n_in;
}

/* Grows *p to hold n elements; on failure *p is left as it was. */
static bool LB_FN(net_grow)(real **p, size_t n)
{
    real *q = realloc(*p, n * sizeof(real));
    if (q)
        *p = q;
    return q != NULL;
}

/* Appends a layer of `kind` with `out` outputs and `np` parameters; the
 * blocks grow first, so a failure leaves the network as it was. */
static lb_status LB_FN(net_add)(LB_FN(lb_net) *net, lb_layer_kind kind,
                                size_t out, size_t np)
{
    size_t total = net->nparams + np;
    if (total < np || total > SIZE_MAX / sizeof(real) ||
        out > SIZE_MAX / sizeof(real) / net->max_batch)
        return LB_ERR_SIZE;
    LB_FN(net_stage) *grown =
        realloc(net->layers, (net->nlayers + 1) * sizeof *grown);
    if (!grown)
        return LB_ERR_NO_MEMORY;
    net->layers = grown;
    size_t dw = out > net->dwidth ? out : net->dwidth;
    /* A ReLU over an affine layer takes that layer's output buffer: the
     * forward writes the two in one pass straight into the ReLU's, and
     * nothing reads the affine layer's own. */
    LB_FN(net_stage) *below = net->nlayers ? &grown[net->nlayers - 1] : NULL;
    bool take = kind == LB_LAYER_RELU && below &&
                below->kind == LB_LAYER_AFFINE;
    real *Y = take ? below->Y : malloc(net->max_batch * out * sizeof(real));
    if (!Y || (np && !LB_FN(net_grow)(&net->params, total)) ||
        (np && !LB_FN(net_grow)(&net->grads, total)) ||
        !LB_FN(net_grow)(&net->dbuf[0], net->max_batch * dw) ||
        !LB_FN(net_grow)(&net->dbuf[1], net->max_batch * dw)) {
        if (!take)
            free(Y);
        return LB_ERR_NO_MEMORY;
    }
    if (take)
        below->Y = NULL;
    if (np) {
        memset(net->params + net->nparams, 0, np * sizeof(real));
        memset(net->grads + net->nparams, 0, np * sizeof(real));
    }
    LB_FN(net_stage) l = {kind, LB_FN(net_width)(net), out, net->nparams, Y};
    net->layers[net->nlayers++] = l;
    net->nparams = total;
    net->dwidth = dw;
    free(net->state);
    net->state = NULL;
    net->has_opt = false;
    net->have_forward = false;
    return LB_OK;
}

lb_status LB_FN(lb_net_add_affine)(LB_FN(lb_net) *net, size_t n_out)
{
    if (!net)
        return LB_ERR_NULL;
    LB_TRY(lb_check_dim(n_out));
    size_t in = LB_FN(net_width)(net);
    /* in, n_out <= INT_MAX: (in + 1) * n_out fits in 64 bits */
    if ((in + 1) > SIZE_MAX / n_out)
        return LB_ERR_SIZE;
    return LB_FN(net_add)(net, LB_LAYER_AFFINE, n_out, (in + 1) * n_out);
}

lb_status LB_FN(lb_net_add_relu)(LB_FN(lb_net) *net)
{
    if (!net)
        return LB_ERR_NULL;
    return LB_FN(net_add)(net, LB_LAYER_RELU, LB_FN(net_width)(net), 0);
}

size_t LB_FN(lb_net_num_layers)(const LB_FN(lb_net) *net)
{
    return net ? net->nlayers : 0;
}

lb_status LB_FN(lb_net_layer)(const LB_FN(lb_net) *net, size_t i,
                              lb_layer_kind *kind, size_t *n_in,
                              size_t *n_out)
{
    if (!net)
        return LB_ERR_NULL;
    if (i >= net->nlayers)
        return LB_ERR_ARG;
    const LB_FN(net_stage) *l = &net->layers[i];
    if (kind)
        *kind = l->kind;
    if (n_in)
        *n_in = l->in;
    if (n_out)
        *n_out = l->out;
    return LB_OK;
}

lb_status LB_FN(lb_net_params)(LB_FN(lb_net) *net, real **params,
                               real **grads, size_t *count)
{
    if (!net)
        return LB_ERR_NULL;
    if (params)
        *params = net->params;
    if (grads)
        *grads = net->grads;
    if (count)
        *count = net->nparams;
    return LB_OK;
}

lb_status LB_FN(lb_net_layer_params)(const LB_FN(lb_net) *net, size_t i,
                                     size_t *offset, size_t *count)
{
    if (!net)
        return LB_ERR_NULL;
    if (i >= net->nlayers)
        return LB_ERR_ARG;
    const LB_FN(net_stage) *l = &net->layers[i];
    if (offset)
        *offset = l->off;
    if (count)
        *count = l->kind == LB_LAYER_AFFINE ? (l->in + 1) * l->out : 0;
    return LB_OK;
}

lb_status LB_FN(lb_net_set_grad_hook)(LB_FN(lb_net) *net,
                                      lb_net_grad_hook hook, void *user)
{
    if (!net)
        return LB_ERR_NULL;
    net->hook = hook;
    net->hook_user = user;
    return LB_OK;
}

lb_status LB_FN(lb_net_init)(LB_FN(lb_net) *net, lb_init_kind kind,
                             uint64_t seed)
{
    lb_rng rng;
    if (!net)
        return LB_ERR_NULL;
    if ((unsigned)kind > LB_INIT_XAVIER_NORMAL)
        return LB_ERR_ARG;
    lb_rng_seed(&rng, seed);
    for (size_t i = 0; i < net->nlayers; i++) {
        const LB_FN(net_stage) *l = &net->layers[i];
        if (l->kind != LB_LAYER_AFFINE)
            continue;
        real *W = net->params + l->off;
        LB_TRY(LB_FN(lb_init_weights)(&rng, kind, l->in, l->out, W, l->out));
        memset(W + l->in * l->out, 0, l->out * sizeof(real));
    }
    return LB_OK;
}

/* Checks a batch X [n x n_in] against the network. */
static lb_status LB_FN(net_check_input)(const LB_FN(lb_net) *net, size_t n,
                                        const real *X, size_t ldx)
{
    if (!net)
        return LB_ERR_NULL;
    LB_TRY(lb_check_rows(X, n, net->n_in, ldx, sizeof(real)));
    return net->nlayers ? LB_OK : LB_ERR_ARG;
}

/* Runs n <= max_batch checked rows through every layer; the logits are
 * the last layer's Y. */
static lb_status LB_FN(net_run)(LB_FN(lb_net) *net, size_t n, const real *X,
                                size_t ldx)
{
    const real *in = X;
    size_t ldin = ldx;
    for (size_t i = 0; i < net->nlayers; i++) {
        const LB_FN(net_stage) *l = &net->layers[i];
        bool relu_above = i + 1 < net->nlayers &&
                          net->layers[i + 1].kind == LB_LAYER_RELU;
        if (l->kind == LB_LAYER_AFFINE && relu_above) {
            /* The ReLU above in the GEMM's pass, straight into its output
             * (the affine layer has none: net_add). */
            const real *W = net->params + l->off;
            const real *b = W + l->in * l->out;
            size_t k = l->in, m = l->out;
            l = &net->layers[++i];
            LB_TRY(LB_FN(lb_affine_relu_forward)(n, k, m, in, ldin, W, m, b,
                                                 l->Y, m));
        } else if (l->kind == LB_LAYER_AFFINE) {
            const real *W = net->params + l->off;
            LB_TRY(LB_FN(lb_affine_forward)(n, l->in, l->out, in, ldin, W,
                                            l->out, W + l->in * l->out, l->Y,
                                            l->out));
        } else {
            LB_TRY(LB_FN(lb_relu_forward)(n, l->in, in, ldin, l->Y, l->out));
        }
        in = l->Y;
        ldin = l->out;
    }
    return LB_OK;
}

/* pred[i] = the first largest of the n rows of c logits Z. */
static void LB_FN(net_argmax)(size_t n, size_t c, const real *Z,
                              int32_t *pred)
{
    for (size_t i = 0; i < n; i++) {
        const real *z = Z + i * c;
        size_t best = 0;
        for (size_t j = 1; j < c; j++)
            if (z[j] > z[best])
                best = j;
        pred[i] = (int32_t)best;
    }
}

lb_status LB_FN(lb_net_forward)(LB_FN(lb_net) *net, size_t n, const real *X,
                                size_t ldx, const int32_t *labels,
                                real *loss, int32_t *pred)
{
    LB_TRY(LB_FN(net_check_input)(net, n, X, ldx));
    if (n > net->max_batch)
        return LB_ERR_SIZE;
    if (!loss)
        return LB_ERR_NULL;
    size_t c = LB_FN(net_width)(net);
    LB_TRY(lb_check_labels(n, c, labels, NULL));
    net->have_forward = false;
    LB_TRY(LB_FN(net_run)(net, n, X, ldx));
    const real *Z = net->layers[net->nlayers - 1].Y;
    /* The gradient of the mean loss w.r.t. the logits comes out of the
     * same pass as the loss, ready for backward. */
    LB_TRY(LB_FN(lb_softmax_xent_labels_forward)(n, c, Z, c, labels, NULL,
                                                 loss, NULL, 0,
                                                 net->dbuf[0], c));
    if (pred)
        LB_FN(net_argmax)(n, c, Z, pred);
    net->X = X;
    net->ldx = ldx;
    net->n = n;
    net->have_forward = true;
    return LB_OK;
}

/* LB_ERR_NULL without a network, LB_ERR_ARG when it lacks what a call
 * needs: a forward to go back through, or an optimizer. */
static lb_status LB_FN(net_ready)(const LB_FN(lb_net) *net, bool forward,
                                  bool optimizer)
{
    if (!net)
        return LB_ERR_NULL;
    if ((forward && !net->have_forward) || (optimizer && !net->has_opt))
        return LB_ERR_ARG;
    return LB_OK;
}

lb_status LB_FN(lb_net_backward)(LB_FN(lb_net) *net)
{
    LB_TRY(LB_FN(net_ready)(net, true, false));
    size_t lowest = 0; /* below the first affine layer nothing needs dX */
    while (lowest < net->nlayers &&
           net->layers[lowest].kind != LB_LAYER_AFFINE)
        lowest++;
    size_t n = net->n, cur = 0;
    for (size_t i = net->nlayers; i-- > lowest;) {
        const LB_FN(net_stage) *l = &net->layers[i];
        real *dY = net->dbuf[cur];
        if (l->kind == LB_LAYER_RELU) {
            LB_TRY(LB_FN(lb_relu_backward)(n, l->out, l->Y, l->out, dY,
                                           l->out, dY, l->out));
            continue;
        }
        const real *in = i ? net->layers[i - 1].Y : net->X;
        size_t ldin = i ? l->in : net->ldx;
        real *dX = i > lowest ? net->dbuf[1 - cur] : NULL;
        real *W = net->params + l->off, *dW = net->grads + l->off;
        /* dW, db overwritten first, so that the hook can send them on
         * while dX = dY.W^T for the layer below is computed, through the
         * ReLU below in the same pass when there is one (its output is
         * this layer's input, the mask) */
        LB_TRY(LB_FN(lb_affine_backward)(n, l->in, l->out, in, ldin, W,
                                         l->out, dY, l->out, NULL, 0, dW,
                                         l->out, dW + l->in * l->out, 0));
        if (net->hook)
            LB_TRY(net->hook(net->hook_user, i, l->off, (l->in + 1) * l->out));
        bool relu_below = i > lowest &&
                          net->layers[i - 1].kind == LB_LAYER_RELU;
        if (dX)
            LB_TRY((relu_below ? LB_FN(lb_affine_relu_backward)
                               : LB_FN(lb_affine_backward))(
                n, l->in, l->out, in, ldin, W, l->out, dY, l->out, dX, l->in,
                NULL, 0, NULL, 0));
        if (relu_below)
            i--;
        cur = 1 - cur;
    }
    return LB_OK;
}

lb_status LB_FN(lb_net_set_optimizer)(LB_FN(lb_net) *net,
                                      const lb_optim_opts *opts)
{
    size_t count = 0;
    if (!net || !opts)
        return LB_ERR_NULL;
    if (net->nparams == 0)
        return LB_ERR_ARG;
    LB_TRY(lb_optim_state_size(opts, net->nparams, &count));
    real *state = NULL;
    if (count && !(state = calloc(count, sizeof(real))))
        return LB_ERR_NO_MEMORY;
    free(net->state);
    net->state = state;
    net->opt = *opts;
    net->has_opt = true;
    net->t = 0;
    return LB_OK;
}

lb_status LB_FN(lb_net_set_learning_rate)(LB_FN(lb_net) *net, double lr)
{
    LB_TRY(LB_FN(net_ready)(net, false, true));
    if (!isfinite(lr) || lr < 0)
        return LB_ERR_ARG;
    net->opt.lr = lr;
    return LB_OK;
}

lb_status LB_FN(lb_net_step)(LB_FN(lb_net) *net)
{
    LB_TRY(LB_FN(net_ready)(net, false, true));
    LB_TRY(LB_FN(lb_optim_step)(&net->opt, net->nparams, net->params,
                                net->grads, net->state, net->t + 1));
    net->t++;
    return LB_OK;
}

lb_status LB_FN(lb_net_predict)(LB_FN(lb_net) *net, size_t n, const real *X,
                                size_t ldx, int32_t *pred)
{
    LB_TRY(LB_FN(net_check_input)(net, n, X, ldx));
    if (!pred && n > 0)
        return LB_ERR_NULL;
    size_t c = LB_FN(net_width)(net);
    net->have_forward = false;
    for (size_t i0 = 0; i0 < n; i0 += net->max_batch) {
        size_t rows = n - i0 < net->max_batch ? n - i0 : net->max_batch;
        LB_TRY(LB_FN(net_run)(net, rows, X + i0 * ldx, ldx));
        LB_FN(net_argmax)(rows, c, net->layers[net->nlayers - 1].Y,
                          pred + i0);
    }
    return LB_OK;
}

lb_status LB_FN(lb_net_accuracy)(LB_FN(lb_net) *net, size_t n, const real *X,
                                 size_t ldx, const int32_t *labels,
                                 double *accuracy)
{
    LB_TRY(LB_FN(net_check_input)(net, n, X, ldx));
    if (!accuracy)
        return LB_ERR_NULL;
    size_t c = LB_FN(net_width)(net), hits = 0;
    LB_TRY(lb_check_labels(n, c, labels, NULL));
    int32_t pred[LB_NET_PRED_BLOCK];
    for (size_t i0 = 0; i0 < n; i0 += LB_NET_PRED_BLOCK) {
        size_t rows = n - i0 < LB_NET_PRED_BLOCK ? n - i0 : LB_NET_PRED_BLOCK;
        LB_TRY(LB_FN(lb_net_predict)(net, rows, X + i0 * ldx, ldx, pred));
        for (size_t i = 0; i < rows; i++)
            hits += pred[i] == labels[i0 + i];
    }
    /* A mean over no rows is NaN, as the mean loss of an empty batch. */
    *accuracy = n > 0 ? (double)hits / (double)n : NAN;
    return LB_OK;
}

/* Writes n values in their little-endian bytes, through a small buffer. */
static void LB_FN(net_put_values)(lb_writer *w, const real *v, size_t n)
{
    uint8_t buf[LB_NET_SAVE_BUFFER];
    const size_t es = sizeof(real), per = sizeof buf / es;
    for (size_t i0 = 0; i0 < n; i0 += per) {
        size_t k = n - i0 < per ? n - i0 : per;
        for (size_t i = 0; i < k; i++) {
#if LB_DOUBLE
            uint64_t bits;
#else
            uint32_t bits;
#endif
            memcpy(&bits, v + i0 + i, es);
            lb_le(buf + i * es, bits, es);
        }
        lb_put(w, buf, k * es);
    }
}

/* The network as a model file. */
static void LB_FN(net_put_model)(lb_writer *w, const LB_FN(lb_net) *net)
{
    lb_model_begin(w, LB_DOUBLE ? LB_MODEL_F64 : LB_MODEL_F32, net->n_in,
                   net->nlayers);
    for (size_t i = 0; i < net->nlayers; i++) {
        lb_put_u32(w, (uint32_t)net->layers[i].kind);
        lb_put_u32(w, 0);
        lb_put_u64(w, net->layers[i].out);
    }
    lb_put_u64(w, net->nparams);
    LB_FN(net_put_values)(w, net->params, net->nparams);
    lb_model_end(w);
}

lb_status LB_FN(lb_net_save)(const LB_FN(lb_net) *net, const char *path)
{
    lb_writer *w;
    if (!net || !path)
        return LB_ERR_NULL;
    if (net->nparams == 0)
        return LB_ERR_ARG;
    LB_TRY(lb_writer_open(&w, path));
    LB_FN(net_put_model)(w, net);
    return lb_writer_close(w, false);
}

lb_status LB_FN(lb_net_save_checkpoint)(const LB_FN(lb_net) *net,
                                        const lb_rng *rng, const void *user,
                                        size_t user_len, const char *path)
{
    lb_writer *w;
    if (!net || !path || (!user && user_len))
        return LB_ERR_NULL;
    if (net->nparams == 0)
        return LB_ERR_ARG;
    size_t nstate = 0;
    if (net->has_opt)
        LB_TRY(lb_optim_state_size(&net->opt, net->nparams, &nstate));
    LB_TRY(lb_writer_open(&w, path));
    lb_ckpt_begin(w, LB_DOUBLE ? LB_MODEL_F64 : LB_MODEL_F32,
                  lb_model_bytes(net->nlayers, net->nparams, sizeof(real)));
    LB_FN(net_put_model)(w, net);
    lb_ckpt_put_optim(w, net->has_opt ? &net->opt : NULL, net->t, rng);
    lb_put_u64(w, nstate);
    LB_FN(net_put_values)(w, net->state, nstate);
    lb_put_u64(w, user_len);
    lb_put(w, user, user_len);
    return lb_writer_close(w, true);
}

/* n stored values of `width` bytes into v: bit for bit in their own
 * precision (a NaN's payload included), else converted. */
static void LB_FN(net_get_values)(const uint8_t *p, size_t width, size_t n,
                                  real *v)
{
    for (size_t i = 0; i < n; i++) {
        if (width == sizeof(real)) {
#if LB_DOUBLE
            uint64_t bits = lb_get_le(p + i * width, width);
#else
            uint32_t bits = (uint32_t)lb_get_le(p + i * width, width);
#endif
            memcpy(v + i, &bits, sizeof bits);
        } else {
            v[i] = (real)lb_get_value(p, width, i);
        }
    }
}

/* Builds the network a checked model describes and copies its values. */
static lb_status LB_FN(net_from_model)(const lb_model *m, LB_FN(lb_net) *net)
{
    for (size_t i = 0; i < m->nlayers; i++) {
        uint32_t kind;
        uint64_t out;
        lb_model_layer(m, i, &kind, &out);
        lb_status st = kind == LB_LAYER_AFFINE
                           ? LB_FN(lb_net_add_affine)(net, (size_t)out)
                           : LB_FN(lb_net_add_relu)(net);
        if (st != LB_OK)
            return st == LB_ERR_SIZE ? LB_ERR_FORMAT : st;
    }
    LB_FN(net_get_values)(m->params, m->width, m->nparams, net->params);
    return LB_OK;
}

/* A new network for batches of max_batch from a checked model. */
static lb_status LB_FN(net_new_from_model)(const lb_model *m,
                                           size_t max_batch,
                                           LB_FN(lb_net) **net)
{
    LB_FN(lb_net) *t = NULL;
    lb_status st = LB_FN(lb_net_create)(m->n_in, max_batch, &t);
    if (st == LB_OK)
        st = LB_FN(net_from_model)(m, t);
    if (st != LB_OK) {
        LB_FN(lb_net_destroy)(t);
        return st;
    }
    *net = t;
    return LB_OK;
}

lb_status LB_FN(lb_net_load)(const char *path, size_t max_batch,
                             LB_FN(lb_net) **net)
{
    uint8_t *buf;
    size_t len;
    lb_model m;
    if (!path || !net)
        return LB_ERR_NULL;
    LB_TRY(lb_check_dim(max_batch));
    LB_TRY(lb_read_file(path, &buf, &len));
    lb_status st = lb_model_parse(buf, len, &m);
    if (st == LB_OK)
        st = LB_FN(net_new_from_model)(&m, max_batch, net);
    free(buf);
    return st;
}

/* The optimizer of a checked checkpoint into a network just built from
 * its model: options, state values and step count as they were. */
static lb_status LB_FN(net_resume_optim)(const lb_ckpt *k, LB_FN(lb_net) *net)
{
    if (!(k->flags & LB_CKPT_HAS_OPT))
        return LB_OK;
    LB_TRY(LB_FN(lb_net_set_optimizer)(net, &k->opt));
    LB_FN(net_get_values)(k->state, k->model.width, k->nstate, net->state);
    net->t = k->t;
    return LB_OK;
}

/* What the caller asked of a checked checkpoint, before anything is
 * written: its precision, the generator if wanted, room for its bytes. */
static lb_status LB_FN(net_ckpt_fits)(const lb_ckpt *k, const lb_rng *rng,
                                      size_t user_cap)
{
    if (k->model.width != sizeof(real))
        return LB_ERR_ARG;
    if (rng && !(k->flags & LB_CKPT_HAS_RNG))
        return LB_ERR_ARG;
    return k->user_len > user_cap ? LB_ERR_SIZE : LB_OK;
}

lb_status LB_FN(lb_net_load_checkpoint)(const char *path, size_t max_batch,
                                        LB_FN(lb_net) **net, lb_rng *rng,
                                        void *user, size_t user_cap,
                                        size_t *user_len)
{
    uint8_t *buf;
    size_t len;
    lb_ckpt k;
    LB_FN(lb_net) *t = NULL;
    if (!path || !net || (!user && user_cap))
        return LB_ERR_NULL;
    LB_TRY(lb_check_dim(max_batch));
    LB_TRY(lb_read_file(path, &buf, &len));
    lb_status st = lb_ckpt_parse(buf, len, &k);
    if (st == LB_OK && user_len)
        *user_len = k.user_len;
    if (st == LB_OK)
        st = LB_FN(net_ckpt_fits)(&k, rng, user_cap);
    if (st == LB_OK)
        st = LB_FN(net_new_from_model)(&k.model, max_batch, &t);
    if (st == LB_OK && (st = LB_FN(net_resume_optim)(&k, t)) != LB_OK)
        LB_FN(lb_net_destroy)(t);
    if (st == LB_OK) {
        if (rng)
            *rng = k.rng;
        if (k.user_len)
            memcpy(user, k.user, k.user_len);
        *net = t;
    }
    free(buf);
    return st;
}

/*
 * checkpoint.c - the training checkpoint's bytes (the format the header
 * documents beside lb_net_save_checkpoint_d()): the network's model file,
 * then the optimizer, the caller's generator and bytes; written through
 * model.c's writer, checked here, independent of the precision.
 */
#include "checkpoint.h"

#include <string.h>

#define LB_CKPT_VERSION 1u
#define LB_CKPT_HEAD 24u   /* magic .. the model's length */
#define LB_CKPT_OPTIM 112u /* flags .. the state count */

static const uint8_t lb_ckpt_magic[8] = {0x89, 'L', 'B', 'C',
                                         'K',  'P', 'T', '\n'};

/* Starts a checkpoint: the header, up to the model file of M bytes. */
void lb_ckpt_begin(lb_writer *w, uint32_t dtype, uint64_t model_bytes)
{
    lb_put(w, lb_ckpt_magic, sizeof lb_ckpt_magic);
    lb_put_u32(w, LB_CKPT_VERSION);
    lb_put_u32(w, dtype);
    lb_put_u64(w, model_bytes);
}

/* The optimizer (NULL: none set), its step count and the caller's
 * generator (NULL: none), as the checkpoint stores them after the model;
 * what is absent as zeros (a network that dropped its optimizer still
 * counts the steps it took). */
void lb_ckpt_put_optim(lb_writer *w, const lb_optim_opts *o,
                              uint64_t t, const lb_rng *rng)
{
    lb_optim_opts none = {0};
    lb_put_u32(w, (o ? LB_CKPT_HAS_OPT : 0) | (rng ? LB_CKPT_HAS_RNG : 0));
    o = o ? o : &none;
    lb_put_u32(w, (uint32_t)o->kind);
    const double f[7] = {o->lr,    o->momentum, o->dampening, o->beta1,
                         o->beta2, o->eps,      o->weight_decay};
    for (int i = 0; i < 7; i++)
        lb_put_f64(w, f[i]);
    lb_put_u64(w, o != &none ? t : 0);
    for (int i = 0; i < 4; i++)
        lb_put_u64(w, rng ? rng->s[i] : 0);
}

static bool lb_zero(const uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (p[i])
            return false;
    return true;
}

/* The optimizer part after the model at p (LB_CKPT_OPTIM bytes): flags,
 * options checked when set, and the state count they imply. */
static lb_status lb_ckpt_optim(const uint8_t *p, size_t nparams, lb_ckpt *k)
{
    k->flags = (uint32_t)lb_get_le(p, 4);
    uint32_t kind = (uint32_t)lb_get_le(p + 4, 4);
    double f[7];
    for (int i = 0; i < 7; i++)
        f[i] = lb_get_value(p + 8, 8, (size_t)i);
    k->t = lb_get_le(p + 64, 8);
    for (int i = 0; i < 4; i++)
        k->rng.s[i] = lb_get_le(p + 72 + 8 * i, 8);
    if (k->flags > (LB_CKPT_HAS_OPT | LB_CKPT_HAS_RNG) ||
        kind > LB_OPTIM_ADAMW)
        return LB_ERR_FORMAT;
    k->opt = (lb_optim_opts){(lb_optim_kind)kind, f[0], f[1], f[2], f[3],
                             f[4], f[5], f[6]};
    k->nstate = 0;
    /* What is absent is stored as zeros, so one state has one file. */
    if (!(k->flags & LB_CKPT_HAS_RNG) && !lb_zero(p + 72, 32))
        return LB_ERR_FORMAT;
    if (!(k->flags & LB_CKPT_HAS_OPT))
        return lb_zero(p + 4, 68) ? LB_OK : LB_ERR_FORMAT;
    if (nparams == 0 ||
        lb_optim_state_size(&k->opt, nparams, &k->nstate) != LB_OK)
        return LB_ERR_FORMAT;
    return LB_OK;
}

/* Checks magic, version, checksum, the embedded model and that every size
 * agrees with the file's length. */
lb_status lb_ckpt_parse(const uint8_t *buf, size_t len, lb_ckpt *k)
{
    LB_TRY(lb_check_file(buf, len, lb_ckpt_magic,
                         LB_CKPT_HEAD + LB_CKPT_OPTIM + 8 + 4,
                         LB_CKPT_VERSION));
    uint32_t dtype = (uint32_t)lb_get_le(buf + 12, 4);
    uint64_t mlen = lb_get_le(buf + 16, 8);
    size_t room = len - LB_CKPT_HEAD - LB_CKPT_OPTIM - 8 - 4;
    if (mlen > room)
        return LB_ERR_FORMAT;
    LB_TRY(lb_model_parse(buf + LB_CKPT_HEAD, (size_t)mlen, &k->model));
    if (k->model.dtype != dtype)
        return LB_ERR_FORMAT;
    const uint8_t *p = buf + LB_CKPT_HEAD + mlen;
    room -= (size_t)mlen;
    LB_TRY(lb_ckpt_optim(p, k->model.nparams, k));
    size_t w = k->model.width;
    if (lb_get_le(p + LB_CKPT_OPTIM - 8, 8) != k->nstate ||
        k->nstate > room / w)
        return LB_ERR_FORMAT;
    k->state = p + LB_CKPT_OPTIM;
    room -= k->nstate * w;
    const uint8_t *u = k->state + k->nstate * w;
    if (lb_get_le(u, 8) != room)
        return LB_ERR_FORMAT;
    k->user_len = room;
    k->user = u + 8;
    return LB_OK;
}

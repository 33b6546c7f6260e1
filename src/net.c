/*
 * net.c - the sequential network (net.inc, once per precision) and its
 * model file: writing and checking the bytes of the format the header
 * documents, independent of the precision. Every number the network
 * computes comes from the public kernels.
 */
#include "save_file.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#define LB_MODEL_VERSION 1u
#define LB_MODEL_F32 0x0Du
#define LB_MODEL_F64 0x0Eu
#define LB_MODEL_HEAD 32u  /* magic .. layer count */
#define LB_MODEL_LAYER 16u /* one layer record */

static const uint8_t lb_model_magic[8] = {0x89, 'L', 'B', 'N',
                                          'E',  'T', '\r', '\n'};

#define LB_CKPT_VERSION 1u
#define LB_CKPT_HEAD 24u  /* magic .. the model's length */
#define LB_CKPT_OPTIM 112u /* flags .. the state count */
#define LB_CKPT_HAS_OPT 1u
#define LB_CKPT_HAS_RNG 2u

static const uint8_t lb_ckpt_magic[8] = {0x89, 'L', 'B', 'C',
                                         'K',  'P', 'T', '\n'};

/* ---- writing ---- */

/* A file being written (crash-safe, see save_file.h) with two running
 * CRCs: of the model file being written (a checkpoint embeds one) and of
 * every byte. */
typedef struct lb_writer {
    lb_save_file out;
    uLong crc, all;
} lb_writer;

static void lb_put(lb_writer *w, const void *bytes, size_t n)
{
    if (n == 0) /* zlib's crc32 of a NULL buffer is 0, not the crc */
        return;
    lb_save_write(&w->out, bytes, n);
    w->crc = crc32_z(w->crc, bytes, n);
    w->all = crc32_z(w->all, bytes, n);
}

/* The low `n` bytes of v, least significant first. */
static void lb_le(uint8_t *out, uint64_t v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        out[i] = (uint8_t)(v >> (8 * i));
}

static void lb_put_u32(lb_writer *w, uint32_t v)
{
    uint8_t b[4];
    lb_le(b, v, 4);
    lb_put(w, b, 4);
}

static void lb_put_u64(lb_writer *w, uint64_t v)
{
    uint8_t b[8];
    lb_le(b, v, 8);
    lb_put(w, b, 8);
}

static void lb_put_f64(lb_writer *w, double v)
{
    uint64_t bits;
    memcpy(&bits, &v, 8);
    lb_put_u64(w, bits);
}

/* Starts the save of `path`: the writer is heap-allocated for its buffer,
 * and freed by lb_writer_close(). */
static lb_status lb_writer_open(lb_writer **w, const char *path)
{
    lb_writer *t = malloc(sizeof *t);
    if (!t)
        return LB_ERR_NO_MEMORY;
    lb_status st = lb_save_open(&t->out, path);
    if (st != LB_OK) {
        free(t);
        return st;
    }
    t->crc = t->all = crc32(0, Z_NULL, 0);
    *w = t;
    return LB_OK;
}

/* Starts a model file: the header up to the layer records. */
static void lb_model_begin(lb_writer *w, uint32_t dtype, size_t n_in,
                           size_t nlayers)
{
    w->crc = crc32(0, Z_NULL, 0);
    lb_put(w, lb_model_magic, sizeof lb_model_magic);
    lb_put_u32(w, LB_MODEL_VERSION);
    lb_put_u32(w, dtype);
    lb_put_u64(w, n_in);
    lb_put_u64(w, nlayers);
}

/* Ends a model file with its checksum. */
static void lb_model_end(lb_writer *w)
{
    lb_put_u32(w, (uint32_t)w->crc);
}

/* The bytes of a model file of L layers and P values of w bytes. */
static uint64_t lb_model_bytes(size_t nlayers, size_t nparams, size_t width)
{
    return LB_MODEL_HEAD + (uint64_t)LB_MODEL_LAYER * nlayers + 8 +
           (uint64_t)nparams * width + 4;
}

/* Writes the checksum of every byte if `all`, and replaces the target by
 * the file (any failure on the way is LB_ERR_IO). */
static lb_status lb_writer_close(lb_writer *w, bool all)
{
    if (all)
        lb_put_u32(w, (uint32_t)w->all);
    lb_status st = lb_save_commit(&w->out);
    free(w);
    return st;
}

/* Starts a checkpoint: the header, up to the model file of M bytes. */
static void lb_ckpt_begin(lb_writer *w, uint32_t dtype, uint64_t model_bytes)
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
static void lb_ckpt_put_optim(lb_writer *w, const lb_optim_opts *o,
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

/* ---- reading ---- */

static uint64_t lb_get_le(const uint8_t *p, size_t n)
{
    uint64_t v = 0;
    for (size_t i = n; i-- > 0;)
        v = (v << 8) | p[i];
    return v;
}

/* Reads a whole file into memory (the caller frees *data). */
static lb_status lb_read_file(const char *path, uint8_t **data, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return LB_ERR_IO;
    size_t cap = 1 << 16, n = 0;
    uint8_t *buf = malloc(cap);
    lb_status st = buf ? LB_OK : LB_ERR_NO_MEMORY;
    while (st == LB_OK) {
        n += fread(buf + n, 1, cap - n, f);
        if (n < cap)
            break;
        uint8_t *grown = cap < SIZE_MAX / 2 ? realloc(buf, cap * 2) : NULL;
        if (!grown)
            st = LB_ERR_NO_MEMORY;
        else {
            buf = grown;
            cap *= 2;
        }
    }
    if (st == LB_OK && ferror(f))
        st = LB_ERR_IO;
    fclose(f);
    if (st != LB_OK) {
        free(buf);
        return st;
    }
    *data = buf;
    *len = n;
    return LB_OK;
}

/* A model file checked for consistency, its parts still as bytes. */
typedef struct lb_model {
    uint32_t dtype;
    size_t n_in, nlayers, nparams, width; /* width: bytes per value */
    const uint8_t *layers, *params;
} lb_model;

/* Layer i of a checked model. */
static void lb_model_layer(const lb_model *m, size_t i, uint32_t *kind,
                           uint64_t *n_out)
{
    const uint8_t *rec = m->layers + i * LB_MODEL_LAYER;
    *kind = (uint32_t)lb_get_le(rec, 4);
    *n_out = lb_get_le(rec + 8, 8);
}

/* The parameters the layer list implies, or LB_ERR_FORMAT for an unknown
 * kind, a ReLU whose width changes, a size of 0, an overflow or no affine
 * layer. */
static lb_status lb_model_count(const lb_model *m, size_t *count)
{
    uint64_t in = m->n_in, total = 0;
    if (in == 0)
        return LB_ERR_FORMAT;
    for (size_t i = 0; i < m->nlayers; i++) {
        uint32_t kind;
        uint64_t out;
        lb_model_layer(m, i, &kind, &out);
        const uint8_t *reserved = m->layers + i * LB_MODEL_LAYER + 4;
        if (lb_get_le(reserved, 4) != 0 || out == 0 || out > LB_MAX_DIM)
            return LB_ERR_FORMAT;
        if (kind == LB_LAYER_AFFINE) {
            uint64_t add = (in + 1) * out; /* in, out <= 2^32: no overflow */
            if (total > SIZE_MAX - add)
                return LB_ERR_FORMAT;
            total += add;
        } else if (kind != LB_LAYER_RELU || out != in)
            return LB_ERR_FORMAT;
        in = out;
    }
    /* Without an affine layer n_in alone would set every width, and the
     * activations' memory, from a few bytes of header. */
    if (total == 0)
        return LB_ERR_FORMAT;
    *count = (size_t)total;
    return LB_OK;
}

/* Checks magic, version, dtype, checksum and that every size agrees with
 * the file's length. */
static lb_status lb_model_parse(const uint8_t *buf, size_t len, lb_model *m)
{
    if (len < sizeof lb_model_magic ||
        memcmp(buf, lb_model_magic, sizeof lb_model_magic) != 0)
        return LB_ERR_FORMAT;
    if (len < LB_MODEL_HEAD + 8 + 4)
        return LB_ERR_FORMAT;
    uint32_t version = (uint32_t)lb_get_le(buf + 8, 4);
    if (version > LB_MODEL_VERSION)
        return LB_ERR_UNSUPPORTED;
    if (version != LB_MODEL_VERSION)
        return LB_ERR_FORMAT;
    if (crc32_z(crc32(0, Z_NULL, 0), buf, len - 4) !=
        lb_get_le(buf + len - 4, 4))
        return LB_ERR_FORMAT;
    m->dtype = (uint32_t)lb_get_le(buf + 12, 4);
    if (m->dtype != LB_MODEL_F32 && m->dtype != LB_MODEL_F64)
        return LB_ERR_FORMAT;
    m->width = m->dtype == LB_MODEL_F32 ? 4 : 8;
    uint64_t n_in = lb_get_le(buf + 16, 8), nl = lb_get_le(buf + 24, 8);
    size_t room = len - LB_MODEL_HEAD - 8 - 4; /* layers and parameters */
    if (n_in > LB_MAX_DIM || nl > room / LB_MODEL_LAYER)
        return LB_ERR_FORMAT;
    m->n_in = (size_t)n_in;
    m->nlayers = (size_t)nl;
    m->layers = buf + LB_MODEL_HEAD;
    LB_TRY(lb_model_count(m, &m->nparams));
    const uint8_t *count = m->layers + m->nlayers * LB_MODEL_LAYER;
    room -= m->nlayers * LB_MODEL_LAYER;
    if (lb_get_le(count, 8) != m->nparams || m->nparams > room / m->width ||
        m->nparams * m->width != room)
        return LB_ERR_FORMAT;
    m->params = count + 8;
    return LB_OK;
}

/* Value i of an array of IEEE 754 values of `width` bytes, as a double. */
static double lb_get_value(const uint8_t *p, size_t width, size_t i)
{
    uint64_t bits = lb_get_le(p + i * width, width);
    if (width == 8) {
        double d;
        memcpy(&d, &bits, 8);
        return d;
    }
    uint32_t b32 = (uint32_t)bits;
    float f;
    memcpy(&f, &b32, 4);
    return f;
}

static bool lb_zero(const uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (p[i])
            return false;
    return true;
}

/* A checkpoint checked for consistency, its arrays still as bytes. */
typedef struct lb_ckpt {
    lb_model model;
    uint32_t flags;
    lb_optim_opts opt;
    uint64_t t;
    lb_rng rng;
    size_t nstate, user_len;
    const uint8_t *state, *user;
} lb_ckpt;

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
static lb_status lb_ckpt_parse(const uint8_t *buf, size_t len, lb_ckpt *k)
{
    if (len < sizeof lb_ckpt_magic ||
        memcmp(buf, lb_ckpt_magic, sizeof lb_ckpt_magic) != 0)
        return LB_ERR_FORMAT;
    if (len < LB_CKPT_HEAD + LB_CKPT_OPTIM + 8 + 4)
        return LB_ERR_FORMAT;
    uint32_t version = (uint32_t)lb_get_le(buf + 8, 4);
    if (version > LB_CKPT_VERSION)
        return LB_ERR_UNSUPPORTED;
    if (version != LB_CKPT_VERSION ||
        crc32_z(crc32(0, Z_NULL, 0), buf, len - 4) !=
            lb_get_le(buf + len - 4, 4))
        return LB_ERR_FORMAT;
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

#define LB_DOUBLE 1
#include "net.inc"
#define LB_DOUBLE 0
#include "net.inc"

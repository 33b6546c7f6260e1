/*
 * model.c - the model file of the sequential network (train/net_tmpl.c):
 * writing (crash-safely, through save_file.c) and checking the bytes of
 * the format the header documents, independent of the precision; the
 * checkpoint (checkpoint.c) embeds one.
 */
#include "model.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LB_MODEL_VERSION 1u
#define LB_MODEL_HEAD 32u  /* magic .. layer count */
#define LB_MODEL_LAYER 16u /* one layer record */
/* The first buffer a model file is read into, doubled as it fills. */
#define LB_MODEL_READ_START ((size_t)1 << 16)

static const uint8_t lb_model_magic[8] = {0x89, 'L', 'B', 'N',
                                          'E',  'T', '\r', '\n'};

/* ---- writing ---- */

void lb_put(lb_writer *w, const void *bytes, size_t n)
{
    if (n == 0) /* zlib's crc32 of a NULL buffer is 0, not the crc */
        return;
    lb_save_write(&w->out, bytes, n);
    w->crc = crc32_z(w->crc, bytes, n);
    w->all = crc32_z(w->all, bytes, n);
}

/* The low `n` bytes of v, least significant first. */
void lb_le(uint8_t *out, uint64_t v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        out[i] = (uint8_t)(v >> (8 * i));
}

void lb_put_u32(lb_writer *w, uint32_t v)
{
    uint8_t b[4];
    lb_le(b, v, 4);
    lb_put(w, b, 4);
}

void lb_put_u64(lb_writer *w, uint64_t v)
{
    uint8_t b[8];
    lb_le(b, v, 8);
    lb_put(w, b, 8);
}

void lb_put_f64(lb_writer *w, double v)
{
    uint64_t bits;
    memcpy(&bits, &v, 8);
    lb_put_u64(w, bits);
}

/* Starts the save of `path`: the writer is heap-allocated for its buffer,
 * and freed by lb_writer_close(). */
lb_status lb_writer_open(lb_writer **w, const char *path)
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
void lb_model_begin(lb_writer *w, uint32_t dtype, size_t n_in,
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
void lb_model_end(lb_writer *w)
{
    lb_put_u32(w, (uint32_t)w->crc);
}

/* The bytes of a model file of L layers and P values of w bytes. */
uint64_t lb_model_bytes(size_t nlayers, size_t nparams, size_t width)
{
    return LB_MODEL_HEAD + (uint64_t)LB_MODEL_LAYER * nlayers + 8 +
           (uint64_t)nparams * width + 4;
}

/* Writes the checksum of every byte if `all`, and replaces the target by
 * the file (any failure on the way is LB_ERR_IO). */
lb_status lb_writer_close(lb_writer *w, bool all)
{
    if (all)
        lb_put_u32(w, (uint32_t)w->all);
    lb_status st = lb_save_commit(&w->out);
    free(w);
    return st;
}

/* ---- reading ---- */

uint64_t lb_get_le(const uint8_t *p, size_t n)
{
    uint64_t v = 0;
    for (size_t i = n; i-- > 0;)
        v = (v << 8) | p[i];
    return v;
}

/* Reads a whole file into memory (the caller frees *data). */
lb_status lb_read_file(const char *path, uint8_t **data, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return LB_ERR_IO;
    size_t cap = LB_MODEL_READ_START, n = 0;
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

/* Layer i of a checked model. */
void lb_model_layer(const lb_model *m, size_t i, uint32_t *kind,
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

lb_status lb_check_file(const uint8_t *buf, size_t len,
                        const uint8_t magic[8], size_t least,
                        uint32_t version)
{
    if (len < 8 || memcmp(buf, magic, 8) != 0 || len < least)
        return LB_ERR_FORMAT;
    uint32_t v = (uint32_t)lb_get_le(buf + 8, 4);
    if (v > version)
        return LB_ERR_UNSUPPORTED;
    if (v != version || crc32_z(crc32(0, Z_NULL, 0), buf, len - 4) !=
                            lb_get_le(buf + len - 4, 4))
        return LB_ERR_FORMAT;
    return LB_OK;
}

/* Checks magic, version, dtype, checksum and that every size agrees with
 * the file's length. */
lb_status lb_model_parse(const uint8_t *buf, size_t len, lb_model *m)
{
    LB_TRY(lb_check_file(buf, len, lb_model_magic, LB_MODEL_HEAD + 8 + 4,
                         LB_MODEL_VERSION));
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
double lb_get_value(const uint8_t *p, size_t width, size_t i)
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

/*
 * idx.c - the IDX loader (the format of MNIST and Fashion-MNIST), gzip'ed
 * or plain, through zlib, with every size checked against what the file
 * really holds.
 */
#include "internal.h"

#include <stdlib.h>
#include <string.h>
#include <zlib.h>

/* The IDX type codes: unsigned bytes, the one this loader reads, and the
 * signed and wider ones it recognises but does not. */
#define LB_IDX_UBYTE 0x08
#define LB_IDX_BYTE 0x09
#define LB_IDX_SHORT 0x0B
#define LB_IDX_INT 0x0C
#define LB_IDX_FLOAT 0x0D
#define LB_IDX_DOUBLE 0x0E
/* The most one gzread() is asked for: its count is an int. */
#define LB_IDX_READ_MAX (1u << 30)
/* The data buffer's first size, grown as the bytes arrive: a header that
 * claims more than the file holds costs no more than this. */
#define LB_IDX_DATA_START ((size_t)1 << 20)

/* Reads exactly n bytes; a short read is a truncated file (or a corrupt
 * stream), a read error of the file itself is LB_ERR_IO. */
static lb_status lb_idx_read(gzFile f, void *out, size_t n)
{
    uint8_t *p = out;
    while (n > 0) {
        unsigned chunk = n > LB_IDX_READ_MAX ? LB_IDX_READ_MAX : (unsigned)n;
        int got = gzread(f, p, chunk);
        if (got <= 0) {
            int err;
            gzerror(f, &err);
            return err == Z_ERRNO ? LB_ERR_IO : LB_ERR_FORMAT;
        }
        p += got;
        n -= (size_t)got;
    }
    return LB_OK;
}

/* Nothing may follow the data, and a gzip stream must end whole: its
 * trailer (CRC-32 and length) is only checked when reading reaches it. */
static lb_status lb_idx_at_end(gzFile f)
{
    uint8_t extra;
    int err;
    if (gzread(f, &extra, 1) != 0)
        return LB_ERR_FORMAT;
    gzerror(f, &err);
    return err == Z_OK ? LB_OK : err == Z_ERRNO ? LB_ERR_IO : LB_ERR_FORMAT;
}

/* The magic and the dimensions; count = their product. */
static lb_status lb_idx_header(gzFile f, lb_idx *idx)
{
    uint8_t magic[4], be[4];
    LB_TRY(lb_idx_read(f, magic, 4));
    if (magic[0] != 0 || magic[1] != 0 || magic[3] == 0)
        return LB_ERR_FORMAT;
    switch (magic[2]) {
    case LB_IDX_UBYTE: break;
    case LB_IDX_BYTE: case LB_IDX_SHORT: case LB_IDX_INT: case LB_IDX_FLOAT:
    case LB_IDX_DOUBLE:
        return LB_ERR_UNSUPPORTED; /* signed or wider types */
    default: return LB_ERR_FORMAT;
    }
    if (magic[3] > LB_IDX_MAX_DIMS)
        return LB_ERR_UNSUPPORTED;
    idx->ndims = magic[3];
    idx->count = 1;
    for (size_t d = 0; d < idx->ndims; d++) {
        LB_TRY(lb_idx_read(f, be, 4));
        size_t v = (size_t)be[0] << 24 | (size_t)be[1] << 16 |
                   (size_t)be[2] << 8 | be[3];
        if (v == 0 || idx->count > SIZE_MAX / v)
            return LB_ERR_FORMAT;
        idx->dims[d] = v;
        idx->count *= v;
    }
    return LB_OK;
}

/* The count bytes of data, in a buffer grown as they arrive, then a check
 * that nothing follows them. */
static lb_status lb_idx_data(gzFile f, lb_idx *idx)
{
    size_t have = 0;
    size_t cap = idx->count < LB_IDX_DATA_START ? idx->count
                                                : LB_IDX_DATA_START;
    uint8_t *buf = malloc(cap);
    lb_status st = buf ? LB_OK : LB_ERR_NO_MEMORY;
    while (st == LB_OK && have < idx->count) {
        if (have == cap) {
            size_t want = cap > idx->count - cap ? idx->count : 2 * cap;
            uint8_t *grown = realloc(buf, want);
            if (!grown) {
                st = LB_ERR_NO_MEMORY;
                break;
            }
            buf = grown;
            cap = want;
        }
        st = lb_idx_read(f, buf + have, cap - have);
        have = cap;
    }
    if (st == LB_OK)
        st = lb_idx_at_end(f);
    if (st != LB_OK) {
        free(buf);
        return st;
    }
    idx->data = buf;
    return LB_OK;
}

lb_status lb_idx_load(const char *path, lb_idx *idx)
{
    lb_idx t;
    if (!path || !idx)
        return LB_ERR_NULL;
    gzFile f = gzopen(path, "rb");
    if (!f)
        return LB_ERR_IO;
    lb_status st = lb_idx_header(f, &t);
    if (st == LB_OK)
        st = lb_idx_data(f, &t);
    gzclose(f);
    if (st == LB_OK)
        *idx = t;
    return st;
}

void lb_idx_free(lb_idx *idx)
{
    if (!idx)
        return;
    free(idx->data);
    memset(idx, 0, sizeof *idx);
}

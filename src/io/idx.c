/*
 * idx.c - the IDX loader (the format of MNIST and Fashion-MNIST), gzip'ed
 * or plain, through zlib, with every size checked against what the file
 * really holds.
 */
#include "internal.h"

#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#define LB_IDX_UBYTE 0x08

/* Reads exactly n bytes; a short read is a truncated file (or a corrupt
 * stream), a read error of the file itself is LB_ERR_IO. */
static lb_status lb_idx_read(gzFile f, void *out, size_t n)
{
    uint8_t *p = out;
    while (n > 0) {
        unsigned chunk = n > (1u << 30) ? 1u << 30 : (unsigned)n;
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
    case 0x09: case 0x0B: case 0x0C: case 0x0D: case 0x0E:
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
    size_t have = 0, cap = idx->count < (1u << 20) ? idx->count : 1u << 20;
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

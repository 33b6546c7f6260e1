/*
 * fuzz_idx.c - a libFuzzer target over the IDX loader. Byte 0 is a
 * control byte (bit 0: also load the rest gzip-compressed); the rest is
 * the file. Invariants, against an independent reading of the format as
 * the header states it:
 *  - the status is LB_OK exactly for a valid unsigned-byte file (magic,
 *    1 <= D <= LB_IDX_MAX_DIMS, sizes >= 1, exactly their product of bytes
 *    after), LB_ERR_UNSUPPORTED for another valid type or more dimensions,
 *    LB_ERR_FORMAT otherwise; a loaded array has the file's dims and data;
 *  - on an error the output is untouched;
 *  - the gzip'ed file loads to the same status and array.
 * (A file that itself starts like gzip, 1F 8B, is checked only for the
 * second and third.)
 */
#include "fuzz_util.h"

#include <zlib.h>

/* The verdict on plain bytes b[0..n) and, for LB_OK, dims and count. */
static lb_status fi_expect(const uint8_t *b, size_t n, lb_idx *want)
{
    if (n < 4 || b[0] != 0 || b[1] != 0 || b[3] == 0)
        return LB_ERR_FORMAT;
    if (b[2] == 0x09 || (b[2] >= 0x0B && b[2] <= 0x0E))
        return LB_ERR_UNSUPPORTED;
    if (b[2] != 0x08)
        return LB_ERR_FORMAT;
    if (b[3] > LB_IDX_MAX_DIMS)
        return LB_ERR_UNSUPPORTED;
    size_t d = b[3], count = 1;
    if (n < 4 + 4 * d)
        return LB_ERR_FORMAT;
    for (size_t i = 0; i < d; i++) {
        const uint8_t *p = b + 4 + 4 * i;
        size_t v = (size_t)p[0] << 24 | (size_t)p[1] << 16 |
                   (size_t)p[2] << 8 | p[3];
        if (v == 0 || count > SIZE_MAX / v)
            return LB_ERR_FORMAT;
        want->dims[i] = v;
        count *= v;
    }
    if (n - 4 - 4 * d != count)
        return LB_ERR_FORMAT;
    want->ndims = d;
    want->count = count;
    want->data = (uint8_t *)b + 4 + 4 * d;
    return LB_OK;
}

/* Loads scratch file k; on an error the output must be untouched. */
static lb_status fi_load(int k, lb_idx *idx)
{
    memset(idx, 0xA5, sizeof *idx);
    lb_idx before = *idx;
    lb_status st = lb_idx_load(fu_path(k), idx);
    FU_CHECK(st == LB_OK || !memcmp(idx, &before, sizeof before),
             "lb_idx_load wrote its output on error %d", st);
    return st;
}

static bool fi_same(const lb_idx *a, const lb_idx *b)
{
    return a->ndims == b->ndims && a->count == b->count &&
           !memcmp(a->dims, b->dims, a->ndims * sizeof a->dims[0]) &&
           !memcmp(a->data, b->data, a->count);
}

/* b[0..n) gzip-compressed into scratch file k. */
static void fi_write_gz(int k, const uint8_t *b, size_t n)
{
    z_stream z = {0};
    FU_CHECK(deflateInit2(&z, 6, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY) ==
                 Z_OK, "deflateInit2");
    size_t cap = deflateBound(&z, (uLong)n);
    uint8_t *out = malloc(cap);
    FU_CHECK(out != NULL, "out of memory");
    z.next_in = (Bytef *)b;
    z.avail_in = (uInt)n;
    z.next_out = out;
    z.avail_out = (uInt)cap;
    FU_CHECK(deflate(&z, Z_FINISH) == Z_STREAM_END, "deflate");
    fu_write(k, out, cap - z.avail_out);
    deflateEnd(&z);
    free(out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fu_in in = {data, size, 0};
    unsigned ctl = fu_byte(&in);
    const uint8_t *b = data + in.at;
    size_t n = size - in.at;
    lb_idx got, want, gz;
    fu_write(0, b, n);
    lb_status st = fi_load(0, &got);
    FU_CHECK(st == LB_OK || st == LB_ERR_FORMAT || st == LB_ERR_UNSUPPORTED,
             "status %d", st);
    if (n < 2 || b[0] != 0x1F || b[1] != 0x8B) {
        lb_status expect = fi_expect(b, n, &want);
        FU_CHECK(st == expect, "status %d, the format says %d", st, expect);
        FU_CHECK(st != LB_OK || fi_same(&got, &want),
                 "the loaded array differs from the file");
    }
    if (ctl & 1) {
        fi_write_gz(1, b, n);
        lb_status sg = fi_load(1, &gz);
        FU_CHECK(sg == st, "gzip'ed: status %d, plain %d", sg, st);
        FU_CHECK(st != LB_OK || fi_same(&got, &gz),
                 "the gzip'ed file loads another array");
        if (sg == LB_OK)
            lb_idx_free(&gz);
    }
    if (st == LB_OK)
        lb_idx_free(&got);
    return 0;
}

/* test_idx.c - the IDX loader on tiny files the tests write, plain and
 * gzip'ed: good files load exactly, and every kind of bad file (magic,
 * type, dimensions, sizes, truncation at every length, trailing bytes,
 * corrupt compression, a header promising more than the file holds) gets
 * its status with the output untouched. */
#include "testutil.h"

#include <stdio.h>
#include <zlib.h>

/* A valid file: 00 00 08 03, dims 3 x 2 x 2, then the 12 values 0..11. */
static size_t tu_idx_good(uint8_t *b)
{
    const uint8_t head[16] = {0, 0, 8, 3, 0, 0, 0, 3, 0, 0, 0, 2, 0, 0, 0, 2};
    memcpy(b, head, 16);
    for (int i = 0; i < 12; i++)
        b[16 + i] = (uint8_t)(i * 20);
    return 28;
}

/* Writes the bytes to a fresh temporary file, gzip'ed or not. */
static void tu_idx_write(char *path, const uint8_t *b, size_t n, int gz)
{
    tu_temp_path(path);
    if (gz) {
        gzFile f = gzopen(path, "wb");
        ck_assert_ptr_nonnull(f);
        ck_assert_int_eq(gzwrite(f, b, (unsigned)n), (int)n);
        ck_assert_int_eq(gzclose(f), Z_OK);
    } else {
        FILE *f = fopen(path, "wb");
        ck_assert_ptr_nonnull(f);
        ck_assert_uint_eq(fwrite(b, 1, n, f), n);
        ck_assert_int_eq(fclose(f), 0);
    }
}

/* Loads the bytes written as a file; the status, and on an error a check
 * that the output was not written. */
static lb_status tu_idx_try(const uint8_t *b, size_t n, int gz, lb_idx *idx)
{
    char path[32];
    tu_idx_write(path, b, n, gz);
    lb_idx before;
    memset(idx, 0x5a, sizeof *idx);
    before = *idx;
    lb_status st = lb_idx_load(path, idx);
    remove(path);
    if (st != LB_OK)
        ck_assert(memcmp(&before, idx, sizeof before) == 0);
    return st;
}

static void tu_idx_expect(const uint8_t *b, size_t n, lb_status want,
                          const char *what)
{
    for (int gz = 0; gz < 2; gz++) { /* cases: plain, gzip */
        lb_idx idx;
        lb_status st = tu_idx_try(b, n, gz, &idx);
        ck_assert_msg(st == want, "%s (%s): status %d, want %d", what,
                      gz ? "gzip" : "plain", st, want);
        if (st == LB_OK)
            lb_idx_free(&idx);
    }
}

/* Both forms load the same dims and values. */
START_TEST(test_idx_good)
{
    uint8_t b[64];
    size_t n = tu_idx_good(b);
    for (int gz = 0; gz < 2; gz++) { /* cases: plain, gzip */
        lb_idx idx;
        ck_assert_int_eq(tu_idx_try(b, n, gz, &idx), LB_OK);
        ck_assert_uint_eq(idx.ndims, 3);
        ck_assert(idx.dims[0] == 3 && idx.dims[1] == 2 && idx.dims[2] == 2);
        ck_assert_uint_eq(idx.count, 12);
        int differ = 0;
        for (int i = 0; i < 12; i++)
            differ += idx.data[i] != (unsigned)(i * 20);
        ck_assert_msg(differ == 0, "%d of 12 values differ", differ);
        lb_idx_free(&idx);
        ck_assert(idx.data == NULL && idx.count == 0);
    }
    /* One dimension, one value; big sizes use all four bytes. */
    const uint8_t one[9] = {0, 0, 8, 1, 0, 0, 0, 1, 0xff};
    tu_idx_expect(one, 9, LB_OK, "1 value");
    lb_idx_free(NULL);
}
END_TEST

/* 1 MiB + 3 of data: past the loader's first allocation, so it grows. */
START_TEST(test_idx_large)
{
    const size_t count = (1u << 20) + 3;
    uint8_t *b = malloc(count + 8);
    ck_assert_ptr_nonnull(b);
    const uint8_t head[8] = {0, 0, 8, 1, 0, 0x10, 0, 3};
    memcpy(b, head, 8);
    for (size_t i = 0; i < count; i++)
        b[8 + i] = (uint8_t)(i * 7 + (i >> 9));
    lb_idx idx;
    ck_assert_int_eq(tu_idx_try(b, count + 8, 1, &idx), LB_OK);
    ck_assert_uint_eq(idx.count, count);
    ck_assert(memcmp(idx.data, b + 8, count) == 0);
    lb_idx_free(&idx);
    free(b);
}
END_TEST

/* A header's lies and the file's damage, each on its own. */
START_TEST(test_idx_bad_header)
{
    static const struct {
        size_t at;
        uint8_t value;
        lb_status want;
        const char *what;
    } edits[] = {
        {0, 1, LB_ERR_FORMAT, "magic byte 0"},
        {1, 8, LB_ERR_FORMAT, "magic byte 1"},
        {2, 0x07, LB_ERR_FORMAT, "unknown type"},
        {2, 0x09, LB_ERR_UNSUPPORTED, "signed bytes"},
        {2, 0x0B, LB_ERR_UNSUPPORTED, "int16"},
        {2, 0x0C, LB_ERR_UNSUPPORTED, "int32"},
        {2, 0x0D, LB_ERR_UNSUPPORTED, "float32"},
        {2, 0x0E, LB_ERR_UNSUPPORTED, "float64"},
        {3, 0, LB_ERR_FORMAT, "no dimension"},
        {3, LB_IDX_MAX_DIMS + 1, LB_ERR_UNSUPPORTED, "too many dimensions"},
        {11, 0, LB_ERR_FORMAT, "a size of 0"},
        {11, 3, LB_ERR_FORMAT, "sizes larger than the data"},
        {11, 1, LB_ERR_FORMAT, "sizes smaller than the data"},
    };
    uint8_t b[64];
    size_t n;
    for (size_t e = 0; e < sizeof edits / sizeof edits[0];
         e++) { /* cases: edits */
        n = tu_idx_good(b);
        b[edits[e].at] = edits[e].value;
        tu_idx_expect(b, n, edits[e].want, edits[e].what);
    }
    n = tu_idx_good(b);
    b[n] = 0;
    tu_idx_expect(b, n + 1, LB_ERR_FORMAT, "a byte past the end");
    /* 8 sizes of 2^32 - 1: the product overflows 64 bits. */
    uint8_t big[4 + 32];
    memset(big, 0xff, sizeof big);
    big[0] = big[1] = 0;
    big[2] = 8;
    big[3] = 8;
    tu_idx_expect(big, sizeof big, LB_ERR_FORMAT, "overflowing sizes");
    /* 2^32 - 1 values promised, 3 present: no huge allocation, a clear
     * status. */
    const uint8_t liar[11] = {0, 0, 8, 1, 0xff, 0xff, 0xff, 0xff, 1, 2, 3};
    tu_idx_expect(liar, 11, LB_ERR_FORMAT, "a header promising 4 GiB");
}
END_TEST

/* Every proper prefix of a good file, plain and gzip'ed. */
START_TEST(test_idx_truncated)
{
    uint8_t b[64];
    size_t n = tu_idx_good(b);
    for (size_t len = 0; len < n; len++) { /* cases: files of each length */
        char what[32];
        snprintf(what, sizeof what, "truncated to %zu bytes", len);
        tu_idx_expect(b, len, LB_ERR_FORMAT, what);
    }
}
END_TEST

/* A gzip stream cut short or with a damaged body or checksum. */
START_TEST(test_idx_corrupt_gzip)
{
    uint8_t b[64], z[256];
    char path[32];
    size_t n = tu_idx_good(b);
    tu_idx_write(path, b, n, 1);
    FILE *f = fopen(path, "rb");
    ck_assert_ptr_nonnull(f);
    size_t zn = fread(z, 1, sizeof z, f);
    fclose(f);
    remove(path);
    ck_assert_uint_gt(zn, 18);
    for (size_t len = 10; len < zn; len++) { /* cases: streams cut there */
        lb_idx idx;
        ck_assert_msg(tu_idx_try(z, len, 0, &idx) == LB_ERR_FORMAT,
                      "gzip cut at %zu of %zu", len, zn);
    }
    /* The CRC-32 and the length in the trailer, then the data itself. */
    for (size_t at = zn - 8; at < zn; at++) { /* cases: trailer bytes */
        z[at] ^= 0x41;
        lb_idx idx;
        ck_assert_msg(tu_idx_try(z, zn, 0, &idx) == LB_ERR_FORMAT,
                      "gzip trailer byte %zu damaged", at);
        z[at] ^= 0x41;
    }
}
END_TEST

START_TEST(test_idx_errors)
{
    lb_idx idx;
    ck_assert_int_eq(lb_idx_load(NULL, &idx), LB_ERR_NULL);
    ck_assert_int_eq(lb_idx_load("/nonexistent/x.idx", NULL), LB_ERR_NULL);
    ck_assert_int_eq(lb_idx_load("/nonexistent/x.idx", &idx), LB_ERR_IO);
    ck_assert_int_eq(lb_idx_load("/", &idx), LB_ERR_IO);
}
END_TEST

Suite *suite_idx(void)
{
    Suite *s = tu_suite("idx");
    TCase *tc = tu_tcase(s, "numerics");
    tcase_add_test(tc, test_idx_good);
    tcase_add_test(tc, test_idx_large);
    tc = tu_tcase(s, "errors");
    tcase_add_test(tc, test_idx_bad_header);
    tcase_add_test(tc, test_idx_truncated);
    tcase_add_test(tc, test_idx_corrupt_gzip);
    tcase_add_test(tc, test_idx_errors);
    return s;
}

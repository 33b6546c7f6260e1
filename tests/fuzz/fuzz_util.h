/*
 * fuzz_util.h - what the fuzz targets beside fuzz_api share: the input
 * read a byte at a time (0 past its end, the plainest choice), failing
 * with a message, and scratch files for the parsers that take a path
 * (in memory, /dev/shm, where there is one).
 */
#ifndef LB_FUZZ_UTIL_H
#define LB_FUZZ_UTIL_H

#include "layerblas.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct fu_in {
    const uint8_t *p;
    size_t n, at;
} fu_in;

static inline unsigned fu_byte(fu_in *in)
{
    return in->at < in->n ? in->p[in->at++] : 0;
}

static inline uint64_t fu_u64(fu_in *in, int bytes)
{
    uint64_t v = 0;
    for (int i = 0; i < bytes; i++)
        v |= (uint64_t)fu_byte(in) << (8 * i);
    return v;
}

#define FU_FAIL(...)                                                         \
    do {                                                                     \
        fprintf(stderr, "fuzz: " __VA_ARGS__);                               \
        fputc('\n', stderr);                                                 \
        abort();                                                             \
    } while (0)

#define FU_CHECK(cond, ...)                                                  \
    do {                                                                     \
        if (!(cond))                                                         \
            FU_FAIL(__VA_ARGS__);                                            \
    } while (0)

/* Scratch file k (0..3) of this process, created on first use and removed
 * at exit; its path is returned. */
static char fu_paths[4][64];

static void fu_cleanup(void)
{
    for (int k = 0; k < 4; k++)
        if (fu_paths[k][0])
            unlink(fu_paths[k]);
}

static inline const char *fu_path(int k)
{
    if (!fu_paths[k][0]) {
        const char *dir = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
        snprintf(fu_paths[k], sizeof fu_paths[k], "%s/lbfuzz-%d-%d", dir,
                 (int)getpid(), k);
        static bool registered;
        if (!registered)
            atexit(fu_cleanup);
        registered = true;
    }
    return fu_paths[k];
}

/* Writes n bytes to scratch file k; its path back. */
static inline const char *fu_write(int k, const void *b, size_t n)
{
    const char *path = fu_path(k);
    FILE *f = fopen(path, "wb");
    FU_CHECK(f && fwrite(b, 1, n, f) == n && fclose(f) == 0,
             "cannot write the scratch file %s", path);
    return path;
}

/* The bytes of scratch file k (the caller frees them). */
static inline uint8_t *fu_read(int k, size_t *n)
{
    FILE *f = fopen(fu_path(k), "rb");
    FU_CHECK(f != NULL, "cannot read the scratch file");
    size_t cap = 4096, len = 0, got;
    uint8_t *b = malloc(cap);
    while (b && (got = fread(b + len, 1, cap - len, f)) > 0) {
        len += got;
        if (len == cap)
            b = realloc(b, cap *= 2);
    }
    fclose(f);
    FU_CHECK(b != NULL, "out of memory");
    *n = len;
    return b;
}

/* Whether the scratch file k holds exactly these bytes. */
static inline bool fu_same(int k, const uint8_t *b, size_t n)
{
    size_t len;
    uint8_t *got = fu_read(k, &len);
    bool same = len == n && memcmp(got, b, n) == 0;
    free(got);
    return same;
}

#endif /* LB_FUZZ_UTIL_H */

/*
 * model.h - the model file's reading and writing (model.c) as the network
 * (train/net_tmpl.c) uses them: a writer that checksums what it writes,
 * and a parsed, checked file whose values are read one by one.
 */
#ifndef LB_MODEL_H
#define LB_MODEL_H

#include "internal.h"

#include <stdbool.h>
#include <stdio.h>
#include <zlib.h>

/* The dtype codes of the file (IDX's). */
#define LB_MODEL_F32 0x0Du
#define LB_MODEL_F64 0x0Eu

/* A file being written, with the running CRC of what went in. */
typedef struct lb_writer {
    FILE *f;
    uLong crc;
    bool failed;
} lb_writer;

/* A model file checked for consistency, its parts still as bytes. */
typedef struct lb_model {
    uint32_t dtype;
    size_t n_in, nlayers, nparams, width; /* width: bytes per value */
    const uint8_t *layers, *params;
} lb_model;

/* The low `n` bytes of v, least significant first. */
void lb_le(uint8_t *out, uint64_t v, size_t n);
void lb_put(lb_writer *w, const void *bytes, size_t n);
void lb_put_u32(lb_writer *w, uint32_t v);
void lb_put_u64(lb_writer *w, uint64_t v);
/* Opens `path` and writes the header up to the layer records. */
lb_status lb_writer_open(lb_writer *w, const char *path, uint32_t dtype,
                         size_t n_in, size_t nlayers);
/* Appends the checksum and closes; any failure on the way is LB_ERR_IO. */
lb_status lb_writer_close(lb_writer *w);

/* Reads a whole file into memory (the caller frees *data). */
lb_status lb_read_file(const char *path, uint8_t **data, size_t *len);
/* Checks magic, version, dtype, checksum and that every size agrees with
 * the file's length. */
lb_status lb_model_parse(const uint8_t *buf, size_t len, lb_model *m);
/* Layer i of a checked model. */
void lb_model_layer(const lb_model *m, size_t i, uint32_t *kind,
                    uint64_t *n_out);
/* Parameter i of a checked model, as a double. */
double lb_model_param(const lb_model *m, size_t i);

#endif /* LB_MODEL_H */

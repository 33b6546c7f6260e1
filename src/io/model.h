/*
 * model.h - the model file's reading and writing (model.c) as the network
 * (train/net_tmpl.c) and the checkpoint (checkpoint.c) use them: a writer
 * that checksums what it writes and replaces its target only when
 * complete, and a parsed, checked file whose values are read as bytes.
 */
#ifndef LB_MODEL_H
#define LB_MODEL_H

#include "internal.h"
#include "save_file.h"

#include <zlib.h>

/* The dtype codes of the file (IDX's). */
#define LB_MODEL_F32 0x0Du
#define LB_MODEL_F64 0x0Eu

/* A file being written (crash-safe, see save_file.h) with two running
 * CRCs: of the model file being written (a checkpoint embeds one) and of
 * every byte. */
typedef struct lb_writer {
    lb_save_file out;
    uLong crc, all;
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
void lb_put_f64(lb_writer *w, double v);
/* Starts the save of `path`: the writer is heap-allocated for its buffer,
 * and freed by lb_writer_close(). */
lb_status lb_writer_open(lb_writer **w, const char *path);
/* Starts a model file: the header up to the layer records. */
void lb_model_begin(lb_writer *w, uint32_t dtype, size_t n_in,
                    size_t nlayers);
/* Ends a model file with its checksum. */
void lb_model_end(lb_writer *w);
/* The bytes of a model file of L layers and P values of w bytes. */
uint64_t lb_model_bytes(size_t nlayers, size_t nparams, size_t width);
/* Writes the checksum of every byte if `all`, and replaces the target by
 * the file (any failure on the way is LB_ERR_IO). */
lb_status lb_writer_close(lb_writer *w, bool all);

/* The little-endian number in the n bytes at p. */
uint64_t lb_get_le(const uint8_t *p, size_t n);
/* The checks every file of the library starts with: its 8-byte magic, at
 * least `least` bytes, the version in the 4 bytes after the magic (a newer
 * one is LB_ERR_UNSUPPORTED, checked before the rest, which it may
 * change), and the CRC-32 of all but the last 4 bytes in them. */
lb_status lb_check_file(const uint8_t *buf, size_t len,
                        const uint8_t magic[8], size_t least,
                        uint32_t version);
/* Reads a whole file into memory (the caller frees *data). */
lb_status lb_read_file(const char *path, uint8_t **data, size_t *len);
/* Checks magic, version, dtype, checksum and that every size agrees with
 * the file's length. */
lb_status lb_model_parse(const uint8_t *buf, size_t len, lb_model *m);
/* Layer i of a checked model. */
void lb_model_layer(const lb_model *m, size_t i, uint32_t *kind,
                    uint64_t *n_out);
/* Value i of an array of IEEE 754 values of `width` bytes, as a double. */
double lb_get_value(const uint8_t *p, size_t width, size_t i);

#endif /* LB_MODEL_H */

/*
 * checkpoint.h - the training checkpoint's bytes (checkpoint.c) as the
 * network (train/net_tmpl.c) writes and reads them.
 */
#ifndef LB_CHECKPOINT_H
#define LB_CHECKPOINT_H

#include "model.h"

/* The flags word: what the checkpoint holds besides the model. */
#define LB_CKPT_HAS_OPT 1u
#define LB_CKPT_HAS_RNG 2u

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

/* Starts a checkpoint: the header, up to the model file of M bytes. */
void lb_ckpt_begin(lb_writer *w, uint32_t dtype, uint64_t model_bytes);
/* The optimizer (NULL: none set), its step count and the caller's
 * generator (NULL: none), as the checkpoint stores them after the model. */
void lb_ckpt_put_optim(lb_writer *w, const lb_optim_opts *o, uint64_t t,
                       const lb_rng *rng);
/* Checks magic, version, checksum, the embedded model and that every size
 * agrees with the file's length. */
lb_status lb_ckpt_parse(const uint8_t *buf, size_t len, lb_ckpt *k);

#endif /* LB_CHECKPOINT_H */

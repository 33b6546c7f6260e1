/*
 * train.h - what the training templates (built once per precision) take
 * from their precision-free halves.
 */
#ifndef LB_TRAIN_H
#define LB_TRAIN_H

#include "internal.h"

#include <stdbool.h>

/* Checks a step's arguments: options, t, sizes, pointers and overlap of
 * the three blocks (optim.c). */
lb_status lb_optim_step_check(const lb_optim_opts *opts, size_t n,
                              const void *params, const void *grads,
                              const void *state, uint64_t t, size_t esize);

/* Uniform in [0, 1), 53 bits (init.c). */
double lb_rng_unit(lb_rng *r);

/* Draws the W of an init kind one value at a time, in order. */
typedef struct lb_init_draw {
    lb_rng *rng;
    bool normal;  /* Box-Muller rather than uniform */
    double scale; /* the bound a or the deviation s */
    double spare; /* the pair's sine, when have_spare */
    bool have_spare;
} lb_init_draw;

/* Starts drawing the k x m weights of `kind` (LB_ERR_ARG for an unknown
 * one); each next() is the following weight, in row order (init.c). */
lb_status lb_init_draw_begin(lb_init_draw *d, lb_rng *rng, lb_init_kind kind,
                             size_t k, size_t m);
double lb_init_draw_next(lb_init_draw *d);

#endif /* LB_TRAIN_H */

/*
 * fuzz_net.c - a libFuzzer target over the lb_net API, driven by a
 * byte-coded call sequence: create, add layers, init, set an optimizer
 * (valid or not), set the learning rate, forward, backward, step, predict,
 * accuracy, the queries, save and load, checkpoint and resume, destroy,
 * and each on a NULL network too, with hostile arguments (sizes 0 or above
 * INT_MAX, short leading dimensions, labels out of range, batches above
 * max_batch, NULL outputs). The first byte picks the precision; then each
 * call is a byte and its arguments the bytes after it (0 past the end).
 * Invariants, against a model of the network kept beside it:
 *  - every call succeeds exactly when its arguments and the network's
 *    state allow it (layers to run, a forward to go back through, an
 *    optimizer to step), and otherwise returns a status its faults call
 *    for, leaving outputs untouched;
 *  - the queries report the layers and parameter count the calls built;
 *    predictions are classes in range, accuracies in [0, 1];
 *  - a saved model loads back bitwise; a checkpoint resumes bitwise: the
 *    next training step from it gives the parameters the network itself
 *    reaches.
 */
#include "fuzz_util.h"

#include <limits.h>
#include <math.h>

enum { FN_MAXL = 16, FN_CALLS = 96 };

/* The network as the calls built it. */
typedef struct fn_model {
    bool exists;
    size_t n_in, max_batch, nlayers, nparams;
    size_t out[FN_MAXL];
    bool relu[FN_MAXL];
    bool forward; /* a forward to go back through */
    bool optim;
} fn_model;

static size_t fn_width(const fn_model *m)
{
    return m->nlayers ? m->out[m->nlayers - 1] : m->n_in;
}

/* A size: mostly 1..12, now and then one the contract rejects. */
static size_t fn_size(fu_in *in)
{
    static const size_t bad[3] = {0, (size_t)INT_MAX + 1, SIZE_MAX};
    unsigned b = fu_byte(in);
    return b < 240 ? 1 + b % 12 : bad[b % 3];
}

static bool fn_size_ok(size_t v)
{
    return v >= 1 && v <= INT_MAX;
}

/* Options for set_optimizer: a kind (one of 5 unknown), its defaults,
 * and now and then a learning rate or momentum out of range. */
static lb_optim_opts fn_options(fu_in *in, bool *valid)
{
    unsigned b = fu_byte(in);
    lb_optim_opts o = {0};
    lb_optim_kind kind = (lb_optim_kind)(b % 5);
    *valid = lb_optim_defaults(kind, &o) == LB_OK;
    o.kind = kind;
    if (b & 0x20)
        o.momentum = 0.5;
    if (b & 0x40) {
        o.lr = (b & 0x80) ? -1 : NAN;
        *valid = false;
    } else {
        o.lr = (b >> 5 & 1) ? 0.5 : 0.01;
    }
    return o;
}

static void fn_expect_status(lb_status st, bool ok, bool allowed,
                             const char *call)
{
    if (ok)
        FU_CHECK(st == LB_OK, "%s: status %d, want LB_OK", call, st);
    else
        FU_CHECK(st != LB_OK && allowed, "%s: status %d not called for",
                 call, st);
}

#define LB_DOUBLE 1
#include "fuzz_net.inc"
#define LB_DOUBLE 0
#include "fuzz_net.inc"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fu_in in = {data, size, 0};
    if (fu_byte(&in) & 1)
        fn_run_s(&in);
    else
        fn_run_d(&in);
    return 0;
}

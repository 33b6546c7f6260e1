/*
 * fuzz_optim.c - a libFuzzer target over the optimizers' options and
 * steps. The bytes choose the kind (also unknown ones), each option (from
 * plain, boundary and non-finite values, or raw bits), n (also 0 or above
 * INT_MAX), the step t (also 0), where params, grads and state sit in one
 * arena (so they can overlap), NULL pointers, the values, and the
 * precision. Invariants, against the header's rules read independently:
 *  - lb_optim_defaults() succeeds exactly for the known kinds;
 *  - lb_optim_state_size() succeeds exactly for valid options and n, with
 *    0, n or 2n elements by kind and momentum;
 *  - a step succeeds exactly when options, n, t, pointers and overlap are
 *    valid, and otherwise returns one of the statuses its faults call for;
 *  - on an error the arena is unchanged; on success nothing outside params
 *    and the state is written, and the same step repeated from the same
 *    inputs gives the same bits.
 */
#include "fuzz_util.h"

#include <float.h>
#include <limits.h>
#include <math.h>

/* A value for an option: plain, at the boundaries, out of range,
 * non-finite, or the next 8 input bytes as raw bits. */
static double fo_value(fu_in *in)
{
    static const double v[] = {0,   1e-3, 0.1,     0.5,      0.9,
                               0.999, 1,  1.5,     -0.0,     -1e-3,
                               1e300, DBL_MIN, DBL_TRUE_MIN, 2};
    unsigned b = fu_byte(in) % 18;
    if (b < 14)
        return v[b];
    if (b == 14)
        return NAN;
    if (b == 15)
        return INFINITY;
    if (b == 16)
        return -INFINITY;
    uint64_t bits = fu_u64(in, 8);
    double d;
    memcpy(&d, &bits, 8);
    return d;
}

static bool fo_in(double x, double lo, double hi)
{
    return x >= lo && x <= hi;
}

/* The header's rules for valid options, for the fields the kind uses. */
static bool fo_valid(const lb_optim_opts *o)
{
    bool ok = isfinite(o->lr) && o->lr >= 0 && isfinite(o->weight_decay) &&
              o->weight_decay >= 0;
    switch (o->kind) {
    case LB_OPTIM_SGD:
        return ok && isfinite(o->momentum) && o->momentum >= 0 &&
               fo_in(o->dampening, 0, 1);
    case LB_OPTIM_SGD_NESTEROV:
        return ok && isfinite(o->momentum) && o->momentum > 0 &&
               o->dampening == 0;
    case LB_OPTIM_ADAM:
    case LB_OPTIM_ADAMW:
        return ok && fo_in(o->beta1, 0, 1) && o->beta1 < 1 &&
               fo_in(o->beta2, 0, 1) && o->beta2 < 1 && isfinite(o->eps) &&
               o->eps >= 0;
    default:
        return false;
    }
}

static size_t fo_slots(const lb_optim_opts *o)
{
    if (o->kind == LB_OPTIM_ADAM || o->kind == LB_OPTIM_ADAMW)
        return 2;
    return o->momentum != 0 ? 1 : 0;
}

/* The options: a kind (4 of 32 choices unknown), defaults, then each
 * field kept or replaced as the mask byte says. */
static lb_optim_opts fo_options(fu_in *in)
{
    static const int kinds[8] = {0, 1, 2, 3, 4, -1, 99, 0x7FFFFFFF};
    unsigned k = fu_byte(in) % 32;
    lb_optim_kind kind = (lb_optim_kind)(k < 28 ? (int)(k % 4) : kinds[k - 24]);
    lb_optim_opts o;
    memset(&o, 0x5A, sizeof o);
    lb_status st = lb_optim_defaults(kind, &o);
    bool known = kind >= LB_OPTIM_SGD && kind <= LB_OPTIM_ADAMW;
    FU_CHECK(st == (known ? LB_OK : LB_ERR_ARG), "defaults(%d): %d",
             (int)kind, st);
    FU_CHECK(!known || fo_valid(&o), "defaults(%d) are invalid", (int)kind);
    o.kind = kind;
    unsigned mask = fu_byte(in);
    double *f[7] = {&o.lr, &o.momentum, &o.dampening, &o.beta1, &o.beta2,
                    &o.eps, &o.weight_decay};
    for (int i = 0; i < 7; i++)
        if (mask & (1u << i))
            *f[i] = fo_value(in);
    return o;
}

enum { FO_MAXN = 24, FO_ARENA = 6 * FO_MAXN };

#define LB_DOUBLE 1
#include "fuzz_optim.inc"
#define LB_DOUBLE 0
#include "fuzz_optim.inc"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fu_in in = {data, size, 0};
    unsigned head = fu_byte(&in);
    lb_optim_opts o = fo_options(&in);
    static const size_t bad_n[3] = {0, (size_t)INT_MAX + 1, SIZE_MAX};
    unsigned nb = fu_byte(&in);
    size_t n = nb < 240 ? 1 + nb % FO_MAXN : bad_n[nb % 3];
    size_t count = 7;
    lb_status st = lb_optim_state_size(head & 2 ? NULL : &o, n, &count);
    bool n_ok = n >= 1 && n <= INT_MAX;
    if (head & 2)
        FU_CHECK(st == LB_ERR_NULL, "state_size(NULL): %d", st);
    else if (!fo_valid(&o) || !n_ok)
        FU_CHECK((st == LB_ERR_ARG && !fo_valid(&o)) ||
                     (st == LB_ERR_SIZE && !n_ok),
                 "state_size: status %d", st);
    else
        FU_CHECK(st == LB_OK && count == fo_slots(&o) * n,
                 "state_size: status %d, %zu elements", st, count);
    if (head & 1)
        fo_step_s(&in, &o, n, head & 2);
    else
        fo_step_d(&in, &o, n, head & 2);
    return 0;
}

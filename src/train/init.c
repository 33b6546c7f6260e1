/*
 * init.c - the seeded generator (xoshiro256** seeded by splitmix64), the
 * shuffle, and He / Xavier weight initialisation for double and float
 * (init_tmpl.c). Everything here is defined bit for bit in the header, so a
 * run is reproducible from its seed.
 */
#include "internal.h"
#include "train.h"

#include <math.h>

#define LB_TWO_PI 6.283185307179586476925286766559

static uint64_t lb_splitmix64(uint64_t *x)
{
    uint64_t z = (*x += 0x9e3779b97f4a7c15u);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}

static uint64_t lb_rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

/* xoshiro256**, as its authors' reference code. */
static uint64_t lb_rng_next(lb_rng *r)
{
    uint64_t *s = r->s;
    uint64_t out = lb_rotl(s[1] * 5, 7) * 9, t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = lb_rotl(s[3], 45);
    return out;
}

double lb_rng_unit(lb_rng *r)
{
    return (double)(lb_rng_next(r) >> 11) * 0x1p-53;
}

lb_status lb_rng_seed(lb_rng *rng, uint64_t seed)
{
    if (!rng)
        return LB_ERR_NULL;
    for (int i = 0; i < 4; i++)
        rng->s[i] = lb_splitmix64(&seed);
    return LB_OK;
}

/* Uniform in [0, bound), unbiased: values below 2^64 mod bound are the
 * incomplete last copy of [0, bound) and are drawn again. */
static uint64_t lb_rng_below(lb_rng *r, uint64_t bound)
{
    uint64_t floor = (0 - bound) % bound;
    for (;;) {
        uint64_t x = lb_rng_next(r);
        if (x >= floor)
            return x % bound;
    }
}

lb_status lb_rng_shuffle(lb_rng *rng, size_t n, size_t *idx)
{
    if (!rng || !idx)
        return LB_ERR_NULL;
    if (n == 0)
        return LB_ERR_SIZE;
    for (size_t i = n - 1; i > 0; i--) {
        size_t j = (size_t)lb_rng_below(rng, (uint64_t)i + 1);
        size_t tmp = idx[i];
        idx[i] = idx[j];
        idx[j] = tmp;
    }
    return LB_OK;
}

lb_status lb_init_draw_begin(lb_init_draw *d, lb_rng *rng, lb_init_kind kind,
                             size_t k, size_t m)
{
    double fan_in = (double)k, fan_sum = (double)k + (double)m;
    d->rng = rng;
    d->have_spare = false;
    switch (kind) {
    case LB_INIT_HE_UNIFORM: d->scale = sqrt(6 / fan_in); break;
    case LB_INIT_HE_NORMAL: d->scale = sqrt(2 / fan_in); break;
    case LB_INIT_XAVIER_UNIFORM: d->scale = sqrt(6 / fan_sum); break;
    case LB_INIT_XAVIER_NORMAL: d->scale = sqrt(2 / fan_sum); break;
    default: return LB_ERR_ARG;
    }
    d->normal = kind == LB_INIT_HE_NORMAL || kind == LB_INIT_XAVIER_NORMAL;
    return LB_OK;
}

double lb_init_draw_next(lb_init_draw *d)
{
    if (!d->normal)
        return d->scale * (2 * lb_rng_unit(d->rng) - 1);
    if (d->have_spare) {
        d->have_spare = false;
        return d->spare;
    }
    double u1 = lb_rng_unit(d->rng), u2 = lb_rng_unit(d->rng);
    double r = d->scale * sqrt(-2 * log(1 - u1)), a = LB_TWO_PI * u2;
    d->spare = r * sin(a);
    d->have_spare = true;
    return r * cos(a);
}

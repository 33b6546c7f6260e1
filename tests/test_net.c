/* test_net.c - the sequential network: layers and parameter layout, the
 * forward as the kernels composed, the whole network's gradient by finite
 * differences, the gradient hook, steps as the optimizer over the block,
 * training, predict and accuracy, reproducibility, and the model file:
 * round trip, every truncation, every damaged byte, foreign and
 * inconsistent files. */
#include "testutil.h"

#include <stdio.h>
#include <zlib.h>

#define TU_NET_IN 5
#define TU_NET_CLASSES 3
#define TU_NET_PARAMS 111 /* (5+1)*7 + (7+1)*6 + (6+1)*3 */

#define LB_DOUBLE 1
#include "test_net.inc"
#define LB_DOUBLE 0
#include "test_net.inc"

/* Loop 0: the small network; loop 1: one that starts with a ReLU (its
 * backward stops at the first affine layer) and ends in one affine. */
static lb_net_d *tu_net_for_gradient(int which, size_t max_batch)
{
    if (which == 0)
        return tu_net_small_d(max_batch, 12);
    lb_net_d *net = NULL;
    ck_assert_int_eq(lb_net_create_d(TU_NET_IN, max_batch, &net), LB_OK);
    ck_assert_int_eq(lb_net_add_relu_d(net), LB_OK);
    ck_assert_int_eq(lb_net_add_affine_d(net, 4), LB_OK);
    ck_assert_int_eq(lb_net_add_relu_d(net), LB_OK);
    ck_assert_int_eq(lb_net_add_affine_d(net, TU_NET_CLASSES), LB_OK);
    ck_assert_int_eq(lb_net_init_d(net, LB_INIT_XAVIER_UNIFORM, 12), LB_OK);
    return net;
}

/* The backward's gradient of the whole network against central
 * differences of its loss, for every parameter (double; ReLU inputs are
 * far from 0 next to the step h). */
START_TEST(test_net_gradient_d)
{
    enum { N = 6, LD = 7 };
    tu_rng r = {11};
    int32_t labels[N];
    double *X = tu_net_data_d(&r, N, LD, labels), loss, lp, lm;
    lb_net_d *net = tu_net_for_gradient(_i, N);
    double *p, *g;
    size_t count;
    lb_net_params_d(net, &p, &g, &count);
    for (size_t i = 0; i < count; i++) /* biases off 0 too */
        p[i] += tu_unif(&r, -0.1, 0.1);
    ck_assert_int_eq(lb_net_forward_d(net, N, X, LD, labels, &loss, NULL),
                     LB_OK);
    ck_assert_int_eq(lb_net_backward_d(net), LB_OK);
    double grad[TU_NET_PARAMS];
    ck_assert_uint_le(count, TU_NET_PARAMS);
    memcpy(grad, g, count * sizeof *g);
    const double h = 1e-6;
    tu_worst w = {0};
    for (size_t i = 0; i < count; i++) {
        double keep = p[i];
        p[i] = keep + h;
        lb_net_forward_d(net, N, X, LD, labels, &lp, NULL);
        p[i] = keep - h;
        lb_net_forward_d(net, N, X, LD, labels, &lm, NULL);
        p[i] = keep;
        double fd = (lp - lm) / (2 * h);
        tu_worst_add(&w, 0, i, grad[i], fd, 1e-5, 1e-7);
    }
    tu_worst_check(&w, "backward against differences (parameter)", 0x1p-52);
    lb_net_destroy_d(net);
    free(X);
}
END_TEST

/* The float network's gradient is the double one's, to float accuracy,
 * from the same (float-representable) weights and data. */
START_TEST(test_net_gradient_s)
{
    enum { N = 6 };
    tu_rng r = {13};
    int32_t labels[N];
    double *Xd = tu_net_data_d(&r, N, TU_NET_IN, labels), ld;
    float Xs[N * TU_NET_IN], ls;
    for (int i = 0; i < N * TU_NET_IN; i++)
        Xs[i] = (float)(Xd[i] = (float)Xd[i]);
    lb_net_d *nd = tu_net_small_d(N, 14);
    lb_net_s *ns = tu_net_small_s(N, 14);
    double *pd, *gd;
    float *ps, *gs;
    lb_net_params_d(nd, &pd, &gd, NULL);
    lb_net_params_s(ns, &ps, &gs, NULL);
    for (size_t i = 0; i < TU_NET_PARAMS; i++)
        pd[i] = ps[i]; /* the same seed gave the rounded weights */
    lb_net_forward_d(nd, N, Xd, TU_NET_IN, labels, &ld, NULL);
    lb_net_forward_s(ns, N, Xs, TU_NET_IN, labels, &ls, NULL);
    ck_assert_int_eq(lb_net_backward_d(nd), LB_OK);
    ck_assert_int_eq(lb_net_backward_s(ns), LB_OK);
    tu_check_close_1_s(ls, ld, 1e-5, 0, "loss", 0, 0);
    for (size_t i = 0; i < TU_NET_PARAMS; i++)
        tu_check_close_1_s(gs[i], gd[i], 1e-4, 1e-6, "gradient", 0, i);
    lb_net_destroy_d(nd);
    lb_net_destroy_s(ns);
    free(Xd);
}
END_TEST

/* A saved model's bytes: the file, its length and a loader's verdict. */
typedef struct tu_file {
    uint8_t *b;
    size_t n;
} tu_file;

/* The small network's file, or (tiny) a 2 -> 2 affine one of 108 bytes
 * for the tests that load it once per byte. */
static tu_file tu_saved_model(int tiny)
{
    char path[32];
    tu_temp_path(path);
    lb_net_d *net = NULL;
    if (tiny) {
        ck_assert_int_eq(lb_net_create_d(2, 1, &net), LB_OK);
        ck_assert_int_eq(lb_net_add_affine_d(net, 2), LB_OK);
        ck_assert_int_eq(lb_net_init_d(net, LB_INIT_HE_UNIFORM, 5), LB_OK);
    } else {
        net = tu_net_small_d(2, 5);
    }
    ck_assert_int_eq(lb_net_save_d(net, path), LB_OK);
    lb_net_destroy_d(net);
    tu_file f;
    f.b = tu_read_file(path, 4096, &f.n);
    remove(path);
    return f;
}

/* Not a status: what tu_load_bytes gives when the output pointer was
 * written on an error, which no expected status matches. */
#define TU_WROTE_ON_ERROR ((lb_status)-1)

/* The loader's verdict on the bytes, written to `path` (LB_ERR_IO if they
 * cannot be); on an error the output pointer must be untouched. Called
 * per byte of a file, so it does not assert: callers compare statuses. */
static lb_status tu_load_bytes(const char *path, const uint8_t *b, size_t n)
{
    if (!tu_write_file(path, b, n))
        return LB_ERR_IO;
    lb_net_d *sentinel = (lb_net_d *)&n, *net = sentinel;
    lb_status st = lb_net_load_d(path, 4, &net);
    if (st == LB_OK)
        lb_net_destroy_d(net);
    return st != LB_OK && net != sentinel ? TU_WROTE_ON_ERROR : st;
}

static void tu_put_le(uint8_t *p, uint64_t v, int n)
{
    for (int i = 0; i < n; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

static uint64_t tu_get_le(const uint8_t *p, int n)
{
    uint64_t v = 0;
    for (int i = n - 1; i >= 0; i--)
        v = v << 8 | p[i];
    return v;
}

/* Rewrites the checksum, so only the edit itself can be rejected. */
static void tu_fix_crc(tu_file f)
{
    tu_put_le(f.b + f.n - 4, crc32(crc32(0, Z_NULL, 0), f.b, (uInt)(f.n - 4)),
              4);
}

/* The bytes at the offsets the header documents. */
START_TEST(test_net_file_layout)
{
    tu_file f = tu_saved_model(0);
    const uint8_t magic[8] = {0x89, 'L', 'B', 'N', 'E', 'T', '\r', '\n'};
    ck_assert_uint_eq(f.n, 40 + 16 * 5 + 8 * TU_NET_PARAMS + 4);
    ck_assert(memcmp(f.b, magic, 8) == 0);
    ck_assert_uint_eq(tu_get_le(f.b + 8, 4), 1);
    ck_assert_uint_eq(tu_get_le(f.b + 12, 4), 0x0E);
    ck_assert_uint_eq(tu_get_le(f.b + 16, 8), TU_NET_IN);
    ck_assert_uint_eq(tu_get_le(f.b + 24, 8), 5);
    const uint64_t kinds[5] = {1, 2, 1, 2, 1}, outs[5] = {7, 7, 6, 6, 3};
    tu_worst layers = {0};
    for (int i = 0; i < 5; i++) {
        const uint8_t *l = f.b + 32 + 16 * i;
        tu_worst_ok(&layers, (size_t)i, 0, (double)tu_get_le(l, 4), kinds[i],
                    tu_get_le(l, 4) == kinds[i] && tu_get_le(l + 4, 4) == 0 &&
                        tu_get_le(l + 8, 8) == outs[i]);
    }
    tu_worst_check(&layers, "layer records (kind, reserved, width)", 1);
    ck_assert_uint_eq(tu_get_le(f.b + 112, 8), TU_NET_PARAMS);
    lb_net_d *net = tu_net_small_d(2, 5);
    double *p, first;
    lb_net_params_d(net, &p, NULL, NULL);
    uint64_t bits = tu_get_le(f.b + 120, 8);
    memcpy(&first, &bits, 8);
    ck_assert(first == p[0]);
    ck_assert_uint_eq(tu_get_le(f.b + f.n - 4, 4),
                      crc32(crc32(0, Z_NULL, 0), f.b, (uInt)(f.n - 4)));
    lb_net_destroy_d(net);
    free(f.b);
}
END_TEST

/* Every proper prefix, and one byte too many. */
START_TEST(test_net_file_truncated)
{
    tu_file f = tu_saved_model(1);
    char path[32];
    tu_temp_path(path);
    ck_assert_uint_eq(f.n, 40 + 16 + 8 * 6 + 4);
    ck_assert_int_eq(tu_load_bytes(path, f.b, f.n), LB_OK);
    tu_worst st = {0};
    for (size_t len = 0; len < f.n; len++) {
        lb_status got = tu_load_bytes(path, f.b, len);
        tu_worst_ok(&st, len, 0, got, LB_ERR_FORMAT, got == LB_ERR_FORMAT);
    }
    tu_worst_check(&st, "status of a file truncated to (bytes)", 1);
    f.b[f.n] = 0;
    ck_assert_int_eq(tu_load_bytes(path, f.b, f.n + 1), LB_ERR_FORMAT);
    remove(path);
    free(f.b);
}
END_TEST

/* Any one damaged byte is caught (the version bytes say "newer" when
 * they grow). */
START_TEST(test_net_file_damaged)
{
    tu_file f = tu_saved_model(1);
    char path[32];
    tu_temp_path(path);
    tu_worst st = {0};
    for (size_t at = 0; at < f.n; at++) {
        f.b[at] ^= 0x10;
        lb_status want = at >= 8 && at < 12 ? LB_ERR_UNSUPPORTED
                                            : LB_ERR_FORMAT;
        lb_status got = tu_load_bytes(path, f.b, f.n);
        tu_worst_ok(&st, at, 0, got, want, got == want);
        f.b[at] ^= 0x10;
    }
    tu_worst_check(&st, "status of a file with a damaged byte (at)", 1);
    remove(path);
    free(f.b);
}
END_TEST

/* Well-formed files (checksum right) that say something wrong or foreign. */
START_TEST(test_net_file_foreign)
{
    tu_file f = tu_saved_model(0);
    char path[32];
    tu_temp_path(path);
    struct {
        size_t at;
        int width;
        uint64_t value;
        lb_status want;
    } edits[] = {
        {8, 4, 2, LB_ERR_UNSUPPORTED},  /* version 2 */
        {8, 4, 0, LB_ERR_FORMAT},       /* version 0 */
        {12, 4, 0x0C, LB_ERR_FORMAT},   /* dtype int32 */
        {16, 8, 0, LB_ERR_FORMAT},      /* no inputs */
        {16, 8, 6, LB_ERR_FORMAT},      /* inputs vs parameter count */
        {24, 8, 4, LB_ERR_FORMAT},      /* fewer layers than stored */
        {24, 8, 1ull << 60, LB_ERR_FORMAT}, /* absurd layer count */
        {32, 4, 3, LB_ERR_FORMAT},      /* unknown layer kind */
        {36, 4, 1, LB_ERR_FORMAT},      /* reserved field set */
        {40, 8, 0, LB_ERR_FORMAT},      /* a layer of width 0 */
        {56, 8, 8, LB_ERR_FORMAT},      /* a ReLU changing width */
        {112, 8, TU_NET_PARAMS + 1, LB_ERR_FORMAT}, /* parameter count */
    };
    tu_worst st = {0};
    for (size_t e = 0; e < sizeof edits / sizeof edits[0]; e++) {
        uint8_t keep[8];
        memcpy(keep, f.b + edits[e].at, 8);
        tu_put_le(f.b + edits[e].at, edits[e].value, edits[e].width);
        tu_fix_crc(f);
        lb_status got = tu_load_bytes(path, f.b, f.n);
        tu_worst_ok(&st, e, 0, got, edits[e].want, got == edits[e].want);
        memcpy(f.b + edits[e].at, keep, 8);
        tu_fix_crc(f);
    }
    tu_worst_check(&st, "status of an edited file (edit)", 1);
    ck_assert_int_eq(tu_load_bytes(path, f.b, f.n), LB_OK);
    /* Someone else's file: a PNG header, then text. */
    const uint8_t png[16] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    ck_assert_int_eq(tu_load_bytes(path, png, 16), LB_ERR_FORMAT);
    const uint8_t *text = (const uint8_t *)"hello, world\n";
    ck_assert_int_eq(tu_load_bytes(path, text, 13), LB_ERR_FORMAT);
    remove(path);
    free(f.b);
}
END_TEST

Suite *suite_net(void)
{
    Suite *s = tu_suite("net");
    TCase *tc = tu_tcase(s, "shapes");
    TU_ADD(tc, test_net_shapes);
    tc = tu_tcase(s, "numerics");
    TU_ADD(tc, test_net_forward_kernels);
    TU_ADD(tc, test_net_forward_panels);
    TU_ADD(tc, test_net_train);
    TU_ADD(tc, test_net_reproducible);
    TU_ADD(tc, test_net_learning_rate);
    TU_ADD(tc, test_net_predict);
    tc = tu_tcase(s, "gradients");
    tcase_add_loop_test(tc, test_net_gradient_d, 0, 2);
    tcase_add_test(tc, test_net_gradient_s);
    TU_ADD(tc, test_net_grad_hook);
    tc = tu_tcase(s, "files");
    TU_ADD(tc, test_net_file_round_trip);
    tcase_add_test(tc, test_net_file_layout);
    tcase_add_test(tc, test_net_file_truncated);
    tcase_add_test(tc, test_net_file_damaged);
    tcase_add_test(tc, test_net_file_foreign);
    tc = tu_tcase(s, "errors");
    TU_ADD(tc, test_net_errors);
    return s;
}

/* test_checkpoint.c - training checkpoints: a run stopped, checkpointed
 * and resumed in a fresh network ends bitwise where the run that never
 * stopped does, for every optimizer; the caller's generator and bytes come
 * back; a damaged, truncated or foreign checkpoint is rejected. */
#include "testutil.h"

#include <stdio.h>
#include <zlib.h>

#define CK_IN 6
#define CK_CLASSES 4
#define CK_BATCH 5
#define CK_ROWS 23

/* The optimizers resumed: SGD, with momentum (and dampening), Nesterov,
 * Adam and AdamW, each with weight decay. */
static const char *const ck_optim_name[] = {"SGD", "momentum", "Nesterov",
                                            "Adam", "AdamW"};
#define CK_NOPTIM 5

static lb_optim_opts ck_optim(int k)
{
    static const lb_optim_kind kinds[CK_NOPTIM] = {
        LB_OPTIM_SGD, LB_OPTIM_SGD, LB_OPTIM_SGD_NESTEROV, LB_OPTIM_ADAM,
        LB_OPTIM_ADAMW};
    lb_optim_opts o;
    ck_assert_int_eq(lb_optim_defaults(kinds[k], &o), LB_OK);
    o.weight_decay = 1e-3;
    if (k == 1) {
        o.momentum = 0.8;
        o.dampening = 0.1;
    }
    return o;
}

#define LB_DOUBLE 1
#include "test_checkpoint.inc"
#define LB_DOUBLE 0
#include "test_checkpoint.inc"

/* A checkpoint's bytes. */
typedef struct ck_file {
    uint8_t *b;
    size_t n;
} ck_file;

static ck_file ck_read(const char *path)
{
    ck_file f;
    f.b = tu_read_file(path, 1 << 16, &f.n);
    return f;
}

/* Not a status: what ck_load_bytes gives when the caller's outputs were
 * written on an error, which no expected status matches. */
#define CK_WROTE_ON_ERROR ((lb_status)-1)

/* The loader's verdict on the bytes, written to `path` (LB_ERR_IO if they
 * cannot be); on an error nothing of the caller's may be written. Called
 * per byte of a file, so it does not assert: callers compare statuses. */
static lb_status ck_load_bytes(const char *path, const uint8_t *b, size_t n)
{
    if (!tu_write_file(path, b, n))
        return LB_ERR_IO;
    lb_net_d *sentinel = (lb_net_d *)&n, *net = sentinel;
    lb_rng rng = {{1, 2, 3, 4}};
    uint8_t user[8] = {0};
    lb_status st = lb_net_load_checkpoint_d(path, 2, &net, &rng, user,
                                            sizeof user, NULL);
    if (st == LB_OK)
        lb_net_destroy_d(net);
    else if (net != sentinel || rng.s[0] != 1 || rng.s[3] != 4 || user[0])
        return CK_WROTE_ON_ERROR;
    return st;
}

/* A 2 -> 2 network with Adam after one step, a generator and 3 bytes of
 * the caller's: a checkpoint of 355 bytes, for the test that loads it
 * once per byte. */
static ck_file ck_small(const char *path)
{
    lb_net_d *net;
    lb_optim_opts adam = ck_optim(3);
    double x[2] = {1, -1}, loss;
    int32_t y = 1;
    ck_assert_int_eq(lb_net_create_d(2, 1, &net), LB_OK);
    ck_assert_int_eq(lb_net_add_affine_d(net, 2), LB_OK);
    ck_assert_int_eq(lb_net_init_d(net, LB_INIT_HE_UNIFORM, 7), LB_OK);
    ck_assert_int_eq(lb_net_set_optimizer_d(net, &adam), LB_OK);
    ck_assert_int_eq(lb_net_forward_d(net, 1, x, 2, &y, &loss, NULL), LB_OK);
    ck_assert_int_eq(lb_net_backward_d(net), LB_OK);
    ck_assert_int_eq(lb_net_step_d(net), LB_OK);
    lb_rng g;
    lb_rng_seed(&g, 1);
    ck_assert_int_eq(lb_net_save_checkpoint_d(net, &g, "abc", 3, path),
                     LB_OK);
    lb_net_destroy_d(net);
    return ck_read(path);
}

/* A scratch file in memory (tmpfs) where there is one: the test that
 * writes it once per byte then does not wait on a busy disk. */
static void ck_scratch_path(char *path)
{
    strcpy(path, "/dev/shm/lbtest-XXXXXX");
    int fd = mkstemp(path);
    if (fd < 0)
        tu_temp_path(path);
    else
        close(fd);
}

static void ck_put_le(uint8_t *p, uint64_t v, int n)
{
    for (int i = 0; i < n; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

/* Rewrites the checksum, so only the edit itself can be rejected. */
static void ck_fix_crc(ck_file f)
{
    ck_put_le(f.b + f.n - 4,
              crc32(crc32(0, Z_NULL, 0), f.b, (uInt)(f.n - 4)), 4);
}

/* Every truncation and every byte changed (the checksum catches it) is
 * LB_ERR_FORMAT (the version's bytes: a newer version, checked first, is
 * LB_ERR_UNSUPPORTED); one byte more too. Edits with the checksum fixed: a
 * newer version is LB_ERR_UNSUPPORTED; an unknown flag, optimizer kind,
 * invalid option, a wrong state or caller byte count, an embedded model
 * of the other dtype are LB_ERR_FORMAT. */
START_TEST(test_ckpt_damaged)
{
    char path[32], scratch[32];
    tu_temp_path(path);
    ck_scratch_path(scratch);
    ck_file f = ck_small(path);
    ck_assert_int_eq(ck_load_bytes(scratch, f.b, f.n), LB_OK);
    size_t bad = 0, m = (size_t)(f.b[16] | f.b[17] << 8); /* model bytes */
    for (size_t len = 0; len < f.n; len++)
        bad += ck_load_bytes(scratch, f.b, len) != LB_ERR_FORMAT;
    f.b[f.n] = 0; /* one byte more (the buffer has room) */
    bad += ck_load_bytes(scratch, f.b, f.n + 1) != LB_ERR_FORMAT;
    for (size_t i = 0; i < f.n; i++) {
        f.b[i] ^= 0x10;
        lb_status want = i >= 8 && i < 12 ? LB_ERR_UNSUPPORTED
                                          : LB_ERR_FORMAT;
        bad += ck_load_bytes(scratch, f.b, f.n) != want;
        f.b[i] ^= 0x10;
    }
    ck_assert_msg(bad == 0, "%zu truncated or changed checkpoints loaded",
                  bad);
    static const struct {
        size_t off; /* from the end of the model when after_model */
        int after_model;
        uint8_t value;
        lb_status want;
    } edits[] = {
        {8, 0, 2, LB_ERR_UNSUPPORTED},     /* version 2 */
        {8, 0, 0, LB_ERR_FORMAT},          /* version 0 */
        {12, 0, 0x0D, LB_ERR_FORMAT},      /* dtype not the model's */
        {0, 1, 4, LB_ERR_FORMAT},          /* unknown flag */
        {0, 1, 2, LB_ERR_FORMAT},          /* no optimizer, but t and S */
        {4, 1, 9, LB_ERR_FORMAT},          /* unknown optimizer kind */
        {15, 1, 0xFF, LB_ERR_FORMAT},      /* lr negative (sign byte) */
        {104, 1, 1, LB_ERR_FORMAT},        /* state count wrong */
        {28, 0, 0x00, LB_ERR_FORMAT},      /* the model's magic */
    };
    for (size_t e = 0; e < sizeof edits / sizeof edits[0]; e++) { /* cases: edits */
        size_t at = edits[e].off + (edits[e].after_model ? 24 + m : 0);
        uint8_t keep = f.b[at];
        f.b[at] = edits[e].value;
        ck_fix_crc(f);
        lb_status st = ck_load_bytes(scratch, f.b, f.n);
        ck_assert_msg(st == edits[e].want, "edit %zu: got %d", e, st);
        f.b[at] = keep;
    }
    ck_fix_crc(f);
    ck_assert_int_eq(ck_load_bytes(scratch, f.b, f.n), LB_OK);
    static const uint8_t model_magic[8] = {0x89, 'L', 'B', 'N',
                                           'E',  'T', '\r', '\n'};
    ck_assert_int_eq(ck_load_bytes(scratch, model_magic, 8), LB_ERR_FORMAT);
    free(f.b);
    remove(path);
    remove(scratch);
}
END_TEST

/* The generator and the caller's bytes come back; too little room is
 * LB_ERR_SIZE with the size told; a generator asked of a checkpoint
 * without one, and the other precision, are LB_ERR_ARG; a network without
 * an optimizer round-trips without one; bad arguments. */
START_TEST(test_ckpt_extras)
{
    char path[32];
    tu_temp_path(path);
    lb_net_d *net = ck_net_d(4, 2), *back = NULL;
    lb_net_s *single = NULL;
    lb_rng g, got;
    lb_rng_seed(&g, 77);
    ck_assert_int_eq(lb_net_save_checkpoint_d(net, &g, "hello", 5, path),
                     LB_OK);
    char user[8] = {0};
    size_t len = 0;
    ck_assert_int_eq(lb_net_load_checkpoint_d(path, 2, &back, NULL, user, 4,
                                              &len), LB_ERR_SIZE);
    ck_assert_uint_eq(len, 5);
    ck_assert_ptr_null(back);
    ck_assert_int_eq(lb_net_load_checkpoint_d(path, 2, &back, &got, user,
                                              sizeof user, &len), LB_OK);
    ck_assert(!memcmp(&got, &g, sizeof g) && !memcmp(user, "hello", 5));
    ck_assert_int_eq(lb_net_load_checkpoint_s(path, 2, &single, NULL, user,
                                              sizeof user, NULL), LB_ERR_ARG);
    lb_net_destroy_d(back);
    back = NULL;
    lb_net_destroy_d(net);
    ck_assert_int_eq(lb_net_create_d(3, 1, &net), LB_OK);
    ck_assert_int_eq(lb_net_add_affine_d(net, 2), LB_OK);
    ck_assert_int_eq(lb_net_save_checkpoint_d(net, NULL, NULL, 0, path),
                     LB_OK);
    ck_assert_int_eq(lb_net_load_checkpoint_d(path, 1, &back, &got, NULL, 0,
                                              NULL), LB_ERR_ARG);
    ck_assert_int_eq(lb_net_load_checkpoint_d(path, 1, &back, NULL, NULL, 0,
                                              &len), LB_OK);
    ck_assert_uint_eq(len, 0);
    ck_assert_int_eq(lb_net_step_d(back), LB_ERR_ARG); /* no optimizer */
    ck_assert_int_eq(lb_net_save_checkpoint_d(NULL, NULL, NULL, 0, path),
                     LB_ERR_NULL);
    ck_assert_int_eq(lb_net_save_checkpoint_d(net, NULL, NULL, 1, path),
                     LB_ERR_NULL);
    ck_assert_int_eq(lb_net_save_checkpoint_d(net, NULL, NULL, 0, NULL),
                     LB_ERR_NULL);
    ck_assert_int_eq(lb_net_load_checkpoint_d(path, 1, NULL, NULL, NULL, 0,
                                              NULL), LB_ERR_NULL);
    ck_assert_int_eq(lb_net_load_checkpoint_d(path, 1, &back, NULL, NULL, 1,
                                              NULL), LB_ERR_NULL);
    ck_assert_int_eq(lb_net_load_checkpoint_d(path, 0, &back, NULL, NULL, 0,
                                              NULL), LB_ERR_SIZE);
    ck_assert_int_eq(lb_net_load_checkpoint_d("/nonexistent/x", 1, &back,
                                              NULL, NULL, 0, NULL),
                     LB_ERR_IO);
    ck_assert_int_eq(lb_net_save_checkpoint_d(net, NULL, NULL, 0,
                                              "/nonexistent/x"), LB_ERR_IO);
    lb_net_destroy_d(net);
    lb_net_destroy_d(back);
    remove(path);
}
END_TEST

/* What fuzzing found: a network that dropped its optimizer (a layer added
 * after steps) checkpoints and resumes without one; a network without an
 * affine layer is not saved, and a 60-byte model file of one ReLU of
 * width INT_MAX, which would have the loader allocate 16 GB, is
 * rejected. */
START_TEST(test_ckpt_fuzz_findings)
{
    char path[32];
    tu_temp_path(path);
    lb_net_d *net = ck_net_d(3, 1), *back = NULL;
    double x[CK_IN] = {0}, loss;
    int32_t y = 0;
    ck_assert_int_eq(lb_net_forward_d(net, 1, x, CK_IN, &y, &loss, NULL),
                     LB_OK);
    ck_assert_int_eq(lb_net_backward_d(net), LB_OK);
    ck_assert_int_eq(lb_net_step_d(net), LB_OK);
    ck_assert_int_eq(lb_net_add_relu_d(net), LB_OK);
    ck_assert_int_eq(lb_net_save_checkpoint_d(net, NULL, NULL, 0, path),
                     LB_OK);
    ck_assert_int_eq(lb_net_load_checkpoint_d(path, 1, &back, NULL, NULL, 0,
                                              NULL), LB_OK);
    ck_assert_int_eq(lb_net_step_d(back), LB_ERR_ARG);
    lb_net_destroy_d(back);
    lb_net_destroy_d(net);
    ck_assert_int_eq(lb_net_create_d(4, 1, &net), LB_OK);
    ck_assert_int_eq(lb_net_save_d(net, path), LB_ERR_ARG);
    ck_assert_int_eq(lb_net_add_relu_d(net), LB_OK);
    ck_assert_int_eq(lb_net_save_d(net, path), LB_ERR_ARG);
    ck_assert_int_eq(lb_net_save_checkpoint_d(net, NULL, NULL, 0, path),
                     LB_ERR_ARG);
    lb_net_destroy_d(net);
    uint8_t b[60] = {0x89, 'L', 'B', 'N', 'E', 'T', '\r', '\n', 1, 0, 0, 0,
                     0x0E};
    ck_put_le(b + 16, INT32_MAX, 8);           /* n_in */
    ck_put_le(b + 24, 1, 8);                   /* one layer */
    ck_put_le(b + 32, LB_LAYER_RELU, 4);
    ck_put_le(b + 40, INT32_MAX, 8);           /* its width */
    ck_fix_crc((ck_file){b, sizeof b});        /* P = 0 at 48 */
    ck_assert(tu_write_file(path, b, sizeof b));
    ck_assert_int_eq(lb_net_load_d(path, 1, &net), LB_ERR_FORMAT);
    remove(path);
}
END_TEST

Suite *suite_checkpoint(void)
{
    Suite *s = tu_suite("checkpoint");
    TCase *tc = tu_tcase(s, "resume");
    tcase_add_loop_test(tc, test_ckpt_resume_d, 0, CK_NOPTIM);
    tcase_add_loop_test(tc, test_ckpt_resume_s, 0, CK_NOPTIM);
    tc = tu_tcase(s, "files");
    tcase_add_test(tc, test_ckpt_damaged);
    tcase_add_test(tc, test_ckpt_extras);
    tcase_add_test(tc, test_ckpt_fuzz_findings);
    return s;
}

/*
 * test_verbose.c - the LB_VERBOSE trace as a user reads it: stderr
 * captured around a few kernel calls and a rejected one, and the lines
 * checked field by field. The level is read once per process, so this is
 * a program of its own, run by tests/meson.build with LB_VERBOSE=0, 1 and
 * 2; it expects no line at all from a build without the trace.
 */
#include "testutil.h"

#include <fcntl.h>
#include <stdio.h>

/* What the calls below must print at this process's level. */
static int tv_level(void)
{
    const char *v = getenv("LB_VERBOSE");
    return LB_TEST_VERBOSE_BUILT && v ? atoi(v) : 0;
}

/* Runs fn with stderr going to a file; returns what it wrote
 * (malloc'ed). */
static char *tv_capture(void (*fn)(void))
{
    char path[] = "/tmp/lb_verbose_XXXXXX";
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    unlink(path);
    fflush(stderr);
    int saved = dup(2);
    ck_assert_int_ge(saved, 0);
    ck_assert_int_ge(dup2(fd, 2), 0);
    fn();
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    off_t size = lseek(fd, 0, SEEK_END);
    char *text = calloc((size_t)size + 1, 1);
    ck_assert_ptr_nonnull(text);
    ck_assert_int_eq(pread(fd, text, (size_t)size, 0), size);
    close(fd);
    return text;
}

static size_t tv_count(const char *text, const char *what)
{
    size_t n = 0;
    for (const char *p = strstr(text, what); p; p = strstr(p + 1, what))
        n++;
    return n;
}

/* The line of text that starts with prefix: it must exist when want is
 * set, and then end in ",isa:ISA,nthr:NTHR,TIME" with TIME >= 0. */
static void tv_expect(const char *text, const char *prefix, int nthr,
                      bool want)
{
    const char *line = strstr(text, prefix);
    if (!want) {
        ck_assert_msg(!line, "unexpected line: %s", prefix);
        return;
    }
    ck_assert_msg(line != NULL, "no line starting %s in:\n%s", prefix, text);
    char tail[128];
    snprintf(tail, sizeof tail, ",isa:%s,nthr:%d,", lb_get_kernel_isa(), nthr);
    const char *rest = line + strlen(prefix);
    ck_assert_msg(strncmp(rest, tail, strlen(tail)) == 0,
                  "line %s ends %.60s, want %s", prefix, rest, tail);
    char *end;
    double us = strtod(rest + strlen(tail), &end);
    ck_assert_msg(us >= 0 && *end == '\n', "bad time in %.120s", line);
}

static void tv_calls(void)
{
    const double X[2] = {1, 2}, W[6] = {1, 3, 5, 2, 4, 6}, b[3] = {1, 2, 3};
    double Y[3];
    ck_assert_int_eq(lb_affine_forward_d(1, 2, 3, X, 2, W, 3, b, Y, 3),
                     LB_OK);
    float A[8] = {-1, 2, -3, 0, 4, -5, 6, 0};
    ck_assert_int_eq(lb_relu_forward_s(2, 3, A, 4, A, 4), LB_OK);
    const double Z[4] = {1, 2, 3, 4};
    const int32_t labels[2] = {1, -100};
    lb_xent_opts opts = {.reduction = LB_REDUCE_SUM,
                         .ignore = LB_IGNORE_INDEX,
                         .ignore_index = -100,
                         .label_smoothing = 0.1};
    double loss, P[4];
    ck_assert_int_eq(lb_softmax_xent_labels_forward_d(2, 2, Z, 2, labels,
                                                      &opts, &loss, P, 2,
                                                      NULL, 0),
                     LB_OK);
    ck_assert_int_eq(lb_relu_forward_d(1, 3, W, 2, Y, 3), LB_ERR_LD);
}

START_TEST(test_lines)
{
    char *text = tv_capture(tv_calls);
    int level = tv_level();
    if (level == 0) {
        ck_assert_msg(text[0] == '\0', "trace off, yet:\n%s", text);
        free(text);
        return;
    }
    char info[64];
    snprintf(info, sizeof info, "lb_verbose,info,layerblas %s,",
             lb_get_version());
    ck_assert_msg(strncmp(text, info, strlen(info)) == 0, "first line:\n%s",
                  text);
    ck_assert_uint_eq(tv_count(text, "lb_verbose,exec,"), 3);
    tv_expect(text, "lb_verbose,exec,lb_affine_forward_d,f64,"
                    "n:1 k:2 m:3 ldx:2 ldw:3 ldy:3,bias:yes", 1, true);
    tv_expect(text, "lb_verbose,exec,lb_relu_forward_s,f32,"
                    "n:2 m:3 ldx:4 ldy:4,inplace:yes", 1, true);
    tv_expect(text, "lb_verbose,exec,lb_softmax_xent_labels_forward_d,f64,"
                    "n:2 c:2 ldx:2 ldp:2 lddx:0,reduction:sum smoothing:0.1 "
                    "inf_rows:nan ignore_index:-100 out:loss+P", 1, true);
    char fail[256];
    snprintf(fail, sizeof fail,
             "lb_verbose,fail,lb_relu_forward_d,f64,n:1 m:3 ldx:2 ldy:3,"
             "inplace:no,LB_ERR_LD (%s)\n", lb_status_string(LB_ERR_LD));
    ck_assert_msg((strstr(text, fail) != NULL) == (level >= 2),
                  "level %d, failure line %s in:\n%s", level,
                  level >= 2 ? "missing" : "printed", text);
    free(text);
}
END_TEST

/* A ReLU big enough for two threads (LB_MIN_WORK_PER_THREAD each). */
static void tv_threads(void)
{
    const size_t n = 1024, m = 1024;
    double *A = calloc(n * m, sizeof *A);
    ck_assert_ptr_nonnull(A);
    ck_assert_int_eq(lb_set_num_threads(2), LB_OK);
    ck_assert_int_eq(lb_relu_forward_d(n, m, A, m, A, m), LB_OK);
    ck_assert_int_eq(lb_set_num_threads(0), LB_OK);
    free(A);
}

START_TEST(test_threads_used)
{
    char *text = tv_capture(tv_threads);
    tv_expect(text, "lb_verbose,exec,lb_relu_forward_d,f64,"
                    "n:1024 m:1024 ldx:1024 ldy:1024,inplace:yes", 2,
              tv_level() > 0);
    free(text);
}
END_TEST

int main(void)
{
    Suite *s = tu_suite("verbose");
    TCase *tc = tu_tcase(s, "lines");
    tcase_add_test(tc, test_lines);
    tcase_add_test(tc, test_threads_used);
    return tu_run_suite(s);
}

/*
 * train_fashion_mnist.c - trains a multilayer perceptron on Fashion-MNIST
 * with layerblas: IDX files in, a ReLU MLP with Adam on shuffled
 * mini-batches, one line per epoch, the model file out.
 *
 *   build/examples/train_fashion_mnist [--epochs 15] [--batch 128]
 *       [--hidden 512,256] [--lr 1e-3] [--threads 0] [--seed 1]
 *       [--dtype f32|f64] [--data /usr/share/datasets/fashion-mnist]
 *       [--schedule cosine|constant] [--out fashion-mnist.lbnet]
 *       [--history FILE.csv] [--gemm-check]
 *
 * When stderr is a terminal, a line there shows the epoch as it goes
 * (examples per second, the loss so far). --history writes one CSV row per
 * epoch, for bench/plot-history to draw.
 *
 * --gemm-check times, after each epoch, the bare cblas GEMM calls one
 * epoch makes on the same shapes, and sets the epoch's wall and CPU time
 * beside theirs.
 * The data come from Debian's dataset-fashion-mnist package. The training
 * loop, written once, is instantiated for float and double from
 * train_fashion_mnist.inc.
 */
#define _POSIX_C_SOURCE 200809L

#include "layerblas.h"

#include <cblas.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define MAX_HIDDEN 8
#define CLASSES 10
#define PI 3.14159265358979323846

/* Returns a failing call's status from the calling function. */
#define TRY(expr)                                                            \
    do {                                                                     \
        lb_status try_status_ = (expr);                                      \
        if (try_status_ != LB_OK)                                            \
            return try_status_;                                              \
    } while (0)

typedef struct options {
    int epochs;
    size_t batch;
    size_t hidden[MAX_HIDDEN];
    size_t nhidden;
    double lr;
    int threads;
    uint64_t seed;
    int f64;
    const char *data;
    const char *out;
    const char *history; /* CSV of the epochs, or NULL */
    int gemm_check;
    int cosine; /* the learning rate follows a cosine from lr to 0 */
} options;

/* Images as the file's bytes, labels as the library's int32. */
typedef struct dataset {
    size_t n, dim;
    lb_idx images;
    int32_t *labels;
} dataset;

static double seconds(clockid_t clock)
{
    struct timespec ts;
    clock_gettime(clock, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* Wall time, and the CPU time of the process: on a machine shared with
 * other work, the CPU time of a 1-thread run is the steadier measure. */
static double now(void)
{
    return seconds(CLOCK_MONOTONIC);
}

static double cpu_now(void)
{
    return seconds(CLOCK_PROCESS_CPUTIME_ID);
}

static int fail(const char *what, lb_status st)
{
    fprintf(stderr, "train_fashion_mnist: %s: %s\n", what,
            lb_status_string(st));
    return 1;
}

static int load_idx(const char *dir, const char *name, lb_idx *idx)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    lb_status st = lb_idx_load(path, idx);
    if (st != LB_OK) {
        fprintf(stderr, "train_fashion_mnist: %s: %s\n", path,
                lb_status_string(st));
        if (st == LB_ERR_IO)
            fprintf(stderr, "  (install the data: sudo apt-get install "
                            "dataset-fashion-mnist)\n");
        return 1;
    }
    return 0;
}

/* Loads images [n x 28 x 28] and labels [n] in [0, 10). */
static int load_set(const char *dir, const char *prefix, dataset *ds)
{
    char name[256];
    lb_idx labels;
    snprintf(name, sizeof name, "%s-images-idx3-ubyte.gz", prefix);
    if (load_idx(dir, name, &ds->images))
        return 1;
    snprintf(name, sizeof name, "%s-labels-idx1-ubyte.gz", prefix);
    if (load_idx(dir, name, &labels))
        return 1;
    const lb_idx *im = &ds->images;
    if (im->ndims != 3 || labels.ndims != 1 || labels.dims[0] != im->dims[0]) {
        fprintf(stderr, "train_fashion_mnist: %s: images and labels do not "
                        "match\n", prefix);
        return 1;
    }
    ds->n = im->dims[0];
    ds->dim = im->dims[1] * im->dims[2];
    ds->labels = malloc(ds->n * sizeof *ds->labels);
    if (!ds->labels)
        return fail("labels", LB_ERR_NO_MEMORY);
    for (size_t i = 0; i < ds->n; i++) {
        if (labels.data[i] >= CLASSES)
            return fail("labels", LB_ERR_LABEL);
        ds->labels[i] = labels.data[i];
    }
    lb_idx_free(&labels);
    return 0;
}

static void free_set(dataset *ds)
{
    lb_idx_free(&ds->images);
    free(ds->labels);
}

static size_t parse_size(const char *s, const char *what)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || *end || v == 0 || s[0] == '-') {
        fprintf(stderr, "train_fashion_mnist: bad %s '%s'\n", what, s);
        exit(2);
    }
    return (size_t)v;
}

/* "512,256" -> hidden sizes. */
static void parse_hidden(const char *s, options *o)
{
    char buf[256], *save = NULL;
    snprintf(buf, sizeof buf, "%s", s);
    o->nhidden = 0;
    for (char *t = strtok_r(buf, ",", &save); t;
         t = strtok_r(NULL, ",", &save)) {
        if (o->nhidden == MAX_HIDDEN) {
            fprintf(stderr, "train_fashion_mnist: at most %d hidden layers\n",
                    MAX_HIDDEN);
            exit(2);
        }
        o->hidden[o->nhidden++] = parse_size(t, "hidden size");
    }
}

static void usage(void)
{
    fprintf(stderr,
            "usage: train_fashion_mnist [--epochs N] [--batch N] "
            "[--hidden N,N,...]\n"
            "       [--lr X] [--threads N (0: all cores)] [--seed N] "
            "[--dtype f32|f64]\n"
            "       [--schedule cosine|constant] [--data DIR] [--out FILE] "
            "[--gemm-check]\n");
    exit(2);
}

static void parse_args(int argc, char **argv, options *o)
{
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(a, "--gemm-check") == 0) {
            o->gemm_check = 1;
            continue;
        }
        if (!v)
            usage();
        i++;
        if (strcmp(a, "--epochs") == 0)
            o->epochs = (int)parse_size(v, "epochs");
        else if (strcmp(a, "--batch") == 0)
            o->batch = parse_size(v, "batch");
        else if (strcmp(a, "--hidden") == 0)
            parse_hidden(v, o);
        else if (strcmp(a, "--lr") == 0)
            o->lr = strtod(v, NULL);
        else if (strcmp(a, "--threads") == 0)
            o->threads = atoi(v);
        else if (strcmp(a, "--seed") == 0)
            o->seed = strtoull(v, NULL, 10);
        else if (strcmp(a, "--dtype") == 0 &&
                 (strcmp(v, "f32") == 0 || strcmp(v, "f64") == 0))
            o->f64 = strcmp(v, "f64") == 0;
        else if (strcmp(a, "--data") == 0)
            o->data = v;
        else if (strcmp(a, "--out") == 0)
            o->out = v;
        else if (strcmp(a, "--history") == 0)
            o->history = v;
        else if (strcmp(a, "--schedule") == 0 &&
                 (strcmp(v, "cosine") == 0 || strcmp(v, "constant") == 0))
            o->cosine = strcmp(v, "cosine") == 0;
        else
            usage();
    }
}

/* The line on a terminal that follows an epoch as it runs. */
typedef struct progress {
    int epoch, epochs;
    size_t n;          /* examples in the epoch */
    double start, due; /* the epoch's start; when to redraw next */
} progress;

/* Redraws the line at most 4 times a second: done examples so far, their
 * rate, and the mean loss over them. */
static void progress_show(progress *p, size_t done, double loss_sum)
{
    double t = now();
    if (t < p->due && done < p->n)
        return;
    p->due = t + 0.25;
    fprintf(stderr, "\repoch %2d/%d  %6zu/%zu  loss %.4f  %6.0f ex/s ",
            p->epoch, p->epochs, done, p->n, loss_sum / (double)done,
            (double)done / (t - p->start));
    fflush(stderr);
}

/* Clears the line before the epoch's summary goes to stdout. */
static void progress_end(void)
{
    fprintf(stderr, "\r%*s\r", 60, "");
}

#define real float
#define LBT(name) name##_s
#define CBLAS_GEMM cblas_sgemm
#include "train_fashion_mnist.inc"
#undef real
#undef LBT
#undef CBLAS_GEMM

#define real double
#define LBT(name) name##_d
#define CBLAS_GEMM cblas_dgemm
#include "train_fashion_mnist.inc"
#undef real
#undef LBT
#undef CBLAS_GEMM

#if defined(LB_BLAS_OPENBLAS)
/* OpenBLAS picks its kernels by CPU; say which, since it decides speed. */
char *openblas_get_corename(void);
#endif

int main(int argc, char **argv)
{
    options o = {15, 128, {512, 256}, 2, 1e-3, 0, 1, 0,
                 "/usr/share/datasets/fashion-mnist", "fashion-mnist.lbnet",
                 NULL, 0, 1};
    dataset train = {0}, test = {0};
    parse_args(argc, argv, &o);
    if (lb_set_num_threads(o.threads) != LB_OK)
        usage();
    if (load_set(o.data, "train", &train) || load_set(o.data, "t10k", &test))
        return 1;
    printf("fashion-mnist: %zu train, %zu test images of %zu pixels; ",
           train.n, test.n, train.dim);
    printf("%s, %d thread%s", o.f64 ? "f64" : "f32", lb_get_num_threads(),
           lb_get_num_threads() > 1 ? "s" : "");
#if defined(LB_BLAS_OPENBLAS)
    printf(", OpenBLAS core %s", openblas_get_corename());
#endif
    printf("\n");
    int rc = o.f64 ? train_d(&o, &train, &test) : train_s(&o, &train, &test);
    free_set(&train);
    free_set(&test);
    return rc;
}

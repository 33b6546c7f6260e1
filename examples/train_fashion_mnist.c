/*
 * train_fashion_mnist.c - trains a multilayer perceptron on Fashion-MNIST
 * with layerblas: IDX files in, a ReLU MLP with Adam on shuffled
 * mini-batches, one line per epoch, the model file out.
 *
 *   build/examples/train_fashion_mnist [--epochs 15] [--batch 128]
 *       [--hidden 512,256] [--lr 1e-3] [--threads 0] [--seed 1]
 *       [--dtype f32|f64] [--data /usr/share/datasets/fashion-mnist]
 *       [--schedule cosine|constant] [--out fashion-mnist.lbnet]
 *       [--history FILE.csv] [--checkpoint FILE] [--resume FILE]
 *       [--gemm-check] [--mpi [--reduce block|overlap]]
 *
 * When stderr is a terminal, a line there shows the epoch as it goes
 * (examples per second, the loss so far). --history writes one CSV row per
 * epoch, for bench/plot-history to draw.
 *
 * --checkpoint FILE writes a checkpoint after every epoch: the network
 * with its optimizer, the shuffling generator, the data order and the
 * epoch reached. --resume FILE continues such a run (given the same
 * options) from its last epoch, and ends bitwise where the run that never
 * stopped ends.
 *
 * --mpi trains data-parallel under mpirun with layerblas_mpi (when built
 * with it): each rank keeps its shard of the training set and takes
 * batch/P rows of every batch of `batch` rows; the gradients are averaged
 * across the ranks, so the steps are those of one process on the whole
 * batch. Rank 0 prints the lines (and the progress line, for its shard)
 * and writes the model and the history. The threads per rank default to
 * the cores over the ranks on this machine. An error on any rank ends them
 * all (MPI_Abort). --mpi takes neither --checkpoint nor --resume (nor
 * --gemm-check): a checkpoint holds one process's shuffling generator and
 * data order, and each rank has its own.
 *
 *   mpirun -np 2 build/examples/train_fashion_mnist --mpi
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

#ifdef LB_EXAMPLE_MPI
#include "layerblas_mpi.h"
#endif

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
    const char *checkpoint; /* written after every epoch, or NULL */
    const char *resume;     /* continued from, or NULL */
    int gemm_check;
    int cosine; /* the learning rate follows a cosine from lr to 0 */
    int mpi;
    int overlap; /* --reduce overlap */
} options;

/* This process among the ranks: 0 of 1 without --mpi. */
static int rank = 0, ranks = 1;

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

/* Ends every rank: the others may be waiting for this one. */
static void end_all_ranks(void)
{
#ifdef LB_EXAMPLE_MPI
    if (ranks > 1)
        MPI_Abort(MPI_COMM_WORLD, 1);
#endif
}

static void report(const char *what, lb_status st)
{
    fprintf(stderr, "train_fashion_mnist: rank %d: %s: %s\n", rank, what,
            lb_status_string(st));
}

static int fail(const char *what, lb_status st)
{
    report(what, st);
    end_all_ranks();
    return 1;
}

/* v[0..n) summed over the ranks, in place. */
static void sum_over_ranks(double *v, int n)
{
#ifdef LB_EXAMPLE_MPI
    if (ranks > 1)
        MPI_Allreduce(MPI_IN_PLACE, v, n, MPI_DOUBLE, MPI_SUM,
                      MPI_COMM_WORLD);
#else
    (void)v;
    (void)n;
#endif
}

static int load_idx(const char *dir, const char *name, lb_idx *idx)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    lb_status st = lb_idx_load(path, idx);
    if (st != LB_OK) {
        report(path, st);
        if (st == LB_ERR_IO)
            fprintf(stderr, "  (install the data: sudo apt-get install "
                            "dataset-fashion-mnist)\n");
        end_all_ranks();
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
        return fail(prefix, LB_ERR_FORMAT); /* images and labels differ */
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

/* This rank's part of a set: n/ranks images from rank*(n/ranks), a view
 * into it (the whole set for one process). */
static dataset shard_of(const dataset *ds)
{
    dataset shard = *ds;
    size_t first = ds->n / (size_t)ranks * (size_t)rank;
    shard.n = ds->n / (size_t)ranks;
    shard.images.data += first * ds->dim;
    shard.labels += first;
    return shard;
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
            "[--gemm-check]\n"
            "       [--history FILE.csv] [--checkpoint FILE] [--resume FILE]\n"
            "       [--mpi [--reduce block|overlap]] (under mpirun; not with "
            "--checkpoint,\n"
            "       --resume or --gemm-check)\n");
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
        if (strcmp(a, "--mpi") == 0) {
            o->mpi = 1;
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
        else if (strcmp(a, "--checkpoint") == 0)
            o->checkpoint = v;
        else if (strcmp(a, "--resume") == 0)
            o->resume = v;
        else if (strcmp(a, "--schedule") == 0 &&
                 (strcmp(v, "cosine") == 0 || strcmp(v, "constant") == 0))
            o->cosine = strcmp(v, "cosine") == 0;
        else if (strcmp(a, "--reduce") == 0 &&
                 (strcmp(v, "block") == 0 || strcmp(v, "overlap") == 0))
            o->overlap = strcmp(v, "overlap") == 0;
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

/* --mpi: joins the ranks; by default each takes an equal part of this
 * machine's cores. */
static void start_ranks(options *o, int *argc, char ***argv)
{
#ifdef LB_EXAMPLE_MPI
    MPI_Comm node;
    int here;
    MPI_Init(argc, argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &ranks);
    MPI_Comm_split_type(MPI_COMM_WORLD, MPI_COMM_TYPE_SHARED, rank,
                        MPI_INFO_NULL, &node);
    MPI_Comm_size(node, &here);
    MPI_Comm_free(&node);
    if (o->threads < 0) {
        long cores = sysconf(_SC_NPROCESSORS_ONLN);
        o->threads = cores > here ? (int)(cores / here) : 1;
    }
#else
    (void)o;
    (void)argc;
    (void)argv;
    fprintf(stderr, "train_fashion_mnist: --mpi: built without "
                    "layerblas_mpi (meson option mpi, Open MPI)\n");
    exit(2);
#endif
}

static void stop_ranks(void)
{
#ifdef LB_EXAMPLE_MPI
    MPI_Finalize();
#endif
}

int main(int argc, char **argv)
{
    options o = {15, 128, {512, 256}, 2, 1e-3, -1, 1, 0,
                 "/usr/share/datasets/fashion-mnist", "fashion-mnist.lbnet",
                 NULL, NULL, NULL, 0, 1, 0, 0};
    dataset train = {0}, test = {0};
    parse_args(argc, argv, &o);
    if (o.mpi)
        start_ranks(&o, &argc, &argv);
    /* Every rank makes these checks alike and stops alike. A checkpoint
     * holds one process's shuffling generator and data order, so --mpi
     * has neither --checkpoint nor --resume. */
    const char *bad = NULL;
    if (o.batch % (size_t)ranks != 0)
        bad = "--batch must be a multiple of the ranks";
    else if (o.mpi && o.gemm_check)
        bad = "--gemm-check is not for --mpi";
    else if (o.mpi && (o.checkpoint || o.resume))
        bad = "--checkpoint and --resume are not for --mpi";
    else if (lb_set_num_threads(o.threads < 0 ? 0 : o.threads) != LB_OK)
        bad = "--threads out of range";
    if (bad) {
        if (rank == 0)
            fprintf(stderr, "train_fashion_mnist: %s\n", bad);
        if (o.mpi)
            stop_ranks();
        return 2;
    }
    if (load_set(o.data, "train", &train) || load_set(o.data, "t10k", &test))
        return 1;
    if (rank == 0) {
        printf("fashion-mnist: %zu train, %zu test images of %zu pixels; ",
               train.n, test.n, train.dim);
        printf("%s, %d thread%s", o.f64 ? "f64" : "f32",
               lb_get_num_threads(), lb_get_num_threads() > 1 ? "s" : "");
        if (o.mpi)
            printf(" on each of %d ranks (%s sums)", ranks,
                   o.overlap ? "per-layer overlapped" : "one-block");
#if defined(LB_BLAS_OPENBLAS)
        printf(", OpenBLAS core %s", openblas_get_corename());
#endif
        printf("\n");
    }
    int rc = o.f64 ? train_d(&o, &train, &test) : train_s(&o, &train, &test);
    free_set(&train);
    free_set(&test);
    if (o.mpi)
        stop_ranks();
    return rc;
}

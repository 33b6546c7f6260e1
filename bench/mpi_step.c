/*
 * mpi_step.c - layerblas-mpi-step: the training steps per second of an
 * lb_net (float) in one process or data-parallel under mpirun, and what a
 * model of larger clusters needs from one node: the forward, the backward
 * with the moment each layer's gradient is ready, the optimizer step, the
 * gradient bytes of each layer. The models are the Fashion-MNIST MLP and
 * one with a 32000-class output layer; the data are random (speed does
 * not depend on them).
 *
 *   layerblas-mpi-step [--model mlp|wide] [--batch 128] [--steps 30]
 *                      [--threads N] [--reduce none|block|overlap]
 *   mpirun -np 2 layerblas-mpi-step --threads 1 --reduce block
 *
 * --batch is the global batch: each of P ranks takes batch/P rows.
 * --reduce none (one process only) trains without layerblas_mpi and
 * reports the parts of a step; the others report steps/s only. Output:
 * one JSON object per line, from rank 0; times are medians over the steps
 * (after 3 untimed ones), in seconds.
 */
#define _POSIX_C_SOURCE 200809L

#include "layerblas_mpi.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAX_LAYERS 8
#define WARMUP 3

typedef struct model {
    const char *name;
    size_t in, classes, nhidden, hidden[MAX_LAYERS];
} model;

static const model models[] = {
    {"mlp", 784, 10, 2, {512, 256}},
    {"wide", 784, 32000, 2, {1024, 1024}},
};

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static int rank, ranks;

static void check(lb_status st, const char *what)
{
    if (st == LB_OK)
        return;
    fprintf(stderr, "layerblas-mpi-step: rank %d: %s: %s\n", rank, what,
            lb_status_string(st));
    MPI_Abort(MPI_COMM_WORLD, 1);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

/* When backward made each layer's gradient, from its start (none mode). */
typedef struct ready_log {
    double t0;
    size_t n, layer[MAX_LAYERS];
    double at[MAX_LAYERS];
} ready_log;

static lb_status log_ready(void *user, size_t layer, size_t offset,
                           size_t count)
{
    ready_log *log = user;
    (void)offset;
    (void)count;
    if (log->n < MAX_LAYERS) {
        log->layer[log->n] = layer;
        log->at[log->n++] = now() - log->t0;
    }
    return LB_OK;
}

static lb_net_s *build(const model *m, size_t batch)
{
    lb_net_s *net = NULL;
    check(lb_net_create_s(m->in, batch, &net), "create");
    for (size_t i = 0; i < m->nhidden; i++) {
        check(lb_net_add_affine_s(net, m->hidden[i]), "add");
        check(lb_net_add_relu_s(net), "add");
    }
    check(lb_net_add_affine_s(net, m->classes), "add");
    check(lb_net_init_s(net, LB_INIT_HE_UNIFORM, 1), "init");
    lb_optim_opts adam;
    check(lb_optim_defaults(LB_OPTIM_ADAM, &adam), "adam");
    check(lb_net_set_optimizer_s(net, &adam), "optimizer");
    return net;
}

/* Prints the parts of a one-process step: medians of forward, backward,
 * optimizer step, and of each layer's ready time. */
static void report_parts(lb_net_s *net, double *fwd, double *bwd,
                         double *opt, double (*at)[MAX_LAYERS],
                         const ready_log *log, int steps)
{
    double col[1024];
    printf(",\"forward_s\":%.6g,\"backward_s\":%.6g,\"optim_s\":%.6g",
           median(fwd, steps), median(bwd, steps), median(opt, steps));
    printf(",\"layers\":[");
    for (size_t j = 0; j < log->n; j++) {
        size_t count;
        lb_net_layer_params_s(net, log->layer[j], NULL, &count);
        for (int s = 0; s < steps; s++)
            col[s] = at[s][j];
        printf("%s{\"layer\":%zu,\"bytes\":%zu,\"ready_s\":%.6g}",
               j ? "," : "", log->layer[j], count * sizeof(float),
               median(col, steps));
    }
    printf("]");
}

int main(int argc, char **argv)
{
    const model *m = &models[0];
    size_t batch = 128;
    int steps = 30, threads = 1;
    const char *reduce = "block";
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &ranks);
    for (int i = 1; i + 1 < argc; i += 2) {
        if (strcmp(argv[i], "--model") == 0)
            m = &models[strcmp(argv[i + 1], "wide") == 0];
        else if (strcmp(argv[i], "--batch") == 0)
            batch = strtoul(argv[i + 1], NULL, 10);
        else if (strcmp(argv[i], "--steps") == 0)
            steps = atoi(argv[i + 1]);
        else if (strcmp(argv[i], "--threads") == 0)
            threads = atoi(argv[i + 1]);
        else if (strcmp(argv[i], "--reduce") == 0)
            reduce = argv[i + 1];
    }
    int none = strcmp(reduce, "none") == 0;
    if (steps < 1 || steps > 1024 || batch % (size_t)ranks ||
        (none && ranks > 1))
        check(LB_ERR_ARG, "arguments");
    check(lb_set_num_threads(threads), "threads");
    size_t rows = batch / (size_t)ranks;
    lb_net_s *net = build(m, rows);
    lb_mpi_net_s *dp = NULL;
    if (!none)
        check(lb_mpi_net_create_s(MPI_COMM_WORLD, net,
                                  strcmp(reduce, "overlap") == 0
                                      ? LB_MPI_REDUCE_OVERLAP
                                      : LB_MPI_REDUCE_BLOCK, &dp),
              "mpi create");
    ready_log log = {0};
    if (none)
        check(lb_net_set_grad_hook_s(net, log_ready, &log), "hook");
    float *X = malloc(rows * m->in * sizeof *X), loss;
    int32_t *labels = malloc(rows * sizeof *labels);
    if (!X || !labels)
        check(LB_ERR_NO_MEMORY, "data");
    for (size_t i = 0; i < rows * m->in; i++)
        X[i] = (float)((i * 2654435761u + (size_t)rank) % 1000) / 1000.0f;
    for (size_t i = 0; i < rows; i++)
        labels[i] = (int32_t)((i * 7 + (size_t)rank) % m->classes);
    static double total[1024], fwd[1024], bwd[1024], opt[1024];
    static double at[1024][MAX_LAYERS];
    for (int s = -WARMUP; s < steps; s++) {
        MPI_Barrier(MPI_COMM_WORLD); /* every rank starts the step together */
        double t0 = now();
        check(lb_net_forward_s(net, rows, X, m->in, labels, &loss, NULL),
              "forward");
        double t1 = now();
        log.t0 = t1;
        log.n = 0;
        check(dp ? lb_mpi_net_backward_s(dp) : lb_net_backward_s(net),
              "backward");
        double t2 = now();
        check(lb_net_step_s(net), "step");
        double t3 = now();
        if (s < 0)
            continue;
        total[s] = t3 - t0;
        fwd[s] = t1 - t0;
        bwd[s] = t2 - t1;
        opt[s] = t3 - t2;
        memcpy(at[s], log.at, sizeof at[s]);
    }
    if (rank == 0) {
        size_t np;
        lb_net_params_s(net, NULL, NULL, &np);
        printf("{\"model\":\"%s\",\"params\":%zu,\"ranks\":%d,\"threads\":%d,"
               "\"reduce\":\"%s\",\"batch\":%zu,\"step_s\":%.6g",
               m->name, np, ranks, threads, reduce, batch,
               median(total, steps));
        if (none)
            report_parts(net, fwd, bwd, opt, at, &log, steps);
        printf("}\n");
    }
    lb_mpi_net_destroy_s(dp);
    lb_net_destroy_s(net);
    free(X);
    free(labels);
    MPI_Finalize();
    return 0;
}

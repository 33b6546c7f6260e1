/*
 * system.c - what a benchmark run stands on: the CPU and its vector
 * features, the BLAS and the kernels it chose, the threads. OpenBLAS picks
 * its kernels from the CPUs it knows; one it does not know gets old SSE
 * kernels that run GEMMs several times slower, silently. This file compares
 * the chosen core with what the CPU can do and says how to fix it.
 */
#include "bench.h"
#include "onednn.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#define BENCH_X86 1
#else
#define BENCH_X86 0
#endif

/* Vector levels, as OpenBLAS's kernel sets use them. */
enum { LEVEL_UNKNOWN = -1, LEVEL_SSE, LEVEL_AVX, LEVEL_AVX2, LEVEL_AVX512 };

/* OpenBLAS's core names (driver/others/dynamic.c) by the widest vectors
 * their GEMM kernels use. Names not listed get no verdict. */
static const struct {
    const char *core;
    int level;
} core_levels[] = {
    {"Katmai", LEVEL_SSE},       {"Coppermine", LEVEL_SSE},
    {"Northwood", LEVEL_SSE},    {"Prescott", LEVEL_SSE},
    {"Banias", LEVEL_SSE},       {"Atom", LEVEL_SSE},
    {"Core2", LEVEL_SSE},        {"Penryn", LEVEL_SSE},
    {"Dunnington", LEVEL_SSE},   {"Nehalem", LEVEL_SSE},
    {"Athlon", LEVEL_SSE},       {"Opteron", LEVEL_SSE},
    {"Opteron_SSE3", LEVEL_SSE}, {"Barcelona", LEVEL_SSE},
    {"Nano", LEVEL_SSE},         {"Sandybridge", LEVEL_AVX},
    {"Bulldozer", LEVEL_AVX},    {"Piledriver", LEVEL_AVX},
    {"Steamroller", LEVEL_AVX},  {"Haswell", LEVEL_AVX2},
    {"Excavator", LEVEL_AVX2},   {"Zen", LEVEL_AVX2},
    {"SkylakeX", LEVEL_AVX512},  {"Cooperlake", LEVEL_AVX512},
    {"SapphireRapids", LEVEL_AVX512},
};

/* The OPENBLAS_CORETYPE that gives each CPU level its best kernels. */
static const char *const level_core[] = {"Prescott", "Sandybridge", "Haswell",
                                         "SkylakeX"};
static const char *const level_name[] = {"SSE", "AVX", "AVX2", "AVX-512"};

static int core_level(const char *core)
{
    for (size_t i = 0; i < sizeof core_levels / sizeof core_levels[0]; i++)
        if (strcasecmp(core, core_levels[i].core) == 0)
            return core_levels[i].level;
    return LEVEL_UNKNOWN;
}

static int cpu_level(const bench_system *sys)
{
    if (!BENCH_X86)
        return LEVEL_UNKNOWN;
    return sys->avx512f ? LEVEL_AVX512 : (sys->avx2 ? LEVEL_AVX2 : LEVEL_SSE);
}

/* The "model name" line of /proc/cpuinfo, or "unknown". */
static void cpu_model_name(char *out, size_t size)
{
    snprintf(out, size, "unknown");
    FILE *f = fopen("/proc/cpuinfo", "r");
    if (!f)
        return;
    char line[256];
    while (fgets(line, sizeof line, f)) {
        char *colon = strchr(line, ':');
        if (strncmp(line, "model name", 10) == 0 && colon) {
            colon += strspn(colon + 1, " \t") + 1;
            colon[strcspn(colon, "\n")] = '\0';
            snprintf(out, size, "%s", colon);
            break;
        }
    }
    fclose(f);
}

static void cpu_features(bench_system *sys)
{
#if BENCH_X86
    unsigned a, b, c, d;
    if (__get_cpuid(1, &a, &b, &c, &d)) {
        unsigned family = (a >> 8) & 15, model = (a >> 4) & 15;
        if (family == 6 || family == 15)
            model |= ((a >> 16) & 15) << 4;
        if (family == 15)
            family += (a >> 20) & 255;
        sys->family = family;
        sys->model = model;
    }
    /* These also check that the OS saves the wide registers. */
    __builtin_cpu_init();
    sys->avx2 = __builtin_cpu_supports("avx2");
    sys->avx512f = __builtin_cpu_supports("avx512f");
#else
    (void)sys;
#endif
}

void bench_system_probe(bench_system *sys)
{
    memset(sys, 0, sizeof *sys);
    cpu_model_name(sys->cpu, sizeof sys->cpu);
    cpu_features(sys);
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    sys->cores = n < 1 ? 1 : (int)n;
    bench_check(lb_get_blas_info(&sys->blas), "lb_get_blas_info");
    sys->coretype_env = getenv("OPENBLAS_CORETYPE");
    bench_onednn_info(&sys->onednn);
    int have = core_level(sys->blas.core), can = cpu_level(sys);
    if (have != LEVEL_UNKNOWN && can != LEVEL_UNKNOWN && have < can) {
        sys->core_weak = true;
        sys->suggested_core = level_core[can];
        snprintf(sys->warning, sizeof sys->warning,
                 "OpenBLAS runs its %s kernels (%s) on a CPU with %s: GEMMs "
                 "run slower than it allows; set OPENBLAS_CORETYPE=%s",
                 sys->blas.core, level_name[have], level_name[can],
                 sys->suggested_core);
    }
}

static void print_weak_core(const bench_system *sys)
{
    printf("\nWARNING: %s.\n", sys->warning);
    if (sys->coretype_env)
        printf("  OPENBLAS_CORETYPE=%s in the environment chose them.\n",
               sys->coretype_env);
    else
        printf("  OpenBLAS did not recognise this CPU (family %u model %u)"
               " and fell back to them.\n", sys->family, sys->model);
    printf("  Fix: set the variable when running, e.g.\n"
           "    OPENBLAS_CORETYPE=%s build/bench/layerblas-bench\n",
           sys->suggested_core);
}

static void print_blas_threads(int n)
{
    if (n)
        printf("%d", n);
    else
        printf("(not reported)");
}

static void print_onednn(const bench_peer_info *d)
{
    if (!d->built) {
        printf("onednn   not built in (no libdnnl-dev when configured): no "
               "onednn rows\n");
        return;
    }
    printf("onednn   oneDNN %s, CPU runtime %s, ISA %s, f32 rows only; its "
           "threads %s\n", d->version, d->runtime, d->isa,
           d->threads_follow ? "follow lb_set_num_threads()"
                             : "are its own (not set by the bench)");
    if (d->wait_policy)
        printf("         OMP_WAIT_POLICY=%s (passive unless set: idle "
               "workers sleep, not spin)\n", d->wait_policy);
}

void bench_system_print(const bench_system *sys, const bench_plan *plan)
{
    printf("layerblas-bench\n");
    printf("cpu      %s (family %u model %u), %d online cores, "
           "AVX2 %s, AVX-512F %s\n", sys->cpu, sys->family, sys->model,
           sys->cores, sys->avx2 ? "yes" : "no", sys->avx512f ? "yes" : "no");
    printf("blas     %s, core %s, threads at start ", sys->blas.name,
           sys->blas.core);
    print_blas_threads(sys->blas.threads);
    printf("\n");
    printf("         config: %s\n", sys->blas.config);
    printf("gemm     panels on %s\n",
           strcmp(lb_get_gemm_backend(), "libxsmm") == 0
               ? "libxsmm's JIT kernels where they are faster, else the BLAS"
               : "the BLAS");
    print_onednn(&sys->onednn);
    printf("env      OPENBLAS_CORETYPE=%s\n",
           sys->coretype_env ? sys->coretype_env : "(not set)");
    printf("threads ");
    for (int t = 0; t < plan->nthreads; t++) {
        bench_check(lb_set_num_threads(plan->threads[t]),
                    "lb_set_num_threads");
        lb_blas_info info;
        bench_check(lb_get_blas_info(&info), "lb_get_blas_info");
        printf("%s lb_set_num_threads(%d): layerblas %d, BLAS ",
               t ? ";" : "", plan->threads[t], lb_get_num_threads());
        print_blas_threads(info.threads);
    }
    printf("\n");
    if (sys->core_weak)
        print_weak_core(sys);
}

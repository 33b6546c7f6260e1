/* testutil.c - how the test programs build and run their suites: every
 * test case gets its timeout from the one budget of testutil.h, prints its
 * wall time next to that timeout when it ends (and each suite its own),
 * and runs with the thread cap of LB_TEST_THREADS unless it is about
 * threads. */
#include "testutil.h"

#include <stdio.h>
#include <time.h>

/* The test cases in the order the suites made them. */
enum { TU_MAX_CASES = 128 };
static struct tu_case {
    const char *suite, *tcase;
    bool all_cores;
} tu_cases[TU_MAX_CASES];
static int tu_ncases;
static const char *tu_suite_name;

Suite *tu_suite(const char *name)
{
    tu_suite_name = name;
    return suite_create(name);
}

static double tu_now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

/* The tag of the cases about threads: CK_INCLUDE_TAGS / CK_EXCLUDE_TAGS
 * select them (the valgrind setup runs them apart from the rest). */
#define TU_THREADS_TAG "threads"

/* Whether the space-separated list names the tag. */
static bool tu_names(const char *list, const char *tag)
{
    size_t n = strlen(tag);
    for (const char *p = list; (p = strstr(p, tag)) != NULL; p += n)
        if ((p == list || p[-1] == ' ') && (p[n] == ' ' || p[n] == 0))
            return true;
    return false;
}

/* Check's own filters: the cases it will run. */
static bool tu_selected(const struct tu_case *c)
{
    const char *s = getenv("CK_RUN_SUITE"), *t = getenv("CK_RUN_CASE");
    const char *in = getenv("CK_INCLUDE_TAGS"), *ex = getenv("CK_EXCLUDE_TAGS");
    bool tagged = c->all_cores;
    return (!s || !*s || strcmp(s, c->suite) == 0) &&
           (!t || !*t || strcmp(t, c->tcase) == 0) &&
           (!in || !*in || (tagged && tu_names(in, TU_THREADS_TAG))) &&
           (!ex || !*ex || !tagged || !tu_names(ex, TU_THREADS_TAG));
}

/* The case running and when it and its suite started. Check runs the
 * selected cases in the order they were made, calling these two (its
 * unchecked fixtures) in the parent process around each. */
static int tu_current = -1;
static double tu_case_start, tu_suite_start;

/* Meson runs the test programs side by side: LB_TEST_THREADS=n caps each
 * case to n threads of BLAS and kernels, but for the cases about threads,
 * which get every core (lb_set_num_threads(0)). */
static void tu_case_begin(void)
{
    const char *cap = getenv("LB_TEST_THREADS");
    do
        tu_current++;
    while (tu_current < tu_ncases && !tu_selected(&tu_cases[tu_current]));
    bool all = tu_current < tu_ncases && tu_cases[tu_current].all_cores;
    if (lb_set_num_threads(all || !cap ? 0 : atoi(cap)) != LB_OK) {
        fprintf(stderr, "LB_TEST_THREADS=%s: not a thread count\n", cap);
        exit(EXIT_FAILURE);
    }
    tu_case_start = tu_now();
    if (tu_current == 0 ||
        strcmp(tu_cases[tu_current - 1].suite, tu_cases[tu_current].suite))
        tu_suite_start = tu_case_start;
}

static void tu_case_end(void)
{
    const struct tu_case *c = &tu_cases[tu_current];
    double end = tu_now();
    printf("  %-12s %-14s %7.3f s of %d s (%4.1f%%)\n", c->suite, c->tcase,
           end - tu_case_start, TU_TIMEOUT_S,
           100 * (end - tu_case_start) / TU_TIMEOUT_S);
    int next = tu_current + 1;
    while (next < tu_ncases && !tu_selected(&tu_cases[next]))
        next++;
    if (next == tu_ncases || strcmp(tu_cases[next].suite, c->suite))
        printf("suite %s: %.3f s wall\n", c->suite, end - tu_suite_start);
    fflush(stdout);
}

static TCase *tu_tcase_add(Suite *s, const char *property, bool all_cores)
{
    if (tu_ncases == TU_MAX_CASES) {
        fprintf(stderr, "more than %d test cases: raise TU_MAX_CASES\n",
                TU_MAX_CASES);
        exit(EXIT_FAILURE);
    }
    TCase *tc = tcase_create(property);
    tcase_set_timeout(tc, TU_TIMEOUT_S);
    tcase_add_unchecked_fixture(tc, tu_case_begin, tu_case_end);
    if (all_cores)
        tcase_set_tags(tc, TU_THREADS_TAG);
    suite_add_tcase(s, tc);
    tu_cases[tu_ncases++] = (struct tu_case){tu_suite_name, property,
                                             all_cores};
    return tc;
}

TCase *tu_tcase(Suite *s, const char *property)
{
    return tu_tcase_add(s, property, false);
}

TCase *tu_tcase_threads(Suite *s, const char *property)
{
    return tu_tcase_add(s, property, true);
}

int tu_run_all(SRunner *sr)
{
    srunner_run_all(sr, CK_NORMAL);
    return srunner_ntests_failed(sr) == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

int tu_run_suite(Suite *s)
{
    SRunner *sr = srunner_create(s);
    int status = tu_run_all(sr);
    srunner_free(sr);
    return status;
}

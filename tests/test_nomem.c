/*
 * test_nomem.c - allocation failure inside the layer objects: every create
 * is run with the k-th allocation failing, for every k up to the number of
 * allocations it makes, and must return LB_ERR_NO_MEMORY, leave its output
 * pointer untouched and hold no memory afterwards. The library's objects
 * are linked into this program with -Wl,--wrap for the allocator (see
 * tests/meson.build), so only their calls are counted and failed.
 */
#include "testutil.h"

#include <stdbool.h>
#include <string.h>

void *__real_malloc(size_t size);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *p, size_t size);
void __real_free(void *p);

/* The call that fails (1-based; 0: none), the calls so far, and the
 * blocks handed out and not yet freed. */
static long nm_fail_at, nm_calls, nm_live;

static bool nm_fails(void)
{
    return ++nm_calls == nm_fail_at;
}

void *__wrap_malloc(size_t size);
void *__wrap_malloc(size_t size)
{
    void *p = nm_fails() ? NULL : __real_malloc(size);
    nm_live += p != NULL;
    return p;
}

void *__wrap_calloc(size_t n, size_t size);
void *__wrap_calloc(size_t n, size_t size)
{
    void *p = nm_fails() ? NULL : __real_calloc(n, size);
    nm_live += p != NULL;
    return p;
}

void *__wrap_realloc(void *old, size_t size);
void *__wrap_realloc(void *old, size_t size)
{
    if (nm_fails())
        return NULL;
    void *p = __real_realloc(old, size);
    nm_live += old == NULL && p != NULL;
    return p;
}

void __wrap_free(void *p);
void __wrap_free(void *p)
{
    nm_live -= p != NULL;
    __real_free(p);
}

/* One create under test: makes an object into *obj, or destroys it. */
typedef lb_status (*nm_create)(void **obj);
typedef void (*nm_destroy)(void *obj);

/* Fails allocation k = 1, 2, ... until the create makes fewer than k
 * allocations; each failure must be clean. Returns how many allocations
 * the create makes. */
static long nm_sweep(const char *name, nm_create create, nm_destroy destroy)
{
    for (long k = 1;; k++) { /* cases: allocation k fails */
        void *canary = &nm_calls, *obj = canary;
        long live = nm_live;
        nm_calls = 0;
        nm_fail_at = k;
        lb_status st = create(&obj);
        long made = nm_calls, held = nm_live - live;
        nm_fail_at = 0;
        /* Counts are read before any ck_assert: Check's own frees (of
         * blocks libc allocated) pass through the wrapper too. */
        if (made < k) {
            if (st == LB_OK)
                destroy(obj);
            held = nm_live - live;
            ck_assert_msg(st == LB_OK, "%s: %s with no failure", name,
                          lb_status_string(st));
            ck_assert_msg(held == 0, "%s: destroy leaks", name);
            return made;
        }
        ck_assert_msg(st == LB_ERR_NO_MEMORY,
                      "%s, allocation %ld failing: %s", name, k,
                      lb_status_string(st));
        ck_assert_msg(obj == canary, "%s: output written on failure", name);
        ck_assert_msg(held == 0, "%s, allocation %ld failing: %ld "
                      "block(s) leaked", name, k, held);
    }
}

#define LB_DOUBLE 1
#include "test_nomem.inc"
#define LB_DOUBLE 0
#include "test_nomem.inc"

int main(void)
{
    Suite *s = tu_suite("nomem");
    TCase *tc = tu_tcase(s, "errors");
    tcase_add_test(tc, test_nomem_d);
    tcase_add_test(tc, test_nomem_s);
    return tu_run_suite(s);
}

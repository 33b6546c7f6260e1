/*
 * test_save_faults.c - a save that fails or is killed never loses the file
 * it replaces. The library's objects are linked into this program with
 * -Wl,--wrap for the calls a save makes to the system (open, write, fsync,
 * close, rename; see tests/meson.build), so the test can fail the k-th of
 * them, for every k a save makes, or interrupt it; and a child process
 * saving a large model is killed with SIGKILL at random points. Each time
 * the file at the target must be the old one or the new one, whole,
 * loadable and byte for byte, and no temporary may be left by a failure.
 */
#include "testutil.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>

int __real_open(const char *path, int flags, ...);
int __real_open64(const char *path, int flags, ...);
ssize_t __real_write(int fd, const void *buf, size_t n);
int __real_fsync(int fd);
int __real_close(int fd);
int __real_rename(const char *from, const char *to);

/* What the armed call does instead of its work. */
typedef enum sf_mode {
    SF_FAIL,     /* fails: ENOSPC for write, EIO for the others */
    SF_EINTR,    /* a write interrupted before it wrote anything */
    SF_SHORT     /* a write that takes only its first byte */
} sf_mode;

/* The call that misbehaves (1-based; 0: none), the calls so far, the
 * index of the rename among them, and what the armed call does. */
static long sf_arm, sf_calls, sf_rename_at;
static sf_mode sf_how;

static bool sf_fails(void)
{

    return ++sf_calls == sf_arm;
}

/* open, and open64 where large-file builds name it so. */
static int sf_open(int (*real)(const char *, int, ...), const char *path,
                   int flags, va_list ap)
{
    mode_t mode = flags & O_CREAT ? (mode_t)va_arg(ap, int) : 0;
    if (sf_fails() && sf_how == SF_FAIL) {
        errno = EIO;
        return -1;
    }
    return real(path, flags, mode);
}

/* __wrap_open and __wrap_open64, alike. */
#define SF_WRAP_OPEN(name)                                                   \
    int __wrap_##name(const char *path, int flags, ...);                     \
    int __wrap_##name(const char *path, int flags, ...)                      \
    {                                                                        \
        va_list ap;                                                          \
        va_start(ap, flags);                                                 \
        int fd = sf_open(__real_##name, path, flags, ap);                    \
        va_end(ap);                                                          \
        return fd;                                                           \
    }
SF_WRAP_OPEN(open)
SF_WRAP_OPEN(open64)

ssize_t __wrap_write(int fd, const void *buf, size_t n);
ssize_t __wrap_write(int fd, const void *buf, size_t n)
{
    if (!sf_fails())
        return __real_write(fd, buf, n);
    if (sf_how == SF_SHORT)
        return __real_write(fd, buf, n ? 1 : 0);
    errno = sf_how == SF_EINTR ? EINTR : ENOSPC;
    return -1;
}

int __wrap_fsync(int fd);
int __wrap_fsync(int fd)
{
    if (sf_fails() && sf_how == SF_FAIL) {
        errno = EIO;
        return -1;
    }
    return __real_fsync(fd);
}

/* A failing close still releases the descriptor, as Linux's does. */
int __wrap_close(int fd);
int __wrap_close(int fd)
{
    int rc = __real_close(fd);
    if (sf_fails() && sf_how == SF_FAIL) {
        errno = EIO;
        return -1;
    }
    return rc;
}

int __wrap_rename(const char *from, const char *to);
int __wrap_rename(const char *from, const char *to)
{
    bool armed = sf_fails();
    sf_rename_at = sf_calls;
    if (armed && sf_how == SF_FAIL) {
        errno = EIO;
        return -1;
    }
    return __real_rename(from, to);
}

/* A file's bytes. */
typedef struct sf_bytes {
    uint8_t *b;
    size_t n;
} sf_bytes;

static sf_bytes sf_read(const char *path)
{
    sf_bytes f = {NULL, 0};
    FILE *fp = fopen(path, "rb");
    ck_assert_ptr_nonnull(fp);
    ck_assert_int_eq(fseek(fp, 0, SEEK_END), 0);
    f.n = (size_t)ftell(fp);
    rewind(fp);
    f.b = malloc(f.n ? f.n : 1);
    ck_assert_ptr_nonnull(f.b);
    ck_assert_uint_eq(fread(f.b, 1, f.n, fp), f.n);
    fclose(fp);
    return f;
}

static bool sf_same(const char *path, sf_bytes want)
{
    sf_bytes got = sf_read(path);
    bool same = got.n == want.n && memcmp(got.b, want.b, want.n) == 0;
    free(got.b);
    return same;
}

/* A scratch directory and the target's path in it: in memory (tmpfs)
 * where there is one, as a killed process loses what a power cut would
 * not, and the time a save takes then does not hang on a busy disk. */
typedef struct sf_dir {
    char dir[32], path[64];
} sf_dir;

static sf_dir sf_dir_new(void)
{
    sf_dir d;
    strcpy(d.dir, "/dev/shm/lbsave-XXXXXX");
    if (!mkdtemp(d.dir)) {
        strcpy(d.dir, "/tmp/lbsave-XXXXXX");
        ck_assert_ptr_nonnull(mkdtemp(d.dir));
    }
    snprintf(d.path, sizeof d.path, "%s/model.lbnet", d.dir);
    return d;
}

/* The entries of the directory other than the target, removed; their
 * number back. */
static int sf_sweep_temps(const sf_dir *d)
{
    DIR *dp = opendir(d->dir);
    ck_assert_ptr_nonnull(dp);
    int n = 0;
    char p[320];
    for (struct dirent *e; (e = readdir(dp));) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..") ||
            !strcmp(e->d_name, "model.lbnet"))
            continue;
        snprintf(p, sizeof p, "%s/%s", d->dir, e->d_name);
        unlink(p);
        n++;
    }
    closedir(dp);
    return n;
}

static void sf_dir_free(const sf_dir *d)
{
    sf_sweep_temps(d);
    unlink(d->path);
    ck_assert_int_eq(rmdir(d->dir), 0);
}

/* A network n_in -> hidden -> 10 with weights from seed. */
static lb_net_d *sf_net(size_t n_in, size_t hidden, uint64_t seed)
{
    lb_net_d *net;
    ck_assert_int_eq(lb_net_create_d(n_in, 1, &net), LB_OK);
    ck_assert_int_eq(lb_net_add_affine_d(net, hidden), LB_OK);
    ck_assert_int_eq(lb_net_add_relu_d(net), LB_OK);
    ck_assert_int_eq(lb_net_add_affine_d(net, 10), LB_OK);
    ck_assert_int_eq(lb_net_init_d(net, LB_INIT_HE_UNIFORM, seed), LB_OK);
    return net;
}

/* Saves net to path with the k-th system call misbehaving as `how`. */
static lb_status sf_save_armed(lb_net_d *net, const char *path, long k,
                               sf_mode how)
{
    sf_calls = 0;
    sf_arm = k;
    sf_how = how;
    lb_status st = lb_net_save_d(net, path);
    sf_arm = 0;
    return st;
}

/* The file at path is `want`, loads, and is alone in its directory. */
static bool sf_intact(const sf_dir *d, sf_bytes want)
{
    lb_net_d *back = NULL;
    bool ok = sf_same(d->path, want) &&
              lb_net_load_d(d->path, 1, &back) == LB_OK &&
              sf_sweep_temps(d) == 0;
    lb_net_destroy_d(back);
    return ok;
}

/* A scratch directory, an old and a new network of n_in -> hidden -> 10,
 * and the bytes of each saved; the old one's file is at the target. */
typedef struct sf_case {
    sf_dir d;
    lb_net_d *old, *new;
    sf_bytes b_old, b_new;
} sf_case;

static sf_case sf_case_new(size_t n_in, size_t hidden, uint64_t seed)
{
    sf_case c = {sf_dir_new(), sf_net(n_in, hidden, seed),
                 sf_net(n_in, hidden, seed + 1), {NULL, 0}, {NULL, 0}};
    lb_net_d *back = NULL;
    ck_assert_int_eq(lb_net_save_d(c.new, c.d.path), LB_OK);
    c.b_new = sf_read(c.d.path);
    ck_assert_int_eq(lb_net_save_d(c.old, c.d.path), LB_OK);
    c.b_old = sf_read(c.d.path);
    ck_assert_int_eq(lb_net_load_d(c.d.path, 1, &back), LB_OK);
    lb_net_destroy_d(back);
    return c;
}

static void sf_case_free(sf_case *c)
{
    free(c->b_old.b);
    free(c->b_new.b);
    lb_net_destroy_d(c->old);
    lb_net_destroy_d(c->new);
    sf_dir_free(&c->d);
}

/* Every system call of a save fails in turn: up to the rename the old
 * file stays as it was, after it (syncing the directory) the new one is
 * in place; the save says LB_ERR_IO either way. Every write interrupted
 * (EINTR) or cut short in turn: the save completes. About 60 KB of
 * parameters, so the data go out in several writes. */
START_TEST(test_save_every_call_fails)
{
    sf_case c = sf_case_new(100, 64, 1);
    const sf_dir d = c.d;
    lb_net_d *old = c.old, *new = c.new;
    ck_assert_int_eq(sf_save_armed(new, d.path, 0, SF_FAIL), LB_OK);
    long calls = sf_calls, rename_at = sf_rename_at, bad = 0, checked = 0;
    ck_assert_int_ge(calls, 8);
    for (long k = 1; k <= calls; k++) { /* cases: each call of a save */
        ck_assert_int_eq(lb_net_save_d(old, d.path), LB_OK);
        for (sf_mode how = SF_FAIL; how <= SF_SHORT; how++) { /* cases: modes */
            lb_status st = sf_save_armed(new, d.path, k, how);
            bool failed = how == SF_FAIL;
            bool want_new = !failed || k > rename_at;
            bad += st != (failed ? LB_ERR_IO : LB_OK) ||
                   !sf_intact(&d, want_new ? c.b_new : c.b_old);
            checked++;
            if (want_new)
                ck_assert_int_eq(lb_net_save_d(old, d.path), LB_OK);
        }
    }
    printf("save faults: %ld system calls per save, %ld faulty saves, "
           "%ld files checked, %ld wrong\n", calls, 3 * calls, checked, bad);
    ck_assert_msg(bad == 0, "%ld of %ld faulty saves lost or changed the "
                  "file", bad, checked);
    sf_case_free(&c);
}
END_TEST

static double sf_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* Forks a child that saves net to path, and kills it with SIGKILL after
 * `delay` seconds from its start. */
static void sf_kill_during_save(lb_net_d *net, const char *path,
                                double delay)
{
    int sync[2];
    char go;
    ck_assert_int_eq(pipe(sync), 0);
    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        __real_close(sync[0]);
        (void)!__real_write(sync[1], "g", 1);
        lb_net_save_d(net, path);
        _exit(0);
    }
    __real_close(sync[1]);
    ck_assert_int_eq(read(sync[0], &go, 1), 1);
    __real_close(sync[0]);
    struct timespec ts = {0, (long)(delay * 1e9)};
    nanosleep(&ts, NULL);
    kill(pid, SIGKILL);
    int status;
    ck_assert_int_eq(waitpid(pid, &status, 0), pid);
}

/* A child saving a 1 MB model is killed at a random point of the save,
 * 100 times: the file is always the old or the new one, byte for byte
 * (both load). How many kills landed before the rename (the old file) is
 * reported; a killed
 * save may leave its temporary, which is counted and removed. The
 * points are drawn over the time the quickest of 3 saves takes here, so
 * most land in a save; the verdict does not depend on where they land. */
START_TEST(test_save_killed)
{
    enum { KILLS = 100 };
    sf_case c = sf_case_new(512, 256, 3);
    const sf_dir d = c.d;
    const sf_bytes b_old = c.b_old, b_new = c.b_new;
    double one = INFINITY; /* the quickest of 3 saves */
    lb_status st = LB_OK;
    for (int i = 0; i < 3; i++) {
        double t0 = sf_now();
        st = st != LB_OK ? st : lb_net_save_d(c.old, d.path);
        one = fmin(one, sf_now() - t0);
    }
    ck_assert_int_eq(st, LB_OK);
    tu_rng r = {16};
    int kept_old = 0, got_new = 0, temps = 0, bad = 0;
    for (int i = 0; i < KILLS; i++) { /* cases: one kill each */
        sf_kill_during_save(c.new, d.path, tu_unif(&r, 0, one));
        sf_bytes got = sf_read(d.path);
        bool is_old = got.n == b_old.n && !memcmp(got.b, b_old.b, got.n);
        bool is_new = got.n == b_new.n && !memcmp(got.b, b_new.b, got.n);
        free(got.b);
        bad += !(is_old || is_new); /* either loads: checked above */
        kept_old += is_old;
        got_new += is_new;
        temps += sf_sweep_temps(&d);
        if (is_new)
            ck_assert_int_eq(lb_net_save_d(c.old, d.path), LB_OK);
    }
    printf("save killed: %d saves of %zu bytes killed, %d files checked: "
           "%d interrupted (old file intact), %d completed, %d temporaries "
           "left, %d wrong\n", KILLS, b_old.n, KILLS, kept_old, got_new,
           temps, bad);
    ck_assert_msg(bad == 0, "%d of %d killed saves lost the file", bad,
                  KILLS);
    sf_case_free(&c);
}
END_TEST

int main(void)
{
    Suite *s = tu_suite("save_faults");
    tcase_add_test(tu_tcase(s, "errors"), test_save_every_call_fails);
    tcase_add_test(tu_tcase(s, "kills"), test_save_killed);
    SRunner *sr = srunner_create(s);
    int status = tu_run_all(sr);
    srunner_free(sr);
    return status;
}

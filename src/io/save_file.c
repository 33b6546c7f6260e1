/*
 * save_file.c - writing a file so that a crash never loses it: the bytes
 * go to a new temporary beside the target, which is flushed to disk and
 * only then renamed over the target, and the directory is synced so the
 * rename lasts. Until the rename the old file is untouched; a failure
 * removes the temporary. Used by the model and checkpoint writers.
 */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif

#include "save_file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* A name for the temporary: path.tmp-XXXXXXXX, the suffix from the time,
 * the process and the attempt, so that concurrent savers of one target do
 * not collide (O_EXCL rejects a collision anyway). */
static void lb_save_name(char *tmp, size_t cap, const char *path,
                         unsigned attempt)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    uint64_t x = (uint64_t)ts.tv_nsec ^ ((uint64_t)ts.tv_sec << 30) ^
                 ((uint64_t)getpid() << 16) ^ attempt;
    x = (x ^ (x >> 31)) * 0x9e3779b97f4a7c15ull;
    snprintf(tmp, cap, "%s.tmp-%08x", path, (unsigned)(x >> 32));
}

lb_status lb_save_open(lb_save_file *s, const char *path)
{
    size_t cap = strlen(path) + 16;
    s->path = path;
    s->used = 0;
    s->failed = false;
    s->tmp = malloc(cap);
    if (!s->tmp)
        return LB_ERR_NO_MEMORY;
    s->fd = -1;
    for (unsigned attempt = 0; s->fd < 0 && attempt < 64; attempt++) {
        lb_save_name(s->tmp, cap, path, attempt);
        s->fd = open(s->tmp, O_WRONLY | O_CREAT | O_EXCL, 0666);
        if (s->fd < 0 && errno != EEXIST)
            break;
    }
    if (s->fd < 0) {
        free(s->tmp);
        return LB_ERR_IO;
    }
    return LB_OK;
}

/* Writes the buffer out, through short writes and interrupts. */
static void lb_save_flush(lb_save_file *s)
{
    for (size_t done = 0; !s->failed && done < s->used;) {
        ssize_t k = write(s->fd, s->buf + done, s->used - done);
        if (k > 0)
            done += (size_t)k;
        else if (k == 0 || errno != EINTR)
            s->failed = true;
    }
    s->used = 0;
}

void lb_save_write(lb_save_file *s, const void *bytes, size_t n)
{
    const uint8_t *p = bytes;
    while (n && !s->failed) {
        size_t k = sizeof s->buf - s->used < n ? sizeof s->buf - s->used : n;
        memcpy(s->buf + s->used, p, k);
        s->used += k;
        p += k;
        n -= k;
        if (s->used == sizeof s->buf)
            lb_save_flush(s);
    }
}

/* Syncs the directory holding path, so that the rename survives a power
 * cut (a file system that cannot sync a directory says EINVAL: nothing to
 * do there). */
static int lb_save_sync_dir(const char *path)
{
    const char *slash = strrchr(path, '/');
    size_t len = slash ? (slash == path ? 1 : (size_t)(slash - path)) : 1;
    char *dir = malloc(len + 1);
    if (!dir)
        return -1;
    memcpy(dir, slash ? path : ".", len);
    dir[len] = '\0';
    int fd = open(dir, O_RDONLY), rc = -1;
    free(dir);
    if (fd >= 0) {
        rc = fsync(fd) == 0 || errno == EINVAL ? 0 : -1;
        rc |= close(fd);
    }
    return rc;
}

lb_status lb_save_commit(lb_save_file *s)
{
    lb_save_flush(s);
    bool ok = !s->failed && fsync(s->fd) == 0;
    ok = close(s->fd) == 0 && ok;
    ok = ok && rename(s->tmp, s->path) == 0;
    if (!ok)
        unlink(s->tmp);
    free(s->tmp);
    if (!ok)
        return LB_ERR_IO;
    return lb_save_sync_dir(s->path) == 0 ? LB_OK : LB_ERR_IO;
}

/*
 * save_file.h - a file written in place of another only once it is
 * complete and on disk (save_file.c): the model and checkpoint writers go
 * through it, so a crash or a full disk during a save keeps the old file.
 */
#ifndef LB_SAVE_FILE_H
#define LB_SAVE_FILE_H

#include "internal.h"

/* A save in progress: the temporary beside the target, a write buffer, and
 * whether any write failed (the rest are then skipped). */
typedef struct lb_save_file {
    int fd;
    char *tmp;
    const char *path;
    bool failed;
    size_t used;
    uint8_t buf[1 << 14];
} lb_save_file;

/* Creates the temporary for `path`: LB_OK, LB_ERR_IO, LB_ERR_NO_MEMORY. */
lb_status lb_save_open(lb_save_file *s, const char *path);
/* Appends bytes; a failure shows at commit. */
void lb_save_write(lb_save_file *s, const void *bytes, size_t n);
/* Flushes, syncs and closes the temporary and renames it over the target,
 * then syncs the directory. Any failure up to the rename removes the
 * temporary and leaves the target as it was (LB_ERR_IO); a directory that
 * cannot be synced after it is LB_ERR_IO with the new file in place. */
lb_status lb_save_commit(lb_save_file *s);

#endif /* LB_SAVE_FILE_H */

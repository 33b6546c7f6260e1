/*
 * replay.c - runs the fuzz target (fuzz_api.c) over stored inputs, for
 * builds without libFuzzer: each argument is a file, or a directory whose
 * files are all run. `meson test` replays tests/fuzz/corpus/ this way, so
 * every input the fuzzer once kept, crashes included, stays a test.
 */
#include <dirent.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The input being run, named when the target aborts on it. */
static const char *replay_current;

static void replay_on_abort(int sig)
{
    static const char msg[] = "replay: failing input: ";
    if (replay_current) {
        (void)!write(STDERR_FILENO, msg, sizeof msg - 1);
        (void)!write(STDERR_FILENO, replay_current, strlen(replay_current));
        (void)!write(STDERR_FILENO, "\n", 1);
    }
    signal(sig, SIG_DFL);
    raise(sig);
}

/* Runs one file; returns 0, or 1 if it cannot be read. */
static int replay_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "replay: cannot open %s\n", path);
        return 1;
    }
    uint8_t *buf = NULL;
    size_t len = 0, cap = 0, got;
    do {
        if (len == cap) {
            cap = cap ? 2 * cap : 4096;
            uint8_t *nb = realloc(buf, cap);
            if (!nb) {
                free(buf);
                fclose(f);
                return 1;
            }
            buf = nb;
        }
        got = fread(buf + len, 1, cap - len, f);
        len += got;
    } while (got > 0);
    fclose(f);
    replay_current = path;
    LLVMFuzzerTestOneInput(buf, len);
    replay_current = NULL;
    free(buf);
    return 0;
}

/* Runs a file or every regular file of a directory; counts the runs. */
static int replay_path(const char *path, size_t *runs)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        fprintf(stderr, "replay: no such file %s\n", path);
        return 1;
    }
    if (!S_ISDIR(st.st_mode)) {
        ++*runs;
        return replay_file(path);
    }
    DIR *d = opendir(path);
    if (!d)
        return 1;
    int bad = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        size_t n = strlen(path) + strlen(e->d_name) + 2;
        char *full = malloc(n);
        if (!full) {
            bad = 1;
            break;
        }
        snprintf(full, n, "%s/%s", path, e->d_name);
        bad |= replay_path(full, runs);
        free(full);
    }
    closedir(d);
    return bad;
}

int main(int argc, char **argv)
{
    size_t runs = 0;
    int bad = 0;
    signal(SIGABRT, replay_on_abort);
    for (int i = 1; i < argc; i++)
        bad |= replay_path(argv[i], &runs);
    printf("replayed %zu inputs\n", runs);
    return bad || runs == 0 ? EXIT_FAILURE : EXIT_SUCCESS;
}
